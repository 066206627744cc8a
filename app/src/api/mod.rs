//! The JSON API under `/api/v1/`, described by the OpenAPI document at
//! `/api/v1/openapi.json`. Reads answer with the same shapes the pages show
//! and take `as_of`; writes call the same commands as the pages.

pub mod cache;
pub mod files;
pub mod writes;

use axum::extract::{OriginalUri, Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::OpenApi;

use crate::baseline::inputs::NewBaseline;
use crate::domain::{
    Achievement, ActivityStatus, ActualCell, ArchivedRecord, AsOf, Cadence, Country, MeetingKind,
    MeetingOutcome, MeetingSeries, Milestone, MilestoneKind, MilestoneStatus, Partner, Period,
    Plan, PlanRow, ProjectOverview, ProjectStatus, ProjectSummary, Schedule, StatusStatement,
    SubProject, SubProjectKind, SubProjectRef, ViewInfo,
};
use crate::domain::{Baseline, Comparison, ComparisonRow, ComparisonSummary, RowChange};
use crate::error::{AppError, ErrorBody, ErrorDetail};
use crate::identity::Caller;
use crate::plan::inputs::*;
use crate::plan::queries::Rows;
use crate::project::inputs::{NewProject, PartnerInput, ProjectFacts, SubProjectFacts};
use crate::schedule::inputs::{MilestoneInput, NewStatusStatement, OutcomeInput, SeriesInput};
use crate::state::AppState;
use crate::{plan, project, schedule};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Framdrift API",
        description = "Progress plans, actual progress, milestones and meetings. Every read takes `as_of` (a date, meaning the end of that day UTC, or an RFC 3339 time) and answers with what had been recorded by then. Writes carry the version they are based on; a stale one is refused with 409."
    ),
    paths(
        list_projects,
        get_project,
        get_project_plan,
        get_sub_project_plan,
        get_schedule,
        writes::add_activity,
        writes::rename_activity,
        writes::move_activity,
        writes::archive_activity,
        writes::restore_activity,
        writes::set_planned_marks,
        writes::set_actual,
        writes::set_activity_progress,
        writes::create_project,
        writes::save_project_facts,
        writes::set_visibility,
        writes::archive_project,
        writes::restore_project,
        writes::save_sub_project_facts,
        writes::add_partner,
        writes::edit_partner,
        writes::archive_partner,
        writes::restore_partner,
        writes::add_status_statement,
        writes::add_milestone,
        writes::edit_milestone,
        writes::archive_milestone,
        writes::restore_milestone,
        writes::archive_series,
        writes::restore_series,
        writes::add_series,
        writes::edit_series,
        writes::set_outcome,
        writes::save_baseline,
        writes::rename_baseline,
        writes::archive_baseline,
        writes::restore_baseline,
        writes::get_access,
        writes::add_member,
        writes::remove_member,
        writes::create_share_link,
        writes::revoke_share_link,
        crate::plan_io::files::plan_xlsx,
        crate::plan_io::files::plan_csv,
        crate::plan_io::files::plan_txt,
        files::import_project,
        files::merge_project,
        files::export_project,
        list_baselines,
        get_comparison,
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
        ActualCell,
        ArchivedRecord,
        ActivityStatus,
        Achievement,
        Schedule,
        Milestone,
        MilestoneKind,
        MilestoneStatus,
        MeetingSeries,
        MeetingOutcome,
        MeetingKind,
        Cadence,
        ViewInfo,
        NewActivity,
        NewName,
        Movement,
        Direction,
        VersionOnly,
        PlannedMarks,
        ActualProgress,
        ActivityProgress,
        Saved,
        ErrorBody,
        ErrorDetail,
        Baseline,
        Comparison,
        ComparisonRow,
        ComparisonSummary,
        RowChange,
        NewBaseline,
        NewStatusStatement,
        MilestoneInput,
        SeriesInput,
        OutcomeInput,
        NewProject,
        ProjectFacts,
        crate::project::inputs::Visibility,
        SubProjectFacts,
        PartnerInput,
        crate::members::NewMember,
        crate::members::AddedMember,
        crate::members::Member,
        crate::members::AccessOverview,
        crate::sharing::NewShareLink,
        crate::sharing::CreatedShareLink,
        crate::sharing::ShareLinkInfo,
        crate::domain::Role,
        crate::project::files::MergeReport,
        crate::project::files::RecordLine,
        crate::error::FileProblem
    ))
)]
pub struct ApiDoc;

/// The API's routes, to be nested under `/api/v1`.
pub fn router(state: AppState) -> Router {
    // Reads whose answer is the same for every reader who may read: kept
    // per project revision (`cache`) — plans per plan revision, which
    // status statements, milestones and meetings leave as it is.
    let plan_reads = Router::new()
        .route("/projects/{key}/plan", get(get_project_plan))
        .route(
            "/projects/{key}/sub-projects/{sub}/plan",
            get(get_sub_project_plan),
        )
        .route("/projects/{key}/baselines", get(list_baselines))
        .route(
            "/projects/{key}/baselines/{baseline}/comparison",
            get(get_comparison),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state.answers.clone(),
            cache::cached_plan,
        ));
    let project_reads = Router::new()
        .route("/projects/{key}", get(get_project))
        .route("/projects/{key}/schedule", get(get_schedule))
        .route_layer(axum::middleware::from_fn_with_state(
            state.answers.clone(),
            cache::cached,
        ));
    let projects = plan_reads
        .merge(project_reads)
        .merge(writes::routes())
        .route("/projects/{key}/merge", post(files::merge_project))
        .route("/projects/{key}/export", get(files::export_project))
        .route(
            "/projects/{key}/plan.xlsx",
            get(crate::plan_io::files::plan_xlsx),
        )
        .route(
            "/projects/{key}/plan.csv",
            get(crate::plan_io::files::plan_csv),
        )
        .route(
            "/projects/{key}/plan.txt",
            get(crate::plan_io::files::plan_txt),
        )
        // Every route of a project, read or write, first asks whether the
        // caller may read it; writes then ask again for their action.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_read,
        ));
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/projects", get(list_projects).post(writes::create_project))
        .route("/imports", post(files::import_project))
        .merge(projects)
        .fallback(unknown_route)
        .with_state(state)
}

/// `routes` of a project (`/p/{key}/…`), each refused to a caller who may
/// not read the project (`require_read`): the files beside the pages.
pub fn for_readers(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        require_read,
    ))
}

/// Refuses the routes of a project the caller may not read: 401 for the
/// anonymous, 403 for others (`access::readable`).
pub async fn require_read(
    State(state): State<AppState>,
    Path(params): Path<std::collections::HashMap<String, String>>,
    caller: Caller,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Some(key) = params.get("key") else {
        return next.run(request).await;
    };
    // A write's own prefetch serves this check only (`access::WriteGate`).
    let mut caller = caller;
    if let Some(crate::access::WriteGate(read)) = request.extensions_mut().remove() {
        caller.prefetched = Some(read);
    }
    match crate::access::readable_at_revision(&state.reads, Some(&state.projects), &caller, key)
        .await
    {
        Ok((found, grant)) => {
            request.extensions_mut().insert(cache::ReadAt {
                project_id: found.project.id,
                revision: found.revision,
                plan_revision: found.plan_revision,
            });
            // The write may refuse early with these rights (never grant
            // with them: `edit::refuse_early`), however the caller came.
            if caller.prefetched.is_none() {
                caller.prefetched = Some(std::sync::Arc::new(crate::access::Prefetched {
                    key: key.clone(),
                    found,
                    grant,
                }));
            }
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn unknown_route(OriginalUri(uri): OriginalUri) -> AppError {
    AppError::not_found("API route", uri.path())
}

/// `?as_of=2009-03-23` (end of that day, UTC) or `?as_of=2009-03-23T14:02:00Z`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// Show what had been recorded by this date or time; left out: now.
    as_of: Option<String>,
}

impl AsOfQuery {
    fn parse(&self) -> Result<AsOf, AppError> {
        Ok(AsOf::parse_param(self.as_of.as_deref())?)
    }
}

/// Every project, by name.
#[utoipa::path(get, path = "/api/v1/projects", responses(
    (status = 200, body = Vec<ProjectSummary>),
))]
async fn list_projects(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ProjectSummary>>, AppError> {
    project::queries::list_projects(&state.db, &caller)
        .await
        .map(Json)
}

/// One project: period, goals, partners, sub-projects and status statements.
#[utoipa::path(get, path = "/api/v1/projects/{key}",
    params(("key" = String, Path, description = "The project's key"), AsOfQuery),
    responses(
        (status = 200, body = ProjectOverview),
        (status = 400, body = ErrorBody, description = "`as_of` cannot be read"),
        (status = 404, body = ErrorBody, description = "No project has this key (at that time)"),
    ))]
async fn get_project(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<AsOfQuery>,
) -> Result<Json<ProjectOverview>, AppError> {
    project::queries::load_overview(&state.db, &key, query.parse()?)
        .await
        .map(Json)
}

/// The project-wide progress plan, with actual progress.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan",
    params(("key" = String, Path, description = "The project's key"), AsOfQuery),
    responses(
        (status = 200, body = Plan),
        (status = 400, body = ErrorBody, description = "`as_of` cannot be read"),
        (status = 404, body = ErrorBody, description = "No project has this key"),
    ))]
async fn get_project_plan(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<AsOfQuery>,
) -> Result<Json<Plan>, AppError> {
    plan::queries::load_plan(&state.db, &key, None, query.parse()?, Rows::All)
        .await
        .map(Json)
}

/// The progress plan of one sub-project, with actual progress.
#[utoipa::path(get, path = "/api/v1/projects/{key}/sub-projects/{sub}/plan",
    params(
        ("key" = String, Path, description = "The project's key"),
        ("sub" = String, Path, description = "The sub-project's key"),
        AsOfQuery,
    ),
    responses(
        (status = 200, body = Plan),
        (status = 400, body = ErrorBody, description = "`as_of` cannot be read"),
        (status = 404, body = ErrorBody, description = "No such project or sub-project"),
    ))]
async fn get_sub_project_plan(
    State(state): State<AppState>,
    Path((key, sub)): Path<(String, String)>,
    Query(query): Query<AsOfQuery>,
) -> Result<Json<Plan>, AppError> {
    plan::queries::load_plan(&state.db, &key, Some(&sub), query.parse()?, Rows::All)
        .await
        .map(Json)
}

/// Milestones, recurring meetings with their dates, and status statements.
#[utoipa::path(get, path = "/api/v1/projects/{key}/schedule",
    params(("key" = String, Path, description = "The project's key"), AsOfQuery),
    responses(
        (status = 200, body = Schedule),
        (status = 400, body = ErrorBody, description = "`as_of` cannot be read"),
        (status = 404, body = ErrorBody, description = "No project has this key"),
    ))]
async fn get_schedule(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<AsOfQuery>,
) -> Result<Json<Schedule>, AppError> {
    schedule::queries::load_schedule(&state.db, &key, query.parse()?)
        .await
        .map(Json)
}

/// The project's baselines, oldest first.
#[utoipa::path(get, path = "/api/v1/projects/{key}/baselines",
    params(("key" = String, Path, description = "The project's key"), AsOfQuery),
    responses((status = 200, body = Vec<Baseline>), (status = 404, body = ErrorBody)))]
async fn list_baselines(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<AsOfQuery>,
) -> Result<Json<Vec<Baseline>>, AppError> {
    crate::baseline::queries::list_baselines(&state.db, &key, query.parse()?)
        .await
        .map(Json)
}

/// `?sub=` picks a sub-project's plan; without it, the project-wide plan.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComparisonQuery {
    /// A sub-project's key.
    sub: Option<String>,
    /// As for every read: the moment to show.
    as_of: Option<String>,
}

/// A baseline against the current plan and actual progress: per cell
/// baseline / current / actual, and a summary of what changed.
#[utoipa::path(get, path = "/api/v1/projects/{key}/baselines/{baseline}/comparison",
    params(("key" = String, Path), ("baseline" = String, Path), ComparisonQuery),
    responses((status = 200, body = Comparison), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_comparison(
    State(state): State<AppState>,
    Path((key, baseline)): Path<(String, String)>,
    Query(query): Query<ComparisonQuery>,
) -> Result<Json<Comparison>, AppError> {
    let as_of = AsOf::parse_param(query.as_of.as_deref())?;
    crate::baseline::queries::compare(&state.db, &key, &baseline, query.sub.as_deref(), as_of)
        .await
        .map(Json)
}
