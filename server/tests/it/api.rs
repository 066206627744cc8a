//! The HTTP surface on the demo data: JSON API, OpenAPI document, and pages
//! rendered on the server.

use crate::common;

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode};
use leptos::prelude::LeptosOptions;
use serde_json::Value;

use app::exchange::{self, ExistingProject};

async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let (status, content_type, body) = common::fetch(app, uri).await;
    (
        status,
        content_type,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, content_type, body) = get(app, uri).await;
    assert!(
        content_type.starts_with("application/json"),
        "{uri}: {content_type}"
    );
    (status, serde_json::from_str(&body).expect("JSON body"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_serves_project_plan_and_schedule() {
    for test in common::databases().await {
        let app = common::demo_app_as_leader(&test.db).await;
        let backend = test.backend;

        let (status, projects) = get_json(&app, "/api/v1/projects").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(projects[0]["key"], "interreg-integrering", "{backend}");
        assert_eq!(projects[0]["period"]["start"], "2008-12-01");
        assert_eq!(projects[0]["period"]["end"], "2011-11-30");

        let (status, project) = get_json(&app, "/api/v1/projects/interreg-integrering").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(project["partners"].as_array().map(Vec::len), Some(11));
        assert_eq!(project["partners"][0]["name"], "TISIP");
        assert_eq!(project["partners"][0]["country"], "NO");
        assert_eq!(project["sub_projects"].as_array().map(Vec::len), Some(9));
        assert_eq!(project["sub_projects"][8]["kind"], "evaluation");
        // The newest statement is the demo's illustrative one of 01.07.2009;
        // as of 23.03.2009 the seed's own statement is the only one.
        assert_eq!(project["status_statements"][0]["status"], "at_risk");
        assert_eq!(project["view"]["illustrative"], true);
        let (status, then) = get_json(
            &app,
            "/api/v1/projects/interreg-integrering?as_of=2009-03-23",
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(then["status_statements"].as_array().map(Vec::len), Some(1));
        assert_eq!(then["status_statements"][0]["status"], "on_track");
        assert_eq!(then["status_statements"][0]["key"], "status-2009-03-23");
        assert_eq!(then["view"]["illustrative"], false);
        assert_eq!(then["view"]["as_of"], "2009-03-23T23:59:59.999999Z");

        let (status, plan) = get_json(&app, "/api/v1/projects/interreg-integrering/plan").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(plan["columns"][0], "2008-H2");
        assert_eq!(plan["columns"][6], "2011-H2");
        assert_eq!(plan["rows"][0]["name"], "Oppstart og organisering");
        assert_eq!(plan["rows"][0]["key"], "oppstart-og-organisering");
        assert_eq!(
            plan["rows"][0]["marks"],
            serde_json::json!([1, 3, 0, 0, 0, 0, 0])
        );
        assert_eq!(plan["sub_project"], Value::Null);

        let (status, kbt) = get_json(
            &app,
            "/api/v1/projects/interreg-integrering/sub-projects/kbt-senteret/plan",
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kbt["sub_project"]["key"], "kbt-senteret");
        assert_eq!(kbt["columns"][0], "2009-H1");
        let dissemination = kbt["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["name"] == "Informasjonsspredning"))
            .expect("dissemination row");
        assert_eq!(
            dissemination["marks"],
            serde_json::json!([0, 3, 6, 5, 4, 6])
        );

        let (status, schedule) =
            get_json(&app, "/api/v1/projects/interreg-integrering/schedule").await;
        assert_eq!(status, StatusCode::OK);
        let seminar = &schedule["milestones"][2];
        assert_eq!(seminar["name"], "Interregseminar");
        assert_eq!(seminar["first_day"], "2009-11-19");
        assert_eq!(seminar["last_day"], "2009-11-20");
        assert_eq!(seminar["kind"], "seminar");
        assert_eq!(schedule["meeting_series"][0]["cadence"], "quarterly");
        assert_eq!(
            schedule["meeting_series"][0]["occurrences"][0],
            "2009-01-15"
        );
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_ids_give_404_with_a_json_error() {
    for test in common::databases().await {
        let app = common::demo_app_as_leader(&test.db).await;
        for (uri, message) in [
            (
                "/api/v1/projects/no-such-project",
                "no project is known as 'no-such-project'",
            ),
            (
                "/api/v1/projects/no-such-project/plan",
                "no project is known as 'no-such-project'",
            ),
            (
                "/api/v1/projects/no-such-project/schedule",
                "no project is known as 'no-such-project'",
            ),
            (
                "/api/v1/projects/interreg-integrering/sub-projects/nobody/plan",
                "no sub-project is known as 'nobody'",
            ),
            (
                "/api/v1/nothing-here",
                "no API route is known as '/api/v1/nothing-here'",
            ),
        ] {
            let (status, body) = get_json(&app, uri).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(body["error"]["code"], "not_found", "{uri}");
            assert_eq!(body["error"]["message"], message, "{uri}");
        }
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_document_describes_every_endpoint() {
    let (db, _dir) = common::empty_sqlite().await;
    let app = server::router(
        db,
        LeptosOptions::builder().output_name("framdrift").build(),
    );
    let (status, doc) = get_json(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for path in [
        "/api/v1/projects",
        "/api/v1/projects/{key}",
        "/api/v1/projects/{key}/plan",
        "/api/v1/projects/{key}/sub-projects/{sub}/plan",
        "/api/v1/projects/{key}/schedule",
        "/api/v1/projects/{key}/baselines",
        "/api/v1/projects/{key}/baselines/{baseline}/comparison",
        "/api/v1/projects/{key}/export",
        "/api/v1/projects/{key}/plan.xlsx",
        "/api/v1/projects/{key}/plan.csv",
        "/api/v1/projects/{key}/plan.txt",
    ] {
        assert!(
            doc["paths"][path]["get"].is_object(),
            "documents GET {path}"
        );
    }
    for (method, path) in WRITES {
        assert!(
            doc["paths"][path][method.to_lowercase()].is_object(),
            "documents {method} {path}"
        );
    }
    assert!(doc["components"]["schemas"]["Plan"].is_object());
    assert!(doc["components"]["schemas"]["ErrorDetail"]["properties"]["field"].is_object());

    // Every documented operation is routed: none answers "no such API route".
    let paths = doc["paths"].as_object().expect("paths");
    for (path, operations) in paths {
        for method in operations.as_object().expect("operations").keys() {
            let uri = path
                .replace("{key}", "nobody")
                .replace("{sub}", "x")
                .replace("{activity}", "x")
                .replace("{milestone}", "x")
                .replace("{series}", "x")
                .replace("{baseline}", "x")
                .replace("{partner}", "x");
            let (_, body) = send(&app, &method.to_uppercase(), &uri, Some("{}")).await;
            assert!(
                !body["error"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("API route"),
                "{method} {path} is documented but not routed: {body}"
            );
        }
    }
}

/// A new project's input is checked field by field: a refused one answers
/// with the field and the problem, and nothing is stored; a key another
/// project holds answers 409. The project created is read at once, with
/// its creator among its leaders.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_project_is_checked_field_by_field_and_read_at_once() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let token = common::demo_token(db, "admin@demo.framdrift.no").await;
        let options = LeptosOptions::builder().output_name("framdrift").build();
        let app = common::with_token(server::router(db.clone(), options), &token);
        let projects = || async {
            use sea_orm::{EntityTrait, PaginatorTrait};
            app::entities::project::Entity::find()
                .count(db)
                .await
                .expect("count")
        };
        let before = projects().await;
        let period = r#"{"start": "2012-01-01", "end": "2014-12-31"}"#;
        for (body, field, status) in [
            (
                format!(r#"{{"key": "Store Bokstaver", "name": "A", "period": {period}}}"#),
                "key",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                format!(r#"{{"key": "-a", "name": "A", "period": {period}}}"#),
                "key",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                format!(r#"{{"key": "{}", "name": "A", "period": {period}}}"#, "a".repeat(49)),
                "key",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                format!(r#"{{"key": "interreg-integrering", "name": "A", "period": {period}}}"#),
                "key",
                StatusCode::CONFLICT,
            ),
            (
                format!(r#"{{"key": "nytt", "name": "  ", "period": {period}}}"#),
                "name",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                r#"{"key": "nytt", "name": "A", "period": {"start": "2014-01-01", "end": "2012-12-31"}}"#
                    .to_owned(),
                "period",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                r#"{"key": "nytt", "name": "A", "period": {"start": "2000-01-01", "end": "2099-12-31"}}"#
                    .to_owned(),
                "period",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let (answer, error) = send(&app, "POST", "/api/v1/projects", Some(&body)).await;
            assert_eq!(answer, status, "{backend}: {body}: {error}");
            assert_eq!(error["error"]["field"], field, "{backend}: {body}: {error}");
            assert_eq!(projects().await, before, "{backend}: {body}: nothing stored");
        }

        let (status, saved) = send(
            &app,
            "POST",
            "/api/v1/projects",
            Some(&format!(
                r#"{{"key": "  nytt-prosjekt ", "name": "Nytt prosjekt", "funding_programme": "Interreg V A", "period": {period}, "public": true}}"#
            )),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");
        assert_eq!(saved["key"], "nytt-prosjekt", "{backend}: {saved}");
        let (status, project) = get_json(&app, "/api/v1/projects/nytt-prosjekt").await;
        assert_eq!(status, StatusCode::OK, "{backend}: {project}");
        assert_eq!(project["name"], "Nytt prosjekt", "{backend}: {project}");
        let (_, listed) = get_json(&app, "/api/v1/projects").await;
        assert!(
            listed.to_string().contains("nytt-prosjekt"),
            "{backend}: the list shows it at once: {listed}"
        );
        test.finish().await;
    }
}

/// Every write of the API; the OpenAPI test checks each is documented.
const WRITES: [(&str, &str); 34] = [
    ("POST", "/api/v1/projects/{key}/archive"),
    ("POST", "/api/v1/projects/{key}/restore"),
    ("PUT", "/api/v1/projects/{key}/visibility"),
    ("POST", "/api/v1/projects"),
    ("POST", "/api/v1/imports"),
    ("POST", "/api/v1/projects/{key}/merge"),
    ("PUT", "/api/v1/projects/{key}/facts"),
    ("PUT", "/api/v1/projects/{key}/sub-projects/{sub}/facts"),
    ("POST", "/api/v1/projects/{key}/partners"),
    ("PUT", "/api/v1/projects/{key}/partners/{partner}"),
    ("POST", "/api/v1/projects/{key}/partners/{partner}/archive"),
    ("POST", "/api/v1/projects/{key}/partners/{partner}/restore"),
    ("POST", "/api/v1/projects/{key}/activities"),
    ("PUT", "/api/v1/projects/{key}/activities/{activity}/name"),
    ("POST", "/api/v1/projects/{key}/activities/{activity}/move"),
    (
        "POST",
        "/api/v1/projects/{key}/activities/{activity}/archive",
    ),
    (
        "POST",
        "/api/v1/projects/{key}/activities/{activity}/restore",
    ),
    (
        "PUT",
        "/api/v1/projects/{key}/activities/{activity}/planned",
    ),
    ("PUT", "/api/v1/projects/{key}/activities/{activity}/actual"),
    (
        "PUT",
        "/api/v1/projects/{key}/activities/{activity}/progress",
    ),
    ("POST", "/api/v1/projects/{key}/status-statements"),
    ("POST", "/api/v1/projects/{key}/milestones"),
    ("PUT", "/api/v1/projects/{key}/milestones/{milestone}"),
    (
        "POST",
        "/api/v1/projects/{key}/milestones/{milestone}/archive",
    ),
    (
        "POST",
        "/api/v1/projects/{key}/milestones/{milestone}/restore",
    ),
    ("POST", "/api/v1/projects/{key}/meeting-series"),
    ("PUT", "/api/v1/projects/{key}/meeting-series/{series}"),
    (
        "POST",
        "/api/v1/projects/{key}/meeting-series/{series}/archive",
    ),
    (
        "POST",
        "/api/v1/projects/{key}/meeting-series/{series}/restore",
    ),
    (
        "PUT",
        "/api/v1/projects/{key}/meeting-series/{series}/meetings",
    ),
    ("POST", "/api/v1/projects/{key}/baselines"),
    ("PUT", "/api/v1/projects/{key}/baselines/{baseline}/name"),
    (
        "POST",
        "/api/v1/projects/{key}/baselines/{baseline}/archive",
    ),
    (
        "POST",
        "/api/v1/projects/{key}/baselines/{baseline}/restore",
    ),
];

async fn send(app: &Router, method: &str, uri: &str, json: Option<&str>) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if json.is_some() {
        request = request.header(http::header::CONTENT_TYPE, "application/json");
    }
    let body = json.map_or_else(Body::empty, |j| Body::from(j.to_owned()));
    let answer = common::respond(app, request.body(body).expect("request")).await;
    (answer.status, answer.json())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_writes_answer_with_json_status_codes_and_field_paths() {
    for test in common::databases().await {
        let app = common::demo_app_as_leader(&test.db).await;
        let backend = test.backend;
        let base = "/api/v1/projects/interreg-integrering";

        let (status, saved) = send(
            &app,
            "POST",
            &format!("{base}/activities"),
            Some(r#"{"sub_project": "aktiv-start", "name": "Intervjuer med deltakere"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");
        assert_eq!(saved["key"], "aktiv-start-intervjuer-med-deltakere");
        assert_eq!(saved["version"], 1);
        let activity = format!("{base}/activities/aktiv-start-intervjuer-med-deltakere");

        let (status, cell) = send(
            &app,
            "PUT",
            &format!("{activity}/planned"),
            Some(r#"{"half_year": "2010-H1", "marks": 3, "version": 0}"#),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {cell}");
        let (_, plan) = get_json(&app, &format!("{base}/sub-projects/aktiv-start/plan")).await;
        assert_eq!(plan["rows"][0]["marks"][3], 3, "{backend}: {plan}");

        // Marks outside 0–6: 422 naming the field; nothing saved.
        let (status, error) = send(
            &app,
            "PUT",
            &format!("{activity}/planned"),
            Some(r#"{"half_year": "2010-H1", "marks": 9, "version": 1}"#),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error["error"]["code"], "invalid");
        assert_eq!(error["error"]["field"], "marks");
        // A stale version: 409, and the newer data stays.
        let (status, error) = send(
            &app,
            "PUT",
            &format!("{activity}/planned"),
            Some(r#"{"half_year": "2010-H1", "marks": 5, "version": 0}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend}: {error}");
        assert_eq!(error["error"]["code"], "conflict");
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("reload"))
        );
        let (_, plan) = get_json(&app, &format!("{base}/sub-projects/aktiv-start/plan")).await;
        assert_eq!(plan["rows"][0]["marks"][3], 3);
        // A body of the wrong shape names the field too.
        let (status, error) = send(
            &app,
            "PUT",
            &format!("{activity}/planned"),
            Some(r#"{"half_year": "2010-H1", "marks": "many", "version": 1}"#),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {error}"
        );
        assert_eq!(error["error"]["field"], "marks", "{error}");

        // Status statements, milestones, meetings and baselines.
        let (status, _) = send(
            &app,
            "POST",
            &format!("{base}/status-statements"),
            Some(r#"{"date": "2009-09-01", "status": "behind", "text": "Forsinket oppstart i Aktiv start."}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, error) = send(
            &app,
            "POST",
            &format!("{base}/status-statements"),
            Some(r#"{"date": "2009-09-01", "status": "behind", "text": "  "}"#),
        )
        .await;
        assert_eq!(
            (status, error["error"]["field"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, Value::from("text"))
        );
        let (status, saved) = send(
            &app,
            "PUT",
            &format!("{base}/milestones/interregseminar-2009"),
            Some(r#"{"sub_project": "stjordal", "name": "Interregseminar", "kind": "seminar", "first_day": "2009-11-19", "last_day": "2009-11-20", "status": "held", "version": 1}"#),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{backend}: {saved}");
        let (status, error) = send(
            &app,
            "PUT",
            &format!("{base}/milestones/interregseminar-2009"),
            Some(r#"{"name": "Interregseminar", "kind": "seminar", "first_day": "2009-11-19", "last_day": "2009-11-18", "status": "moved", "version": 2}"#),
        )
        .await;
        assert_eq!(
            (status, error["error"]["field"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, Value::from("last_day"))
        );
        let (status, _) = send(
            &app,
            "PUT",
            &format!("{base}/meeting-series/samarbeidsmote-stjordal/meetings"),
            Some(r#"{"date": "2009-07-15", "held": true, "note": "I Stjørdal", "version": 0}"#),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, error) = send(
            &app,
            "PUT",
            &format!("{base}/meeting-series/samarbeidsmote-stjordal/meetings"),
            Some(r#"{"date": "2009-07-16", "held": true, "version": 0}"#),
        )
        .await;
        assert_eq!(
            (status, error["error"]["field"].clone()),
            (StatusCode::UNPROCESSABLE_ENTITY, Value::from("date"))
        );
        let (_, schedule) = get_json(&app, &format!("{base}/schedule")).await;
        let seminar = schedule["milestones"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["key"] == "interregseminar-2009"))
            .expect("seminar");
        assert_eq!(seminar["status"], "held");
        assert_eq!(seminar["actual_first_day"], "2009-11-19");

        // Archiving a meeting series or a milestone hides it and lists it for
        // restoring; a stale version is refused; restoring brings it back.
        let find = |schedule: &Value, list: &str, key: &str| {
            schedule[list]
                .as_array()
                .and_then(|items| items.iter().find(|i| i["key"] == key).cloned())
        };
        let series = find(&schedule, "meeting_series", "samarbeidsmote-stjordal").expect("series");
        let version = series["version"].as_i64().expect("version");
        for (list, archived, path) in [
            (
                "meeting_series",
                "archived_series",
                "meeting-series/samarbeidsmote-stjordal",
            ),
            (
                "milestones",
                "archived_milestones",
                "milestones/interregseminar-2009",
            ),
        ] {
            let (_, schedule) = get_json(&app, &format!("{base}/schedule")).await;
            let key = path.rsplit('/').next().expect("key");
            let version = find(&schedule, list, key).expect("item")["version"]
                .as_i64()
                .expect("version");
            let body = format!(r#"{{"version": {version}}}"#);
            let (status, _) =
                send(&app, "POST", &format!("{base}/{path}/archive"), Some(&body)).await;
            assert_eq!(status, StatusCode::OK, "{backend}: archive {path}");
            let (_, schedule) = get_json(&app, &format!("{base}/schedule")).await;
            assert!(
                find(&schedule, list, key).is_none(),
                "{backend}: {key} hidden"
            );
            assert_eq!(
                find(&schedule, archived, key).expect("listed")["version"],
                version + 1
            );
            let again = format!(r#"{{"version": {}}}"#, version + 1);
            let (status, error) = send(
                &app,
                "POST",
                &format!("{base}/{path}/archive"),
                Some(&again),
            )
            .await;
            assert_eq!(
                (status, error["error"]["field"].clone()),
                (StatusCode::UNPROCESSABLE_ENTITY, Value::from("archived")),
                "{backend}: archived twice"
            );
            let (status, _) =
                send(&app, "POST", &format!("{base}/{path}/restore"), Some(&body)).await;
            assert_eq!(status, StatusCode::CONFLICT, "{backend}: stale version");
            let body = format!(r#"{{"version": {}}}"#, version + 1);
            let (status, _) =
                send(&app, "POST", &format!("{base}/{path}/restore"), Some(&body)).await;
            assert_eq!(status, StatusCode::OK, "{backend}: restore {path}");
            let (_, schedule) = get_json(&app, &format!("{base}/schedule")).await;
            assert!(
                find(&schedule, list, key).is_some(),
                "{backend}: {key} back"
            );
            assert!(find(&schedule, archived, key).is_none());
        }
        // The outcomes of an archived and restored series are kept.
        let (_, schedule) = get_json(&app, &format!("{base}/schedule")).await;
        let series = find(&schedule, "meeting_series", "samarbeidsmote-stjordal").expect("series");
        assert_eq!(series["version"].as_i64(), Some(version + 2));
        assert!(
            series["outcomes"].as_array().is_some_and(|o| o
                .iter()
                .any(|o| o["date"] == "2009-07-15" && o["held"] == true)),
            "{backend}: {series}"
        );

        let (status, baseline) = send(
            &app,
            "POST",
            &format!("{base}/baselines"),
            Some(r#"{"name": "Styringsgruppe 2009-09", "date": "2009-09-01"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {baseline}");
        let (status, comparison) = get_json(
            &app,
            &format!("{base}/baselines/godkjent-plan/comparison?sub=aktiv-start"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            comparison["summary"]["added"],
            serde_json::json!(["Intervjuer med deltakere"])
        );

        // Reads refuse an unreadable as_of with 400 naming it.
        let (status, error) = get_json(&app, &format!("{base}/plan?as_of=yesterday")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(error["error"]["code"], "bad_parameter");
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("as_of"))
        );
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_rendered_on_the_server() {
    let (db, _dir) = common::empty_sqlite().await;
    common::migration_up(&db).await;
    let app = common::demo_app_as_leader(&db).await;

    let (status, content_type, html) = get(&app, "/p/interreg-integrering/plan/kbt-senteret").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    assert!(
        html.contains("Arbeid med dokumentasjon av metoden"),
        "the KBT plan's rows are in the HTML"
    );
    assert!(
        html.contains("2009 1. halvår"),
        "bokmål column headings by default"
    );

    let (status, _, html) = get(&app, "/p/interreg-integrering/schedule").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("19.–20.11.2009"), "bokmål date ranges");

    let (status, _, _) = get(&app, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _, html) = get(&app, "/p/interreg-integrering/plan/nobody").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an unknown sub-project's plan is a 404"
    );
    assert!(
        html.contains("role=\"alert\""),
        "with an error notice on the page"
    );
}

/// Many pages rendered at once: each answers in full, with its title. (The
/// document head is written after the body; a title that read a reactive
/// value there once panicked under concurrent load.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_completely_under_concurrent_load() {
    let (db, _dir) = common::empty_sqlite().await;
    common::migration_up(&db).await;
    let app = common::demo_app_as_leader(&db).await;
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..48 {
        let app = app.clone();
        let uri = [
            "/p/interreg-integrering/plan",
            "/p/interreg-integrering",
            "/p/interreg-integrering/schedule",
            "/p/interreg-integrering/gantt",
        ][i % 4];
        requests.spawn(async move { get(&app, uri).await });
    }
    while let Some(answer) = requests.join_next().await {
        let (status, _, html) = answer.expect("the request completes without a panic");
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<title>"), "the head has its title");
        assert!(html.contains("Framdrift"));
    }
}

/// Pages render while another router is being built in the same process
/// (as each test builds its own). Building one runs the app to find its
/// routes, and leptos stalls for ever any resource that starts loading
/// meanwhile (leptos-rs/leptos#4773); the routes are found once per process.
/// The pages are awaited from a plain thread with a deadline, because a
/// stalled render held the runtime's timers too.
#[test]
fn pages_render_while_another_router_is_built() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    // Left running if a page stalls, so that the failure is reported.
    let runtime: &'static tokio::runtime::Runtime = Box::leak(Box::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime"),
    ));
    let (db, dir) = runtime.block_on(common::empty_sqlite());
    let app = runtime.block_on(async {
        common::migration_up(&db).await;
        common::demo_app_as_leader(&db).await
    });
    let done = Arc::new(AtomicBool::new(false));
    let builder = {
        let (db, done) = (db.clone(), done.clone());
        std::thread::spawn(move || {
            let _runtime = runtime.enter();
            let mut built = 0;
            while !done.load(Ordering::Relaxed) {
                let options = LeptosOptions::builder().output_name("framdrift").build();
                drop(server::router(db.clone(), options));
                built += 1;
            }
            built
        })
    };
    let uris = ["/p/interreg-integrering/plan", "/p/interreg-integrering"];
    let (answers, answered) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for round in 0..24 {
            let answer = runtime.block_on(get(&app, uris[round % 2]));
            if answers.send(answer).is_err() {
                break;
            }
        }
    });
    for round in 0..24 {
        let uri = uris[round % 2];
        // A page answers in well under a second; a stalled one never does.
        let (status, _, html) = answered
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{uri} (round {round}) stalled"));
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("</html>"), "{uri} is complete");
    }
    done.store(true, Ordering::Relaxed);
    let built = builder.join().expect("the routers were built");
    assert!(built > 0, "routers were built while the pages rendered");
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_content_security_policy_with_their_own_nonce() {
    let (db, _dir) = common::empty_sqlite().await;
    common::migration_up(&db).await;
    let app = common::demo_app_as_leader(&db).await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let (_, headers, body) = common::fetch_with(&app, "/p/interreg-integrering", &[]).await;
        let body = String::from_utf8_lossy(&body);
        let policy = headers
            .get(http::header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .expect("a policy")
            .to_owned();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in script-src")
            .to_owned();
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(
            !policy.contains("unsafe-eval'") || policy.contains("wasm-unsafe-eval"),
            "{policy}"
        );
        assert!(
            body.contains(&format!("nonce=\"{nonce}\"")),
            "the hydration script carries the nonce"
        );
        assert_eq!(
            headers
                .get(http::header::X_CONTENT_TYPE_OPTIONS)
                .map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        assert_eq!(
            headers
                .get(http::header::REFERRER_POLICY)
                .map(|v| v.as_bytes()),
            Some(&b"same-origin"[..])
        );
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a new nonce per page");
    // The API and files are never framed or run as a page.
    let (_, headers, _) = common::fetch_with(&app, "/api/v1/projects", &[]).await;
    let policy = headers
        .get(http::header::CONTENT_SECURITY_POLICY)
        .expect("policy");
    assert_eq!(policy, "default-src 'none'; frame-ancestors 'none'");
}

/// Markup typed into names stays text: on every page (as the leader sees
/// it, with every form), in the hydration data and in the chart file, no
/// script element and no attribute breaks out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_names_stays_text_on_every_page_and_file() {
    let (db, _dir) = common::empty_sqlite().await;
    common::migration_up(&db).await;
    const SCRIPT: &str = "</title><script>alert(1)</script>";
    const ATTRIBUTE: &str = "\"><img src=x onerror=alert(2)>";
    // In the TOML file the quote is escaped.
    let attribute = ATTRIBUTE.replace('"', "\\\"");
    let text = exchange::DEMO_PROJECT
        .replacen(
            "name = \"Integrering av mennesker med psykiske problemer\"",
            &format!("name = \"Integrering {SCRIPT}\""),
            1,
        )
        .replacen(
            "name = \"Oppstartsamling\"",
            &format!("name = \"Oppstartsamling {attribute}\""),
            1,
        )
        .replacen(
            "name = \"KBT-senteret\"",
            &format!("name = \"KBT-senteret {SCRIPT}\""),
            1,
        )
        .replacen(
            "name = \"Arbeid med dokumentasjon av metoden\"",
            &format!("name = \"Arbeid med dokumentasjon {attribute} {SCRIPT}\""),
            1,
        );
    exchange::import_str(&db, &text, ExistingProject::Keep)
        .await
        .expect("the names are valid text");
    let token = common::leader_token(&db).await;
    let options = LeptosOptions::builder().output_name("framdrift").build();
    let app = common::with_token(server::router(db.clone(), options), &token);

    let project = "/p/interreg-integrering";
    let uris = [
        "/".to_owned(),
        project.to_owned(),
        format!("{project}/plan"),
        format!("{project}/plan/kbt-senteret"),
        format!("{project}/gantt"),
        format!("{project}/schedule"),
        format!("{project}/history"),
        format!("{project}/baselines"),
        format!("{project}/baselines/godkjent-plan"),
        format!("{project}/access"),
        format!("{project}/gantt.svg"),
    ];
    for uri in uris {
        let (status, _, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        if let Some(at) = body.find("<script>alert") {
            panic!(
                "{uri}: a script got out: …{}…",
                &body[at.saturating_sub(300)..(at + 60).min(body.len())]
            );
        }
        // Outside script elements (whose data may hold the text), no
        // element may start from a name.
        let mut markup = String::new();
        let mut rest = body.as_str();
        while let Some(start) = rest.find("<script") {
            markup.push_str(&rest[..start]);
            rest = rest[start..]
                .find("</script>")
                .map_or("", |end| &rest[start + end + "</script>".len()..]);
        }
        markup.push_str(rest);
        assert!(!markup.contains("<img src=x"), "{uri}: an element got out");
        assert!(
            !markup.contains("\"><img"),
            "{uri}: an attribute was closed by a name"
        );
    }
    let (_, _, overview) = get(&app, project).await;
    assert!(
        overview.contains("Integrering &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name is shown as the text it is"
    );
}

/// Plan reads are kept per project revision (`app::api::cache`): the same
/// answer, compressed as asked and tagged, until a write through any server
/// process; and who may read is asked on every request all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_answers_follow_every_write_and_still_ask_who_reads() {
    use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, IF_NONE_MATCH};
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let reader = common::demo_app_as_leader(db).await;
        // A second server process on the same database: its own caches.
        let options = LeptosOptions::builder().output_name("framdrift").build();
        let other_process = common::with_token(
            server::router(db.clone(), options),
            &common::leader_token(db).await,
        );
        let plan = "/api/v1/projects/interreg-integrering/plan";

        let (status, headers, first) = common::fetch_with(&reader, plan, &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        let tag = headers
            .get(ETAG)
            .expect("an ETag")
            .to_str()
            .expect("tag")
            .to_owned();
        let (_, again_headers, again) = common::fetch_with(&reader, plan, &[]).await;
        assert_eq!(again, first, "{backend}: the kept answer is the answer");
        assert_eq!(
            again_headers.get(ETAG).map(|v| v.to_str().ok()),
            Some(Some(tag.as_str()))
        );

        let (status, _, empty) = common::fetch_with(&reader, plan, &[(IF_NONE_MATCH, &tag)]).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{backend}");
        assert!(empty.is_empty());

        let (_, headers, br) =
            common::fetch_with(&reader, plan, &[(ACCEPT_ENCODING, "gzip, br")]).await;
        assert_eq!(
            headers.get(CONTENT_ENCODING).map(|v| v.as_bytes()),
            Some(&b"br"[..])
        );
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unpacked).expect("brotli");
        assert_eq!(unpacked, first, "{backend}: brotli");
        let (_, headers, gz) =
            common::fetch_with(&reader, plan, &[(ACCEPT_ENCODING, "gzip")]).await;
        assert_eq!(
            headers.get(CONTENT_ENCODING).map(|v| v.as_bytes()),
            Some(&b"gzip"[..])
        );
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked)
            .expect("gunzip");
        assert_eq!(unpacked, first, "{backend}: gzip");

        // A write through the other process: the next read shows it, under
        // a new tag, and the old tag no longer answers 304.
        let (status, saved) = send(
            &other_process,
            "POST",
            "/api/v1/projects/interreg-integrering/activities",
            Some(r#"{"name": "Sluttkonferanse i Trondheim"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");
        let (status, headers, after) =
            common::fetch_with(&reader, plan, &[(IF_NONE_MATCH, &tag)]).await;
        assert_eq!(status, StatusCode::OK, "{backend}: the old tag is stale");
        assert_ne!(
            headers.get(ETAG).map(|v| v.to_str().ok()),
            Some(Some(tag.as_str()))
        );
        let after = String::from_utf8(after).expect("UTF-8");
        assert!(after.contains("Sluttkonferanse i Trondheim"), "{backend}");
        assert!(!String::from_utf8_lossy(&first).contains("Sluttkonferanse"));
        // The past is kept apart from now.
        let (_, _, past) =
            common::fetch_with(&reader, &format!("{plan}?as_of=2009-06-30"), &[]).await;
        assert!(
            !String::from_utf8_lossy(&past).contains("Sluttkonferanse"),
            "{backend}"
        );

        // A private project read by the administrator, then asked for by
        // the anonymous and by a member of another project: refused, though
        // the answer is kept.
        common::import_small_project(db, "annet", 3).await;
        let options = LeptosOptions::builder().output_name("framdrift").build();
        let shared = server::router(db.clone(), options);
        let admin = common::with_token(
            shared.clone(),
            &common::demo_token(db, "admin@demo.framdrift.no").await,
        );
        let partner = common::with_token(
            shared.clone(),
            &common::demo_token(db, "partner@demo.framdrift.no").await,
        );
        let private = "/api/v1/projects/annet/plan";
        for _ in 0..2 {
            let (status, _, _) = common::fetch_with(&admin, private, &[]).await;
            assert_eq!(status, StatusCode::OK, "{backend}");
        }
        let (status, _, body) = common::fetch_with(&shared, private, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend}");
        assert!(!String::from_utf8_lossy(&body).contains("\"rows\""));
        let (status, _, _) = common::fetch_with(&partner, private, &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend}");
        let (status, _, _) = common::fetch_with(&partner, private, &[(IF_NONE_MATCH, "*")]).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{backend}: no 304 without the right to read"
        );
        test.finish().await;
    }
}

/// Plans are kept per plan revision: a status statement or a milestone
/// leaves the kept plan good (what a fresh reading would give, byte for
/// byte) while the overview and the schedule show it at once; a change of
/// the plan makes the plan read afresh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plans_stay_kept_while_only_the_schedule_changes() {
    use http::header::{ETAG, IF_NONE_MATCH};
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let reader = common::demo_app_as_leader(db).await;
        let options = LeptosOptions::builder().output_name("framdrift").build();
        let leader = common::with_token(
            server::router(db.clone(), options),
            &common::leader_token(db).await,
        );
        let project = "/api/v1/projects/interreg-integrering";
        let plan = format!("{project}/plan");
        let schedule = format!("{project}/schedule");
        let tag_of = |headers: &http::HeaderMap| {
            headers
                .get(ETAG)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .expect("an ETag")
        };
        let (_, headers, plan_before) = common::fetch_with(&reader, &plan, &[]).await;
        let plan_tag = tag_of(&headers);
        let (_, headers, _) = common::fetch_with(&reader, project, &[]).await;
        let overview_tag = tag_of(&headers);
        let (_, headers, _) = common::fetch_with(&reader, &schedule, &[]).await;
        let schedule_tag = tag_of(&headers);

        let (status, saved) = send(
            &leader,
            "POST",
            &format!("{project}/status-statements"),
            Some(r#"{"date": "2010-05-04", "status": "at_risk", "text": "Status 04.05.10: forsinket rapport"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");
        let (status, saved) = send(
            &leader,
            "POST",
            &format!("{project}/milestones"),
            Some(r#"{"name": "Ekstra samling på Stiklestad", "kind": "gathering", "first_day": "2010-06-01", "last_day": "2010-06-02", "place": "Stiklestad", "status": "planned", "version": 0}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");

        let (status, _, _) =
            common::fetch_with(&reader, &plan, &[(IF_NONE_MATCH, &plan_tag)]).await;
        assert_eq!(
            status,
            StatusCode::NOT_MODIFIED,
            "{backend}: the plan did not change"
        );
        // What another process reads afresh is what this one kept.
        let (_, headers, fresh) = common::fetch_with(&leader, &plan, &[]).await;
        assert_eq!(fresh, plan_before, "{backend}: the kept plan is the plan");
        assert_eq!(tag_of(&headers), plan_tag, "{backend}");

        let (status, _, overview) =
            common::fetch_with(&reader, project, &[(IF_NONE_MATCH, &overview_tag)]).await;
        assert_eq!(status, StatusCode::OK, "{backend}: the overview changed");
        assert!(
            String::from_utf8_lossy(&overview).contains("forsinket rapport"),
            "{backend}"
        );
        let (status, _, kept_schedule) =
            common::fetch_with(&reader, &schedule, &[(IF_NONE_MATCH, &schedule_tag)]).await;
        assert_eq!(status, StatusCode::OK, "{backend}: the schedule changed");
        let kept_schedule = String::from_utf8_lossy(&kept_schedule).into_owned();
        assert!(kept_schedule.contains("forsinket rapport"), "{backend}");
        assert!(kept_schedule.contains("Ekstra samling"), "{backend}");

        // A change of the plan: read afresh, under a new tag.
        let (status, saved) = send(
            &leader,
            "POST",
            &format!("{project}/activities"),
            Some(r#"{"name": "Erfaringskonferanse"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");
        let (status, headers, after) =
            common::fetch_with(&reader, &plan, &[(IF_NONE_MATCH, &plan_tag)]).await;
        assert_eq!(status, StatusCode::OK, "{backend}: the plan changed");
        assert_ne!(tag_of(&headers), plan_tag, "{backend}");
        assert!(
            String::from_utf8_lossy(&after).contains("Erfaringskonferanse"),
            "{backend}"
        );
        test.finish().await;
    }
}

/// The demo behind the server's router with its two pools, as `main` wires
/// them (writes on the write lane, from a pool of their own), signed in as
/// the demo's leader; and the writes' pool.
async fn demo_with_write_lane(test: &common::TestDb) -> (Router, sea_orm::DatabaseConnection) {
    let db = &test.db;
    exchange::load_demo(db, ExistingProject::Keep)
        .await
        .expect("demo");
    let writes = server::write_lane::connect(test.connect_options())
        .await
        .expect("the writes' pool");
    let options = LeptosOptions::builder().output_name("framdrift").build();
    let app = common::with_token(
        server::router_with_pools(
            db.clone(),
            writes.clone(),
            options,
            axum_client_ip::ClientIpSource::ConnectInfo,
        ),
        &common::leader_token(db).await,
    );
    (app, writes)
}

/// The server's way: writes from a pool of their own, on the write lane
/// (`server::router_with_pools`), reads from the other. What one writes the
/// other reads at once; edits in a burst are all kept, each once; a stale
/// edit is refused and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_from_their_own_pool_are_read_at_once_and_none_is_lost() {
    for test in common::databases().await {
        let backend = test.backend;
        let (app, _) = demo_with_write_lane(&test).await;
        let project = "/api/v1/projects/interreg-integrering";

        // A burst of statements at once: every one answered 201 and kept.
        let mut burst = tokio::task::JoinSet::new();
        for n in 0..24 {
            let app = app.clone();
            burst.spawn(async move {
                let body = format!(
                    r#"{{"date": "2010-03-{:02}", "status": "on_track", "text": "Burst {n}"}}"#,
                    1 + n % 3
                );
                send(
                    &app,
                    "POST",
                    &format!("{project}/status-statements"),
                    Some(&body),
                )
                .await
            });
        }
        let mut keys = std::collections::HashSet::new();
        while let Some(answer) = burst.join_next().await {
            let (status, saved) = answer.expect("a write");
            assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");
            assert!(keys.insert(saved["key"].to_string()), "{backend}: {saved}");
        }
        let (status, schedule) = get_json(&app, &format!("{project}/schedule")).await;
        assert_eq!(status, StatusCode::OK);
        let kept = schedule.to_string().matches("Burst ").count();
        assert_eq!(kept, 24, "{backend}: every acknowledged statement is read");

        // Progress written through the writes' pool shows in the next plan
        // read; the same version again is stale and changes nothing.
        let (_, plan) = get_json(&app, &format!("{project}/plan")).await;
        let row = &plan["rows"][0];
        let key = row["key"].as_str().expect("an activity key").to_owned();
        let version = row["version"].as_i64().expect("a version");
        let progress = format!("{project}/activities/{key}/progress");
        let body =
            format!(r#"{{"status": "in_progress", "percent_complete": 40, "version": {version}}}"#);
        let (status, saved) = send(&app, "PUT", &progress, Some(&body)).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {saved}");
        let stale =
            format!(r#"{{"status": "done", "percent_complete": 100, "version": {version}}}"#);
        let (status, refused) = send(&app, "PUT", &progress, Some(&stale)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend}: {refused}");
        let (_, plan) = get_json(&app, &format!("{project}/plan")).await;
        let row = &plan["rows"][0];
        assert_eq!(row["key"], key.as_str());
        assert_eq!(row["percent_complete"], 40, "{backend}: {row}");
        assert_eq!(row["version"], saved["version"], "{backend}");
        test.finish().await;
    }
}

/// What a write reads before its edit (the session or token, the caller,
/// whether the project may be read) comes from the readers' pool: on
/// SQLite the writes' pool is one connection, and these reads queued there
/// behind the edit under way, which made the writes' queue longer under
/// load. A write the read check refuses is answered while an edit holds
/// every connection of the writes' pool.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reads_before_a_write_do_not_wait_for_the_writes_pool() {
    use sea_orm::TransactionTrait;
    use std::time::Duration;

    for test in common::databases().await {
        let backend = test.backend;
        let (app, writes) = demo_with_write_lane(&test).await;
        let mut held = Vec::new();
        for _ in 0..app::db::write_connections(&test.connect_options()) {
            held.push(writes.begin().await.expect("a connection of the writes"));
        }

        let body = r#"{"date": "2010-03-01", "status": "on_track", "text": "Nowhere"}"#;
        let answer = tokio::time::timeout(
            Duration::from_secs(10),
            send(
                &app,
                "POST",
                "/api/v1/projects/no-such-project/status-statements",
                Some(body),
            ),
        )
        .await;
        let (status, refused) =
            answer.unwrap_or_else(|_| panic!("{backend}: the refusal waited for the writes' pool"));
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend}: {refused}");

        // Once the edit under way ends, writes go on as before.
        drop(held);
        let project = "/api/v1/projects/interreg-integrering";
        let (status, saved) = send(
            &app,
            "POST",
            &format!("{project}/status-statements"),
            Some(r#"{"date": "2010-03-01", "status": "on_track", "text": "After"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{backend}: {saved}");
        test.finish().await;
    }
}

/// Waits until `done` holds of `watch`, for at most ten seconds.
async fn until(watch: &app::history::watch::ProjectWatch, what: &str, done: impl Fn() -> bool) {
    let waited = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            let seen = watch.generation();
            if done() {
                return;
            }
            watch.changed_after(seen).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "timed out waiting until {what}");
}

/// On PostgreSQL a server process keeps the projects it read while it
/// listens for the notices of their changes (`app::history::watch`): a
/// public project's kept plan is answered without a statement; a change by
/// another process drops it when the notice comes, and one by this process
/// before its writer is answered; a lost listening connection drops
/// everything and listens again. SQLite keeps nothing: every read asks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_projects_follow_the_changes_of_every_process() {
    use std::sync::{Arc, Mutex};
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let statements = Arc::new(Mutex::new(0_usize));
        let mut reads = db.clone();
        {
            let statements = statements.clone();
            reads.set_metric_callback(move |_| {
                if let Ok(mut n) = statements.lock() {
                    *n += 1;
                }
            });
        }
        let state = app::state::AppState::new(reads);
        let watch = state.projects.clone();
        let options = LeptosOptions::builder().output_name("framdrift").build();
        let anonymous = server::router_with_state(
            state.clone(),
            db.clone(),
            options.clone(),
            axum_client_ip::ClientIpSource::ConnectInfo,
        );
        let leader_here = common::with_token(anonymous.clone(), &common::leader_token(db).await);
        let other_process = common::with_token(
            server::router(db.clone(), options),
            &common::leader_token(db).await,
        );
        let key = "interreg-integrering";
        let project = format!("/api/v1/projects/{key}");
        let plan = format!("{project}/plan");
        let statements_of = |path: String| {
            let anonymous = anonymous.clone();
            let statements = statements.clone();
            async move {
                let before = *statements.lock().expect("count");
                let (status, _, body) = common::fetch_with(&anonymous, &path, &[]).await;
                assert_eq!(status, StatusCode::OK, "{path}");
                let read = *statements.lock().expect("count") - before;
                (read, String::from_utf8(body).expect("UTF-8"))
            }
        };

        if backend == "sqlite" {
            app::history::watch::listen(db, Arc::downgrade(&watch)).await;
            assert!(!watch.is_listening(), "SQLite sends no notices");
            statements_of(plan.clone()).await;
            let (read, _) = statements_of(plan.clone()).await;
            assert_eq!(read, 1, "SQLite: the project is read for every request");
            test.finish().await;
            continue;
        }

        server::listen_for_changed_projects(&state);
        until(&watch, "listening", || watch.is_listening()).await;
        let (_, first) = statements_of(plan.clone()).await;
        assert!(watch.find(key).is_some(), "the project is kept");
        let (read, again) = statements_of(plan.clone()).await;
        assert_eq!(read, 0, "a kept plan of a kept project is answered alone");
        assert_eq!(again, first);

        // Another process changes the plan: its notice drops the project.
        let (status, saved) = send(
            &other_process,
            "POST",
            &format!("{project}/activities"),
            Some(r#"{"name": "Sluttkonferanse i Trondheim"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{saved}");
        until(&watch, "the notice drops the project", || {
            watch.find(key).is_none()
        })
        .await;
        let (read, after) = statements_of(plan.clone()).await;
        assert!(read > 0, "read afresh");
        assert!(after.contains("Sluttkonferanse i Trondheim"));

        // This process writes: what it keeps goes before the writer hears
        // back, whether or not a notice came first — even for a write
        // refused (nothing changed, so no notice at all).
        assert!(watch.find(key).is_some());
        let (status, _) = send(
            &anonymous,
            "POST",
            &format!("{project}/activities"),
            Some(r#"{"name": "Uten innlogging"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(
            watch.find(key).is_none(),
            "forgotten after any request that may write"
        );
        statements_of(plan.clone()).await;
        let (status, saved) = send(
            &leader_here,
            "POST",
            &format!("{project}/activities"),
            Some(r#"{"name": "Erfaringskonferanse"}"#),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{saved}");
        let (_, after) = statements_of(plan.clone()).await;
        assert!(after.contains("Erfaringskonferanse"), "read at once");

        // The write's own notice can come after the read above and drop
        // what it kept: read again after each notice until a read keeps it
        // (each read is kept unless a notice came meanwhile).
        let kept = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            loop {
                let seen = watch.generation();
                statements_of(plan.clone()).await;
                if watch.find(key).is_some() {
                    return;
                }
                watch.changed_after(seen).await;
            }
        })
        .await;
        assert!(kept.is_ok(), "a read while listening keeps the project");

        // The listening connection is lost: nothing is kept until it
        // listens again, and then projects are kept again.
        let terminated = sea_orm::ConnectionTrait::execute_unprepared(
            db,
            &format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE query = 'LISTEN \"{}\"' AND pid <> pg_backend_pid()",
                app::history::watch::CHANNEL
            ),
        )
        .await
        .expect("terminate the listener");
        assert!(terminated.rows_affected() >= 1);
        until(&watch, "the lost connection drops the project", || {
            watch.find(key).is_none()
        })
        .await;
        // The listener may learn of the loss in two steps (a closed
        // connection, then a failed reconnection), each dropping what was
        // kept: a read kept between them is dropped again. What must hold is
        // that reads are kept again once it listens.
        let kept_again = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            loop {
                until(&watch, "listening again", || watch.is_listening()).await;
                let seen = watch.generation();
                statements_of(plan.clone()).await;
                if watch.find(key).is_some() {
                    return;
                }
                assert_ne!(watch.generation(), seen, "a read while listening is kept");
            }
        })
        .await;
        assert!(kept_again.is_ok(), "kept again once listening");
        test.finish().await;
    }
}

/// A listening connection that stops hearing its own pings is taken for
/// dead (as one a firewall dropped without a word would be): the process
/// keeps nothing until it listens anew. Here the pings of one never come;
/// another, pinging itself every 100 ms, keeps listening.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listener_that_hears_no_ping_listens_anew() {
    use app::history::watch::{Heartbeat, ProjectWatch, listen_with};
    use std::sync::Arc;
    use std::time::Duration;
    let Some(test) = common::empty_postgres().await else {
        return;
    };
    common::migration_up(&test.db).await;
    let silent = Arc::new(ProjectWatch::default());
    let deaf = Heartbeat {
        every: Duration::from_secs(3600),
        silent_for: Duration::from_millis(300),
    };
    tokio::spawn({
        let db = test.db.clone();
        let watch = Arc::downgrade(&silent);
        async move { listen_with(&db, watch, deaf).await }
    });
    until(&silent, "listening", || silent.is_listening()).await;
    until(&silent, "given up after 300 ms without a ping", || {
        !silent.is_listening()
    })
    .await;
    until(&silent, "listening anew", || silent.is_listening()).await;

    let heard = Arc::new(ProjectWatch::default());
    let hearing = Heartbeat {
        every: Duration::from_millis(100),
        silent_for: Duration::from_secs(1),
    };
    tokio::spawn({
        let db = test.db.clone();
        let watch = Arc::downgrade(&heard);
        async move { listen_with(&db, watch, hearing).await }
    });
    until(&heard, "listening", || heard.is_listening()).await;
    // Both listen on: the silent one gives up twice more (at least 1.3 s,
    // one reconnection apart), the one that hears its pings not at all —
    // its generation, raised by nothing else in an empty schema (other
    // schemas' notices and pings are not its own), stays as it is.
    let since = heard.generation();
    until(&silent, "the silent one given up again", || {
        !silent.is_listening()
    })
    .await;
    until(&silent, "and listening anew", || silent.is_listening()).await;
    until(&silent, "given up a third time", || !silent.is_listening()).await;
    assert!(heard.is_listening());
    assert_eq!(heard.generation(), since, "pings kept the other listening");
    drop((silent, heard));
    test.finish().await;
}

/// A leader makes the project private: from the next request on, in this
/// process and in another (on PostgreSQL told by the change's notice), an
/// anonymous reader is asked to sign in and the project list leaves it
/// out; made public again, it is readable again. The change is in the
/// history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_made_private_is_refused_to_anonymous_readers_in_every_process() {
    use std::sync::Arc;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        exchange::load_demo(db, ExistingProject::Keep)
            .await
            .expect("demo");
        let state = app::state::AppState::new(db.clone());
        let watch = state.projects.clone();
        let options = LeptosOptions::builder().output_name("framdrift").build();
        let anonymous = server::router_with_state(
            state.clone(),
            db.clone(),
            options.clone(),
            axum_client_ip::ClientIpSource::ConnectInfo,
        );
        let leader_elsewhere = common::with_token(
            server::router(db.clone(), options),
            &common::leader_token(db).await,
        );
        if backend == "postgres" {
            server::listen_for_changed_projects(&state);
            until(&watch, "listening", || watch.is_listening()).await;
        } else {
            app::history::watch::listen(db, Arc::downgrade(&watch)).await;
        }
        let key = "interreg-integrering";
        let project = format!("/api/v1/projects/{key}");
        let listed = |app: Router| async move {
            let (_, list) = get_json(&app, "/api/v1/projects").await;
            list.to_string().contains(key)
        };
        let (status, read) = get_json(&anonymous, &project).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert_eq!(read["public"], true, "{backend}: {read}");
        assert!(listed(anonymous.clone()).await, "{backend}");

        for public in [false, true] {
            let (_, read) = get_json(&leader_elsewhere, &project).await;
            let version = read["version"].as_i64().expect("version");
            let (status, saved) = send(
                &leader_elsewhere,
                "PUT",
                &format!("{project}/visibility"),
                Some(&format!(r#"{{"public": {public}, "version": {version}}}"#)),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{backend}: {saved}");
            if backend == "postgres" {
                until(&watch, "the notice drops the project", || {
                    watch.find(key).is_none()
                })
                .await;
            }
            let (status, _) = get_json(&anonymous, &project).await;
            let expected = if public {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            };
            assert_eq!(status, expected, "{backend}: public = {public}");
            assert_eq!(listed(anonymous.clone()).await, public, "{backend}");
            let (status, _, _) = get(&anonymous, &format!("/p/{key}")).await;
            assert_eq!(status, expected, "{backend}: the page, public = {public}");
        }
        let summaries: Vec<String> = {
            use sea_orm::EntityTrait;
            app::entities::change_set::Entity::find()
                .all(db)
                .await
                .expect("history")
                .into_iter()
                .map(|set| set.summary)
                .collect()
        };
        let summaries = summaries.join("\n");
        assert!(
            summaries.contains("Made the project private")
                && summaries.contains("Made the project public"),
            "{backend}: {summaries}"
        );
        test.finish().await;
    }
}

/// An administrator archives a finished project: it leaves the project
/// list of everyone but its members and the administrators, stays
/// readable, and comes back to every list when restored. Both are in the
/// history; archiving what is archived is refused, naming the field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_archived_project_leaves_the_list_of_all_but_members_and_comes_back() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        common::demo_with_accounts(db).await;
        let options = LeptosOptions::builder().output_name("framdrift").build();
        let anonymous = server::router(db.clone(), options);
        let admin = common::with_token(
            anonymous.clone(),
            &common::demo_token(db, "admin@demo.framdrift.no").await,
        );
        let partner = common::with_token(
            anonymous.clone(),
            &common::demo_token(db, "partner@demo.framdrift.no").await,
        );
        let key = "interreg-integrering";
        let project = format!("/api/v1/projects/{key}");
        let listed = |app: Router| async move {
            let (_, list) = get_json(&app, "/api/v1/projects").await;
            list.to_string().contains(key)
        };
        let version = |app: Router| {
            let project = project.clone();
            async move { get_json(&app, &project).await.1["version"].clone() }
        };

        let body = format!(r#"{{"version": {}}}"#, version(admin.clone()).await);
        let (status, saved) =
            send(&admin, "POST", &format!("{project}/archive"), Some(&body)).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {saved}");
        assert!(
            !listed(anonymous.clone()).await,
            "{backend}: gone for the public"
        );
        assert!(
            listed(partner.clone()).await,
            "{backend}: listed for a member"
        );
        assert!(
            listed(admin.clone()).await,
            "{backend}: listed for administrators"
        );
        let (status, read) = get_json(&anonymous, &project).await;
        assert_eq!(status, StatusCode::OK, "{backend}: still readable");
        assert!(read["archived_at"].is_string(), "{backend}: {read}");

        let body = format!(r#"{{"version": {}}}"#, version(admin.clone()).await);
        let (status, error) =
            send(&admin, "POST", &format!("{project}/archive"), Some(&body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {error}"
        );
        assert_eq!(error["error"]["field"], "archived", "{backend}: {error}");

        let (status, saved) =
            send(&admin, "POST", &format!("{project}/restore"), Some(&body)).await;
        assert_eq!(status, StatusCode::OK, "{backend}: {saved}");
        assert!(
            listed(anonymous.clone()).await,
            "{backend}: back for the public"
        );
        let summaries: Vec<String> = {
            use sea_orm::EntityTrait;
            app::entities::change_set::Entity::find()
                .all(db)
                .await
                .expect("history")
                .into_iter()
                .map(|set| set.summary)
                .collect()
        };
        assert!(
            summaries.iter().any(|s| s == "Archived the project")
                && summaries.iter().any(|s| s == "Restored the project"),
            "{backend}: {summaries:?}"
        );
        test.finish().await;
    }
}
