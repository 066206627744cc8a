//! Creating, revoking and opening share links.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tower_sessions::Session;

use crate::access::Action;
use crate::account::caller::{SESSION_SHARE, session_error};
use crate::account::tokens;
use crate::edit::{ArchiveTarget, Edit, Writer, archive_by_key};
use crate::entities::{project, share_link};
use crate::error::AppError;
use crate::plan::inputs::Saved;
use crate::state::AppState;

/// A new link: its record, and the secret path to hand out (shown once).
pub struct NewShareLink {
    pub saved: Saved,
    pub path: String,
}

/// Creates a share link of the project, labelled for whom it is
/// ("Styringsgruppen"), optionally expiring.
pub async fn create_share_link(
    db: &sea_orm::DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    label: &str,
    expires_at: Option<DateTime<Utc>>,
) -> Result<NewShareLink, AppError> {
    let label = crate::edit::name("label", label)?;
    if expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(AppError::invalid("expires_at", "must be in the future"));
    }
    let mut edit = Edit::begin(
        db,
        writer,
        project_key,
        Action::ManageShareLinks,
        "Created a share link",
    )
    .await?;
    let token = tokens::new_secret("fds_");
    // The public key names the link in lists and history; it is not the secret.
    let key = format!("link-{}", &tokens::digest(&token)[..12]);
    let created = share_link::ActiveModel {
        project_id: Set(edit.project_id()),
        key: Set(key),
        label: Set(label),
        token_hash: Set(tokens::digest(&token)),
        created_by: Set(writer.caller.user.as_ref().map(|u| u.id)),
        created_at: Set(edit.at()),
        expires_at: Set(expires_at),
        version: Set(1),
        archived_at: Set(None),
        ..Default::default()
    }
    .insert(&edit.txn)
    .await?;
    edit.record(None, None, &created).await?;
    let changed_at = edit.commit().await?;
    Ok(NewShareLink {
        saved: Saved {
            key: created.key,
            version: created.version,
            changed_at,
        },
        path: format!("/s/{token}"),
    })
}

/// Revokes (`revoked`) or restores a share link.
pub async fn revoke_share_link(
    db: &sea_orm::DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    link_key: &str,
    revoked: bool,
    version: i32,
) -> Result<Saved, AppError> {
    archive_by_key::<share_link::Entity>(
        db,
        writer,
        project_key,
        Action::ManageShareLinks,
        ArchiveTarget {
            what: "share link",
            key: link_key,
            scope: |_| None,
        },
        revoked,
        version,
    )
    .await
}

/// `GET /s/{token}`: opens the project of a valid link in this browser's
/// session and goes to its overview. A revoked, expired or unknown link
/// answers 404 and opens nothing.
pub async fn open_share_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
    session: Session,
) -> Response {
    match open(&state, &token, &session).await {
        Ok(project_key) => Redirect::to(&format!("/p/{project_key}")).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn open(state: &AppState, token: &str, session: &Session) -> Result<String, AppError> {
    let link = share_link::Entity::find()
        .filter(share_link::Column::TokenHash.eq(tokens::digest(token)))
        .filter(share_link::Column::ArchivedAt.is_null())
        .one(&state.db)
        .await?
        .filter(|link| link.expires_at.is_none_or(|at| at > Utc::now()))
        .ok_or_else(|| AppError::not_found("share link", "given"))?;
    let project = project::Entity::find_by_id(link.project_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::not_found("share link", "given"))?;
    // A fresh id: the link's rights never ride on an id set before.
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(SESSION_SHARE, link.id)
        .await
        .map_err(session_error)?;
    Ok(project.key)
}
