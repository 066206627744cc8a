//! The installation's administration (`/admin`, administrators only): every
//! account with its roles, last sign-in and whether it has a password;
//! inviting a person, making or unmaking an administrator (never the last
//! one), disabling and enabling an account (disabling ends its sessions and
//! API tokens at once), a password-reset link; and the record of all of
//! these, who did them and when.

#[cfg(feature = "ssr")]
pub mod commands;
mod page;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::Role;
use crate::error::AppError;

pub use page::AdminPage;

/// Everything the administration page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Administration {
    /// Every signed-in account may create projects (else administrators
    /// only, the default).
    pub everyone_creates_projects: bool,
    pub accounts: Vec<Account>,
    /// The newest first.
    pub changes: Vec<AccountChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub is_admin: bool,
    pub has_password: bool,
    pub disabled: bool,
    pub last_signed_in_at: Option<DateTime<Utc>>,
    pub roles: Vec<AccountRole>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountRole {
    pub project_key: String,
    pub project_name: String,
    pub role: Role,
    /// A sub-project leader's sub-project, by name.
    pub sub_project: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountChange {
    pub at: DateTime<Utc>,
    /// The administrator who did it.
    pub by: String,
    pub account: String,
    pub action: AccountAction,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountAction {
    Invited,
    MadeAdmin,
    UnmadeAdmin,
    Disabled,
    Enabled,
    ResetLink,
}

impl AccountAction {
    pub fn code(self) -> &'static str {
        match self {
            AccountAction::Invited => "invited",
            AccountAction::MadeAdmin => "made_admin",
            AccountAction::UnmadeAdmin => "unmade_admin",
            AccountAction::Disabled => "disabled",
            AccountAction::Enabled => "enabled",
            AccountAction::ResetLink => "reset_link",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            AccountAction::Invited,
            AccountAction::MadeAdmin,
            AccountAction::UnmadeAdmin,
            AccountAction::Disabled,
            AccountAction::Enabled,
            AccountAction::ResetLink,
        ]
        .into_iter()
        .find(|a| a.code() == code)
    }
}

/// What the administration page shows (administrators).
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_administration() -> Result<Administration, AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = crate::identity::Caller::from_context();
    commands::administration(&state.db, &caller).await
}

/// Creates an account for `email` without a password and answers the path
/// of its invitation link, shown this once.
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn invite_account(email: String, display_name: String) -> Result<String, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::invite(&state.db, &writer.caller, &email, &display_name).await
}

/// Makes account `account` an administrator (`admin`) or not; the last
/// administrator stays one.
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_administrator(account: i32, admin: bool) -> Result<(), AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_admin(&state.db, &writer.caller, account, admin).await
}

/// Disables account `account` (its sessions and API tokens end at once) or
/// enables it again.
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_account_disabled(account: i32, disabled: bool) -> Result<(), AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_disabled(&state.db, &writer.caller, account, disabled).await
}

/// A link with which the person of account `account` chooses a new
/// password: its path, shown this once.
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn create_reset_link(account: i32) -> Result<String, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::reset(&state.db, &writer.caller, account).await
}

/// Who may create projects: every signed-in account (`everyone`), or
/// administrators only.
#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn set_project_creators(everyone: bool) -> Result<(), AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::set_project_creators(&state.db, &writer.caller, everyone).await
}
