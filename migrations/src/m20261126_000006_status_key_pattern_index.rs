//! On PostgreSQL, an index that `LIKE 'prefix%'` can use whatever the
//! database's collation: a new status statement's taken keys are found by
//! their prefix, and without it PostgreSQL read the whole table (the unique
//! index on the key follows the collation, which `LIKE` cannot use unless
//! it is "C"). SQLite finds them by a key range instead (`schedule::commands`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "CREATE INDEX ix_status_statement_key_prefix \
                     ON status_statement (project_id, key varchar_pattern_ops)",
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP INDEX ix_status_statement_key_prefix")
                .await?;
        }
        Ok(())
    }
}
