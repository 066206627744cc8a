//! Writing a stored project out in the exchange format, history included, so
//! a project can move between installations (SQLite ↔ PostgreSQL) and be kept
//! in files. The whole export reads in one transaction: one consistent state.

use std::collections::BTreeMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::domain::{
    Achievement, ActivityStatus, AsOf, Cadence, Country, HalfYear, MeetingKind, MilestoneKind,
    MilestoneStatus, Period, ProjectStatus, RecordKind, Role, SubProjectKind,
};
use crate::entities::*;
use crate::error::AppError;
use crate::history::{self, Scope};

use super::apply::Stored;
use super::format::*;
use super::records::json_to_toml;

/// The whole project with the given key, as an exchange file: its first
/// recorded state as the body, every later change set as history.
pub async fn export(db: &DatabaseConnection, key: &str) -> Result<ExchangeFile, AppError> {
    let txn = db.begin().await?;
    let project = project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::not_found("project", key))?;
    let change_sets = change_set::Entity::find()
        .filter(change_set::Column::ProjectId.eq(project.id))
        .order_by_asc(change_set::Column::RecordedAt)
        .order_by_asc(change_set::Column::Id)
        .all(&txn)
        .await?;
    let stored = Stored::load(&txn, project.id).await?;

    let (recorded, body_at, later) = match change_sets.split_first() {
        Some((first, later)) => (
            Some(RecordedDoc {
                at: first.recorded_at,
                by: first.actor.clone(),
                summary: first.summary.clone(),
            }),
            AsOf::at(first.recorded_at),
            later,
        ),
        None => (None, AsOf::NOW, &[][..]),
    };
    let mut file = body(&txn, &stored, project.id, body_at).await?;
    file.recorded = recorded;
    let named = stored
        .people_ids()
        .chain(change_sets.iter().filter_map(|cs| cs.user_id));
    file.people = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(named))
        .order_by_asc(user_account::Column::Email)
        .all(&txn)
        .await?
        .into_iter()
        .map(|person| PersonDoc {
            email: person.email,
            name: person.display_name,
        })
        .collect();
    for change_set in later {
        file.history
            .push(change_set_doc(&txn, &stored, change_set).await?);
    }
    txn.commit().await?;
    Ok(file)
}

fn decode<T>(value: Option<T>, what: &str, code: &str) -> Result<T, AppError> {
    value.ok_or_else(|| {
        tracing::error!(what, code, "unknown code stored in the database");
        AppError::Database
    })
}

/// The project as it stood at `at`, as the body of a file.
async fn body(
    db: &impl ConnectionTrait,
    stored: &Stored,
    project_id: i32,
    at: AsOf,
) -> Result<ExchangeFile, AppError> {
    let project: project::Model = history::load(db, project_id, Scope::Any, at)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::Database)?;
    let mut partners: Vec<partner::Model> = history::load(db, project_id, Scope::Any, at).await?;
    partners.sort_by_key(|p| (p.position, p.id));
    let mut sub_projects: Vec<sub_project::Model> =
        history::load(db, project_id, Scope::Any, at).await?;
    sub_projects.sort_by_key(|s| (s.position, s.id));
    let mut goals: Vec<goal::Model> = history::load(db, project_id, Scope::Any, at).await?;
    goals.sort_by_key(|g| (g.position, g.id));
    let mut activities: Vec<activity::Model> =
        history::load(db, project_id, Scope::Any, at).await?;
    activities.sort_by_key(|a| (a.position, a.id));
    let plan_cells: Vec<plan_cell::Model> = history::load(db, project_id, Scope::Any, at).await?;
    let progress: Vec<progress_cell::Model> = history::load(db, project_id, Scope::Any, at).await?;
    let mut milestones: Vec<milestone::Model> =
        history::load(db, project_id, Scope::Any, at).await?;
    milestones.sort_by_key(|m| m.id);
    let mut series: Vec<meeting_series::Model> =
        history::load(db, project_id, Scope::Any, at).await?;
    series.sort_by_key(|s| s.id);
    let outcomes: Vec<meeting_outcome::Model> =
        history::load(db, project_id, Scope::Any, at).await?;
    let mut statuses: Vec<status_statement::Model> =
        history::load(db, project_id, Scope::Any, at).await?;
    statuses.sort_by_key(|s| s.id);
    let mut baselines: Vec<baseline::Model> = history::load(db, project_id, Scope::Any, at).await?;
    baselines.sort_by_key(|b| b.id);
    let mut members: Vec<membership::Model> = history::load(db, project_id, Scope::Any, at).await?;
    members.sort_by_key(|m| m.id);
    let mut share_links: Vec<share_link::Model> =
        history::load(db, project_id, Scope::Any, at).await?;
    share_links.sort_by_key(|l| l.id);
    let email = |id: i32| -> Result<String, AppError> {
        stored.email(id).map(str::to_owned).ok_or_else(|| {
            tracing::error!(id, "a member or share link names an account not found");
            AppError::Database
        })
    };

    let partner_key = |id: i32| partners.iter().find(|p| p.id == id).map(|p| p.key.clone());
    let sub_key = |id: Option<i32>| {
        id.and_then(|id| sub_projects.iter().find(|s| s.id == id))
            .map(|s| s.key.clone())
    };
    let texts = |owner: Option<i32>, kind: &str| {
        goals
            .iter()
            .filter(|g| g.sub_project_id == owner && g.kind == kind && g.archived_at.is_none())
            .map(|g| g.text.clone())
            .collect::<Vec<_>>()
    };
    let half_year = |year: i32, half: i16| {
        u8::try_from(half)
            .ok()
            .and_then(|h| HalfYear::new(year, h).ok())
            .map(|h| h.to_string())
    };
    let plan_of = |owner: Option<i32>| -> Result<Vec<ActivityDoc>, AppError> {
        activities
            .iter()
            .filter(|a| a.sub_project_id == owner)
            .map(|a| {
                let status = decode(ActivityStatus::from_code(&a.status), "status", &a.status)?;
                Ok(ActivityDoc {
                    key: Some(a.key.clone()),
                    name: a.name.clone(),
                    marks: plan_cells
                        .iter()
                        .filter(|c| c.activity_id == a.id && c.marks > 0)
                        .filter_map(|c| Some((half_year(c.year, c.half)?, i64::from(c.marks))))
                        .collect(),
                    status: (status != ActivityStatus::NotStarted).then_some(status),
                    percent_complete: (a.percent_complete != 0)
                        .then_some(i64::from(a.percent_complete)),
                    actual_start: a.actual_start,
                    actual_end: a.actual_end,
                    actual: progress
                        .iter()
                        .filter(|c| c.activity_id == a.id)
                        .map(|c| {
                            let achievement = decode(
                                Achievement::from_code(&c.achievement),
                                "achievement",
                                &c.achievement,
                            )?;
                            Ok(half_year(c.year, c.half).map(|h| {
                                (
                                    h,
                                    ProgressDoc {
                                        marks: i64::from(c.marks),
                                        achievement,
                                        comment: c.comment.clone(),
                                    },
                                )
                            }))
                        })
                        .filter_map(Result::transpose)
                        .collect::<Result<BTreeMap<_, _>, AppError>>()?,
                    archived_at: a.archived_at,
                })
            })
            .collect()
    };

    Ok(ExchangeFile {
        format: FORMAT_VERSION.to_owned(),
        recorded: None,
        project: ProjectDoc {
            key: project.key.clone(),
            name: project.name.clone(),
            funding_programme: project.funding_programme.clone(),
            period: Period {
                start: project.period_start,
                end: project.period_end,
            },
            description: project.description.clone(),
            target_group: project.target_group.clone(),
            website: project.website.clone(),
            public: project.public,
            goals: texts(None, "goal"),
            sub_goals: texts(None, "sub_goal"),
        },
        partners: partners
            .iter()
            .map(|p| {
                Ok(PartnerDoc {
                    key: p.key.clone(),
                    name: p.name.clone(),
                    country: decode(Country::from_code(&p.country), "country", &p.country)?,
                    description: p.description.clone(),
                    archived_at: p.archived_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        sub_projects: sub_projects
            .iter()
            .map(|s| {
                Ok(SubProjectDoc {
                    key: s.key.clone(),
                    name: s.name.clone(),
                    kind: decode(SubProjectKind::from_code(&s.kind), "kind", &s.kind)?,
                    lead_partner: s.lead_partner_id.and_then(partner_key),
                    period: Period {
                        start: s.period_start,
                        end: s.period_end,
                    },
                    description: s.description.clone(),
                    target_group: s.target_group.clone(),
                    goals: texts(Some(s.id), "goal"),
                    sub_goals: texts(Some(s.id), "sub_goal"),
                    archived_at: s.archived_at,
                    activities: plan_of(Some(s.id))?,
                })
            })
            .collect::<Result<_, AppError>>()?,
        activities: plan_of(None)?,
        milestones: milestones
            .iter()
            .map(|m| {
                let status = decode(MilestoneStatus::from_code(&m.status), "status", &m.status)?;
                Ok(MilestoneDoc {
                    key: Some(m.key.clone()),
                    name: m.name.clone(),
                    kind: decode(MilestoneKind::from_code(&m.kind), "kind", &m.kind)?,
                    first_day: m.first_day,
                    last_day: (m.last_day != m.first_day).then_some(m.last_day),
                    place: m.place.clone(),
                    description: m.description.clone(),
                    sub_project: sub_key(m.sub_project_id),
                    status: (status != MilestoneStatus::Planned).then_some(status),
                    actual_first_day: m.actual_first_day,
                    actual_last_day: m.actual_last_day,
                    archived_at: m.archived_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        meeting_series: series
            .iter()
            .map(|s| {
                let mut own: Vec<&meeting_outcome::Model> =
                    outcomes.iter().filter(|o| o.series_id == s.id).collect();
                own.sort_by_key(|o| o.planned_date);
                Ok(MeetingSeriesDoc {
                    key: Some(s.key.clone()),
                    name: s.name.clone(),
                    kind: decode(MeetingKind::from_code(&s.kind), "kind", &s.kind)?,
                    cadence: decode(Cadence::from_code(&s.cadence), "cadence", &s.cadence)?,
                    first_date: s.first_date,
                    last_date: s.last_date,
                    note: s.note.clone(),
                    sub_project: sub_key(s.sub_project_id),
                    outcomes: own
                        .into_iter()
                        .map(|o| OutcomeDoc {
                            date: o.planned_date,
                            held: o.held,
                            actual_date: o.actual_date,
                            note: o.note.clone(),
                        })
                        .collect(),
                    archived_at: s.archived_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        status_statements: statuses
            .iter()
            .map(|s| {
                Ok(StatusStatementDoc {
                    key: Some(s.key.clone()),
                    date: s.date,
                    status: decode(ProjectStatus::from_code(&s.status), "status", &s.status)?,
                    text: s.text.clone(),
                    sub_project: sub_key(s.sub_project_id),
                    archived_at: s.archived_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        baselines: baselines
            .iter()
            .map(|b| BaselineDoc {
                key: b.key.clone(),
                name: b.name.clone(),
                date: b.date,
                captured_at: b.captured_at,
                archived_at: b.archived_at,
            })
            .collect(),
        members: members
            .iter()
            .map(|m| {
                Ok(MemberDoc {
                    email: email(m.user_id)?,
                    // Names are in `people`, once per person.
                    name: String::new(),
                    role: decode(Role::from_code(&m.role), "role", &m.role)?,
                    sub_project: sub_key(m.sub_project_id),
                    archived_at: m.archived_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        share_links: share_links
            .iter()
            .map(|l| {
                Ok(ShareLinkDoc {
                    key: l.key.clone(),
                    label: l.label.clone(),
                    created_by: l.created_by.map(email).transpose()?,
                    created_at: l.created_at,
                    expires_at: l.expires_at,
                    archived_at: l.archived_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
        people: Vec::new(),
        history: Vec::new(),
    })
}

/// One later change set: each record it created with all its fields, each
/// record it changed with the fields that changed.
async fn change_set_doc(
    db: &impl ConnectionTrait,
    stored: &Stored,
    change_set: &change_set::Model,
) -> Result<ChangeSetDoc, AppError> {
    let changes = change::Entity::find()
        .filter(change::Column::ChangeSetId.eq(change_set.id))
        .order_by_asc(change::Column::Id)
        .all(db)
        .await?;
    let versions = record_version::Entity::find()
        .filter(record_version::Column::ChangeSetId.eq(change_set.id))
        .all(db)
        .await?;
    let mut order: Vec<(String, String)> = Vec::new();
    let mut sets: BTreeMap<(String, String), Map<String, Value>> = BTreeMap::new();
    for c in &changes {
        let id = (c.kind.clone(), c.record_key.clone());
        if !sets.contains_key(&id) {
            order.push(id.clone());
            sets.insert(id.clone(), Map::new());
        }
        let Some(set) = sets.get_mut(&id) else {
            continue;
        };
        if c.field == "created" {
            let data = versions
                .iter()
                .find(|v| v.kind == c.kind && v.record_key == c.record_key)
                .and_then(|v| serde_json::from_str::<Map<String, Value>>(&v.data).ok())
                .unwrap_or_default();
            // A new record is written with what differs from a new record's
            // defaults, as a person would write it.
            let defaults = RecordKind::from_code(&c.kind).map(super::apply::defaults);
            // Marks and "held" say what was recorded even at their defaults.
            set.extend(data.into_iter().filter(|(field, value)| {
                matches!(field.as_str(), "marks" | "held")
                    || defaults.as_ref().and_then(|d| d.get(field)) != Some(value)
            }));
        } else if let Some(new) = &c.new_value {
            set.insert(c.field.clone(), parse_json(new));
        }
    }
    let mut docs = Vec::new();
    for (kind_code, record_key) in order {
        let kind = decode(RecordKind::from_code(&kind_code), "kind", &kind_code)?;
        let set = sets
            .remove(&(kind_code, record_key.clone()))
            .unwrap_or_default();
        docs.push(ChangeDoc {
            kind,
            key: portable_key(stored, kind, &record_key),
            set: portable_fields(stored, set),
        });
    }
    Ok(ChangeSetDoc {
        recorded_at: change_set.recorded_at,
        by: change_set.actor.clone(),
        summary: change_set.summary.clone(),
        illustrative: change_set.illustrative,
        changes: docs,
    })
}

fn parse_json<T: DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

/// Cells and meeting outcomes are stored by id, memberships by ids; files
/// know them by key and address.
fn portable_key(stored: &Stored, kind: RecordKind, record_key: &str) -> String {
    let owner = match kind {
        RecordKind::PlanCell | RecordKind::ProgressCell => RecordKind::Activity,
        RecordKind::MeetingOutcome => RecordKind::MeetingSeries,
        RecordKind::Membership => {
            return stored
                .member_key(record_key)
                .unwrap_or(record_key)
                .to_owned();
        }
        _ => return record_key.to_owned(),
    };
    match record_key.split_once('@') {
        Some((id, rest)) => {
            let key = id
                .parse::<i32>()
                .ok()
                .and_then(|id| stored.key(owner, id))
                .unwrap_or(id);
            format!("{key}@{rest}")
        }
        None => record_key.to_owned(),
    }
}

/// Stored fields as a file writes them: references by key, no storage fields.
fn portable_fields(stored: &Stored, set: Map<String, Value>) -> BTreeMap<String, toml::Value> {
    const STORAGE: [&str; 9] = [
        "id",
        "project_id",
        "version",
        "key",
        "activity_id",
        "year",
        "half",
        "series_id",
        "planned_date",
    ];
    set.into_iter()
        .filter(|(field, _)| !STORAGE.contains(&field.as_str()))
        .map(|(field, value)| {
            let person = match field.as_str() {
                "user_id" => Some("user"),
                "created_by" => Some("created_by"),
                _ => None,
            };
            if let Some(name) = person {
                let email = value
                    .as_i64()
                    .and_then(|id| i32::try_from(id).ok())
                    .and_then(|id| stored.email(id))
                    .unwrap_or_default();
                return (name.to_owned(), toml::Value::String(email.to_owned()));
            }
            let reference = match field.as_str() {
                "sub_project_id" => Some(("sub_project", RecordKind::SubProject)),
                "lead_partner_id" => Some(("lead_partner", RecordKind::Partner)),
                _ => None,
            };
            match reference {
                Some((name, kind)) => {
                    let key = value
                        .as_i64()
                        .and_then(|id| i32::try_from(id).ok())
                        .and_then(|id| stored.key(kind, id))
                        .unwrap_or_default();
                    (name.to_owned(), toml::Value::String(key.to_owned()))
                }
                None => (field, json_to_toml(&value)),
            }
        })
        .collect()
}

/// The exchange file as TOML text.
pub fn to_toml(file: &ExchangeFile) -> Result<String, AppError> {
    toml::to_string_pretty(file).map_err(|error| {
        tracing::error!(%error, "could not write an exchange file");
        AppError::Invalid {
            field: "export".to_owned(),
            problem: error.to_string(),
        }
    })
}
