//! The application state shared by server functions and the JSON API: one
//! value, provided as axum state to the API and as context to the pages.

use leptos::prelude::use_context;
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::gantt::cache::ChartCache;

use crate::error::AppError;
use crate::history::Actor;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// The last Gantt charts read (`gantt::cache`).
    pub charts: Arc<ChartCache>,
}

impl AppState {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            charts: Arc::default(),
        }
    }

    /// The state a server function runs with, provided by the server wiring.
    pub fn from_context() -> Result<Self, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("no application state in the request context");
            AppError::Database
        })
    }

    /// Who is acting in the current request. Until accounts arrive every
    /// caller is the local editor.
    pub fn actor(&self) -> Actor {
        Actor::local()
    }
}

/// Gives a server function's refusal the HTTP status it deserves (422 for
/// bad input, 409 for a stale version, …) instead of a blanket 500, so that
/// browsers and logs tell refused input from server failures.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(error.status());
    }
    result
}

/// The state and the writer of a server function called by the pages.
pub fn page_writer() -> Result<(AppState, crate::edit::Writer), AppError> {
    let state = AppState::from_context()?;
    let writer = crate::edit::Writer::page(state.actor());
    Ok((state, writer))
}
