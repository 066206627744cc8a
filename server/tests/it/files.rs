//! Exchange files over HTTP: a project's export read back into an empty
//! database to the same plan, a project created from a file, a file merged
//! onto a project after a preview that changes nothing, and every bad file
//! refused by line and field with nothing saved.

use crate::common;

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode};
use leptos::prelude::LeptosOptions;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use serde_json::Value;

use app::entities::{change_set, project};
use app::exchange::{self, generate};

const DEMO: &str = "/api/v1/projects/interreg-integrering";

fn app_as(db: &DatabaseConnection, token: &str) -> Router {
    let options = LeptosOptions::builder().output_name("framdrift").build();
    common::with_token(server::router(db.clone(), options), token)
}

async fn send_file(app: &Router, uri: &str, body: impl Into<Body>) -> common::Answer {
    let request = Request::builder()
        .method("POST")
        .uri(uri)
        .header(http::header::CONTENT_TYPE, "application/toml")
        .body(body.into())
        .expect("request");
    common::respond(app, request).await
}

async fn get(app: &Router, uri: &str) -> common::Answer {
    let request = Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("request");
    common::respond(app, request).await
}

/// What is stored, counted: projects and change sets.
async fn stored(db: &DatabaseConnection) -> (u64, u64) {
    (
        project::Entity::find().count(db).await.expect("count"),
        change_set::Entity::find().count(db).await.expect("count"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_imports_into_an_empty_database_to_the_same_plan_and_past() {
    for test in common::databases().await {
        let backend = test.backend;
        common::demo_with_accounts(&test.db).await;
        let leader = app_as(&test.db, &common::leader_token(&test.db).await);
        let export = get(&leader, &format!("{DEMO}/export")).await;
        assert_eq!(
            export.status,
            StatusCode::OK,
            "{backend}: {}",
            export.text()
        );
        assert_eq!(
            export.header(http::header::CONTENT_DISPOSITION),
            Some("attachment; filename=\"interreg-integrering.toml\""),
        );
        let text = export.text();
        assert!(text.contains("[[history]]"), "{backend}: with its history");
        assert!(
            !text.contains("password") && !text.contains("secret"),
            "{backend}: no secrets"
        );

        // Into an empty database, sent by its administrator.
        let (empty, _dir) = common::empty_sqlite().await;
        common::migration_up(&empty).await;
        let administrator =
            app::account::users::create_user(&empty, "admin@example.no", "Admin", None, true)
                .await
                .expect("account");
        let token = app::account::users::create_api_token(&empty, administrator.id, "tests")
            .await
            .expect("token");
        let admin = app_as(&empty, &token);
        let created = send_file(&admin, "/api/v1/imports", text.clone()).await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{backend}: {}",
            created.text()
        );
        assert_eq!(created.json()["key"], "interreg-integrering");

        for view in [
            "/plan",
            "/plan?as_of=2009-06-30",
            "/plan?as_of=2010-03-01",
            "/schedule",
            "",
        ] {
            let uri = format!("{DEMO}{view}");
            let (before, after) = (get(&leader, &uri).await, get(&admin, &uri).await);
            assert_eq!(
                after.status,
                StatusCode::OK,
                "{backend}: {uri}: {}",
                after.text()
            );
            assert_eq!(
                without_access(before.json()),
                without_access(after.json()),
                "{backend}: {uri} reads the same after the round trip"
            );
        }
        // The sender leads it.
        let access = get(&admin, &format!("{DEMO}/access")).await.json();
        let admin_role = access["members"]
            .as_array()
            .expect("members")
            .iter()
            .find(|m| m["email"] == "admin@example.no")
            .map(|m| m["role"].clone());
        assert_eq!(
            admin_role,
            Some(Value::from("leader")),
            "{backend}: {access}"
        );

        // Sent again, the key is taken: refused, nothing more stored.
        let before = stored(&empty).await;
        let again = send_file(&admin, "/api/v1/imports", text).await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "{backend}: {}",
            again.text()
        );
        assert_eq!(again.json()["error"]["field"], "project.key");
        assert_eq!(stored(&empty).await, before, "{backend}");
        test.finish().await;
    }
}

/// What the reader may do differs between the databases (the sender of the
/// import leads it there); the project reads the same.
fn without_access(mut value: Value) -> Value {
    if let Some(view) = value.get_mut("view").and_then(Value::as_object_mut) {
        view.remove("access");
    }
    value
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_are_refused_by_line_and_field_and_save_nothing() {
    for test in common::databases().await {
        let backend = test.backend;
        let db = &test.db;
        common::demo_with_accounts(db).await;
        let admin = app_as(db, &common::demo_token(db, "admin@demo.framdrift.no").await);
        let leader = app_as(db, &common::leader_token(db).await);
        let before = stored(db).await;
        let small = exchange::to_toml(&generate::generate(
            "liten",
            generate::Size::with_activities(3),
        ))
        .expect("toml");

        // Not TOML: the line of the first thing that is not.
        let answer = send_file(
            &admin,
            "/api/v1/imports",
            "[project]\nkey = \"a\"\nname = \n",
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        let error = answer.json();
        assert_eq!(error["error"]["code"], "invalid_file", "{backend}: {error}");
        assert_eq!(
            error["error"]["problems"][0]["line"], 3,
            "{backend}: {error}"
        );

        // Not text at all.
        let answer = send_file(&admin, "/api/v1/imports", vec![0xff_u8, 0xfe, 0x00]).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert_eq!(answer.json()["error"]["field"], "file");

        // A period that ends before it starts, and a mark out of range: each
        // by its field and its line.
        let mut spoilt = generate::generate("liten", generate::Size::with_activities(3));
        spoilt.project.period.end = spoilt.project.period.start - chrono::Days::new(1);
        let bad = exchange::to_toml(&spoilt).expect("toml");
        let answer = send_file(&admin, "/api/v1/imports", bad.clone()).await;
        let error = answer.json();
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {error}"
        );
        let problems = error["error"]["problems"].as_array().expect("problems");
        let period = problems
            .iter()
            .find(|p| p["field"] == "project.period")
            .unwrap_or_else(|| panic!("{backend}: the period named: {error}"));
        let line = bad
            .lines()
            .position(|l| l.starts_with("[project.period]") || l.starts_with("period"))
            .expect("period line")
            + 1;
        assert_eq!(period["line"], line, "{backend}: {error}");

        // A history that changes a project the file does not hold: found
        // while writing, and still placed in the file.
        let stray = format!(
            "{small}\n[[history]]\nrecorded_at = \"2021-01-01T00:00:00Z\"\nby = \"noen\"\nsummary = \"x\"\n\n\
             [[history.changes]]\nkind = \"project\"\nkey = \"annen\"\n\n\
             [history.changes.set]\nwebsite = \"https://example.org\"\n"
        );
        let answer = send_file(&admin, "/api/v1/imports", stray).await;
        let error = answer.json();
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {error}"
        );
        let problem = &error["error"]["problems"][0];
        assert!(
            problem["field"]
                .as_str()
                .unwrap_or_default()
                .starts_with("history["),
            "{backend}: {error}"
        );
        assert!(
            problem["line"].as_u64().is_some(),
            "{backend}: by line: {error}"
        );

        // 100 MB: refused before it is read.
        let huge = vec![b'#'; 100 * 1024 * 1024];
        let answer = send_file(&admin, "/api/v1/imports", huge).await;
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{backend}");
        assert_eq!(answer.json()["error"]["code"], "too_large", "{backend}");

        // A merge onto a project that does not exist, or of another
        // project's file.
        let answer = send_file(&leader, "/api/v1/projects/ukjent/merge", small.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{backend}: {}",
            answer.text()
        );
        let answer = send_file(&leader, &format!("{DEMO}/merge"), small.clone()).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{backend}");
        assert_eq!(
            answer.json()["error"]["problems"][0]["field"],
            "project.key",
            "{backend}: {}",
            answer.text()
        );

        assert_eq!(stored(db).await, before, "{backend}: nothing stored");
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merge_is_previewed_with_nothing_saved_then_applied_as_one_change_set() {
    for test in common::databases().await {
        let backend = test.backend;
        let db = &test.db;
        common::demo_with_accounts(db).await;
        common::import_small_project(db, "liten", 4).await;
        let admin = app_as(db, &common::demo_token(db, "admin@demo.framdrift.no").await);
        let base = "/api/v1/projects/liten";
        let mut file = generate::generate("liten", generate::Size::with_activities(4));
        file.project.name = "Liten, nytt navn".to_owned();
        let dropped = file.activities.pop().expect("an activity").name;
        let mut added = file.activities[0].clone();
        added.key = Some("ny-aktivitet".to_owned());
        added.name = "Ny aktivitet".to_owned();
        file.activities.push(added);
        let text = exchange::to_toml(&file).expect("toml");

        let before = stored(db).await;
        let preview = send_file(&admin, &format!("{base}/merge?dry_run=true"), text.clone()).await;
        assert_eq!(
            preview.status,
            StatusCode::OK,
            "{backend}: {}",
            preview.text()
        );
        let preview = preview.json();
        assert_eq!(preview["applied"], false);
        let labels = |list: &str| -> Vec<String> {
            preview[list]
                .as_array()
                .expect("list")
                .iter()
                .map(|l| l["label"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        assert!(
            labels("added").contains(&"Ny aktivitet".to_owned()),
            "{backend}: {preview}"
        );
        assert!(
            labels("archived").contains(&dropped),
            "{backend}: {preview}"
        );
        assert!(
            labels("changed").contains(&"Liten, nytt navn".to_owned()),
            "{backend}: {preview}"
        );
        assert_eq!(
            stored(db).await,
            before,
            "{backend}: a preview saves nothing"
        );
        let project = get(&admin, base).await.json();
        assert_ne!(project["name"], "Liten, nytt navn", "{backend}");

        let based_on = preview["based_on"].as_i64().expect("based_on");
        let merged = send_file(
            &admin,
            &format!("{base}/merge?based_on={based_on}"),
            text.clone(),
        )
        .await;
        assert_eq!(
            merged.status,
            StatusCode::OK,
            "{backend}: {}",
            merged.text()
        );
        assert_eq!(merged.json()["applied"], true);
        assert_eq!(
            stored(db).await.1,
            before.1 + 1,
            "{backend}: one change set"
        );
        assert_eq!(get(&admin, base).await.json()["name"], "Liten, nytt navn");

        // The same preview once more: the project changed since.
        let stale = send_file(&admin, &format!("{base}/merge?based_on={based_on}"), text).await;
        assert_eq!(
            stale.status,
            StatusCode::CONFLICT,
            "{backend}: {}",
            stale.text()
        );
        test.finish().await;
    }
}
