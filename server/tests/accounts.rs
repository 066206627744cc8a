//! Signing in and out through the server functions, sessions in the
//! database (surviving a restart), throttling, and who may read what.

mod common;

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

use app::exchange::{self, ExistingProject};

const LEADER: &str = "leder@demo.framdrift.no";
const PASSWORD: &str = app::account::users::DEMO_PASSWORD;

fn router(db: &sea_orm::DatabaseConnection) -> Router {
    server::router(
        db.clone(),
        LeptosOptions::builder().output_name("framdrift").build(),
    )
}

/// The demo with its accounts, and a private generated project "annet".
async fn setup(db: &sea_orm::DatabaseConnection) {
    exchange::load_demo(db, ExistingProject::Keep)
        .await
        .expect("demo");
    app::account::users::ensure_demo_users(db)
        .await
        .expect("accounts");
    common::import_small_project(db, "annet", 3).await;
}

fn rpc_path(name: &str) -> String {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .find(|path| {
            path.trim_start_matches("/rpc/")
                .trim_end_matches(|c: char| c.is_ascii_digit())
                == name
        })
        .unwrap_or_else(|| panic!("the server function {name}"))
        .to_owned()
}

struct Answer {
    status: StatusCode,
    cookie: Option<String>,
    body: String,
}

async fn request(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Answer {
        status,
        cookie,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// Calls a server function as the page's JavaScript does (a form-encoded
/// POST that accepts JSON), with the session cookie if given.
async fn call(app: &Router, name: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Answer {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut builder = Request::post(rpc_path(name))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    request(app, builder.body(Body::from(body)).expect("request")).await
}

async fn get(app: &Router, uri: &str, cookie: Option<&str>) -> Answer {
    let mut builder = Request::get(uri);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    request(app, builder.body(Body::empty()).expect("request")).await
}

/// An API write that only the demo's leaders may make.
async fn leader_write(app: &Router, cookie: Option<&str>) -> StatusCode {
    let mut builder = Request::post("/api/v1/projects/interreg-integrering/status-statements")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    let body = r#"{"date": "2009-09-01", "status": "on_track", "text": "I rute."}"#;
    request(app, builder.body(Body::from(body)).expect("request"))
        .await
        .status
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_signs_in_survives_a_restart_and_signs_out() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);

        // A session that existed before signing in (a share link opened
        // first) gets a new id at sign-in.
        let link = app::sharing::commands::create_share_link(
            db,
            &app::edit::Writer::page(app::account::caller::Caller::operator()),
            "annet",
            "Styringsgruppen",
            None,
        )
        .await
        .expect("link");
        let opened = get(&app, &link.path, None).await;
        let before = cookie_pair(&opened.cookie.expect("a session for the link"));

        let signed_in = call(
            &app,
            "sign_in",
            &[
                ("email", " Leder@Demo.Framdrift.no "),
                ("password", PASSWORD),
            ],
            Some(&before),
        )
        .await;
        assert_eq!(
            signed_in.status,
            StatusCode::OK,
            "{backend}: {}",
            signed_in.body
        );
        let set_cookie = signed_in.cookie.expect("a session cookie");
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        let session = cookie_pair(&set_cookie);
        assert_ne!(
            session, before,
            "{backend}: the session id is renewed at sign-in"
        );
        assert!(
            signed_in.body.contains("Demo Prosjektleder"),
            "{}",
            signed_in.body
        );

        // The old id opens nothing any more; the new one writes.
        assert_eq!(
            leader_write(&app, Some(&before)).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            leader_write(&app, Some(&session)).await,
            StatusCode::CREATED
        );

        // Another process on the same database (or this one restarted)
        // knows the session: it lives in the database.
        let restarted = router(db);
        assert_eq!(
            leader_write(&restarted, Some(&session)).await,
            StatusCode::CREATED
        );
        let me = call(&restarted, "get_me", &[], Some(&session)).await;
        assert!(me.body.contains(LEADER), "{backend}: {}", me.body);

        // Signed out, the cookie opens nothing, here or there.
        let out = call(&app, "sign_out", &[], Some(&session)).await;
        assert_eq!(out.status, StatusCode::OK, "{}", out.body);
        assert_eq!(
            leader_write(&app, Some(&session)).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            leader_write(&restarted, Some(&session)).await,
            StatusCode::UNAUTHORIZED
        );
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_never_tells_whether_an_account_exists_and_is_throttled() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);

        let wrong = call(
            &app,
            "sign_in",
            &[("email", LEADER), ("password", "feil passord")],
            None,
        )
        .await;
        let unknown = call(
            &app,
            "sign_in",
            &[
                ("email", "ingen@demo.framdrift.no"),
                ("password", "feil passord"),
            ],
            None,
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{backend}");
        assert_eq!(unknown.status, wrong.status);
        assert_eq!(unknown.body, wrong.body, "{backend}: the same answer");
        assert!(wrong.cookie.is_none(), "no session for a failed sign-in");

        // After five failures for the account, even the right password waits.
        for _ in 0..4 {
            call(
                &app,
                "sign_in",
                &[("email", LEADER), ("password", "feil passord")],
                None,
            )
            .await;
        }
        let throttled = call(
            &app,
            "sign_in",
            &[("email", LEADER), ("password", PASSWORD)],
            None,
        )
        .await;
        assert_eq!(
            throttled.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend}: {}",
            throttled.body
        );
        // Other accounts are not locked out by it.
        let other = call(
            &app,
            "sign_in",
            &[
                ("email", "partner@demo.framdrift.no"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
        assert_eq!(other.status, StatusCode::OK, "{backend}: {}", other.body);

        // Many failures from one address, spread over accounts, stop that
        // address too.
        for i in 0..20 {
            let email = format!("gjest{i}@eksempel.no");
            call(
                &app,
                "sign_in",
                &[("email", &email), ("password", "feil passord")],
                None,
            )
            .await;
        }
        let from_address = call(
            &app,
            "sign_in",
            &[("email", "admin@demo.framdrift.no"), ("password", PASSWORD)],
            None,
        )
        .await;
        assert_eq!(
            from_address.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend}"
        );
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_projects_are_read_only_by_members_and_their_share_links() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let reads = [
            "/api/v1/projects/annet",
            "/api/v1/projects/annet/plan",
            "/api/v1/projects/annet/schedule",
            "/api/v1/projects/annet/baselines",
            "/p/annet/gantt.svg",
            "/p/annet/gantt.png",
            "/p/annet",
            "/p/annet/plan",
            "/p/annet/gantt",
            "/p/annet/history",
        ];
        // Nobody signed in: asked to sign in, and not shown in the list.
        for uri in reads {
            let answer = get(&app, uri, None).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{backend}: {uri}");
            assert!(!answer.body.contains("Generated project"), "{uri} leaks");
        }
        let list = get(&app, "/api/v1/projects", None).await;
        assert!(
            list.body.contains("interreg-integrering"),
            "the public demo is listed"
        );
        assert!(!list.body.contains("\"annet\""), "{backend}: {}", list.body);
        // The public demo reads without an account.
        assert_eq!(
            get(&app, "/p/interreg-integrering/gantt.svg", None)
                .await
                .status,
            StatusCode::OK
        );

        // A member of the demo only is refused.
        let partner = common::demo_token(db, "partner@demo.framdrift.no").await;
        let with_partner = common::with_token(router(db), &partner);
        assert_eq!(
            get(&with_partner, "/api/v1/projects/annet", None)
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // A share link of "annet" opens it, read-only, and no other private project.
        let link = app::sharing::commands::create_share_link(
            db,
            &app::edit::Writer::page(app::account::caller::Caller::operator()),
            "annet",
            "Styringsgruppen",
            None,
        )
        .await
        .expect("link");
        let opened = get(&app, &link.path, None).await;
        assert_eq!(opened.status, StatusCode::SEE_OTHER);
        let cookie = cookie_pair(&opened.cookie.expect("session"));
        for uri in reads {
            let answer = get(&app, uri, Some(&cookie)).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{backend}: {uri} by the link"
            );
        }
        let list = get(&app, "/api/v1/projects", Some(&cookie)).await;
        assert!(list.body.contains("\"annet\""), "{}", list.body);
        common::import_small_project(db, "tredje", 1).await;
        assert_eq!(
            get(&app, "/api/v1/projects/tredje", Some(&cookie))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let list = get(&app, "/api/v1/projects", Some(&cookie)).await;
        assert!(!list.body.contains("tredje"), "{}", list.body);

        // Revoked, the link opens nothing, even in the session it opened.
        let found = app::sharing::commands::revoke_share_link(
            db,
            &app::edit::Writer::page(app::account::caller::Caller::operator()),
            "annet",
            &link.saved.key,
            true,
            link.saved.version,
        )
        .await
        .expect("revoke");
        assert_eq!(found.version, 2);
        assert_eq!(
            get(&app, "/api/v1/projects/annet", Some(&cookie))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get(&app, &link.path, None).await.status,
            StatusCode::NOT_FOUND
        );
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_from_another_site_are_refused() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let token = common::leader_token(db).await;
        let app = router(db);
        let post = |site: &'static str, origin: &'static str| {
            Request::post("/api/v1/projects/interreg-integrering/status-statements")
                .header(header::HOST, "framdrift.example")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header("sec-fetch-site", site)
                .header(header::ORIGIN, origin)
                .body(Body::from(
                    r#"{"date": "2009-09-01", "status": "on_track", "text": "I rute."}"#,
                ))
                .expect("request")
        };
        let before = exchange::to_toml(
            &exchange::export(db, "interreg-integrering")
                .await
                .expect("export"),
        )
        .expect("toml");
        let foreign = request(&app, post("cross-site", "https://evil.example")).await;
        assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{backend}");
        let after = exchange::to_toml(
            &exchange::export(db, "interreg-integrering")
                .await
                .expect("export"),
        )
        .expect("toml");
        assert_eq!(before, after, "{backend}: nothing written");
        // The same request from the site itself goes through.
        let own = request(&app, post("same-origin", "https://framdrift.example")).await;
        assert_eq!(own.status, StatusCode::CREATED, "{backend}: {}", own.body);
        // Signing in from another site is refused too.
        let mut sign_in = Request::post(rpc_path("sign_in"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(format!("email={LEADER}&password={PASSWORD}")))
            .expect("request");
        sign_in.headers_mut().insert(
            header::ORIGIN,
            http::HeaderValue::from_static("https://evil.example"),
        );
        assert_eq!(request(&app, sign_in).await.status, StatusCode::FORBIDDEN);
        test.finish().await;
    }
}
