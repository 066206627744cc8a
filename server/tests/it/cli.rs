//! The `server` binary's data commands, run as a user runs them, and
//! `server serve` as real processes: killed mid-write, and two of them on
//! one PostgreSQL database.

use crate::common;

use std::path::Path;
use std::process::{Child, Command, Output};

/// Where a `server` process keeps its data.
#[derive(Clone, Copy)]
enum Store<'a> {
    /// The embedded SQLite file (`--sqlite-file`).
    SqliteFile(&'a Path),
    /// A `DATABASE_URL`, as an installation of several processes sets it.
    Url(&'a str),
}

/// The `server` binary, on `store`.
fn command(store: Store) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    match store {
        Store::SqliteFile(file) => command
            .env_remove("DATABASE_URL")
            .arg("--sqlite-file")
            .arg(file),
        Store::Url(url) => command.env("DATABASE_URL", url),
    };
    command
}

fn server(db_file: &Path, args: &[&str]) -> Output {
    run(Store::SqliteFile(db_file), args)
}

/// A data command on `store`, to its end.
fn run(store: Store, args: &[&str]) -> Output {
    command(store)
        .env("RUST_LOG", "info")
        .args(args)
        .output()
        .expect("run the server binary")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn demo_load_export_and_import_work_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("cli.db");

    let first = server(&db, &["demo", "load"]);
    assert!(first.status.success(), "{first:?}");
    assert!(stdout(&first).contains("imported: new project"));
    let second = server(&db, &["demo", "load"]);
    assert!(
        stdout(&second).contains("unchanged"),
        "loading twice changes nothing"
    );

    // Export writes only the file to stdout (logs go to stderr), so it can be
    // redirected into a file and imported elsewhere.
    let export = server(&db, &["export", "interreg-integrering"]);
    assert!(export.status.success(), "{export:?}");
    let file = app::exchange::parse(&stdout(&export)).expect("stdout is a valid exchange file");
    assert_eq!(file.project.key, "interreg-integrering");
    let exported = dir.path().join("exported.toml");
    std::fs::write(&exported, stdout(&export)).expect("write");
    let elsewhere = dir.path().join("elsewhere.db");
    let import = server(
        &elsewhere,
        &["import", exported.to_str().expect("utf-8 path")],
    );
    assert!(import.status.success(), "{import:?}");

    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "format = \"framdrift/1\"\n[project]\nkey = \"x\"\n",
    )
    .expect("write");
    let refused = server(
        &elsewhere,
        &["import", broken.to_str().expect("utf-8 path")],
    );
    assert!(!refused.status.success(), "a broken file fails the command");
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("line 2") && message.contains("missing field `name`"),
        "{message}"
    );
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A running `server serve`; killed (and reaped) when dropped, so a failing
/// test leaves no process behind.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// SIGKILL: no shutdown, as a crash or `kill -9`.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `server serve` on `store`, listening on `port`, answering once it is up.
fn serve(store: Store, port: u16, site: &Path) -> Server {
    let server = start(store, port, site);
    wait_until_up(port);
    server
}

/// `server serve` on `store`, starting.
fn start(store: Store, port: u16, site: &Path) -> Server {
    start_with(store, port, site, &["serve", "--no-demo"])
}

/// As [`start`], with the server's arguments.
fn start_with(store: Store, port: u16, site: &Path, args: &[&str]) -> Server {
    let child = command(store)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site)
        .env("LEPTOS_OUTPUT_NAME", "framdrift")
        .env("RUST_LOG", "warn")
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server");
    Server { child, port }
}

/// An HTTP answer: status, headers (names in lower case) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }
}

/// One HTTP/1.1 request on its own connection, with `headers`; none when
/// the server is not (or no longer) there.
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Answer> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let raw = &answer[split + 4..];
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
    let body = if chunked { dechunk(raw)? } else { raw.to_vec() };
    Some(Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// The body of a chunked answer.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&raw[..end]).ok()?.split(';').next()?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        raw = &raw[end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// A JSON API call with a personal API token; the status code, or none
/// when the server is not (or no longer) there.
fn http(port: u16, method: &str, path: &str, token: &str, body: &str) -> Option<u16> {
    let bearer = format!("Bearer {token}");
    let headers = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
    ];
    request(port, method, path, &headers, body).map(|answer| answer.status)
}

/// Waits until the server answers (it migrates and loads first).
fn wait_until_up(port: u16) {
    let started = std::time::Instant::now();
    while request(port, "GET", "/api/v1/projects", &[], "").is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::yield_now();
    }
}

/// `server` started as `scripts/run.sh` starts it: cargo-leptos names no
/// subcommand, so the settings are only in the environment (`settings`; the
/// test's own FRAMDRIFT_DEMO and FRAMDRIFT_NO_DEMO are left out).
fn start_as_run_sh(db: &Path, port: u16, site: &Path, settings: &[(&str, &str)]) -> Server {
    let mut command = command(Store::SqliteFile(db));
    command
        .env_remove("FRAMDRIFT_DEMO")
        .env_remove("FRAMDRIFT_NO_DEMO")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site)
        .env("LEPTOS_OUTPUT_NAME", "framdrift")
        .env("RUST_LOG", "warn")
        .envs(settings.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let child = command.spawn().expect("start the server");
    let server = Server { child, port };
    wait_until_up(port);
    server
}

/// How many projects the SQLite file `db` holds, archived ones included.
fn stored_projects(db: &Path) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let url = app::db::sqlite_url(db.to_str().expect("utf-8 path"));
        let connection = sea_orm::Database::connect(url).await.expect("open");
        app::entities::project::Entity::find()
            .count(&connection)
            .await
            .expect("count")
    })
}

/// The project keys an anonymous reader sees in the list.
fn public_project_keys(port: u16) -> Vec<String> {
    let answer = api(port, "GET", "/api/v1/projects", None, "");
    assert_eq!(answer.status, 200, "{}", answer.body);
    let list: Vec<app::domain::ProjectSummary> =
        serde_json::from_str(&answer.body).expect("a project list");
    list.into_iter().map(|p| p.key).collect()
}

/// Issue 27: `FRAMDRIFT_DEMO=1` set for `cargo leptos serve` (run.sh) makes
/// every demo account able to sign in, though no `serve` is named.
#[test]
fn the_demo_accounts_sign_in_when_started_as_the_run_script_starts_it() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("run.db");
    let port = free_port();
    let server = start_as_run_sh(&db, port, dir.path(), &[("FRAMDRIFT_DEMO", "1")]);
    assert_eq!(public_project_keys(port), [PROJECT]);
    for (email, ..) in app::exchange::demo::DEMO_USERS {
        let cookie = sign_in(port, email, app::exchange::DEMO_PASSWORD);
        assert!(!cookie.is_empty(), "{email} signed in");
    }
    drop(server);
}

/// Issue 27: `FRAMDRIFT_NO_DEMO=true` keeps the demo out of a new database
/// when the binary is started without a subcommand; without it, a new
/// database gets the demo project, and no accounts to sign in with.
#[test]
fn no_demo_in_the_environment_keeps_a_new_database_empty() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let empty = dir.path().join("empty.db");
    let port = free_port();
    let server = start_as_run_sh(&empty, port, dir.path(), &[("FRAMDRIFT_NO_DEMO", "true")]);
    assert!(public_project_keys(port).is_empty());
    drop(server);
    assert_eq!(stored_projects(&empty), 0, "no project stored");

    let plain = dir.path().join("plain.db");
    let port = free_port();
    let server = start_as_run_sh(&plain, port, dir.path(), &[]);
    assert_eq!(public_project_keys(port), [PROJECT]);
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("email", "leder@demo.framdrift.no")
        .append_pair("password", app::exchange::DEMO_PASSWORD)
        .finish();
    use leptos::server_fn::ServerFn;
    let refused = call(port, app::account::SignIn::PATH, &form, None);
    assert_eq!(refused.status, 401, "{}", refused.body);
    drop(server);
    assert_eq!(stored_projects(&plain), 1);
}

/// The serving settings in the environment do not stand in the way of the
/// data commands; on the command line they belong to `serve` alone.
#[test]
fn serving_settings_in_the_environment_leave_the_data_commands_alone() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("data.db");
    let loaded = command(Store::SqliteFile(&db))
        .env("FRAMDRIFT_DEMO", "1")
        .env("FRAMDRIFT_NO_DEMO", "false")
        .args(["demo", "load"])
        .output()
        .expect("run the server binary");
    assert!(loaded.status.success(), "{loaded:?}");
    assert!(stdout(&loaded).contains("imported: new project"));

    let mixed = command(Store::SqliteFile(&db))
        .env_remove("FRAMDRIFT_DEMO")
        .args(["--demo", "export", PROJECT])
        .output()
        .expect("run the server binary");
    assert!(!mixed.status.success(), "{mixed:?}");
    assert!(stdout(&mixed).is_empty(), "nothing exported");

    // Both at once, or a value that is no yes or no: the server does not
    // start, and says which settings are wrong.
    for settings in [
        [("FRAMDRIFT_DEMO", "1"), ("FRAMDRIFT_NO_DEMO", "true")],
        [("FRAMDRIFT_DEMO", "maybe"), ("FRAMDRIFT_NO_DEMO", "0")],
    ] {
        let refused = command(Store::SqliteFile(&db))
            .envs(settings)
            .output()
            .expect("run the server binary");
        assert!(!refused.status.success(), "{refused:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("FRAMDRIFT_DEMO / FRAMDRIFT_NO_DEMO"),
            "{stderr}"
        );
    }
}

/// Every write the server acknowledged survives the process being killed
/// (SIGKILL, no shutdown) in the middle of further writes, and the SQLite
/// file stays sound: integrity and foreign keys check out, and the server
/// starts on it again.
#[test]
fn acknowledged_writes_survive_a_killed_server() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let db = dir.path().join("kill.db");
    let loaded = server(&db, &["demo", "load", "--with-users"]);
    assert!(loaded.status.success(), "{loaded:?}");
    let token = server(&db, &["user", "token", "leder@demo.framdrift.no"]);
    assert!(token.status.success(), "{token:?}");
    let token = stdout(&token).trim().to_owned();
    assert!(token.starts_with("fdt_"), "{token}");

    let port = free_port();
    let mut child = serve(Store::SqliteFile(&db), port, dir.path());

    // Two writers; the process is killed once 40 writes are acknowledged,
    // with more in flight.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let acknowledged = acknowledged.clone();
            let token = token.clone();
            std::thread::spawn(move || {
                for n in 0.. {
                    let text = format!("Skrevet {writer}-{n}");
                    let body = format!(
                        r#"{{"date": "2010-06-01", "status": "on_track", "text": "{text}"}}"#
                    );
                    match http(
                        port,
                        "POST",
                        "/api/v1/projects/interreg-integrering/status-statements",
                        &token,
                        &body,
                    ) {
                        Some(201) => acknowledged.lock().expect("lock").push(text),
                        Some(status) => panic!("write refused with {status}"),
                        None => return,
                    }
                }
            })
        })
        .collect();
    while acknowledged.lock().expect("lock").len() < 40 {
        std::thread::yield_now();
    }
    child.kill();
    for writer in writers {
        writer
            .join()
            .expect("the writer ends when the server is gone");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        use sea_orm::{ConnectionTrait, Statement};
        let url = app::db::sqlite_url(db.to_str().expect("utf-8 path"));
        let conn = sea_orm::Database::connect(url).await.expect("open the file");
        let one = |sql: &str| Statement::from_string(sea_orm::DatabaseBackend::Sqlite, sql);
        let integrity = conn
            .query_one_raw(one("PRAGMA integrity_check"))
            .await
            .expect("integrity check")
            .expect("a row")
            .try_get_by_index::<String>(0)
            .expect("text");
        assert_eq!(integrity, "ok");
        let broken_keys = conn
            .query_all_raw(one("PRAGMA foreign_key_check"))
            .await
            .expect("foreign key check");
        assert!(broken_keys.is_empty(), "{} broken references", broken_keys.len());
        let stored: Vec<String> = conn
            .query_all_raw(one("SELECT text FROM status_statement"))
            .await
            .expect("statements")
            .into_iter()
            .map(|row| row.try_get_by_index::<String>(0).expect("text"))
            .collect();
        for text in &acknowledged {
            assert!(stored.contains(text), "'{text}' was acknowledged and lost");
        }
        // Each statement with its history: none without its change set.
        let orphans = conn
            .query_one_raw(one(
                "SELECT count(*) FROM change WHERE change_set_id NOT IN (SELECT id FROM change_set)",
            ))
            .await
            .expect("count")
            .expect("a row")
            .try_get_by_index::<i64>(0)
            .expect("number");
        assert_eq!(orphans, 0);
    });

    // And the server starts on the file again.
    let again = serve(Store::SqliteFile(&db), port, dir.path());
    assert_eq!(
        http(
            port,
            "GET",
            "/api/v1/projects/interreg-integrering",
            &token,
            ""
        ),
        Some(200)
    );
    drop(again);
}

/// The fresh PostgreSQL schema of a test, dropped when the test ends, pass
/// or fail (declared before the servers, so they are gone first).
struct Schema {
    runtime: tokio::runtime::Runtime,
    test: Option<common::TestDb>,
}

impl Schema {
    /// How many sessions the database holds (those of this test's servers).
    fn sessions(&self) -> u64 {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let test = self.test.as_ref().expect("the schema");
        self.runtime
            .block_on(app::entities::session::Entity::find().count(&test.db))
            .expect("count")
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Some(test) = self.test.take() {
            self.runtime.block_on(test.finish());
        }
    }
}

const PROJECT: &str = "interreg-integrering";

/// Signs in as a browser's page does (the `sign_in` server function); the
/// session cookie (`name=value`).
fn sign_in(port: u16, email: &str, password: &str) -> String {
    use leptos::server_fn::ServerFn;
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("email", email)
        .append_pair("password", password)
        .finish();
    let answer = call(port, app::account::SignIn::PATH, &form, None);
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer
        .header("set-cookie")
        .find(|cookie| cookie.starts_with("framdrift_session="))
        .and_then(|cookie| cookie.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// A server function called as the pages call it (a form-encoded POST).
fn call(port: u16, path: &str, form: &str, cookie: Option<&str>) -> Answer {
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Accept", "application/json"),
    ];
    headers.extend(cookie.map(|cookie| ("Cookie", cookie)));
    request(port, "POST", path, &headers, form).expect("an answer")
}

/// A JSON API call, in the session of `cookie` if given.
fn api(port: u16, method: &str, path: &str, cookie: Option<&str>, body: &str) -> Answer {
    let mut headers = vec![("Content-Type", "application/json")];
    headers.extend(cookie.map(|cookie| ("Cookie", cookie)));
    request(port, method, path, &headers, body).expect("an answer")
}

/// The project-wide plan as server `port` shows it (the demo is public).
fn plan(port: u16, cookie: Option<&str>) -> app::domain::Plan {
    let answer = api(
        port,
        "GET",
        &format!("/api/v1/projects/{PROJECT}/plan"),
        cookie,
        "",
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    serde_json::from_str(&answer.body).expect("a plan")
}

/// Renames an activity, based on `version`.
fn rename(port: u16, cookie: &str, activity: &str, name: &str, version: i32) -> Answer {
    let body = serde_json::json!({ "name": name, "version": version }).to_string();
    let path = format!("/api/v1/projects/{PROJECT}/activities/{activity}/name");
    api(port, "PUT", &path, Some(cookie), &body)
}

/// A fresh PostgreSQL schema of its own, and the `DATABASE_URL` for server
/// processes working in it; none when PostgreSQL is not used.
fn postgres_schema() -> Option<(Schema, String)> {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let test = runtime.block_on(common::empty_postgres())?;
    let url = test
        .postgres_url_for_processes()
        .expect("a PostgreSQL schema");
    let schema = Schema {
        runtime,
        test: Some(test),
    };
    Some((schema, url))
}

/// Processes started at once on a new PostgreSQL database all come up: one
/// migrates and loads the demo, the others wait for it (an advisory lock)
/// and find the schema and the demo done — each migration applied once, one
/// demo project, one set of demo accounts.
#[test]
fn servers_started_at_once_on_a_new_postgres_database_all_come_up() {
    use migration::MigratorTrait;
    use sea_orm::ConnectionTrait;
    let Some((schema, url)) = postgres_schema() else {
        eprintln!("SKIPPED: no PostgreSQL at TEST_DATABASE_URL (FRAMDRIFT_TEST_POSTGRES)");
        return;
    };
    let site = tempfile::tempdir().expect("temporary folder");
    // In demo mode: each finds the database empty unless another has
    // loaded the demo already.
    let servers: Vec<Server> = (0..3)
        .map(|_| {
            start_with(
                Store::Url(&url),
                free_port(),
                site.path(),
                &["serve", "--demo"],
            )
        })
        .collect();
    for server in &servers {
        wait_until_up(server.port);
    }
    let count = |table: &str| {
        schema.runtime.block_on(async {
            let db = &schema.test.as_ref().expect("the schema").db;
            db.query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("query")
            .expect("a row")
            .try_get::<i64>("", "n")
            .expect("a count")
        })
    };
    assert_eq!(
        count("seaql_migrations") as usize,
        migration::Migrator::migrations().len()
    );
    assert_eq!(count("project"), 1, "the demo, loaded once");
    assert_eq!(count("user_account"), 4, "the demo accounts, made once");
    drop(servers);
    drop(schema);
}

/// Several server processes on one PostgreSQL database behind a load
/// balancer: a session opened through one process works on the other, the
/// version check of a write holds across them, and signing out through one
/// ends the session on all. Nothing of it lives in a process's memory.
#[test]
fn two_servers_on_one_postgres_share_sessions_and_refuse_a_stale_edit() {
    use leptos::server_fn::ServerFn;
    let Some((schema, url)) = postgres_schema() else {
        eprintln!("SKIPPED: no PostgreSQL at TEST_DATABASE_URL (FRAMDRIFT_TEST_POSTGRES)");
        return;
    };
    let loaded = run(Store::Url(&url), &["demo", "load", "--with-users"]);
    assert!(loaded.status.success(), "{loaded:?}");

    let site = tempfile::tempdir().expect("temporary folder");
    let a = serve(Store::Url(&url), free_port(), site.path());
    let b = serve(Store::Url(&url), free_port(), site.path());

    // Signed in through A, the session (in this test's schema) works on B.
    let session = sign_in(a.port, "leder@demo.framdrift.no", "framdrift-demo");
    assert_eq!(schema.sessions(), 1, "the session is in the database");
    let me = call(b.port, app::account::GetMe::PATH, "", Some(&session));
    assert_eq!(me.status, 200, "{}", me.body);
    assert!(me.body.contains("leder@demo.framdrift.no"), "{}", me.body);

    // Both read the same plan; B saves a rename based on what it read.
    let seen = plan(b.port, Some(&session));
    let row = seen.rows.first().expect("the demo plan has activities");
    assert_eq!(plan(a.port, Some(&session)).rows[0], *row);
    let renamed = rename(b.port, &session, &row.key, "Omdøpt gjennom B", row.version);
    assert_eq!(renamed.status, 200, "{}", renamed.body);

    // A's write, based on the same (now stale) version, is refused.
    let stale = rename(a.port, &session, &row.key, "Omdøpt gjennom A", row.version);
    assert_eq!(stale.status, 409, "{}", stale.body);
    let refusal: serde_json::Value = serde_json::from_str(&stale.body).expect("JSON");
    assert_eq!(refusal["error"]["code"], "conflict", "{}", stale.body);
    let message = refusal["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("changed by someone else"), "{message}");

    // Either process shows B's rename, and only that.
    for port in [a.port, b.port] {
        let now = plan(port, Some(&session));
        let now = now.rows.iter().find(|r| r.key == row.key).expect("the row");
        assert_eq!(
            (now.name.as_str(), now.version),
            ("Omdøpt gjennom B", row.version + 1)
        );
    }

    // Signed out through B, the cookie writes nothing on A (or B).
    let out = call(b.port, app::account::SignOut::PATH, "", Some(&session));
    assert_eq!(out.status, 200, "{}", out.body);
    assert_eq!(schema.sessions(), 0, "signing out ends it in the database");
    for port in [a.port, b.port] {
        let refused = rename(port, &session, &row.key, "Utlogget", row.version + 1);
        assert_eq!(refused.status, 401, "{}", refused.body);
    }
    let after = plan(a.port, None);
    let after = after
        .rows
        .iter()
        .find(|r| r.key == row.key)
        .expect("the row");
    assert_eq!(
        (after.name.as_str(), after.version),
        ("Omdøpt gjennom B", row.version + 1)
    );
    // Dropped in reverse order: both servers are killed, then the schema goes.
}
