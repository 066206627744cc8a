//! Writing a stored project back out in the exchange format, so a project
//! can move between installations (SQLite ↔ PostgreSQL) and be kept in files.

use sea_orm::ConnectionTrait;

use crate::domain::{HalfYear, Period};
use crate::error::AppError;
use crate::{plan, project, schedule};

use super::format::*;

/// The whole project with the given key, as an exchange file.
pub async fn export(db: &impl ConnectionTrait, key: &str) -> Result<ExchangeFile, AppError> {
    let overview = project::queries::load_overview(db, key).await?;
    let stored = project::queries::find_project(db, key).await?;
    let sub_projects = project::queries::sub_projects_of(db, stored.id).await?;
    let schedule = schedule::queries::load_schedule(db, key).await?;

    let (activities, cells) =
        plan::queries::activities_with_cells(db, stored.id, plan::queries::PlanOwner::All).await?;
    let plan_of = |owner: Option<i32>| {
        activities
            .iter()
            .filter(|a| a.sub_project_id == owner)
            .map(|a| ActivityDoc {
                name: a.name.clone(),
                marks: cells
                    .iter()
                    .filter(|c| c.activity_id == a.id && c.marks > 0)
                    .filter_map(|c| {
                        let half = u8::try_from(c.half).ok()?;
                        let half_year = HalfYear::new(c.year, half).ok()?;
                        Some((half_year.to_string(), i64::from(c.marks)))
                    })
                    .collect(),
            })
            .collect::<Vec<_>>()
    };

    Ok(ExchangeFile {
        format: FORMAT_VERSION.to_owned(),
        activities: plan_of(None),
        sub_projects: overview
            .sub_projects
            .iter()
            .zip(&sub_projects)
            .map(|(sub, stored)| SubProjectDoc {
                key: sub.key.clone(),
                name: sub.name.clone(),
                kind: sub.kind,
                lead_partner: sub.lead_partner.clone(),
                period: sub.period,
                description: sub.description.clone(),
                target_group: sub.target_group.clone(),
                goals: sub.goals.clone(),
                sub_goals: sub.sub_goals.clone(),
                activities: plan_of(Some(stored.id)),
            })
            .collect(),
        partners: overview
            .partners
            .iter()
            .map(|p| PartnerDoc {
                key: p.key.clone(),
                name: p.name.clone(),
                country: p.country,
                description: p.description.clone(),
            })
            .collect(),
        milestones: schedule
            .milestones
            .into_iter()
            .map(|m| MilestoneDoc {
                last_day: (m.last_day != m.first_day).then_some(m.last_day),
                name: m.name,
                kind: m.kind,
                first_day: m.first_day,
                place: m.place,
                description: m.description,
                sub_project: m.sub_project.map(|s| s.key),
            })
            .collect(),
        meeting_series: schedule
            .meeting_series
            .into_iter()
            .map(|s| MeetingSeriesDoc {
                name: s.name,
                kind: s.kind,
                cadence: s.cadence,
                first_date: s.first_date,
                last_date: s.last_date,
                note: s.note,
                sub_project: s.sub_project.map(|s| s.key),
            })
            .collect(),
        // Stored newest first; written oldest first, as a diary reads.
        status_statements: schedule
            .status_statements
            .into_iter()
            .rev()
            .map(|s| StatusStatementDoc {
                date: s.date,
                status: s.status,
                text: s.text,
                sub_project: s.sub_project,
            })
            .collect(),
        project: ProjectDoc {
            key: overview.key,
            name: overview.name,
            funding_programme: overview.funding_programme,
            period: Period {
                start: overview.period.start,
                end: overview.period.end,
            },
            description: overview.description,
            target_group: overview.target_group,
            website: overview.website,
            goals: overview.goals,
            sub_goals: overview.sub_goals,
        },
    })
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
