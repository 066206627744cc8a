//! Progress plans: activities as rows, half-years as columns, planned marks
//! in the cells — for the whole project and for each sub-project.

mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::Plan;
use crate::error::AppError;

pub use page::PlanPage;

/// The plan of the whole project (`sub_project` none) or of one sub-project.
#[server(prefix = "/rpc")]
pub async fn get_plan(project: String, sub_project: Option<String>) -> Result<Plan, AppError> {
    let db = crate::db::from_context()?;
    queries::load_plan(&db, &project, sub_project.as_deref()).await
}
