//! The read-only JSON API under `/api/v1/`, described by the OpenAPI document
//! at `/api/v1/openapi.json`. It answers with the same shapes the pages show.

use axum::extract::{OriginalUri, Path, State};
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::DatabaseConnection;
use utoipa::OpenApi;

use crate::domain::{
    Cadence, Country, MeetingKind, MeetingSeries, Milestone, MilestoneKind, Partner, Period, Plan,
    PlanRow, ProjectOverview, ProjectStatus, ProjectSummary, Schedule, StatusStatement, SubProject,
    SubProjectKind, SubProjectRef,
};
use crate::error::{AppError, ErrorBody, ErrorDetail};
use crate::{plan, project, schedule};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Framdrift API",
        description = "Read-only access to progress plans, milestones and meetings."
    ),
    paths(
        list_projects,
        get_project,
        get_project_plan,
        get_sub_project_plan,
        get_schedule
    ),
    components(schemas(
        ProjectSummary,
        ProjectOverview,
        Period,
        Partner,
        Country,
        SubProject,
        SubProjectKind,
        SubProjectRef,
        StatusStatement,
        ProjectStatus,
        Plan,
        PlanRow,
        Schedule,
        Milestone,
        MilestoneKind,
        MeetingSeries,
        MeetingKind,
        Cadence,
        ErrorBody,
        ErrorDetail
    ))
)]
pub struct ApiDoc;

/// The API's routes, to be nested under `/api/v1`.
pub fn router(db: DatabaseConnection) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/projects", get(list_projects))
        .route("/projects/{key}", get(get_project))
        .route("/projects/{key}/plan", get(get_project_plan))
        .route(
            "/projects/{key}/sub-projects/{sub}/plan",
            get(get_sub_project_plan),
        )
        .route("/projects/{key}/schedule", get(get_schedule))
        .fallback(unknown_route)
        .with_state(db)
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn unknown_route(OriginalUri(uri): OriginalUri) -> AppError {
    AppError::not_found("API route", uri.path())
}

/// Every project, by name.
#[utoipa::path(get, path = "/api/v1/projects", responses(
    (status = 200, body = Vec<ProjectSummary>),
))]
async fn list_projects(
    State(db): State<DatabaseConnection>,
) -> Result<Json<Vec<ProjectSummary>>, AppError> {
    project::queries::list_projects(&db).await.map(Json)
}

/// One project: period, goals, partners, sub-projects and status statements.
#[utoipa::path(get, path = "/api/v1/projects/{key}",
    params(("key" = String, Path, description = "The project's key")),
    responses(
        (status = 200, body = ProjectOverview),
        (status = 404, body = ErrorBody, description = "No project has this key"),
    ))]
async fn get_project(
    State(db): State<DatabaseConnection>,
    Path(key): Path<String>,
) -> Result<Json<ProjectOverview>, AppError> {
    project::queries::load_overview(&db, &key).await.map(Json)
}

/// The project-wide progress plan.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan",
    params(("key" = String, Path, description = "The project's key")),
    responses(
        (status = 200, body = Plan),
        (status = 404, body = ErrorBody, description = "No project has this key"),
    ))]
async fn get_project_plan(
    State(db): State<DatabaseConnection>,
    Path(key): Path<String>,
) -> Result<Json<Plan>, AppError> {
    plan::queries::load_plan(&db, &key, None).await.map(Json)
}

/// The progress plan of one sub-project.
#[utoipa::path(get, path = "/api/v1/projects/{key}/sub-projects/{sub}/plan",
    params(
        ("key" = String, Path, description = "The project's key"),
        ("sub" = String, Path, description = "The sub-project's key"),
    ),
    responses(
        (status = 200, body = Plan),
        (status = 404, body = ErrorBody, description = "No such project or sub-project"),
    ))]
async fn get_sub_project_plan(
    State(db): State<DatabaseConnection>,
    Path((key, sub)): Path<(String, String)>,
) -> Result<Json<Plan>, AppError> {
    plan::queries::load_plan(&db, &key, Some(&sub))
        .await
        .map(Json)
}

/// Milestones, recurring meetings with their dates, and status statements.
#[utoipa::path(get, path = "/api/v1/projects/{key}/schedule",
    params(("key" = String, Path, description = "The project's key")),
    responses(
        (status = 200, body = Schedule),
        (status = 404, body = ErrorBody, description = "No project has this key"),
    ))]
async fn get_schedule(
    State(db): State<DatabaseConnection>,
    Path(key): Path<String>,
) -> Result<Json<Schedule>, AppError> {
    schedule::queries::load_schedule(&db, &key).await.map(Json)
}
