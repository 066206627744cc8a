//! Dated things: milestones (gatherings, seminars, reports), recurring
//! meetings and status statements.

mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;

use crate::domain::{AsOf, Schedule};
use crate::error::AppError;

pub use page::SchedulePage;

#[server(prefix = "/rpc")]
pub async fn get_schedule(project: String, as_of: Option<String>) -> Result<Schedule, AppError> {
    let as_of = AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    queries::load_schedule(&state.db, &project, as_of).await
}
