//! What the writes of a project's facts take.

use serde::{Deserialize, Serialize};

use crate::domain::{Country, Period, SubProjectKind};

/// A new project: its key (in its addresses, never changed), name,
/// programme, period, and whether anyone may read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewProject {
    /// Lower-case letters a–z, digits and dashes, 2 to 48 of them.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub funding_programme: String,
    pub period: Period,
    /// Readable by anyone (otherwise by its members only).
    #[serde(default)]
    pub public: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectFacts {
    pub name: String,
    pub funding_programme: String,
    pub period: Period,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub target_group: String,
    #[serde(default)]
    pub website: String,
    /// The overall goals, in order.
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub sub_goals: Vec<String>,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubProjectFacts {
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
    pub version: i32,
}

/// A partner; `version` 0 adds a new one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PartnerInput {
    pub name: String,
    pub country: Country,
    #[serde(default)]
    pub description: String,
    pub version: i32,
}

/// Whether anyone may read the project, or its members only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Visibility {
    pub public: bool,
    /// The project's version, as read.
    pub version: i32,
}
