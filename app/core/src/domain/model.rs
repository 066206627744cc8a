//! What the pages and the JSON API show. One shape serves both, so the API
//! never drifts from what users see.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{AsOf, HalfYear};

/// Declares a closed set of values stored and exchanged as short text codes,
/// with the conversions in both directions.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
code_enum!(
    /// Where an activity stands as a whole.
    ActivityStatus {
        NotStarted => "not_started",
        InProgress => "in_progress",
        Delayed => "delayed",
        Done => "done",
        Cancelled => "cancelled",
    }
);
code_enum!(
    /// Whether a half-year's work was achieved, as Interreg reports ask.
    Achievement { Fully => "fully", Partly => "partly", NotAchieved => "not_achieved", NotDue => "not_due" }
);
code_enum!(
    /// What became of a milestone.
    MilestoneStatus { Planned => "planned", Held => "held", Moved => "moved", Cancelled => "cancelled" }
);
code_enum!(
    /// The kinds of record the history keeps.
    RecordKind {
        Project => "project",
        Partner => "partner",
        SubProject => "sub_project",
        Goal => "goal",
        Activity => "activity",
        PlanCell => "plan_cell",
        ProgressCell => "progress_cell",
        Milestone => "milestone",
        MeetingSeries => "meeting_series",
        MeetingOutcome => "meeting_outcome",
        StatusStatement => "status_statement",
        Baseline => "baseline",
        Membership => "membership",
        ShareLink => "share_link",
    }
);
code_enum!(
    /// What a person may do in a project: everything (leader), the plan,
    /// progress, milestones and status of one sub-project (sub-project
    /// leader), or read the whole project (partner).
    Role { Leader => "leader", SubProjectLeader => "sub_project_leader", Partner => "partner" }
);

impl RecordKind {
    /// Whether a record of this kind can change what a plan shows
    /// (`Plan`, its baselines and comparisons): all but the schedule's —
    /// status statements, milestones and meetings are not in a plan.
    pub fn changes_plan(self) -> bool {
        !matches!(
            self,
            RecordKind::StatusStatement
                | RecordKind::Milestone
                | RecordKind::MeetingSeries
                | RecordKind::MeetingOutcome
        )
    }
}

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

/// The longest name (of an activity, milestone, partner …) we accept.
pub const MAX_NAME_CHARS: usize = 200;

/// Whether `address` is a web address a page may link to: `http:` or
/// `https:` with a host, nothing a browser would run (`javascript:`).
pub fn is_web_address(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !address.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

/// The longest free text (a comment, a status statement) we accept.
pub const MAX_TEXT_CHARS: usize = 4000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// The longest a project's period may be, in years: every read of a
    /// plan, schedule and chart works over the whole period.
    pub const MAX_YEARS: u32 = 15;

    pub fn half_years(&self) -> Vec<HalfYear> {
        HalfYear::covering(self.start, self.end)
    }

    /// Whether the period lasts at most [`Self::MAX_YEARS`] years.
    pub fn is_bounded(&self) -> bool {
        self.start
            .checked_add_months(Months::new(12 * Self::MAX_YEARS))
            .is_some_and(|limit| self.end < limit)
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// `problem` for a day of something of the project that falls outside
    /// it, naming the period.
    pub fn outside(&self, day: NaiveDate) -> Option<String> {
        (!self.contains(day)).then(|| {
            format!(
                "{day} lies outside the project's period {} – {}",
                self.start, self.end
            )
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    pub key: String,
    pub name: String,
    pub funding_programme: String,
    pub period: Period,
    /// Readable by anyone; otherwise by its members (and share links).
    pub public: bool,
    /// When an administrator archived the finished project; none if active.
    pub archived_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Partner {
    pub key: String,
    pub version: i32,
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
    pub version: i32,
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
    pub key: String,
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
    pub version: i32,
    pub name: String,
    pub funding_programme: String,
    pub period: Period,
    pub description: String,
    pub target_group: String,
    pub website: String,
    /// Readable by anyone; otherwise by its members (and share links).
    pub public: bool,
    /// When an administrator archived the finished project; none if active.
    pub archived_at: Option<chrono::DateTime<chrono::Utc>>,
    pub goals: Vec<String>,
    pub sub_goals: Vec<String>,
    pub partners: Vec<Partner>,
    pub sub_projects: Vec<SubProject>,
    pub status_statements: Vec<StatusStatement>,
    pub view: ViewInfo,
}

/// What every view says about itself: the moment it shows, and whether it
/// holds content no source reports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ViewInfo {
    /// The moment shown; none for now.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub as_of: AsOf,
    /// The view includes change sets marked illustrative (the demo's
    /// progress beyond what its sources report).
    pub illustrative: bool,
    /// What the caller may do in the project, for the page to offer only
    /// the controls that will work (the server decides again on each write).
    #[serde(default)]
    pub access: ProjectAccess,
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

/// One row of a progress plan: an activity, its planned marks and what
/// actually happened, per column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanRow {
    /// Stable within the project: survives renames and re-imports.
    pub key: String,
    pub activity_id: i32,
    pub name: String,
    /// The activity's version, for optimistic concurrency.
    pub version: i32,
    /// Planned marks (0–6), one per entry of the plan's `columns`.
    pub marks: Vec<u8>,
    /// The version of each planned cell (0: never set), per column.
    pub mark_versions: Vec<i32>,
    /// What actually happened, per column; none where nothing is recorded.
    pub actual: Vec<Option<ActualCell>>,
    pub status: ActivityStatus,
    pub percent_complete: u8,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

/// Actual progress of an activity in one half-year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActualCell {
    /// Actual marks, on the plan's scale 0–6.
    pub marks: u8,
    pub achievement: Achievement,
    pub comment: String,
    pub version: i32,
}

/// An archived record (activity, milestone, meeting series): hidden from
/// current views, kept, restorable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ArchivedRecord {
    pub key: String,
    pub name: String,
    pub version: i32,
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
    /// How many active activities the plan has: all of them are in `rows`,
    /// unless a window of rows was asked for.
    pub row_count: usize,
    /// The index of the first of `rows` among all rows (0 unless windowed).
    pub first_row: usize,
    pub rows: Vec<PlanRow>,
    /// Archived activities of this plan, for restoring.
    pub archived: Vec<ArchivedRecord>,
    /// Every sub-project of the project that has a plan, for switching.
    pub sub_projects_with_plans: Vec<SubProjectRef>,
    /// Sub-projects without a plan yet, where one can be started.
    pub sub_projects_without_plans: Vec<SubProjectRef>,
    pub view: ViewInfo,
}

/// Some consecutive rows of a plan, for a page that shows only those in view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanWindow {
    /// The index of the first of `rows` among the plan's active activities.
    pub first_row: usize,
    /// How many active activities the plan has in all.
    pub row_count: usize,
    pub rows: Vec<PlanRow>,
}

/// One field of one record, changed by a change set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub kind: RecordKind,
    /// The record's key (`oppstart-og-organisering`, `…@2009-H1`).
    pub record: String,
    /// What a reader calls it: the activity's name and half-year, say.
    pub label: String,
    /// `created` when the record was created.
    pub field: String,
    /// JSON of the old and new value; none for a created record.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One change set of the history: one edit or one import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub id: i32,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    /// page, api, import or upgrade.
    pub source: String,
    pub summary: String,
    pub illustrative: bool,
    /// The first changes of the set (a large import is shortened).
    pub changes: Vec<FieldChange>,
    /// How many field changes the set holds in all.
    pub change_count: u64,
    /// `as_of` values for the views just before and just after it.
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct HistoryFilter {
    /// A sub-project's key.
    #[serde(default)]
    pub sub: Option<String>,
    /// An activity's key.
    #[serde(default)]
    pub activity: Option<String>,
    /// A kind of record: activity, plan_cell, milestone, …
    #[serde(default)]
    pub kind: Option<String>,
    /// Who made the change, as the history names them ("Name <email>").
    #[serde(default)]
    pub person: Option<String>,
    /// 1 for the newest changes.
    #[serde(default)]
    pub page: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryPage {
    pub project_key: String,
    pub project_name: String,
    pub entries: Vec<HistoryEntry>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub filter: HistoryFilter,
    /// For the filters: the sub-projects and activities of the project,
    /// and everyone who changed it.
    pub sub_projects: Vec<SubProjectRef>,
    pub activities: Vec<ActivityRef>,
    pub people: Vec<String>,
    /// The kinds of record this reader's history can show (changes to
    /// members and share links are for leaders only), for the kind filter.
    pub kinds: Vec<RecordKind>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActivityRef {
    pub key: String,
    pub name: String,
}

/// A named, dated plan to compare against: the plan as recorded at
/// `captured_at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Baseline {
    pub key: String,
    pub name: String,
    pub date: NaiveDate,
    pub captured_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
    pub archived: bool,
}

/// How an activity fares between a baseline and the current plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowChange {
    Unchanged,
    /// Added since the baseline.
    Added,
    /// In the baseline, archived since.
    Archived,
    /// Its planned marks differ from the baseline's.
    Moved,
}

/// One activity: baseline, current and actual marks per half-year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ComparisonRow {
    pub key: String,
    pub name: String,
    pub change: RowChange,
    pub baseline: Vec<u8>,
    pub current: Vec<u8>,
    /// Actual marks; none where nothing is recorded.
    pub actual: Vec<Option<u8>>,
    /// Per half-year: actual against the baseline, for half-years begun by
    /// the moment shown: -1 behind, 0 as planned, 1 ahead; none for later ones.
    pub deviation: Vec<Option<i8>>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ComparisonSummary {
    pub added: Vec<String>,
    pub archived: Vec<String>,
    pub moved: Vec<String>,
    pub cells_behind: usize,
    pub cells_ahead: usize,
}

/// A baseline against the current plan and actual progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub project_key: String,
    pub project_name: String,
    pub baseline: Baseline,
    pub sub_project: Option<SubProjectRef>,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub columns: Vec<HalfYear>,
    pub rows: Vec<ComparisonRow>,
    pub summary: ComparisonSummary,
    /// Every sub-project with a plan, for switching.
    pub sub_projects_with_plans: Vec<SubProjectRef>,
    pub view: ViewInfo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub key: String,
    pub version: i32,
    pub name: String,
    pub kind: MilestoneKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub place: String,
    pub description: String,
    pub sub_project: Option<SubProjectRef>,
    pub status: MilestoneStatus,
    pub actual_first_day: Option<NaiveDate>,
    pub actual_last_day: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeetingSeries {
    pub key: String,
    pub version: i32,
    pub name: String,
    pub kind: MeetingKind,
    pub cadence: Cadence,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    pub note: String,
    pub sub_project: Option<SubProjectRef>,
    /// Derived from the cadence: the first date, then one each step.
    pub occurrences: Vec<NaiveDate>,
    /// What is recorded of occurrences: held or not.
    pub outcomes: Vec<MeetingOutcome>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeetingOutcome {
    /// The derived date of the meeting.
    pub date: NaiveDate,
    pub held: bool,
    pub actual_date: Option<NaiveDate>,
    pub note: String,
    pub version: i32,
}

/// Milestones, meetings and status statements of a project, by date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Schedule {
    pub project_key: String,
    pub project_name: String,
    pub milestones: Vec<Milestone>,
    pub meeting_series: Vec<MeetingSeries>,
    /// Archived milestones and meeting series, for restoring.
    pub archived_milestones: Vec<ArchivedRecord>,
    pub archived_series: Vec<ArchivedRecord>,
    pub status_statements: Vec<StatusStatement>,
    /// The project's sub-projects, for choosing whose a new item is.
    pub sub_projects: Vec<SubProjectRef>,
    pub view: ViewInfo,
}

/// What the caller may do in one project, for the pages to offer only the
/// controls that will work. The server decides again on every write.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectAccess {
    pub signed_in: bool,
    /// Everything in the project (project leader, administrator).
    pub lead: bool,
    /// Keys of the sub-projects whose plan, progress and schedule the caller
    /// may change.
    pub sub_projects: Vec<String>,
    /// Reading through a share link.
    pub shared: bool,
}

impl ProjectAccess {
    /// May the caller change records of sub-project `sub` (none: the
    /// project-wide ones)?
    pub fn can_edit(&self, sub: Option<&str>) -> bool {
        self.lead || sub.is_some_and(|s| self.sub_projects.iter().any(|k| k == s))
    }

    /// May the caller change anything at all in the project?
    pub fn can_edit_any(&self) -> bool {
        self.lead || !self.sub_projects.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_are_links() {
        for good in [
            "https://www.interreg-sverige-norge.com",
            "http://example.no/prosjekt?a=1",
        ] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example",
            "https://",
            "https:///path",
            "www.example.no",
            "https://exa mple.no",
            "https://example.no/\n",
            "vbscript:x",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

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
