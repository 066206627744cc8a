//! Applying portable changes to a project: the one engine behind imports
//! (creating a project, replaying its history, merging a file onto a stored
//! project). Each change names a record by kind and key and sets fields;
//! references are keys, turned into ids here. Every write is recorded in the
//! history through the caller's [`Recorder`].

use std::collections::{BTreeMap, HashMap, HashSet};

use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect,
};
use serde_json::{Map, Value, json};

use crate::domain::{HalfYear, RecordKind};
use crate::entities::*;
use crate::history::Recorder;

use super::format::{member_key, split_member_key};

/// A record to create or change: the fields in `set` take the given values,
/// the others keep theirs (or their defaults, for a new record).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordChange {
    pub kind: RecordKind,
    pub key: String,
    pub set: Map<String, Value>,
    /// Where the change came from in the file, for error messages.
    pub origin: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    #[error(transparent)]
    Database(#[from] DbErr),
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> ApplyError {
    ApplyError::Invalid {
        field: field.into(),
        problem: problem.into(),
    }
}

/// Fields a change may not set: they say where a record is stored, or are
/// given by its key.
const FIXED: [&str; 9] = [
    "id",
    "project_id",
    "version",
    "key",
    "activity_id",
    "year",
    "half",
    "series_id",
    "planned_date",
];

/// References from a portable field to the kind whose key it holds, and the
/// stored column of the id.
const REFERENCES: [(&str, &str, RecordKind); 2] = [
    ("sub_project", "sub_project_id", RecordKind::SubProject),
    ("lead_partner", "lead_partner_id", RecordKind::Partner),
];

/// References from a portable field to an account, known in files by its
/// address, and the stored column of its id.
const PEOPLE: [(&str, &str); 2] = [("user", "user_id"), ("created_by", "created_by")];

/// A new record's fields before a change sets them.
pub(super) fn defaults(kind: RecordKind) -> Value {
    match kind {
        RecordKind::Project => json!({
            "name": "", "funding_programme": "", "period_start": null, "period_end": null,
            "description": "", "target_group": "", "website": "", "public": false
        }),
        RecordKind::Partner => json!({
            "name": "", "country": null, "description": "", "position": 0, "archived_at": null
        }),
        RecordKind::SubProject => json!({
            "name": "", "kind": null, "lead_partner_id": null, "period_start": null,
            "period_end": null, "description": "", "target_group": "", "position": 0,
            "archived_at": null
        }),
        RecordKind::Goal => json!({
            "sub_project_id": null, "kind": null, "position": 0, "text": "", "archived_at": null
        }),
        RecordKind::Activity => json!({
            "sub_project_id": null, "name": "", "position": 0, "status": "not_started",
            "percent_complete": 0, "actual_start": null, "actual_end": null, "archived_at": null
        }),
        RecordKind::PlanCell => json!({ "marks": 0 }),
        RecordKind::ProgressCell => json!({ "marks": 0, "achievement": "not_due", "comment": "" }),
        RecordKind::Milestone => json!({
            "sub_project_id": null, "name": "", "kind": null, "first_day": null,
            "last_day": null, "place": "", "description": "", "status": "planned",
            "actual_first_day": null, "actual_last_day": null, "archived_at": null
        }),
        RecordKind::MeetingSeries => json!({
            "sub_project_id": null, "name": "", "kind": null, "cadence": null,
            "first_date": null, "last_date": null, "note": "", "archived_at": null
        }),
        RecordKind::MeetingOutcome => json!({ "held": false, "actual_date": null, "note": "" }),
        RecordKind::StatusStatement => json!({
            "sub_project_id": null, "date": null, "status": null, "text": "", "archived_at": null
        }),
        RecordKind::Baseline => json!({
            "name": "", "date": null, "captured_at": null, "archived_at": null
        }),
        RecordKind::Membership => json!({
            "user_id": null, "role": null, "sub_project_id": null, "archived_at": null
        }),
        RecordKind::ShareLink => json!({
            "label": "", "created_by": null, "created_at": null, "expires_at": null,
            "archived_at": null
        }),
    }
}

/// Runs `$body` with `$m` bound to the entity module of `$kind`; with
/// `project: $project`, the project itself gives `$project` instead (for
/// what is stored under a project).
macro_rules! for_kind {
    ($kind:expr, $m:ident => $body:expr) => {
        for_kind!($kind, project: {
            use project as $m;
            $body
        }, $m => $body)
    };
    ($kind:expr, project: $project:expr, $m:ident => $body:expr) => {
        match $kind {
            RecordKind::Project => $project,
            RecordKind::Partner => {
                use partner as $m;
                $body
            }
            RecordKind::SubProject => {
                use sub_project as $m;
                $body
            }
            RecordKind::Goal => {
                use goal as $m;
                $body
            }
            RecordKind::Activity => {
                use activity as $m;
                $body
            }
            RecordKind::PlanCell => {
                use plan_cell as $m;
                $body
            }
            RecordKind::ProgressCell => {
                use progress_cell as $m;
                $body
            }
            RecordKind::Milestone => {
                use milestone as $m;
                $body
            }
            RecordKind::MeetingSeries => {
                use meeting_series as $m;
                $body
            }
            RecordKind::MeetingOutcome => {
                use meeting_outcome as $m;
                $body
            }
            RecordKind::StatusStatement => {
                use status_statement as $m;
                $body
            }
            RecordKind::Baseline => {
                use baseline as $m;
                $body
            }
            RecordKind::Membership => {
                use membership as $m;
                $body
            }
            RecordKind::ShareLink => {
                use share_link as $m;
                $body
            }
        }
    };
}

/// Kinds whose records have an auto-numbered `id`.
fn has_id(kind: RecordKind) -> bool {
    !matches!(
        kind,
        RecordKind::PlanCell | RecordKind::ProgressCell | RecordKind::MeetingOutcome
    )
}

/// The stored records of one project, by kind and key, as JSON of their
/// models, and the ids of keyed records.
#[derive(Default)]
pub struct Stored {
    pub records: HashMap<(RecordKind, String), Value>,
    ids: HashMap<(RecordKind, String), i32>,
    keys: HashMap<(RecordKind, i32), String>,
    /// The sub-project an activity or meeting series belongs to.
    scopes: HashMap<(RecordKind, i32), Option<i32>>,
    /// The accounts the project's members and share links name: id → address.
    emails: HashMap<i32, String>,
    people: HashMap<String, i32>,
    /// Memberships are stored under keys made of ids (`user-3-sub-2`);
    /// files know them by address: stored key → portable key.
    member_keys: HashMap<String, String>,
}

impl Stored {
    /// Everything stored of a project, archived records included.
    pub async fn load(txn: &DatabaseTransaction, project_id: i32) -> Result<Self, DbErr> {
        let mut stored = Stored::default();
        if let Some(project) = project::Entity::find_by_id(project_id).one(txn).await? {
            stored.remember(
                RecordKind::Project,
                serde_json::to_value(project).unwrap_or(Value::Null),
            );
        }
        let mut named: Vec<i32> = membership::Entity::find()
            .select_only()
            .column(membership::Column::UserId)
            .filter(membership::Column::ProjectId.eq(project_id))
            .into_tuple()
            .all(txn)
            .await?;
        let creators: Vec<Option<i32>> = share_link::Entity::find()
            .select_only()
            .column(share_link::Column::CreatedBy)
            .filter(share_link::Column::ProjectId.eq(project_id))
            .into_tuple()
            .all(txn)
            .await?;
        named.extend(creators.into_iter().flatten());
        for person in user_account::Entity::find()
            .filter(user_account::Column::Id.is_in(named))
            .all(txn)
            .await?
        {
            stored.know_person(person.id, &person.email);
        }
        // In this order, references are known before the records using them.
        for kind in RecordKind::ALL
            .iter()
            .filter(|k| **k != RecordKind::Project)
        {
            let models: Vec<Value> = for_kind!(*kind, project: Vec::new(), m => {
                m::Entity::find()
                    .filter(m::Column::ProjectId.eq(project_id))
                    .all(txn)
                    .await?
                    .into_iter()
                    .map(|model| serde_json::to_value(model).unwrap_or(Value::Null))
                    .collect()
            });
            for value in models {
                stored.remember(*kind, value);
            }
        }
        Ok(stored)
    }

    /// An account the records may name, by id and by address.
    pub fn know_person(&mut self, id: i32, email: &str) {
        self.emails.insert(id, email.to_owned());
        self.people.insert(email.to_owned(), id);
    }

    pub fn person(&self, email: &str) -> Option<i32> {
        self.people.get(email).copied()
    }

    /// The ids of the accounts known.
    pub fn people_ids(&self) -> impl Iterator<Item = i32> + '_ {
        self.emails.keys().copied()
    }

    pub fn email(&self, id: i32) -> Option<&str> {
        self.emails.get(&id).map(String::as_str)
    }

    /// The portable key of a membership stored under `stored_key`.
    pub fn member_key(&self, stored_key: &str) -> Option<&str> {
        self.member_keys.get(stored_key).map(String::as_str)
    }

    fn remember(&mut self, kind: RecordKind, value: Value) {
        let Some(key) = self.key_of(kind, &value) else {
            return;
        };
        if kind == RecordKind::Membership
            && let Some(stored_key) = value.get("key").and_then(Value::as_str)
        {
            self.member_keys.insert(stored_key.to_owned(), key.clone());
        }
        if let Some(id) = value
            .get("id")
            .and_then(Value::as_i64)
            .and_then(|id| i32::try_from(id).ok())
        {
            self.ids.insert((kind, key.clone()), id);
            self.keys.insert((kind, id), key.clone());
            if matches!(kind, RecordKind::Activity | RecordKind::MeetingSeries) {
                let scope = value
                    .get("sub_project_id")
                    .and_then(Value::as_i64)
                    .and_then(|id| i32::try_from(id).ok());
                self.scopes.insert((kind, id), scope);
            }
        }
        self.records.insert((kind, key), value);
    }

    /// The portable key of a stored record.
    fn key_of(&self, kind: RecordKind, value: &Value) -> Option<String> {
        let int = |field: &str| value.get(field).and_then(Value::as_i64);
        match kind {
            RecordKind::PlanCell | RecordKind::ProgressCell => {
                let activity = self.keys.get(&(
                    RecordKind::Activity,
                    i32::try_from(int("activity_id")?).ok()?,
                ))?;
                let half = HalfYear::new(
                    i32::try_from(int("year")?).ok()?,
                    u8::try_from(int("half")?).ok()?,
                )
                .ok()?;
                Some(format!("{activity}@{half}"))
            }
            RecordKind::MeetingOutcome => {
                let series = self.keys.get(&(
                    RecordKind::MeetingSeries,
                    i32::try_from(int("series_id")?).ok()?,
                ))?;
                Some(format!("{series}@{}", value.get("planned_date")?.as_str()?))
            }
            RecordKind::Membership => {
                let email = self.email(i32::try_from(int("user_id")?).ok()?)?;
                let sub_project = match int("sub_project_id") {
                    Some(id) => Some(
                        self.keys
                            .get(&(RecordKind::SubProject, i32::try_from(id).ok()?))?
                            .as_str(),
                    ),
                    None => None,
                };
                Some(member_key(email, sub_project))
            }
            _ => value.get("key")?.as_str().map(str::to_owned),
        }
    }

    pub fn id(&self, kind: RecordKind, key: &str) -> Option<i32> {
        self.ids.get(&(kind, key.to_owned())).copied()
    }

    pub fn key(&self, kind: RecordKind, id: i32) -> Option<&str> {
        self.keys.get(&(kind, id)).map(String::as_str)
    }

    /// The sub-project a record belongs to, for the history's filters.
    fn scope(&self, kind: RecordKind, value: &Value) -> Option<i32> {
        let int = |field: &str| {
            value
                .get(field)
                .and_then(Value::as_i64)
                .and_then(|id| i32::try_from(id).ok())
        };
        match kind {
            RecordKind::SubProject => int("id"),
            RecordKind::PlanCell | RecordKind::ProgressCell => int("activity_id").and_then(|id| {
                self.scopes
                    .get(&(RecordKind::Activity, id))
                    .copied()
                    .flatten()
            }),
            RecordKind::MeetingOutcome => int("series_id").and_then(|id| {
                self.scopes
                    .get(&(RecordKind::MeetingSeries, id))
                    .copied()
                    .flatten()
            }),
            _ => int("sub_project_id"),
        }
    }

    /// The keys of the stored records of one kind that are not archived.
    pub fn live_keys(&self, kind: RecordKind) -> Vec<String> {
        let mut keys: Vec<String> = self
            .records
            .iter()
            .filter(|((k, _), value)| {
                *k == kind && value.get("archived_at").is_none_or(Value::is_null)
            })
            .map(|((_, key), _)| key.clone())
            .collect();
        keys.sort();
        keys
    }
}

/// Applies changes to one project's records, recording each in the history.
pub struct Applier<'a> {
    txn: &'a DatabaseTransaction,
    pub project_id: i32,
    pub stored: Stored,
    /// Cells and meeting outcomes whose rows are written at the end, in
    /// batches (see `defer_cells`).
    deferred: Option<HashSet<(RecordKind, String)>>,
}

/// Kinds stored by their key alone: nothing refers to them by id.
fn deferrable(kind: RecordKind) -> bool {
    !has_id(kind)
}

impl<'a> Applier<'a> {
    pub fn new(txn: &'a DatabaseTransaction, project_id: i32, stored: Stored) -> Self {
        Self {
            txn,
            project_id,
            stored,
            deferred: None,
        }
    }

    /// Keeps cells and meeting outcomes in memory until `write_deferred`:
    /// creating a project with a long history then writes each cell once, in
    /// batches, instead of once per change.
    pub fn defer_cells(mut self) -> Self {
        self.deferred = Some(HashSet::new());
        self
    }

    /// Writes the deferred cells and meeting outcomes as they finally are.
    pub async fn write_deferred(&mut self) -> Result<(), ApplyError> {
        let Some(deferred) = self.deferred.take() else {
            return Ok(());
        };
        const BATCH: usize = 500;
        for kind in [
            RecordKind::PlanCell,
            RecordKind::ProgressCell,
            RecordKind::MeetingOutcome,
        ] {
            let values: Vec<Value> = deferred
                .iter()
                .filter(|(k, _)| *k == kind)
                .filter_map(|id| self.stored.records.get(id).cloned())
                .collect();
            let txn = self.txn;
            let shape = |error: serde_json::Error| invalid("cells", error.to_string());
            for_kind!(kind, m => {
                let rows = values
                    .into_iter()
                    .map(|v| {
                        serde_json::from_value::<m::Model>(v)
                            .map(|model| model.into_active_model().reset_all())
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(shape)?;
                let mut rows = rows.into_iter().peekable();
                while rows.peek().is_some() {
                    m::Entity::insert_many(rows.by_ref().take(BATCH)).exec(txn).await?;
                }
            });
        }
        Ok(())
    }

    /// Creates or changes one record. Returns whether anything changed.
    pub async fn apply(
        &mut self,
        history: &mut Recorder,
        change: &RecordChange,
    ) -> Result<bool, ApplyError> {
        let kind = change.kind;
        let old = self
            .stored
            .records
            .get(&(kind, change.key.clone()))
            .cloned();
        let mut value = match &old {
            Some(old) => old.clone(),
            None => self.new_record(change)?,
        };
        let Value::Object(fields) = &mut value else {
            return Err(invalid(&change.origin, "not a record"));
        };
        for (field, new) in &change.set {
            let at = format!("{}.{field}", change.origin);
            if FIXED.contains(&field.as_str()) {
                return Err(invalid(at, "cannot be set; it is given by the key"));
            }
            if let Some((_, column)) = PEOPLE.iter().find(|(f, _)| f == field) {
                let id = match new {
                    Value::Null => Value::Null,
                    Value::String(email) => match self.stored.person(email) {
                        Some(id) => json!(id),
                        None => return Err(invalid(at, format!("no account has '{email}'"))),
                    },
                    _ => return Err(invalid(at, "must be an email address")),
                };
                if !fields.contains_key(*column) {
                    return Err(invalid(at, format!("not a field of {}", kind.code())));
                }
                fields.insert((*column).to_owned(), id);
            } else if let Some((_, column, target)) = REFERENCES.iter().find(|(f, _, _)| f == field)
            {
                let id = match new {
                    Value::Null => Value::Null,
                    Value::String(key) => match self.stored.id(*target, key) {
                        Some(id) => json!(id),
                        None => {
                            return Err(invalid(
                                at,
                                format!("no {} has the key '{key}'", target.code()),
                            ));
                        }
                    },
                    _ => return Err(invalid(at, "must be a key")),
                };
                if !fields.contains_key(*column) {
                    return Err(invalid(at, format!("not a field of {}", kind.code())));
                }
                fields.insert((*column).to_owned(), id);
            } else if fields.contains_key(field) {
                fields.insert(field.clone(), new.clone());
            } else {
                return Err(invalid(at, format!("not a field of {}", kind.code())));
            }
        }
        if let Some(old) = &old
            && content_equal(old, &value)
        {
            return Ok(false);
        }
        let Value::Object(fields) = &mut value else {
            return Err(invalid(&change.origin, "not a record"));
        };
        if old.is_none() {
            for required in ["name", "text"] {
                if fields
                    .get(required)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.trim().is_empty())
                {
                    return Err(invalid(
                        format!("{}.{required}", change.origin),
                        format!("a new {} needs a {required}", kind.code()),
                    ));
                }
            }
        }
        let version = old
            .as_ref()
            .and_then(|o| o.get("version"))
            .and_then(Value::as_i64)
            .unwrap_or(0)
            + 1;
        fields.insert("version".to_owned(), json!(version));
        let scope = self.stored.scope(kind, &value);
        let saved = self
            .save(history, kind, old.as_ref(), value, scope, &change.origin)
            .await?;
        if deferrable(kind)
            && let Some(deferred) = &mut self.deferred
        {
            deferred.insert((kind, change.key.clone()));
        }
        self.stored.remember(kind, saved);
        Ok(true)
    }

    /// A new record: defaults, the project, and what its key tells.
    fn new_record(&self, change: &RecordChange) -> Result<Value, ApplyError> {
        let mut value = defaults(change.kind);
        let Value::Object(fields) = &mut value else {
            return Err(invalid(&change.origin, "not a record"));
        };
        let key_problem = |problem: &str| invalid(format!("{}.key", change.origin), problem);
        match change.kind {
            RecordKind::Project => {
                fields.insert("key".into(), json!(change.key));
            }
            RecordKind::PlanCell | RecordKind::ProgressCell => {
                let (activity, half_year) = change
                    .key
                    .rsplit_once('@')
                    .ok_or_else(|| key_problem("a cell is known as activity-key@2009-H1"))?;
                let half_year: HalfYear = half_year
                    .parse()
                    .map_err(|e: crate::domain::HalfYearError| key_problem(&e.to_string()))?;
                let activity_id = self
                    .stored
                    .id(RecordKind::Activity, activity)
                    .ok_or_else(|| key_problem(&format!("no activity has the key '{activity}'")))?;
                fields.insert("project_id".into(), json!(self.project_id));
                fields.insert("activity_id".into(), json!(activity_id));
                fields.insert("year".into(), json!(half_year.year()));
                fields.insert("half".into(), json!(half_year.half()));
            }
            RecordKind::MeetingOutcome => {
                let (series, date) = change.key.rsplit_once('@').ok_or_else(|| {
                    key_problem("a meeting outcome is known as series-key@2009-01-15")
                })?;
                let series_id = self
                    .stored
                    .id(RecordKind::MeetingSeries, series)
                    .ok_or_else(|| {
                        key_problem(&format!("no meeting series has the key '{series}'"))
                    })?;
                fields.insert("project_id".into(), json!(self.project_id));
                fields.insert("series_id".into(), json!(series_id));
                fields.insert("planned_date".into(), json!(date));
            }
            RecordKind::Membership => {
                // Known by address (and sub-project key) in files, by ids here.
                let (email, sub_project) = split_member_key(&change.key);
                let user_id = self
                    .stored
                    .person(email)
                    .ok_or_else(|| key_problem(&format!("no account has '{email}'")))?;
                let sub_project_id = match sub_project {
                    Some(sub) => {
                        Some(self.stored.id(RecordKind::SubProject, sub).ok_or_else(|| {
                            key_problem(&format!("no sub_project has the key '{sub}'"))
                        })?)
                    }
                    None => None,
                };
                fields.insert("project_id".into(), json!(self.project_id));
                fields.insert(
                    "key".into(),
                    json!(crate::members::commands::membership_key(
                        user_id,
                        sub_project_id
                    )),
                );
                fields.insert("user_id".into(), json!(user_id));
                fields.insert("sub_project_id".into(), json!(sub_project_id));
            }
            _ => {
                fields.insert("project_id".into(), json!(self.project_id));
                fields.insert("key".into(), json!(change.key));
            }
        }
        if has_id(change.kind) {
            fields.insert("id".into(), json!(0));
        }
        fields.insert("version".into(), json!(0));
        Ok(value)
    }

    async fn save(
        &mut self,
        history: &mut Recorder,
        kind: RecordKind,
        old: Option<&Value>,
        value: Value,
        scope: Option<i32>,
        origin: &str,
    ) -> Result<Value, ApplyError> {
        let txn = self.txn;
        let shape = |error: serde_json::Error| invalid(origin, error.to_string());
        if kind == RecordKind::ShareLink {
            return self.save_share_link(history, old, value, origin).await;
        }
        let saved: Value = for_kind!(kind, m => {
            let model: m::Model = serde_json::from_value(value).map_err(shape)?;
            let old_model: Option<m::Model> = old
                .map(|o| serde_json::from_value(o.clone()))
                .transpose()
                .map_err(shape)?;
            let defer = deferrable(kind) && self.deferred.is_some();
            let saved = if defer {
                model
            } else if old_model.is_some() {
                model.into_active_model().reset_all().update(txn).await?
            } else {
                let mut active = model.into_active_model().reset_all();
                if has_id(kind) {
                    not_set_id::<m::ActiveModel>(&mut active);
                }
                active.insert(txn).await?
            };
            history.record(txn, scope, old_model.as_ref(), &saved).await?;
            serde_json::to_value(&saved).map_err(shape)?
        });
        Ok(saved)
    }
}

impl Applier<'_> {
    /// Share links apart: the digest of their secret never travels (it is not
    /// in the record's JSON). A link a file creates gets none that any
    /// secret matches; a changed one keeps its own.
    async fn save_share_link(
        &mut self,
        history: &mut Recorder,
        old: Option<&Value>,
        value: Value,
        origin: &str,
    ) -> Result<Value, ApplyError> {
        let shape = |error: serde_json::Error| invalid(origin, error.to_string());
        let model: share_link::Model = serde_json::from_value(value).map_err(shape)?;
        let old_model: Option<share_link::Model> = old
            .map(|o| serde_json::from_value(o.clone()))
            .transpose()
            .map_err(shape)?;
        let mut active = model.into_active_model().reset_all();
        let saved = if old_model.is_some() {
            active.token_hash = ActiveValue::NotSet;
            active.update(self.txn).await?
        } else {
            active.token_hash = ActiveValue::Set(crate::sharing::without_secret());
            active.id = ActiveValue::NotSet;
            active.insert(self.txn).await?
        };
        history
            .record(self.txn, None, old_model.as_ref(), &saved)
            .await?;
        serde_json::to_value(&saved).map_err(shape)
    }
}

/// Lets the database number a new record.
fn not_set_id<A: ActiveModelTrait>(active: &mut A) {
    use sea_orm::{IdenStatic, Iterable};
    if let Some(column) = <A::Entity as EntityTrait>::Column::iter().find(|c| c.as_str() == "id") {
        active.not_set(column);
    }
}

/// Equal apart from where the record is stored.
fn content_equal(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| -> BTreeMap<String, Value> {
        v.as_object()
            .map(|o| {
                o.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "id" | "version"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    strip(a) == strip(b)
}
