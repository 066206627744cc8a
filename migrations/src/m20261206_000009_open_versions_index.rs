//! Reads of what is current (`valid_to IS NULL`: every plan, overview and
//! chart of today) through an index of the open versions only.
//!
//! The index of the first history migration (`ix_record_version_current`:
//! project, kind, `valid_to`, sub-project) holds every version ever
//! recorded. Under PostgreSQL's generic plans a read of several kinds
//! (`kind IN (…)`) was served by the record index instead, walking every
//! version of the project — status statements included — to keep the few
//! open ones: each read of a plan grew slower with every edit of the
//! project (docs/performance.md, Load). A partial index holds only the open versions, as
//! many as there are records, whatever the history's length.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RecordVersion {
    Table,
    ProjectId,
    Kind,
    SubProjectId,
    ValidTo,
}

const OPEN: &str = "ix_record_version_open";
const CURRENT: &str = "ix_record_version_current";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(OPEN)
                    .table(RecordVersion::Table)
                    .col(RecordVersion::ProjectId)
                    .col(RecordVersion::Kind)
                    .col(RecordVersion::SubProjectId)
                    .and_where(Expr::col(RecordVersion::ValidTo).is_null())
                    .to_owned(),
            )
            .await?;
        // Everything it served is served by the open versions' index; one
        // index fewer to keep up on every edit.
        manager
            .drop_index(
                Index::drop()
                    .name(CURRENT)
                    .table(RecordVersion::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(CURRENT)
                    .table(RecordVersion::Table)
                    .col(RecordVersion::ProjectId)
                    .col(RecordVersion::Kind)
                    .col(RecordVersion::ValidTo)
                    .col(RecordVersion::SubProjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(OPEN)
                    .table(RecordVersion::Table)
                    .to_owned(),
            )
            .await
    }
}
