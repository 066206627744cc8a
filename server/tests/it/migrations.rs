//! The schema goes up, down and up again cleanly on SQLite and PostgreSQL,
//! and a database of the first schema keeps its data through the upgrade.

use crate::common;

use migration::{Migrator, MigratorTrait, SchemaManager};
use sea_orm::DatabaseConnection;

const TABLES: [&str; 15] = [
    "project",
    "partner",
    "sub_project",
    "goal",
    "activity",
    "plan_cell",
    "milestone",
    "meeting_series",
    "status_statement",
    "progress_cell",
    "meeting_outcome",
    "baseline",
    "change_set",
    "record_version",
    "change",
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

/// Rows as the first schema's import wrote them.
const FIRST_SCHEMA_DATA: &[&str] = &[
    "INSERT INTO project (id, key, name, funding_programme, period_start, period_end, description, target_group, website) VALUES (1, 'p', 'Prosjekt', 'Interreg', '2009-01-01', '2010-12-31', '', '', '')",
    "INSERT INTO partner (id, project_id, key, name, country, description, position) VALUES (1, 1, 'nav', 'NAV', 'NO', '', 0)",
    "INSERT INTO sub_project (id, project_id, key, name, kind, lead_partner_id, period_start, period_end, description, target_group, position) VALUES (1, 1, 'nav', 'NAV', 'evaluation', 1, '2009-01-01', '2010-12-31', '', '', 0)",
    "INSERT INTO goal (id, project_id, sub_project_id, kind, position, text) VALUES (1, 1, NULL, 'goal', 0, 'Mål')",
    "INSERT INTO activity (id, project_id, sub_project_id, name, position) VALUES (1, 1, NULL, 'Oppstart', 0), (2, 1, NULL, 'Rapportering', 1), (3, 1, 1, 'Evaluering', 0)",
    "INSERT INTO plan_cell (activity_id, year, half, marks) VALUES (1, 2009, 1, 3), (3, 2010, 2, 5)",
    "INSERT INTO milestone (id, project_id, sub_project_id, name, kind, first_day, last_day, place, description) VALUES (1, 1, 1, 'Samling', 'gathering', '2009-03-23', '2009-03-24', '', '')",
    "INSERT INTO status_statement (id, project_id, sub_project_id, date, status, text) VALUES (1, 1, NULL, '2009-03-23', 'on_track', 'I rute')",
];

async fn upgrade_keeps_the_data(db: DatabaseConnection, backend: &str) {
    use sea_orm::ConnectionTrait;
    Migrator::up(&db, Some(1)).await.expect("first schema");
    for statement in FIRST_SCHEMA_DATA {
        db.execute_unprepared(statement).await.expect("old rows");
    }
    // What the server does at start: migrate, then start the history.
    Migrator::up(&db, None).await.expect("upgrade");
    assert_eq!(
        app::history::backfill(&db).await.expect("backfill"),
        1,
        "{backend}"
    );
    assert_eq!(
        app::history::backfill(&db).await.expect("again"),
        0,
        "{backend}: once only"
    );

    let plan = app::plan::queries::load_plan(
        &db,
        "p",
        None,
        app::domain::AsOf::NOW,
        app::plan::queries::Rows::All,
    )
    .await
    .expect("plan after upgrade");
    let keys: Vec<_> = plan.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        ["activity-1", "activity-2"],
        "{backend}: keys as a framdrift/1 import derives them"
    );
    assert_eq!(plan.rows[0].marks, [3, 0, 0, 0], "{backend}");
    let nav = app::plan::queries::load_plan(
        &db,
        "p",
        Some("nav"),
        app::domain::AsOf::NOW,
        app::plan::queries::Rows::All,
    )
    .await
    .expect("sub-project plan");
    assert_eq!(nav.rows[0].key, "nav-activity-1");
    assert_eq!(nav.rows[0].marks[3], 5);
    let overview = app::project::queries::load_overview(&db, "p", app::domain::AsOf::NOW)
        .await
        .expect("overview");
    assert_eq!(overview.goals, ["Mål"]);
    assert_eq!(overview.status_statements[0].key, "status-1");
    let schedule = app::schedule::queries::load_schedule(&db, "p", app::domain::AsOf::NOW)
        .await
        .expect("schedule");
    assert_eq!(schedule.milestones[0].key, "milestone-1");
    // New records get fresh ids after the copied ones.
    let added = app::plan::commands::add_activity(
        &db,
        &app::edit::Writer::page(app::identity::Caller::operator()),
        "p",
        app::plan::inputs::NewActivity {
            sub_project: None,
            name: "Ny".into(),
        },
    )
    .await
    .expect("add after upgrade");
    assert_eq!(added.key, "ny");
    // Nothing was recorded before the upgrade.
    let earlier = app::plan::queries::load_plan(
        &db,
        "p",
        None,
        "2009-06-01".parse().expect("date"),
        app::plan::queries::Rows::All,
    )
    .await;
    assert!(earlier.is_err(), "{backend}: no history before the upgrade");
}

#[tokio::test]
async fn a_database_of_the_first_schema_keeps_its_data_on_sqlite() {
    let (db, _dir) = common::empty_sqlite().await;
    upgrade_keeps_the_data(db, "sqlite").await;
}

#[tokio::test]
async fn a_database_of_the_first_schema_keeps_its_data_on_postgres() {
    let Some(pg) = common::empty_postgres().await else {
        eprintln!("PostgreSQL not available: skipped");
        return;
    };
    upgrade_keeps_the_data(pg.db.clone(), "postgres").await;
    pg.finish().await;
}

/// Accounts of a database from before the accounts knew their project get
/// one where it is clear: the project of their first invitation, else the
/// one project they hold roles in; never for an account with a password.
async fn account_origins_are_filled_in(db: DatabaseConnection, backend: &str) {
    use sea_orm::{ConnectionTrait, Statement};
    Migrator::up(&db, Some(10)).await.expect("schema before");
    let at = "'2024-01-01 00:00:00+00:00'";
    for statement in [
        "INSERT INTO project (id, key, name, funding_programme, period_start, period_end, description, target_group, website) VALUES (1, 'a', 'A', 'Interreg', '2009-01-01', '2010-12-31', '', '', ''), (2, 'b', 'B', 'Interreg', '2009-01-01', '2010-12-31', '', '', '')".to_owned(),
        format!("INSERT INTO user_account (id, email, display_name, password_hash, is_admin, created_at) VALUES (1, 'invitert@x.no', 'I', NULL, false, {at}), (2, 'importert@x.no', 'M', NULL, false, {at}), (3, 'to@x.no', 'T', NULL, false, {at}), (4, 'med.passord@x.no', 'P', 'hash', false, {at})"),
        format!("INSERT INTO one_time_link (token_hash, purpose, user_id, project_id, created_at, expires_at) VALUES ('h1', 'invite', 1, 2, {at}, {at}), ('h2', 'invite', 1, 1, {at}, {at})"),
        "INSERT INTO membership (project_id, key, user_id, role, version) VALUES (1, 'user-1', 1, 'partner', 1), (1, 'user-2', 2, 'partner', 1), (1, 'user-3', 3, 'partner', 1), (2, 'user-3', 3, 'partner', 1), (1, 'user-4', 4, 'partner', 1)".to_owned(),
    ] {
        db.execute_unprepared(&statement).await.expect("old rows");
    }
    Migrator::up(&db, None).await.expect("upgrade");
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, created_for_project_id FROM user_account ORDER BY id",
        ))
        .await
        .expect("read");
    let origins: Vec<(i32, Option<i32>)> = rows
        .iter()
        .map(|row| {
            (
                row.try_get("", "id").expect("id"),
                row.try_get("", "created_for_project_id").expect("origin"),
            )
        })
        .collect();
    assert_eq!(
        origins,
        [(1, Some(2)), (2, Some(1)), (3, None), (4, None)],
        "{backend}"
    );
}

#[tokio::test]
async fn account_origins_are_filled_in_on_sqlite() {
    let (db, _dir) = common::empty_sqlite().await;
    account_origins_are_filled_in(db, "sqlite").await;
}

#[tokio::test]
async fn account_origins_are_filled_in_on_postgres() {
    let Some(pg) = common::empty_postgres().await else {
        eprintln!("PostgreSQL not available: skipped");
        return;
    };
    account_origins_are_filled_in(pg.db.clone(), "postgres").await;
    pg.finish().await;
}
