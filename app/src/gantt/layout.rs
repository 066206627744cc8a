//! Where things go on a Gantt chart of plan against actual, in days: bars
//! from the marks of each half-year, deviations, milestone spans. No drawing
//! and no language here: the SVG/PNG files and the page draw from this.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::{ActualCell, HalfYear, Milestone, MilestoneStatus};

/// The first day of a half-year, and the first day after it.
pub fn days_of(half_year: HalfYear) -> (NaiveDate, NaiveDate) {
    let first_month = if half_year.half() == 1 { 1 } else { 7 };
    let first = NaiveDate::from_ymd_opt(half_year.year(), first_month, 1).unwrap_or_default();
    let next = half_year.next();
    let after = NaiveDate::from_ymd_opt(next.year(), if next.half() == 1 { 1 } else { 7 }, 1)
        .unwrap_or_default();
    (first, after)
}

/// A time axis from the first day of `start` up to (not including) `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeAxis {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl TimeAxis {
    /// The axis over whole half-years, as the plan's columns are.
    pub fn over(columns: &[HalfYear]) -> Option<Self> {
        let first = columns.first()?;
        let last = columns.last()?;
        Some(Self {
            start: days_of(*first).0,
            end: days_of(*last).1,
        })
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days().max(1)
    }

    /// Where `day` falls on an axis `width` long, clamped to the axis.
    pub fn x(&self, day: NaiveDate, width: f64) -> f64 {
        let offset = (day - self.start).num_days().clamp(0, self.days());
        offset as f64 / self.days() as f64 * width
    }

    /// The years the axis touches, each with its first day and the first day
    /// after it on the axis.
    pub fn years(&self) -> Vec<(i32, NaiveDate, NaiveDate)> {
        (self.start.year()..=self.end.pred_opt().unwrap_or(self.end).year())
            .map(|year| {
                let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(self.start);
                let after = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(self.end);
                (year, first.max(self.start), after.min(self.end))
            })
            .collect()
    }
}

/// Half-years kept in the page beyond each side of the chart's viewport when
/// it is zoomed in wider than the screen.
pub const COLUMN_MARGIN: usize = 1;

/// The page's time axis: every half-year equally wide (as the plan's
/// columns are), days spread evenly within their half-year, so bars fill
/// their columns exactly at every zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HalfYearScale {
    pub first: HalfYear,
    pub count: usize,
    /// Pixels per half-year.
    pub width: f64,
}

impl HalfYearScale {
    pub fn new(columns: &[HalfYear], width: f64) -> Option<Self> {
        Some(Self {
            first: *columns.first()?,
            count: columns.len(),
            width,
        })
    }

    pub fn total(&self) -> f64 {
        self.count as f64 * self.width
    }

    /// The column of `half_year`, counted from the first (negative before it).
    pub fn column(&self, half_year: HalfYear) -> i32 {
        (half_year.year() - self.first.year()) * 2 + i32::from(half_year.half())
            - i32::from(self.first.half())
    }

    /// The columns to hold in the page for a track `view` pixels wide
    /// scrolled `left` pixels: those in view and [`COLUMN_MARGIN`] more on
    /// each side, so that scrolling a little never shows a gap.
    pub fn columns_in_view(&self, left: f64, view: f64) -> std::ops::Range<usize> {
        let width = self.width.max(1.0);
        let first = (left.max(0.0) / width).floor() as usize;
        let last = ((left.max(0.0) + view.max(0.0)) / width).ceil() as usize;
        let start = first.saturating_sub(COLUMN_MARGIN).min(self.count);
        let end = last.saturating_add(COLUMN_MARGIN).min(self.count);
        start..end.max(start)
    }

    /// Where the track must be scrolled to show column `column` whole in a
    /// track `view` pixels wide now scrolled `left` pixels; none if it shows.
    pub fn reveal(&self, column: usize, left: f64, view: f64) -> Option<f64> {
        let start = column as f64 * self.width;
        let end = start + self.width;
        if start < left {
            Some(start)
        } else if end > left + view {
            Some((end - view).min(start).max(0.0))
        } else {
            None
        }
    }

    /// Where `day` begins, clamped to the axis.
    pub fn x(&self, day: NaiveDate) -> f64 {
        let half_year = HalfYear::containing(day);
        let index = self.column(half_year);
        let (first, after) = days_of(half_year);
        let within = (day - first).num_days() as f64 / (after - first).num_days().max(1) as f64;
        ((f64::from(index) + within) * self.width).clamp(0.0, self.total())
    }

    /// Left edge and width of the days from `from` up to `until`, at least
    /// `min_width` wide (a one-day meeting stays visible).
    pub fn span(&self, from: NaiveDate, until: NaiveDate, min_width: f64) -> (f64, f64) {
        let left = self.x(from);
        (left, (self.x(until) - left).max(min_width))
    }
}

/// One bar: marks 1–6 over one half-year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bar {
    pub half_year: HalfYear,
    pub from: NaiveDate,
    /// The first day after the bar.
    pub until: NaiveDate,
    pub marks: u8,
}

fn bar(half_year: HalfYear, marks: u8) -> Bar {
    let (from, until) = days_of(half_year);
    Bar {
        half_year,
        from,
        until,
        marks,
    }
}

/// The planned bars of an activity: one for each half-year with marks.
pub fn planned_bars(columns: &[HalfYear], marks: &[u8]) -> Vec<Bar> {
    columns
        .iter()
        .zip(marks)
        .filter(|(_, m)| **m > 0)
        .map(|(h, m)| bar(*h, *m))
        .collect()
}

/// The actual bars of an activity: one for each half-year where progress
/// was recorded above zero.
pub fn actual_bars(columns: &[HalfYear], actual: &[Option<ActualCell>]) -> Vec<Bar> {
    columns
        .iter()
        .zip(actual)
        .filter_map(|(h, a)| a.as_ref().filter(|a| a.marks > 0).map(|a| bar(*h, a.marks)))
        .collect()
}

/// What stands out in a half-year of an activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Deviation {
    /// Planned, and by the day shown the half-year is over with less done.
    Behind,
    /// Done, but not planned.
    Unplanned,
}

/// The deviation of one half-year as seen on `today` (the as-of day).
pub fn deviation(
    half_year: HalfYear,
    planned: u8,
    actual: Option<u8>,
    today: NaiveDate,
) -> Option<Deviation> {
    let done = actual.unwrap_or(0);
    if planned == 0 {
        return (done > 0).then_some(Deviation::Unplanned);
    }
    let over = days_of(half_year).1 <= today;
    (over && done < planned).then_some(Deviation::Behind)
}

/// The narrowest marker on the page: a target of 24 × 24 pixels around its
/// day (WCAG 2.5.8), whatever the zoom.
pub const MARKER_WIDTH: f64 = 24.0;
/// Milestones whose days begin within one stretch of this many pixels of
/// the axis share one marker, which counts them: a programme's hundreds of
/// milestones would otherwise pile up into an unreadable band.
pub const MILESTONE_BUCKET: f64 = 48.0;
/// The names column of a chart `view` pixels wide (0 before the page is
/// measured) whose `count` half-years are each at least `least` wide: as
/// wide as its names `need`, but no more than a third of the view, and,
/// where the half-years would fit beside a narrower column, no wider than
/// leaves them room — a whole chart on one screen matters more than whole
/// names, which show on hover and focus.
pub fn names_column(need: f64, view: f64, count: usize, least: f64) -> f64 {
    if view <= 0.0 {
        return need;
    }
    let most = need.min((view / 3.0).max(160.0));
    let room = view - count as f64 * least;
    if room >= need.min(NARROWEST_NAMES) {
        most.min(room)
    } else {
        most
    }
}

/// The narrowest the names column is made to let the half-years fit.
const NARROWEST_NAMES: f64 = 220.0;

/// The width of a half-year: the zoom's `least`, or more where the
/// `count` half-years would leave the chart's `view` beside the `names`
/// column partly empty — the half-years share the rest of the width.
pub fn half_year_width(least: f64, view: f64, names: f64, count: usize) -> f64 {
    if count == 0 || view <= 0.0 {
        return least;
    }
    ((view - names) / count as f64).floor().max(least)
}

/// An estimate of a milestone name's width on the page, per character.
const NAME_CHAR_WIDTH: f64 = 7.5;

/// One marker of the milestone lanes at one zoom: a milestone, or several
/// close together.
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneMark {
    /// The milestones it stands for (indices into the list given), in the
    /// order of their days.
    pub members: Vec<usize>,
    pub left: f64,
    pub width: f64,
    /// The upper lane (false) or the lower one: markers alternate, so that
    /// neighbours never cover each other.
    pub lower: bool,
    /// A single milestone whose name fits before the next marker of its
    /// lane; the others show their names on hover and focus only.
    pub named: bool,
}

/// Lays out milestones whose days span `spans` (left edge and width in
/// pixels, in any order) and whose names are `names` characters long, on
/// an axis `end` pixels long, in two lanes, markers alternating between
/// them. A name is written only where it ends before the next marker of
/// its lane and before the axis's end (a chart that fits the screen must
/// not grow a scroll bar for a label). Where each milestone's
/// marker then clears the one before it in its lane, each has its own;
/// otherwise those beginning in the same stretch of [`MILESTONE_BUCKET`]
/// pixels share one.
pub fn milestone_marks(spans: &[(f64, f64)], names: &[usize], end: f64) -> Vec<MilestoneMark> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|a, b| spans[*a].0.total_cmp(&spans[*b].0).then(a.cmp(b)));
    let single = |i: usize| {
        let (left, width) = spans[i];
        MilestoneMark {
            members: vec![i],
            left,
            width: width.max(MARKER_WIDTH),
            lower: false,
            named: false,
        }
    };
    let singles: Vec<MilestoneMark> = order.iter().map(|&i| single(i)).collect();
    let clear = singles
        .windows(3)
        .all(|w| w[2].left >= w[0].left + w[0].width + MARKER_GAP);
    let marks = if clear { singles } else { grouped(singles) };
    lanes_and_names(marks, names, end)
}

/// Space between two markers of one lane.
const MARKER_GAP: f64 = 4.0;

/// Merges markers (in order of their left edges) that begin in the same
/// stretch of [`MILESTONE_BUCKET`] pixels.
fn grouped(singles: Vec<MilestoneMark>) -> Vec<MilestoneMark> {
    let bucket = |left: f64| (left.max(0.0) / MILESTONE_BUCKET).floor() as i64;
    let mut marks: Vec<MilestoneMark> = Vec::new();
    for single in singles {
        match marks.last_mut() {
            Some(mark) if bucket(mark.left) == bucket(single.left) => {
                mark.members.extend(single.members);
                mark.width = mark.width.max(single.left + single.width - mark.left);
            }
            _ => marks.push(single),
        }
    }
    marks
}

fn lanes_and_names(mut marks: Vec<MilestoneMark>, names: &[usize], end: f64) -> Vec<MilestoneMark> {
    let starts: Vec<f64> = marks.iter().map(|m| m.left).collect();
    for (m, mark) in marks.iter_mut().enumerate() {
        mark.lower = m % 2 == 1;
        let next_in_lane = starts.get(m + 2).copied().unwrap_or(end);
        mark.named = match mark.members.as_slice() {
            [only] => {
                let name = names.get(*only).copied().unwrap_or(0) as f64 * NAME_CHAR_WIDTH;
                mark.left + MARKER_WIDTH + name <= next_in_lane
            }
            _ => false,
        };
    }
    marks
}

/// A milestone's span on the axis: its days, the last one included.
pub fn milestone_span(milestone: &Milestone) -> (NaiveDate, NaiveDate) {
    let (first, last) = match (milestone.status, milestone.actual_first_day) {
        (MilestoneStatus::Held, Some(first)) => (first, milestone.actual_last_day.unwrap_or(first)),
        _ => (milestone.first_day, milestone.last_day),
    };
    (first, last.checked_add_days(Days::new(1)).unwrap_or(last))
}

/// A milestone whose days are past on `today` without its being held or
/// cancelled.
pub fn milestone_overdue(milestone: &Milestone, today: NaiveDate) -> bool {
    matches!(
        milestone.status,
        MilestoneStatus::Planned | MilestoneStatus::Moved
    ) && milestone.last_day < today
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Achievement, MilestoneKind};

    fn h(year: i32, half: u8) -> HalfYear {
        HalfYear::new(year, half).expect("half-year")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn bars_cover_the_half_years_with_marks() {
        let columns = [h(2008, 2), h(2009, 1), h(2009, 2)];
        let bars = planned_bars(&columns, &[1, 0, 3]);
        assert_eq!(bars.len(), 2);
        assert_eq!(
            (bars[0].from, bars[0].until, bars[0].marks),
            (day(2008, 7, 1), day(2009, 1, 1), 1)
        );
        assert_eq!(
            (bars[1].from, bars[1].until),
            (day(2009, 7, 1), day(2010, 1, 1))
        );
        let actual = [
            Some(ActualCell {
                marks: 1,
                achievement: Achievement::Fully,
                comment: String::new(),
                version: 1,
            }),
            None,
            Some(ActualCell {
                marks: 0,
                achievement: Achievement::NotAchieved,
                comment: String::new(),
                version: 1,
            }),
        ];
        assert_eq!(
            actual_bars(&columns, &actual).len(),
            1,
            "zero marks draw no bar"
        );
    }

    #[test]
    fn the_axis_places_days_in_proportion() {
        let axis = TimeAxis::over(&[h(2008, 2), h(2009, 1), h(2009, 2), h(2010, 1)]).expect("axis");
        assert_eq!((axis.start, axis.end), (day(2008, 7, 1), day(2010, 7, 1)));
        assert_eq!(axis.x(axis.start, 1000.0), 0.0);
        assert_eq!(axis.x(axis.end, 1000.0), 1000.0);
        let middle = axis.x(day(2009, 7, 1), 1000.0);
        assert!((middle - 500.0).abs() < 2.0, "{middle}");
        assert_eq!(axis.x(day(2001, 1, 1), 1000.0), 0.0, "clamped");
        let years: Vec<i32> = axis.years().iter().map(|y| y.0).collect();
        assert_eq!(years, [2008, 2009, 2010]);
        assert_eq!(axis.years()[0].1, day(2008, 7, 1), "cut to the axis");
        assert_eq!(TimeAxis::over(&[]), None);
    }

    #[test]
    fn the_half_years_share_the_width_the_names_leave() {
        // The demo's seven half-years on a projector: 1,900 pixels of chart,
        // names of 420 — each half-year gets a seventh of the rest.
        assert_eq!(half_year_width(190.0, 1900.0, 420.0, 7), 211.0);
        // On a small screen the zoom's width holds, and the chart scrolls.
        assert_eq!(half_year_width(190.0, 1200.0, 420.0, 7), 190.0);
        // Before the page is measured, and with no half-years: the zoom's.
        assert_eq!(half_year_width(540.0, 0.0, 300.0, 7), 540.0);
        assert_eq!(half_year_width(190.0, 1900.0, 300.0, 0), 190.0);
    }

    #[test]
    fn the_names_take_what_they_need_but_leave_the_bars_room() {
        // The demo on a projector (1,820 pixels of chart, seven half-years
        // of at least 190): names needing 420 get them; needing 560, they
        // give way to 490 so that the half-years fit.
        assert_eq!(names_column(420.0, 1820.0, 7, 190.0), 420.0);
        assert_eq!(names_column(560.0, 1820.0, 7, 190.0), 490.0);
        // Where the half-years cannot fit anyway, the names keep their
        // width, up to a third of the view.
        assert_eq!(names_column(380.0, 1200.0, 7, 190.0), 380.0);
        assert_eq!(names_column(560.0, 1200.0, 7, 190.0), 400.0);
        assert_eq!(names_column(420.0, 300.0, 7, 190.0), 160.0);
        // Before the page is measured: what they need.
        assert_eq!(names_column(420.0, 0.0, 7, 190.0), 420.0);
    }

    #[test]
    fn the_page_scale_gives_each_half_year_the_same_width() {
        let scale =
            HalfYearScale::new(&[h(2008, 2), h(2009, 1), h(2009, 2)], 200.0).expect("scale");
        assert_eq!(scale.total(), 600.0);
        assert_eq!(scale.x(day(2008, 7, 1)), 0.0);
        assert_eq!(scale.x(day(2009, 1, 1)), 200.0);
        assert_eq!(scale.x(day(2009, 7, 1)), 400.0);
        assert_eq!(scale.x(day(2010, 1, 1)), 600.0, "the day after the axis");
        assert_eq!(scale.x(day(2001, 1, 1)), 0.0, "clamped");
        assert_eq!(scale.x(day(2020, 1, 1)), 600.0, "clamped");
        // 23 March 2009: day 81 of the 181 days of 2009 H1.
        let march = scale.x(day(2009, 3, 23));
        assert!(
            (march - (200.0 + 81.0 / 181.0 * 200.0)).abs() < 1e-9,
            "{march}"
        );
        let (left, width) = scale.span(day(2009, 3, 23), day(2009, 3, 25), 1.0);
        assert_eq!(left, march);
        assert!((width - 2.0 / 181.0 * 200.0).abs() < 1e-6, "{width}");
        assert_eq!(scale.span(day(2009, 3, 23), day(2009, 3, 23), 8.0).1, 8.0);
        assert_eq!(HalfYearScale::new(&[], 200.0), None);
    }

    #[test]
    fn the_columns_in_view_follow_horizontal_scrolling() {
        // Months zoom: 540 px a half-year, 20 half-years, 1,620 px of track.
        let scale = HalfYearScale {
            first: h(2009, 1),
            count: 20,
            width: 540.0,
        };
        assert_eq!(scale.column(h(2009, 1)), 0);
        assert_eq!(scale.column(h(2011, 2)), 5);
        assert_eq!(scale.column(h(2008, 2)), -1);
        // At the start: columns 0–2 in view (1,620 / 540 = 3), one more.
        assert_eq!(scale.columns_in_view(0.0, 1_620.0), 0..4);
        // Scrolled into column 10: 10–13 in view, a margin on each side.
        assert_eq!(scale.columns_in_view(5_500.0, 1_620.0), 9..15);
        // At the end, and beyond it.
        assert_eq!(scale.columns_in_view(9_180.0, 1_620.0), 16..20);
        assert_eq!(scale.columns_in_view(1e9, 1_620.0), 20..20);
        // Half-years zoom on a wide screen: everything.
        let wide = HalfYearScale {
            first: h(2008, 2),
            count: 7,
            width: 190.0,
        };
        assert_eq!(wide.columns_in_view(0.0, 1_620.0), 0..7);
        // A width not yet known does not divide by zero.
        let zero = HalfYearScale { width: 0.0, ..wide };
        assert_eq!(zero.columns_in_view(0.0, 10.0).start, 0);
    }

    #[test]
    fn revealing_a_column_scrolls_as_little_as_needed() {
        let scale = HalfYearScale {
            first: h(2009, 1),
            count: 20,
            width: 540.0,
        };
        assert_eq!(scale.reveal(1, 0.0, 1_620.0), None, "in view");
        assert_eq!(scale.reveal(5, 0.0, 1_620.0), Some(6.0 * 540.0 - 1_620.0));
        assert_eq!(scale.reveal(2, 3_000.0, 1_620.0), Some(1_080.0));
        // A view narrower than a column shows its start.
        assert_eq!(scale.reveal(4, 0.0, 300.0), Some(2_160.0));
    }

    #[test]
    fn milestones_close_together_share_a_marker() {
        // The demo's three, far apart: each its own, named, alternating lanes.
        let marks = milestone_marks(
            &[(300.0, 2.0), (10.0, 3.0), (800.0, 2.0)],
            &[14, 15, 15],
            1_330.0,
        );
        let members: Vec<&[usize]> = marks.iter().map(|m| m.members.as_slice()).collect();
        assert_eq!(members, [&[1][..], &[0], &[2]]);
        assert_eq!(
            marks.iter().map(|m| m.lower).collect::<Vec<_>>(),
            [false, true, false]
        );
        assert!(marks.iter().all(|m| m.named));
        assert_eq!((marks[0].left, marks[0].width), (10.0, MARKER_WIDTH));

        // Two 25 px apart (the demo's autumn gatherings at half-years zoom):
        // one in each lane, each its own.
        let marks = milestone_marks(&[(0.0, 2.0), (25.0, 2.0), (100.0, 2.0)], &[5; 3], 1_330.0);
        assert_eq!(marks.len(), 3);
        assert!(marks[0].named && marks[1].named);

        // Crowded (the second's lane neighbour is not cleared): three
        // within one stretch of 48 px, one in the next; the first marker as
        // wide as its members reach.
        let marks = milestone_marks(
            &[(0.0, 2.0), (20.0, 30.0), (47.0, 2.0), (50.0, 2.0)],
            &[5; 4],
            1_330.0,
        );
        assert_eq!(marks.len(), 2);
        assert_eq!(marks[0].members, [0, 1, 2]);
        assert_eq!((marks[0].left, marks[0].width), (0.0, 71.0));
        assert!(!marks[0].named, "a group shows a count, not names");
        assert_eq!(marks[1].members, [3]);
        assert!(marks[1].lower);

        // A name that does not fit before the next marker of its lane.
        let marks = milestone_marks(
            &[(0.0, 2.0), (60.0, 2.0), (120.0, 2.0)],
            &[30, 1, 1],
            1_330.0,
        );
        assert!(!marks[0].named, "30 characters reach past 120 px");
        assert!(marks[1].named && marks[2].named);

        // The last name, near the axis's end (a closing conference in the
        // project's last days): not written past the end of the chart.
        let marks = milestone_marks(&[(100.0, 2.0), (1_300.0, 2.0)], &[14, 15], 1_330.0);
        assert!(marks[0].named);
        assert!(
            !marks[1].named,
            "15 characters from 1,300 px reach past 1,330"
        );
    }

    #[test]
    fn hundreds_of_milestones_make_markers_no_closer_than_a_stretch() {
        // 500 milestones a few pixels apart over 3,800 px (half-years zoom,
        // 20 half-years): one marker per stretch, at most.
        let spans: Vec<(f64, f64)> = (0..500).map(|i| (f64::from(i) * 7.6, 1.0)).collect();
        let marks = milestone_marks(&spans, &[12; 500], 3_800.0);
        assert!(
            marks.len() <= (3_800.0 / MILESTONE_BUCKET) as usize + 1,
            "{}",
            marks.len()
        );
        assert_eq!(marks.iter().map(|m| m.members.len()).sum::<usize>(), 500);
        for lane in [false, true] {
            let lefts: Vec<f64> = marks
                .iter()
                .filter(|m| m.lower == lane)
                .map(|m| m.left)
                .collect();
            assert!(
                lefts.windows(2).all(|w| w[1] - w[0] > MILESTONE_BUCKET),
                "{lane}"
            );
        }
    }

    #[test]
    fn deviations_follow_the_day_shown() {
        let first_half_2009 = h(2009, 1);
        // Before the half-year is over nothing is behind yet.
        assert_eq!(deviation(first_half_2009, 3, None, day(2009, 3, 23)), None);
        assert_eq!(
            deviation(first_half_2009, 3, Some(1), day(2009, 7, 1)),
            Some(Deviation::Behind)
        );
        assert_eq!(
            deviation(first_half_2009, 3, Some(3), day(2009, 7, 1)),
            None
        );
        assert_eq!(
            deviation(first_half_2009, 3, Some(4), day(2010, 1, 1)),
            None,
            "ahead is no deviation"
        );
        assert_eq!(
            deviation(first_half_2009, 0, Some(2), day(2009, 3, 1)),
            Some(Deviation::Unplanned)
        );
        assert_eq!(deviation(first_half_2009, 0, None, day(2012, 1, 1)), None);
    }

    #[test]
    fn milestones_span_their_days_and_are_overdue_unless_held() {
        let mut m = Milestone {
            key: "oppstartsamling".into(),
            version: 1,
            name: "Oppstartsamling".into(),
            kind: MilestoneKind::Gathering,
            first_day: day(2009, 3, 23),
            last_day: day(2009, 3, 24),
            place: String::new(),
            description: String::new(),
            sub_project: None,
            status: MilestoneStatus::Planned,
            actual_first_day: None,
            actual_last_day: None,
        };
        assert_eq!(milestone_span(&m), (day(2009, 3, 23), day(2009, 3, 25)));
        assert!(!milestone_overdue(&m, day(2009, 3, 24)));
        assert!(milestone_overdue(&m, day(2009, 3, 25)));
        m.status = MilestoneStatus::Held;
        m.actual_first_day = Some(day(2009, 3, 24));
        m.actual_last_day = Some(day(2009, 3, 26));
        assert_eq!(
            milestone_span(&m),
            (day(2009, 3, 24), day(2009, 3, 27)),
            "held on other days"
        );
        assert!(!milestone_overdue(&m, day(2010, 1, 1)));
        m.status = MilestoneStatus::Cancelled;
        assert!(!milestone_overdue(&m, day(2010, 1, 1)));
    }
}
