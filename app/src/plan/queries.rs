//! Reading a progress plan: activities in order, their planned marks laid out
//! against the half-years of the plan's period.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::{HalfYear, Period, Plan, PlanRow, SubProjectRef};
use crate::entities::{activity, plan_cell, sub_project};
use crate::error::AppError;
use crate::project::queries::{find_project, sub_projects_of};

/// Whose activities to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanOwner {
    /// The project-wide plan only.
    Project,
    SubProject(i32),
    /// Every plan of the project.
    All,
}

/// Activities in plan order, with their stored planned cells.
pub async fn activities_with_cells(
    db: &impl ConnectionTrait,
    project_id: i32,
    owner: PlanOwner,
) -> Result<(Vec<activity::Model>, Vec<plan_cell::Model>), AppError> {
    let mut query = activity::Entity::find().filter(activity::Column::ProjectId.eq(project_id));
    query = match owner {
        PlanOwner::Project => query.filter(activity::Column::SubProjectId.is_null()),
        PlanOwner::SubProject(id) => query.filter(activity::Column::SubProjectId.eq(id)),
        PlanOwner::All => query,
    };
    let activities = query
        .order_by_asc(activity::Column::Position)
        .order_by_asc(activity::Column::Id)
        .all(db)
        .await?;
    let cells = plan_cell::Entity::find()
        .filter(plan_cell::Column::ActivityId.is_in(activities.iter().map(|a| a.id)))
        .all(db)
        .await?;
    Ok((activities, cells))
}

pub async fn load_plan(
    db: &impl ConnectionTrait,
    project_key: &str,
    sub_project_key: Option<&str>,
) -> Result<Plan, AppError> {
    let project = find_project(db, project_key).await?;
    let sub_projects = sub_projects_of(db, project.id).await?;
    let scope = match sub_project_key {
        None => None,
        Some(key) => Some(
            sub_projects
                .iter()
                .find(|s| s.key == key)
                .ok_or_else(|| AppError::not_found("sub-project", key))?,
        ),
    };
    let period = match scope {
        Some(s) => Period {
            start: s.period_start,
            end: s.period_end,
        },
        None => Period {
            start: project.period_start,
            end: project.period_end,
        },
    };

    let owner = match scope {
        Some(s) => PlanOwner::SubProject(s.id),
        None => PlanOwner::Project,
    };
    let (activities, cells) = activities_with_cells(db, project.id, owner).await?;

    let columns = period.half_years();
    let column_of: HashMap<HalfYear, usize> =
        columns.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let mut rows: Vec<PlanRow> = activities
        .iter()
        .map(|a| PlanRow {
            activity_id: a.id,
            name: a.name.clone(),
            marks: vec![0; columns.len()],
        })
        .collect();
    let row_of: HashMap<i32, usize> = activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    for cell in cells {
        let Some(half_year) = u8::try_from(cell.half)
            .ok()
            .and_then(|h| HalfYear::new(cell.year, h).ok())
        else {
            continue;
        };
        // A cell outside the period (left behind by a shortened period) is
        // kept in the database but not drawn.
        if let (Some(&row), Some(&column)) =
            (row_of.get(&cell.activity_id), column_of.get(&half_year))
        {
            rows[row].marks[column] = u8::try_from(cell.marks).unwrap_or(0);
        }
    }

    let with_plans: Vec<i32> = activity::Entity::find()
        .select_only()
        .column(activity::Column::SubProjectId)
        .filter(activity::Column::ProjectId.eq(project.id))
        .filter(activity::Column::SubProjectId.is_not_null())
        .distinct()
        .into_tuple::<Option<i32>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();

    Ok(Plan {
        project_key: project.key,
        project_name: project.name,
        sub_project: scope.map(reference),
        period,
        columns,
        rows,
        sub_projects_with_plans: sub_projects
            .iter()
            .filter(|s| with_plans.contains(&s.id))
            .map(reference)
            .collect(),
    })
}

fn reference(s: &sub_project::Model) -> SubProjectRef {
    SubProjectRef {
        key: s.key.clone(),
        name: s.name.clone(),
    }
}
