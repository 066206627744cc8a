//! Connecting to the database and bringing its schema up to date.

use leptos::prelude::use_context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

use crate::error::AppError;

/// Where the embedded default keeps its data when nothing else is configured.
pub const DEFAULT_SQLITE_FILE: &str = "framdrift.db";

/// The connection URL for a SQLite file, created if missing.
pub fn sqlite_url(path: &str) -> String {
    format!("sqlite://{path}?mode=rwc")
}

/// Connects and runs every pending migration, so a new database works at once.
pub async fn connect_and_migrate(options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    let db = Database::connect(options).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// The database a server function runs against, provided by the server wiring.
pub fn from_context() -> Result<DatabaseConnection, AppError> {
    use_context::<DatabaseConnection>().ok_or_else(|| {
        tracing::error!("no database connection in the request context");
        AppError::Database
    })
}
