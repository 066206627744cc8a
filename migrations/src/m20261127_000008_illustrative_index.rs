//! Whether a view includes illustrative content is asked on every read of a
//! plan, overview or chart: an index that answers it at once, where the
//! project's index of change sets had PostgreSQL read every change set of
//! the project, thousands after a day of edits, to find none.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChangeSet {
    Table,
    ProjectId,
    Illustrative,
    RecordedAt,
}

const NAME: &str = "ix_change_set_illustrative";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(ChangeSet::Table)
                    .col(ChangeSet::ProjectId)
                    .col(ChangeSet::Illustrative)
                    .col(ChangeSet::RecordedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table(ChangeSet::Table).to_owned())
            .await
    }
}
