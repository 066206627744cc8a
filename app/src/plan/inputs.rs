//! What the plan's writes take, from the pages (server functions) and the
//! JSON API alike. Numbers arrive wide (`i64`) so that a wrong one gets a
//! message naming the field rather than a parse error.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Achievement, ActivityStatus};

// What every write takes or answers, kept with the domain since the
// commands of every feature and the write frame (`edit`) use them.
pub use crate::domain::{NewName, Saved, VersionOnly};

/// Where a new activity goes: the project-wide plan or a sub-project's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewActivity {
    /// A sub-project's key; none for the project-wide plan.
    #[serde(default)]
    pub sub_project: Option<String>,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Movement {
    pub direction: Direction,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlannedMarks {
    /// `2009-H1`.
    pub half_year: String,
    /// 0–6.
    pub marks: i64,
    /// The cell's version; 0 for a cell never set.
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActualProgress {
    pub half_year: String,
    /// Actual marks on the plan's scale, 0–6.
    pub marks: i64,
    pub achievement: Achievement,
    #[serde(default)]
    pub comment: String,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActivityProgress {
    pub status: ActivityStatus,
    /// 0–100.
    pub percent_complete: i64,
    #[serde(default)]
    pub actual_start: Option<NaiveDate>,
    #[serde(default)]
    pub actual_end: Option<NaiveDate>,
    pub version: i32,
}
