//! What the history needs of each kind of record: its kind and a key that is
//! stable within its project.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::{HalfYear, RecordKind};
use crate::entities::*;

pub trait Versioned: Serialize + DeserializeOwned + Send + Sync {
    const KIND: RecordKind;

    /// Unique among the project's records of this kind, and never changing.
    fn record_key(&self) -> String;

    /// The version a writer must name to change the record.
    fn version(&self) -> i32;

    fn set_version(&mut self, version: i32);
}

macro_rules! versions {
    ($($module:ident),+ $(,)?) => {
        $(impl HasVersion for $module::Model {
            fn version(&self) -> i32 {
                self.version
            }
            fn set_version(&mut self, version: i32) {
                self.version = version;
            }
        })+
    };
}

/// Every record has a `version`; this lets the macros below share it.
trait HasVersion {
    fn version(&self) -> i32;
    fn set_version(&mut self, version: i32);
}

versions!(
    project,
    partner,
    sub_project,
    goal,
    activity,
    plan_cell,
    progress_cell,
    milestone,
    meeting_series,
    meeting_outcome,
    status_statement,
    baseline,
    membership,
    share_link,
);

/// Cells are known by their activity and half-year: `17@2009-H1`.
pub fn cell_key(activity_id: i32, year: i32, half: i16) -> String {
    match u8::try_from(half)
        .ok()
        .and_then(|h| HalfYear::new(year, h).ok())
    {
        Some(half_year) => format!("{activity_id}@{half_year}"),
        None => format!("{activity_id}@{year}-{half}"),
    }
}

macro_rules! keyed {
    ($($module:ident => $kind:ident),+ $(,)?) => {
        $(impl Versioned for $module::Model {
            const KIND: RecordKind = RecordKind::$kind;
            fn record_key(&self) -> String {
                self.key.clone()
            }
            fn version(&self) -> i32 {
                HasVersion::version(self)
            }
            fn set_version(&mut self, version: i32) {
                HasVersion::set_version(self, version)
            }
        })+
    };
}

keyed!(
    partner => Partner,
    goal => Goal,
    sub_project => SubProject,
    activity => Activity,
    milestone => Milestone,
    meeting_series => MeetingSeries,
    status_statement => StatusStatement,
    baseline => Baseline,
    membership => Membership,
    share_link => ShareLink,
);

/// Records that are archived instead of deleted: hidden from current views,
/// kept in the history and in baselines, restorable.
pub trait Archivable: Versioned + Clone {
    fn archived_at(&self) -> Option<chrono::DateTime<chrono::Utc>>;
    fn set_archived_at(&mut self, at: Option<chrono::DateTime<chrono::Utc>>);
}

macro_rules! archivable {
    ($($module:ident),+ $(,)?) => {
        $(impl Archivable for $module::Model {
            fn archived_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
                self.archived_at
            }
            fn set_archived_at(&mut self, at: Option<chrono::DateTime<chrono::Utc>>) {
                self.archived_at = at;
            }
        })+
    };
}

archivable!(
    partner,
    goal,
    sub_project,
    activity,
    milestone,
    meeting_series,
    status_statement,
    baseline,
    membership,
    share_link,
);

impl Versioned for project::Model {
    const KIND: RecordKind = RecordKind::Project;
    fn record_key(&self) -> String {
        self.key.clone()
    }
    fn version(&self) -> i32 {
        HasVersion::version(self)
    }
    fn set_version(&mut self, version: i32) {
        HasVersion::set_version(self, version)
    }
}

impl Versioned for plan_cell::Model {
    const KIND: RecordKind = RecordKind::PlanCell;
    fn record_key(&self) -> String {
        cell_key(self.activity_id, self.year, self.half)
    }
    fn version(&self) -> i32 {
        HasVersion::version(self)
    }
    fn set_version(&mut self, version: i32) {
        HasVersion::set_version(self, version)
    }
}

impl Versioned for progress_cell::Model {
    const KIND: RecordKind = RecordKind::ProgressCell;
    fn record_key(&self) -> String {
        cell_key(self.activity_id, self.year, self.half)
    }
    fn version(&self) -> i32 {
        HasVersion::version(self)
    }
    fn set_version(&mut self, version: i32) {
        HasVersion::set_version(self, version)
    }
}

impl Versioned for meeting_outcome::Model {
    const KIND: RecordKind = RecordKind::MeetingOutcome;
    fn record_key(&self) -> String {
        format!("{}@{}", self.series_id, self.planned_date)
    }
    fn version(&self) -> i32 {
        HasVersion::version(self)
    }
    fn set_version(&mut self, version: i32) {
        HasVersion::set_version(self, version)
    }
}
