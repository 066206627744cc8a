//! A project's revision: raised by every change set of the project, in the
//! change set's transaction (a trigger on `change_set`, so that no writer can
//! forget it and no edit spends a round trip on it; migration
//! `m20261126_000005`), so it changes exactly when what the project's
//! pages, files and API answers show may have changed. Answers are cached
//! under it (`api::cache`, `gantt::cache`): one read of the project row tells
//! any server process whether what it holds is still good.
//!
//! A project's plan revision is the revision of the last change set that
//! changed anything a plan shows (`RecordKind::changes_plan`; migration
//! `m20261127_000007`), raised by the recorder, which knows what it
//! recorded: plans stay cached while status statements, milestones and
//! meetings are written.
//!
//! The columns are not part of `project::Model` on purpose: the model is what
//! the history keeps of a project, and the revision is no fact of it.

use sea_orm::sea_query::{Alias, Expr, UpdateStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryResult,
    QuerySelect, QueryTrait, Select,
};

use crate::entities::project;

const COLUMN: &str = "revision";
const PLAN_COLUMN: &str = "plan_revision";

/// A project as found, with the revision it was found at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamped {
    pub project: project::Model,
    pub revision: i64,
    /// The revision at which what its plans show last changed.
    pub plan_revision: i64,
}

impl FromQueryResult for Stamped {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            project: project::Model::from_query_result(row, prefix)?,
            revision: row.try_get(prefix, COLUMN)?,
            plan_revision: row.try_get(prefix, PLAN_COLUMN)?,
        })
    }
}

/// The project `key`, with its revision, in one read.
pub async fn find(db: &impl ConnectionTrait, key: &str) -> Result<Option<Stamped>, DbErr> {
    select(key).into_model::<Stamped>().one(db).await
}

/// The query for the project `key` with its revision, to read as
/// [`Stamped`] (or to join more to).
pub fn select(key: &str) -> Select<project::Entity> {
    project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .column_as(Expr::col((project::Entity, Alias::new(COLUMN))), COLUMN)
        .column_as(
            Expr::col((project::Entity, Alias::new(PLAN_COLUMN))),
            PLAN_COLUMN,
        )
}

/// Marks the project's plans changed at its current revision (which the
/// change set's trigger has raised): to run in the change set's
/// transaction (the recorder sends it with the history's rows).
pub fn raise_plan_statement(project_id: i32) -> UpdateStatement {
    project::Entity::update_many()
        .col_expr(Alias::new(PLAN_COLUMN), Expr::col(Alias::new(COLUMN)))
        .filter(project::Column::Id.eq(project_id))
        .into_query()
}
