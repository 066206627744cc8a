//! What the pages and the JSON API show. One shape serves both, so the API
//! never drifts from what users see.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::HalfYear;

/// Declares a closed set of values stored and exchanged as short text codes,
/// with the conversions in both directions.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The accepted codes, for error messages.
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }
    };
}

code_enum!(
    /// Which side of the border a partner is on.
    Country { Norway => "NO", Sweden => "SE" }
);
code_enum!(
    /// Development of new measures, or evaluation of existing ones.
    SubProjectKind { Development => "development", Evaluation => "evaluation" }
);
code_enum!(
    MilestoneKind { Gathering => "gathering", Seminar => "seminar", Report => "report", Other => "other" }
);
code_enum!(
    MeetingKind { Collaboration => "collaboration", Network => "network", Steering => "steering", Other => "other" }
);
code_enum!(
    Cadence { Monthly => "monthly", Quarterly => "quarterly", HalfYearly => "half_yearly" }
);
code_enum!(
    /// How the project stands, as a status statement says it.
    ProjectStatus { OnTrack => "on_track", AtRisk => "at_risk", Behind => "behind" }
);
code_enum!(
    GoalKind { Goal => "goal", SubGoal => "sub_goal" }
);

impl Cadence {
    fn months(self) -> u32 {
        match self {
            Cadence::Monthly => 1,
            Cadence::Quarterly => 3,
            Cadence::HalfYearly => 6,
        }
    }

    /// The meeting dates of a series: the first date, then one per cadence step,
    /// as long as they fall on or before the last date.
    pub fn occurrences(self, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        (0u32..)
            .map_while(|step| first.checked_add_months(Months::new(step * self.months())))
            .take_while(|date| *date <= last)
            .collect()
    }
}

/// The most planned marks a half-year cell can hold, as in the seed tables.
pub const MAX_MARKS: u8 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn half_years(&self) -> Vec<HalfYear> {
        HalfYear::covering(self.start, self.end)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    pub key: String,
    pub name: String,
    pub funding_programme: String,
    pub period: Period,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Partner {
    pub key: String,
    pub name: String,
    pub country: Country,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubProjectRef {
    pub key: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubProject {
    pub key: String,
    pub name: String,
    pub kind: SubProjectKind,
    /// The partner that runs it, by key.
    pub lead_partner: Option<String>,
    pub period: Period,
    pub description: String,
    pub target_group: String,
    pub goals: Vec<String>,
    pub sub_goals: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusStatement {
    pub date: NaiveDate,
    pub status: ProjectStatus,
    pub text: String,
    /// The sub-project it speaks of; none for the whole project.
    pub sub_project: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectOverview {
    pub key: String,
    pub name: String,
    pub funding_programme: String,
    pub period: Period,
    pub description: String,
    pub target_group: String,
    pub website: String,
    pub goals: Vec<String>,
    pub sub_goals: Vec<String>,
    pub partners: Vec<Partner>,
    pub sub_projects: Vec<SubProject>,
    pub status_statements: Vec<StatusStatement>,
}

impl ProjectOverview {
    pub fn partners_in(&self, country: Country) -> impl Iterator<Item = &Partner> {
        self.partners.iter().filter(move |p| p.country == country)
    }

    pub fn partner_name(&self, key: &str) -> Option<&str> {
        self.partners
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.name.as_str())
    }
}

/// One row of a progress plan: an activity and its planned marks per column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanRow {
    pub activity_id: i32,
    pub name: String,
    /// Planned marks (0–6), one per entry of the plan's `columns`.
    pub marks: Vec<u8>,
}

/// A progress plan: of the whole project, or of one sub-project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Plan {
    pub project_key: String,
    pub project_name: String,
    /// The sub-project whose plan this is; none for the project-wide plan.
    pub sub_project: Option<SubProjectRef>,
    pub period: Period,
    /// Half-years, written like `2009-H1`.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>, example = json!(["2008-H2", "2009-H1"])))]
    pub columns: Vec<HalfYear>,
    pub rows: Vec<PlanRow>,
    /// Every sub-project of the project that has a plan, for switching.
    pub sub_projects_with_plans: Vec<SubProjectRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub name: String,
    pub kind: MilestoneKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub place: String,
    pub description: String,
    pub sub_project: Option<SubProjectRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeetingSeries {
    pub name: String,
    pub kind: MeetingKind,
    pub cadence: Cadence,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub note: String,
    pub sub_project: Option<SubProjectRef>,
    /// Derived from the cadence: the first date, then one each step.
    pub occurrences: Vec<NaiveDate>,
}

/// Milestones, meetings and status statements of a project, by date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Schedule {
    pub project_key: String,
    pub project_name: String,
    pub milestones: Vec<Milestone>,
    pub meeting_series: Vec<MeetingSeries>,
    pub status_statements: Vec<StatusStatement>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn quarterly_meetings_fall_every_three_months_within_the_series() {
        let dates = Cadence::Quarterly.occurrences(day(2009, 1, 15), day(2009, 12, 31));
        assert_eq!(
            dates,
            [
                day(2009, 1, 15),
                day(2009, 4, 15),
                day(2009, 7, 15),
                day(2009, 10, 15)
            ]
        );
    }

    #[test]
    fn month_ends_are_clamped_not_skipped() {
        let dates = Cadence::Monthly.occurrences(day(2009, 1, 31), day(2009, 3, 31));
        assert_eq!(
            dates,
            [day(2009, 1, 31), day(2009, 2, 28), day(2009, 3, 31)]
        );
    }

    #[test]
    fn codes_round_trip() {
        for kind in MeetingKind::ALL {
            assert_eq!(MeetingKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(Country::from_code("NO"), Some(Country::Norway));
        assert_eq!(Country::from_code("DK"), None);
    }
}
