//! Progress plans: activities as rows, half-years as columns, planned marks
//! and actual progress in the cells — for the whole project and for each
//! sub-project. Reading (`queries`), writing (`commands`), and the page.

#[cfg(feature = "ssr")]
pub mod commands;
pub mod inputs;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::{Plan, PlanWindow};
use crate::error::AppError;

pub use inputs::*;
pub use page::{PlanPage, achievement_label, activity_status_label, half_year_label};

/// The plan of the whole project (`sub_project` none) or of one sub-project,
/// now or as of a date or time, with the rows first on screen; the page asks
/// for the others with [`get_plan_rows`] as they scroll into view.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_plan(
    project: String,
    sub_project: Option<String>,
    as_of: Option<String>,
) -> Result<Plan, AppError> {
    let as_of = crate::domain::AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    let access = state.access(&project).await?;
    let first_rows = queries::Rows::Window {
        first: 0,
        count: crate::window::FIRST_ROWS,
    };
    let mut plan = queries::load_plan(
        &state.db,
        &project,
        sub_project.as_deref(),
        as_of,
        first_rows,
    )
    .await?;
    plan.view.access = access;
    Ok(plan)
}

/// `count` rows of a plan from row `first` on (at most 500).
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_plan_rows(
    project: String,
    sub_project: Option<String>,
    as_of: Option<String>,
    first: usize,
    count: usize,
) -> Result<PlanWindow, AppError> {
    let as_of = crate::domain::AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    state.readable(&project).await?;
    queries::load_plan_rows(
        &state.db,
        &project,
        sub_project.as_deref(),
        as_of,
        first,
        count,
    )
    .await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn add_activity(project: String, input: NewActivity) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::add_activity(&state.db, &writer, &project, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn rename_activity(
    project: String,
    activity: String,
    input: NewName,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::rename_activity(&state.db, &writer, &project, &activity, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn move_activity(
    project: String,
    activity: String,
    input: Movement,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::move_activity(&state.db, &writer, &project, &activity, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn archive_activity(
    project: String,
    activity: String,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_archived(&state.db, &writer, &project, &activity, archived, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_planned_marks(
    project: String,
    activity: String,
    input: PlannedMarks,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_planned_marks(&state.db, &writer, &project, &activity, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_actual(
    project: String,
    activity: String,
    input: ActualProgress,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_actual(&state.db, &writer, &project, &activity, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_activity_progress(
    project: String,
    activity: String,
    input: ActivityProgress,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_activity_progress(&state.db, &writer, &project, &activity, input).await
}
