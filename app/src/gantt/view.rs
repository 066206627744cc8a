//! What the Gantt page shows and how a link names it: the query (zoom,
//! filters, baseline, as-of, closed groups) read from and written to the URL,
//! the lines chosen by it, and the ticks of the time axis at each zoom.
//! Shared by the server (which chooses the lines) and the page.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::{
    ActivityStatus, Baseline, HalfYear, MeetingKind, Milestone, Period, StatusStatement,
    SubProjectRef, ViewInfo,
};

use super::layout::{Deviation, TimeAxis};

/// How fine the time axis is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zoom {
    /// The plan's own columns.
    #[default]
    HalfYears,
    Quarters,
    Months,
    /// Months counted from the project's start, M1 … M36, as EU plans do.
    ProjectMonths,
}

impl Zoom {
    pub const ALL: [Zoom; 4] = [
        Zoom::HalfYears,
        Zoom::Quarters,
        Zoom::Months,
        Zoom::ProjectMonths,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Zoom::HalfYears => "half-years",
            Zoom::Quarters => "quarters",
            Zoom::Months => "months",
            Zoom::ProjectMonths => "project-months",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|z| z.code() == code)
    }

    /// Pixels per half-year: wide enough for the labels of the finest ticks.
    pub fn half_year_width(self) -> f64 {
        match self {
            Zoom::HalfYears => 190.0,
            Zoom::Quarters => 320.0,
            Zoom::Months | Zoom::ProjectMonths => 540.0,
        }
    }
}

/// One tick of the finest row of the time axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tick {
    pub from: NaiveDate,
    /// The first day after the tick.
    pub until: NaiveDate,
    pub label: TickLabel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickLabel {
    Quarter {
        year: i32,
        quarter: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    /// M1 is the month the project starts in.
    ProjectMonth(u32),
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The ticks under the half-years at `zoom` (none at half-years: their
/// band is the finest). Project months are counted over `period` only.
pub fn ticks(zoom: Zoom, axis: &TimeAxis, period: &Period) -> Vec<Tick> {
    let step = match zoom {
        Zoom::HalfYears => return Vec::new(),
        Zoom::Quarters => 3,
        Zoom::Months | Zoom::ProjectMonths => 1,
    };
    let start_month = first_of_month(period.start);
    let mut ticks = Vec::new();
    let mut from = axis.start;
    while from < axis.end {
        let Some(until) = from.checked_add_months(Months::new(step)) else {
            break;
        };
        let label = match zoom {
            Zoom::Quarters => Some(TickLabel::Quarter {
                year: from.year(),
                quarter: from.month0() / 3 + 1,
            }),
            Zoom::Months => Some(TickLabel::Month {
                year: from.year(),
                month: from.month(),
            }),
            _ if from < start_month || from > period.end => None,
            _ => {
                let months = (from.year() - start_month.year()) * 12 + from.month0() as i32
                    - start_month.month0() as i32;
                Some(TickLabel::ProjectMonth(months as u32 + 1))
            }
        };
        if let Some(label) = label {
            ticks.push(Tick { from, until, label });
        }
        from = until;
    }
    ticks
}

/// The view a link names. Values are kept as given; the server checks them.
/// (Defaults for all: the server functions' encoding leaves out empty lists.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GanttQuery {
    pub zoom: Zoom,
    /// One sub-project's chart.
    pub sub: Option<String>,
    /// The sub-projects this partner leads.
    pub partner: Option<String>,
    /// Activities of this status (its code).
    pub status: Option<String>,
    /// Only activities with a deviation.
    pub deviations: bool,
    /// The baseline the plan is compared with.
    pub baseline: Option<String>,
    pub as_of: Option<String>,
    /// Sub-project groups shown closed.
    pub closed: Vec<String>,
}

impl GanttQuery {
    /// Reads the query from URL parameters; an unknown zoom is the default.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let some = |name| crate::layout::param(&get, name);
        GanttQuery {
            zoom: some("zoom")
                .and_then(|z| Zoom::from_code(&z))
                .unwrap_or_default(),
            sub: some("sub"),
            partner: some("partner"),
            status: some("status"),
            deviations: some("deviations").is_some_and(|v| v != "0" && v != "false"),
            baseline: some("baseline"),
            as_of: some("as_of"),
            closed: some("closed")
                .map(|c| {
                    c.split(',')
                        .filter(|k| !k.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The URL parameters of this view, defaults left out, in a fixed order.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.zoom != Zoom::default() {
            params.push(("zoom", self.zoom.code().to_owned()));
        }
        for (name, value) in [
            ("sub", &self.sub),
            ("partner", &self.partner),
            ("status", &self.status),
            ("baseline", &self.baseline),
            ("as_of", &self.as_of),
        ] {
            if let Some(value) = value {
                params.push((name, value.clone()));
            }
        }
        if self.deviations {
            params.push(("deviations", "1".to_owned()));
        }
        if !self.closed.is_empty() {
            params.push(("closed", self.closed.join(",")));
        }
        params
    }

    /// The same view with one group opened or closed.
    pub fn toggled(&self, group: &str) -> Self {
        let mut next = self.clone();
        if next.closed.iter().any(|k| k == group) {
            next.closed.retain(|k| k != group);
        } else {
            next.closed.push(group.to_owned());
            next.closed.sort();
        }
        next
    }
}

/// One half-year of an activity on the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GanttCell {
    pub half_year: HalfYear,
    pub planned: u8,
    /// Recorded actual marks; none where nothing is recorded.
    pub actual: Option<u8>,
    /// The baseline's marks, when a baseline is chosen.
    pub baseline: Option<u8>,
    pub deviation: Option<Deviation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    pub key: String,
    pub name: String,
    /// The sub-project whose plan holds it; none for the project-wide plan.
    pub plan: Option<String>,
    pub status: ActivityStatus,
    pub percent_complete: u8,
    /// Only the half-years with something planned, done or in the baseline.
    pub cells: Vec<GanttCell>,
}

impl ActivityLine {
    pub fn deviates(&self) -> bool {
        self.cells.iter().any(|c| c.deviation.is_some())
    }
}

/// A sub-project's heading: its span and progress over the activities shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLine {
    pub key: String,
    pub name: String,
    pub open: bool,
    pub activities: usize,
    pub first: Option<HalfYear>,
    pub last: Option<HalfYear>,
    /// The mean percent complete of its activities.
    pub percent_complete: u8,
    /// Its activities with a deviation.
    pub deviating: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Line {
    Group(GroupLine),
    Activity(ActivityLine),
}

/// One meeting of a series, as a tick on the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTick {
    pub series: String,
    pub name: String,
    pub kind: MeetingKind,
    /// The day it was held, or is due.
    pub date: NaiveDate,
    /// Held or not, when recorded.
    pub held: Option<bool>,
}

/// A partner that leads sub-projects, for the filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRef {
    pub key: String,
    pub name: String,
}

/// The chart's frame and the lines first on screen; the page asks for the
/// others with `get_gantt_lines` as they scroll into view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gantt {
    pub project_key: String,
    pub project_name: String,
    pub sub_project: Option<SubProjectRef>,
    pub period: Period,
    pub columns: Vec<HalfYear>,
    /// The day the data is shown as of: the as-of day, or today.
    pub day: NaiveDate,
    pub today: NaiveDate,
    pub view: ViewInfo,
    pub baseline: Option<Baseline>,
    /// For the filters and the baseline choice.
    pub sub_projects: Vec<SubProjectRef>,
    pub partners: Vec<PartnerRef>,
    pub baselines: Vec<Baseline>,
    pub milestones: Vec<Milestone>,
    pub meetings: Vec<MeetingTick>,
    pub statuses: Vec<StatusStatement>,
    /// The pixels the names column needs for the widest name of every line
    /// (not only those sent), within bounds.
    pub names_width: u32,
    /// Whether the chart is short enough for a PNG (`draw::MAX_PNG_HEIGHT`);
    /// else the page offers the SVG only.
    pub png_fits: bool,
    pub line_count: usize,
    pub first_line: usize,
    pub lines: Vec<Line>,
}

/// Some consecutive lines of a chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GanttWindow {
    pub first_line: usize,
    pub line_count: usize,
    pub lines: Vec<Line>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn demo_axis() -> (TimeAxis, Period) {
        let period = Period {
            start: day(2008, 12, 1),
            end: day(2011, 11, 30),
        };
        let axis = TimeAxis::over(&period.half_years()).expect("axis");
        (axis, period)
    }

    #[test]
    fn quarters_and_months_tile_the_axis() {
        let (axis, period) = demo_axis();
        assert_eq!(ticks(Zoom::HalfYears, &axis, &period), []);
        let quarters = ticks(Zoom::Quarters, &axis, &period);
        assert_eq!(quarters.len(), 14, "2008 H2 to 2011 H2");
        assert_eq!(quarters[0].from, axis.start);
        assert_eq!(quarters[13].until, axis.end);
        assert_eq!(
            quarters[2].label,
            TickLabel::Quarter {
                year: 2009,
                quarter: 1
            }
        );
        let months = ticks(Zoom::Months, &axis, &period);
        assert_eq!(months.len(), 42);
        assert!(months.windows(2).all(|w| w[0].until == w[1].from));
    }

    #[test]
    fn project_months_count_from_the_start() {
        let (axis, period) = demo_axis();
        let months = ticks(Zoom::ProjectMonths, &axis, &period);
        assert_eq!(months.len(), 36, "M1 … M36");
        assert_eq!(months[0].from, day(2008, 12, 1));
        assert_eq!(months[0].label, TickLabel::ProjectMonth(1));
        assert_eq!(months[35].from, day(2011, 11, 1));
        assert_eq!(months[35].label, TickLabel::ProjectMonth(36));
    }

    #[test]
    fn zoom_widens_the_axis() {
        let widths: Vec<f64> = Zoom::ALL.iter().map(|z| z.half_year_width()).collect();
        assert!(widths[0] < widths[1] && widths[1] < widths[2]);
        // A month at month zoom is wide enough for "sep. 2010".
        assert!(Zoom::Months.half_year_width() / 6.0 >= 80.0);
    }

    #[test]
    fn a_query_survives_the_url() {
        let query = GanttQuery {
            zoom: Zoom::ProjectMonths,
            sub: Some("kbt-senteret".into()),
            partner: None,
            status: Some("delayed".into()),
            deviations: true,
            baseline: Some("soknad".into()),
            as_of: Some("2009-03-23".into()),
            closed: vec!["a".into(), "b".into()],
        };
        let params = query.params();
        let read = GanttQuery::from_params(|name| {
            params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(read, query);
        assert_eq!(GanttQuery::default().params(), []);
        let odd = GanttQuery::from_params(|name| (name == "zoom").then(|| "weeks".to_owned()));
        assert_eq!(odd.zoom, Zoom::HalfYears, "an unknown zoom falls back");
        assert_eq!(query.toggled("a").closed, ["b"]);
        assert_eq!(query.toggled("c").closed, ["a", "b", "c"]);
    }
}
