//! The two kinds of transaction: one that writes (taking SQLite's write lock
//! at once) and one that only reads one state of the database.

use sea_orm::{
    AccessMode, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, IsolationLevel,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// Begins a transaction that writes. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`), waiting for it under the busy timeout: a
/// transaction that read first could not wait for it later, as SQLite
/// refuses its first write outright (`SQLITE_BUSY_SNAPSHOT`) when another
/// connection of the pool wrote after that read.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// Begins a transaction that only reads, for a read of many queries (a plan,
/// a chart): it sees one state of the database, so a write committed between
/// two of its queries cannot show in half of it, and it takes a connection
/// from the pool once instead of once per query. After each edit of a plan
/// the next reader reads the plan afresh while the other readers answered
/// from the kept answers keep the pool busy; queueing for a connection again
/// at each of its queries made that read the slowest request of a mixed load.
pub async fn begin_read(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let options = match db.get_database_backend() {
        // A deferred BEGIN reads one snapshot from its first read on; SQLite
        // has neither isolation levels nor access modes to set.
        DbBackend::Sqlite => TransactionOptions::default(),
        _ => TransactionOptions {
            isolation_level: Some(IsolationLevel::RepeatableRead),
            access_mode: Some(AccessMode::ReadOnly),
            ..TransactionOptions::default()
        },
    };
    db.begin_with_options(options).await
}
