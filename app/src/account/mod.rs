//! Accounts: signing in and out, who the caller is, and what they may do in
//! a project. The rules themselves live in `access`.

#[cfg(feature = "ssr")]
pub mod caller;
#[cfg(feature = "ssr")]
pub mod links;
mod page;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod users;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::ProjectAccess;
use crate::error::AppError;

pub use page::{AccountMenu, AccountPage, SignInPage, WelcomePage};

/// A session unused this many days ends (each use, at most once a day,
/// saves it again: `caller::identify`).
pub const SESSION_IDLE_DAYS: i64 = 7;
/// A session ends this many days after it was started, used or not.
pub const SESSION_LIFETIME_DAYS: i64 = 30;
/// The session cookie's name; `__Host-` where the cookie is `Secure`, so
/// that no other site on the domain, nor plain http, can set it.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-framdrift_session"
    } else {
        "framdrift_session"
    }
}

/// The person signed in, as the pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
}

#[cfg(feature = "ssr")]
impl From<crate::identity::SignedIn> for Me {
    fn from(user: crate::identity::SignedIn) -> Self {
        Self {
            email: user.email,
            display_name: user.display_name,
            is_admin: user.is_admin,
        }
    }
}

/// What the page of a one-time link shows: whose account it sets up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    /// The first administrator: the person gives their address too.
    pub setup: bool,
    pub email: Option<String>,
    pub display_name: String,
    /// The project of an invitation.
    pub project: Option<String>,
}

/// One of the signed-in person's API tokens (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenInfo {
    pub id: i32,
    pub label: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Who is signed in, if anyone.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    let caller = crate::identity::Caller::from_context();
    Ok(caller.user.map(Me::from))
}

/// What the caller may do in `project`.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_project_access(project: String) -> Result<ProjectAccess, AppError> {
    crate::state::AppState::from_context()?
        .access(&project)
        .await
}

/// Signs in with email and password. The answer to a wrong address and to
/// a wrong password is the same; repeated failures are throttled.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = session()?;
    let address = users::client_address().await;
    let user = users::check_sign_in(
        &state.db,
        &state.password_checks,
        &email,
        &password,
        &address,
    )
    .await?;
    start_session(&session, user).await
}

/// Signs out: the session ends here and in the database.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn sign_out() -> Result<(), AppError> {
    let session = session()?;
    session.flush().await.map_err(caller::session_error)
}

/// Changes the signed-in person's password; their other sessions end.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    let state = crate::state::AppState::from_context()?;
    let user = signed_in()?;
    let session = session()?;
    let address = users::client_address().await;
    let kept = session.id();
    let change = users::PasswordChange {
        current: &current,
        new: &new,
        address: &address,
        keep_session: kept.as_ref(),
    };
    users::change_password(&state.db, &state.password_checks, user.id, change).await
}

/// What the one-time link `token` is for.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_welcome(token: String) -> Result<Welcome, AppError> {
    let state = crate::state::AppState::from_context()?;
    links::inspect(&state.db, &token).await
}

/// Uses a one-time link: sets the account's name and password (creates the
/// first administrator with a setup link) and signs the person in.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn accept_welcome(
    token: String,
    email: String,
    display_name: String,
    password: String,
) -> Result<Me, AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = session()?;
    let user = links::redeem(&state.db, &token, &email, &display_name, &password).await?;
    start_session(&session, user).await
}

/// Signs `user` in this browser's session, under a new session id: an id
/// planted before cannot be used after. A share link opened before is
/// forgotten (the person's own rights count).
#[cfg(feature = "ssr")]
async fn start_session(
    session: &tower_sessions::Session,
    user: crate::identity::SignedIn,
) -> Result<Me, AppError> {
    session.cycle_id().await.map_err(caller::session_error)?;
    session
        .remove_value(caller::SESSION_SHARE)
        .await
        .map_err(caller::session_error)?;
    session
        .insert(caller::SESSION_USER, user.id)
        .await
        .map_err(caller::session_error)?;
    session
        .insert(caller::SESSION_BROWSER, browser())
        .await
        .map_err(caller::session_error)?;
    Ok(Me::from(user))
}

/// The request's `User-Agent`, cut to a length a list can show.
#[cfg(feature = "ssr")]
fn browser() -> String {
    const MAX_CHARS: usize = 200;
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts.headers.get(http::header::USER_AGENT).map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .chars()
                    .take(MAX_CHARS)
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// One of the signed-in person's sessions: a browser signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySession {
    /// Names the session to end it (a digest of its id: not the cookie).
    pub handle: String,
    /// The browser's `User-Agent`, as it said at sign-in.
    pub browser: String,
    pub signed_in_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The session of this very request.
    pub current: bool,
}

/// The signed-in person's open sessions, the newest first.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn list_my_sessions() -> Result<Vec<MySession>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let user = signed_in()?;
    let current = session()?.id().map(|id| tokens::digest(&id.to_string()));
    users::sessions_of(&state.db, user.id, current.as_deref()).await
}

/// Ends one of the signed-in person's sessions (another browser's).
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn end_my_session(handle: String) -> Result<(), AppError> {
    let state = crate::state::AppState::from_context()?;
    let user = signed_in()?;
    users::end_session_of(&state.db, user.id, &handle).await
}

/// The signed-in person's API tokens that work.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn list_api_tokens() -> Result<Vec<ApiTokenInfo>, AppError> {
    let state = crate::state::AppState::from_context()?;
    let user = signed_in()?;
    users::api_tokens_of(&state.db, user.id).await
}

/// A new API token for the signed-in person, shown this once.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn new_api_token(label: String) -> Result<String, AppError> {
    let state = crate::state::AppState::from_context()?;
    let user = signed_in()?;
    users::create_api_token(&state.db, user.id, &label).await
}

/// Revokes one of the signed-in person's API tokens.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn revoke_api_token(id: i32) -> Result<(), AppError> {
    let state = crate::state::AppState::from_context()?;
    let user = signed_in()?;
    users::revoke_api_token(&state.db, user.id, id).await
}

/// The person signed in through a browser session, or 401; a personal API
/// token is refused (403): a token cannot make or revoke tokens, nor change
/// the password — whoever holds one would otherwise keep access for good.
#[cfg(feature = "ssr")]
fn signed_in() -> Result<crate::identity::SignedIn, AppError> {
    let caller = crate::identity::Caller::from_context();
    match caller.user {
        _ if caller.by_token => Err(AppError::Forbidden),
        Some(user) => Ok(user),
        None => Err(AppError::Unauthorised),
    }
}

#[cfg(feature = "ssr")]
fn session() -> Result<tower_sessions::Session, AppError> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<tower_sessions::Session>().cloned())
        .ok_or_else(|| {
            tracing::error!("no session layer around the server functions");
            AppError::Database
        })
}
