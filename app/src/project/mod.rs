//! The project as a whole: the list of projects and one project's overview.

mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::{ProjectOverview, ProjectSummary};
use crate::error::AppError;

pub use page::{OverviewPage, ProjectListPage, ProjectNav, status_label, use_project_key};

#[server(prefix = "/rpc")]
pub async fn list_projects() -> Result<Vec<ProjectSummary>, AppError> {
    let db = crate::db::from_context()?;
    queries::list_projects(&db).await
}

#[server(prefix = "/rpc")]
pub async fn get_project_overview(key: String) -> Result<ProjectOverview, AppError> {
    let db = crate::db::from_context()?;
    queries::load_overview(&db, &key).await
}
