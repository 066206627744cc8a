//! The project as a whole: the list of projects and one project's overview.

#[cfg(feature = "ssr")]
pub mod commands;
pub mod files;
pub mod inputs;
mod new;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::{ProjectOverview, ProjectSummary};
use crate::error::AppError;

pub use new::NewProjectPage;
pub use page::{OverviewPage, ProjectListPage, ProjectNav, status_label, use_project_key};

#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn list_projects() -> Result<Vec<ProjectSummary>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = crate::identity::Caller::from_context();
    queries::list_projects(&state.db, &caller).await
}

/// `as_of`: a date or time to show the project as it stood then; none for now.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_project_overview(
    key: String,
    as_of: Option<String>,
) -> Result<ProjectOverview, AppError> {
    let as_of = crate::domain::AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    let access = state.access(&key).await?;
    let mut overview = queries::load_overview(&state.db, &key, as_of).await?;
    overview.view.access = access;
    Ok(overview)
}

/// Whether no project holds `key` yet, for the new-project form to say so
/// as the key is typed (those who may create projects).
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn project_key_free(key: String) -> Result<bool, AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = crate::identity::Caller::from_context();
    crate::access::may_create_projects(&state.db, &caller).await?;
    queries::key_free(&state.db, key.trim()).await
}

/// Whether the caller may create projects (the installation's setting).
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn may_create_projects() -> Result<bool, AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = crate::identity::Caller::from_context();
    Ok(crate::access::may_create_projects(&state.db, &caller)
        .await
        .is_ok())
}

/// Creates a project (administrators); its creator becomes its leader.
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn create_project(input: inputs::NewProject) -> Result<crate::domain::Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::create_project(&state.db, &writer, input).await
}

/// Archives a finished project, or restores it (administrators).
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn archive_project(
    project: String,
    archived: bool,
    input: crate::domain::VersionOnly,
) -> Result<crate::domain::Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_project_archived(&state.db, &writer, &project, archived, input).await
}

/// Makes the project public or private (its leaders).
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_visibility(
    project: String,
    input: inputs::Visibility,
) -> Result<crate::domain::Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_visibility(&state.db, &writer, &project, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn save_project_facts(
    project: String,
    input: inputs::ProjectFacts,
) -> Result<crate::domain::Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::save_project_facts(&state.db, &writer, &project, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn save_partner(
    project: String,
    partner: Option<String>,
    input: inputs::PartnerInput,
) -> Result<crate::domain::Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::save_partner(&state.db, &writer, &project, partner.as_deref(), input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn archive_partner(
    project: String,
    partner: String,
    archived: bool,
    input: crate::domain::VersionOnly,
) -> Result<crate::domain::Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_partner_archived(&state.db, &writer, &project, &partner, archived, input).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn save_sub_project_facts(
    project: String,
    sub_project: String,
    input: inputs::SubProjectFacts,
) -> Result<crate::domain::Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::save_sub_project_facts(&state.db, &writer, &project, &sub_project, input).await
}
