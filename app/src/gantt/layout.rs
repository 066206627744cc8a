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

    /// Where `day` begins, clamped to the axis.
    pub fn x(&self, day: NaiveDate) -> f64 {
        let half_year = HalfYear::containing(day);
        let index = (half_year.year() - self.first.year()) * 2 + i32::from(half_year.half())
            - i32::from(self.first.half());
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
