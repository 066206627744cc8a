//! Real databases for the integration tests: a fresh SQLite file per test, and
//! a fresh schema on the PostgreSQL server at `TEST_DATABASE_URL`.
//!
//! `FRAMDRIFT_TEST_POSTGRES=require` makes a missing PostgreSQL a failure (CI),
//! `skip` runs SQLite only; unset, PostgreSQL is used when it answers.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use app::db::{connect_and_migrate, sqlite_url};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub struct TestDb {
    pub db: DatabaseConnection,
    pub backend: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(#[allow(dead_code)] tempfile::TempDir),
    PostgresSchema {
        admin: DatabaseConnection,
        schema: String,
    },
}

impl TestDb {
    /// Closes the connection and removes what the test created.
    pub async fn finish(self) {
        let _ = self.db.close().await;
        if let Cleanup::PostgresSchema { admin, schema } = self.cleanup {
            admin
                .execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                .await
                .expect("drop the test schema");
            let _ = admin.close().await;
        }
    }

    /// Options for another pool on this test's database (the server's write
    /// lane opens one).
    pub fn connect_options(&self) -> ConnectOptions {
        match &self.cleanup {
            Cleanup::SqliteFile(dir) => ConnectOptions::new(sqlite_url(
                &dir.path().join("framdrift-test.db").display().to_string(),
            )),
            Cleanup::PostgresSchema { schema, .. } => {
                let mut options = ConnectOptions::new(postgres_url());
                options.set_schema_search_path(schema.clone());
                options
            }
        }
    }

    /// A `DATABASE_URL` for a `server` process that works in this test's
    /// schema (PostgreSQL only): the schema is the connections' search path
    /// (`options[search_path]=…`, passed to PostgreSQL at connect).
    pub fn postgres_url_for_processes(&self) -> Option<String> {
        match &self.cleanup {
            Cleanup::PostgresSchema { schema, .. } => {
                let url = postgres_url();
                let separator = if url.contains('?') { '&' } else { '?' };
                Some(format!("{url}{separator}options[search_path]={schema}"))
            }
            Cleanup::SqliteFile(_) => None,
        }
    }
}

fn postgres_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

/// An empty, unmigrated SQLite database in its own temporary folder.
pub async fn empty_sqlite() -> (DatabaseConnection, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("framdrift-test.db");
    let db = Database::connect(sqlite_url(&path.display().to_string()))
        .await
        .expect("open SQLite file");
    (db, dir)
}

/// An empty, unmigrated schema on the test PostgreSQL server, or none when it
/// is not to be used.
pub async fn empty_postgres() -> Option<TestDb> {
    let mode = std::env::var("FRAMDRIFT_TEST_POSTGRES").unwrap_or_default();
    if mode == "skip" {
        return None;
    }
    let url = postgres_url();
    let admin = match Database::connect(ConnectOptions::new(url.clone())).await {
        Ok(admin) => admin,
        Err(error) if mode == "require" => panic!("PostgreSQL at {url} is required: {error}"),
        Err(_) => return None,
    };
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let schema = format!(
        "framdrift_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    admin
        .execute_unprepared(&format!(
            "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\""
        ))
        .await
        .expect("create a test schema");
    let mut options = ConnectOptions::new(url);
    options
        .set_schema_search_path(schema.clone())
        .max_connections(4);
    let db = Database::connect(options)
        .await
        .expect("connect to the test schema");
    Some(TestDb {
        db,
        backend: "postgres",
        cleanup: Cleanup::PostgresSchema { admin, schema },
    })
}

/// Every database the suite runs against, each empty and migrated.
pub async fn databases() -> Vec<TestDb> {
    let mut all = Vec::new();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("framdrift-test.db");
    let db = connect_and_migrate(ConnectOptions::new(sqlite_url(&path.display().to_string())))
        .await
        .expect("migrate SQLite");
    all.push(TestDb {
        db,
        backend: "sqlite",
        cleanup: Cleanup::SqliteFile(dir),
    });
    if let Some(pg) = empty_postgres().await {
        migration_up(&pg.db).await;
        all.push(pg);
    }
    all
}

/// Brings an empty database's schema up to date.
pub async fn migration_up(db: &DatabaseConnection) {
    use migration::{Migrator, MigratorTrait};
    Migrator::up(db, None).await.expect("migrate");
}

/// A GET through the whole router: status, content type and body.
pub async fn fetch(app: &axum::Router, uri: &str) -> (http::StatusCode, String, Vec<u8>) {
    let (status, headers, body) = fetch_with(app, uri, &[]).await;
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body)
}

/// A GET with request `headers`: status, answer headers and body.
pub async fn fetch_with(
    app: &axum::Router,
    uri: &str,
    headers: &[(http::HeaderName, &str)],
) -> (http::StatusCode, http::HeaderMap, Vec<u8>) {
    let mut request = http::Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let answer = respond(
        app,
        request.body(axum::body::Body::empty()).expect("request"),
    )
    .await;
    (answer.status, answer.headers, answer.bytes)
}

/// An answer of the whole router, as a client receives it.
pub struct Answer {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The body as text (lossy: a server function answers in postcard).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// The body as JSON; `Null` if it is none.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap_or(serde_json::Value::Null)
    }

    /// A header of the answer, as text.
    pub fn header(&self, name: http::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends `request` through the whole router and reads the whole answer:
/// the one way the tests talk HTTP to a router.
pub async fn respond(app: &axum::Router, request: http::Request<axum::body::Body>) -> Answer {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        headers,
        bytes: body.to_vec(),
    }
}

/// The demo project with its demo accounts, as `server --demo` starts.
pub async fn demo_with_accounts(db: &DatabaseConnection) {
    app::exchange::load_demo(db, app::exchange::ExistingProject::Keep)
        .await
        .expect("demo");
    app::exchange::demo::ensure_demo_users(db)
        .await
        .expect("demo accounts");
}

/// A personal API token of the demo account `email` (the demo accounts are
/// created where missing; the demo project must be loaded).
pub async fn demo_token(db: &DatabaseConnection, email: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    app::exchange::demo::ensure_demo_users(db)
        .await
        .expect("demo accounts");
    let user = app::entities::user_account::Entity::find()
        .filter(app::entities::user_account::Column::Email.eq(email))
        .one(db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("the demo account {email}"));
    app::account::users::create_api_token(db, user.id, "tests")
        .await
        .expect("token")
}

/// The demo's leader's API token.
pub async fn leader_token(db: &DatabaseConnection) -> String {
    demo_token(db, "leder@demo.framdrift.no").await
}

/// `app` with every request carrying `token` unless it has its own.
pub fn with_token(app: axum::Router, token: &str) -> axum::Router {
    app.layer(
        tower_http::set_header::SetRequestHeaderLayer::if_not_present(
            http::header::AUTHORIZATION,
            http::HeaderValue::from_str(&format!("Bearer {token}")).expect("header"),
        ),
    )
}

/// Imports a small private generated project `key` of `activities`
/// activities in one plan (no milestones, no history).
pub async fn import_small_project(db: &DatabaseConnection, key: &str, activities: usize) {
    use app::exchange::{self, ExistingProject, generate};
    let half_years = activities.clamp(1, 2);
    let file = generate::generate(
        key,
        generate::Size {
            activities,
            half_years,
            milestones: 0,
            history: 0,
            sub_projects: 0,
        },
    );
    exchange::import(db, &file, ExistingProject::Keep)
        .await
        .expect("import");
}

/// The route Leptos registered for the server function `name` (its path
/// ends in a hash of its location).
pub fn rpc_path(name: &str) -> String {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .find(|path| function_name(path) == name)
        .unwrap_or_else(|| panic!("the server function {name}"))
        .to_owned()
}

/// The server function a route serves: `/rpc/sign_in123` → `sign_in`,
/// `/rpc/write/add_activity45` → `add_activity`,
/// `/rpc/write/file/merge_file67` → `merge_file`.
pub fn function_name(path: &str) -> String {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_owned()
}

/// Runs a poppler tool on the PDF `body`; its standard output.
pub fn poppler(tool: &str, args: &[&str], body: &[u8]) -> String {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::io::Write::write_all(&mut file, body).expect("written");
    let output = std::process::Command::new(tool)
        .args(args)
        .arg(file.path())
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is missing ({e}): bash scripts/install-tools.sh installs poppler-utils")
        });
    assert!(
        output.status.success(),
        "{tool} could not read the PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The demo served, every request carrying the API token of its leader.
pub async fn demo_app_as_leader(db: &DatabaseConnection) -> axum::Router {
    app::exchange::load_demo(db, app::exchange::ExistingProject::Keep)
        .await
        .expect("demo");
    let token = leader_token(db).await;
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("framdrift")
        .build();
    with_token(server::router(db.clone(), options), &token)
}
