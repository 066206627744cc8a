//! What a period report holds, read at one moment: the chart as of the day
//! of the data (what was done in the period, as recorded since), and the
//! plan as it stood when the period began and when it ended (what was
//! changed in it).

use chrono::{Days, NaiveDate};

use crate::domain::{ActualCell, Baseline, HalfYear, Milestone, ProjectStatus};
use crate::error::AppError;
use crate::gantt::cache::Chart;
use crate::gantt::chart::ChartData;
use crate::gantt::layout::days_of;
use crate::gantt::view::{GanttQuery, MeetingTick};
use crate::state::AppState;

use super::ReportQuery;

/// One activity's half-year in the period.
#[derive(Clone, Debug)]
pub struct ReportRow {
    /// The sub-project's name, for an activity of one.
    pub plan: Option<String>,
    pub name: String,
    pub planned: u8,
    /// The chosen baseline's marks; none when no baseline is chosen.
    pub baseline: Option<u8>,
    /// As recorded by the day of the data; none when nothing was recorded.
    pub actual: Option<ActualCell>,
}

/// A milestone of the period, with the days it had when the period began
/// when they were other.
#[derive(Clone, Debug)]
pub struct ReportMilestone {
    pub milestone: Milestone,
    pub moved_from: Option<(NaiveDate, NaiveDate)>,
}

pub struct Report {
    pub project_key: String,
    pub project_name: String,
    pub sub_project: Option<String>,
    pub period: HalfYear,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// The day the data is read as of.
    pub day: NaiveDate,
    /// Every half-year of the project, to choose another period.
    pub half_years: Vec<HalfYear>,
    /// The baseline compared with, and every baseline to choose from.
    pub baseline: Option<Baseline>,
    pub baselines: Vec<Baseline>,
    pub rows: Vec<ReportRow>,
    pub milestones: Vec<ReportMilestone>,
    pub meetings: Vec<MeetingTick>,
    pub statuses: Vec<(NaiveDate, ProjectStatus, String)>,
    /// The plan when the period began (none: the project was not yet
    /// recorded) and when it ended (or on the day of the data, if earlier).
    pub plan_before: Option<std::sync::Arc<Chart>>,
    pub plan_after: std::sync::Arc<Chart>,
}

/// The chart of the report's plan as of `as_of`; the baseline is only read
/// into the chart of the day of the data (it may not exist at the others).
fn chart_query(query: &ReportQuery, as_of: Option<String>) -> GanttQuery {
    GanttQuery {
        sub: query.sub.clone(),
        as_of,
        ..GanttQuery::default()
    }
}

/// The half-year a report is of: the one asked for (400 `period` when it
/// is not a half-year of the project), else the last one ended by the day
/// of the data, else the first.
fn period_of(query: &ReportQuery, data: &ChartData) -> Result<HalfYear, AppError> {
    let columns = &data.columns;
    if let Some(text) = query.period.as_deref() {
        let period: HalfYear = text.parse().map_err(|_| AppError::BadParameter {
            parameter: "period".to_owned(),
            problem: "a half-year such as 2009-H2".to_owned(),
        })?;
        if !columns.contains(&period) {
            return Err(AppError::BadParameter {
                parameter: "period".to_owned(),
                problem: format!("{period} is outside the project's period"),
            });
        }
        return Ok(period);
    }
    columns
        .iter()
        .rev()
        .find(|h| days_of(**h).1 <= data.day)
        .or(columns.first())
        .copied()
        .ok_or_else(|| AppError::BadParameter {
            parameter: "period".to_owned(),
            problem: "the project has no half-years".to_owned(),
        })
}

pub async fn load_report(
    state: &AppState,
    project: &str,
    query: &ReportQuery,
    today: NaiveDate,
) -> Result<Report, AppError> {
    let charts = &state.charts;
    let now = charts
        .chart(
            &state.db,
            project,
            &GanttQuery {
                baseline: query.baseline.clone(),
                ..chart_query(query, query.as_of.clone())
            },
            today,
        )
        .await?;
    let data = &now.data;
    let period = period_of(query, data)?;
    let (first_day, after) = days_of(period);
    let last_day = after.pred_opt().unwrap_or(after);
    let day = data.day;

    // The plan when the period began and when it ended.
    let before_day = first_day
        .checked_sub_days(Days::new(1))
        .unwrap_or(first_day);
    let plan_before = charts
        .chart_if_recorded(
            &state.db,
            project,
            &chart_query(query, Some(before_day.to_string())),
            today,
        )
        .await?;
    let plan_after = if last_day < day {
        charts
            .chart(
                &state.db,
                project,
                &chart_query(query, Some(last_day.to_string())),
                today,
            )
            .await?
    } else {
        now.clone()
    };

    let rows = data
        .groups
        .iter()
        .flat_map(|group| group.rows.iter().map(move |row| (group, row)))
        .filter_map(|(group, row)| {
            // A sub-project's plan may have columns of its own.
            let i = row.columns.iter().position(|h| *h == period)?;
            let planned = row.marks.get(i).copied().unwrap_or(0);
            let actual = row.actual.get(i).cloned().flatten();
            let baseline = row
                .baseline
                .as_ref()
                .map(|marks| marks.get(i).copied().unwrap_or(0));
            (planned > 0 || actual.is_some() || baseline.is_some_and(|b| b > 0)).then(|| {
                ReportRow {
                    plan: group.name.clone(),
                    name: row.name.clone(),
                    planned,
                    baseline,
                    actual,
                }
            })
        })
        .collect();

    let in_period = |date: NaiveDate| first_day <= date && date <= last_day;
    let before_days = |key: &str| {
        plan_before.as_ref().and_then(|c| {
            c.data
                .milestones
                .iter()
                .find(|m| m.key == key)
                .map(|m| (m.first_day, m.last_day))
        })
    };
    let milestones = data
        .milestones
        .iter()
        .filter(|m| {
            let planned = m.first_day <= last_day && m.last_day >= first_day;
            let held = m.actual_first_day.is_some_and(in_period);
            let was_planned = before_days(&m.key)
                .is_some_and(|(first, last)| first <= last_day && last >= first_day);
            planned || held || was_planned
        })
        .map(|m| ReportMilestone {
            moved_from: before_days(&m.key).filter(|days| *days != (m.first_day, m.last_day)),
            milestone: m.clone(),
        })
        .collect();
    let meetings = data
        .meetings
        .iter()
        .filter(|m| in_period(m.date))
        .cloned()
        .collect();
    let statuses = data
        .statuses
        .iter()
        .filter(|s| in_period(s.date))
        .map(|s| (s.date, s.status, s.text.clone()))
        .collect();

    Ok(Report {
        project_key: data.project_key.clone(),
        project_name: data.project_name.clone(),
        sub_project: data.sub_project.as_ref().map(|s| s.name.clone()),
        period,
        first_day,
        last_day,
        day,
        half_years: data.columns.clone(),
        baseline: data.baseline.clone(),
        baselines: data.baselines.clone(),
        rows,
        milestones,
        meetings,
        statuses,
        plan_before,
        plan_after,
    })
}
