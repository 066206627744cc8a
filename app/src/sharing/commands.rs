//! Creating, revoking and opening share links.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;

use chrono::{NaiveTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use tower_sessions::Session;

use crate::access::Action;
use crate::account::caller::{SESSION_SHARE, session_error};
use crate::account::tokens;
use crate::domain::{Saved, VersionOnly};
use crate::edit::{ArchiveTarget, Edit, Writer, archive_by_key};
use crate::entities::{project, share_link, user_account};
use crate::error::AppError;
use crate::state::AppState;

use super::{CreatedShareLink, NewShareLink, ShareLinkInfo};

/// Creates a share link of the project, labelled for whom it is
/// ("Styringsgruppen"), working through its last day (UTC) if it has one.
pub async fn create_share_link(
    db: &sea_orm::DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    input: NewShareLink,
) -> Result<CreatedShareLink, AppError> {
    let label = crate::edit::name("label", &input.label)?;
    let expires_at = input
        .last_day
        .and_then(|day| day.succ_opt())
        .map(|after| after.and_time(NaiveTime::MIN).and_utc());
    if expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(AppError::invalid("last_day", "must be today or later"));
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
    let saved = edit.finish(&created).await?;
    Ok(CreatedShareLink {
        saved,
        path: format!("/s/{token}"),
    })
}

/// Revokes a share link: it stops working at once, for good (a new link is
/// a new secret). The record stays, archived, in the history.
pub async fn revoke_share_link(
    db: &sea_orm::DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    link_key: &str,
    input: VersionOnly,
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
        true,
        input.version,
    )
    .await
}

/// The project's share links, working ones first, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    project_id: i32,
) -> Result<Vec<ShareLinkInfo>, AppError> {
    let links = share_link::Entity::find()
        .filter(share_link::Column::ProjectId.eq(project_id))
        .order_by_desc(share_link::Column::CreatedAt)
        .all(db)
        .await?;
    let creators: HashMap<i32, String> = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(links.iter().filter_map(|l| l.created_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut list: Vec<ShareLinkInfo> = links
        .into_iter()
        .map(|l| ShareLinkInfo {
            created_by: l.created_by.and_then(|id| creators.get(&id).cloned()),
            key: l.key,
            version: l.version,
            label: l.label,
            created_at: l.created_at,
            expires_at: l.expires_at,
            expired: l.expires_at.is_some_and(|at| at <= Utc::now()),
            revoked: l.archived_at.is_some(),
            imported: !super::holds_secret(&l.token_hash),
        })
        .collect();
    list.sort_by_key(|l| l.revoked || l.expired || l.imported);
    Ok(list)
}

/// The link `token` opens and its project, while it is neither revoked nor
/// expired; else not found (never saying which).
pub async fn live_link(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<(share_link::Model, project::Model), AppError> {
    let link = share_link::Entity::find()
        .filter(share_link::Column::TokenHash.eq(tokens::digest(token)))
        .filter(share_link::Column::ArchivedAt.is_null())
        .one(db)
        .await?
        .filter(|link| link.expires_at.is_none_or(|at| at > Utc::now()))
        .ok_or_else(|| AppError::not_found("share link", "given"))?;
    let project = project::Entity::find_by_id(link.project_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("share link", "given"))?;
    Ok((link, project))
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
    let (link, project) = live_link(&state.db, token).await?;
    // A fresh id: the link's rights never ride on an id set before.
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(SESSION_SHARE, link.id)
        .await
        .map_err(session_error)?;
    Ok(project.key)
}
