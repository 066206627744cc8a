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
