//! Who is asking: the identity the server's middleware
//! (`app::account::caller::identify`) resolves once per request from the
//! session cookie, an API token or a share link, and puts in the request's
//! extensions for the server functions, the JSON API and the chart files.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use http::request::Parts;

use crate::access::Prefetched;
use crate::entities::user_account;
use crate::error::AppError;
use crate::history::Actor;

/// A person signed in, as the request found them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
}

impl From<user_account::Model> for SignedIn {
    fn from(user: user_account::Model) -> Self {
        Self {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            is_admin: user.is_admin,
        }
    }
}

/// The project a share link opens, read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedProject {
    pub link_id: i32,
    pub project_id: i32,
}

/// Who is asking, and how they proved it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Caller {
    pub user: Option<SignedIn>,
    pub share: Option<SharedProject>,
    /// The server's own command line (`server user create`, the demo's
    /// loading): whoever runs it owns the database. Never set for requests.
    pub operator: bool,
    /// The project the request's path names, read with the session.
    pub prefetched: Option<Arc<Prefetched>>,
    /// Identified by a personal API token, not a browser session: it reads
    /// and writes projects, but cannot manage tokens or the password.
    pub by_token: bool,
    /// The session was last saved over a day ago: `identify` saves it
    /// again, so that it lives `SESSION_IDLE_DAYS` from this use.
    pub session_due: bool,
}

impl Caller {
    pub fn anonymous() -> Self {
        Self::default()
    }

    pub fn user(user: SignedIn) -> Self {
        Self {
            user: Some(user),
            ..Self::default()
        }
    }

    /// The command line's caller, who may do everything.
    pub fn operator() -> Self {
        Self {
            operator: true,
            ..Self::default()
        }
    }

    /// How the history names the person behind a change.
    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(user) => Actor::person(user.id, &user.display_name, &user.email),
            None if self.operator => Actor::local(),
            None => Actor::anonymous(),
        }
    }

    /// The refusal for something this caller may not do: "sign in" to the
    /// anonymous, "not allowed" to whoever is known.
    pub fn refusal(&self) -> AppError {
        if self.user.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorised
        }
    }

    /// The caller of the current server function or page.
    pub fn from_context() -> Self {
        leptos::prelude::use_context::<Parts>()
            .and_then(|parts| parts.extensions.get::<Caller>().cloned())
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or_default())
    }
}
