//! Signing in and out through the server functions, sessions in the
//! database (surviving a restart), throttling, and who may read what.

use crate::common;

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode, header};
use leptos::prelude::LeptosOptions;
use sea_orm::EntityTrait;

use app::exchange::{self, ExistingProject};
use common::rpc_path;

const LEADER: &str = "leder@demo.framdrift.no";
const PASSWORD: &str = app::exchange::DEMO_PASSWORD;

fn router(db: &sea_orm::DatabaseConnection) -> Router {
    server::router(
        db.clone(),
        LeptosOptions::builder().output_name("framdrift").build(),
    )
}

/// The demo with its accounts, and a private generated project "annet".
async fn setup(db: &sea_orm::DatabaseConnection) {
    common::demo_with_accounts(db).await;
    common::import_small_project(db, "annet", 3).await;
}

struct Answer {
    status: StatusCode,
    cookie: Option<String>,
    body: String,
    /// The body as sent: a server function answers in postcard.
    bytes: Vec<u8>,
}

async fn request(app: &Router, request: Request<Body>) -> Answer {
    let answer = common::respond(app, request).await;
    Answer {
        status: answer.status,
        cookie: answer.header(header::SET_COOKIE).map(str::to_owned),
        body: answer.text(),
        bytes: answer.bytes,
    }
}

/// Calls a server function as the page's JavaScript does (a form-encoded
/// POST; the answer in postcard, an error in JSON), with the session cookie
/// if given.
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
            &app::edit::Writer::page(app::identity::Caller::operator()),
            "annet",
            app::sharing::NewShareLink {
                label: "Styringsgruppen".into(),
                last_day: None,
            },
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
            "/p/annet/gantt.pdf",
            "/p/annet/calendar.ics",
            "/p/annet",
            "/p/annet/plan",
            "/p/annet/gantt",
            "/p/annet/history",
            "/p/annet/timeline",
            "/p/annet/present",
            "/p/annet/present.pdf",
            "/p/annet/report",
            "/p/annet/report.pdf",
            "/p/annet/plan.xlsx",
            "/p/annet/plan.csv",
            "/p/annet/plan.txt",
            "/api/v1/projects/annet/plan.xlsx",
            "/api/v1/projects/annet/plan.csv",
            "/api/v1/projects/annet/plan.txt",
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
            &app::edit::Writer::page(app::identity::Caller::operator()),
            "annet",
            app::sharing::NewShareLink {
                label: "Styringsgruppen".into(),
                last_day: None,
            },
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
            &app::edit::Writer::page(app::identity::Caller::operator()),
            "annet",
            &link.saved.key,
            app::plan::inputs::VersionOnly {
                version: link.saved.version,
            },
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

/// An API call as the demo's leader (a bearer token), with a JSON body.
async fn api(app: &Router, token: &str, method: &str, uri: &str, body: &str) -> Answer {
    let builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    request(
        app,
        builder.body(Body::from(body.to_owned())).expect("request"),
    )
    .await
}

/// A server function's answer (postcard, read as the type `T` it is) as
/// the JSON the assertions look into.
fn answer_as<T: serde::de::DeserializeOwned + serde::Serialize>(
    answer: &Answer,
) -> serde_json::Value {
    let value: T = postcard::from_bytes(&answer.bytes)
        .unwrap_or_else(|e| panic!("{e}: {} {}", answer.status, answer.body));
    serde_json::to_value(value).expect("json")
}

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body))
}

const MEMBERS: &str = "/api/v1/projects/interreg-integrering/members";
const ACCESS: &str = "/api/v1/projects/interreg-integrering/access";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_person_chooses_a_password_once_and_has_their_role() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = common::leader_token(db).await;

        // Someone without an account is given a sub-project's lead: they
        // get an account without a password, and the answer an invitation.
        let added = api(
            &app,
            &leader,
            "POST",
            MEMBERS,
            r#"{"email": " Ny.Leder@Stjordal.kommune.no", "display_name": "Nina Leder", "role": "sub_project_leader", "sub_project": "stjordal"}"#,
        )
        .await;
        assert_eq!(
            added.status,
            StatusCode::CREATED,
            "{backend}: {}",
            added.body
        );
        let added = json(&added);
        assert_eq!(added["email"], "ny.leder@stjordal.kommune.no");
        let invitation = added["invitation"]
            .as_str()
            .expect("an invitation")
            .to_owned();
        let token = invitation.trim_start_matches("/welcome/").to_owned();
        assert!(token.starts_with("fdl_"), "{invitation}");

        // The leader's list shows them, invited.
        let access = json(&api(&app, &leader, "GET", ACCESS, "").await);
        let member = access["members"]
            .as_array()
            .expect("members")
            .iter()
            .find(|m| m["email"] == "ny.leder@stjordal.kommune.no")
            .expect("listed")
            .clone();
        assert_eq!(member["invited"], true);
        assert_eq!(member["sub_project"]["key"], "stjordal");

        // The page of the link names the project and the address.
        let page = get(&app, &invitation, None).await;
        assert_eq!(page.status, StatusCode::OK);
        let welcome = call(&app, "get_welcome", &[("token", &token)], None).await;
        assert!(
            welcome.body.contains("ny.leder@stjordal.kommune.no")
                && welcome.body.contains("Integrering av mennesker"),
            "{backend}: {}",
            welcome.body
        );
        // No password yet: no way in without the link.
        let no_password = call(
            &app,
            "sign_in",
            &[("email", "ny.leder@stjordal.kommune.no"), ("password", "")],
            None,
        )
        .await;
        assert_eq!(no_password.status, StatusCode::UNAUTHORIZED);

        // A short password is refused by name, and the link still works.
        let short = call(
            &app,
            "accept_welcome",
            &[
                ("token", &token),
                ("email", ""),
                ("display_name", "Nina Leder"),
                ("password", "kort"),
            ],
            None,
        )
        .await;
        assert_eq!(
            short.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            short.body
        );
        assert!(short.body.contains("password"), "{}", short.body);
        let accepted = call(
            &app,
            "accept_welcome",
            &[
                ("token", &token),
                ("email", "someone.else@example.com"),
                ("display_name", "Nina Leder"),
                ("password", "et langt nok passord"),
            ],
            None,
        )
        .await;
        assert_eq!(
            accepted.status,
            StatusCode::OK,
            "{backend}: {}",
            accepted.body
        );
        assert!(
            accepted.body.contains("ny.leder@stjordal.kommune.no"),
            "the link's account, whatever address the form sent: {}",
            accepted.body
        );
        let session = cookie_pair(&accepted.cookie.expect("signed in"));

        // Signed in, they lead Stjørdal and nothing project-wide.
        let stjordal = Request::post("/api/v1/projects/interreg-integrering/activities")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &session)
            .body(Body::from(
                r#"{"sub_project": "stjordal", "name": "Kartlegging"}"#,
            ))
            .expect("request");
        assert_eq!(request(&app, stjordal).await.status, StatusCode::CREATED);
        assert_eq!(
            leader_write(&app, Some(&session)).await,
            StatusCode::FORBIDDEN
        );

        // The link works once.
        let again = call(
            &app,
            "accept_welcome",
            &[
                ("token", &token),
                ("email", ""),
                ("display_name", "Noen andre"),
                ("password", "et annet langt passord"),
            ],
            None,
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.body);
        let signed_in = call(
            &app,
            "sign_in",
            &[
                ("email", "ny.leder@stjordal.kommune.no"),
                ("password", "et langt nok passord"),
            ],
            None,
        )
        .await;
        assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);

        // Someone with an account gets the role and no link.
        let partner = api(
            &app,
            &leader,
            "POST",
            MEMBERS,
            r#"{"email": "partner@demo.framdrift.no", "role": "sub_project_leader", "sub_project": "reisverket"}"#,
        )
        .await;
        assert_eq!(partner.status, StatusCode::CREATED, "{}", partner.body);
        assert!(json(&partner)["invitation"].is_null());
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_are_taken_away_but_a_project_keeps_a_leader() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = common::leader_token(db).await;
        let access = json(&api(&app, &leader, "GET", ACCESS, "").await);
        let find = |email: &str| {
            access["members"]
                .as_array()
                .expect("members")
                .iter()
                .find(|m| m["email"] == email)
                .cloned()
                .unwrap_or_else(|| panic!("{email} is listed"))
        };
        let me = find(LEADER);
        let only_leader = api(
            &app,
            &leader,
            "POST",
            &format!("{MEMBERS}/{}/archive", me["key"].as_str().expect("key")),
            &format!(r#"{{"version": {}}}"#, me["version"]),
        )
        .await;
        assert_eq!(
            only_leader.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}: {}",
            only_leader.body
        );
        assert!(only_leader.body.contains("member"), "{}", only_leader.body);
        let demoted = api(
            &app,
            &leader,
            "POST",
            MEMBERS,
            &format!(r#"{{"email": "{LEADER}", "role": "partner"}}"#),
        )
        .await;
        assert_eq!(
            demoted.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            demoted.body
        );
        assert!(demoted.body.contains("role"), "{}", demoted.body);

        // A partner's role goes; they read the private project no more.
        let partner = find("partner@demo.framdrift.no");
        let partner_token = common::demo_token(db, "partner@demo.framdrift.no").await;
        let removed = api(
            &app,
            &leader,
            "POST",
            &format!(
                "{MEMBERS}/{}/archive",
                partner["key"].as_str().expect("key")
            ),
            &format!(r#"{{"version": {}}}"#, partner["version"]),
        )
        .await;
        assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
        let after = json(&api(&app, &leader, "GET", ACCESS, "").await);
        assert!(
            !after["members"]
                .as_array()
                .expect("members")
                .iter()
                .any(|m| m["email"] == "partner@demo.framdrift.no"),
            "{after}"
        );
        // The demo is public: a partner without a role still reads it, but
        // the access page is the leader's.
        assert_eq!(
            api(&app, &partner_token, "GET", ACCESS, "").await.status,
            StatusCode::FORBIDDEN
        );
        // The history keeps who held the role, and who took it away.
        let change_sets = app::entities::change_set::Entity::find()
            .all(db)
            .await
            .expect("change sets");
        let last = change_sets.iter().max_by_key(|c| c.id).expect("a change");
        assert_eq!(last.summary, "Took a role away");
        assert!(last.actor.contains("Demo Prosjektleder"), "{}", last.actor);
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn share_links_are_made_listed_and_revoked_by_the_leader() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = common::leader_token(db).await;
        let links = "/api/v1/projects/interreg-integrering/share-links";
        let past = api(
            &app,
            &leader,
            "POST",
            links,
            r#"{"label": "Revisor", "last_day": "2009-01-01"}"#,
        )
        .await;
        assert_eq!(
            past.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            past.body
        );
        assert!(past.body.contains("last_day"), "{}", past.body);
        let unnamed = api(&app, &leader, "POST", links, r#"{"label": "  "}"#).await;
        assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(unnamed.body.contains("label"), "{}", unnamed.body);

        let made = api(
            &app,
            &leader,
            "POST",
            links,
            r#"{"label": "Revisor", "last_day": "2099-12-31"}"#,
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{backend}: {}", made.body);
        let made = json(&made);
        let path = made["path"].as_str().expect("path").to_owned();
        assert_eq!(get(&app, &path, None).await.status, StatusCode::SEE_OTHER);
        let access = json(&api(&app, &leader, "GET", ACCESS, "").await);
        let listed = access["share_links"]
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["label"] == "Revisor")
            .cloned()
            .expect("listed");
        assert_eq!(listed["revoked"], false);
        assert_eq!(listed["created_by"], "Demo Prosjektleder");
        assert!(
            listed["expires_at"]
                .as_str()
                .is_some_and(|at| at.starts_with("2100-01-01")),
            "works through its last day: {listed}"
        );
        assert!(
            !access.to_string().contains(path.trim_start_matches("/s/")),
            "the secret is never listed"
        );

        let revoked = api(
            &app,
            &leader,
            "POST",
            &format!("{links}/{}/revoke", made["key"].as_str().expect("key")),
            &format!(r#"{{"version": {}}}"#, made["version"]),
        )
        .await;
        assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
        assert_eq!(get(&app, &path, None).await.status, StatusCode::NOT_FOUND);
        let access = json(&api(&app, &leader, "GET", ACCESS, "").await);
        assert!(
            access["share_links"]
                .as_array()
                .expect("links")
                .iter()
                .any(|l| l["label"] == "Revisor" && l["revoked"] == true),
            "{access}"
        );
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_make_and_revoke_their_own_api_tokens() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let signed_in = call(
            &app,
            "sign_in",
            &[("email", LEADER), ("password", PASSWORD)],
            None,
        )
        .await;
        let session = cookie_pair(&signed_in.cookie.expect("signed in"));
        let made = call(
            &app,
            "new_api_token",
            &[("label", "Rapportskript")],
            Some(&session),
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{backend}: {}", made.body);
        let token: String = postcard::from_bytes(&made.bytes).expect("a token");
        assert!(token.starts_with("fdt_"));
        assert_eq!(
            api(
                &app,
                &token,
                "POST",
                "/api/v1/projects/interreg-integrering/status-statements",
                r#"{"date": "2009-09-01", "status": "on_track", "text": "I rute."}"#
            )
            .await
            .status,
            StatusCode::CREATED
        );
        let list = call(&app, "list_api_tokens", &[], Some(&session)).await;
        let tokens: Vec<app::account::ApiTokenInfo> =
            postcard::from_bytes(&list.bytes).expect("tokens");
        let mine = tokens
            .iter()
            .find(|t| t.label == "Rapportskript")
            .expect("listed");
        assert!(mine.last_used_at.is_some(), "use is noted: {mine:?}");
        assert!(!list.body.contains(&token), "the secret is never listed");

        // Someone else cannot revoke it; its owner can, and it stops working.
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
        let other = cookie_pair(&other.cookie.expect("signed in"));
        let id = mine.id.to_string();
        let theirs = call(&app, "revoke_api_token", &[("id", &id)], Some(&other)).await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);
        let anonymous = call(&app, "new_api_token", &[("label", "x")], None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        let revoked = call(&app, "revoke_api_token", &[("id", &id)], Some(&session)).await;
        assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
        assert_eq!(
            api(
                &app,
                &token,
                "GET",
                "/api/v1/projects/interreg-integrering/access",
                ""
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_installation_is_set_up_and_passwords_are_reset_by_links() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        let app = router(db);
        let path = app::account::links::setup_link_if_no_accounts(db)
            .await
            .expect("query")
            .expect("no accounts: a setup link");
        // A second start replaces the link: only the newest works.
        let newer = app::account::links::setup_link_if_no_accounts(db)
            .await
            .expect("query")
            .expect("still no accounts");
        let old_token = path.trim_start_matches("/welcome/");
        let token = newer.trim_start_matches("/welcome/");
        let stale = call(
            &app,
            "accept_welcome",
            &[
                ("token", old_token),
                ("email", "sjef@eksempel.no"),
                ("display_name", "Sjef"),
                ("password", "et langt nok passord"),
            ],
            None,
        )
        .await;
        assert_eq!(
            stale.status,
            StatusCode::NOT_FOUND,
            "{backend}: {}",
            stale.body
        );
        let bad_email = call(
            &app,
            "accept_welcome",
            &[
                ("token", token),
                ("email", "sjef"),
                ("display_name", "Sjef"),
                ("password", "et langt nok passord"),
            ],
            None,
        )
        .await;
        assert_eq!(
            bad_email.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            bad_email.body
        );
        assert!(bad_email.body.contains("email"), "{}", bad_email.body);
        let set_up = call(
            &app,
            "accept_welcome",
            &[
                ("token", token),
                ("email", "Sjef@Eksempel.no"),
                ("display_name", "Sjef"),
                ("password", "et langt nok passord"),
            ],
            None,
        )
        .await;
        assert_eq!(set_up.status, StatusCode::OK, "{backend}: {}", set_up.body);
        assert_eq!(answer_as::<app::account::Me>(&set_up)["is_admin"], true);
        let admin_session = cookie_pair(&set_up.cookie.expect("signed in"));
        assert!(
            app::account::links::setup_link_if_no_accounts(db)
                .await
                .expect("query")
                .is_none(),
            "an installation with an account gets no setup link"
        );

        // A reset link: the new password works, the old one and the
        // sessions from before do not.
        let reset = app::account::links::reset_link(db, "sjef@eksempel.no", None)
            .await
            .expect("reset link");
        let reset_token = reset.trim_start_matches("/welcome/");
        let done = call(
            &app,
            "accept_welcome",
            &[
                ("token", reset_token),
                ("email", ""),
                ("display_name", "Sjefen"),
                ("password", "et helt nytt passord"),
            ],
            None,
        )
        .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let me = call(&app, "get_me", &[], Some(&admin_session)).await;
        assert_eq!(
            answer_as::<Option<app::account::Me>>(&me),
            serde_json::Value::Null,
            "{backend}: the old session ended"
        );
        let old = call(
            &app,
            "sign_in",
            &[
                ("email", "sjef@eksempel.no"),
                ("password", "et langt nok passord"),
            ],
            None,
        )
        .await;
        assert_eq!(old.status, StatusCode::UNAUTHORIZED);
        let new = call(
            &app,
            "sign_in",
            &[
                ("email", "sjef@eksempel.no"),
                ("password", "et helt nytt passord"),
            ],
            None,
        )
        .await;
        assert_eq!(new.status, StatusCode::OK, "{}", new.body);
        assert!(new.body.contains("Sjefen"), "{}", new.body);
        test.finish().await;
    }
}

/// What pages and files show of a project, from the API and the chart file,
/// now and as of past dates: equal on two installations holding the same
/// project.
async fn views(app: &Router, token: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for as_of in ["", "?as_of=2009-06-30", "?as_of=2010-12-31"] {
        for uri in [
            format!("/api/v1/projects/interreg-integrering/plan{as_of}"),
            format!("/p/interreg-integrering/gantt.svg{as_of}"),
        ] {
            let answer = api(app, token, "GET", &uri, "").await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
            seen.push(answer.body);
        }
    }
    seen
}

/// The access page's content that travels: who holds which role, and the
/// share links (not whether people have set a password here).
fn travelling(access: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let mut members: Vec<String> = access["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m["email"], m["display_name"], m["role"], m["sub_project"]["key"]
            )
        })
        .collect();
    let mut links: Vec<String> = access["share_links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| format!("{} {} {}", l["key"], l["label"], l["revoked"]))
        .collect();
    members.sort();
    links.sort();
    (members, links)
}

/// `server export` carries members (by address, without password hashes)
/// and share links (without secrets); imported into an empty database of
/// either kind, the project shows the same plan, chart and as-of views, the
/// same people in the same roles, and its history names the same accounts.
/// The imported links open nothing: their secrets stayed behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_with_members_and_share_links_imports_into_an_empty_database() {
    use app::entities::{change_set, user_account};
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
    const KEY: &str = "interreg-integrering";
    for source in common::databases().await {
        let db = &source.db;
        let backend = source.backend;
        setup(db).await;
        let app = router(db);
        let leader = common::leader_token(db).await;
        let invited = api(
            &app,
            &leader,
            "POST",
            MEMBERS,
            r#"{"email": "ny@example.no", "display_name": "Ny \"Partner\" <b>", "role": "partner"}"#,
        )
        .await;
        assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
        let links = "/api/v1/projects/interreg-integrering/share-links";
        let kept = json(
            &api(
                &app,
                &leader,
                "POST",
                links,
                r#"{"label": "Styringsgruppen"}"#,
            )
            .await,
        );
        let gone = json(&api(&app, &leader, "POST", links, r#"{"label": "Revisor"}"#).await);
        let revoked = api(
            &app,
            &leader,
            "POST",
            &format!("{links}/{}/revoke", gone["key"].as_str().expect("key")),
            &format!(r#"{{"version": {}}}"#, gone["version"]),
        )
        .await;
        assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
        let path = kept["path"].as_str().expect("path").to_owned();
        let secret = path.trim_start_matches("/s/");

        let exported = exchange::export(db, KEY).await.expect("export");
        let text = exchange::to_toml(&exported).expect("TOML");
        // Given after the plan was first recorded: in the history, by address.
        let changes = || exported.history.iter().flat_map(|cs| &cs.changes);
        assert!(
            changes().any(|c| c.kind == app::domain::RecordKind::Membership
                && c.key == "ny@example.no"
                && c.set.get("user").and_then(|u| u.as_str()) == Some("ny@example.no")),
            "{text}"
        );
        assert!(
            changes().any(|c| c.kind == app::domain::RecordKind::ShareLink
                && c.set.get("label").and_then(|l| l.as_str()) == Some("Styringsgruppen")),
            "{text}"
        );
        for leak in [
            "$argon2".to_owned(),
            secret.to_owned(),
            app::account::tokens::digest(secret),
            "token".to_owned(),
            "password".to_owned(),
        ] {
            assert!(
                !text.contains(&leak),
                "{backend}: the export holds '{leak}'"
            );
        }
        let access = json(&api(&app, &leader, "GET", ACCESS, "").await);
        let before = views(&app, &leader).await;
        let authored = change_set::Entity::find()
            .filter(change_set::Column::UserId.is_not_null())
            .count(db)
            .await
            .expect("count");
        assert!(
            authored >= 3,
            "{backend}: the leader's changes name the account"
        );

        for target in common::databases().await {
            let other = &target.db;
            let to = target.backend;
            let outcome = exchange::import_str(other, &text, ExistingProject::Keep)
                .await
                .unwrap_or_else(|e| panic!("{backend} → {to}: {e}"));
            assert!(matches!(outcome, exchange::ImportOutcome::Created { .. }));
            let again = exchange::export(other, KEY).await.expect("export again");
            assert_eq!(
                exchange::to_toml(&again).expect("TOML"),
                text,
                "{backend} → {to}: the export of the import is the export"
            );
            let imported_leader = user_account::Entity::find()
                .filter(user_account::Column::Email.eq(LEADER))
                .one(other)
                .await
                .expect("query")
                .expect("the leader's account is made by the import");
            assert!(
                imported_leader.password_hash.is_none(),
                "{to}: passwords do not travel"
            );
            let token = app::account::users::create_api_token(other, imported_leader.id, "t")
                .await
                .expect("token");
            let other_app = router(other);
            let other_access = json(&api(&other_app, &token, "GET", ACCESS, "").await);
            assert_eq!(
                travelling(&other_access),
                travelling(&access),
                "{backend} → {to}: members and links"
            );
            assert!(
                other_access["share_links"]
                    .as_array()
                    .expect("links")
                    .iter()
                    .all(|l| l["imported"] == true),
                "{other_access}"
            );
            assert_eq!(
                get(&other_app, &path, None).await.status,
                StatusCode::NOT_FOUND,
                "{to}: an imported link's old secret opens nothing"
            );
            assert_eq!(
                views(&other_app, &token).await,
                before,
                "{backend} → {to}: plan, chart and as-of views"
            );
            let other_authored = change_set::Entity::find()
                .filter(change_set::Column::UserId.is_not_null())
                .count(other)
                .await
                .expect("count");
            assert_eq!(
                other_authored, authored,
                "{to}: the history names the accounts"
            );
            target.finish().await;
        }

        // Merging a file without members or links (the demo) keeps them.
        exchange::load_demo(db, ExistingProject::Merge)
            .await
            .expect("merge");
        let after = json(&api(&app, &leader, "GET", ACCESS, "").await);
        assert_eq!(
            travelling(&after),
            travelling(&access),
            "{backend}: merge keeps them"
        );
        source.finish().await;
    }
}

/// A session cookie of the demo account `email`.
async fn session_of(app: &Router, email: &str) -> String {
    let answer = call(
        app,
        "sign_in",
        &[("email", email), ("password", PASSWORD)],
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    cookie_pair(&answer.cookie.expect("a session cookie"))
}

/// The history of the public demo: the leader sees everything, with
/// addresses and the filter by person; a partner sees addresses but not the
/// changes to members and share links (the access page is the leaders');
/// a reader without an account sees names only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_shows_addresses_to_members_and_access_changes_to_leaders() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = common::leader_token(db).await;
        let made = api(
            &app,
            &leader,
            "POST",
            "/api/v1/projects/interreg-integrering/share-links",
            r#"{"label": "Revisor"}"#,
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
        let status = api(
            &app,
            &leader,
            "POST",
            "/api/v1/projects/interreg-integrering/status-statements",
            r#"{"date": "2009-09-01", "status": "on_track", "text": "I rute."}"#,
        )
        .await;
        assert_eq!(status.status, StatusCode::CREATED, "{}", status.body);
        let form = [("project", "interreg-integrering"), ("filter[page]", "1")];
        let read = |cookie: Option<String>| {
            let app = app.clone();
            async move {
                let answer = call(&app, "get_history", &form, cookie.as_deref()).await;
                assert_eq!(answer.status, StatusCode::OK, "{backend}: {}", answer.body);
                answer_as::<app::domain::HistoryPage>(&answer)
            }
        };
        let kinds = |page: &serde_json::Value| -> Vec<String> {
            page["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .flat_map(|e| e["changes"].as_array().cloned().unwrap_or_default())
                .map(|c| c["kind"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        let actors = |page: &serde_json::Value| -> Vec<String> {
            page["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(|e| e["actor"].as_str().unwrap_or_default().to_owned())
                .collect()
        };

        let as_leader = read(Some(session_of(&app, LEADER).await)).await;
        assert!(kinds(&as_leader).contains(&"share_link".to_owned()));
        assert!(actors(&as_leader).contains(&format!("Demo Prosjektleder <{LEADER}>")));
        assert!(!as_leader["people"].as_array().expect("people").is_empty());

        let as_partner = read(Some(session_of(&app, "partner@demo.framdrift.no").await)).await;
        let partner_kinds = kinds(&as_partner);
        assert!(!partner_kinds.is_empty());
        assert!(
            !partner_kinds
                .iter()
                .any(|k| k == "share_link" || k == "membership"),
            "{backend}: {partner_kinds:?}"
        );
        assert!(!as_partner["people"].as_array().expect("people").is_empty());
        let filter_kinds = |page: &serde_json::Value| -> Vec<String> {
            page["kinds"]
                .as_array()
                .expect("kinds")
                .iter()
                .map(|k| k.as_str().unwrap_or_default().to_owned())
                .collect()
        };
        assert!(filter_kinds(&as_leader).contains(&"membership".to_owned()));
        let offered = filter_kinds(&as_partner);
        assert!(offered.contains(&"activity".to_owned()), "{offered:?}");
        assert!(
            !offered
                .iter()
                .any(|k| k == "share_link" || k == "membership"),
            "{backend}: the kind filter offers only what the partner can see: {offered:?}"
        );

        let anonymous = read(None).await;
        assert!(!kinds(&anonymous).is_empty());
        assert!(
            !anonymous.to_string().contains("demo.framdrift.no"),
            "{backend}: no address reaches a reader without an account"
        );
        let named = actors(&anonymous);
        assert!(
            named.contains(&"Demo Prosjektleder".to_owned()),
            "{named:?}"
        );
        assert!(named.iter().all(|a| !a.contains('@')), "{named:?}");
        assert!(anonymous["people"].as_array().expect("people").is_empty());
        test.finish().await;
    }
}

/// Behind a load balancer (`FRAMDRIFT_CLIENT_IP=RightmostXForwardedFor`),
/// failed sign-ins are counted per client as the balancer names it: one
/// client's failures throttle that client, not everyone behind the balancer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_are_throttled_per_client_behind_a_load_balancer() {
    use axum_client_ip::ClientIpSource;
    for test in common::databases().await {
        let db = &test.db;
        setup(db).await;
        let app = server::router_with_client_ip(
            db.clone(),
            LeptosOptions::builder().output_name("framdrift").build(),
            ClientIpSource::RightmostXForwardedFor,
        );
        let attempt = |client: &'static str, email: String, password: &'static str| {
            let app = app.clone();
            async move {
                let body = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs([("email", email.as_str()), ("password", password)])
                    .finish();
                let answer = request(
                    &app,
                    Request::post(rpc_path("sign_in"))
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header(header::ACCEPT, "application/json")
                        // What the client claims comes first; the balancer appends what it saw.
                        .header("x-forwarded-for", format!("10.0.0.2, {client}"))
                        .body(Body::from(body))
                        .expect("request"),
                )
                .await;
                answer.status
            }
        };
        // The balancer appends the address it saw: the rightmost one.
        let limit = app::account::users::MAX_FAILURES_PER_ADDRESS;
        for i in 0..limit {
            let status = attempt("1.1.1.1", format!("nobody{i}@example.no"), "wrong").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", test.backend);
        }
        assert_eq!(
            attempt("1.1.1.1", LEADER.into(), PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: that client is throttled",
            test.backend
        );
        assert_eq!(
            attempt("2.2.2.2", LEADER.into(), PASSWORD).await,
            StatusCode::OK,
            "{}: another client behind the same balancer is not",
            test.backend
        );
        test.finish().await;
    }
}

/// A signed-in write asks the readers' pool once before it writes: the
/// session, its account, the project and the caller's roles in one
/// statement (`access::WriteGate`), as a signed-in read does. They were two,
/// each waiting for a readers' connection behind the reads under load. The
/// check still refuses whom it must, and the write decides again in its
/// transaction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_write_reads_once_before_it_writes() {
    use sea_orm::PaginatorTrait;
    use std::sync::{Arc, Mutex};

    let stored = |db: &sea_orm::DatabaseConnection| {
        let db = db.clone();
        async move {
            app::entities::status_statement::Entity::find()
                .count(&db)
                .await
                .expect("statements")
        }
    };

    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let mut reads = db.clone();
        {
            let seen = seen.clone();
            reads.set_metric_callback(move |info| {
                if let Ok(mut seen) = seen.lock() {
                    seen.push(info.statement.sql.clone());
                }
            });
        }
        let app = server::router_with_pools(
            reads,
            db.clone(),
            LeptosOptions::builder().output_name("framdrift").build(),
            axum_client_ip::ClientIpSource::ConnectInfo,
        );
        let sign_in = |email: &'static str| {
            let app = app.clone();
            async move {
                let answer = call(
                    &app,
                    "sign_in",
                    &[("email", email), ("password", PASSWORD)],
                    None,
                )
                .await;
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
                cookie_pair(&answer.cookie.expect("a session cookie"))
            }
        };
        let leader = sign_in(LEADER).await;
        let partner = sign_in("partner@demo.framdrift.no").await;
        // The statements the readers' pool ran since the last call.
        let reads_of = |seen: &Mutex<Vec<String>>| {
            seen.lock()
                .map(|mut s| std::mem::take(&mut *s))
                .unwrap_or_default()
        };

        reads_of(&seen);
        assert_eq!(leader_write(&app, Some(&leader)).await, StatusCode::CREATED);
        let sql = reads_of(&seen);
        assert_eq!(sql.len(), 1, "{backend}: the leader's write read {sql:#?}");

        let before = stored(db).await;
        assert_eq!(
            leader_write(&app, Some(&partner)).await,
            StatusCode::FORBIDDEN
        );
        let sql = reads_of(&seen);
        assert_eq!(sql.len(), 1, "{backend}: the partner's write read {sql:#?}");
        assert_eq!(
            stored(db).await,
            before,
            "{backend}: nothing written for the partner"
        );

        // Signed out: refused as before, nothing read on the project's behalf.
        assert_eq!(leader_write(&app, None).await, StatusCode::UNAUTHORIZED);
        test.finish().await;
    }
}

/// The access page's two writes that answer with a secret, called as the
/// page calls them: their answers must cross in postcard (the API's
/// `AddedMember` and `CreatedShareLink` flatten a field, which postcard
/// cannot write; the page gets `MemberAdded` and `ShareLinkCreated`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_pages_writes_answer_in_postcard() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = session_of(&app, LEADER).await;

        let email = "ny.person@levanger.kommune.no";
        let added = call(
            &app,
            "add_member",
            &[
                ("project", "interreg-integrering"),
                ("input[email]", email),
                ("input[display_name]", "Ny Person"),
                ("input[role]", "partner"),
            ],
            Some(&leader),
        )
        .await;
        assert_eq!(added.status, StatusCode::OK, "{backend}: {}", added.body);
        let added: app::members::MemberAdded =
            postcard::from_bytes(&added.bytes).expect("postcard");
        assert_eq!(added.email, email);
        assert!(
            added
                .invitation
                .is_some_and(|path| path.starts_with("/welcome/fdl_")),
            "{backend}: an invitation for someone without an account"
        );

        let created = call(
            &app,
            "create_share_link",
            &[
                ("project", "interreg-integrering"),
                ("input[label]", "Styringsgruppen"),
            ],
            Some(&leader),
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::OK,
            "{backend}: {}",
            created.body
        );
        let created: app::sharing::ShareLinkCreated =
            postcard::from_bytes(&created.bytes).expect("postcard");
        assert!(
            created.path.starts_with("/s/fds_"),
            "{backend}: {}",
            created.path
        );
        test.finish().await;
    }
}

/// The links of account `email` still open (not used, not expired).
async fn open_links_of(db: &sea_orm::DatabaseConnection, email: &str) -> usize {
    use app::entities::{one_time_link, user_account};
    use sea_orm::{ColumnTrait, QueryFilter};
    let user = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(email))
        .one(db)
        .await
        .expect("read")
        .expect("the account");
    one_time_link::Entity::find()
        .filter(one_time_link::Column::UserId.eq(user.id))
        .filter(one_time_link::Column::UsedAt.is_null())
        .all(db)
        .await
        .expect("read")
        .into_iter()
        .filter(|link| link.expires_at > chrono::Utc::now())
        .count()
}

/// The stored password hash of account `email`.
async fn password_hash_of(db: &sea_orm::DatabaseConnection, email: &str) -> Option<String> {
    use app::entities::user_account;
    use sea_orm::{ColumnTrait, QueryFilter};
    user_account::Entity::find()
        .filter(user_account::Column::Email.eq(email))
        .one(db)
        .await
        .expect("read")
        .expect("the account")
        .password_hash
}

/// Issue 28, 1: an invitation link sets a first password only. A person
/// invited twice who chose a password with one link cannot be taken over
/// with the other; a leader "adding" someone invited to, or imported into,
/// another project gets no link for them; archiving the role ends the link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_links_cannot_take_over_accounts() {
    use app::exchange::generate;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = common::leader_token(db).await;
        let leader_session = session_of(&app, LEADER).await;

        // Invited twice: once through the API, once through the access page.
        let first = api(
            &app,
            &leader,
            "POST",
            MEMBERS,
            r#"{"email": "to.ganger@example.no", "role": "partner"}"#,
        )
        .await;
        assert_eq!(
            first.status,
            StatusCode::CREATED,
            "{backend}: {}",
            first.body
        );
        let first = json(&first)["invitation"]
            .as_str()
            .expect("a link")
            .trim_start_matches("/welcome/")
            .to_owned();
        let second = call(
            &app,
            "add_member",
            &[
                ("project", "interreg-integrering"),
                ("input[email]", "to.ganger@example.no"),
                ("input[display_name]", ""),
                ("input[role]", "partner"),
            ],
            Some(&leader_session),
        )
        .await;
        assert_eq!(second.status, StatusCode::OK, "{backend}: {}", second.body);
        let second = answer_as::<app::members::MemberAdded>(&second);
        assert_eq!(second["had_account"], true);
        let second = second["invitation"]
            .as_str()
            .expect("a second link: this project's invitation, no password yet")
            .trim_start_matches("/welcome/")
            .to_owned();
        assert_eq!(open_links_of(db, "to.ganger@example.no").await, 2);

        // The person chooses a password with the first: the second is spent.
        let chosen = [
            ("token", first.as_str()),
            ("email", ""),
            ("display_name", "To Ganger"),
            ("password", "mitt eget passord"),
        ];
        let accepted = call(&app, "accept_welcome", &chosen, None).await;
        assert_eq!(
            accepted.status,
            StatusCode::OK,
            "{backend}: {}",
            accepted.body
        );
        assert_eq!(open_links_of(db, "to.ganger@example.no").await, 0);
        let hash = password_hash_of(db, "to.ganger@example.no").await;
        let taken = call(
            &app,
            "accept_welcome",
            &[
                ("token", second.as_str()),
                ("email", ""),
                ("display_name", "Overtatt"),
                ("password", "angriperens passord"),
            ],
            None,
        )
        .await;
        assert_eq!(
            taken.status,
            StatusCode::NOT_FOUND,
            "{backend}: {}",
            taken.body
        );
        assert_eq!(password_hash_of(db, "to.ganger@example.no").await, hash);
        let own = call(
            &app,
            "sign_in",
            &[
                ("email", "to.ganger@example.no"),
                ("password", "mitt eget passord"),
            ],
            None,
        )
        .await;
        assert_eq!(own.status, StatusCode::OK, "{backend}: {}", own.body);
        let own_session = cookie_pair(&own.cookie.expect("a session cookie"));

        // A reset link handed out and an API token made, then the password
        // changed by its owner: neither works any more.
        app::account::links::reset_link(db, "to.ganger@example.no", None)
            .await
            .expect("a reset link");
        assert_eq!(open_links_of(db, "to.ganger@example.no").await, 1);
        let owner = {
            use app::entities::user_account;
            use sea_orm::{ColumnTrait, QueryFilter};
            user_account::Entity::find()
                .filter(user_account::Column::Email.eq("to.ganger@example.no"))
                .one(db)
                .await
                .expect("read")
                .expect("the account")
        };
        let token = app::account::users::create_api_token(db, owner.id, "skript")
            .await
            .expect("a token");
        let with_token = api(&app, &token, "GET", "/api/v1/projects", "").await;
        assert_eq!(with_token.status, StatusCode::OK, "{backend}");
        let changed = call(
            &app,
            "change_password",
            &[
                ("current", "mitt eget passord"),
                ("new", "mitt nye passord"),
            ],
            Some(&own_session),
        )
        .await;
        assert_eq!(
            changed.status,
            StatusCode::OK,
            "{backend}: {}",
            changed.body
        );
        assert_eq!(open_links_of(db, "to.ganger@example.no").await, 0);
        let revoked = api(&app, &token, "GET", "/api/v1/projects", "").await;
        assert_eq!(
            revoked.status,
            StatusCode::UNAUTHORIZED,
            "{backend}: the token is revoked"
        );

        // Added again now that they have a password: a role, and no link.
        let again = api(
            &app,
            &leader,
            "POST",
            MEMBERS,
            r#"{"email": "to.ganger@example.no", "role": "leader"}"#,
        )
        .await;
        assert_eq!(
            again.status,
            StatusCode::CREATED,
            "{backend}: {}",
            again.body
        );
        assert!(json(&again)["invitation"].is_null(), "{}", again.body);

        // Another project: its leader came with its file, another person
        // was invited to it by its own leader; neither has a password.
        let mut file = generate::generate(
            "annen",
            generate::Size {
                activities: 2,
                half_years: 2,
                milestones: 0,
                history: 0,
                sub_projects: 0,
            },
        );
        file.members.push(app::exchange::MemberDoc {
            email: "sjef@annen.example".into(),
            name: "Sjef i Annen".into(),
            role: app::domain::Role::Leader,
            sub_project: None,
            archived_at: None,
        });
        exchange::import(db, &file, ExistingProject::Keep)
            .await
            .expect("import");
        let operator = app::edit::Writer::page(app::identity::Caller::operator());
        let invited = app::members::commands::add_member(
            db,
            &operator,
            "annen",
            app::members::NewMember {
                email: "invitert@annen.example".into(),
                display_name: "Invitert til Annen".into(),
                role: app::domain::Role::Partner,
                sub_project: None,
            },
        )
        .await
        .expect("invited to the other project");
        assert!(invited.invitation.is_some());

        // The demo's leader "adds" both: roles in the demo, no link, and
        // their accounts as they were.
        for email in ["sjef@annen.example", "invitert@annen.example"] {
            let links_before = open_links_of(db, email).await;
            let body = format!(r#"{{"email": "{email}", "role": "partner"}}"#);
            let added = api(&app, &leader, "POST", MEMBERS, &body).await;
            assert_eq!(
                added.status,
                StatusCode::CREATED,
                "{backend}: {}",
                added.body
            );
            let added = json(&added);
            assert!(added["invitation"].is_null(), "{backend}: {email}: {added}");
            assert_eq!(added["had_account"], true);
            assert_eq!(open_links_of(db, email).await, links_before, "{email}");
            assert_eq!(password_hash_of(db, email).await, None, "{email}");
            // Through the access page as well.
            let page = call(
                &app,
                "add_member",
                &[
                    ("project", "interreg-integrering"),
                    ("input[email]", email),
                    ("input[display_name]", ""),
                    ("input[role]", "partner"),
                ],
                Some(&leader_session),
            )
            .await;
            assert_eq!(page.status, StatusCode::OK, "{backend}: {}", page.body);
            assert!(answer_as::<app::members::MemberAdded>(&page)["invitation"].is_null());
            assert_eq!(open_links_of(db, email).await, links_before, "{email}");
        }
        // The invitation of the other project still works for its person.
        let own_link = invited.invitation.expect("link");
        let own_token = own_link.trim_start_matches("/welcome/");
        let welcomed = call(
            &app,
            "accept_welcome",
            &[
                ("token", own_token),
                ("email", ""),
                ("display_name", "Invitert"),
                ("password", "et godt passord her"),
            ],
            None,
        )
        .await;
        assert_eq!(
            welcomed.status,
            StatusCode::OK,
            "{backend}: {}",
            welcomed.body
        );

        // A role taken away ends the invitation that came with it.
        let removed = json(
            &api(
                &app,
                &leader,
                "POST",
                MEMBERS,
                r#"{"email": "fjernet@example.no", "role": "partner"}"#,
            )
            .await,
        );
        assert_eq!(open_links_of(db, "fjernet@example.no").await, 1);
        let key = removed["key"].as_str().expect("key");
        let version = removed["version"].as_i64().expect("version");
        let archived = api(
            &app,
            &leader,
            "POST",
            &format!("{MEMBERS}/{key}/archive"),
            &format!(r#"{{"version": {version}}}"#),
        )
        .await;
        assert!(archived.status.is_success(), "{backend}: {}", archived.body);
        assert_eq!(open_links_of(db, "fjernet@example.no").await, 0);
        test.finish().await;
    }
}

/// Issue 28, 4: a write from someone who may write nothing here — without
/// an account, through a share link, or a partner through the API — is
/// refused without waiting for the edit under way: the project's edit is
/// held open meanwhile, and the refusals still come (a write that queued
/// for its turn would wait until the end of the test's guard).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_of_those_who_may_write_nothing_do_not_queue_for_the_writer() {
    use std::time::Duration;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let link = app::sharing::commands::create_share_link(
            db,
            &app::edit::Writer::page(app::identity::Caller::operator()),
            "interreg-integrering",
            app::sharing::NewShareLink {
                label: "Styringsgruppen".into(),
                last_day: None,
            },
        )
        .await
        .expect("link");
        let opened = get(&app, &link.path, None).await;
        let shared = cookie_pair(&opened.cookie.expect("a session for the link"));
        let partner = session_of(&app, "partner@demo.framdrift.no").await;

        // The leader's edit, under way.
        let held = app::edit::Edit::begin(
            db,
            &app::edit::Writer::page(app::identity::Caller::operator()),
            "interreg-integrering",
            app::access::Action::EditFacts,
            "An edit under way",
        )
        .await
        .expect("an edit");
        for (who, cookie, refused) in [
            ("anonymous", None, StatusCode::UNAUTHORIZED),
            (
                "share link",
                Some(shared.as_str()),
                StatusCode::UNAUTHORIZED,
            ),
            ("partner", Some(partner.as_str()), StatusCode::FORBIDDEN),
        ] {
            let answer = tokio::time::timeout(Duration::from_secs(30), leader_write(&app, cookie))
                .await
                .unwrap_or_else(|_| panic!("{backend}: the {who}'s write waited for the edit"));
            assert_eq!(answer, refused, "{backend}: {who}");
        }
        // Through a page's server function, too. Its path does not name the
        // project, so a partner's rights are read before the turn is taken.
        for (who, cookie, refused) in [
            ("anonymous", None, StatusCode::UNAUTHORIZED),
            ("partner", Some(partner.as_str()), StatusCode::FORBIDDEN),
        ] {
            let page_write = tokio::time::timeout(
                Duration::from_secs(30),
                call(
                    &app,
                    "add_status_statement",
                    &[
                        ("project", "interreg-integrering"),
                        ("input[date]", "2009-09-01"),
                        ("input[status]", "on_track"),
                        ("input[text]", "I rute."),
                    ],
                    cookie,
                ),
            )
            .await
            .unwrap_or_else(|_| panic!("{backend}: the {who}'s page write waited for the edit"));
            assert_eq!(
                page_write.status, refused,
                "{backend}: {who}: {}",
                page_write.body
            );
        }
        drop(held);
        test.finish().await;
    }
}

/// Issue 28, 5: a personal API token reads and writes projects, but cannot
/// make or revoke tokens or change the password: those need a browser
/// session. Nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_token_cannot_manage_tokens_or_the_password() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let token = common::leader_token(db).await;
        let with_token = |name: &'static str, form: &'static [(&'static str, &'static str)]| {
            let app = app.clone();
            let token = token.clone();
            async move {
                let body = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(form)
                    .finish();
                let built = Request::post(rpc_path(name))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "application/json")
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .body(Body::from(body))
                    .expect("request");
                request(&app, built).await
            }
        };
        // The tokens and whether they are revoked (their last use changes).
        let tokens = || async {
            app::entities::api_token::Entity::find()
                .all(db)
                .await
                .expect("tokens")
                .into_iter()
                .map(|t| (t.id, t.label, t.revoked_at))
                .collect::<Vec<_>>()
        };
        let tokens_before = tokens().await;
        for (name, form) in [
            ("new_api_token", &[("label", "mer")][..]),
            ("list_api_tokens", &[][..]),
            ("revoke_api_token", &[("id", "1")][..]),
            (
                "change_password",
                &[("current", PASSWORD), ("new", "et nytt langt passord")][..],
            ),
        ] {
            let answer = with_token(name, form).await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{backend}: {name}: {}",
                answer.body
            );
        }
        assert_eq!(tokens().await, tokens_before, "{backend}");
        // The token still reads and writes, and the password is unchanged.
        assert_eq!(
            api(&app, &token, "GET", "/api/v1/projects", "")
                .await
                .status,
            StatusCode::OK
        );
        session_of(&app, LEADER).await;
        test.finish().await;
    }
}

/// Issue 28, 4: a flood of anonymous writes, API and server functions,
/// sent at once while the leader saves: every one is refused, the leader's
/// save lands, and nothing else is written. (How long the leader's save
/// takes meanwhile is a benchmark, `BENCH_FLOOD=1 scripts/bench-load.sh`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_anonymous_writes_is_refused_while_the_leader_saves() {
    use sea_orm::PaginatorTrait;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = session_of(&app, LEADER).await;
        let statements = || async {
            app::entities::status_statement::Entity::find()
                .count(db)
                .await
                .expect("count")
        };
        let before = statements().await;
        let mut flood = tokio::task::JoinSet::new();
        for i in 0..200 {
            let app = app.clone();
            flood.spawn(async move {
                if i % 2 == 0 {
                    leader_write(&app, None).await
                } else {
                    call(
                        &app,
                        "add_status_statement",
                        &[
                            ("project", "interreg-integrering"),
                            ("input[date]", "2009-09-01"),
                            ("input[status]", "on_track"),
                            ("input[text]", "Flom."),
                        ],
                        None,
                    )
                    .await
                    .status
                }
            });
        }
        let saved = leader_write(&app, Some(&leader)).await;
        let refused = flood.join_all().await;
        assert_eq!(saved, StatusCode::CREATED, "{backend}: the leader's save");
        assert!(
            refused.iter().all(|s| *s == StatusCode::UNAUTHORIZED),
            "{backend}: {refused:?}"
        );
        assert_eq!(statements().await, before + 1, "{backend}");
        test.finish().await;
    }
}

/// Issue 28, 5: changing the password checks the current one under the
/// sign-in's limits: wrong guesses count, and past the limit even the right
/// one is refused (429 with `Retry-After`) and the password stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_changes_are_throttled_like_sign_ins() {
    use app::account::users::MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS;
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let leader = session_of(&app, LEADER).await;
        let hash = password_hash_of(db, LEADER).await;
        let change = |current: &'static str| {
            let app = app.clone();
            let leader = leader.clone();
            async move {
                call(
                    &app,
                    "change_password",
                    &[("current", current), ("new", "et nytt og langt passord")],
                    Some(&leader),
                )
                .await
            }
        };
        for _ in 0..MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS {
            let answer = change("gjetning nummer en").await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{backend}: {}",
                answer.body
            );
        }
        let answer = change(PASSWORD).await;
        assert_eq!(
            answer.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{backend}: {}",
            answer.body
        );
        assert_eq!(password_hash_of(db, LEADER).await, hash, "{backend}");
        // The guesses counted against signing in from there, too.
        let answer = call(
            &app,
            "sign_in",
            &[("email", LEADER), ("password", PASSWORD)],
            None,
        )
        .await;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{backend}");
        test.finish().await;
    }
}

/// The stored session of `cookie` (`framdrift_session=…`).
async fn stored_session(
    db: &sea_orm::DatabaseConnection,
    cookie: &str,
) -> app::entities::session::Model {
    let id = cookie.split_once('=').expect("a cookie pair").1;
    app::entities::session::Entity::find_by_id(app::account::tokens::digest(id))
        .one(db)
        .await
        .expect("query")
        .expect("the session is stored")
}

/// Rewrites a value of the stored session `cookie` (Unix seconds).
async fn set_session_time(db: &sea_orm::DatabaseConnection, cookie: &str, key: &str, at: i64) {
    use sea_orm::{ActiveModelTrait, Set};
    let stored = stored_session(db, cookie).await;
    let mut data: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&stored.data).expect("session data");
    data.insert(key.to_owned(), at.into());
    let mut active: app::entities::session::ActiveModel = stored.into();
    active.data = Set(serde_json::to_string(&data).expect("JSON"));
    active.update(db).await.expect("update");
}

/// Issue 28, 5: a session ends after a week unused and a month in all; a
/// use a day after the last save keeps it another week (no later than the
/// month). Where cookies are `Secure` the cookie is `__Host-` and answers
/// carry HSTS; answers that name people are not to be stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_when_idle_or_old_and_their_answers_are_not_stored() {
    use app::account::caller::{SESSION_SAVED, SESSION_STARTED};
    use app::account::{SESSION_IDLE_DAYS, SESSION_LIFETIME_DAYS};
    use chrono::{Duration, Utc};
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let day = 24 * 3600;

        // A week unused at most: the row says so.
        let leader = session_of(&app, LEADER).await;
        let stored = stored_session(db, &leader).await;
        let idle = stored.expires_at - Utc::now();
        assert!(
            idle <= Duration::days(SESSION_IDLE_DAYS)
                && idle > Duration::days(SESSION_IDLE_DAYS) - Duration::hours(1),
            "{backend}: {idle}"
        );
        // Used within the day: not saved again (no write per request).
        let answer = get(&app, "/api/v1/projects", Some(&leader)).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert!(answer.cookie.is_none(), "{backend}: saved again");
        // Used two days after it was saved: saved again, another week.
        let now = Utc::now().timestamp();
        set_session_time(db, &leader, SESSION_SAVED, now - 2 * day).await;
        set_session_time(db, &leader, SESSION_STARTED, now - 2 * day).await;
        let answer = get(&app, "/api/v1/projects", Some(&leader)).await;
        assert_eq!(answer.status, StatusCode::OK);
        let renewed = answer.cookie.expect("the cookie is renewed");
        // Seven days, less the moment it took to answer.
        assert!(
            renewed.contains("Max-Age=604800") || renewed.contains("Max-Age=604799"),
            "{backend}: {renewed}"
        );
        let stored = stored_session(db, &leader).await;
        assert!(
            stored.expires_at - Utc::now() > Duration::days(SESSION_IDLE_DAYS) - Duration::hours(1),
            "{backend}"
        );
        assert_eq!(leader_write(&app, Some(&leader)).await, StatusCode::CREATED);

        // Near the end of its month: saved again, it still ends with it.
        set_session_time(db, &leader, SESSION_SAVED, now - 2 * day).await;
        set_session_time(
            db,
            &leader,
            SESSION_STARTED,
            now - (SESSION_LIFETIME_DAYS - 1) * day,
        )
        .await;
        let answer = get(&app, "/api/v1/projects", Some(&leader)).await;
        assert!(answer.cookie.is_some(), "{backend}: saved again");
        let left = stored_session(db, &leader).await.expires_at - Utc::now();
        assert!(left <= Duration::days(1), "{backend}: {left}");
        // Past the month: signed out, whatever its row says.
        set_session_time(
            db,
            &leader,
            SESSION_STARTED,
            now - SESSION_LIFETIME_DAYS * day - 60,
        )
        .await;
        assert_eq!(
            leader_write(&app, Some(&leader)).await,
            StatusCode::UNAUTHORIZED
        );
        // A week unused: the row has expired.
        let other = session_of(&app, LEADER).await;
        {
            use sea_orm::{ActiveModelTrait, Set};
            let mut active: app::entities::session::ActiveModel =
                stored_session(db, &other).await.into();
            active.expires_at = Set(Utc::now() - Duration::seconds(1));
            active.update(db).await.expect("update");
        }
        assert_eq!(
            leader_write(&app, Some(&other)).await,
            StatusCode::UNAUTHORIZED
        );

        // Answers naming people are not stored; the project's reads are
        // kept privately and asked for again.
        let leader = session_of(&app, LEADER).await;
        for (uri, expected) in [
            ("/api/v1/projects/interreg-integrering/access", "no-store"),
            ("/account", "no-store"),
            ("/p/interreg-integrering/access", "no-store"),
            ("/p/interreg-integrering/history", "no-store"),
            (
                "/api/v1/projects/interreg-integrering/plan",
                "private, no-cache",
            ),
            ("/p/interreg-integrering/gantt.svg", "private, no-cache"),
        ] {
            let request = Request::get(uri)
                .header(header::COOKIE, &leader)
                .body(Body::empty())
                .expect("request");
            let response = common::respond(&app, request).await;
            assert_eq!(response.status, StatusCode::OK, "{backend}: {uri}");
            assert_eq!(
                response.header(header::CACHE_CONTROL),
                Some(expected),
                "{backend}: {uri}"
            );
            assert!(
                !response
                    .headers
                    .contains_key(header::STRICT_TRANSPORT_SECURITY),
                "{backend}: plain http on loopback"
            );
        }

        // Served beyond loopback, cookies are `Secure`: `__Host-` and HSTS.
        let public = server::router(
            db.clone(),
            LeptosOptions::builder()
                .output_name("framdrift")
                .site_addr(std::net::SocketAddr::from(([0, 0, 0, 0], 3000)))
                .build(),
        );
        let answer = call(
            &public,
            "sign_in",
            &[("email", LEADER), ("password", PASSWORD)],
            None,
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{backend}: {}", answer.body);
        let cookie = answer.cookie.expect("a session cookie");
        assert!(cookie.starts_with("__Host-framdrift_session="), "{cookie}");
        for attribute in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
            assert!(cookie.contains(attribute), "{backend}: {cookie}");
        }
        assert!(!cookie.contains("Domain"), "{cookie}");
        let (_, headers, _) = common::fetch_with(&public, "/", &[]).await;
        assert_eq!(
            headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .and_then(|v| v.to_str().ok()),
            Some("max-age=31536000"),
            "{backend}"
        );
        test.finish().await;
    }
}

async fn account_id(db: &sea_orm::DatabaseConnection, email: &str) -> i32 {
    use sea_orm::{ColumnTrait, QueryFilter};
    app::entities::user_account::Entity::find()
        .filter(app::entities::user_account::Column::Email.eq(email))
        .one(db)
        .await
        .expect("query")
        .expect("the account")
        .id
}

/// The administration page's server functions: an administrator invites a
/// person (a link that works once), disables an account — whose open
/// session and API token are refused on their next request — and enables
/// it again, gives a reset link, and cannot unmake the last administrator
/// or disable themself. Every change is listed with who made it; the
/// accounts show their roles, last sign-in and whether they have a
/// password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_administer_accounts_and_a_disabled_account_is_refused_at_once() {
    const ADMIN: &str = "admin@demo.framdrift.no";
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let admin = session_of(&app, ADMIN).await;
        let leader = session_of(&app, LEADER).await;
        let token = common::leader_token(db).await;
        let leader_id = account_id(db, LEADER).await.to_string();
        let admin_id = account_id(db, ADMIN).await.to_string();
        assert_eq!(
            leader_write(&app, Some(&leader)).await,
            StatusCode::CREATED,
            "{backend}"
        );

        // Invited: an account without a password, and a link.
        let invited = call(
            &app,
            "invite_account",
            &[("email", "ny@example.no"), ("display_name", "Ny Person")],
            Some(&admin),
        )
        .await;
        assert_eq!(
            invited.status,
            StatusCode::OK,
            "{backend}: {}",
            invited.body
        );
        let link: String = postcard::from_bytes(&invited.bytes).expect("a link");
        assert!(link.starts_with("/welcome/"), "{backend}: {link}");

        // Disabled: the open session and the token are refused at once.
        let disabled = call(
            &app,
            "set_account_disabled",
            &[("account", &leader_id), ("disabled", "true")],
            Some(&admin),
        )
        .await;
        assert_eq!(
            disabled.status,
            StatusCode::OK,
            "{backend}: {}",
            disabled.body
        );
        assert_eq!(
            leader_write(&app, Some(&leader)).await,
            StatusCode::UNAUTHORIZED,
            "{backend}: the disabled account's session"
        );
        let answer = api(&app, &token, "GET", "/api/v1/projects/annet", "").await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{backend}: its token"
        );
        let again = call(
            &app,
            "sign_in",
            &[("email", LEADER), ("password", PASSWORD)],
            None,
        )
        .await;
        assert_eq!(
            again.status,
            StatusCode::UNAUTHORIZED,
            "{backend}: no sign-in"
        );
        // No reset link for a disabled account.
        let refused = call(
            &app,
            "create_reset_link",
            &[("account", &leader_id)],
            Some(&admin),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{backend}"
        );

        let enabled = call(
            &app,
            "set_account_disabled",
            &[("account", &leader_id), ("disabled", "false")],
            Some(&admin),
        )
        .await;
        assert_eq!(
            enabled.status,
            StatusCode::OK,
            "{backend}: {}",
            enabled.body
        );
        let leader = session_of(&app, LEADER).await;
        assert_eq!(
            leader_write(&app, Some(&leader)).await,
            StatusCode::CREATED,
            "{backend}"
        );
        let reset = call(
            &app,
            "create_reset_link",
            &[("account", &leader_id)],
            Some(&admin),
        )
        .await;
        assert_eq!(reset.status, StatusCode::OK, "{backend}: {}", reset.body);

        // The last administrator stays one, and nobody disables themself.
        for (name, form) in [
            (
                "set_administrator",
                [("account", admin_id.as_str()), ("admin", "false")],
            ),
            (
                "set_account_disabled",
                [("account", admin_id.as_str()), ("disabled", "true")],
            ),
        ] {
            let answer = call(&app, name, &form, Some(&admin)).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{backend}: {name}"
            );
        }
        let made = call(
            &app,
            "set_administrator",
            &[("account", &leader_id), ("admin", "true")],
            Some(&admin),
        )
        .await;
        assert_eq!(made.status, StatusCode::OK, "{backend}: {}", made.body);
        let unmade = call(
            &app,
            "set_administrator",
            &[("account", &admin_id), ("admin", "false")],
            Some(&admin),
        )
        .await;
        assert_eq!(
            unmade.status,
            StatusCode::OK,
            "{backend}: another administrator remains"
        );

        // What the page shows (the new administrator reads it).
        let page = call(&app, "get_administration", &[], Some(&leader)).await;
        assert_eq!(page.status, StatusCode::OK, "{backend}: {}", page.body);
        let page = answer_as::<app::admin::Administration>(&page);
        let accounts = page["accounts"].as_array().expect("accounts");
        let of = |email: &str| {
            accounts
                .iter()
                .find(|a| a["email"] == email)
                .unwrap_or_else(|| panic!("{backend}: {email} listed"))
                .clone()
        };
        assert_eq!(of("ny@example.no")["has_password"], false, "{backend}");
        assert_eq!(of(LEADER)["has_password"], true, "{backend}");
        assert!(of(LEADER)["last_signed_in_at"].is_string(), "{backend}");
        assert_eq!(
            of(LEADER)["roles"][0]["role"],
            "leader",
            "{backend}: {}",
            of(LEADER)
        );
        let actions: Vec<String> = page["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}",
                    c["action"].as_str().unwrap_or_default(),
                    c["account"].as_str().unwrap_or_default(),
                    c["by"].as_str().unwrap_or_default()
                )
            })
            .collect();
        for expected in [
            "Invited ny@example.no".to_owned(),
            format!("Disabled {LEADER}"),
            format!("Enabled {LEADER}"),
            format!("ResetLink {LEADER}"),
            format!("MadeAdmin {LEADER}"),
            format!("UnmadeAdmin {ADMIN}"),
        ] {
            assert!(
                actions
                    .iter()
                    .any(|a| a.starts_with(&expected) && a.contains(ADMIN)),
                "{backend}: {expected} by the administrator in {actions:?}"
            );
        }
        test.finish().await;
    }
}

/// A person sees the browsers signed in to their account (which, and
/// when) and ends another one: its next request is anonymous, this one's
/// goes on. Another person's session cannot be ended.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_see_and_end_their_own_sessions() {
    for test in common::databases().await {
        let db = &test.db;
        let backend = test.backend;
        setup(db).await;
        let app = router(db);
        let sign_in_with = |browser: &'static str| {
            let app = app.clone();
            async move {
                let body = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs([("email", LEADER), ("password", PASSWORD)])
                    .finish();
                let answer = request(
                    &app,
                    Request::post(rpc_path("sign_in"))
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header(header::USER_AGENT, browser)
                        .body(Body::from(body))
                        .expect("request"),
                )
                .await;
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
                cookie_pair(&answer.cookie.expect("a session cookie"))
            }
        };
        let laptop = sign_in_with("Firefox på bærbar").await;
        let phone = sign_in_with("Safari på telefon").await;
        let partner = session_of(&app, "partner@demo.framdrift.no").await;

        let listed = call(&app, "list_my_sessions", &[], Some(&laptop)).await;
        assert_eq!(listed.status, StatusCode::OK, "{backend}: {}", listed.body);
        let sessions: Vec<app::account::MySession> =
            postcard::from_bytes(&listed.bytes).expect("sessions");
        assert_eq!(sessions.len(), 2, "{backend}: {sessions:?}");
        let this = sessions.iter().find(|s| s.current).expect("this session");
        assert_eq!(this.browser, "Firefox på bærbar", "{backend}");
        assert!(this.signed_in_at.is_some(), "{backend}");
        let other = sessions.iter().find(|s| !s.current).expect("the other");
        assert_eq!(other.browser, "Safari på telefon", "{backend}");

        // Not the partner's to end.
        let refused = call(
            &app,
            "end_my_session",
            &[("handle", other.handle.as_str())],
            Some(&partner),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::NOT_FOUND,
            "{backend}: {}",
            refused.body
        );
        assert_eq!(
            leader_write(&app, Some(&phone)).await,
            StatusCode::CREATED,
            "{backend}"
        );

        let ended = call(
            &app,
            "end_my_session",
            &[("handle", other.handle.as_str())],
            Some(&laptop),
        )
        .await;
        assert_eq!(ended.status, StatusCode::OK, "{backend}: {}", ended.body);
        assert_eq!(
            leader_write(&app, Some(&phone)).await,
            StatusCode::UNAUTHORIZED,
            "{backend}: the ended session"
        );
        assert_eq!(
            leader_write(&app, Some(&laptop)).await,
            StatusCode::CREATED,
            "{backend}"
        );
        test.finish().await;
    }
}
