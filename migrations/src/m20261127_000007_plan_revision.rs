//! A project's plan revision: the project's revision at the last change set
//! that changed anything a plan shows. Status statements, milestones and
//! meetings are not in a plan, so writing them leaves the plan's cached
//! answers good (`api::cache`). Raised by the history's recorder, which
//! knows what kinds of record a change set holds.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Project {
    Table,
    Revision,
    PlanRevision,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Project::Table)
                    .add_column(big_integer(Project::PlanRevision).default(0))
                    .to_owned(),
            )
            .await?;
        // Until now every change set counted as a change of the plan.
        manager
            .exec_stmt(
                Query::update()
                    .table(Project::Table)
                    .value(Project::PlanRevision, Expr::col(Project::Revision))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Project::Table)
                    .drop_column(Project::PlanRevision)
                    .to_owned(),
            )
            .await
    }
}
