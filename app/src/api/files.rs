//! Exchange files through the API: a project created from a file, a file
//! merged onto a project (`?dry_run=true`: what it would change, nothing
//! saved), and a project's export. The body is the file's text (TOML); its
//! problems are answered by line and field (`invalid_file`). These routes
//! take bodies up to [`MAX_FILE_BYTES`] (`server`).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::domain::Saved;
use crate::edit::Writer;
use crate::error::{AppError, ErrorBody};
use crate::exchange::uploads;
use crate::identity::Caller;
use crate::project::files::{MAX_FILE_BYTES, MergeReport};
use crate::state::AppState;

/// The paths whose bodies are files, for the larger body limit.
pub fn takes_files(path: &str) -> bool {
    path == "/api/v1/imports"
        || (path.starts_with("/api/v1/projects/") && path.ends_with("/merge"))
        || path.starts_with(crate::project::files::FILE_PREFIX)
}

fn text_of(body: &Bytes) -> Result<&str, AppError> {
    if body.len() > MAX_FILE_BYTES {
        return Err(AppError::TooLarge {
            limit_bytes: MAX_FILE_BYTES,
        });
    }
    std::str::from_utf8(body).map_err(|error| {
        AppError::invalid(
            "file",
            format!("is not text in UTF-8 (byte {})", error.valid_up_to()),
        )
    })
}

/// Creates the project an exchange file holds, with its history (those who
/// may create projects); the sender becomes its leader. A key another
/// project holds is refused: merge onto it instead.
#[utoipa::path(post, path = "/api/v1/imports",
    request_body(content = String, content_type = "application/toml",
        description = "An exchange file (`server export` writes them)"),
    responses(
        (status = 201, body = Saved, description = "Created; `key` is the project's"),
        (status = 409, body = ErrorBody, description = "Another project has the file's key"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The file's problems, by line and field")))]
pub async fn import_project(
    State(state): State<AppState>,
    writer: Writer,
    body: Bytes,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = uploads::create_from_file(&state.db, &writer, text_of(&body)?).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MergeParams {
    /// Answer what the merge would change, and save nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// A dry run's `based_on`: refused (409) if the project changed since.
    pub based_on: Option<i32>,
}

/// Merges an exchange file of this project onto it, as one change set:
/// changed fields updated, new records added, records the file no longer
/// holds archived. Actual progress the file does not mention is kept.
#[utoipa::path(post, path = "/api/v1/projects/{key}/merge",
    params(("key" = String, Path), MergeParams),
    request_body(content = String, content_type = "application/toml"),
    responses(
        (status = 200, body = MergeReport),
        (status = 409, body = ErrorBody, description = "The project changed since `based_on`"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The file's problems, by line and field")))]
pub async fn merge_project(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Query(params): Query<MergeParams>,
    body: Bytes,
) -> Result<Json<MergeReport>, AppError> {
    let text = text_of(&body)?;
    let report = if params.dry_run {
        uploads::preview_merge(&state.db, &writer, &key, text).await?
    } else {
        uploads::merge_file(&state.db, &writer, &key, text, params.based_on).await?
    };
    Ok(Json(report))
}

/// The project as an exchange file, with its history: members by address,
/// never passwords or share links' secrets. Its leaders only.
#[utoipa::path(get, path = "/api/v1/projects/{key}/export",
    params(("key" = String, Path)),
    responses(
        (status = 200, content_type = "application/toml", body = String),
        (status = 403, body = ErrorBody)))]
pub async fn export_project(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let (project, grant) = state.readable_by(&caller, &key).await?;
    let access = crate::access::project_access(&state.db, &caller, &project, &grant).await?;
    let text = uploads::export_file(&state.db, &access, &key).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{key}.toml\""),
            ),
        ],
        text,
    ))
}
