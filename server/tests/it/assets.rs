//! What a partner on a slow line downloads: assets precompressed and cached
//! for a year, pages and API answers compressed on the fly.

use crate::common;

use http::{HeaderMap, StatusCode, header};
use leptos::prelude::LeptosOptions;

async fn get(app: &axum::Router, uri: &str, encoding: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    common::fetch_with(app, uri, &[(header::ACCEPT_ENCODING, encoding)]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_go_out_precompressed_and_long_cached_pages_compressed() {
    let site = tempfile::tempdir().expect("site");
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).expect("pkg");
    let wasm = b"\0asm".repeat(20_000);
    std::fs::write(pkg.join("framdrift.0a1b2c.wasm"), &wasm).expect("wasm");
    let written = server::assets::precompress(&pkg).expect("precompress");
    assert_eq!(written.len(), 2);

    let (db, _dir) = common::empty_sqlite().await;
    common::migration_up(&db).await;
    app::exchange::load_demo(&db, app::exchange::ExistingProject::Keep)
        .await
        .expect("demo");
    let options = LeptosOptions::builder()
        .output_name("framdrift")
        .site_root(site.path().to_string_lossy().to_string())
        .build();
    let app = server::router(db, options);

    let uri = "/pkg/framdrift.0a1b2c.wasm";
    let (status, headers, body) = get(&app, uri, "gzip, deflate, br").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(body.len() < wasm.len() / 20, "{} bytes", body.len());
    let (_, headers, _) = get(&app, uri, "gzip").await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    let (_, headers, body) = get(&app, uri, "identity").await;
    assert!(!headers.contains_key(header::CONTENT_ENCODING));
    assert_eq!(body, wasm);
    let (status, _, _) = get(&app, "/pkg/none.wasm", "br").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Pages and the API, compressed as they are made.
    for uri in [
        "/p/interreg-integrering/gantt",
        "/api/v1/projects/interreg-integrering/plan",
        "/p/interreg-integrering/gantt.svg",
    ] {
        let (status, headers, _) = get(&app, uri, "gzip, br").await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(headers[header::CONTENT_ENCODING], "br", "{uri}");
        if uri.starts_with("/api/") {
            // Kept per revision (`app::api::cache`): asked again each time,
            // answered 304 while the tag holds; never in a shared cache.
            assert_eq!(headers[header::CACHE_CONTROL], "private, no-cache");
            assert!(headers.contains_key(header::ETAG), "{uri}");
        } else if uri.ends_with(".svg") {
            assert_eq!(headers[header::CACHE_CONTROL], "private, no-cache");
        } else {
            // Pages may name people: kept by no cache.
            assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{uri}");
        }
    }

    // Answers under 1 KB (a write's, a refusal) go out as they are.
    let (status, headers, body) =
        get(&app, "/api/v1/projects/no-such-project/plan", "gzip, br").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.len() < 1024, "{} bytes", body.len());
    assert!(!headers.contains_key(header::CONTENT_ENCODING));
}
