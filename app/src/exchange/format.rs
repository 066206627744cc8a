//! The exchange format: one TOML file holds one whole project. The demo data
//! is such a file, and `server import FILE` reads the same format. README.md,
//! "Exchange format", documents it for users.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Cadence, Country, MeetingKind, MilestoneKind, Period, ProjectStatus, SubProjectKind,
};

/// The value of `format` this version reads and writes.
pub const FORMAT_VERSION: &str = "framdrift/1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeFile {
    pub format: String,
    pub project: ProjectDoc,
    #[serde(default)]
    pub partners: Vec<PartnerDoc>,
    #[serde(default)]
    pub sub_projects: Vec<SubProjectDoc>,
    /// The project-wide progress plan.
    #[serde(default)]
    pub activities: Vec<ActivityDoc>,
    #[serde(default)]
    pub milestones: Vec<MilestoneDoc>,
    #[serde(default)]
    pub meeting_series: Vec<MeetingSeriesDoc>,
    #[serde(default)]
    pub status_statements: Vec<StatusStatementDoc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectDoc {
    /// Short, URL-safe name: lower-case letters, digits and dashes.
    pub key: String,
    pub name: String,
    pub funding_programme: String,
    pub period: Period,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub target_group: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub sub_goals: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerDoc {
    pub key: String,
    pub name: String,
    pub country: Country,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubProjectDoc {
    pub key: String,
    pub name: String,
    pub kind: SubProjectKind,
    /// A partner's key.
    #[serde(default)]
    pub lead_partner: Option<String>,
    pub period: Period,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub target_group: String,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub sub_goals: Vec<String>,
    /// The sub-project's own progress plan.
    #[serde(default)]
    pub activities: Vec<ActivityDoc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityDoc {
    pub name: String,
    /// Planned marks per half-year: `{ "2009-H1" = 3 }`. Half-years left out
    /// have no marks. Checked by validation so errors can name the key.
    #[serde(default)]
    pub marks: BTreeMap<String, i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDoc {
    pub name: String,
    pub kind: MilestoneKind,
    pub first_day: NaiveDate,
    /// Defaults to `first_day` for one-day events.
    #[serde(default)]
    pub last_day: Option<NaiveDate>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub description: String,
    /// A sub-project's key; none for the whole project.
    #[serde(default)]
    pub sub_project: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingSeriesDoc {
    pub name: String,
    pub kind: MeetingKind,
    pub cadence: Cadence,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sub_project: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusStatementDoc {
    pub date: NaiveDate,
    pub status: ProjectStatus,
    pub text: String,
    #[serde(default)]
    pub sub_project: Option<String>,
}
