//! The schema goes up, down and up again cleanly on SQLite and PostgreSQL.

mod common;

use migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::DatabaseConnection;

const TABLES: [&str; 9] = [
    "project",
    "partner",
    "sub_project",
    "goal",
    "activity",
    "plan_cell",
    "milestone",
    "meeting_series",
    "status_statement",
];

async fn existing_tables(db: &DatabaseConnection) -> Vec<&'static str> {
    let manager = SchemaManager::new(db);
    let mut present = Vec::new();
    for table in TABLES {
        if manager.has_table(table).await.expect("ask for table") {
            present.push(table);
        }
    }
    present
}

async fn up_down_up(db: &DatabaseConnection, backend: &str) {
    assert!(
        existing_tables(db).await.is_empty(),
        "{backend}: starts empty"
    );

    Migrator::up(db, None).await.expect("first up");
    assert_eq!(
        existing_tables(db).await,
        TABLES,
        "{backend}: every table after up"
    );
    assert!(
        Migrator::get_pending_migrations(db)
            .await
            .expect("pending")
            .is_empty()
    );

    Migrator::down(db, None).await.expect("down");
    assert!(
        existing_tables(db).await.is_empty(),
        "{backend}: no table left after down"
    );

    Migrator::up(db, None).await.expect("second up");
    assert_eq!(
        existing_tables(db).await,
        TABLES,
        "{backend}: every table after up again"
    );
}

#[tokio::test]
async fn migrations_go_up_down_and_up_on_sqlite() {
    let (db, _dir) = common::empty_sqlite().await;
    up_down_up(&db, "sqlite").await;
}

#[tokio::test]
async fn migrations_go_up_down_and_up_on_postgres() {
    let Some(pg) = common::empty_postgres().await else {
        eprintln!("PostgreSQL not available: skipped");
        return;
    };
    up_down_up(&pg.db, "postgres").await;
    pg.finish().await;
}
