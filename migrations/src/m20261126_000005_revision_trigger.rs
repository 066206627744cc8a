//! Every change set raises its project's revision, by a trigger: the
//! database keeps the rule for every writer, and an edit spends no round
//! trip of its own on it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &str = "CREATE TRIGGER change_set_raises_revision \
    AFTER INSERT ON change_set FOR EACH ROW BEGIN \
    UPDATE project SET revision = revision + 1 WHERE id = NEW.project_id; END";

const POSTGRES_UP: [&str; 2] = [
    "CREATE FUNCTION raise_project_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN UPDATE project SET revision = revision + 1 WHERE id = NEW.project_id; \
     RETURN NEW; END $$",
    "CREATE TRIGGER change_set_raises_revision AFTER INSERT ON change_set \
     FOR EACH ROW EXECUTE FUNCTION raise_project_revision()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(SQLITE_UP).await?;
            }
            _ => {
                for statement in POSTGRES_UP {
                    db.execute_unprepared(statement).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared("DROP TRIGGER change_set_raises_revision")
                    .await?;
            }
            _ => {
                db.execute_unprepared("DROP TRIGGER change_set_raises_revision ON change_set")
                    .await?;
                db.execute_unprepared("DROP FUNCTION raise_project_revision()")
                    .await?;
            }
        }
        Ok(())
    }
}
