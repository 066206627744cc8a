//! Reading a project's dated things into one chronological list.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::{
    AsOf, Baseline, HalfYear, MeetingKind, Milestone, MilestoneStatus, Period, ProjectAccess,
    StatusStatement, SubProjectRef, ViewInfo,
};
use crate::entities::{milestone, record_version};
use crate::error::AppError;
use crate::history::Versioned;

use super::{EntryKind, TimelineFilter};

/// A project's dated things as of a day, filtered.
#[derive(Clone, Debug)]
pub struct Timeline {
    pub project_key: String,
    pub project_name: String,
    pub period: Period,
    /// The day the data speaks of: the as-of day, else today.
    pub day: NaiveDate,
    pub view: ViewInfo,
    pub sub_projects: Vec<SubProjectRef>,
    /// Partners leading a sub-project: key and name.
    pub partners: Vec<(String, String)>,
    /// The caller's own sub-projects (those they lead), for "mine".
    pub mine: Vec<String>,
    pub filter: Chosen,
    /// Oldest first.
    pub entries: Vec<Entry>,
}

/// The filter as it was applied (defaults resolved).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chosen {
    /// `all`, `mine` or a sub-project's key.
    pub sub: String,
    pub partner: Option<String>,
    pub kind: Option<EntryKind>,
}

/// One dated thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Its (first) day, as it stands: a moved milestone's new days, a
    /// meeting held on another day than planned on that day.
    pub day: NaiveDate,
    pub last_day: NaiveDate,
    /// None: the whole project's.
    pub sub_project: Option<SubProjectRef>,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq)]
pub enum What {
    Milestone {
        milestone: Milestone,
        state: MilestoneState,
        /// The days first planned, when it was moved from them.
        moved_from: Option<(NaiveDate, NaiveDate)>,
    },
    Meeting {
        series_key: String,
        series_name: String,
        kind: MeetingKind,
        /// The date the series gives it.
        planned: NaiveDate,
        state: MeetingState,
        note: String,
        /// Rises with every change of the series or of what was recorded of
        /// the meeting (the calendar's SEQUENCE).
        sequence: i32,
    },
    Status(StatusStatement),
    Baseline(Baseline),
    HalfYearBegins(HalfYear),
    ProjectStarts,
    ProjectEnds,
}

impl What {
    pub fn kind(&self) -> EntryKind {
        match self {
            What::Milestone { .. } => EntryKind::Milestone,
            What::Meeting { .. } => EntryKind::Meeting,
            What::Status(_) => EntryKind::Status,
            What::Baseline(_) => EntryKind::Baseline,
            What::HalfYearBegins(_) | What::ProjectStarts | What::ProjectEnds => EntryKind::Plan,
        }
    }
}

/// What became of a milestone by the day of the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilestoneState {
    Planned,
    Held,
    Moved,
    Cancelled,
    /// Its days are past, and it is neither held nor cancelled.
    Late,
}

/// What became of one meeting by the day of the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingState {
    Held,
    NotHeld,
    /// Its day has not come.
    NotYet,
    /// Its day is past and nothing is recorded of it.
    NotRecorded,
}

pub async fn load_timeline(
    db: &impl ConnectionTrait,
    project_key: &str,
    as_of: AsOf,
    filter: &TimelineFilter,
    access: &ProjectAccess,
    today: NaiveDate,
) -> Result<Timeline, AppError> {
    let overview = crate::project::queries::load_overview(db, project_key, as_of).await?;
    let schedule = crate::schedule::queries::load_schedule(db, project_key, as_of).await?;
    let baselines = crate::baseline::queries::list_baselines(db, project_key, as_of).await?;
    let day = as_of.day().unwrap_or(today);

    let sub_projects: Vec<SubProjectRef> = overview
        .sub_projects
        .iter()
        .map(|s| SubProjectRef {
            key: s.key.clone(),
            name: s.name.clone(),
        })
        .collect();
    let mine: Vec<String> = access
        .sub_projects
        .iter()
        .filter(|k| sub_projects.iter().any(|s| &s.key == *k))
        .cloned()
        .collect();
    let leading: Vec<(String, String)> = overview
        .partners
        .iter()
        .filter(|p| {
            overview
                .sub_projects
                .iter()
                .any(|s| s.lead_partner.as_deref() == Some(p.key.as_str()))
        })
        .map(|p| (p.key.clone(), p.name.clone()))
        .collect();

    // Which sub-projects' things to show (none: every one).
    let chosen_sub = match filter.sub.as_deref() {
        Some("all") => "all".to_owned(),
        Some("mine") => "mine".to_owned(),
        Some(key) if sub_projects.iter().any(|s| s.key == key) => key.to_owned(),
        Some(key) => return Err(AppError::not_found("sub-project", key)),
        None if mine.is_empty() => "all".to_owned(),
        None => "mine".to_owned(),
    };
    let mut shown: Option<Vec<String>> = match chosen_sub.as_str() {
        "all" => None,
        "mine" => Some(mine.clone()),
        key => Some(vec![key.to_owned()]),
    };
    if let Some(partner) = &filter.partner {
        if !overview.partners.iter().any(|p| &p.key == partner) {
            return Err(AppError::not_found("partner", partner));
        }
        let led: Vec<String> = overview
            .sub_projects
            .iter()
            .filter(|s| s.lead_partner.as_ref() == Some(partner))
            .map(|s| s.key.clone())
            .collect();
        shown = Some(match shown {
            None => led,
            Some(keys) => keys.into_iter().filter(|k| led.contains(k)).collect(),
        });
    }
    let kind = match filter.kind.as_deref() {
        None | Some("all") => None,
        Some(code) => Some(
            EntryKind::from_code(code).ok_or_else(|| AppError::BadParameter {
                parameter: "kind".to_owned(),
                problem: format!(
                    "one of all, {}",
                    EntryKind::ALL.map(EntryKind::code).join(", ")
                ),
            })?,
        ),
    };

    let moved: Vec<String> = schedule
        .milestones
        .iter()
        .filter(|m| m.status == MilestoneStatus::Moved)
        .map(|m| m.key.clone())
        .collect();
    // The project's id is read only when a milestone was moved.
    let first_days = if moved.is_empty() {
        HashMap::new()
    } else {
        first_planned_days(db, overview_id(db, project_key).await?, &moved, as_of).await?
    };

    let mut entries = Vec::new();
    for milestone in schedule.milestones {
        let state = milestone_state(&milestone, day);
        let moved_from = first_days
            .get(&milestone.key)
            .copied()
            .filter(|days| *days != (milestone.first_day, milestone.last_day));
        let (first, last) = match (milestone.status, milestone.actual_first_day) {
            (MilestoneStatus::Held, Some(first)) => {
                (first, milestone.actual_last_day.unwrap_or(first).max(first))
            }
            _ => (milestone.first_day, milestone.last_day),
        };
        entries.push(Entry {
            day: first,
            last_day: last,
            sub_project: milestone.sub_project.clone(),
            what: What::Milestone {
                milestone,
                state,
                moved_from: moved_from.filter(|_| state != MilestoneState::Held),
            },
        });
    }
    for series in schedule.meeting_series {
        for planned in &series.occurrences {
            let outcome = series.outcomes.iter().find(|o| o.date == *planned);
            let state = match outcome {
                Some(o) if o.held => MeetingState::Held,
                Some(_) => MeetingState::NotHeld,
                None if *planned > day => MeetingState::NotYet,
                None => MeetingState::NotRecorded,
            };
            let held_on = outcome
                .filter(|o| o.held)
                .and_then(|o| o.actual_date)
                .unwrap_or(*planned);
            entries.push(Entry {
                day: held_on,
                last_day: held_on,
                sub_project: series.sub_project.clone(),
                what: What::Meeting {
                    series_key: series.key.clone(),
                    series_name: series.name.clone(),
                    kind: series.kind,
                    planned: *planned,
                    state,
                    note: outcome.map(|o| o.note.clone()).unwrap_or_default(),
                    sequence: series.version + outcome.map_or(0, |o| o.version),
                },
            });
        }
    }
    for statement in schedule.status_statements {
        let sub_project = statement
            .sub_project
            .as_ref()
            .and_then(|key| sub_projects.iter().find(|s| &s.key == key))
            .cloned();
        entries.push(Entry {
            day: statement.date,
            last_day: statement.date,
            sub_project,
            what: What::Status(statement),
        });
    }
    for baseline in baselines.into_iter().filter(|b| !b.archived) {
        entries.push(Entry {
            day: baseline.date,
            last_day: baseline.date,
            sub_project: None,
            what: What::Baseline(baseline),
        });
    }
    let period = overview.period;
    let project_wide = |day: NaiveDate, what: What| Entry {
        day,
        last_day: day,
        sub_project: None,
        what,
    };
    entries.push(project_wide(period.start, What::ProjectStarts));
    for half_year in period.half_years().into_iter().skip(1) {
        entries.push(project_wide(
            crate::gantt::layout::days_of(half_year).0,
            What::HalfYearBegins(half_year),
        ));
    }
    entries.push(project_wide(period.end, What::ProjectEnds));

    entries.retain(|e| {
        kind.is_none_or(|k| e.what.kind() == k)
            && match (&shown, &e.sub_project) {
                (None, _) | (_, None) => true,
                (Some(keys), Some(sub)) => keys.contains(&sub.key),
            }
    });
    // Stable: on one day, the project's start before its first meeting.
    entries.sort_by_key(|e| (e.day, e.last_day));

    Ok(Timeline {
        project_key: overview.key,
        project_name: overview.name,
        period,
        day,
        view: ViewInfo {
            access: access.clone(),
            ..overview.view
        },
        sub_projects,
        partners: leading,
        mine,
        filter: Chosen {
            sub: chosen_sub,
            partner: filter.partner.clone(),
            kind,
        },
        entries,
    })
}

/// What became of `milestone` by `day`.
pub fn milestone_state(milestone: &Milestone, day: NaiveDate) -> MilestoneState {
    match milestone.status {
        MilestoneStatus::Held => MilestoneState::Held,
        MilestoneStatus::Cancelled => MilestoneState::Cancelled,
        _ if milestone.last_day < day => MilestoneState::Late,
        MilestoneStatus::Moved => MilestoneState::Moved,
        MilestoneStatus::Planned => MilestoneState::Planned,
    }
}

async fn overview_id(db: &impl ConnectionTrait, project_key: &str) -> Result<i32, AppError> {
    Ok(crate::project::queries::find_project(db, project_key)
        .await?
        .id)
}

/// The days each of the milestones `keys` had when first recorded (up to
/// `as_of`), from the history: where a moved milestone was moved from.
async fn first_planned_days(
    db: &impl ConnectionTrait,
    project_id: i32,
    keys: &[String],
    as_of: AsOf,
) -> Result<HashMap<String, (NaiveDate, NaiveDate)>, AppError> {
    let mut query = record_version::Entity::find()
        .select_only()
        .column(record_version::Column::RecordKey)
        .column(record_version::Column::Data)
        .filter(record_version::Column::ProjectId.eq(project_id))
        .filter(record_version::Column::Kind.eq(milestone::Model::KIND.code()))
        .filter(record_version::Column::RecordKey.is_in(keys.iter().map(String::as_str)))
        .order_by_asc(record_version::Column::Id);
    if let AsOf(Some(time)) = as_of {
        query = query.filter(record_version::Column::ValidFrom.lte(time));
    }
    let versions: Vec<(String, String)> = query.into_tuple().all(db).await?;
    let mut first = HashMap::new();
    for (key, data) in versions {
        if first.contains_key(&key) {
            continue;
        }
        let model: milestone::Model = serde_json::from_str(&data).map_err(|error| {
            tracing::error!(%error, %key, "a milestone's version cannot be read");
            AppError::Database
        })?;
        first.insert(key, (model.first_day, model.last_day));
    }
    Ok(first)
}
