//! The frame of every write: find the project, ask `access` whether the actor
//! may, open one transaction, record the change and its history in it, commit.
//! Feature commands (`plan::commands`, `schedule::commands`, …) run inside it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter, QuerySelect,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::access::{self, Action, Scope, authorise};
use crate::domain::{MAX_NAME_CHARS, MAX_TEXT_CHARS, RecordKind, Saved};
use crate::entities::{KeyedInProject, project};

pub use crate::domain::slug;
use crate::error::AppError;
use crate::history::{
    Archivable, Recorder, Source, Versioned, last_changed, now, same_data, update_if_unchanged,
};
use crate::identity::Caller;

/// A kind of record the write frame keeps by key: found by its key in the
/// project (`KeyedInProject`), versioned and archivable for the history.
pub trait Storable:
    KeyedInProject<
        Model: Versioned
                   + Archivable
                   + IntoActiveModel<Self::ActiveModel>
                   + ModelTrait<Entity = Self>
                   + Clone,
        ActiveModel: ActiveModelTrait<Entity = Self> + Send,
    >
{
}

impl<E> Storable for E where
    E: KeyedInProject<
            Model: Versioned
                       + Archivable
                       + IntoActiveModel<E::ActiveModel>
                       + ModelTrait<Entity = E>
                       + Clone,
            ActiveModel: ActiveModelTrait<Entity = E> + Send,
        >
{
}

/// What an archive or restore command is about: which kind of record, by
/// which key, and the record's scope (its sub-project) for the history.
pub struct ArchiveTarget<'a, M> {
    /// What a reader calls the kind: "milestone", "meeting series".
    pub what: &'a str,
    pub key: &'a str,
    pub scope: fn(&M) -> Option<i32>,
}

/// Archives (`archived`) or restores the record of kind `E` known by its
/// key in the project, as one edit: the whole of every archive and restore
/// command for records without rules of their own.
pub async fn archive_by_key<E>(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    action: Action,
    target: ArchiveTarget<'_, E::Model>,
    archived: bool,
    expected: i32,
) -> Result<Saved, AppError>
where
    E: Storable,
{
    let summary = if archived {
        format!("Archived a {}", target.what)
    } else {
        format!("Restored a {}", target.what)
    };
    let mut edit = Edit::begin(db, writer, project_key, action, &summary).await?;
    let old = edit.find_by_key::<E>(target.what, target.key).await?;
    let what = format!("the {}", target.what);
    let new = edit
        .set_archived::<E>(&what, (target.scope)(&old), &old, archived, expected)
        .await?;
    edit.finish(&new).await
}

/// The keys of the project's records of kind `E` that begin with `base`
/// (`base` and `base-2`, `base-3` …, the only ones a new key from `base` can
/// meet), read through the key index: a project states its status often.
/// The keys lie from `base` up to `base.` in byte order. SQLite's `LIKE`
/// ignores case and so its index, and PostgreSQL's `LIKE` with a parameter
/// (the generic plan it uses after five runs of a prepared statement)
/// cannot use a prefix index (migration `m20261126_000006`), nor its `>=`
/// the bytes' order under a language's collation; PostgreSQL's byte-wise
/// operators `~>=~` and `~<~` can.
pub fn taken_keys<E: KeyedInProject>(
    backend: DbBackend,
    project_id: i32,
    base: &str,
) -> sea_orm::Select<E> {
    use sea_orm::{IdenStatic, sea_query::Expr};
    let after = format!("{base}.");
    let keys = E::find()
        .select_only()
        .column(E::KEY)
        .filter(E::PROJECT_ID.eq(project_id));
    if backend == DbBackend::Postgres {
        let column = format!(r#""{}"."{}""#, E::default().table_name(), E::KEY.as_str());
        keys.filter(Expr::cust_with_values(
            format!("{column} ~>=~ $1 AND {column} ~<~ $2"),
            [base.to_owned(), after],
        ))
    } else {
        keys.filter(E::KEY.gte(base)).filter(E::KEY.lt(after))
    }
}

/// Where the server functions that write to a project are served
/// (`#[server(prefix = "/rpc/write")]`): the server runs what comes this
/// way, and the API's writes, on a thread of their own (`server`'s
/// `write_lane`). A test holds every write of the authorisation matrix to it.
pub const WRITE_PREFIX: &str = "/rpc/write/";

/// Who writes, and through what: the pages or the API.
#[derive(Clone, Debug)]
pub struct Writer {
    pub caller: Caller,
    pub source: Source,
    /// Where the caller's rights may be read before an edit begins, when
    /// the request did not read them with the session (`refuse_early`):
    /// the readers' pool of a server function's state.
    pub rights_from: Option<DatabaseConnection>,
}

impl Writer {
    pub fn page(caller: Caller) -> Self {
        Self {
            caller,
            source: Source::Page,
            rights_from: None,
        }
    }

    pub fn api(caller: Caller) -> Self {
        Self {
            caller,
            source: Source::Api,
            rights_from: None,
        }
    }
}

/// The writer of an API request (an extractor of its handlers): its
/// caller, through the API.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Writer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        Ok(Writer::api(caller))
    }
}

/// One edit in progress.
pub struct Edit {
    pub txn: DatabaseTransaction,
    pub project: project::Model,
    history: Recorder,
    /// The records this writer may touch (`access`).
    scope: Scope,
    caller: Caller,
    /// This process's turn to write to SQLite, held until the edit ends.
    _turn: Option<OwnedMutexGuard<()>>,
}

/// SQLite takes one writer at a time, and a writer that finds another at
/// work polls for its turn with sleeps of up to 100 ms (its busy handler):
/// under a burst of edits that was the slowest answer of all. The edits of
/// this process queue here instead, one queue per database file (a server
/// has one; the tests many, side by side), and start as soon as the one
/// before commits. (Another process on the same file still meets the busy
/// handler.)
static SQLITE_WRITERS: LazyLock<std::sync::Mutex<HashMap<PathBuf, Arc<Mutex<()>>>>> =
    LazyLock::new(Default::default);

/// The queue of the writers of `db`'s file; none on PostgreSQL.
fn sqlite_writers(db: &DatabaseConnection) -> Option<Arc<Mutex<()>>> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_owned();
    let mut queues = SQLITE_WRITERS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Some(queues.entry(file).or_default().clone())
}

/// This process's turn to write to SQLite if no edit holds it now (Some
/// with the turn; on PostgreSQL Some without one): for small writes beside
/// a request that may be left for later (a token's last use), rather than
/// waiting behind an edit with a connection of the readers' pool.
pub fn writer_turn_now(db: &DatabaseConnection) -> Option<Option<OwnedMutexGuard<()>>> {
    match sqlite_writers(db) {
        Some(queue) => queue.try_lock_owned().ok().map(Some),
        None => Some(None),
    }
}

/// Refuses, naming `field`, a key another project holds.
async fn refuse_taken_key(
    txn: &DatabaseTransaction,
    field: &str,
    key: &str,
) -> Result<(), AppError> {
    let taken = project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .one(txn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::Clash {
            field: field.to_owned(),
            problem: "is the key of another project".to_owned(),
        });
    }
    Ok(())
}

async fn writer_turn(db: &DatabaseConnection) -> Option<OwnedMutexGuard<()>> {
    match sqlite_writers(db) {
        Some(queue) => Some(queue.lock_owned().await),
        None => None,
    }
}

/// Refuses, before the writer's turn and the write transaction, a caller
/// who may write nothing here: one without an account (the anonymous, a
/// share link), or one whose rights in the project allow no such write (a
/// partner) — as read with the request (the API's paths name the project)
/// or else from `rights_from` (the pages' server functions). A flood of
/// such requests would otherwise hold up, one turn each, the edits of those
/// who may. The decision that counts is taken again inside the transaction.
async fn refuse_early(writer: &Writer, project_key: &str, action: Action) -> Result<(), AppError> {
    let caller = &writer.caller;
    if caller.user.is_none() && !caller.operator {
        return Err(AppError::Unauthorised);
    }
    let grant = match (&caller.prefetched, &writer.rights_from) {
        (Some(read), _) if read.key == project_key => read.grant.clone(),
        (_, Some(reads)) => match access::rights_of(reads, caller, project_key).await? {
            Some(grant) => grant,
            // Everything (administrators), or no such project: answered inside.
            None => return Ok(()),
        },
        _ => return Ok(()),
    };
    authorise(caller, &grant, action)?;
    Ok(())
}

impl Edit {
    pub async fn begin(
        db: &DatabaseConnection,
        writer: &Writer,
        project_key: &str,
        action: Action,
        summary: &str,
    ) -> Result<Self, AppError> {
        refuse_early(writer, project_key, action).await?;
        let turn = writer_turn(db).await;
        let txn = crate::db::begin_write(db).await?;
        // One edit of a project at a time (PostgreSQL; SQLite has one writer
        // anyway): a new record's key is chosen from those already taken,
        // and the history's change sets are numbered in the order they
        // commit. Readers do not wait.
        let (project, grant) = access::for_edit(&txn, &writer.caller, project_key).await?;
        let scope = authorise(&writer.caller, &grant, action)?;
        Self::started(txn, project, scope, writer, summary, turn).await
    }

    /// The edit of `project` in `txn` once the writer may: its change set
    /// begun.
    async fn started(
        txn: DatabaseTransaction,
        project: project::Model,
        scope: Scope,
        writer: &Writer,
        summary: &str,
        turn: Option<OwnedMutexGuard<()>>,
    ) -> Result<Self, AppError> {
        let history = Recorder::begin(
            &txn,
            project.id,
            &writer.caller.actor(),
            writer.source,
            summary,
            now(),
        )
        .await?;
        Ok(Self {
            txn,
            project,
            history,
            scope,
            caller: writer.caller.clone(),
            _turn: turn,
        })
    }

    /// Begins the edit that creates the project `new` (its id is given by
    /// the database), if the writer may create projects; the project is
    /// recorded as the first change of its history. A key another project
    /// holds is refused, naming the field `key`.
    pub async fn begin_project(
        db: &DatabaseConnection,
        writer: &Writer,
        new: project::Model,
        summary: &str,
    ) -> Result<Self, AppError> {
        access::may_create_projects(db, &writer.caller).await?;
        let turn = writer_turn(db).await;
        let txn = crate::db::begin_write(db).await?;
        refuse_taken_key(&txn, "key", &new.key).await?;
        let mut active = new.into_active_model().reset_all();
        active.not_set(project::Column::Id);
        let created = active.insert(&txn).await?;
        let mut edit = Self::started(
            txn,
            created.clone(),
            Scope::Everything,
            writer,
            summary,
            turn,
        )
        .await?;
        edit.record(None, None, &created).await?;
        Ok(edit)
    }

    /// Begins an edit of a project that `create` makes in the edit's
    /// transaction, with a history of its own (an exchange file's import,
    /// whose change sets keep the file's times), if the writer may create
    /// projects. `key` is the project's key, refused naming `field` if
    /// another project holds it. What the writer records next joins a
    /// change set of its own, after the created history.
    pub async fn begin_created(
        db: &DatabaseConnection,
        writer: &Writer,
        field: &str,
        key: &str,
        summary: &str,
        create: impl AsyncFnOnce(&DatabaseTransaction) -> Result<(), AppError>,
    ) -> Result<Self, AppError> {
        access::may_create_projects(db, &writer.caller).await?;
        let turn = writer_turn(db).await;
        let txn = crate::db::begin_write(db).await?;
        refuse_taken_key(&txn, field, key).await?;
        create(&txn).await?;
        let created = project::Entity::find()
            .filter(project::Column::Key.eq(key))
            .one(&txn)
            .await?
            .ok_or_else(|| AppError::not_found("project", key))?;
        Self::started(txn, created, Scope::Everything, writer, summary, turn).await
    }

    /// The transaction and the history's recorder, for a write that records
    /// through the history itself (an exchange file merged onto the
    /// project); refused unless the writer may touch every record.
    pub fn whole_project(&mut self) -> Result<(&DatabaseTransaction, &mut Recorder), AppError> {
        self.may_touch_everything()?;
        Ok((&self.txn, &mut self.history))
    }

    fn may_touch_everything(&self) -> Result<(), AppError> {
        if self.scope == Scope::Everything {
            Ok(())
        } else {
            Err(self.caller.refusal())
        }
    }

    /// Writes the history of the edit, answers what `read` reads then in
    /// its transaction (given the change set's id), and rolls everything
    /// back: what the edit would change, with nothing changed.
    pub async fn try_out<T>(
        self,
        read: impl AsyncFnOnce(&DatabaseTransaction, i32) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.written_then(read, false).await
    }

    /// As [`Edit::commit`], answering what `read` reads in the transaction
    /// once the history is written (given the change set's id).
    pub async fn commit_reading<T>(
        self,
        read: impl AsyncFnOnce(&DatabaseTransaction, i32) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.written_then(read, true).await
    }

    async fn written_then<T>(
        self,
        read: impl AsyncFnOnce(&DatabaseTransaction, i32) -> Result<T, AppError>,
        keep: bool,
    ) -> Result<T, AppError> {
        let change_set = self.history.change_set_id;
        self.history.finish(&self.txn).await?;
        let answer = read(&self.txn, change_set).await?;
        if keep {
            self.txn.commit().await?;
        } else {
            self.txn.rollback().await?;
        }
        Ok(answer)
    }

    /// Records that a record of sub-project `scope` (none: project-wide) was
    /// created (`old` none) or changed, if the writer may touch it: the
    /// check every write passes, whatever command it comes from.
    pub async fn record<M: Versioned>(
        &mut self,
        scope: Option<i32>,
        old: Option<&M>,
        new: &M,
    ) -> Result<bool, AppError> {
        self.may_touch(scope)?;
        Ok(self.history.record(&self.txn, scope, old, new).await?)
    }

    /// Refuses unless the writer may touch records of sub-project `scope`
    /// (none: project-wide): for a command that moves a record out of one.
    pub fn may_touch(&self, scope: Option<i32>) -> Result<(), AppError> {
        if self.scope.covers(scope) {
            Ok(())
        } else {
            Err(self.caller.refusal())
        }
    }

    /// The time this edit is recorded at.
    pub fn at(&self) -> DateTime<Utc> {
        self.history.at
    }

    pub fn project_id(&self) -> i32 {
        self.project.id
    }

    /// Commits (`commit`) and answers what the writer saved: the record's
    /// key, its new version and the time of the change.
    pub async fn finish<M: Versioned>(self, saved: &M) -> Result<Saved, AppError> {
        self.finish_as(saved.record_key(), saved.version()).await
    }

    /// As `finish`, for what the writer names otherwise than by a record's
    /// own key (a cell: `activity@2009-H1`).
    pub async fn finish_as(self, key: String, version: i32) -> Result<Saved, AppError> {
        let changed_at = self.commit().await?;
        Ok(Saved {
            key,
            version,
            changed_at,
        })
    }

    /// Writes the history and commits; returns the time of the change.
    pub async fn commit(self) -> Result<DateTime<Utc>, AppError> {
        let at = self.history.at;
        self.history.finish(&self.txn).await?;
        self.txn.commit().await?;
        Ok(at)
    }

    /// The record of kind `E` known by `key` in this project; refused as
    /// not found, naming `what` ("sub-project"), if there is none.
    pub async fn find_by_key<E: KeyedInProject>(
        &self,
        what: &str,
        key: &str,
    ) -> Result<E::Model, AppError> {
        E::find()
            .filter(E::PROJECT_ID.eq(self.project_id()))
            .filter(E::KEY.eq(key))
            .one(&self.txn)
            .await?
            .ok_or_else(|| AppError::not_found(what, key))
    }

    /// The record of kind `E` that the input's `field` names by `key`;
    /// refused as invalid input, naming the field, if the project has none
    /// ("no sub-project of this project has the key 'x'").
    pub async fn find_named<E: KeyedInProject>(
        &self,
        field: &str,
        what: &str,
        key: &str,
    ) -> Result<E::Model, AppError> {
        match self.find_by_key::<E>(what, key).await {
            Err(AppError::NotFound { .. }) => Err(AppError::invalid(
                field,
                format!("no {what} of this project has the key '{key}'"),
            )),
            found => found,
        }
    }

    /// Inserts a new record of kind `E` under the first key from
    /// `base_key` (`base`, `base-2`, …) the project's records of that kind
    /// do not hold, if the writer may touch its sub-project (`scope_of`;
    /// none: project-wide), and records it. `build` makes the record from
    /// its key.
    pub async fn insert_new<E: Storable>(
        &mut self,
        scope_of: fn(&E::Model) -> Option<i32>,
        base_key: &str,
        build: impl FnOnce(String) -> E::Model,
    ) -> Result<E::Model, AppError> {
        let backend = self.txn.get_database_backend();
        let taken: std::collections::HashSet<String> =
            taken_keys::<E>(backend, self.project_id(), base_key)
                .into_tuple()
                .all(&self.txn)
                .await?
                .into_iter()
                .collect();
        let new = build(unique_key(base_key, &taken));
        let scope = scope_of(&new);
        self.may_touch(scope)?;
        let mut active = new.into_active_model().reset_all();
        active.not_set(E::ID);
        let created = active.insert(&self.txn).await?;
        self.record(scope, None, &created).await?;
        Ok(created)
    }

    /// Saves a record of kind `E` that the writer either creates (`key`
    /// none: under a new key from `base_key`, as [`Edit::insert_new`]) or
    /// changes (the record of that key, as [`Edit::update`], based on
    /// version `expected`). `build` makes the record from its key; the id,
    /// version and archiving of a record changed are the stored one's.
    /// `scope_of` names a record's sub-project: moving a record between
    /// sub-projects needs the right to both.
    pub async fn save_keyed<E: Storable>(
        &mut self,
        what: &str,
        key: Option<&str>,
        expected: i32,
        scope_of: fn(&E::Model) -> Option<i32>,
        base_key: &str,
        build: impl FnOnce(String) -> E::Model,
    ) -> Result<E::Model, AppError> {
        let Some(key) = key else {
            return self.insert_new::<E>(scope_of, base_key, build).await;
        };
        let old = self.find_by_key::<E>(what, key).await?;
        self.may_touch(scope_of(&old))?;
        let mut new = build(old.record_key());
        new.set(E::ID, old.get(E::ID));
        new.set_version(old.version());
        new.set_archived_at(old.archived_at());
        self.update::<E>(&format!("the {what}"), scope_of(&new), &old, expected, new)
            .await
    }

    /// Saves `new` over `old` if the writer based the change on the stored
    /// version (`expected`) and nobody changed it meanwhile, and records it;
    /// otherwise refuses with a conflict and leaves the newer data.
    pub async fn update<E>(
        &mut self,
        what: &str,
        scope: Option<i32>,
        old: &E::Model,
        expected: i32,
        mut new: E::Model,
    ) -> Result<E::Model, AppError>
    where
        E: EntityTrait,
        E::Model: Versioned + IntoActiveModel<E::ActiveModel> + ModelTrait<Entity = E> + Clone,
        E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    {
        let key = old.record_key();
        if old.version() != expected {
            return Err(self.conflict(what, E::Model::KIND, &key).await);
        }
        if same_data(old, &new) {
            return Ok(old.clone());
        }
        new.set_version(old.version() + 1);
        if !update_if_unchanged::<E>(&self.txn, old, new.clone()).await? {
            return Err(self.conflict(what, E::Model::KIND, &key).await);
        }
        self.record(scope, Some(old), &new).await?;
        Ok(new)
    }

    /// Archives (`archived`) or restores a record, as [`Edit::update`] does
    /// any change; archiving what is archived (or restoring what is not) is
    /// refused, naming the field `archived`.
    pub async fn set_archived<E>(
        &mut self,
        what: &str,
        scope: Option<i32>,
        old: &E::Model,
        archived: bool,
        expected: i32,
    ) -> Result<E::Model, AppError>
    where
        E: EntityTrait,
        E::Model: Versioned
            + Archivable
            + IntoActiveModel<E::ActiveModel>
            + ModelTrait<Entity = E>
            + Clone,
        E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    {
        if old.version() == expected && old.archived_at().is_some() == archived {
            let problem = if archived {
                format!("{what} is already archived")
            } else {
                format!("{what} is not archived")
            };
            return Err(AppError::invalid("archived", problem));
        }
        let mut new = old.clone();
        new.set_archived_at(archived.then(now));
        self.update::<E>(what, scope, old, expected, new).await
    }

    /// The refusal of a write based on an older version of a record.
    pub async fn conflict(&self, what: &str, kind: RecordKind, key: &str) -> AppError {
        conflict(&self.txn, self.project.id, what, kind, key).await
    }
}

pub async fn conflict(
    db: &impl ConnectionTrait,
    project_id: i32,
    what: &str,
    kind: RecordKind,
    key: &str,
) -> AppError {
    let changed_at = last_changed(db, project_id, kind, key)
        .await
        .ok()
        .flatten()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default();
    AppError::Conflict {
        what: what.to_owned(),
        changed_at,
    }
}

/// A required name: trimmed, not empty, not over-long.
pub fn name(field: &str, value: &str) -> Result<String, AppError> {
    bounded(field, value, true, MAX_NAME_CHARS)
}

/// Free text: trimmed, not over-long; empty only where allowed.
pub fn text(field: &str, value: &str, required: bool) -> Result<String, AppError> {
    bounded(field, value, required, MAX_TEXT_CHARS)
}

fn bounded(field: &str, value: &str, required: bool, max: usize) -> Result<String, AppError> {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        return Err(AppError::invalid(field, "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// The first of `base`, `base-2`, `base-3` … that `taken` does not hold.
pub fn unique_key(base: &str, taken: &std::collections::HashSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|k| !taken.contains(k))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_nordic_letters_readable() {
        assert_eq!(slug("Oppstart og organisering"), "oppstart-og-organisering");
        assert_eq!(
            slug("Nätverksträff i Östersund"),
            "naetverkstraeff-i-ostersund"
        );
        assert_eq!(
            slug("  Kartlegging / evaluering!  "),
            "kartlegging-evaluering"
        );
        assert_eq!(slug("???"), "item");
    }

    #[test]
    fn keys_are_made_unique() {
        let taken = ["a".to_owned(), "a-2".to_owned()].into_iter().collect();
        assert_eq!(unique_key("a", &taken), "a-3");
        assert_eq!(unique_key("b", &taken), "b");
    }

    #[test]
    fn names_are_required_and_bounded() {
        assert_eq!(name("name", "  A  "), Ok("A".to_owned()));
        assert!(
            matches!(name("name", " "), Err(AppError::Invalid { field, .. }) if field == "name")
        );
        assert!(name("name", &"x".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(text("comment", &"x".repeat(MAX_TEXT_CHARS + 1), false).is_err());
        assert_eq!(text("comment", "", false), Ok(String::new()));
    }

    /// Edits queue per SQLite file: an edit of one database holds up the
    /// other pools of the same file, never another file's (the tests run
    /// side by side in one process, each on files of its own).
    #[tokio::test]
    async fn sqlite_writers_queue_per_database_file() {
        let dir = tempfile::tempdir().expect("a folder");
        let connect = |name: &str| {
            let url = format!("sqlite://{}?mode=rwc", dir.path().join(name).display());
            async move { sea_orm::Database::connect(url).await.expect("SQLite") }
        };
        let (a, a_writes, b) = (
            connect("a.db").await,
            connect("a.db").await,
            connect("b.db").await,
        );
        let held = writer_turn(&a).await;
        assert!(held.is_some(), "SQLite edits take a turn");
        assert!(
            writer_turn_now(&a_writes).is_none(),
            "the same file's other pool waits"
        );
        assert!(
            matches!(writer_turn_now(&b), Some(Some(_))),
            "another file's edits do not"
        );
        drop(held);
        assert!(matches!(writer_turn_now(&a_writes), Some(Some(_))));
    }
}
