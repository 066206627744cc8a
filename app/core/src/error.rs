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
    /// Bad input: `field` is the path of the field in the request
    /// (`marks`, `activities[2].name`), for the page to show the message by it.
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    /// A query parameter that cannot be read (`as_of=yesterday`).
    #[error("parameter {parameter}: {problem}")]
    BadParameter { parameter: String, problem: String },
    /// The record changed since the writer read it; the newer data stays.
    /// `changed_at` is when it was last changed (RFC 3339, UTC).
    #[error("{what} was changed by someone else at {changed_at}; reload to see it")]
    Conflict { what: String, changed_at: String },
    /// Unique keys and the like: the request would clash with stored data.
    #[error("{field}: {problem}")]
    Clash { field: String, problem: String },
    #[error("you need to sign in to do this")]
    Unauthorised,
    /// A sign-in with an unknown address or a wrong password: the same
    /// answer for both, so it never tells whether an account exists.
    #[error("the email address or the password is wrong")]
    BadCredentials,
    #[error("too many failed sign-ins; try again in {minutes} minutes")]
    TooManyAttempts { minutes: i64 },
    /// Too many password checks at once: try again in `seconds`.
    #[error("the server is busy checking passwords; try again in {seconds} seconds")]
    Busy { seconds: u64 },
    /// The server has no place for this work now (drawing charts): try
    /// again in `seconds`.
    #[error("the server is busy; try again in {seconds} seconds")]
    Overloaded { seconds: u64 },
    #[error("you may not do this")]
    Forbidden,
    #[error("the request is larger than {limit_bytes} bytes")]
    TooLarge { limit_bytes: usize },
    /// An uploaded file (an exchange file) that cannot be taken as it is:
    /// every problem found, each by line and field where they are known.
    #[error("the file has {} problem(s): {}", problems.len(), FileProblem::list(problems))]
    InvalidFile { problems: Vec<FileProblem> },
    #[error("the database could not answer; the server log has the details")]
    Database,
    /// The request never reached our code, or its answer could not be read.
    #[error("the server could not be reached or answered unexpectedly: {0}")]
    Transport(String),
}

/// One problem of an uploaded file: where it is (line and column from 1,
/// the field's path, e.g. `sub_projects[1].activities[0].name`) and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FileProblem {
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub field: Option<String>,
    pub problem: String,
}

impl FileProblem {
    /// The first few problems, for a message of one line.
    fn list(problems: &[FileProblem]) -> String {
        const SHOWN: usize = 5;
        let mut text = problems
            .iter()
            .take(SHOWN)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        if problems.len() > SHOWN {
            text.push_str(&format!("; and {} more", problems.len() - SHOWN));
        }
        text
    }
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
            write!(f, ": ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.problem)
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// How long to wait before trying again, for `Retry-After`.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts { minutes } => {
                Some(u64::try_from(*minutes).unwrap_or(0) * 60)
            }
            AppError::Busy { seconds } | AppError::Overloaded { seconds } => Some(*seconds),
            _ => None,
        }
    }

    /// The field a validation error is about, for showing it beside the field.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } | AppError::Clash { field, .. } => Some(field),
            AppError::InvalidFile { .. } => Some("file"),
            _ => None,
        }
    }

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
            AppError::BadParameter { .. } => "bad_parameter",
            AppError::Conflict { .. } => "conflict",
            AppError::Clash { .. } => "clash",
            AppError::Unauthorised => "unauthorised",
            AppError::BadCredentials => "bad_credentials",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::Busy { .. } => "busy",
            AppError::Overloaded { .. } => "overloaded",
            AppError::Forbidden => "forbidden",
            AppError::TooLarge { .. } => "too_large",
            AppError::InvalidFile { .. } => "invalid_file",
            AppError::Database => "database",
            AppError::Transport(_) => "transport",
        }
    }
}

impl From<crate::domain::AsOfError> for AppError {
    fn from(error: crate::domain::AsOfError) -> Self {
        AppError::BadParameter {
            parameter: "as_of".to_owned(),
            problem: error.to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server these mean the request's arguments could not be
            // read: the caller's mistake, answered 422 (see `server`).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(problem)
            | ServerFnErrorErr::MissingArg(problem)
            | ServerFnErrorErr::Deserialization(problem) => AppError::invalid("input", problem),
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;
    use axum::Json;
    use axum::response::{IntoResponse, Response};
    use http::StatusCode;

    impl From<sea_orm::DbErr> for AppError {
        /// Constraint violations are the caller's problem and say so; anything
        /// else is logged and reported as the database being unavailable.
        fn from(error: sea_orm::DbErr) -> Self {
            use sea_orm::SqlErr;
            match error.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(detail)) => AppError::Clash {
                    field: "key".to_owned(),
                    problem: format!("is already used in this project ({detail})"),
                },
                Some(SqlErr::ForeignKeyConstraintViolation(detail)) => AppError::Invalid {
                    field: "reference".to_owned(),
                    problem: format!("refers to something that is not in this project ({detail})"),
                },
                _ if is_check_violation(&error) => AppError::Invalid {
                    field: "value".to_owned(),
                    problem: format!("was refused by the database: {error}"),
                },
                _ => {
                    tracing::error!(%error, "database error");
                    AppError::Database
                }
            }
        }
    }

    /// SQLite says "CHECK constraint failed", PostgreSQL "violates check constraint".
    fn is_check_violation(error: &sea_orm::DbErr) -> bool {
        let text = error.to_string();
        text.contains("CHECK constraint failed") || text.contains("violates check constraint")
    }

    impl AppError {
        pub fn status(&self) -> StatusCode {
            match self {
                AppError::NotFound { .. } => StatusCode::NOT_FOUND,
                AppError::Invalid { .. } | AppError::InvalidFile { .. } => {
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                AppError::BadParameter { .. } => StatusCode::BAD_REQUEST,
                AppError::Conflict { .. } | AppError::Clash { .. } => StatusCode::CONFLICT,
                AppError::Unauthorised | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
                AppError::TooManyAttempts { .. } | AppError::Busy { .. } => {
                    StatusCode::TOO_MANY_REQUESTS
                }
                AppError::Forbidden => StatusCode::FORBIDDEN,
                AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                AppError::Database | AppError::Overloaded { .. } => StatusCode::SERVICE_UNAVAILABLE,
                AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }

        /// Gives an answer refusing with this error its status and headers
        /// (`Retry-After` where waiting helps): the one place they are
        /// decided, for the API's answers, the server functions' and the
        /// pages'.
        pub fn answer_with(&self, status: &mut StatusCode, headers: &mut http::HeaderMap) {
            *status = self.status();
            if let Some(seconds) = self.retry_after_seconds() {
                headers.insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
            }
        }
    }

    /// Leptos answers every error of a server function with 500, whatever
    /// it was; the error in the body knows its status. This is how a server
    /// function's refusal gets its status (422 for bad input, 409 for a
    /// stale version, …), so that browsers and logs tell refused input from
    /// server failures. The page calls them without HTTP, and the page's
    /// status is set where it shows the error (`app::layout::show`).
    pub async fn with_error_status(response: Response) -> Response {
        if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
            return response;
        }
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
            error.answer_with(&mut parts.status, &mut parts.headers);
        }
        Response::from_parts(parts, axum::body::Body::from(bytes))
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
        /// The path of the field the error is about, e.g. `marks` or `name`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub field: Option<String>,
        /// An uploaded file's problems, each by line and field.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub problems: Option<Vec<super::FileProblem>>,
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let body = ErrorBody {
                error: ErrorDetail {
                    code: self.code().to_owned(),
                    message: self.to_string(),
                    field: self.field().map(str::to_owned),
                    problems: match &self {
                        AppError::InvalidFile { problems } => Some(problems.clone()),
                        _ => None,
                    },
                },
            };
            let (mut parts, body) = Json(body).into_response().into_parts();
            self.answer_with(&mut parts.status, &mut parts.headers);
            Response::from_parts(parts, body)
        }
    }
}

#[cfg(feature = "ssr")]
pub use server::{ErrorBody, ErrorDetail, with_error_status};
