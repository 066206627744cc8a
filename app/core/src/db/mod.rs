//! Connecting to the database and bringing its schema up to date.

mod migrate;
mod transaction;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};

pub use transaction::{begin_read, begin_write};

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
/// requests queue instead of failing. The pool has one connection per core
/// ([`pool_connections`]), on either database, unless the options say
/// otherwise.
pub async fn connect_and_migrate(options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    connect_and_set_up(options, |_| async { Ok::<(), DbErr>(()) }).await
}

/// As [`connect_and_migrate`], then `set_up` (such as loading the demo into
/// an empty database) before any other process starting on the same
/// PostgreSQL may migrate or set up: two servers started at once on a new
/// database would otherwise both find it empty and both load the demo.
pub async fn connect_and_set_up<E, F, Fut>(
    mut options: ConnectOptions,
    set_up: F,
) -> Result<DatabaseConnection, E>
where
    E: From<DbErr>,
    F: FnOnce(DatabaseConnection) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    if options.get_max_connections().is_none() {
        options.max_connections(pool_connections());
    }
    let options = with_sqlite_settings(options);
    let db = Database::connect(options.clone()).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        // The first process to take the lock migrates and sets up; the
        // others wait and find nothing to do. A session lock needs one
        // connection: a pool of one, for this only.
        let mut one = options;
        one.max_connections(1).min_connections(1);
        let lock = Database::connect(one).await?;
        lock.execute_unprepared(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
            .await?;
        let done = match migrate::upgrade(&lock).await {
            Ok(()) => set_up(db.clone()).await,
            Err(error) => Err(error.into()),
        };
        let unlocked = lock
            .execute_unprepared(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
            .await;
        let _ = lock.close().await;
        done?;
        unlocked?;
    } else {
        migrate::upgrade(&db).await?;
        set_up(db.clone()).await?;
    }
    Ok(db)
}

/// A second pool on the same database for the writes (the server's write
/// lane): the edit holding the project's turn then never waits for a
/// connection behind the readers, as it did in the one pool under load.
/// SQLite takes one writer at a time, so one connection; PostgreSQL one per
/// core, for edits of different projects. The schema is the first pool's
/// business ([`connect_and_set_up`]).
pub async fn connect_for_writes(mut options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    let connections = write_connections(&options);
    options.max_connections(connections).min_connections(1);
    Database::connect(with_sqlite_settings(options)).await
}

/// Connections of the writes' pool ([`connect_for_writes`]) on the
/// database `options` name.
pub fn write_connections(options: &ConnectOptions) -> u32 {
    if is_sqlite(options) {
        1
    } else {
        pool_connections()
    }
}

fn is_sqlite(options: &ConnectOptions) -> bool {
    options.get_url().starts_with("sqlite:")
}

/// WAL mode (readers do not wait for the writer, and a write is one
/// append), foreign keys on, and a busy timeout, so that concurrent
/// requests queue instead of failing. No effect on PostgreSQL.
fn with_sqlite_settings(mut options: ConnectOptions) -> ConnectOptions {
    options.map_sqlx_sqlite_opts(|sqlite| {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        sqlite
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10))
    });
    options
}

/// Connections of a pool: one per core, at least two. sea-orm gives SQLite
/// one by default, and then every query of the server waits for that
/// connection's thread; in WAL mode readers run beside the one writer, so
/// reads go on while an edit is written (edits queue in the process anyway,
/// `edit::writer_turn`). More threads than cores only contend: under the
/// mixed load on two cores, four SQLite connections doubled the p99 of two,
/// and PostgreSQL's default of ten gave three times the p99 of two
/// (docs/performance.md). A PostgreSQL server with cores of its own may
/// want more (`--db-connections`).
pub fn pool_connections() -> u32 {
    std::thread::available_parallelism()
        .map_or(2, |cores| u32::try_from(cores.get()).unwrap_or(u32::MAX))
        .max(2)
}

/// The key of the PostgreSQL advisory lock held while the schema is brought
/// up to date ("fram" in ASCII).
const MIGRATION_LOCK: i64 = 0x6672_616d;
