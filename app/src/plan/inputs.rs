//! What the plan's writes take, from the pages (server functions) and the
//! JSON API alike. Numbers arrive wide (`i64`) so that a wrong one gets a
//! message naming the field rather than a parse error.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Achievement, ActivityStatus};

/// Where a new activity goes: the project-wide plan or a sub-project's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewActivity {
    /// A sub-project's key; none for the project-wide plan.
    #[serde(default)]
    pub sub_project: Option<String>,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewName {
    pub name: String,
    /// The version the change is based on.
    pub version: i32,
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

/// Archive or restore: only the version is needed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionOnly {
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

/// What a write answers: the record's key and new version, and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Saved {
    pub key: String,
    pub version: i32,
    pub changed_at: DateTime<Utc>,
}
