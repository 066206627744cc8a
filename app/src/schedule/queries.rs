//! Reading milestones, meeting series (with their derived dates and what is
//! recorded of them) and status statements, now or as of a past moment.

use sea_orm::ConnectionTrait;

use crate::domain::{
    ArchivedRecord, AsOf, Cadence, MeetingKind, MeetingOutcome, MeetingSeries, Milestone,
    MilestoneKind, MilestoneStatus, Schedule, SubProjectRef,
};
use crate::entities::{meeting_outcome, meeting_series, milestone};
use crate::error::AppError;
use crate::history::{self, Scope};
use crate::project::queries::{
    decode, load_status_statements, project_at, sub_projects_at, view_info,
};

pub async fn load_schedule(
    db: &impl ConnectionTrait,
    project_key: &str,
    as_of: AsOf,
) -> Result<Schedule, AppError> {
    let project = project_at(db, project_key, as_of).await?;
    let sub_projects = sub_projects_at(db, project.id, as_of).await?;
    let owner = |id: Option<i32>| {
        id.and_then(|id| sub_projects.iter().find(|s| s.id == id))
            .map(|s| SubProjectRef {
                key: s.key.clone(),
                name: s.name.clone(),
            })
    };

    let mut milestones: Vec<milestone::Model> =
        history::load(db, project.id, Scope::Any, as_of).await?;
    let archived_milestones = milestones
        .iter()
        .filter(|m| m.archived_at.is_some())
        .map(|m| ArchivedRecord {
            key: m.key.clone(),
            name: m.name.clone(),
            version: m.version,
        })
        .collect();
    milestones.retain(|m| m.archived_at.is_none());
    milestones.sort_by_key(|m| (m.first_day, m.id));
    let milestones = milestones
        .into_iter()
        .map(|m| {
            Ok(Milestone {
                kind: decode(MilestoneKind::from_code(&m.kind), "milestone.kind", &m.kind)?,
                status: decode(
                    MilestoneStatus::from_code(&m.status),
                    "milestone.status",
                    &m.status,
                )?,
                sub_project: owner(m.sub_project_id),
                key: m.key,
                version: m.version,
                name: m.name,
                first_day: m.first_day,
                last_day: m.last_day,
                place: m.place,
                description: m.description,
                actual_first_day: m.actual_first_day,
                actual_last_day: m.actual_last_day,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;

    let outcomes: Vec<meeting_outcome::Model> =
        history::load(db, project.id, Scope::Any, as_of).await?;
    let mut series: Vec<meeting_series::Model> =
        history::load(db, project.id, Scope::Any, as_of).await?;
    let archived_series = series
        .iter()
        .filter(|s| s.archived_at.is_some())
        .map(|s| ArchivedRecord {
            key: s.key.clone(),
            name: s.name.clone(),
            version: s.version,
        })
        .collect();
    series.retain(|s| s.archived_at.is_none());
    series.sort_by_key(|s| (s.first_date, s.id));
    let meeting_series = series
        .into_iter()
        .map(|s| {
            let cadence = decode(
                Cadence::from_code(&s.cadence),
                "meeting_series.cadence",
                &s.cadence,
            )?;
            let mut own: Vec<MeetingOutcome> = outcomes
                .iter()
                .filter(|o| o.series_id == s.id)
                .map(|o| MeetingOutcome {
                    date: o.planned_date,
                    held: o.held,
                    actual_date: o.actual_date,
                    note: o.note.clone(),
                    version: o.version,
                })
                .collect();
            own.sort_by_key(|o| o.date);
            Ok(MeetingSeries {
                kind: decode(
                    MeetingKind::from_code(&s.kind),
                    "meeting_series.kind",
                    &s.kind,
                )?,
                occurrences: cadence.occurrences(s.first_date, s.last_date),
                outcomes: own,
                cadence,
                sub_project: owner(s.sub_project_id),
                key: s.key,
                version: s.version,
                name: s.name,
                first_date: s.first_date,
                last_date: s.last_date,
                note: s.note,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;

    let status_statements = load_status_statements(db, project.id, &sub_projects, as_of).await?;
    Ok(Schedule {
        view: view_info(db, project.id, as_of).await?,
        project_key: project.key,
        project_name: project.name,
        milestones,
        meeting_series,
        archived_milestones,
        archived_series,
        status_statements,
        sub_projects: sub_projects
            .iter()
            .map(|s| SubProjectRef {
                key: s.key.clone(),
                name: s.name.clone(),
            })
            .collect(),
    })
}
