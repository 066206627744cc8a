//! The API's writes: thin handlers over the same commands the pages call.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use crate::edit::Writer;
use crate::error::{AppError, ErrorBody};
use crate::plan::commands;
use crate::plan::inputs::*;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{key}/activities", post(add_activity))
        .route("/projects/{key}/activities/{activity}/name", put(rename_activity))
        .route("/projects/{key}/activities/{activity}/move", post(move_activity))
        .route("/projects/{key}/activities/{activity}/archive", post(archive_activity))
        .route("/projects/{key}/activities/{activity}/restore", post(restore_activity))
        .route("/projects/{key}/activities/{activity}/planned", put(set_planned_marks))
        .route("/projects/{key}/activities/{activity}/actual", put(set_actual))
        .route("/projects/{key}/activities/{activity}/progress", put(set_activity_progress))
}

/// A JSON body whose errors are JSON too, naming the field where serde can.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(body_error(rejection)),
        }
    }
}

fn body_error(rejection: JsonRejection) -> AppError {
    let text = rejection.body_text();
    // axum says "Failed to deserialize the JSON body into the target type: marks: invalid type …".
    let detail = text
        .split_once("target type: ")
        .map(|(_, rest)| rest)
        .unwrap_or(&text);
    match detail.split_once(": ") {
        Some((field, problem)) if !field.contains(' ') => AppError::invalid(field, problem),
        _ => AppError::invalid("body", detail),
    }
}

fn writer(state: &AppState) -> Writer {
    Writer::api(state.actor())
}

/// Adds an activity to the project-wide plan or a sub-project's plan.
#[utoipa::path(post, path = "/api/v1/projects/{key}/activities",
    params(("key" = String, Path, description = "The project's key")),
    request_body = NewActivity,
    responses(
        (status = 201, body = Saved),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    ))]
pub async fn add_activity(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Body(input): Body<NewActivity>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = commands::add_activity(&state.db, &writer(&state), &key, input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Renames an activity.
#[utoipa::path(put, path = "/api/v1/projects/{key}/activities/{activity}/name",
    params(("key" = String, Path), ("activity" = String, Path, description = "The activity's key")),
    request_body = NewName,
    responses(
        (status = 200, body = Saved), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Changed since the given version"),
        (status = 422, body = ErrorBody),
    ))]
pub async fn rename_activity(
    State(state): State<AppState>,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<NewName>,
) -> Result<Json<Saved>, AppError> {
    commands::rename_activity(&state.db, &writer(&state), &key, &activity, input)
        .await
        .map(Json)
}

/// Moves an activity one place up or down in its plan.
#[utoipa::path(post, path = "/api/v1/projects/{key}/activities/{activity}/move",
    params(("key" = String, Path), ("activity" = String, Path)),
    request_body = Movement,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_activity(
    State(state): State<AppState>,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<Movement>,
) -> Result<Json<Saved>, AppError> {
    commands::move_activity(&state.db, &writer(&state), &key, &activity, input)
        .await
        .map(Json)
}

/// Archives an activity: hidden from the plan, kept in history, restorable.
#[utoipa::path(post, path = "/api/v1/projects/{key}/activities/{activity}/archive",
    params(("key" = String, Path), ("activity" = String, Path)),
    request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn archive_activity(
    State(state): State<AppState>,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    commands::set_archived(&state.db, &writer(&state), &key, &activity, true, input)
        .await
        .map(Json)
}

/// Restores an archived activity.
#[utoipa::path(post, path = "/api/v1/projects/{key}/activities/{activity}/restore",
    params(("key" = String, Path), ("activity" = String, Path)),
    request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn restore_activity(
    State(state): State<AppState>,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    commands::set_archived(&state.db, &writer(&state), &key, &activity, false, input)
        .await
        .map(Json)
}

/// Sets the planned marks (0–6) of one half-year.
#[utoipa::path(put, path = "/api/v1/projects/{key}/activities/{activity}/planned",
    params(("key" = String, Path), ("activity" = String, Path)),
    request_body = PlannedMarks,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_planned_marks(
    State(state): State<AppState>,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<PlannedMarks>,
) -> Result<Json<Saved>, AppError> {
    commands::set_planned_marks(&state.db, &writer(&state), &key, &activity, input)
        .await
        .map(Json)
}

/// Records what actually happened in one half-year: marks, achievement, comment.
#[utoipa::path(put, path = "/api/v1/projects/{key}/activities/{activity}/actual",
    params(("key" = String, Path), ("activity" = String, Path)),
    request_body = ActualProgress,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_actual(
    State(state): State<AppState>,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<ActualProgress>,
) -> Result<Json<Saved>, AppError> {
    commands::set_actual(&state.db, &writer(&state), &key, &activity, input)
        .await
        .map(Json)
}

/// Records an activity's status, percent complete and actual first/last day.
#[utoipa::path(put, path = "/api/v1/projects/{key}/activities/{activity}/progress",
    params(("key" = String, Path), ("activity" = String, Path)),
    request_body = ActivityProgress,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_activity_progress(
    State(state): State<AppState>,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<ActivityProgress>,
) -> Result<Json<Saved>, AppError> {
    commands::set_activity_progress(&state.db, &writer(&state), &key, &activity, input)
        .await
        .map(Json)
}
