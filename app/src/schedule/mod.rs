//! Dated things: milestones (gatherings, seminars, reports), recurring
//! meetings and status statements — reading, writing, and the page.

#[cfg(feature = "ssr")]
pub mod commands;
pub mod inputs;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::Schedule;
use crate::domain::{Saved, VersionOnly};
use crate::error::AppError;

pub use inputs::*;
pub use page::{SchedulePage, meeting_kind_label, milestone_kind_label, milestone_status_label};

#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_schedule(project: String, as_of: Option<String>) -> Result<Schedule, AppError> {
    let as_of = crate::domain::AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    let access = state.access(&project).await?;
    let mut schedule = queries::load_schedule(&state.db, &project, as_of).await?;
    schedule.view.access = access;
    Ok(schedule)
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn add_status_statement(
    project: String,
    input: NewStatusStatement,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::add_status_statement(&state.db, &writer, &project, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn save_milestone(
    project: String,
    milestone: Option<String>,
    input: MilestoneInput,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::save_milestone(&state.db, &writer, &project, milestone.as_deref(), input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn archive_milestone(
    project: String,
    milestone: String,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_milestone_archived(&state.db, &writer, &project, &milestone, archived, input)
        .await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn archive_series(
    project: String,
    series: String,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_series_archived(&state.db, &writer, &project, &series, archived, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_meeting_outcome(
    project: String,
    series: String,
    input: OutcomeInput,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_outcome(&state.db, &writer, &project, &series, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn save_series(
    project: String,
    series: Option<String>,
    input: SeriesInput,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::save_series(&state.db, &writer, &project, series.as_deref(), input).await
}
