//! What every write takes or answers, whatever it writes: a new name, the
//! version an archive or restore is based on, and what was saved.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A new name for a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewName {
    pub name: String,
    /// The version the change is based on.
    pub version: i32,
}

/// Archive or restore: only the version is needed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionOnly {
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
