//! Read-only share links: a project's pages, Gantt chart and files for
//! people without an account, until the leader revokes the link or it
//! expires.

#[cfg(feature = "ssr")]
pub mod commands;

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{Saved, VersionOnly};
use crate::error::AppError;

/// A new share link: for whom ("Styringsgruppen"), and optionally the last
/// day it works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewShareLink {
    pub label: String,
    #[serde(default)]
    pub last_day: Option<NaiveDate>,
}

/// A link created: its record, and the secret path to hand out, shown only
/// now (only its digest is stored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreatedShareLink {
    #[serde(flatten)]
    pub saved: Saved,
    pub path: String,
}

/// [`CreatedShareLink`] as the server function answers it, `saved` nested:
/// postcard (the server functions' encoding, `app::wire`) cannot write a
/// flattened field. The API answers `CreatedShareLink`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareLinkCreated {
    pub saved: Saved,
    pub path: String,
}

impl From<CreatedShareLink> for ShareLinkCreated {
    fn from(created: CreatedShareLink) -> Self {
        Self {
            saved: created.saved,
            path: created.path,
        }
    }
}

/// A share link as the access page lists it (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShareLinkInfo {
    pub key: String,
    pub version: i32,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// Past its last day (when the list was read).
    pub expired: bool,
    pub revoked: bool,
    /// Came from an exchange file, which never holds secrets: no link opens it.
    #[serde(default)]
    pub imported: bool,
}

/// What a share link imported from a file stores instead of its secret's
/// digest: the file does not carry it, and no secret's digest (hex) starts
/// with `imported:`. Random, as the column is unique.
#[cfg(feature = "ssr")]
pub fn without_secret() -> String {
    format!("imported:{}", crate::account::tokens::new_secret(""))
}

/// Whether some secret opens a link stored with this digest.
#[cfg(feature = "ssr")]
pub fn holds_secret(token_hash: &str) -> bool {
    !token_hash.starts_with("imported:")
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn create_share_link(
    project: String,
    input: NewShareLink,
) -> Result<ShareLinkCreated, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::create_share_link(&state.db, &writer, &project, input)
        .await
        .map(ShareLinkCreated::from)
}

#[server(prefix = "/rpc/write", output = leptos::server_fn::codec::Postcard)]
pub async fn revoke_share_link(
    project: String,
    link: String,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    commands::revoke_share_link(&state.db, &writer, &project, &link, input).await
}
