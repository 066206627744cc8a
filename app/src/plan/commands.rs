//! Every write of the progress plans: activities (add, rename, move, archive,
//! restore), planned marks, actual progress. Called by the server functions
//! of the pages and by the JSON API alike; each validates, asks `access`, and
//! writes the change with its history in one transaction.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
};

use crate::access::Action;
use crate::domain::{HalfYear, MAX_MARKS, Period, RecordKind};
use crate::edit::{self, Edit, Writer};
use crate::entities::{activity, plan_cell, progress_cell, sub_project};
use crate::error::AppError;
use crate::history::{now, same_data, update_if_unchanged};

use super::inputs::*;

fn marks(field: &str, value: i64) -> Result<i16, AppError> {
    if (0..=i64::from(MAX_MARKS)).contains(&value) {
        Ok(i16::try_from(value).unwrap_or(0))
    } else {
        Err(AppError::invalid(
            field,
            format!("{value} marks; a half-year holds 0 to {MAX_MARKS}"),
        ))
    }
}

async fn find_activity(edit: &Edit, key: &str) -> Result<activity::Model, AppError> {
    edit.find_by_key::<activity::Entity>("activity", key).await
}

async fn find_sub_project(edit: &Edit, key: &str) -> Result<sub_project::Model, AppError> {
    edit.find_named::<sub_project::Entity>("sub_project", "sub-project", key)
        .await
}

/// The period an activity's plan covers: its sub-project's, or the project's.
async fn plan_period(edit: &Edit, activity: &activity::Model) -> Result<Period, AppError> {
    match activity.sub_project_id {
        None => Ok(Period {
            start: edit.project.period_start,
            end: edit.project.period_end,
        }),
        Some(id) => {
            let sub = sub_project::Entity::find_by_id(id)
                .one(&edit.txn)
                .await?
                .ok_or(AppError::Database)?;
            Ok(Period {
                start: sub.period_start,
                end: sub.period_end,
            })
        }
    }
}

/// A half-year of the activity's plan.
async fn column(edit: &Edit, activity: &activity::Model, text: &str) -> Result<HalfYear, AppError> {
    let half_year: HalfYear = text
        .parse()
        .map_err(|e: crate::domain::HalfYearError| AppError::invalid("half_year", e.to_string()))?;
    let period = plan_period(edit, activity).await?;
    if !period.half_years().contains(&half_year) {
        return Err(AppError::invalid(
            "half_year",
            format!(
                "{half_year} lies outside the plan's period {} – {}",
                period.start, period.end
            ),
        ));
    }
    Ok(half_year)
}

/// Saves a changed activity if nobody changed it since `expected`, and
/// records it.
async fn save_activity(
    edit: &mut Edit,
    old: &activity::Model,
    expected: i32,
    new: activity::Model,
) -> Result<activity::Model, AppError> {
    edit.update::<activity::Entity>("the activity", old.sub_project_id, old, expected, new)
        .await
}

pub async fn add_activity(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    input: NewActivity,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::EditPlan,
        &format!("Added activity “{name}”"),
    )
    .await?;
    let sub = match &input.sub_project {
        Some(key) => Some(find_sub_project(&edit, key).await?),
        None => None,
    };
    let all = activity::Entity::find()
        .filter(activity::Column::ProjectId.eq(edit.project_id()))
        .all(&edit.txn)
        .await?;
    let sub_id = sub.as_ref().map(|s| s.id);
    let base = match &sub {
        Some(s) => format!("{}-{}", s.key, edit::slug(&name)),
        None => edit::slug(&name),
    };
    let position = all
        .iter()
        .filter(|a| a.sub_project_id == sub_id)
        .map(|a| a.position + 1)
        .max()
        .unwrap_or(0);
    let project_id = edit.project_id();
    let created = edit
        .insert_new::<activity::Entity>(
            |a| a.sub_project_id,
            &base,
            |key| activity::Model {
                id: 0,
                project_id,
                sub_project_id: sub_id,
                key,
                name,
                position,
                status: "not_started".to_owned(),
                percent_complete: 0,
                actual_start: None,
                actual_end: None,
                version: 1,
                archived_at: None,
            },
        )
        .await?;
    edit.finish(&created).await
}

pub async fn rename_activity(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    input: NewName,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::EditPlan,
        &format!("Renamed activity to “{name}”"),
    )
    .await?;
    let old = find_activity(&edit, key).await?;
    let new = activity::Model {
        name,
        ..old.clone()
    };
    let new = save_activity(&mut edit, &old, input.version, new).await?;
    edit.finish(&new).await
}

/// Archiving hides an activity from the plan; restoring brings it back.
/// Nothing is deleted: its cells and history stay.
pub async fn set_archived(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let summary = if archived {
        "Archived an activity"
    } else {
        "Restored an activity"
    };
    let mut edit = Edit::begin(db, writer, project, Action::EditPlan, summary).await?;
    let old = find_activity(&edit, key).await?;
    let new = activity::Model {
        archived_at: if archived { Some(now()) } else { None },
        ..old.clone()
    };
    if old.archived_at.is_some() == archived {
        return Err(AppError::invalid(
            "archived",
            if archived {
                "the activity is already archived"
            } else {
                "the activity is not archived"
            },
        ));
    }
    let new = save_activity(&mut edit, &old, input.version, new).await?;
    edit.finish(&new).await
}

/// Moves an activity one place up or down among the live activities of its plan.
pub async fn move_activity(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    input: Movement,
) -> Result<Saved, AppError> {
    let mut edit = Edit::begin(db, writer, project, Action::EditPlan, "Reordered the plan").await?;
    let old = find_activity(&edit, key).await?;
    let mut siblings = activity::Entity::find()
        .filter(activity::Column::ProjectId.eq(edit.project_id()))
        .all(&edit.txn)
        .await?;
    siblings.retain(|a| a.sub_project_id == old.sub_project_id && a.archived_at.is_none());
    siblings.sort_by_key(|a| (a.position, a.id));
    let index = siblings
        .iter()
        .position(|a| a.id == old.id)
        .ok_or_else(|| {
            AppError::invalid("activity", "an archived activity has no place in the plan")
        })?;
    let neighbour = match input.direction {
        Direction::Up => index.checked_sub(1),
        Direction::Down => Some(index + 1).filter(|i| *i < siblings.len()),
    }
    .and_then(|i| siblings.get(i).cloned())
    .ok_or_else(|| {
        AppError::invalid(
            "direction",
            "the activity is already at that end of the plan",
        )
    })?;
    // Swap places; equal positions (from old data) still end up ordered.
    let (mine, theirs) = if neighbour.position == old.position {
        match input.direction {
            Direction::Up => (old.position - 1, old.position),
            Direction::Down => (old.position + 1, old.position),
        }
    } else {
        (neighbour.position, old.position)
    };
    let moved = save_activity(
        &mut edit,
        &old,
        input.version,
        activity::Model {
            position: mine,
            ..old.clone()
        },
    )
    .await?;
    let version = neighbour.version;
    save_activity(
        &mut edit,
        &neighbour,
        version,
        activity::Model {
            position: theirs,
            ..neighbour.clone()
        },
    )
    .await?;
    edit.finish(&moved).await
}

pub async fn set_planned_marks(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    input: PlannedMarks,
) -> Result<Saved, AppError> {
    let value = marks("marks", input.marks)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::EditPlan,
        "Changed planned marks",
    )
    .await?;
    let activity = find_activity(&edit, key).await?;
    let half_year = column(&edit, &activity, &input.half_year).await?;
    let cell_key = format!("{}@{half_year}", activity.id);
    let old =
        plan_cell::Entity::find_by_id((activity.id, half_year.year(), i16::from(half_year.half())))
            .one(&edit.txn)
            .await?;
    let stale = || async { edit_conflict(&edit, &cell_key).await };
    let new = match &old {
        None if input.version != 0 => return Err(stale().await),
        Some(old) if old.version != input.version => return Err(stale().await),
        None => {
            let new = plan_cell::Model {
                project_id: edit.project_id(),
                activity_id: activity.id,
                year: half_year.year(),
                half: i16::from(half_year.half()),
                marks: value,
                version: 1,
            };
            // A concurrent first write of the same cell fails on its key.
            if plan_cell::Entity::insert(new.clone().into_active_model().reset_all())
                .exec(&edit.txn)
                .await
                .is_err()
            {
                return Err(stale().await);
            }
            new
        }
        Some(old) => {
            let new = plan_cell::Model {
                marks: value,
                version: old.version + 1,
                ..old.clone()
            };
            if old.marks == value {
                return edit
                    .finish_as(format!("{key}@{half_year}"), old.version)
                    .await;
            }
            if !update_if_unchanged::<plan_cell::Entity>(&edit.txn, old, new.clone()).await? {
                return Err(stale().await);
            }
            new
        }
    };
    edit.record(activity.sub_project_id, old.as_ref(), &new)
        .await?;
    edit.finish_as(format!("{key}@{half_year}"), new.version)
        .await
}

async fn edit_conflict(edit: &Edit, cell_key: &str) -> AppError {
    edit.conflict("the cell", RecordKind::PlanCell, cell_key)
        .await
}

pub async fn set_actual(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    input: ActualProgress,
) -> Result<Saved, AppError> {
    let value = marks("marks", input.marks)?;
    let comment = edit::text("comment", &input.comment, false)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::RecordProgress,
        "Recorded actual progress",
    )
    .await?;
    let activity = find_activity(&edit, key).await?;
    let half_year = column(&edit, &activity, &input.half_year).await?;
    let cell_key = format!("{}@{half_year}", activity.id);
    let old = progress_cell::Entity::find_by_id((
        activity.id,
        half_year.year(),
        i16::from(half_year.half()),
    ))
    .one(&edit.txn)
    .await?;
    let conflict = || async {
        edit.conflict("the cell", RecordKind::ProgressCell, &cell_key)
            .await
    };
    let new = match &old {
        None if input.version != 0 => return Err(conflict().await),
        Some(old) if old.version != input.version => return Err(conflict().await),
        Some(old)
            if same_data(
                old,
                &progress_cell::Model {
                    marks: value,
                    achievement: input.achievement.code().to_owned(),
                    comment: comment.clone(),
                    ..old.clone()
                },
            ) =>
        {
            return edit
                .finish_as(format!("{key}@{half_year}"), old.version)
                .await;
        }
        None => {
            let new = progress_cell::Model {
                project_id: edit.project_id(),
                activity_id: activity.id,
                year: half_year.year(),
                half: i16::from(half_year.half()),
                marks: value,
                achievement: input.achievement.code().to_owned(),
                comment,
                version: 1,
            };
            if progress_cell::Entity::insert(new.clone().into_active_model().reset_all())
                .exec(&edit.txn)
                .await
                .is_err()
            {
                return Err(conflict().await);
            }
            new
        }
        Some(old) => {
            let new = progress_cell::Model {
                marks: value,
                achievement: input.achievement.code().to_owned(),
                comment,
                version: old.version + 1,
                ..old.clone()
            };
            if !update_if_unchanged::<progress_cell::Entity>(&edit.txn, old, new.clone()).await? {
                return Err(conflict().await);
            }
            new
        }
    };
    edit.record(activity.sub_project_id, old.as_ref(), &new)
        .await?;
    edit.finish_as(format!("{key}@{half_year}"), new.version)
        .await
}

pub async fn set_activity_progress(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    input: ActivityProgress,
) -> Result<Saved, AppError> {
    if !(0..=100).contains(&input.percent_complete) {
        return Err(AppError::invalid(
            "percent_complete",
            format!("{} is not a percentage 0–100", input.percent_complete),
        ));
    }
    if let (Some(start), Some(end)) = (input.actual_start, input.actual_end)
        && end < start
    {
        return Err(AppError::invalid(
            "actual_end",
            format!("{end} is before the first day {start}"),
        ));
    }
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::RecordProgress,
        "Recorded an activity's progress",
    )
    .await?;
    let old = find_activity(&edit, key).await?;
    let new = activity::Model {
        status: input.status.code().to_owned(),
        percent_complete: i16::try_from(input.percent_complete).unwrap_or(0),
        actual_start: input.actual_start,
        actual_end: input.actual_end,
        ..old.clone()
    };
    let new = save_activity(&mut edit, &old, input.version, new).await?;
    edit.finish(&new).await
}
