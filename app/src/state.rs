//! The application state shared by server functions and the JSON API: one
//! value, provided as axum state to the API and as context to the pages.

use leptos::prelude::use_context;
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::gantt::cache::ChartCache;
use crate::history::watch::ProjectWatch;

use crate::entities::project;
use crate::error::AppError;
use crate::identity::Caller;

#[derive(Clone)]
pub struct AppState {
    /// The pool this request's work uses: on the server's write lane, the
    /// writes' own (`db::connect_for_writes`).
    pub db: DatabaseConnection,
    /// The pool for what a request reads before its work: the session, the
    /// caller, whether the caller may read the project. The readers' pool
    /// even on the write lane, so these reads never queue for the writes'
    /// connection (one, on SQLite) behind the edit under way.
    pub reads: DatabaseConnection,
    /// The last Gantt charts read (`gantt::cache`).
    pub charts: Arc<ChartCache>,
    /// Chart files drawn, and the places for drawing (`gantt::files`).
    pub drawn_charts: Arc<crate::gantt::files::DrawnCharts>,
    /// The last API answers read (`api::cache`).
    pub answers: Arc<crate::api::cache::AnswerCache>,
    /// Projects as last read, while PostgreSQL tells of their changes
    /// (`history::watch`; the server starts its listening).
    pub projects: Arc<ProjectWatch>,
    /// The places for password checks at once (`account::password::Checks`).
    pub password_checks: crate::account::password::Checks,
}

impl AppState {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            reads: db.clone(),
            db,
            charts: Arc::default(),
            drawn_charts: Arc::default(),
            answers: Arc::default(),
            projects: Arc::default(),
            password_checks: Default::default(),
        }
    }

    /// The same state with its work on another pool of the same database
    /// (the server's write lane): the reads before the work, the kept
    /// answers and charts are shared.
    pub fn with_db(&self, db: DatabaseConnection) -> Self {
        Self { db, ..self.clone() }
    }

    /// The state a server function runs with, provided by the server wiring.
    pub fn from_context() -> Result<Self, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("no application state in the request context");
            AppError::Database
        })
    }

    /// The project `key` if the caller of the current server function or
    /// page may read it (`access::readable`).
    pub async fn readable(&self, key: &str) -> Result<project::Model, AppError> {
        let caller = Caller::from_context();
        self.readable_by(&caller, key).await.map(|(p, _)| p)
    }

    /// As [`AppState::readable`], answering what the caller may do there.
    pub async fn access(&self, key: &str) -> Result<crate::domain::ProjectAccess, AppError> {
        let caller = Caller::from_context();
        let (project, grant) = self.readable_by(&caller, key).await?;
        crate::access::project_access(&self.db, &caller, &project, &grant).await
    }

    /// The project `key` and `caller`'s rights there, if they may read it
    /// (`access::readable`), from the projects kept when they are.
    pub async fn readable_by(
        &self,
        caller: &Caller,
        key: &str,
    ) -> Result<(project::Model, crate::access::Grant), AppError> {
        crate::access::readable_at_revision(&self.db, Some(&self.projects), caller, key)
            .await
            .map(|(found, grant)| (found.project, grant))
    }
}

/// The state and the writer of a server function called by the pages.
pub fn page_writer() -> Result<(AppState, crate::edit::Writer), AppError> {
    let state = AppState::from_context()?;
    let writer = crate::edit::Writer {
        rights_from: Some(state.reads.clone()),
        ..crate::edit::Writer::page(Caller::from_context())
    };
    Ok((state, writer))
}
