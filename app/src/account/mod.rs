//! Accounts: signing in and out, who the caller is, and what they may do in
//! a project. The rules themselves live in `access`.

#[cfg(feature = "ssr")]
pub mod caller;
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

use crate::error::AppError;

pub use page::{AccountMenu, SignInPage};

/// The person signed in, as the pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
}

#[cfg(feature = "ssr")]
impl From<caller::SignedIn> for Me {
    fn from(user: caller::SignedIn) -> Self {
        Self {
            email: user.email,
            display_name: user.display_name,
            is_admin: user.is_admin,
        }
    }
}

/// What the caller may do in one project, for the pages to offer only the
/// controls that will work. The server decides again on every write.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectAccess {
    pub signed_in: bool,
    /// Everything in the project (project leader, administrator).
    pub lead: bool,
    /// Keys of the sub-projects whose plan, progress and schedule the caller
    /// may change.
    pub sub_projects: Vec<String>,
    /// Reading through a share link.
    pub shared: bool,
}

impl ProjectAccess {
    /// May the caller change records of sub-project `sub` (none: the
    /// project-wide ones)?
    pub fn can_edit(&self, sub: Option<&str>) -> bool {
        self.lead || sub.is_some_and(|s| self.sub_projects.iter().any(|k| k == s))
    }

    /// May the caller change anything at all in the project?
    pub fn can_edit_any(&self) -> bool {
        self.lead || !self.sub_projects.is_empty()
    }
}

/// Who is signed in, if anyone.
#[server(prefix = "/rpc")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    let caller = caller::Caller::from_context();
    Ok(caller.user.map(Me::from))
}

/// What the caller may do in `project`.
#[server(prefix = "/rpc")]
pub async fn get_project_access(project: String) -> Result<ProjectAccess, AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = caller::Caller::from_context();
    let (found, grant) =
        crate::state::with_status(crate::access::readable(&state.db, &caller, &project).await)?;
    crate::access::project_access(&state.db, &caller, &found, &grant).await
}

/// Signs in with email and password. The answer to a wrong address and to
/// a wrong password is the same; repeated failures are throttled.
#[server(prefix = "/rpc")]
pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    let state = crate::state::AppState::from_context()?;
    let session = session()?;
    let address = users::client_address();
    let user = crate::state::with_status(
        users::check_sign_in(&state.db, &email, &password, &address).await,
    )?;
    // A new session id at sign-in: an id planted before cannot be used after.
    session.cycle_id().await.map_err(caller::session_error)?;
    session
        .remove_value(caller::SESSION_SHARE)
        .await
        .map_err(caller::session_error)?;
    session
        .insert(caller::SESSION_USER, user.id)
        .await
        .map_err(caller::session_error)?;
    Ok(Me::from(user))
}

/// Signs out: the session ends here and in the database.
#[server(prefix = "/rpc")]
pub async fn sign_out() -> Result<(), AppError> {
    let session = session()?;
    session.flush().await.map_err(caller::session_error)
}

/// Changes the signed-in person's password; their other sessions end.
#[server(prefix = "/rpc")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = caller::Caller::from_context();
    let Some(user) = caller.user else {
        return crate::state::with_status(Err(AppError::Unauthorised));
    };
    let session = session()?;
    crate::state::with_status(
        users::change_password(&state.db, user.id, &current, &new, session.id().as_ref()).await,
    )
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
