//! Reading baselines, and comparing one with the current plan and with
//! actual progress.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::ConnectionTrait;

use crate::domain::{
    AsOf, Baseline, Comparison, ComparisonRow, ComparisonSummary, HalfYear, Period, RowChange,
    SubProjectRef,
};
use crate::entities::{activity, baseline};
use crate::error::AppError;
use crate::history::{self, Scope};
use crate::plan::queries::{PlanRecords, find_sub_project, plan_records};
use crate::project::queries::{project_at, sub_projects_at, view_info};

fn baseline_of(b: baseline::Model) -> Baseline {
    Baseline {
        archived: b.archived_at.is_some(),
        key: b.key,
        name: b.name,
        date: b.date,
        captured_at: b.captured_at,
        version: b.version,
    }
}

/// The project's baselines as they stood at `as_of`, oldest first; archived
/// ones included and marked.
pub async fn list_baselines(
    db: &impl ConnectionTrait,
    project_key: &str,
    as_of: AsOf,
) -> Result<Vec<Baseline>, AppError> {
    let project = project_at(db, project_key, as_of).await?;
    let mut all: Vec<baseline::Model> = history::load(db, project.id, Scope::Any, as_of).await?;
    all.sort_by_key(|b| (b.captured_at, b.id));
    Ok(all.into_iter().map(baseline_of).collect())
}

fn first_day(half_year: HalfYear) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        half_year.year(),
        if half_year.half() == 1 { 1 } else { 7 },
        1,
    )
}

/// Planned marks per live activity over the columns.
fn marks_by_activity(records: &PlanRecords, columns: &[HalfYear]) -> HashMap<i32, Vec<u8>> {
    let column_of: HashMap<HalfYear, usize> =
        columns.iter().enumerate().map(|(i, h)| (*h, i)).collect();
    let mut marks: HashMap<i32, Vec<u8>> = records
        .activities
        .iter()
        .filter(|a| a.archived_at.is_none())
        .map(|a| (a.id, vec![0; columns.len()]))
        .collect();
    for cell in &records.planned {
        let Some(half_year) = u8::try_from(cell.half)
            .ok()
            .and_then(|h| HalfYear::new(cell.year, h).ok())
        else {
            continue;
        };
        if let (Some(row), Some(&i)) = (marks.get_mut(&cell.activity_id), column_of.get(&half_year))
        {
            row[i] = u8::try_from(cell.marks).unwrap_or(0);
        }
    }
    marks
}

/// The baseline a chart is compared with, and the planned marks it recorded:
/// by activity key, per half-year (every plan of the project).
pub async fn baseline_marks(
    db: &impl ConnectionTrait,
    project_key: &str,
    baseline_key: &str,
    as_of: AsOf,
) -> Result<(Baseline, HashMap<String, HashMap<HalfYear, u8>>), AppError> {
    let project = project_at(db, project_key, as_of).await?;
    let baseline = history::load_one::<baseline::Model>(db, project.id, baseline_key, as_of)
        .await?
        .ok_or_else(|| AppError::not_found("baseline", baseline_key))?;
    let then = plan_records(db, project.id, Scope::Any, AsOf::at(baseline.captured_at)).await?;
    let key_of: HashMap<i32, &str> = then
        .activities
        .iter()
        .filter(|a| a.archived_at.is_none())
        .map(|a| (a.id, a.key.as_str()))
        .collect();
    let mut marks: HashMap<String, HashMap<HalfYear, u8>> = HashMap::new();
    for cell in &then.planned {
        let half_year = u8::try_from(cell.half)
            .ok()
            .and_then(|h| HalfYear::new(cell.year, h).ok());
        if let (Some(key), Some(half_year)) = (key_of.get(&cell.activity_id), half_year) {
            marks
                .entry((*key).to_owned())
                .or_default()
                .insert(half_year, u8::try_from(cell.marks).unwrap_or(0));
        }
    }
    Ok((baseline_of(baseline), marks))
}

/// Compares a baseline with the plan and the actual progress at `as_of`:
/// per cell baseline / current / actual, and what changed in between.
pub async fn compare(
    db: &impl ConnectionTrait,
    project_key: &str,
    baseline_key: &str,
    sub_project_key: Option<&str>,
    as_of: AsOf,
) -> Result<Comparison, AppError> {
    let project = project_at(db, project_key, as_of).await?;
    let baseline = history::load_one::<baseline::Model>(db, project.id, baseline_key, as_of)
        .await?
        .ok_or_else(|| AppError::not_found("baseline", baseline_key))?;
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
    let columns = period.half_years();
    let scope_filter = scope.map_or(Scope::ProjectWide, |s| Scope::SubProject(s.id));
    let then = plan_records(db, project.id, scope_filter, AsOf::at(baseline.captured_at)).await?;
    let now = plan_records(db, project.id, scope_filter, as_of).await?;
    let then_marks = marks_by_activity(&then, &columns);
    let now_marks = marks_by_activity(&now, &columns);
    let rows_now = crate::plan::queries::rows(&now, &columns)?;
    let actual_of: HashMap<&str, Vec<Option<u8>>> = rows_now
        .iter()
        .map(|r| {
            (
                r.key.as_str(),
                r.actual
                    .iter()
                    .map(|a| a.as_ref().map(|a| a.marks))
                    .collect(),
            )
        })
        .collect();

    let shown = as_of.0.unwrap_or_else(Utc::now).date_naive();
    let begun: Vec<bool> = columns
        .iter()
        .map(|h| first_day(*h).is_some_and(|d| d <= shown))
        .collect();

    let mut rows = Vec::new();
    let mut summary = ComparisonSummary::default();
    let mut listed: Vec<&activity::Model> = now
        .activities
        .iter()
        .filter(|a| a.archived_at.is_none())
        .collect();
    // Activities of the baseline no longer in the plan come last.
    listed.extend(
        then.activities
            .iter()
            .filter(|a| a.archived_at.is_none() && !now_marks.contains_key(&a.id)),
    );
    for a in listed {
        let before = then_marks.get(&a.id);
        let current = now_marks.get(&a.id);
        let change = match (before, current) {
            (Some(_), None) => RowChange::Archived,
            (None, _) => RowChange::Added,
            (Some(b), Some(c)) if b != c => RowChange::Moved,
            _ => RowChange::Unchanged,
        };
        match change {
            RowChange::Added => summary.added.push(a.name.clone()),
            RowChange::Archived => summary.archived.push(a.name.clone()),
            RowChange::Moved => summary.moved.push(a.name.clone()),
            RowChange::Unchanged => {}
        }
        let zero = vec![0; columns.len()];
        let baseline_marks = before.cloned().unwrap_or_else(|| zero.clone());
        let actual = actual_of
            .get(a.key.as_str())
            .cloned()
            .unwrap_or_else(|| vec![None; columns.len()]);
        let deviation = (0..columns.len())
            .map(|i| {
                if before.is_none() || !begun[i] {
                    return None;
                }
                let planned = baseline_marks[i];
                let done = actual[i].unwrap_or(0);
                if planned == 0 && actual[i].is_none() {
                    return None;
                }
                Some(match done.cmp(&planned) {
                    std::cmp::Ordering::Less => -1,
                    std::cmp::Ordering::Equal => 0,
                    std::cmp::Ordering::Greater => 1,
                })
            })
            .collect::<Vec<_>>();
        summary.cells_behind += deviation.iter().filter(|d| **d == Some(-1)).count();
        summary.cells_ahead += deviation.iter().filter(|d| **d == Some(1)).count();
        rows.push(ComparisonRow {
            key: a.key.clone(),
            name: a.name.clone(),
            change,
            baseline: baseline_marks,
            current: current.cloned().unwrap_or(zero),
            actual,
            deviation,
        });
    }

    let with_plans: Vec<i32> =
        history::scopes_with::<activity::Model>(db, project.id, as_of).await?;
    Ok(Comparison {
        view: view_info(db, project.id, as_of).await?,
        project_key: project.key,
        project_name: project.name,
        baseline: baseline_of(baseline),
        sub_project: scope.map(|s| SubProjectRef {
            key: s.key.clone(),
            name: s.name.clone(),
        }),
        columns,
        rows,
        summary,
        sub_projects_with_plans: sub_projects
            .iter()
            .filter(|s| with_plans.contains(&s.id))
            .map(|s| SubProjectRef {
                key: s.key.clone(),
                name: s.name.clone(),
            })
            .collect(),
    })
}
