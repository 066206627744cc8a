//! The migration step, run once at start under the migration lock
//! ([`super::connect_and_set_up`]): the schema brought up to date, then the
//! history started for records stored before history was kept.

use migration::{Migrator, MigratorTrait};
use sea_orm::{DatabaseConnection, DbErr};

/// Brings the schema up to date and starts the history of what was stored
/// without one.
pub(super) async fn upgrade(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    let started = crate::history::backfill(db).await?;
    if started > 0 {
        tracing::info!(projects = started, "history started for stored projects");
    }
    Ok(())
}
