//! Baselines: named, dated copies of the plan to compare the current plan
//! and actual progress against ("Godkjent plan 2008-12").

#[cfg(feature = "ssr")]
pub mod commands;
pub mod inputs;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::{Baseline, Comparison};
use crate::domain::{NewName, Saved, VersionOnly};
use crate::error::AppError;

pub use inputs::NewBaseline;
pub use page::{BaselinesPage, ComparisonPage};

#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_baselines(
    project: String,
    as_of: Option<String>,
) -> Result<Vec<Baseline>, AppError> {
    let as_of = crate::domain::AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    state.readable(&project).await?;
    queries::list_baselines(&state.db, &project, as_of).await
}

#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_comparison(
    project: String,
    baseline: String,
    sub_project: Option<String>,
    as_of: Option<String>,
) -> Result<Comparison, AppError> {
    let as_of = crate::domain::AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    state.readable(&project).await?;
    queries::compare(
        &state.db,
        &project,
        &baseline,
        sub_project.as_deref(),
        as_of,
    )
    .await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn save_baseline(project: String, input: NewBaseline) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::save_baseline(&state.db, &writer, &project, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn rename_baseline(
    project: String,
    baseline: String,
    input: NewName,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::rename_baseline(&state.db, &writer, &project, &baseline, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn archive_baseline(
    project: String,
    baseline: String,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_baseline_archived(&state.db, &writer, &project, &baseline, archived, input).await
}
