//! Reading a progress plan, now or as of a past moment: activities in order,
//! their planned marks and actual progress laid out against the half-years of
//! the plan's period.

use std::collections::{HashMap, HashSet};

use sea_orm::ConnectionTrait;

use crate::domain::{
    Achievement, ActivityStatus, ActualCell, ArchivedActivity, AsOf, HalfYear, Period, Plan,
    PlanRow, SubProjectRef,
};
use crate::entities::{activity, plan_cell, progress_cell, sub_project};
use crate::error::AppError;
use crate::history::{self, Scope};
use crate::project::queries::{decode, project_at, sub_projects_at, view_info};

/// The activities of one plan with their planned and actual cells, as they
/// stood at `as_of`; archived activities included.
pub struct PlanRecords {
    pub activities: Vec<activity::Model>,
    pub planned: Vec<plan_cell::Model>,
    pub actual: Vec<progress_cell::Model>,
}

pub async fn plan_records(
    db: &impl ConnectionTrait,
    project_id: i32,
    scope: Scope,
    as_of: AsOf,
) -> Result<PlanRecords, AppError> {
    let mut activities: Vec<activity::Model> = history::load(db, project_id, scope, as_of).await?;
    activities.sort_by_key(|a| (a.position, a.id));
    Ok(PlanRecords {
        activities,
        planned: history::load(db, project_id, scope, as_of).await?,
        actual: history::load(db, project_id, scope, as_of).await?,
    })
}

fn half_year_of(year: i32, half: i16) -> Option<HalfYear> {
    u8::try_from(half)
        .ok()
        .and_then(|h| HalfYear::new(year, h).ok())
}

/// The rows of a plan over the given columns; archived activities left out.
pub fn rows(records: &PlanRecords, columns: &[HalfYear]) -> Result<Vec<PlanRow>, AppError> {
    let column_of: HashMap<HalfYear, usize> =
        columns.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let mut rows = Vec::new();
    let mut row_of = HashMap::new();
    for a in records
        .activities
        .iter()
        .filter(|a| a.archived_at.is_none())
    {
        row_of.insert(a.id, rows.len());
        rows.push(PlanRow {
            key: a.key.clone(),
            activity_id: a.id,
            name: a.name.clone(),
            version: a.version,
            marks: vec![0; columns.len()],
            mark_versions: vec![0; columns.len()],
            actual: vec![None; columns.len()],
            status: decode(
                ActivityStatus::from_code(&a.status),
                "activity.status",
                &a.status,
            )?,
            percent_complete: u8::try_from(a.percent_complete).unwrap_or(0),
            actual_start: a.actual_start,
            actual_end: a.actual_end,
        });
    }
    // A cell outside the period (left behind by a shortened period) is kept
    // in the database but not drawn.
    let place = |activity_id: i32, year: i32, half: i16| {
        let column = column_of.get(&half_year_of(year, half)?)?;
        Some((*row_of.get(&activity_id)?, *column))
    };
    for cell in &records.planned {
        if let Some((row, column)) = place(cell.activity_id, cell.year, cell.half) {
            rows[row].marks[column] = u8::try_from(cell.marks).unwrap_or(0);
            rows[row].mark_versions[column] = cell.version;
        }
    }
    for cell in &records.actual {
        if let Some((row, column)) = place(cell.activity_id, cell.year, cell.half) {
            rows[row].actual[column] = Some(ActualCell {
                marks: u8::try_from(cell.marks).unwrap_or(0),
                achievement: decode(
                    Achievement::from_code(&cell.achievement),
                    "progress_cell.achievement",
                    &cell.achievement,
                )?,
                comment: cell.comment.clone(),
                version: cell.version,
            });
        }
    }
    Ok(rows)
}

/// Finds the sub-project with this key among those of the moment shown.
pub fn find_sub_project<'a>(
    sub_projects: &'a [sub_project::Model],
    key: &str,
) -> Result<&'a sub_project::Model, AppError> {
    sub_projects
        .iter()
        .find(|s| s.key == key)
        .ok_or_else(|| AppError::not_found("sub-project", key))
}

pub async fn load_plan(
    db: &impl ConnectionTrait,
    project_key: &str,
    sub_project_key: Option<&str>,
    as_of: AsOf,
) -> Result<Plan, AppError> {
    let project = project_at(db, project_key, as_of).await?;
    let sub_projects = sub_projects_at(db, project.id, as_of).await?;
    let scope = sub_project_key
        .map(|key| find_sub_project(&sub_projects, key))
        .transpose()?;
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
    let records = plan_records(
        db,
        project.id,
        scope.map_or(Scope::ProjectWide, |s| Scope::SubProject(s.id)),
        as_of,
    )
    .await?;
    let columns = period.half_years();
    let rows = rows(&records, &columns)?;
    let archived = records
        .activities
        .iter()
        .filter(|a| a.archived_at.is_some())
        .map(|a| ArchivedActivity {
            key: a.key.clone(),
            name: a.name.clone(),
            version: a.version,
        })
        .collect();

    let with_plans: HashSet<i32> = history::scopes_with::<activity::Model>(db, project.id, as_of)
        .await?
        .into_iter()
        .collect();
    let (with, without): (Vec<_>, Vec<_>) = sub_projects
        .iter()
        .partition(|s| with_plans.contains(&s.id));

    Ok(Plan {
        view: view_info(db, project.id, as_of).await?,
        project_key: project.key,
        project_name: project.name,
        sub_project: scope.map(reference),
        period,
        columns,
        rows,
        archived,
        sub_projects_with_plans: with.into_iter().map(reference).collect(),
        sub_projects_without_plans: without.into_iter().map(reference).collect(),
    })
}

fn reference(s: &sub_project::Model) -> SubProjectRef {
    SubProjectRef {
        key: s.key.clone(),
        name: s.name.clone(),
    }
}
