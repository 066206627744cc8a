//! On PostgreSQL every change to a project row — its revisions are raised by
//! every change set — sends a notice at commit (`NOTIFY`, channel
//! `framdrift_project_changed`; payload: the table's schema and the
//! project's id, `framdrift:7` — installations may share a database, one
//! schema each). Server
//! processes listening keep projects they read until a notice names them
//! (`app::history::watch`), so a read of a public project needs no round
//! trip to learn whether its kept answers still hold. SQLite has no notices:
//! nothing to do there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES_UP: [&str; 2] = [
    "CREATE FUNCTION notify_project_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN PERFORM pg_notify('framdrift_project_changed', TG_TABLE_SCHEMA || ':' || OLD.id); \
     RETURN NULL; END $$",
    "CREATE TRIGGER project_changed_notifies AFTER UPDATE OR DELETE ON project \
     FOR EACH ROW EXECUTE FUNCTION notify_project_changed()",
];

const POSTGRES_DOWN: [&str; 2] = [
    "DROP TRIGGER project_changed_notifies ON project",
    "DROP FUNCTION notify_project_changed()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, POSTGRES_DOWN).await
    }
}

async fn run(manager: &SchemaManager<'_>, statements: [&str; 2]) -> Result<(), DbErr> {
    if manager.get_database_backend() == DbBackend::Sqlite {
        return Ok(());
    }
    for statement in statements {
        manager
            .get_connection()
            .execute_unprepared(statement)
            .await?;
    }
    Ok(())
}
