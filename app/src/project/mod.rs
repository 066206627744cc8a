//! The project as a whole: the list of projects and one project's overview.

mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::{AsOf, ProjectOverview, ProjectSummary};
use crate::error::AppError;

pub use page::{OverviewPage, ProjectListPage, ProjectNav, status_label, use_project_key};

#[server(prefix = "/rpc")]
pub async fn list_projects() -> Result<Vec<ProjectSummary>, AppError> {
    let state = crate::state::AppState::from_context()?;
    queries::list_projects(&state.db).await
}

/// `as_of`: a date or time to show the project as it stood then; none for now.
#[server(prefix = "/rpc")]
pub async fn get_project_overview(
    key: String,
    as_of: Option<String>,
) -> Result<ProjectOverview, AppError> {
    let as_of = AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    queries::load_overview(&state.db, &key, as_of).await
}
