//! Reading projects, partners and sub-projects.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::{
    Country, GoalKind, Partner, Period, ProjectOverview, ProjectStatus, ProjectSummary,
    StatusStatement, SubProject, SubProjectKind,
};
use crate::entities::{goal, partner, project, status_statement, sub_project};
use crate::error::AppError;

pub async fn find_project(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<project::Model, AppError> {
    project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("project", key))
}

/// A project's sub-projects, in the order the project lists them.
pub async fn sub_projects_of(
    db: &impl ConnectionTrait,
    project_id: i32,
) -> Result<Vec<sub_project::Model>, AppError> {
    Ok(sub_project::Entity::find()
        .filter(sub_project::Column::ProjectId.eq(project_id))
        .order_by_asc(sub_project::Column::Position)
        .all(db)
        .await?)
}

pub async fn list_projects(db: &impl ConnectionTrait) -> Result<Vec<ProjectSummary>, AppError> {
    let projects = project::Entity::find()
        .order_by_asc(project::Column::Name)
        .all(db)
        .await?;
    Ok(projects.into_iter().map(summary).collect())
}

fn summary(p: project::Model) -> ProjectSummary {
    ProjectSummary {
        key: p.key,
        name: p.name,
        funding_programme: p.funding_programme,
        period: Period {
            start: p.period_start,
            end: p.period_end,
        },
    }
}

/// A code read back from the database that no longer means anything: the
/// schema's CHECK constraints make this a bug, not a user error.
pub(crate) fn decode<T>(value: Option<T>, column: &str, code: &str) -> Result<T, AppError> {
    value.ok_or_else(|| {
        tracing::error!(column, code, "unknown code stored in the database");
        AppError::Database
    })
}

pub async fn load_overview(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<ProjectOverview, AppError> {
    let project = find_project(db, key).await?;
    let partners = partner::Entity::find()
        .filter(partner::Column::ProjectId.eq(project.id))
        .order_by_asc(partner::Column::Position)
        .all(db)
        .await?;
    let sub_projects = sub_projects_of(db, project.id).await?;
    let goals = goal::Entity::find()
        .filter(goal::Column::ProjectId.eq(project.id))
        .order_by_asc(goal::Column::Position)
        .all(db)
        .await?;
    let statuses = load_status_statements(db, project.id, &sub_projects).await?;

    let texts_of = |owner: Option<i32>, kind: GoalKind| {
        goals
            .iter()
            .filter(|g| g.sub_project_id == owner && g.kind == kind.code())
            .map(|g| g.text.clone())
            .collect::<Vec<_>>()
    };
    let partner_key = |id: i32| partners.iter().find(|p| p.id == id).map(|p| p.key.clone());

    let sub_projects = sub_projects
        .iter()
        .map(|s| {
            Ok(SubProject {
                key: s.key.clone(),
                name: s.name.clone(),
                kind: decode(
                    SubProjectKind::from_code(&s.kind),
                    "sub_project.kind",
                    &s.kind,
                )?,
                lead_partner: s.lead_partner_id.and_then(partner_key),
                period: Period {
                    start: s.period_start,
                    end: s.period_end,
                },
                description: s.description.clone(),
                target_group: s.target_group.clone(),
                goals: texts_of(Some(s.id), GoalKind::Goal),
                sub_goals: texts_of(Some(s.id), GoalKind::SubGoal),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let partners = partners
        .iter()
        .map(|p| {
            Ok(Partner {
                key: p.key.clone(),
                name: p.name.clone(),
                country: decode(
                    Country::from_code(&p.country),
                    "partner.country",
                    &p.country,
                )?,
                description: p.description.clone(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;

    Ok(ProjectOverview {
        goals: texts_of(None, GoalKind::Goal),
        sub_goals: texts_of(None, GoalKind::SubGoal),
        key: project.key,
        name: project.name,
        funding_programme: project.funding_programme,
        period: Period {
            start: project.period_start,
            end: project.period_end,
        },
        description: project.description,
        target_group: project.target_group,
        website: project.website,
        partners,
        sub_projects,
        status_statements: statuses,
    })
}

/// Status statements of a project, newest first.
pub async fn load_status_statements(
    db: &impl ConnectionTrait,
    project_id: i32,
    sub_projects: &[sub_project::Model],
) -> Result<Vec<StatusStatement>, AppError> {
    status_statement::Entity::find()
        .filter(status_statement::Column::ProjectId.eq(project_id))
        .order_by_desc(status_statement::Column::Date)
        .order_by_asc(status_statement::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| {
            Ok(StatusStatement {
                date: s.date,
                status: decode(
                    ProjectStatus::from_code(&s.status),
                    "status_statement.status",
                    &s.status,
                )?,
                sub_project: s
                    .sub_project_id
                    .and_then(|id| sub_projects.iter().find(|sp| sp.id == id))
                    .map(|sp| sp.key.clone()),
                text: s.text,
            })
        })
        .collect()
}
