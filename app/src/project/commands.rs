//! Writing a project's facts: name, period, goals, description, partners, and
//! the same of its sub-projects. A period that would leave planned or actual
//! marks outside it is refused with the cells listed.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::access::Action;
use crate::domain::{GoalKind, HalfYear, Period, RecordKind, Role};
use crate::domain::{Saved, VersionOnly};
use crate::edit::{self, ArchiveTarget, Edit, Writer, archive_by_key};
use crate::entities::{activity, goal, partner, plan_cell, progress_cell, project, sub_project};
use crate::error::AppError;
use crate::history::{now, update_if_unchanged};

use super::inputs::*;

fn ordered(field: &str, period: &Period) -> Result<(), AppError> {
    if period.end < period.start {
        return Err(AppError::invalid(
            field,
            format!("ends {} before it starts {}", period.end, period.start),
        ));
    }
    Ok(())
}

/// Cells with marks (planned or actual) of the given activities that a plan
/// over `period` would leave outside, as `activity-key@2009-H1`.
async fn cells_outside(
    edit: &Edit,
    activities: &[activity::Model],
    period: &Period,
) -> Result<Vec<String>, AppError> {
    let columns: HashSet<HalfYear> = period.half_years().into_iter().collect();
    let key_of: HashMap<i32, &str> = activities.iter().map(|a| (a.id, a.key.as_str())).collect();
    let ids: Vec<i32> = activities.iter().map(|a| a.id).collect();
    let planned = plan_cell::Entity::find()
        .filter(plan_cell::Column::ActivityId.is_in(ids.clone()))
        .filter(plan_cell::Column::Marks.gt(0))
        .all(&edit.txn)
        .await?
        .into_iter()
        .map(|c| (c.activity_id, c.year, c.half));
    let actual = progress_cell::Entity::find()
        .filter(progress_cell::Column::ActivityId.is_in(ids))
        .all(&edit.txn)
        .await?
        .into_iter()
        .map(|c| (c.activity_id, c.year, c.half));
    let mut outside: Vec<String> = planned
        .chain(actual)
        .filter_map(|(id, year, half)| {
            let h = HalfYear::new(year, u8::try_from(half).ok()?).ok()?;
            (!columns.contains(&h))
                .then(|| format!("{}@{h}", key_of.get(&id).copied().unwrap_or("?")))
        })
        .collect();
    outside.sort();
    outside.dedup();
    Ok(outside)
}

fn refuse_outside(field: &str, outside: Vec<String>) -> Result<(), AppError> {
    if outside.is_empty() {
        return Ok(());
    }
    Err(AppError::invalid(
        field,
        format!(
            "would leave marks outside the plan's period: {}; clear them first",
            outside.join(", ")
        ),
    ))
}

/// Makes the stored goals of one owner and kind the given texts, in order:
/// changed texts are updated, new ones added, those beyond the list archived.
async fn set_goals(
    edit: &mut Edit,
    owner: Option<&sub_project::Model>,
    kind: GoalKind,
    texts: &[String],
    field: &str,
) -> Result<(), AppError> {
    let texts = texts
        .iter()
        .enumerate()
        .map(|(i, t)| edit::text(&format!("{field}[{i}]"), t, true))
        .collect::<Result<Vec<_>, _>>()?;
    let owner_id = owner.map(|s| s.id);
    let mut stored: Vec<goal::Model> = goal::Entity::find()
        .filter(goal::Column::ProjectId.eq(edit.project_id()))
        .filter(goal::Column::Kind.eq(kind.code()))
        .all(&edit.txn)
        .await?;
    stored.retain(|g| g.sub_project_id == owner_id);
    stored.sort_by_key(|g| (g.position, g.id));
    let at = now();
    for (position, text) in texts.iter().enumerate() {
        let position_i32 = i32::try_from(position).unwrap_or(i32::MAX);
        let key = {
            let kind = if kind == GoalKind::SubGoal {
                "sub-goal"
            } else {
                "goal"
            };
            match owner {
                Some(s) => format!("{}/{kind}-{}", s.key, position + 1),
                None => format!("{kind}-{}", position + 1),
            }
        };
        match stored.iter().find(|g| g.key == key) {
            Some(old) => {
                let new = goal::Model {
                    text: text.clone(),
                    position: position_i32,
                    archived_at: None,
                    version: old.version + 1,
                    ..old.clone()
                };
                if *old
                    != (goal::Model {
                        version: old.version,
                        ..new.clone()
                    })
                {
                    update_if_unchanged::<goal::Entity>(&edit.txn, old, new.clone()).await?;
                    edit.record(owner_id, Some(old), &new).await?;
                }
            }
            None => {
                // The key is free: the stored goals of this owner and kind
                // hold every key of its form.
                let project_id = edit.project_id();
                edit.insert_new::<goal::Entity>(
                    |g| g.sub_project_id,
                    &key,
                    |key| goal::Model {
                        id: 0,
                        project_id,
                        sub_project_id: owner_id,
                        key,
                        kind: kind.code().to_owned(),
                        position: position_i32,
                        text: text.clone(),
                        version: 1,
                        archived_at: None,
                    },
                )
                .await?;
            }
        }
    }
    for old in stored.iter().filter(|g| {
        g.position >= i32::try_from(texts.len()).unwrap_or(i32::MAX) && g.archived_at.is_none()
    }) {
        let new = goal::Model {
            archived_at: Some(at),
            version: old.version + 1,
            ..old.clone()
        };
        update_if_unchanged::<goal::Entity>(&edit.txn, old, new.clone()).await?;
        edit.record(owner_id, Some(old), &new).await?;
    }
    Ok(())
}

/// A project's key as its addresses show it (`domain::project_key_problem`).
pub fn project_key(field: &str, value: &str) -> Result<String, AppError> {
    let key = value.trim();
    match crate::domain::project_key_problem(key) {
        Some(problem) => Err(AppError::invalid(field, problem)),
        None => Ok(key.to_owned()),
    }
}

/// Creates a project, as one edit that is the first of its history; whoever
/// creates it (an administrator) becomes its leader.
pub async fn create_project(
    db: &DatabaseConnection,
    writer: &Writer,
    input: NewProject,
) -> Result<Saved, AppError> {
    let key = project_key("key", &input.key)?;
    let name = edit::name("name", &input.name)?;
    let programme = edit::text("funding_programme", &input.funding_programme, false)?;
    bounded_period("period", &input.period)?;
    let new = project::Model {
        id: 0,
        key,
        name,
        funding_programme: programme,
        period_start: input.period.start,
        period_end: input.period.end,
        description: String::new(),
        target_group: String::new(),
        website: String::new(),
        public: input.public,
        archived_at: None,
        version: 1,
    };
    let summary = format!("Created the project “{}”", new.name);
    let mut edit = Edit::begin_project(db, writer, new, &summary).await?;
    if let Some(user) = &writer.caller.user {
        crate::members::commands::give_role_to(&mut edit, user.id, Role::Leader).await?;
    }
    let created = edit.project.clone();
    edit.finish(&created).await
}

/// A period that ends after it starts and lasts at most
/// [`Period::MAX_YEARS`] years.
fn bounded_period(field: &str, period: &Period) -> Result<(), AppError> {
    ordered(field, period)?;
    if !period.is_bounded() {
        return Err(AppError::invalid(
            field,
            format!("must not be longer than {} years", Period::MAX_YEARS),
        ));
    }
    Ok(())
}

/// Makes the project public (readable by anyone) or private (its members
/// and share links); its leaders only. Every process answers its readers
/// by the new setting from the next request on (`history::watch`).
pub async fn set_visibility(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    input: Visibility,
) -> Result<Saved, AppError> {
    let summary = if input.public {
        "Made the project public"
    } else {
        "Made the project private"
    };
    let mut edit = Edit::begin(db, writer, project_key, Action::SetVisibility, summary).await?;
    let old = edit.project.clone();
    let new = project::Model {
        public: input.public,
        ..old.clone()
    };
    let new = edit
        .update::<project::Entity>("the project", None, &old, input.version, new)
        .await?;
    edit.finish(&new).await
}

/// Archives a finished project (`archived`) or restores it; administrators
/// only. An archived project leaves the project list of everyone but its
/// members and the administrators, and stays readable as before.
pub async fn set_project_archived(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    crate::access::must_administer(&writer.caller)?;
    let summary = if archived {
        "Archived the project"
    } else {
        "Restored the project"
    };
    let mut edit = Edit::begin(db, writer, project_key, Action::ArchiveProject, summary).await?;
    let old = edit.project.clone();
    if old.archived_at.is_some() == archived {
        return Err(AppError::invalid(
            "archived",
            if archived {
                "the project is archived already"
            } else {
                "the project is not archived"
            },
        ));
    }
    let new = project::Model {
        archived_at: archived.then(|| edit.at()),
        ..old.clone()
    };
    let new = edit
        .update::<project::Entity>("the project", None, &old, input.version, new)
        .await?;
    edit.finish(&new).await
}

pub async fn save_project_facts(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    input: ProjectFacts,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    let programme = edit::name("funding_programme", &input.funding_programme)?;
    bounded_period("period", &input.period)?;
    let description = edit::text("description", &input.description, false)?;
    let target_group = edit::text("target_group", &input.target_group, false)?;
    let website = edit::text("website", &input.website, false)?;
    if !website.is_empty() && !crate::domain::is_web_address(&website) {
        return Err(AppError::invalid(
            "website",
            "must be a web address starting with http:// or https://",
        ));
    }
    let mut edit = Edit::begin(
        db,
        writer,
        project_key,
        Action::EditFacts,
        "Changed the project's facts",
    )
    .await?;
    let old = edit.project.clone();
    if old.version != input.version {
        return Err(edit
            .conflict("the project", RecordKind::Project, &old.key)
            .await);
    }
    let activities: Vec<activity::Model> = activity::Entity::find()
        .filter(activity::Column::ProjectId.eq(old.id))
        .filter(activity::Column::SubProjectId.is_null())
        .all(&edit.txn)
        .await?;
    refuse_outside(
        "period",
        cells_outside(&edit, &activities, &input.period).await?,
    )?;
    let outside_subs: Vec<String> = sub_project::Entity::find()
        .filter(sub_project::Column::ProjectId.eq(old.id))
        .all(&edit.txn)
        .await?
        .into_iter()
        .filter(|s| s.archived_at.is_none())
        .filter(|s| s.period_start < input.period.start || s.period_end > input.period.end)
        .map(|s| s.key)
        .collect();
    if !outside_subs.is_empty() {
        return Err(AppError::invalid(
            "period",
            format!(
                "would leave sub-projects outside it: {}",
                outside_subs.join(", ")
            ),
        ));
    }
    let new = project::Model {
        name,
        funding_programme: programme,
        period_start: input.period.start,
        period_end: input.period.end,
        description,
        target_group,
        website,
        ..old.clone()
    };
    let new = edit
        .update::<project::Entity>("the project", None, &old, input.version, new)
        .await?;
    set_goals(&mut edit, None, GoalKind::Goal, &input.goals, "goals").await?;
    set_goals(
        &mut edit,
        None,
        GoalKind::SubGoal,
        &input.sub_goals,
        "sub_goals",
    )
    .await?;
    edit.finish(&new).await
}

pub async fn save_sub_project_facts(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    key: &str,
    input: SubProjectFacts,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    ordered("period", &input.period)?;
    let description = edit::text("description", &input.description, false)?;
    let target_group = edit::text("target_group", &input.target_group, false)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project_key,
        Action::EditFacts,
        "Changed a sub-project's facts",
    )
    .await?;
    if input.period.start < edit.project.period_start || input.period.end > edit.project.period_end
    {
        return Err(AppError::invalid(
            "period",
            "lies outside the project's period",
        ));
    }
    let old = edit
        .find_by_key::<sub_project::Entity>("sub-project", key)
        .await?;
    if old.version != input.version {
        return Err(edit
            .conflict("the sub-project", RecordKind::SubProject, key)
            .await);
    }
    let lead_partner_id = match &input.lead_partner {
        None => None,
        Some(partner_key) => Some(
            edit.find_named::<partner::Entity>("lead_partner", "partner", partner_key)
                .await?
                .id,
        ),
    };
    let activities: Vec<activity::Model> = activity::Entity::find()
        .filter(activity::Column::ProjectId.eq(edit.project_id()))
        .filter(activity::Column::SubProjectId.eq(old.id))
        .all(&edit.txn)
        .await?;
    refuse_outside(
        "period",
        cells_outside(&edit, &activities, &input.period).await?,
    )?;
    let new = sub_project::Model {
        name,
        kind: input.kind.code().to_owned(),
        lead_partner_id,
        period_start: input.period.start,
        period_end: input.period.end,
        description,
        target_group,
        ..old.clone()
    };
    let new = edit
        .update::<sub_project::Entity>("the sub-project", Some(old.id), &old, input.version, new)
        .await?;
    set_goals(&mut edit, Some(&new), GoalKind::Goal, &input.goals, "goals").await?;
    set_goals(
        &mut edit,
        Some(&new),
        GoalKind::SubGoal,
        &input.sub_goals,
        "sub_goals",
    )
    .await?;
    edit.finish(&new).await
}

/// Adds a partner (`key` none) or changes one.
pub async fn save_partner(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    key: Option<&str>,
    input: PartnerInput,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    let description = edit::text("description", &input.description, false)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project_key,
        Action::EditFacts,
        &format!("Saved the partner “{name}”"),
    )
    .await?;
    let all = partner::Entity::find()
        .filter(partner::Column::ProjectId.eq(edit.project_id()))
        .all(&edit.txn)
        .await?;
    let saved = match key {
        Some(key) => {
            let old = all
                .iter()
                .find(|p| p.key == key)
                .ok_or_else(|| AppError::not_found("partner", key))?;
            let new = partner::Model {
                name,
                country: input.country.code().to_owned(),
                description,
                ..old.clone()
            };
            edit.update::<partner::Entity>("the partner", None, old, input.version, new)
                .await?
        }
        None => {
            let project_id = edit.project_id();
            let position = all.iter().map(|p| p.position + 1).max().unwrap_or(0);
            edit.insert_new::<partner::Entity>(
                |_| None,
                &edit::slug(&name),
                |key| partner::Model {
                    id: 0,
                    project_id,
                    key,
                    name,
                    country: input.country.code().to_owned(),
                    description,
                    position,
                    version: 1,
                    archived_at: None,
                },
            )
            .await?
        }
    };
    edit.finish(&saved).await
}

/// Archives a partner or restores it.
pub async fn set_partner_archived(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    key: &str,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let target = ArchiveTarget {
        what: "partner",
        key,
        scope: |_: &partner::Model| None,
    };
    archive_by_key::<partner::Entity>(
        db,
        writer,
        project_key,
        Action::EditFacts,
        target,
        archived,
        input.version,
    )
    .await
}
