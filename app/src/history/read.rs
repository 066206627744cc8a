//! Reading records as they stood at a moment.

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::AsOf;
use crate::entities::record_version;
use crate::error::AppError;

use super::Versioned;

/// The versions valid at `as_of`: `valid_from <= t < valid_to`, or the open
/// ones for now.
fn valid_at(as_of: AsOf) -> Condition {
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
    let mut query = record_version::Entity::find()
        .select_only()
        .column(record_version::Column::Data)
        .filter(record_version::Column::ProjectId.eq(project_id))
        .filter(record_version::Column::Kind.eq(M::KIND.code()));
    query = match scope {
        Scope::Any => query,
        Scope::ProjectWide => query.filter(record_version::Column::SubProjectId.is_null()),
        Scope::SubProject(id) => query.filter(record_version::Column::SubProjectId.eq(id)),
    };
    query = query.filter(valid_at(as_of));
    let rows: Vec<String> = query
        .order_by_asc(record_version::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    rows.iter()
        .map(|data| decode(data, M::KIND.code()))
        .collect()
}

/// The records of one kind with these keys, as they stood at `as_of`; keys
/// without a record are left out. For reading a window of a large plan
/// without loading the rest.
pub async fn load_keys<M: Versioned>(
    db: &impl ConnectionTrait,
    project_id: i32,
    keys: &[String],
    as_of: AsOf,
) -> Result<Vec<M>, AppError> {
    // Well under the bound-parameter limits of SQLite and PostgreSQL.
    const CHUNK: usize = 500;
    let mut records = Vec::new();
    for chunk in keys.chunks(CHUNK) {
        let rows: Vec<String> = record_version::Entity::find()
            .select_only()
            .column(record_version::Column::Data)
            .filter(record_version::Column::ProjectId.eq(project_id))
            .filter(record_version::Column::Kind.eq(M::KIND.code()))
            .filter(record_version::Column::RecordKey.is_in(chunk.iter().cloned()))
            .filter(valid_at(as_of))
            .into_tuple()
            .all(db)
            .await?;
        for data in &rows {
            records.push(decode(data, M::KIND.code())?);
        }
    }
    Ok(records)
}

fn decode<M: serde::de::DeserializeOwned>(data: &str, kind: &str) -> Result<M, AppError> {
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
    let mut query = record_version::Entity::find()
        .select_only()
        .column(record_version::Column::Data)
        .filter(record_version::Column::ProjectId.eq(project_id))
        .filter(record_version::Column::Kind.eq(M::KIND.code()))
        .filter(record_version::Column::RecordKey.eq(record_key));
    query = query.filter(valid_at(as_of));
    let row: Option<String> = query
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
