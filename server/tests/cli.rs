//! The `server` binary's data commands, run as a user runs them.

use std::process::{Command, Output};

fn server(db_file: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .arg("--sqlite-file")
        .arg(db_file)
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

/// `server serve` on the SQLite file, listening on `port`.
fn serve(db_file: &std::path::Path, port: u16, site: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env_remove("DATABASE_URL")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", site)
        .env("LEPTOS_OUTPUT_NAME", "framdrift")
        .env("RUST_LOG", "warn")
        .arg("--sqlite-file")
        .arg(db_file)
        .args(["serve", "--no-demo"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server")
}

/// One HTTP/1.1 request on its own connection; the status code, or none
/// when the server is not (or no longer) there.
fn http(port: u16, method: &str, path: &str, token: &str, body: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.split_whitespace().nth(1)?.parse().ok()
}

/// Waits until the server answers (it migrates and loads first).
fn wait_until_up(port: u16, token: &str) {
    let started = std::time::Instant::now();
    while http(port, "GET", "/api/v1/projects", token, "").is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::yield_now();
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
    let mut child = serve(&db, port, dir.path());
    wait_until_up(port, &token);

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
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
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
    let mut again = serve(&db, port, dir.path());
    wait_until_up(port, &token);
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
    again.kill().expect("stop");
    again.wait().expect("reaped");
}
