//! The exchange format: one TOML file holds one whole project, with its
//! history. The demo data is such a file, and `server import FILE` reads the
//! same format. docs/exchange-format.md documents it for users.
//!
//! The body of a file is the project as it was first recorded; `history`
//! holds every later change set, oldest first. A file without history is
//! simply a project as it stands.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{
    Achievement, ActivityStatus, Cadence, Country, MeetingKind, MilestoneKind, MilestoneStatus,
    Period, ProjectStatus, RecordKind, Role, SubProjectKind,
};

/// The value of `format` this version writes.
pub const FORMAT_VERSION: &str = "framdrift/2";
/// Every value of `format` this version reads. Files of `framdrift/1` have no
/// keys for activities, milestones, meetings and status statements: they are
/// derived from the position in the file, the same for the same file.
pub const FORMATS_READ: [&str; 2] = ["framdrift/1", "framdrift/2"];

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeFile {
    pub format: String,
    /// When, by whom and why the body was recorded; without it, at import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<RecordedDoc>,
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baselines: Vec<BaselineDoc>,
    /// Who holds which role; people are known by their address and carry no
    /// password: an import gives them accounts without one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberDoc>,
    /// Read-only links, without their secrets: imported, they open nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub share_links: Vec<ShareLinkDoc>,
    /// The names of the people the file refers to by address (members, also
    /// those given a role later in the history, makers of links, authors),
    /// for the accounts an import creates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonDoc>,
    /// Change sets recorded after the body, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ChangeSetDoc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedDoc {
    /// A time with offset, quoted: `"2008-12-01T09:00:00Z"`.
    pub at: DateTime<Utc>,
    #[serde(default = "local_actor")]
    pub by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
}

fn local_actor() -> String {
    "local".to_owned()
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
    /// Readable by anyone without an account (members still write).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
    /// The sub-project's own progress plan.
    #[serde(default)]
    pub activities: Vec<ActivityDoc>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityDoc {
    /// Unique within the project; derived from the position when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub name: String,
    /// Planned marks per half-year: `{ "2009-H1" = 3 }`. Half-years left out
    /// have no marks. Checked by validation so errors can name the key.
    #[serde(default)]
    pub marks: BTreeMap<String, i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ActivityStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_complete: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_end: Option<NaiveDate>,
    /// What actually happened, per half-year.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actual: BTreeMap<String, ProgressDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressDoc {
    pub marks: i64,
    #[serde(default = "not_due")]
    pub achievement: Achievement,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

fn not_due() -> Achievement {
    Achievement::NotDue
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MilestoneStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_first_day: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_last_day: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingSeriesDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub name: String,
    pub kind: MeetingKind,
    pub cadence: Cadence,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub sub_project: Option<String>,
    /// Whether derived meeting dates were held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<OutcomeDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDoc {
    /// The derived date of the meeting.
    pub date: NaiveDate,
    pub held: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusStatementDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub date: NaiveDate,
    pub status: ProjectStatus,
    pub text: String,
    #[serde(default)]
    pub sub_project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineDoc {
    pub key: String,
    pub name: String,
    /// The date it is known by.
    pub date: NaiveDate,
    /// The moment whose plan it keeps.
    pub captured_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberDoc {
    pub email: String,
    /// The display name an account created by the import gets.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub role: Role,
    /// The sub-project's key, for a sub-project leader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareLinkDoc {
    pub key: String,
    pub label: String,
    /// The address of who made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The first moment it no longer works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDoc {
    pub email: String,
    pub name: String,
}

/// A membership's key in a file: the person's address, and for a
/// sub-project leader the sub-project's key after a slash.
pub fn member_key(email: &str, sub_project: Option<&str>) -> String {
    match sub_project {
        Some(sub) => format!("{email}/{sub}"),
        None => email.to_owned(),
    }
}

/// The address and sub-project key of a membership's key in a file.
pub fn split_member_key(key: &str) -> (&str, Option<&str>) {
    // The slash after the domain: an address's local part may hold one too.
    let domain = key.rfind('@').unwrap_or(0);
    match key[domain..].find('/') {
        Some(slash) => (&key[..domain + slash], Some(&key[domain + slash + 1..])),
        None => (key, None),
    }
}

/// One change set of the history: what was recorded together, when and by
/// whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeSetDoc {
    pub recorded_at: DateTime<Utc>,
    #[serde(default = "local_actor")]
    pub by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Marks content that the seeds do not report: shown as illustrative.
    #[serde(default, skip_serializing_if = "is_default")]
    pub illustrative: bool,
    pub changes: Vec<ChangeDoc>,
}

/// One record created or changed: its kind, its key and the fields set.
/// References are keys (`sub_project = "nav"`); cells are known as
/// `activity-key@2009-H1`, meeting outcomes as `series-key@2009-01-15`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeDoc {
    pub kind: RecordKind,
    pub key: String,
    pub set: BTreeMap<String, toml::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_keys_split_after_the_domain() {
        for (email, sub) in [
            ("kari@example.no", None),
            ("kari@example.no", Some("nav")),
            ("a/b@example.no", Some("nav")),
            ("a/b@example.no", None),
        ] {
            assert_eq!(split_member_key(&member_key(email, sub)), (email, sub));
        }
    }
}
