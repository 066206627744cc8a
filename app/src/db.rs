//! Connecting to the database and bringing its schema up to date.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Where the embedded default keeps its data when nothing else is configured.
pub const DEFAULT_SQLITE_FILE: &str = "framdrift.db";

/// The connection URL for a SQLite file, created if missing.
pub fn sqlite_url(path: &str) -> String {
    format!("sqlite://{path}?mode=rwc")
}

/// Connects, runs every pending migration and starts the history of records
/// stored before history was kept, so a new or old database works at once.
///
/// SQLite runs in WAL mode (readers do not wait for the writer, and a write
/// is one append) with foreign keys on and a busy timeout, so concurrent
/// requests queue instead of failing.
pub async fn connect_and_migrate(mut options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    options.map_sqlx_sqlite_opts(|sqlite| {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        sqlite
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10))
    });
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    let started = crate::history::backfill(&db).await?;
    if started > 0 {
        tracing::info!(projects = started, "history started for stored projects");
    }
    Ok(db)
}
