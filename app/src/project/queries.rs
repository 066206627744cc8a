//! Reading projects, partners and sub-projects, now or as of a past moment.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::{
    AsOf, Country, GoalKind, Partner, Period, ProjectOverview, ProjectStatus, ProjectSummary,
    StatusStatement, SubProject, SubProjectKind, ViewInfo,
};
use crate::entities::{change_set, goal, partner, project, status_statement, sub_project};
use crate::error::AppError;
use crate::history::{self, Scope};

/// The stored project with this key, as it is now.
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

/// The project with this key as it stood at `as_of`: not found if it had not
/// been recorded yet.
pub async fn project_at(
    db: &impl ConnectionTrait,
    key: &str,
    as_of: AsOf,
) -> Result<project::Model, AppError> {
    history::load_project(db, key, as_of)
        .await?
        .ok_or_else(|| project_not_found(key, as_of))
}

/// The answer for a project that does not exist, or did not yet at `as_of`.
pub fn project_not_found(key: &str, as_of: AsOf) -> AppError {
    match as_of.day() {
        Some(day) => AppError::not_found("project", &format!("{key} (as of {day})")),
        None => AppError::not_found("project", key),
    }
}

/// The moment a view shows, and whether it includes illustrative content.
pub async fn view_info(
    db: &impl ConnectionTrait,
    project_id: i32,
    as_of: AsOf,
) -> Result<ViewInfo, AppError> {
    let mut query = change_set::Entity::find()
        .filter(change_set::Column::ProjectId.eq(project_id))
        .filter(change_set::Column::Illustrative.eq(true));
    if let Some(t) = as_of.0 {
        query = query.filter(change_set::Column::RecordedAt.lte(t));
    }
    let illustrative: Option<i32> = query
        .select_only()
        .column(change_set::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(ViewInfo {
        as_of,
        illustrative: illustrative.is_some(),
        // The server function fills in the caller's access.
        access: Default::default(),
    })
}

/// A project's sub-projects as they stood at `as_of`, archived ones left out,
/// in the order the project lists them.
pub async fn sub_projects_at(
    db: &impl ConnectionTrait,
    project_id: i32,
    as_of: AsOf,
) -> Result<Vec<sub_project::Model>, AppError> {
    let mut subs: Vec<sub_project::Model> =
        history::load(db, project_id, Scope::Any, as_of).await?;
    subs.retain(|s| s.archived_at.is_none());
    subs.sort_by_key(|s| (s.position, s.id));
    Ok(subs)
}

/// The projects the caller may read: public ones, those they belong to (all
/// for an administrator), and the one their share link opens.
pub async fn list_projects(
    db: &impl ConnectionTrait,
    caller: &crate::identity::Caller,
) -> Result<Vec<ProjectSummary>, AppError> {
    use crate::entities::membership;
    let projects = project::Entity::find()
        .order_by_asc(project::Column::Name)
        .all(db)
        .await?;
    let is_admin = caller.user.as_ref().is_some_and(|u| u.is_admin);
    let member_of: std::collections::HashSet<i32> = match &caller.user {
        Some(user) => membership::Entity::find()
            .filter(membership::Column::UserId.eq(user.id))
            .filter(membership::Column::ArchivedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.project_id)
            .collect(),
        None => Default::default(),
    };
    let shared = caller.share.as_ref().map(|s| s.project_id);
    Ok(projects
        .into_iter()
        .filter(|p| {
            let member = is_admin || member_of.contains(&p.id);
            // An archived project is listed for its members and the
            // administrators only; it stays readable by link as before.
            (member || p.public || shared == Some(p.id)) && (p.archived_at.is_none() || member)
        })
        .map(summary)
        .collect())
}

/// Whether no project holds `key`.
pub async fn key_free(db: &impl ConnectionTrait, key: &str) -> Result<bool, AppError> {
    use sea_orm::PaginatorTrait;
    let holders = project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .count(db)
        .await?;
    Ok(holders == 0)
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
        public: p.public,
        archived_at: p.archived_at,
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
    as_of: AsOf,
) -> Result<ProjectOverview, AppError> {
    let project = project_at(db, key, as_of).await?;
    let mut partners: Vec<partner::Model> =
        history::load(db, project.id, Scope::Any, as_of).await?;
    partners.retain(|p| p.archived_at.is_none());
    partners.sort_by_key(|p| (p.position, p.id));
    let sub_projects = sub_projects_at(db, project.id, as_of).await?;
    let mut goals: Vec<goal::Model> = history::load(db, project.id, Scope::Any, as_of).await?;
    goals.retain(|g| g.archived_at.is_none());
    goals.sort_by_key(|g| (g.position, g.id));
    let statuses = load_status_statements(db, project.id, &sub_projects, as_of).await?;

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
                version: s.version,
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
                version: p.version,
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
        view: view_info(db, project.id, as_of).await?,
        key: project.key,
        version: project.version,
        public: project.public,
        archived_at: project.archived_at,
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

/// Status statements of a project as they stood at `as_of`, newest first.
pub async fn load_status_statements(
    db: &impl ConnectionTrait,
    project_id: i32,
    sub_projects: &[sub_project::Model],
    as_of: AsOf,
) -> Result<Vec<StatusStatement>, AppError> {
    let mut statements: Vec<status_statement::Model> =
        history::load(db, project_id, Scope::Any, as_of).await?;
    statements.retain(|s| s.archived_at.is_none());
    statements.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    statements
        .into_iter()
        .map(|s| {
            Ok(StatusStatement {
                key: s.key,
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
