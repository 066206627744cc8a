//! The built assets (`/pkg`: wasm, JavaScript, CSS): served precompressed
//! and cached for a year — cargo-leptos names them by their content
//! (`hash-files` in Cargo.toml), so a new build is a new name.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Files worth compressing: text and wasm, not images already compressed.
const COMPRESSIBLE: [&str; 4] = ["wasm", "js", "css", "svg"];

/// `/pkg/…` from `site_root/pkg`, answering with `.br` or `.gz` siblings
/// where the browser accepts them and they exist.
pub fn router(site_root: &str, pkg_dir: &str) -> Router {
    let dir = Path::new(site_root).join(pkg_dir);
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    Router::new()
        .nest_service(&format!("/{pkg_dir}"), files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
}

/// Writes `FILE.gz` and `FILE.br` beside every compressible file of `dir`
/// that has none newer than itself; until they exist the files go out as
/// they are. Brotli at its best takes seconds for the wasm bundle: run this
/// off the request path.
pub fn precompress(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        let content = std::fs::read(&path)?;
        for (extension, compress) in [
            ("gz", gzip as fn(&[u8]) -> std::io::Result<Vec<u8>>),
            ("br", brotli),
        ] {
            let target = PathBuf::from(format!("{}.{extension}", path.display()));
            let fresh = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= modified);
            if fresh {
                continue;
            }
            // Written aside and renamed, so no request sees half a file.
            let partial = PathBuf::from(format!("{}.partial", target.display()));
            std::fs::write(&partial, compress(&content)?)?;
            std::fs::rename(&partial, &target)?;
            written.push(target);
        }
    }
    Ok(written)
}

fn gzip(content: &[u8]) -> std::io::Result<Vec<u8>> {
    app::compress::gzip(content, 9)
}

fn brotli(content: &[u8]) -> std::io::Result<Vec<u8>> {
    app::compress::brotli(content, 11)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressible_files_get_compressed_siblings_once() {
        let dir = tempfile::tempdir().expect("dir");
        let text = "Framdriftsplan ".repeat(1000);
        std::fs::write(dir.path().join("app.abc123.js"), &text).expect("js");
        std::fs::write(dir.path().join("logo.png"), [0u8; 64]).expect("png");
        let written = precompress(dir.path()).expect("precompress");
        assert_eq!(written.len(), 2, "{written:?}");
        let gz = std::fs::read(dir.path().join("app.abc123.js.gz")).expect("gz");
        assert!(gz.len() < text.len() / 10);
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked)
            .expect("gunzip");
        assert_eq!(unpacked, text);
        let br = std::fs::read(dir.path().join("app.abc123.js.br")).expect("br");
        let mut unpacked = Vec::new();
        ::brotli::BrotliDecompress(&mut &br[..], &mut unpacked).expect("unbrotli");
        assert_eq!(unpacked, text.as_bytes());
        assert!(!dir.path().join("logo.png.gz").exists());
        assert_eq!(
            precompress(dir.path()).expect("again"),
            Vec::<PathBuf>::new()
        );
    }
}
