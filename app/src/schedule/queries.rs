//! Reading milestones, meeting series (with their derived dates) and status
//! statements of a project.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::{
    Cadence, MeetingKind, MeetingSeries, Milestone, MilestoneKind, Schedule, SubProjectRef,
};
use crate::entities::{meeting_series, milestone};
use crate::error::AppError;
use crate::project::queries::{decode, find_project, load_status_statements, sub_projects_of};

pub async fn load_schedule(
    db: &impl ConnectionTrait,
    project_key: &str,
) -> Result<Schedule, AppError> {
    let project = find_project(db, project_key).await?;
    let sub_projects = sub_projects_of(db, project.id).await?;
    let owner = |id: Option<i32>| {
        id.and_then(|id| sub_projects.iter().find(|s| s.id == id))
            .map(|s| SubProjectRef {
                key: s.key.clone(),
                name: s.name.clone(),
            })
    };

    let milestones = milestone::Entity::find()
        .filter(milestone::Column::ProjectId.eq(project.id))
        .order_by_asc(milestone::Column::FirstDay)
        .order_by_asc(milestone::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            Ok(Milestone {
                kind: decode(MilestoneKind::from_code(&m.kind), "milestone.kind", &m.kind)?,
                sub_project: owner(m.sub_project_id),
                name: m.name,
                first_day: m.first_day,
                last_day: m.last_day,
                place: m.place,
                description: m.description,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;

    let meeting_series = meeting_series::Entity::find()
        .filter(meeting_series::Column::ProjectId.eq(project.id))
        .order_by_asc(meeting_series::Column::FirstDate)
        .order_by_asc(meeting_series::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            let cadence = decode(
                Cadence::from_code(&s.cadence),
                "meeting_series.cadence",
                &s.cadence,
            )?;
            Ok(MeetingSeries {
                kind: decode(
                    MeetingKind::from_code(&s.kind),
                    "meeting_series.kind",
                    &s.kind,
                )?,
                occurrences: cadence.occurrences(s.first_date, s.last_date),
                cadence,
                sub_project: owner(s.sub_project_id),
                name: s.name,
                first_date: s.first_date,
                last_date: s.last_date,
                note: s.note,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;

    let status_statements = load_status_statements(db, project.id, &sub_projects).await?;
    Ok(Schedule {
        project_key: project.key,
        project_name: project.name,
        milestones,
        meeting_series,
        status_statements,
    })
}
