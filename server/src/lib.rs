//! Wiring only: which database, which routes, in what order. Everything the
//! routes do lives in the `app` crate.

// The pages' view types are deep; see docs/traps.md.
#![recursion_limit = "256"]

use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::post;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tower::ServiceExt;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;

use app::account::{caller, store::DbSessionStore};
use app::state::AppState;
use app::{App, shell};
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::{Expiry, SessionManagerLayer};

pub mod assets;
pub mod write_lane;

/// Whether session cookies carry `Secure`: `FRAMDRIFT_SECURE_COOKIES`
/// (true/false), by default unless the server listens on loopback only
/// (plain-http development; browsers treat localhost as secure anyway).
pub fn secure_cookies(options: &LeptosOptions) -> bool {
    match std::env::var("FRAMDRIFT_SECURE_COOKIES").ok().as_deref() {
        Some("true" | "1") => true,
        Some("false" | "0") => false,
        _ => !options.site_addr.ip().is_loopback(),
    }
}

/// The whole HTTP surface: JSON API, server functions, pages, static files;
/// compressed where the browser accepts it (files in `/pkg` are already).
/// Everything but the static files knows its caller: a session (in the
/// database) or an API token (`app::account::caller`).
pub fn router(db: DatabaseConnection, options: LeptosOptions) -> Router {
    let client_ip = app::account::users::client_ip_source().unwrap_or_else(|error| {
        tracing::error!(%error, "the client's address comes from the connection");
        axum_client_ip::ClientIpSource::ConnectInfo
    });
    router_with_client_ip(db, options, client_ip)
}

/// The pages' routes, found by running the app once, once per process.
/// While leptos runs it, every resource that starts loading anywhere in the
/// process waits for ever (a process-wide flag, leptos-rs/leptos#4773): a
/// router built while another renders pages (each test builds its own) once
/// stalled those pages.
fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: LazyLock<Vec<leptos_axum::AxumRouteListing>> =
        LazyLock::new(|| generate_route_list(App));
    ROUTES.clone()
}

/// As [`router`], with the client's address taken from `client_ip`.
pub fn router_with_client_ip(
    db: DatabaseConnection,
    options: LeptosOptions,
    client_ip: axum_client_ip::ClientIpSource,
) -> Router {
    router_with_pools(db.clone(), db, options, client_ip)
}

/// As [`router_with_client_ip`], with the writes (`write_lane::is_write`)
/// served from a pool of their own, `writes`, on the write lane: the
/// server's way (`main`), where that pool's connections were opened on the
/// lane ([`write_lane::connect`]).
pub fn router_with_pools(
    reads: DatabaseConnection,
    writes: DatabaseConnection,
    options: LeptosOptions,
    client_ip: axum_client_ip::ClientIpSource,
) -> Router {
    router_with_state(AppState::new(reads), writes, options, client_ip)
}

/// As [`router_with_pools`], reading with `read_state` — whose kept
/// projects the caller may have made live ([`listen_for_changed_projects`]).
pub fn router_with_state(
    read_state: AppState,
    writes: DatabaseConnection,
    options: LeptosOptions,
    client_ip: axum_client_ip::ClientIpSource,
) -> Router {
    let assets = assets::router(&options.site_root, &options.site_pkg_dir);
    let write_state = read_state.with_db(writes);
    let projects = read_state.projects.clone();
    let read_routes = routes(read_state, &options, client_ip.clone());
    let write_routes = routes(write_state, &options, client_ip);
    let dispatch = tower::service_fn(move |request: Request| {
        let read_routes = read_routes.clone();
        let write_routes = write_routes.clone();
        let projects = projects.clone();
        async move {
            // Anything but a read may have changed a project: what this
            // process keeps of projects goes before the writer is answered,
            // so that its next read sees the change (`app::history::watch`).
            let may_write = !request.method().is_safe();
            let response = if write_lane::in_use() && write_lane::is_write(&request) {
                write_lane::run(write_routes.oneshot(request)).await
            } else {
                read_routes.oneshot(request).await
            };
            if may_write {
                projects.forget_all();
            }
            response
        }
    });

    let router = Router::new()
        .merge(assets)
        .fallback_service(dispatch)
        // For every answer; pages set their own, fuller policy (`app::shell`).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Brotli's default (quality 11) is for files compressed once: on the
        // fly it doubled the time of a plan's JSON. Level 4 compresses a page
        // almost as well in a fraction of the time.
        // Answers under 1 KB (most writes' answers) gain nothing from it and
        // cost an encoder's buffers each; the default is 32 bytes.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(4))
                .compress_when(
                    SizeAbove::new(1024)
                        .and(NotForContentType::GRPC)
                        .and(NotForContentType::IMAGES)
                        .and(NotForContentType::SSE),
                ),
        );
    // Where cookies are `Secure` the site is served over https: browsers
    // are told to come back only that way (not for subdomains: other
    // services of the domain are not ours to decide for).
    if secure_cookies(&options) {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        router
    }
}

/// Keeps projects read by `state` while PostgreSQL tells of their changes,
/// for as long as the state lives (`app::history::watch`); nothing on
/// SQLite.
pub fn listen_for_changed_projects(state: &AppState) {
    let db = state.reads.clone();
    let watch = std::sync::Arc::downgrade(&state.projects);
    tokio::spawn(async move { app::history::watch::listen(&db, watch).await });
}

/// Everything but the static files, served from `state`'s pool.
fn routes(
    state: AppState,
    options: &LeptosOptions,
    client_ip: axum_client_ip::ClientIpSource,
) -> Router {
    let secure = secure_cookies(options);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.reads.clone()))
        .with_name(app::account::session_cookie_name(secure))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(Duration::days(
            app::account::SESSION_IDLE_DAYS,
        )));
    let identify = axum::middleware::from_fn_with_state(state.reads.clone(), caller::identify);
    let pages = Router::new()
        .leptos_routes_with_context(
            options,
            page_routes(),
            {
                let state = state.clone();
                move || {
                    provide_context(state.clone());
                    // The request's nonce (`page_policy`) for the page's
                    // Content-Security-Policy.
                    let nonce = use_context::<axum::http::request::Parts>()
                        .and_then(|parts| parts.extensions.get::<leptos::nonce::Nonce>().cloned());
                    match nonce {
                        Some(nonce) => provide_context(nonce),
                        None => leptos::nonce::provide_nonce(),
                    }
                }
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler_with_context(
            leptos::nonce::provide_nonce,
            shell,
        ))
        .with_state(options.clone())
        .layer(axum::middleware::from_fn(page_policy));

    let rpc = Router::new()
        .route("/rpc/{*fn_name}", post(server_function))
        .route(
            "/s/{token}",
            axum::routing::get(app::sharing::commands::open_share_link),
        )
        .with_state(state.clone());

    let with_caller = Router::new()
        .nest("/api/v1", app::api::router(state.clone()))
        .merge(app::gantt::files::router(state.clone()))
        .merge(app::present::paper::router(state.clone()))
        .merge(app::report::paper::router(state.clone()))
        .merge(app::plan_io::files::router(state.clone()))
        .merge(app::timeline::feed::router(state))
        .merge(rpc)
        .merge(pages)
        .layer(identify)
        .layer(sessions)
        // Pages, server functions and the API name people (members, the
        // history's authors, the signed-in person): no cache keeps them,
        // unless an answer says otherwise (the API's project reads and
        // the chart files: `private, no-cache`, asked again each time).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        // Writes from another site's pages are refused before anything
        // else (Sec-Fetch-Site, else Origin against Host), besides the
        // SameSite cookie; scripts without those headers (API tokens) pass.
        .layer(
            tower_http_csrf::csrf::CsrfLayer::new().with_rejection_response(
                |_: tower_http_csrf::csrf::ProtectionError| {
                    axum::response::IntoResponse::into_response(app::error::AppError::Forbidden)
                },
            ),
        );

    // Exchange files are larger than any other body: their routes have a
    // limit of their own.
    let files = limited(with_caller.clone(), app::project::files::MAX_FILE_BYTES);
    let others = limited(with_caller, app::api::writes::MAX_BODY_BYTES);
    let by_path = tower::service_fn(move |request: Request| {
        let chosen = if app::api::files::takes_files(request.uri().path()) {
            files.clone()
        } else {
            others.clone()
        };
        chosen.oneshot(request)
    });
    Router::new()
        .fallback_service(by_path)
        .layer(axum::middleware::from_fn(server_function_status))
        .layer(client_ip.into_extension())
}

/// `router` refusing bodies over `max` bytes as their length is announced
/// (or, streamed, when they pass it), before a handler reads them.
fn limited(router: Router, max: usize) -> Router {
    router
        .layer(axum::extract::DefaultBodyLimit::max(max))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max))
        .layer(axum::middleware::map_response(
            move |response: axum::response::Response| async move { too_large_as_json(response, max) },
        ))
}

/// Gives each page request a fresh nonce, which the page's scripts carry
/// (`app::shell` sets the policy with it), and makes sure the HTML answer
/// carries its Content-Security-Policy: a page once came without it, and
/// the router's default (`default-src 'none'`) then blocked its own
/// scripts and styles.
async fn page_policy(
    mut request: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let nonce = leptos::nonce::Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if html
        && !response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(value) = HeaderValue::from_str(&app::content_security_policy(&nonce))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The limit layer answers in plain text; clients of the API read errors as
/// JSON, like every other refusal.
fn too_large_as_json(
    response: axum::response::Response,
    limit_bytes: usize,
) -> axum::response::Response {
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if response.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE && !json {
        return app::error::AppError::TooLarge { limit_bytes }.into_response();
    }
    response
}

async fn server_function(
    State(state): State<AppState>,
    request: Request<Body>,
) -> axum::response::Response {
    leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), request)
        .await
        .into_response()
}

/// Server functions are served by the routes Leptos registers for them and
/// by `/rpc/{*fn_name}` above: their error statuses are put right here, for
/// both.
async fn server_function_status(
    request: Request<Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let server_function = request.uri().path().starts_with("/rpc/");
    let response = next.run(request).await;
    if server_function {
        app::error::with_error_status(response).await
    } else {
        response
    }
}
