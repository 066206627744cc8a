//! The API's writes: thin handlers over the same commands the pages call.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use crate::baseline::commands as baselines;
use crate::baseline::inputs::NewBaseline;
use crate::edit::Writer;
use crate::error::{AppError, ErrorBody};
use crate::members::{AccessOverview, AddedMember, NewMember};
use crate::plan::commands;
use crate::plan::inputs::*;
use crate::project::commands as facts;
use crate::project::inputs::{NewProject, PartnerInput, ProjectFacts, SubProjectFacts, Visibility};
use crate::schedule::commands as schedule;
use crate::schedule::inputs::*;
use crate::sharing::{CreatedShareLink, NewShareLink};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{key}/activities", post(add_activity))
        .route(
            "/projects/{key}/activities/{activity}/name",
            put(rename_activity),
        )
        .route(
            "/projects/{key}/activities/{activity}/move",
            post(move_activity),
        )
        .route(
            "/projects/{key}/activities/{activity}/archive",
            post(archive_activity),
        )
        .route(
            "/projects/{key}/activities/{activity}/restore",
            post(restore_activity),
        )
        .route(
            "/projects/{key}/activities/{activity}/planned",
            put(set_planned_marks),
        )
        .route(
            "/projects/{key}/activities/{activity}/actual",
            put(set_actual),
        )
        .route(
            "/projects/{key}/activities/{activity}/progress",
            put(set_activity_progress),
        )
        .route("/projects/{key}/facts", put(save_project_facts))
        .route("/projects/{key}/visibility", put(set_visibility))
        .route("/projects/{key}/archive", post(archive_project))
        .route("/projects/{key}/restore", post(restore_project))
        .route(
            "/projects/{key}/sub-projects/{sub}/facts",
            put(save_sub_project_facts),
        )
        .route("/projects/{key}/partners", post(add_partner))
        .route("/projects/{key}/partners/{partner}", put(edit_partner))
        .route(
            "/projects/{key}/partners/{partner}/archive",
            post(archive_partner),
        )
        .route(
            "/projects/{key}/partners/{partner}/restore",
            post(restore_partner),
        )
        .route(
            "/projects/{key}/status-statements",
            post(add_status_statement),
        )
        .route("/projects/{key}/milestones", post(add_milestone))
        .route(
            "/projects/{key}/milestones/{milestone}",
            put(edit_milestone),
        )
        .route(
            "/projects/{key}/milestones/{milestone}/archive",
            post(archive_milestone),
        )
        .route(
            "/projects/{key}/milestones/{milestone}/restore",
            post(restore_milestone),
        )
        .route("/projects/{key}/meeting-series", post(add_series))
        .route("/projects/{key}/meeting-series/{series}", put(edit_series))
        .route(
            "/projects/{key}/meeting-series/{series}/archive",
            post(archive_series),
        )
        .route(
            "/projects/{key}/meeting-series/{series}/restore",
            post(restore_series),
        )
        .route(
            "/projects/{key}/meeting-series/{series}/meetings",
            put(set_outcome),
        )
        .route("/projects/{key}/baselines", post(save_baseline))
        .route(
            "/projects/{key}/baselines/{baseline}/name",
            put(rename_baseline),
        )
        .route(
            "/projects/{key}/baselines/{baseline}/archive",
            post(archive_baseline),
        )
        .route(
            "/projects/{key}/baselines/{baseline}/restore",
            post(restore_baseline),
        )
        .route("/projects/{key}/access", get(get_access))
        .route("/projects/{key}/members", post(add_member))
        .route(
            "/projects/{key}/members/{member}/archive",
            post(remove_member),
        )
        .route("/projects/{key}/share-links", post(create_share_link))
        .route(
            "/projects/{key}/share-links/{link}/revoke",
            post(revoke_share_link),
        )
}

/// The largest request body the server reads (`server` applies it to every
/// route); the largest write, a long name or comment, is far below it.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// A JSON body whose errors are JSON too, naming the field where serde can.
/// A field the input does not have is refused, not ignored: a misspelt
/// `"percent_complet"` must not pass as a write that changed nothing.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + serde::Serialize> FromRequest<S> for Body<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(raw) = Json::<serde_json::Value>::from_request(request, state)
            .await
            .map_err(body_error)?;
        let Json(value) = Json::<T>::from_bytes(raw.to_string().as_bytes()).map_err(body_error)?;
        let known =
            serde_json::to_value(&value).map_err(|e| AppError::invalid("body", e.to_string()))?;
        if let Some(field) = unknown_field(&raw, &known, "") {
            return Err(AppError::invalid(field, "is not a field of this request"));
        }
        Ok(Body(value))
    }
}

/// The first field of `sent` that the input, written back as `known`, lacks.
fn unknown_field(sent: &serde_json::Value, known: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (sent, known) {
        (Value::Object(sent), Value::Object(known)) => sent.iter().find_map(|(name, value)| {
            let path = if at.is_empty() {
                name.clone()
            } else {
                format!("{at}.{name}")
            };
            match known.get(name) {
                None => Some(path),
                Some(inner) => unknown_field(value, inner, &path),
            }
        }),
        (Value::Array(sent), Value::Array(known)) => sent
            .iter()
            .zip(known)
            .enumerate()
            .find_map(|(i, (s, k))| unknown_field(s, k, &format!("{at}[{i}]"))),
        _ => None,
    }
}

fn body_error(rejection: JsonRejection) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::TooLarge {
            limit_bytes: MAX_BODY_BYTES,
        };
    }
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
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<NewActivity>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = commands::add_activity(&state.db, &writer, &key, input).await?;
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
    writer: Writer,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<NewName>,
) -> Result<Json<Saved>, AppError> {
    commands::rename_activity(&state.db, &writer, &key, &activity, input)
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
    writer: Writer,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<Movement>,
) -> Result<Json<Saved>, AppError> {
    commands::move_activity(&state.db, &writer, &key, &activity, input)
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
    writer: Writer,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    commands::set_archived(&state.db, &writer, &key, &activity, true, input)
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
    writer: Writer,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    commands::set_archived(&state.db, &writer, &key, &activity, false, input)
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
    writer: Writer,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<PlannedMarks>,
) -> Result<Json<Saved>, AppError> {
    commands::set_planned_marks(&state.db, &writer, &key, &activity, input)
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
    writer: Writer,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<ActualProgress>,
) -> Result<Json<Saved>, AppError> {
    commands::set_actual(&state.db, &writer, &key, &activity, input)
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
    writer: Writer,
    Path((key, activity)): Path<(String, String)>,
    Body(input): Body<ActivityProgress>,
) -> Result<Json<Saved>, AppError> {
    commands::set_activity_progress(&state.db, &writer, &key, &activity, input)
        .await
        .map(Json)
}

/// Adds a dated status statement ("Status 23.03.09: according to plan").
#[utoipa::path(post, path = "/api/v1/projects/{key}/status-statements",
    params(("key" = String, Path)), request_body = NewStatusStatement,
    responses((status = 201, body = Saved), (status = 422, body = ErrorBody)))]
pub async fn add_status_statement(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<NewStatusStatement>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = schedule::add_status_statement(&state.db, &writer, &key, input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Adds a milestone.
#[utoipa::path(post, path = "/api/v1/projects/{key}/milestones",
    params(("key" = String, Path)), request_body = MilestoneInput,
    responses((status = 201, body = Saved), (status = 422, body = ErrorBody)))]
pub async fn add_milestone(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<MilestoneInput>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = schedule::save_milestone(&state.db, &writer, &key, None, input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Changes a milestone: moved, held (actual days) or cancelled.
#[utoipa::path(put, path = "/api/v1/projects/{key}/milestones/{milestone}",
    params(("key" = String, Path), ("milestone" = String, Path)), request_body = MilestoneInput,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_milestone(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, milestone)): Path<(String, String)>,
    Body(input): Body<MilestoneInput>,
) -> Result<Json<Saved>, AppError> {
    schedule::save_milestone(&state.db, &writer, &key, Some(&milestone), input)
        .await
        .map(Json)
}

/// Archives a milestone.
#[utoipa::path(post, path = "/api/v1/projects/{key}/milestones/{milestone}/archive",
    params(("key" = String, Path), ("milestone" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn archive_milestone(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, milestone)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    schedule::set_milestone_archived(&state.db, &writer, &key, &milestone, true, input)
        .await
        .map(Json)
}

/// Archives a meeting series: its meetings leave the schedule, their
/// outcomes are kept.
#[utoipa::path(post, path = "/api/v1/projects/{key}/meeting-series/{series}/archive",
    params(("key" = String, Path), ("series" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn archive_series(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, series)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    schedule::set_series_archived(&state.db, &writer, &key, &series, true, input)
        .await
        .map(Json)
}

/// Restores an archived meeting series.
#[utoipa::path(post, path = "/api/v1/projects/{key}/meeting-series/{series}/restore",
    params(("key" = String, Path), ("series" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn restore_series(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, series)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    schedule::set_series_archived(&state.db, &writer, &key, &series, false, input)
        .await
        .map(Json)
}

/// Restores an archived milestone.
#[utoipa::path(post, path = "/api/v1/projects/{key}/milestones/{milestone}/restore",
    params(("key" = String, Path), ("milestone" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn restore_milestone(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, milestone)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    schedule::set_milestone_archived(&state.db, &writer, &key, &milestone, false, input)
        .await
        .map(Json)
}

/// Adds a meeting series.
#[utoipa::path(post, path = "/api/v1/projects/{key}/meeting-series",
    params(("key" = String, Path)), request_body = SeriesInput,
    responses((status = 201, body = Saved), (status = 422, body = ErrorBody)))]
pub async fn add_series(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<SeriesInput>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = schedule::save_series(&state.db, &writer, &key, None, input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Changes a meeting series.
#[utoipa::path(put, path = "/api/v1/projects/{key}/meeting-series/{series}",
    params(("key" = String, Path), ("series" = String, Path)), request_body = SeriesInput,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_series(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, series)): Path<(String, String)>,
    Body(input): Body<SeriesInput>,
) -> Result<Json<Saved>, AppError> {
    schedule::save_series(&state.db, &writer, &key, Some(&series), input)
        .await
        .map(Json)
}

/// Records whether one meeting of a series was held.
#[utoipa::path(put, path = "/api/v1/projects/{key}/meeting-series/{series}/meetings",
    params(("key" = String, Path), ("series" = String, Path)), request_body = OutcomeInput,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_outcome(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, series)): Path<(String, String)>,
    Body(input): Body<OutcomeInput>,
) -> Result<Json<Saved>, AppError> {
    schedule::set_outcome(&state.db, &writer, &key, &series, input)
        .await
        .map(Json)
}

/// Saves the current plan as a named, dated baseline.
#[utoipa::path(post, path = "/api/v1/projects/{key}/baselines",
    params(("key" = String, Path)), request_body = NewBaseline,
    responses((status = 201, body = Saved), (status = 422, body = ErrorBody)))]
pub async fn save_baseline(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<NewBaseline>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = baselines::save_baseline(&state.db, &writer, &key, input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Renames a baseline.
#[utoipa::path(put, path = "/api/v1/projects/{key}/baselines/{baseline}/name",
    params(("key" = String, Path), ("baseline" = String, Path)), request_body = NewName,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rename_baseline(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, baseline)): Path<(String, String)>,
    Body(input): Body<NewName>,
) -> Result<Json<Saved>, AppError> {
    baselines::rename_baseline(&state.db, &writer, &key, &baseline, input)
        .await
        .map(Json)
}

/// Archives a baseline.
#[utoipa::path(post, path = "/api/v1/projects/{key}/baselines/{baseline}/archive",
    params(("key" = String, Path), ("baseline" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn archive_baseline(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, baseline)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    baselines::set_baseline_archived(&state.db, &writer, &key, &baseline, true, input)
        .await
        .map(Json)
}

/// Restores an archived baseline.
#[utoipa::path(post, path = "/api/v1/projects/{key}/baselines/{baseline}/restore",
    params(("key" = String, Path), ("baseline" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn restore_baseline(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, baseline)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    baselines::set_baseline_archived(&state.db, &writer, &key, &baseline, false, input)
        .await
        .map(Json)
}

/// Creates a project (administrators); its creator becomes its leader. A
/// key another project holds answers 409, naming the field `key`.
#[utoipa::path(post, path = "/api/v1/projects", request_body = NewProject,
    responses((status = 201, body = Saved), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_project(
    State(state): State<AppState>,
    writer: Writer,
    Body(input): Body<NewProject>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = facts::create_project(&state.db, &writer, input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Makes the project public (anyone may read it) or private (its members
/// and share links); its leaders. Every server process answers by the new
/// setting from the next request on.
#[utoipa::path(put, path = "/api/v1/projects/{key}/visibility",
    params(("key" = String, Path)), request_body = Visibility,
    responses((status = 200, body = Saved), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_visibility(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<Visibility>,
) -> Result<Json<Saved>, AppError> {
    facts::set_visibility(&state.db, &writer, &key, input)
        .await
        .map(Json)
}

/// Archives a finished project (administrators): it leaves the project
/// list of everyone but its members and administrators, and stays readable.
#[utoipa::path(post, path = "/api/v1/projects/{key}/archive",
    params(("key" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn archive_project(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    facts::set_project_archived(&state.db, &writer, &key, true, input)
        .await
        .map(Json)
}

/// Restores an archived project (administrators).
#[utoipa::path(post, path = "/api/v1/projects/{key}/restore",
    params(("key" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn restore_project(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    facts::set_project_archived(&state.db, &writer, &key, false, input)
        .await
        .map(Json)
}

/// Changes the project's name, period, goals and texts. A period that would
/// leave marks outside it is refused with the cells listed.
#[utoipa::path(put, path = "/api/v1/projects/{key}/facts",
    params(("key" = String, Path)), request_body = ProjectFacts,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_project_facts(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<ProjectFacts>,
) -> Result<Json<Saved>, AppError> {
    facts::save_project_facts(&state.db, &writer, &key, input)
        .await
        .map(Json)
}

/// Changes a sub-project's name, kind, lead partner, period, goals and texts.
#[utoipa::path(put, path = "/api/v1/projects/{key}/sub-projects/{sub}/facts",
    params(("key" = String, Path), ("sub" = String, Path)), request_body = SubProjectFacts,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn save_sub_project_facts(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, sub)): Path<(String, String)>,
    Body(input): Body<SubProjectFacts>,
) -> Result<Json<Saved>, AppError> {
    facts::save_sub_project_facts(&state.db, &writer, &key, &sub, input)
        .await
        .map(Json)
}

/// Adds a partner.
#[utoipa::path(post, path = "/api/v1/projects/{key}/partners",
    params(("key" = String, Path)), request_body = PartnerInput,
    responses((status = 201, body = Saved), (status = 422, body = ErrorBody)))]
pub async fn add_partner(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<PartnerInput>,
) -> Result<(StatusCode, Json<Saved>), AppError> {
    let saved = facts::save_partner(&state.db, &writer, &key, None, input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Changes a partner.
#[utoipa::path(put, path = "/api/v1/projects/{key}/partners/{partner}",
    params(("key" = String, Path), ("partner" = String, Path)), request_body = PartnerInput,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_partner(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, partner)): Path<(String, String)>,
    Body(input): Body<PartnerInput>,
) -> Result<Json<Saved>, AppError> {
    facts::save_partner(&state.db, &writer, &key, Some(&partner), input)
        .await
        .map(Json)
}

/// Archives a partner.
#[utoipa::path(post, path = "/api/v1/projects/{key}/partners/{partner}/archive",
    params(("key" = String, Path), ("partner" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn archive_partner(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, partner)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    facts::set_partner_archived(&state.db, &writer, &key, &partner, true, input)
        .await
        .map(Json)
}

/// Restores an archived partner.
#[utoipa::path(post, path = "/api/v1/projects/{key}/partners/{partner}/restore",
    params(("key" = String, Path), ("partner" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody)))]
pub async fn restore_partner(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, partner)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    facts::set_partner_archived(&state.db, &writer, &key, &partner, false, input)
        .await
        .map(Json)
}

/// Who has which role in the project, and its share links (leaders only).
#[utoipa::path(get, path = "/api/v1/projects/{key}/access",
    params(("key" = String, Path)),
    responses((status = 200, body = AccessOverview), (status = 403, body = ErrorBody)))]
pub async fn get_access(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
) -> Result<Json<AccessOverview>, AppError> {
    crate::members::queries::overview(&state.db, &writer.caller, &key)
        .await
        .map(Json)
}

/// Gives a person a role; someone without an account gets one and an
/// invitation link (in the answer, only this once).
#[utoipa::path(post, path = "/api/v1/projects/{key}/members",
    params(("key" = String, Path)), request_body = NewMember,
    responses((status = 201, body = AddedMember), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_member(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<NewMember>,
) -> Result<(StatusCode, Json<AddedMember>), AppError> {
    let added = crate::members::commands::add_member(&state.db, &writer, &key, input).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

/// Takes a role away; the history keeps who held it when.
#[utoipa::path(post, path = "/api/v1/projects/{key}/members/{member}/archive",
    params(("key" = String, Path), ("member" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remove_member(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, member)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    crate::members::commands::remove_member(&state.db, &writer, &key, &member, input)
        .await
        .map(Json)
}

/// Creates a read-only share link; its path is in the answer only this once.
#[utoipa::path(post, path = "/api/v1/projects/{key}/share-links",
    params(("key" = String, Path)), request_body = NewShareLink,
    responses((status = 201, body = CreatedShareLink), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_share_link(
    State(state): State<AppState>,
    writer: Writer,
    Path(key): Path<String>,
    Body(input): Body<NewShareLink>,
) -> Result<(StatusCode, Json<CreatedShareLink>), AppError> {
    let created =
        crate::sharing::commands::create_share_link(&state.db, &writer, &key, input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Revokes a share link: it stops working at once.
#[utoipa::path(post, path = "/api/v1/projects/{key}/share-links/{link}/revoke",
    params(("key" = String, Path), ("link" = String, Path)), request_body = VersionOnly,
    responses((status = 200, body = Saved), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke_share_link(
    State(state): State<AppState>,
    writer: Writer,
    Path((key, link)): Path<(String, String)>,
    Body(input): Body<VersionOnly>,
) -> Result<Json<Saved>, AppError> {
    crate::sharing::commands::revoke_share_link(&state.db, &writer, &key, &link, input)
        .await
        .map(Json)
}
