//! The Gantt chart's data, read as it stood at a moment and chosen by a
//! query: for the page (its lines and frame, `gantt`) and for the files
//! drawn from it (`draw`). The font shipped in `app/fonts/` measures the
//! page's names and draws the files' text.

use std::sync::OnceLock;

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::baseline::queries::{baseline_marks, list_baselines};
use crate::domain::{
    ActivityStatus, ActualCell, AsOf, Baseline, HalfYear, Milestone, Period, StatusStatement,
    SubProjectRef, ViewInfo,
};
use crate::error::AppError;
use crate::plan::queries::{Rows, read_plan};
use crate::project::queries::load_overview;
use crate::schedule::queries::load_schedule;

use super::view::{
    ActivityLine, Gantt, GanttCell, GanttQuery, GroupLine, Line, MeetingTick, PartnerRef,
};

use super::layout::{Deviation, deviation, planned_bars};

/// The font of every label, in both formats.
pub(crate) const FONT: &str = "DejaVu Sans";
static FONT_FILE: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

pub(crate) fn font_ready() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| {
        let registered = register_font(FONT, FontStyle::Normal, FONT_FILE).is_ok()
            && register_font(FONT, FontStyle::Bold, FONT_FILE).is_ok();
        if !registered {
            tracing::error!("the shipped font could not be read");
        }
        registered
    })
}

/// One activity on the chart.
#[derive(Clone, Debug)]
pub struct ChartRow {
    pub key: String,
    pub name: String,
    pub columns: Vec<HalfYear>,
    pub marks: Vec<u8>,
    pub actual: Vec<Option<ActualCell>>,
    /// The baseline's marks per column, when a baseline is chosen.
    pub baseline: Option<Vec<u8>>,
    pub status: ActivityStatus,
    pub percent_complete: u8,
}

impl ChartRow {
    /// The deviation of each column as seen on `day`.
    pub fn deviations(&self, day: NaiveDate) -> impl Iterator<Item = Option<Deviation>> + '_ {
        self.columns.iter().enumerate().map(move |(i, &half_year)| {
            let planned = self.marks.get(i).copied().unwrap_or(0);
            let actual = self.actual.get(i).cloned().flatten().map(|a| a.marks);
            deviation(half_year, planned, actual, day)
        })
    }
}

/// The project-wide activities (no key, no name) or one sub-project's.
#[derive(Clone, Debug)]
pub struct ChartGroup {
    pub key: Option<String>,
    pub name: Option<String>,
    /// The partner that leads the sub-project, by key.
    pub lead_partner: Option<String>,
    /// Closed groups show their heading only.
    pub open: bool,
    pub rows: Vec<ChartRow>,
}

/// Everything a chart shows, read as it stood at a moment and chosen by a
/// query (filters, closed groups, baseline).
#[derive(Clone, Debug)]
pub struct ChartData {
    pub project_key: String,
    pub project_name: String,
    pub sub_project: Option<SubProjectRef>,
    pub period: Period,
    pub columns: Vec<HalfYear>,
    /// The day the data is shown as of: the as-of day, or today.
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub view: ViewInfo,
    pub groups: Vec<ChartGroup>,
    pub milestones: Vec<Milestone>,
    pub meetings: Vec<MeetingTick>,
    pub statuses: Vec<StatusStatement>,
    pub baseline: Option<Baseline>,
    pub sub_projects: Vec<SubProjectRef>,
    pub partners: Vec<PartnerRef>,
    pub baselines: Vec<Baseline>,
}

fn rows_of(columns: &[HalfYear], rows: Vec<crate::domain::PlanRow>) -> Vec<ChartRow> {
    rows.into_iter()
        .map(|r| ChartRow {
            key: r.key,
            name: r.name,
            columns: columns.to_vec(),
            marks: r.marks,
            actual: r.actual,
            baseline: None,
            status: r.status,
            percent_complete: r.percent_complete,
        })
        .collect()
}

/// The chart of a project (and its sub-projects' plans), or of one
/// sub-project, as it stood at the query's as-of moment, filtered by it.
pub async fn load_chart(
    db: &DatabaseConnection,
    project_key: &str,
    query: &GanttQuery,
    today: NaiveDate,
) -> Result<ChartData, AppError> {
    // One snapshot for the plans of the project and of every sub-project.
    let txn = crate::db::begin_read(db).await?;
    let chart = read_chart(&txn, project_key, query, today).await?;
    txn.commit().await?;
    Ok(chart)
}

/// `load_chart` inside a read that is already under way.
pub(crate) async fn read_chart(
    db: &impl ConnectionTrait,
    project_key: &str,
    query: &GanttQuery,
    today: NaiveDate,
) -> Result<ChartData, AppError> {
    let as_of = AsOf::parse_param(query.as_of.as_deref())?;
    let status = query
        .status
        .as_deref()
        .map(|code| {
            ActivityStatus::from_code(code).ok_or_else(|| AppError::BadParameter {
                parameter: "status".to_owned(),
                problem: format!("one of {}", ActivityStatus::codes()),
            })
        })
        .transpose()?;
    let sub_project = query.sub.as_deref();
    let overview = load_overview(db, project_key, as_of).await?;
    if let Some(partner) = &query.partner
        && overview.partner_name(partner).is_none()
    {
        return Err(AppError::not_found("partner", partner));
    }
    let lead_of = |key: &str| {
        overview
            .sub_projects
            .iter()
            .find(|s| s.key == key)
            .and_then(|s| s.lead_partner.clone())
    };
    // The project-wide plan gives the axis and the sub-projects with plans;
    // its rows are drawn only when the whole project is shown.
    let project_rows = match sub_project {
        Some(_) => Rows::Window { first: 0, count: 0 },
        None => Rows::All,
    };
    let mut whole = read_plan(db, project_key, None, as_of, project_rows).await?;
    let mut groups = Vec::new();
    let mut shown_sub_project = None;
    let group = |sub: &SubProjectRef, plan: crate::domain::Plan| ChartGroup {
        key: Some(sub.key.clone()),
        name: Some(sub.name.clone()),
        lead_partner: lead_of(&sub.key),
        open: true,
        rows: rows_of(&plan.columns, plan.rows),
    };
    match sub_project {
        Some(key) => {
            let plan = read_plan(db, project_key, Some(key), as_of, Rows::All).await?;
            let sub = plan
                .sub_project
                .clone()
                .ok_or_else(|| AppError::not_found("sub-project", key))?;
            groups.push(group(&sub, plan));
            shown_sub_project = Some(sub);
        }
        None => {
            groups.push(ChartGroup {
                key: None,
                name: None,
                lead_partner: None,
                open: true,
                rows: rows_of(&whole.columns, std::mem::take(&mut whole.rows)),
            });
            for sub in &whole.sub_projects_with_plans {
                let plan = read_plan(db, project_key, Some(&sub.key), as_of, Rows::All).await?;
                groups.push(group(sub, plan));
            }
        }
    }

    let baseline = match &query.baseline {
        Some(key) => {
            let (baseline, marks) = baseline_marks(db, project_key, key, as_of).await?;
            for row in groups.iter_mut().flat_map(|g| g.rows.iter_mut()) {
                let recorded = marks.get(&row.key);
                row.baseline = Some(
                    row.columns
                        .iter()
                        .map(|h| recorded.and_then(|m| m.get(h)).copied().unwrap_or(0))
                        .collect(),
                );
            }
            Some(baseline)
        }
        None => None,
    };

    let day = as_of.day().unwrap_or(today);
    // Filters: by partner whole sub-projects, by status and deviation single
    // activities; a group left without activities is not shown.
    if let Some(partner) = &query.partner {
        groups.retain(|g| g.lead_partner.as_deref() == Some(partner.as_str()));
    }
    let filtered = status.is_some() || query.deviations;
    for group in &mut groups {
        group.rows.retain(|row| {
            status.is_none_or(|s| row.status == s)
                && (!query.deviations || row.deviations(day).any(|d| d.is_some()))
        });
        group.open = !group
            .key
            .as_ref()
            .is_some_and(|key| query.closed.contains(key));
    }
    if filtered {
        groups.retain(|g| !g.rows.is_empty());
    }

    // Milestones, meetings and statements of a sub-project (`owner`) go with
    // it; the whole project's go on every chart but a sub-project's.
    let shown = |owner: Option<&str>| match (sub_project, &query.partner, owner) {
        (Some(sub), _, owner) => owner == Some(sub),
        (None, _, None) => true,
        (None, Some(partner), Some(owner)) => lead_of(owner).as_deref() == Some(partner.as_str()),
        (None, None, Some(_)) => true,
    };
    let schedule = load_schedule(db, project_key, as_of).await?;
    let mut milestones = schedule.milestones;
    milestones.retain(|m| shown(m.sub_project.as_ref().map(|s| s.key.as_str())));
    let mut meetings = Vec::new();
    for series in schedule
        .meeting_series
        .iter()
        .filter(|s| shown(s.sub_project.as_ref().map(|s| s.key.as_str())))
    {
        for &date in &series.occurrences {
            let outcome = series.outcomes.iter().find(|o| o.date == date);
            meetings.push(MeetingTick {
                series: series.key.clone(),
                name: series.name.clone(),
                kind: series.kind,
                date: outcome.and_then(|o| o.actual_date).unwrap_or(date),
                held: outcome.map(|o| o.held),
            });
        }
    }
    meetings.sort_by_key(|m| m.date);
    let mut statuses = schedule.status_statements;
    statuses.retain(|s| shown(s.sub_project.as_deref()));
    statuses.sort_by_key(|s| s.date);

    let partners = overview
        .partners
        .iter()
        .filter(|p| {
            overview
                .sub_projects
                .iter()
                .any(|s| s.lead_partner.as_deref() == Some(p.key.as_str()))
        })
        .map(|p| PartnerRef {
            key: p.key.clone(),
            name: p.name.clone(),
        })
        .collect();
    let baselines = list_baselines(db, project_key, as_of)
        .await?
        .into_iter()
        .filter(|b| !b.archived)
        .collect();
    Ok(ChartData {
        project_key: project_key.to_owned(),
        project_name: whole.project_name,
        sub_project: shown_sub_project,
        period: whole.period,
        columns: whole.columns,
        day,
        today,
        view: whole.view,
        groups,
        milestones,
        meetings,
        statuses,
        baseline,
        sub_projects: whole.sub_projects_with_plans,
        partners,
        baselines,
    })
}

/// The chart as lines of the page: sub-project headings, and the activities
/// of open groups.
pub fn lines(chart: &ChartData) -> Vec<Line> {
    let mut lines = Vec::new();
    for group in &chart.groups {
        if let (Some(key), Some(name)) = (&group.key, &group.name) {
            let planned: Vec<HalfYear> = group
                .rows
                .iter()
                .flat_map(|r| planned_bars(&r.columns, &r.marks))
                .map(|b| b.half_year)
                .collect();
            let activities = group.rows.len();
            let percent: usize = group
                .rows
                .iter()
                .map(|r| usize::from(r.percent_complete))
                .sum();
            lines.push(Line::Group(GroupLine {
                key: key.clone(),
                name: name.clone(),
                open: group.open,
                activities,
                first: planned.iter().min().copied(),
                last: planned.iter().max().copied(),
                percent_complete: u8::try_from(percent / activities.max(1)).unwrap_or(100),
                deviating: group
                    .rows
                    .iter()
                    .filter(|r| r.deviations(chart.day).any(|d| d.is_some()))
                    .count(),
            }));
        }
        if !group.open {
            continue;
        }
        for row in &group.rows {
            let cells = row
                .columns
                .iter()
                .zip(row.deviations(chart.day))
                .enumerate()
                .map(|(i, (&half_year, deviation))| GanttCell {
                    half_year,
                    planned: row.marks.get(i).copied().unwrap_or(0),
                    actual: row.actual.get(i).cloned().flatten().map(|a| a.marks),
                    baseline: row
                        .baseline
                        .as_ref()
                        .map(|b| b.get(i).copied().unwrap_or(0)),
                    deviation,
                })
                .filter(|c| {
                    c.planned > 0
                        || c.actual.is_some_and(|a| a > 0)
                        || c.baseline.is_some_and(|b| b > 0)
                        || c.deviation.is_some()
                })
                .collect();
            lines.push(Line::Activity(ActivityLine {
                key: row.key.clone(),
                name: row.name.clone(),
                plan: group.key.clone(),
                status: row.status,
                percent_complete: row.percent_complete,
                cells,
            }));
        }
    }
    lines
}

/// The narrowest and widest names column of the page, in pixels.
pub const NAMES_WIDTH: std::ops::RangeInclusive<u32> = 220..=560;

/// The width in pixels the page's names column needs for the widest name of
/// `lines` in the page's font (DejaVu Sans, 16 px; a group's name bold, after
/// its ▸), within [`NAMES_WIDTH`]: the names no longer than they must be.
pub fn names_width(lines: &[Line]) -> u32 {
    // The column's padding (2 × 0.6 rem), its border and a little air.
    const PADDING: u32 = 24;
    // A name, and whether it is a group's.
    fn name(line: &Line) -> (&str, bool) {
        match line {
            Line::Activity(activity) => (activity.name.as_str(), false),
            Line::Group(group) => (group.name.as_str(), true),
        }
    }
    // Only names near the longest in characters can be the widest: the
    // widest glyph is not three times as wide as the narrowest common one.
    let longest = lines
        .iter()
        .map(|l| name(l).0.chars().count())
        .max()
        .unwrap_or(0);
    let measured = if font_ready() {
        lines
            .iter()
            .map(name)
            .filter(|(text, _)| text.chars().count() * 3 >= longest)
            .filter_map(|(text, group)| {
                let (style, lead) = if group {
                    (FontStyle::Bold, "▸ ")
                } else {
                    (FontStyle::Normal, "")
                };
                let font = FontDesc::new(FontFamily::Name(FONT), 16.0, style);
                font.box_size(&format!("{lead}{text}")).ok().map(|(w, _)| w)
            })
            .max()
            .unwrap_or(0)
    } else {
        // Without the font: DejaVu Sans is about 0.6 em a character.
        u32::try_from(longest * 10).unwrap_or(u32::MAX)
    };
    measured
        .saturating_add(PADDING)
        .clamp(*NAMES_WIDTH.start(), *NAMES_WIDTH.end())
}

/// The chart's frame with `count` of its `lines` from line `first` on, its
/// names column `names_width` pixels wide ([`names_width`] of the lines).
pub fn gantt(
    chart: &ChartData,
    lines: &[Line],
    names_width: u32,
    first: usize,
    count: usize,
) -> Gantt {
    let line_count = lines.len();
    let first = first.min(line_count);
    let end = first.saturating_add(count).min(line_count);
    let lines = lines[first..end].to_vec();
    // Field by field: the chart's groups (every row) stay behind in the cache.
    Gantt {
        project_key: chart.project_key.clone(),
        project_name: chart.project_name.clone(),
        sub_project: chart.sub_project.clone(),
        period: chart.period,
        columns: chart.columns.clone(),
        day: chart.day,
        today: chart.today,
        view: chart.view.clone(),
        baseline: chart.baseline.clone(),
        sub_projects: chart.sub_projects.clone(),
        partners: chart.partners.clone(),
        baselines: chart.baselines.clone(),
        milestones: chart.milestones.clone(),
        meetings: chart.meetings.clone(),
        statuses: chart.statuses.clone(),
        names_width,
        png_fits: super::draw::height(chart) <= super::draw::MAX_PNG_HEIGHT,
        line_count,
        first_line: first,
        lines,
    }
}
