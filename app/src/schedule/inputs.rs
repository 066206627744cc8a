//! What the schedule's writes take: status statements, milestones, meeting
//! series and what became of their meetings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Cadence, MeetingKind, MilestoneKind, MilestoneStatus, ProjectStatus};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewStatusStatement {
    /// A sub-project's key; none for the whole project.
    #[serde(default)]
    pub sub_project: Option<String>,
    pub date: NaiveDate,
    pub status: ProjectStatus,
    pub text: String,
}

/// A milestone as the leader writes it; `version` 0 adds a new one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MilestoneInput {
    #[serde(default)]
    pub sub_project: Option<String>,
    pub name: String,
    pub kind: MilestoneKind,
    pub first_day: NaiveDate,
    #[serde(default)]
    pub last_day: Option<NaiveDate>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub description: String,
    /// Held (with the actual days), moved (the planned days changed; the old
    /// ones stay in the history) or cancelled.
    pub status: MilestoneStatus,
    #[serde(default)]
    pub actual_first_day: Option<NaiveDate>,
    #[serde(default)]
    pub actual_last_day: Option<NaiveDate>,
    pub version: i32,
}

/// A meeting series; `version` 0 adds a new one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SeriesInput {
    #[serde(default)]
    pub sub_project: Option<String>,
    pub name: String,
    pub kind: MeetingKind,
    pub cadence: Cadence,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    #[serde(default)]
    pub note: String,
    pub version: i32,
}

/// Whether one derived meeting date was held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutcomeInput {
    /// The derived date of the meeting.
    pub date: NaiveDate,
    pub held: bool,
    #[serde(default)]
    pub actual_date: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
    /// 0 for a date nothing was recorded of.
    pub version: i32,
}
