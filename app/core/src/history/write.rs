//! Recording changes: one change set per edit or import, a new version per
//! changed record, and a row per changed field.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{
    Alias, CommonTableExpression, Expr, Query, SubQueryStatement, UpdateStatement, WithClause,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryTrait,
};
use serde_json::{Map, Value};

use crate::entities::{change, change_set, record_version};

use super::Versioned;

/// Who made a change: a person with an account, or a name only ("system"
/// for upgrades, "local" for the command line, the names an imported
/// history gives).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub user_id: Option<i32>,
}

impl Actor {
    /// Changes made on the server's command line.
    pub fn local() -> Self {
        Self::named("local")
    }

    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            user_id: None,
        }
    }

    pub fn person(user_id: i32, display_name: &str, email: &str) -> Self {
        Self {
            name: format!("{display_name} <{email}>"),
            user_id: Some(user_id),
        }
    }

    /// Nobody known: such a caller may not write, so this names a refusal.
    pub fn anonymous() -> Self {
        Self::named("anonymous")
    }
}

/// Where a change came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Page,
    Api,
    Import,
    /// Records that existed before history was kept (see `backfill`).
    Upgrade,
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::Page => "page",
            Source::Api => "api",
            Source::Import => "import",
            Source::Upgrade => "upgrade",
        }
    }
}

/// The current time at the precision both databases keep (microseconds), so
/// a time read back equals the one written.
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

/// Fields that say where a record is stored, not what it holds.
const BOOKKEEPING: [&str; 3] = ["id", "project_id", "version"];

/// Buffered rows are written in batches of this many.
const BATCH: usize = 500;

/// Writes the history of one change set; call [`Recorder::finish`] before
/// committing the transaction.
pub struct Recorder {
    pub change_set_id: i32,
    pub project_id: i32,
    pub at: DateTime<Utc>,
    versions: Vec<record_version::ActiveModel>,
    changes: Vec<change::ActiveModel>,
    /// Where in `versions` each buffered record's open version is.
    pending: HashMap<(String, String), usize>,
    /// Stored open versions to end, as (kind, key, time): ended when the
    /// buffers are written, before the versions that follow them.
    closes: Vec<(String, String, DateTime<Utc>)>,
    /// Records changed in this change set, and in all of this recorder's.
    recorded: usize,
    total: usize,
    /// Keep everything in memory until `finish`: an import of a whole
    /// project then writes its history in large batches, and a record's
    /// version is closed in memory, not by an update.
    bulk: bool,
    /// Something a plan shows was recorded: the project's plan revision
    /// is raised at `finish` (`RecordKind::changes_plan`).
    changes_plan: bool,
}

impl Recorder {
    pub async fn begin(
        db: &impl ConnectionTrait,
        project_id: i32,
        actor: &Actor,
        source: Source,
        summary: &str,
        at: DateTime<Utc>,
    ) -> Result<Self, DbErr> {
        let change_set = change_set::ActiveModel {
            project_id: Set(project_id),
            recorded_at: Set(at),
            actor: Set(actor.name.clone()),
            user_id: Set(actor.user_id),
            source: Set(source.code().to_owned()),
            summary: Set(summary.to_owned()),
            illustrative: Set(false),
            ..Default::default()
        }
        .insert(db)
        .await?;
        // Its project's revision rises with it (a trigger: `history::revision`).
        Ok(Self {
            change_set_id: change_set.id,
            project_id,
            at,
            versions: Vec::new(),
            changes: Vec::new(),
            pending: HashMap::new(),
            closes: Vec::new(),
            recorded: 0,
            total: 0,
            bulk: false,
            changes_plan: false,
        })
    }

    /// Buffers everything until `finish` (see `bulk`).
    pub fn in_bulk(mut self) -> Self {
        self.bulk = true;
        self
    }

    /// Ends this change set and starts the next, keeping the buffers: one
    /// import writes many change sets of its history this way.
    pub async fn next_change_set(
        &mut self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        summary: &str,
        at: DateTime<Utc>,
        illustrative: bool,
    ) -> Result<(), DbErr> {
        if self.recorded == 0 {
            change_set::Entity::delete_by_id(self.change_set_id)
                .exec(db)
                .await?;
        }
        let change_set = change_set::ActiveModel {
            project_id: Set(self.project_id),
            recorded_at: Set(at),
            actor: Set(actor.name.clone()),
            user_id: Set(actor.user_id),
            source: Set(Source::Import.code().to_owned()),
            summary: Set(summary.to_owned()),
            illustrative: Set(illustrative),
            ..Default::default()
        }
        .insert(db)
        .await?;
        self.change_set_id = change_set.id;
        self.at = at;
        self.recorded = 0;
        // Plans say whether their view holds illustrative change sets.
        self.changes_plan |= illustrative;
        Ok(())
    }

    /// Records that a record was created (`old` none) or changed from `old`
    /// to `new`. `scope` is the sub-project the record belongs to, if any.
    /// Returns whether anything changed.
    pub async fn record<M: Versioned>(
        &mut self,
        db: &impl ConnectionTrait,
        scope: Option<i32>,
        old: Option<&M>,
        new: &M,
    ) -> Result<bool, DbErr> {
        let new_value = to_object(new)?;
        let key = new.record_key();
        let kind = M::KIND.code();
        let fields = match old {
            None => vec![("created".to_owned(), None, None)],
            Some(old) => {
                let old_value = to_object(old)?;
                let fields = changed_fields(&old_value, &new_value);
                if fields.is_empty() {
                    return Ok(false);
                }
                self.close(kind, &key);
                fields
            }
        };
        for (field, old, new) in fields {
            self.changes.push(change::ActiveModel {
                project_id: Set(self.project_id),
                change_set_id: Set(self.change_set_id),
                kind: Set(kind.to_owned()),
                record_key: Set(key.clone()),
                sub_project_id: Set(scope),
                field: Set(field),
                old_value: Set(old),
                new_value: Set(new),
                ..Default::default()
            });
        }
        self.pending
            .insert((kind.to_owned(), key.clone()), self.versions.len());
        self.versions.push(record_version::ActiveModel {
            project_id: Set(self.project_id),
            change_set_id: Set(self.change_set_id),
            kind: Set(kind.to_owned()),
            record_key: Set(key),
            sub_project_id: Set(scope),
            valid_from: Set(self.at),
            valid_to: Set(None),
            data: Set(Value::Object(new_value).to_string()),
            ..Default::default()
        });
        self.recorded += 1;
        self.total += 1;
        self.changes_plan |= M::KIND.changes_plan();
        if !self.bulk && (self.versions.len() >= BATCH || self.changes.len() >= BATCH) {
            self.flush(db, false).await?;
        }
        Ok(true)
    }

    /// Ends the record's open version at this change set's time.
    fn close(&mut self, kind: &str, key: &str) {
        // A version of the same record may still wait in the buffer: it
        // gets its end in place, keeping the batch.
        if let Some(&index) = self.pending.get(&(kind.to_owned(), key.to_owned()))
            && let Some(version) = self.versions.get_mut(index)
        {
            version.valid_to = Set(Some(self.at));
            return;
        }
        self.closes.push((kind.to_owned(), key.to_owned(), self.at));
    }

    /// Writes the buffers (and, with `raise_plan`, marks the plans changed).
    async fn flush(&mut self, db: &impl ConnectionTrait, raise_plan: bool) -> Result<(), DbErr> {
        self.pending.clear();
        let rows = self.closes.len() + self.versions.len() + self.changes.len();
        let mut statements: Vec<SubQueryStatement> = Vec::new();
        // Ends first: an update of open versions must not meet the versions
        // that follow them (on PostgreSQL all parts of one statement see the
        // state before it, which gives the same).
        let closes = std::mem::take(&mut self.closes);
        for group in closes.chunk_by(|a, b| a.2 == b.2) {
            for chunk in group.chunks(BATCH) {
                statements.push(close_statement(self.project_id, chunk).into());
            }
        }
        let versions = std::mem::take(&mut self.versions);
        let mut versions = versions.into_iter().peekable();
        while versions.peek().is_some() {
            statements.push(
                record_version::Entity::insert_many(versions.by_ref().take(BATCH))
                    .into_query()
                    .into(),
            );
        }
        let changes = std::mem::take(&mut self.changes);
        let mut changes = changes.into_iter().peekable();
        while changes.peek().is_some() {
            statements.push(
                change::Entity::insert_many(changes.by_ref().take(BATCH))
                    .into_query()
                    .into(),
            );
        }
        if raise_plan {
            statements.push(super::revision::raise_plan_statement(self.project_id).into());
        }
        run_in_order(db, statements, rows <= BATCH).await
    }

    /// Writes what is buffered. A change set that changed nothing is removed,
    /// so the history holds no empty entries. Returns how many records
    /// changed, in all change sets of this recorder.
    pub async fn finish(mut self, db: &impl ConnectionTrait) -> Result<usize, DbErr> {
        if self.recorded == 0 {
            change_set::Entity::delete_by_id(self.change_set_id)
                .exec(db)
                .await?;
        }
        self.flush(db, self.changes_plan).await?;
        Ok(self.total)
    }
}

/// Ends the open versions of these records (all closed at one time).
fn close_statement(project_id: i32, closes: &[(String, String, DateTime<Utc>)]) -> UpdateStatement {
    let at = closes.first().map(|(_, _, at)| *at);
    let records = closes.iter().fold(Condition::any(), |any, (kind, key, _)| {
        any.add(
            Condition::all()
                .add(record_version::Column::Kind.eq(kind.as_str()))
                .add(record_version::Column::RecordKey.eq(key.as_str())),
        )
    });
    record_version::Entity::update_many()
        .col_expr(record_version::Column::ValidTo, Expr::value(at))
        .filter(record_version::Column::ProjectId.eq(project_id))
        .filter(records)
        .filter(record_version::Column::ValidTo.is_null())
        .into_query()
}

/// Runs the statements in order. On PostgreSQL, when `together`, as one
/// statement of data-modifying `WITH` parts: an edit's history then costs
/// one round trip instead of one per part, inside the project's lock,
/// which every edit of the project waits for (docs/performance.md, Load). Large
/// batches (imports) go one by one, within the bound on parameters.
async fn run_in_order(
    db: &impl ConnectionTrait,
    statements: Vec<SubQueryStatement>,
    together: bool,
) -> Result<(), DbErr> {
    if together && statements.len() > 1 && db.get_database_backend() == DbBackend::Postgres {
        let mut with = WithClause::new();
        for (index, statement) in statements.into_iter().enumerate() {
            with.cte(
                CommonTableExpression::new()
                    .query(statement)
                    .table_name(Alias::new(format!("part{index}")))
                    .to_owned(),
            );
        }
        db.execute(&with.query(Query::select().expr(Expr::val(1)).to_owned()))
            .await?;
        return Ok(());
    }
    for statement in statements {
        match statement {
            SubQueryStatement::InsertStatement(insert) => db.execute(&insert).await?,
            SubQueryStatement::UpdateStatement(update) => db.execute(&update).await?,
            SubQueryStatement::DeleteStatement(delete) => db.execute(&delete).await?,
            SubQueryStatement::SelectStatement(select) => db.execute(&select).await?,
            SubQueryStatement::WithStatement(with) => db.execute(&with).await?,
        };
    }
    Ok(())
}

fn to_object<M: serde::Serialize>(model: &M) -> Result<Map<String, Value>, DbErr> {
    match serde_json::to_value(model) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(DbErr::Custom("a record must serialise to an object".into())),
        Err(error) => Err(DbErr::Custom(format!("cannot serialise a record: {error}"))),
    }
}

/// Whether `new` holds what `old` holds, bookkeeping (the version) aside:
/// saving it would change nothing, so nothing is written — a version bumped
/// without a recorded change would part the table from its history.
pub fn same_data<M: serde::Serialize>(old: &M, new: &M) -> bool {
    match (to_object(old), to_object(new)) {
        (Ok(old), Ok(new)) => changed_fields(&old, &new).is_empty(),
        _ => false,
    }
}

/// The fields whose values differ, as (field, old JSON, new JSON).
fn changed_fields(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Vec<(String, Option<String>, Option<String>)> {
    new.iter()
        .filter(|(field, _)| !BOOKKEEPING.contains(&field.as_str()))
        .filter_map(|(field, value)| {
            let before = old.get(field);
            (before != Some(value)).then(|| {
                (
                    field.clone(),
                    before.map(Value::to_string),
                    Some(value.to_string()),
                )
            })
        })
        .collect()
}

/// When a record was last changed, for telling a writer whose version is
/// stale: "changed at 14:02".
pub async fn last_changed(
    db: &impl ConnectionTrait,
    project_id: i32,
    kind: crate::domain::RecordKind,
    record_key: &str,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    use sea_orm::{QueryOrder, QuerySelect};
    record_version::Entity::find()
        .select_only()
        .column(record_version::Column::ValidFrom)
        .filter(record_version::Column::ProjectId.eq(project_id))
        .filter(record_version::Column::Kind.eq(kind.code()))
        .filter(record_version::Column::RecordKey.eq(record_key))
        .order_by_desc(record_version::Column::Id)
        .into_tuple()
        .one(db)
        .await
}

/// Writes `new` over `old` only if the stored record still has `old`'s
/// version; returns false when someone else changed it first.
pub async fn update_if_unchanged<E>(
    db: &impl ConnectionTrait,
    old: &E::Model,
    new: E::Model,
) -> Result<bool, DbErr>
where
    E: EntityTrait,
    E::Model: sea_orm::IntoActiveModel<E::ActiveModel> + sea_orm::ModelTrait<Entity = E>,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    use sea_orm::sea_query::ExprTrait;
    use sea_orm::{
        ActiveModelTrait, IdenStatic, IntoActiveModel, Iterable, ModelTrait, PrimaryKeyToColumn,
    };
    let mut update = E::update_many().set(new.into_active_model().reset_all());
    for key in E::PrimaryKey::iter() {
        let column = key.into_column();
        update = update.filter(Expr::col(column).eq(Expr::val(old.get(column))));
    }
    if let Some(version) = E::Column::iter().find(|c| c.as_str() == "version") {
        update = update.filter(Expr::col(version).eq(Expr::val(old.get(version))));
    }
    Ok(update.exec(db).await?.rows_affected == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn only_changed_content_fields_count() {
        let old = object(json!({"id": 1, "version": 1, "name": "A", "position": 0}));
        let new = object(json!({"id": 1, "version": 2, "name": "B", "position": 0}));
        assert_eq!(
            changed_fields(&old, &new),
            [(
                "name".to_owned(),
                Some("\"A\"".to_owned()),
                Some("\"B\"".to_owned())
            )]
        );
        assert!(changed_fields(&new, &new).is_empty());
    }
}
