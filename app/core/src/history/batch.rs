//! Several reads of one project's records at one moment, sent to the
//! database as one statement (`UNION ALL`).
//!
//! A plan needs its project, the sub-projects, the activities with their
//! planned and actual cells, which sub-projects have plans, and whether any
//! content is illustrative. Read one by one, that was nine statements in a
//! transaction, each a round trip to PostgreSQL; after every edit of a plan
//! the next reader of it did all nine while the other readers of the plan
//! waited for its answer (`api::cache`). As one statement it is one round
//! trip, and it sees one state of the database without a transaction.

use sea_orm::sea_query::{Alias, Cond, Expr, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, ConnectionTrait};

use crate::domain::{AsOf, RecordKind};
use crate::entities::{change_set, project, record_version, sub_project};
use crate::error::AppError;

use super::Versioned;
use super::read::{decode, valid_at};

/// Tags of the rows that are not records (records are tagged by their kind).
const SCOPE: &str = "scope";
const ILLUSTRATIVE: &str = "illustrative";

/// Whose records an arm of a batch reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchScope<'a> {
    /// Those of the project as a whole (the project-wide plan).
    ProjectWide,
    /// Those of the sub-project with this key.
    SubProject(&'a str),
}

/// A batch of reads of the project `key` as it stood at `as_of`.
pub struct Batch<'a> {
    key: &'a str,
    as_of: AsOf,
    arms: Vec<SelectStatement>,
}

impl<'a> Batch<'a> {
    pub fn new(key: &'a str, as_of: AsOf) -> Self {
        Self {
            key,
            as_of,
            arms: Vec::new(),
        }
    }

    /// The id of the project, found by its key inside the statement.
    fn project_id(&self) -> SelectStatement {
        Query::select()
            .column(project::Column::Id)
            .from(project::Entity)
            .and_where(project::Column::Key.eq(self.key))
            .to_owned()
    }

    /// The versions of the project's records valid at the moment read.
    fn versions(&self) -> SelectStatement {
        Query::select()
            .expr_as(Expr::col(record_version::Column::Kind), Alias::new("tag"))
            .column(record_version::Column::SubProjectId)
            .column(record_version::Column::Id)
            .column(record_version::Column::Data)
            .from(record_version::Entity)
            .cond_where(
                Cond::all()
                    .add(record_version::Column::ProjectId.in_subquery(self.project_id()))
                    .add(valid_at(self.as_of)),
            )
            .to_owned()
    }

    /// The project's own record.
    pub fn project(mut self) -> Self {
        let arm = self
            .versions()
            .and_where(record_version::Column::Kind.eq(RecordKind::Project.code()))
            .and_where(record_version::Column::RecordKey.eq(self.key))
            .to_owned();
        self.arms.push(arm);
        self
    }

    /// Every record of these kinds, of any sub-project or none.
    ///
    /// One arm per kind, here and in `scoped`: under a generic plan
    /// PostgreSQL searched `kind IN (…)` by project and sub-project alone
    /// and filtered the kinds, so every read of a plan walked every current
    /// status statement of the project; `kind = $n` is a condition of the
    /// open versions' index.
    pub fn all_of(mut self, kinds: &[RecordKind]) -> Self {
        for kind in kinds {
            let arm = self
                .versions()
                .and_where(record_version::Column::Kind.eq(kind.code()))
                .to_owned();
            self.arms.push(arm);
        }
        self
    }

    /// The records of these kinds in `scope`.
    pub fn scoped(mut self, kinds: &[RecordKind], scope: BatchScope) -> Self {
        let in_scope = match scope {
            BatchScope::ProjectWide => record_version::Column::SubProjectId.is_null(),
            BatchScope::SubProject(key) => record_version::Column::SubProjectId.in_subquery(
                Query::select()
                    .column(sub_project::Column::Id)
                    .from(sub_project::Entity)
                    .and_where(sub_project::Column::ProjectId.in_subquery(self.project_id()))
                    .and_where(sub_project::Column::Key.eq(key))
                    .to_owned(),
            ),
        };
        for kind in kinds {
            let arm = self
                .versions()
                .and_where(record_version::Column::Kind.eq(kind.code()))
                .and_where(in_scope.clone())
                .to_owned();
            self.arms.push(arm);
        }
        self
    }

    /// The sub-projects that have records of `kind` (`BatchRows::scopes`).
    pub fn scopes_with(mut self, kind: RecordKind) -> Self {
        let arm = Query::select()
            .distinct()
            .expr(Expr::cust(format!("CAST('{SCOPE}' AS TEXT)")))
            .column(record_version::Column::SubProjectId)
            .expr(Expr::cust("0"))
            .expr(Expr::cust("CAST('' AS TEXT)"))
            .from(record_version::Entity)
            .cond_where(
                Cond::all()
                    .add(record_version::Column::ProjectId.in_subquery(self.project_id()))
                    .add(record_version::Column::Kind.eq(kind.code()))
                    .add(record_version::Column::SubProjectId.is_not_null())
                    .add(valid_at(self.as_of)),
            )
            .to_owned();
        self.arms.push(arm);
        self
    }

    /// Whether anything recorded by the moment read is illustrative
    /// (`BatchRows::illustrative`).
    pub fn illustrative(mut self) -> Self {
        let mut change_sets = Query::select()
            .column(change_set::Column::Id)
            .from(change_set::Entity)
            .and_where(change_set::Column::ProjectId.in_subquery(self.project_id()))
            .and_where(change_set::Column::Illustrative.eq(true))
            .to_owned();
        if let Some(t) = self.as_of.0 {
            change_sets.and_where(change_set::Column::RecordedAt.lte(t));
        }
        let arm = Query::select()
            .expr(Expr::cust(format!("CAST('{ILLUSTRATIVE}' AS TEXT)")))
            .expr(Expr::cust("CAST(NULL AS INTEGER)"))
            .expr(Expr::case(Expr::exists(change_sets), Expr::cust("1")).finally(Expr::cust("0")))
            .expr(Expr::cust("CAST('' AS TEXT)"))
            .to_owned();
        self.arms.push(arm);
        self
    }

    /// The batch as the one statement it is sent as (none if it is empty).
    pub fn statement(self) -> Option<SelectStatement> {
        let mut arms = self.arms.into_iter();
        let mut statement = arms.next()?;
        statement.unions(arms.map(|arm| (UnionType::All, arm)));
        Some(statement)
    }

    /// Runs the batch: one statement, one round trip.
    pub async fn run(self, db: &impl ConnectionTrait) -> Result<BatchRows, AppError> {
        let Some(statement) = self.statement() else {
            return Ok(BatchRows::default());
        };
        let mut rows = Vec::new();
        for row in db.query_all(&statement).await? {
            rows.push(Row {
                tag: row.try_get_by_index(0)?,
                sub_project_id: row.try_get_by_index(1)?,
                id: row.try_get_by_index(2)?,
                data: row.try_get_by_index(3)?,
            });
        }
        // In the order they were recorded, as `load` gives them.
        rows.sort_by_key(|row| row.id);
        Ok(BatchRows { rows })
    }
}

struct Row {
    tag: String,
    sub_project_id: Option<i32>,
    id: i32,
    data: String,
}

/// What a batch read.
#[derive(Default)]
pub struct BatchRows {
    rows: Vec<Row>,
}

impl BatchRows {
    /// The records of `M`'s kind, in the order they were recorded.
    pub fn records<M: Versioned>(&self) -> Result<Vec<M>, AppError> {
        let kind = M::KIND.code();
        self.rows
            .iter()
            .filter(|row| row.tag == kind)
            .map(|row| decode(&row.data, kind))
            .collect()
    }

    /// The sub-projects found by [`Batch::scopes_with`].
    pub fn scopes(&self) -> Vec<i32> {
        self.rows
            .iter()
            .filter(|row| row.tag == SCOPE)
            .filter_map(|row| row.sub_project_id)
            .collect()
    }

    /// What [`Batch::illustrative`] found.
    pub fn illustrative(&self) -> bool {
        self.rows
            .iter()
            .any(|row| row.tag == ILLUSTRATIVE && row.id == 1)
    }
}
