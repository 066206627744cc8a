//! The error type of the application layer: what server functions and the
//! JSON API report. Database details are logged on the server, never sent.

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// `what` is the kind of thing looked for ("project", "sub-project").
    #[error("no {what} is known as '{key}'")]
    NotFound { what: String, key: String },
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    #[error("the database could not answer; the server log has the details")]
    Database,
    /// The request never reached our code, or its answer could not be read.
    #[error("the server could not be reached or answered unexpectedly: {0}")]
    Transport(String),
}

impl AppError {
    pub fn not_found(what: &str, key: &str) -> Self {
        Self::NotFound {
            what: what.to_owned(),
            key: key.to_owned(),
        }
    }

    /// A stable, machine-readable name for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound { .. } => "not_found",
            AppError::Invalid { .. } => "invalid",
            AppError::Database => "database",
            AppError::Transport(_) => "transport",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;
    use axum::Json;
    use axum::response::{IntoResponse, Response};
    use http::StatusCode;

    impl From<sea_orm::DbErr> for AppError {
        fn from(error: sea_orm::DbErr) -> Self {
            tracing::error!(%error, "database error");
            AppError::Database
        }
    }

    impl AppError {
        pub fn status(&self) -> StatusCode {
            match self {
                AppError::NotFound { .. } => StatusCode::NOT_FOUND,
                AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Database => StatusCode::SERVICE_UNAVAILABLE,
                AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
    }

    /// The JSON error body: `{"error": {"code": "not_found", "message": "…"}}`.
    #[derive(serde::Serialize, utoipa::ToSchema)]
    pub struct ErrorBody {
        pub error: ErrorDetail,
    }

    #[derive(serde::Serialize, utoipa::ToSchema)]
    pub struct ErrorDetail {
        pub code: String,
        pub message: String,
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let body = ErrorBody {
                error: ErrorDetail {
                    code: self.code().to_owned(),
                    message: self.to_string(),
                },
            };
            (self.status(), Json(body)).into_response()
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::{ErrorBody, ErrorDetail};
