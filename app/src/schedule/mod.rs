//! Dated things: milestones (gatherings, seminars, reports), recurring
//! meetings and status statements.

mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::Schedule;
use crate::error::AppError;

pub use page::SchedulePage;

#[server(prefix = "/rpc")]
pub async fn get_schedule(project: String) -> Result<Schedule, AppError> {
    let db = crate::db::from_context()?;
    queries::load_schedule(&db, &project).await
}
