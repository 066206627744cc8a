//! The people of a project and their roles, and the project's share links:
//! the access page of the project leader. Memberships are records of the
//! project with history: who held which role when stays visible.

#[cfg(feature = "ssr")]
pub mod commands;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{Role, SubProjectRef};
use crate::domain::{Saved, VersionOnly};
use crate::error::AppError;
use crate::sharing::ShareLinkInfo;

pub use page::AccessPage;
pub(crate) use page::{full_address, role_label};

/// A role to give: to someone with an account, or to an address that gets
/// an account and an invitation link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewMember {
    pub email: String,
    /// The name of someone invited (they may change it); ignored for an
    /// existing account.
    #[serde(default)]
    pub display_name: String,
    pub role: Role,
    /// The sub-project of a sub-project leader.
    #[serde(default)]
    pub sub_project: Option<String>,
}

/// A role given; `invitation` is the path of the link the person sets
/// their password with, when this project invited them and they have none
/// yet. It is shown only now. `had_account`: the address had an account
/// before; without a link, the person sees the project when they sign in
/// (an administrator can send them a reset link).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AddedMember {
    #[serde(flatten)]
    pub saved: Saved,
    pub email: String,
    pub invitation: Option<String>,
    pub had_account: bool,
}

/// [`AddedMember`] as the server function answers it, `saved` nested:
/// postcard (the server functions' encoding, `app::wire`) cannot write a
/// flattened field. The API answers `AddedMember`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberAdded {
    pub saved: Saved,
    pub email: String,
    pub invitation: Option<String>,
    pub had_account: bool,
}

impl From<AddedMember> for MemberAdded {
    fn from(added: AddedMember) -> Self {
        Self {
            saved: added.saved,
            email: added.email,
            invitation: added.invitation,
            had_account: added.had_account,
        }
    }
}

/// A person's role in the project, as the access page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Member {
    pub key: String,
    pub version: i32,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// A sub-project leader's sub-project.
    pub sub_project: Option<SubProjectRef>,
    /// Invited, and has not chosen a password yet.
    pub invited: bool,
}

/// Everything the access page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccessOverview {
    pub members: Vec<Member>,
    pub share_links: Vec<ShareLinkInfo>,
    /// The sub-projects a sub-project leader can be given.
    pub sub_projects: Vec<SubProjectRef>,
}

/// The members and share links of `project` (its leaders only).
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_access_overview(project: String) -> Result<AccessOverview, AppError> {
    let state = crate::state::AppState::from_context()?;
    let caller = crate::identity::Caller::from_context();
    queries::overview(&state.db, &caller, &project).await
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn add_member(project: String, input: NewMember) -> Result<MemberAdded, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::add_member(&state.db, &writer, &project, input)
        .await
        .map(MemberAdded::from)
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn remove_member(
    project: String,
    member: String,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::remove_member(&state.db, &writer, &project, &member, input).await
}
