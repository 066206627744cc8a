//! Reading records as they stood at a moment.

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::AsOf;
use crate::entities::{project, record_version};
use crate::error::AppError;

use super::Versioned;

/// The versions valid at `as_of`: `valid_from <= t < valid_to`, or the open
/// ones for now.
pub(super) fn valid_at(as_of: AsOf) -> Condition {
    match as_of.0 {
        None => Condition::all().add(record_version::Column::ValidTo.is_null()),
        Some(t) => Condition::all()
            .add(record_version::Column::ValidFrom.lte(t))
            .add(
                Condition::any()
                    .add(record_version::Column::ValidTo.is_null())
                    .add(record_version::Column::ValidTo.gt(t)),
            ),
    }
}

/// The records of `scope`.
fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::Any => Condition::all(),
        Scope::ProjectWide => Condition::all().add(record_version::Column::SubProjectId.is_null()),
        Scope::SubProject(id) => Condition::all().add(record_version::Column::SubProjectId.eq(id)),
    }
}

/// Which records of a project to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// All of them.
    Any,
    /// Those of the project as a whole (the project-wide plan).
    ProjectWide,
    /// Those of one sub-project.
    SubProject(i32),
}

/// The records of one kind as they stood at `as_of` (now: the current ones),
/// archived ones included: views decide what to show of them.
pub async fn load<M: Versioned>(
    db: &impl ConnectionTrait,
    project_id: i32,
    scope: Scope,
    as_of: AsOf,
) -> Result<Vec<M>, AppError> {
    versions(db, project_id, &[M::KIND.code()], scope, as_of)
        .await?
        .iter()
        .map(|(kind, data)| decode(data, kind))
        .collect()
}

/// The kind and data of the versions of these kinds in `scope` valid at
/// `as_of`, in the order they were recorded.
async fn versions(
    db: &impl ConnectionTrait,
    project_id: i32,
    kinds: &[&str],
    scope: Scope,
    as_of: AsOf,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(record_version::Entity::find()
        .select_only()
        .column(record_version::Column::Kind)
        .column(record_version::Column::Data)
        .filter(record_version::Column::ProjectId.eq(project_id))
        .filter(record_version::Column::Kind.is_in(kinds.iter().copied()))
        .filter(in_scope(scope))
        .filter(valid_at(as_of))
        .order_by_asc(record_version::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Keys bound in one query: well under the bound-parameter limits of SQLite
/// and PostgreSQL.
const KEYS_PER_QUERY: usize = 500;

/// Planned and actual cells alike, or any two kinds of one plan, read in
/// one query where two would cost a second round trip to the database on
/// every read of a plan.
pub async fn load_pair<A: Versioned, B: Versioned>(
    db: &impl ConnectionTrait,
    project_id: i32,
    scope: Scope,
    as_of: AsOf,
) -> Result<(Vec<A>, Vec<B>), AppError> {
    let rows = versions(
        db,
        project_id,
        &[A::KIND.code(), B::KIND.code()],
        scope,
        as_of,
    )
    .await?;
    split_pair(&rows)
}

/// [`load_pair`] of the records with these keys (a window of a plan's cells,
/// whose planned and actual cells share their keys).
pub async fn load_pair_keys<A: Versioned, B: Versioned>(
    db: &impl ConnectionTrait,
    project_id: i32,
    keys: &[String],
    as_of: AsOf,
) -> Result<(Vec<A>, Vec<B>), AppError> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        rows.extend(
            record_version::Entity::find()
                .select_only()
                .column(record_version::Column::Kind)
                .column(record_version::Column::Data)
                .filter(record_version::Column::ProjectId.eq(project_id))
                .filter(record_version::Column::Kind.is_in([A::KIND.code(), B::KIND.code()]))
                .filter(record_version::Column::RecordKey.is_in(chunk.iter().cloned()))
                .filter(valid_at(as_of))
                .into_tuple::<(String, String)>()
                .all(db)
                .await?,
        );
    }
    split_pair(&rows)
}

fn split_pair<A: Versioned, B: Versioned>(
    rows: &[(String, String)],
) -> Result<(Vec<A>, Vec<B>), AppError> {
    let (mut first, mut second) = (Vec::new(), Vec::new());
    for (kind, data) in rows {
        if kind == A::KIND.code() {
            first.push(decode(data, kind)?);
        } else {
            second.push(decode(data, kind)?);
        }
    }
    Ok((first, second))
}

pub(super) fn decode<M: serde::de::DeserializeOwned>(
    data: &str,
    kind: &str,
) -> Result<M, AppError> {
    serde_json::from_str(data).map_err(|error| {
        tracing::error!(%error, kind, "unreadable record version");
        AppError::Database
    })
}

/// One record by its key, as it stood at `as_of`; none if it did not exist.
pub async fn load_one<M: Versioned>(
    db: &impl ConnectionTrait,
    project_id: i32,
    record_key: &str,
    as_of: AsOf,
) -> Result<Option<M>, AppError> {
    one_version(
        db,
        record_version::Column::ProjectId.eq(project_id),
        record_key,
        as_of,
    )
    .await
}

/// The project with this key as it stood at `as_of`, its id looked up in the
/// same query: this starts every read of a project, so one round trip less
/// on each.
pub async fn load_project(
    db: &impl ConnectionTrait,
    key: &str,
    as_of: AsOf,
) -> Result<Option<project::Model>, AppError> {
    let id_of_key = Query::select()
        .column(project::Column::Id)
        .from(project::Entity)
        .and_where(project::Column::Key.eq(key))
        .to_owned();
    one_version(
        db,
        record_version::Column::ProjectId.in_subquery(id_of_key),
        key,
        as_of,
    )
    .await
}

async fn one_version<M: Versioned>(
    db: &impl ConnectionTrait,
    of_project: Expr,
    record_key: &str,
    as_of: AsOf,
) -> Result<Option<M>, AppError> {
    let row: Option<String> = record_version::Entity::find()
        .select_only()
        .column(record_version::Column::Data)
        .filter(of_project)
        .filter(record_version::Column::Kind.eq(M::KIND.code()))
        .filter(record_version::Column::RecordKey.eq(record_key))
        .filter(valid_at(as_of))
        .order_by_desc(record_version::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    row.map(|data| decode(&data, M::KIND.code())).transpose()
}

/// The sub-projects that have records of a kind at `as_of` (archived ones
/// count too: their plan exists, emptied).
pub async fn scopes_with<M: Versioned>(
    db: &impl ConnectionTrait,
    project_id: i32,
    as_of: AsOf,
) -> Result<Vec<i32>, AppError> {
    let mut query = record_version::Entity::find()
        .select_only()
        .column(record_version::Column::SubProjectId)
        .distinct()
        .filter(record_version::Column::ProjectId.eq(project_id))
        .filter(record_version::Column::Kind.eq(M::KIND.code()))
        .filter(record_version::Column::SubProjectId.is_not_null());
    query = query.filter(valid_at(as_of));
    let rows: Vec<Option<i32>> = query.into_tuple().all(db).await?;
    Ok(rows.into_iter().flatten().collect())
}
