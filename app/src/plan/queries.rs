//! Reading a progress plan, now or as of a past moment: activities in order,
//! their planned marks and actual progress laid out against the half-years of
//! the plan's period.

use std::collections::{HashMap, HashSet};

use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::domain::{
    Achievement, ActivityStatus, ActualCell, ArchivedRecord, AsOf, HalfYear, Period, Plan, PlanRow,
    PlanWindow, RecordKind, SubProjectRef, ViewInfo,
};
use crate::entities::{activity, plan_cell, progress_cell, sub_project};
use crate::error::AppError;
use crate::history::{self, Batch, BatchRows, BatchScope, Scope};
use crate::project::queries::decode;

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
    let (planned, actual) = history::load_pair(db, project_id, scope, as_of).await?;
    Ok(PlanRecords {
        activities,
        planned,
        actual,
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

/// Which rows of a plan to read: all of them (the API, exports), or a window
/// of the active activities (the page, which shows only the rows in view).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    All,
    Window { first: usize, count: usize },
}

/// The most rows one request for a window may ask for.
pub const MAX_WINDOW: usize = 500;

/// The kinds of record a plan shows, with and without the cells.
const ACTIVITIES: &[RecordKind] = &[RecordKind::Activity];
const ACTIVITIES_AND_CELLS: &[RecordKind] = &[
    RecordKind::Activity,
    RecordKind::PlanCell,
    RecordKind::ProgressCell,
];

/// What every read of a plan reads first, as one batch (one statement):
/// the project, its sub-projects, the plan's activities (with `cells`, their
/// planned and actual cells too), the sub-projects that have plans, and
/// whether anything shown is illustrative.
pub fn plan_batch<'a>(
    project_key: &'a str,
    sub_project_key: Option<&'a str>,
    as_of: AsOf,
    cells: bool,
) -> Batch<'a> {
    let scope = match sub_project_key {
        Some(key) => BatchScope::SubProject(key),
        None => BatchScope::ProjectWide,
    };
    Batch::new(project_key, as_of)
        .project()
        .all_of(&[RecordKind::SubProject])
        .scoped(
            if cells {
                ACTIVITIES_AND_CELLS
            } else {
                ACTIVITIES
            },
            scope,
        )
        .scopes_with(RecordKind::Activity)
        .illustrative()
}

/// Whose plan, over which half-years.
struct PlanScope {
    project: crate::entities::project::Model,
    sub_projects: Vec<sub_project::Model>,
    sub_project: Option<usize>,
    period: Period,
}

impl PlanScope {
    fn resolve(
        batch: &BatchRows,
        project_key: &str,
        sub_project_key: Option<&str>,
        as_of: AsOf,
    ) -> Result<Self, AppError> {
        let project = batch
            .records::<crate::entities::project::Model>()?
            .pop()
            .ok_or_else(|| crate::project::queries::project_not_found(project_key, as_of))?;
        let mut sub_projects: Vec<sub_project::Model> = batch.records()?;
        sub_projects.retain(|s| s.archived_at.is_none());
        sub_projects.sort_by_key(|s| (s.position, s.id));
        let sub_project = match sub_project_key {
            Some(key) => Some(
                sub_projects
                    .iter()
                    .position(|s| s.key == key)
                    .ok_or_else(|| AppError::not_found("sub-project", key))?,
            ),
            None => None,
        };
        let period = match sub_project.map(|i| &sub_projects[i]) {
            Some(s) => Period {
                start: s.period_start,
                end: s.period_end,
            },
            None => Period {
                start: project.period_start,
                end: project.period_end,
            },
        };
        Ok(PlanScope {
            project,
            sub_projects,
            sub_project,
            period,
        })
    }

    fn sub_project(&self) -> Option<&sub_project::Model> {
        self.sub_project.map(|i| &self.sub_projects[i])
    }
}

/// The rows asked for, out of all activities (archived ones included, in
/// plan order): all of them with the cells the batch read, or a window with
/// only the cells of its rows read.
async fn rows_of(
    db: &impl ConnectionTrait,
    project_id: i32,
    batch: &BatchRows,
    activities: &[activity::Model],
    columns: &[HalfYear],
    wanted: Rows,
    as_of: AsOf,
) -> Result<PlanWindow, AppError> {
    let active: Vec<&activity::Model> = activities
        .iter()
        .filter(|a| a.archived_at.is_none())
        .collect();
    let row_count = active.len();
    let records = match wanted {
        Rows::All => PlanRecords {
            activities: active.into_iter().cloned().collect(),
            planned: batch.records()?,
            actual: batch.records()?,
        },
        Rows::Window { first, count } => {
            let first = first.min(row_count);
            let window: Vec<activity::Model> = active[first..(first + count).min(row_count)]
                .iter()
                .map(|a| (*a).clone())
                .collect();
            let keys: Vec<String> = window
                .iter()
                .flat_map(|a| {
                    columns
                        .iter()
                        .map(move |h| history::cell_key(a.id, h.year(), i16::from(h.half())))
                })
                .collect();
            let (planned, actual) = history::load_pair_keys(db, project_id, &keys, as_of).await?;
            PlanRecords {
                activities: window,
                planned,
                actual,
            }
        }
    };
    Ok(PlanWindow {
        first_row: match wanted {
            Rows::All => 0,
            Rows::Window { first, .. } => first.min(row_count),
        },
        row_count,
        rows: rows(&records, columns)?,
    })
}

/// A window of a plan's rows, for the page as it scrolls: `count` rows from
/// row `first` on, read in one snapshot.
pub async fn load_plan_rows(
    db: &DatabaseConnection,
    project_key: &str,
    sub_project_key: Option<&str>,
    as_of: AsOf,
    first: usize,
    count: usize,
) -> Result<PlanWindow, AppError> {
    if count > MAX_WINDOW {
        return Err(AppError::BadParameter {
            parameter: "count".to_owned(),
            problem: format!("at most {MAX_WINDOW} rows at a time"),
        });
    }
    let wanted = Rows::Window { first, count };
    let txn = crate::db::begin_read(db).await?;
    let plan = read_plan(&txn, project_key, sub_project_key, as_of, wanted).await?;
    txn.commit().await?;
    Ok(PlanWindow {
        first_row: plan.first_row,
        row_count: plan.row_count,
        rows: plan.rows,
    })
}

/// A plan (the project-wide one, or a sub-project's) as it stood at
/// `as_of`, read in one snapshot: a whole plan is one statement, a window
/// of it two, in a read-only transaction (`db::begin_read`).
pub async fn load_plan(
    db: &DatabaseConnection,
    project_key: &str,
    sub_project_key: Option<&str>,
    as_of: AsOf,
    wanted: Rows,
) -> Result<Plan, AppError> {
    if wanted == Rows::All {
        return read_plan(db, project_key, sub_project_key, as_of, wanted).await;
    }
    let txn = crate::db::begin_read(db).await?;
    let plan = read_plan(&txn, project_key, sub_project_key, as_of, wanted).await?;
    txn.commit().await?;
    Ok(plan)
}

/// `load_plan` inside a read that is already under way.
pub async fn read_plan(
    db: &impl ConnectionTrait,
    project_key: &str,
    sub_project_key: Option<&str>,
    as_of: AsOf,
    wanted: Rows,
) -> Result<Plan, AppError> {
    let batch = plan_batch(project_key, sub_project_key, as_of, wanted == Rows::All)
        .run(db)
        .await?;
    let scope = PlanScope::resolve(&batch, project_key, sub_project_key, as_of)?;
    let project = &scope.project;
    let mut activities: Vec<activity::Model> = batch.records()?;
    activities.sort_by_key(|a| (a.position, a.id));
    let columns = scope.period.half_years();
    let window = rows_of(db, project.id, &batch, &activities, &columns, wanted, as_of).await?;
    let archived = activities
        .iter()
        .filter(|a| a.archived_at.is_some())
        .map(|a| ArchivedRecord {
            key: a.key.clone(),
            name: a.name.clone(),
            version: a.version,
        })
        .collect();

    let with_plans: HashSet<i32> = batch.scopes().into_iter().collect();
    let (with, without): (Vec<_>, Vec<_>) = scope
        .sub_projects
        .iter()
        .partition(|s| with_plans.contains(&s.id));

    Ok(Plan {
        view: ViewInfo {
            as_of,
            illustrative: batch.illustrative(),
            // The server function fills in the caller's access.
            access: Default::default(),
        },
        project_key: project.key.clone(),
        project_name: project.name.clone(),
        sub_project: scope.sub_project().map(reference),
        period: scope.period,
        columns,
        row_count: window.row_count,
        first_row: window.first_row,
        rows: window.rows,
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
