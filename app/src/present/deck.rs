//! Which slides a presentation holds, in order: paging the charts by the
//! rows a screen holds, and choosing where "since the last meeting" starts.

use std::sync::Arc;

use chrono::{Months, NaiveDate};

use crate::domain::{AsOf, MeetingKind};
use crate::error::AppError;
use crate::gantt::cache::Chart;
use crate::gantt::layout::Deviation;
use crate::gantt::view::{GanttQuery, Line};
use crate::state::AppState;

use super::PresentQuery;

/// One slide of a deck.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlideKind {
    Title,
    Since,
    /// A page of the whole project's chart: the project-wide activities and
    /// a line for each sub-project.
    Overview {
        page: usize,
        pages: usize,
    },
    /// A page of one sub-project's chart (`group`: its key), with its summary.
    SubProject {
        group: String,
        page: usize,
        pages: usize,
    },
    /// A page of the half-years behind plan, worst first.
    Deviations {
        page: usize,
        pages: usize,
    },
    ComingUp,
}

/// Where "since the last meeting" starts, and why there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    /// Asked for in the URL.
    Chosen(NaiveDate),
    /// The last steering meeting held before the day of the data.
    LastSteeringMeeting(NaiveDate),
    /// No steering meeting was held before: three months earlier.
    ThreeMonthsEarlier(NaiveDate),
}

impl Since {
    pub fn day(self) -> NaiveDate {
        match self {
            Since::Chosen(day)
            | Since::LastSteeringMeeting(day)
            | Since::ThreeMonthsEarlier(day) => day,
        }
    }
}

/// A half-year of an activity behind plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Behind {
    pub activity: String,
    /// The sub-project whose plan holds it; none for the project-wide plan.
    pub plan: Option<String>,
    pub half_year: crate::domain::HalfYear,
    pub planned: u8,
    pub actual: Option<crate::domain::ActualCell>,
}

impl Behind {
    /// How far behind: the marks planned and not done.
    pub fn shortfall(&self) -> u8 {
        self.planned
            .saturating_sub(self.actual.as_ref().map_or(0, |a| a.marks))
    }
}

/// A presentation laid out: its chart, as read, and its slides.
pub struct Deck {
    pub project: String,
    pub query: PresentQuery,
    pub chart: Arc<Chart>,
    pub rows: usize,
    pub today: NaiveDate,
    pub since: Since,
    pub slides: Vec<SlideKind>,
}

/// Pages of `count` items, `per_page` to a page (at least one page).
fn pages(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page.max(1)).max(1)
}

impl Deck {
    pub async fn read(
        state: &AppState,
        project: &str,
        query: &PresentQuery,
        rows: u32,
        today: NaiveDate,
    ) -> Result<Deck, AppError> {
        let chart = state
            .charts
            .chart(
                &state.db,
                project,
                &chart_query(query, query.as_of.clone()),
                today,
            )
            .await?;
        let rows = usize::try_from(rows).unwrap_or(usize::MAX);
        let since = since(query, &chart)?;
        let mut slides = vec![SlideKind::Title, SlideKind::Since];
        if query.sub.is_none() {
            let overview = overview_lines(&chart.lines).count();
            let count = pages(overview, rows);
            slides.extend((1..=count).map(|page| SlideKind::Overview { page, pages: count }));
        }
        for group in chart.data.groups.iter().filter_map(|g| g.key.clone()) {
            let lines = sub_project_lines(&chart.lines, &group).count();
            let count = pages(lines, rows);
            slides.extend((1..=count).map(|page| SlideKind::SubProject {
                group: group.clone(),
                page,
                pages: count,
            }));
        }
        // A deviation takes a line and its comment another.
        let behind = behind(&chart).len();
        let count = pages(behind, (rows / 2).max(1));
        slides.extend((1..=count).map(|page| SlideKind::Deviations { page, pages: count }));
        slides.push(SlideKind::ComingUp);
        Ok(Deck {
            project: project.to_owned(),
            query: query.clone(),
            chart,
            rows,
            today,
            since,
            slides,
        })
    }

    pub fn len(&self) -> usize {
        self.slides.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slides.is_empty()
    }

    /// The project's baselines, oldest first.
    pub fn baselines(&self) -> Vec<String> {
        self.chart
            .data
            .baselines
            .iter()
            .map(|b| b.key.clone())
            .collect()
    }

    /// The day the data speaks of.
    pub fn day(&self) -> NaiveDate {
        self.chart.data.day
    }

    /// The chart as it stood at the start of "since the last meeting".
    pub async fn chart_at_since(&self, state: &AppState) -> Result<Option<Arc<Chart>>, AppError> {
        let query = chart_query(&self.query, Some(self.since.day().to_string()));
        state
            .charts
            .chart_if_recorded(&state.db, &self.project, &query, self.today)
            .await
    }
}

/// The Gantt chart's query for a presentation's chart as of `as_of`.
fn chart_query(query: &PresentQuery, as_of: Option<String>) -> GanttQuery {
    GanttQuery {
        sub: query.sub.clone(),
        baseline: query.baseline.clone(),
        as_of,
        ..GanttQuery::default()
    }
}

fn since(query: &PresentQuery, chart: &Chart) -> Result<Since, AppError> {
    let day = chart.data.day;
    if let Some(text) = &query.since {
        let chosen: NaiveDate = text.parse().map_err(|_| AppError::BadParameter {
            parameter: "since".to_owned(),
            problem: "a date such as 2009-03-23".to_owned(),
        })?;
        if chosen > day {
            return Err(AppError::BadParameter {
                parameter: "since".to_owned(),
                problem: format!("{chosen} is after the day of the data, {day}"),
            });
        }
        return Ok(Since::Chosen(chosen));
    }
    let last_meeting = chart
        .data
        .meetings
        .iter()
        .filter(|m| m.kind == MeetingKind::Steering && m.held == Some(true) && m.date < day)
        .map(|m| m.date)
        .max();
    Ok(match last_meeting {
        Some(date) => Since::LastSteeringMeeting(date),
        None => Since::ThreeMonthsEarlier(day.checked_sub_months(Months::new(3)).unwrap_or(day)),
    })
}

/// The whole project's lines: its own activities and each sub-project's heading.
pub fn overview_lines(lines: &[Line]) -> impl Iterator<Item = &Line> {
    lines.iter().filter(|line| match line {
        Line::Group(_) => true,
        Line::Activity(activity) => activity.plan.is_none(),
    })
}

/// The activities of sub-project `key`'s plan.
pub fn sub_project_lines<'a>(lines: &'a [Line], key: &'a str) -> impl Iterator<Item = &'a Line> {
    lines.iter().filter(move |line| match line {
        Line::Group(_) => false,
        Line::Activity(activity) => activity.plan.as_deref() == Some(key),
    })
}

/// Every half-year behind plan by the day of the data, worst first: the
/// most marks short, then the earliest.
pub fn behind(chart: &Chart) -> Vec<Behind> {
    let day = chart.data.day;
    let mut all = Vec::new();
    for group in &chart.data.groups {
        for row in &group.rows {
            for (i, deviation) in row.deviations(day).enumerate() {
                if deviation != Some(Deviation::Behind) {
                    continue;
                }
                all.push(Behind {
                    activity: row.name.clone(),
                    plan: group.name.clone(),
                    half_year: row.columns[i],
                    planned: row.marks.get(i).copied().unwrap_or(0),
                    actual: row.actual.get(i).cloned().flatten(),
                });
            }
        }
    }
    all.sort_by(|a, b| {
        b.shortfall()
            .cmp(&a.shortfall())
            .then(a.half_year.cmp(&b.half_year))
            .then(a.activity.cmp(&b.activity))
    });
    all
}

/// The as-of of a deck's query, for reading other things at the same moment.
pub fn as_of(query: &PresentQuery) -> Result<AsOf, AppError> {
    Ok(AsOf::parse_param(query.as_of.as_deref())?)
}
