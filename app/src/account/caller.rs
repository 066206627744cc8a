//! Who is asking: resolved once per request from the session cookie or an
//! API token, and put in the request's extensions for the server functions,
//! the JSON API and the chart files alike.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use http::Method;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryResult,
    QuerySelect, QueryTrait,
};
use tower_sessions::Session;

use crate::access::{
    MEMBER_ROLE, MEMBER_SUB_PROJECT, Prefetched, WithRole, WriteGate, grant_of_rows,
};
use crate::entities::{api_token, membership, project, session, share_link, user_account};
use crate::error::AppError;
use crate::history::revision;

use super::tokens;
use crate::identity::{Caller, SharedProject, SignedIn};

/// The session's key for the signed-in account's id.
pub const SESSION_USER: &str = "user_id";
/// The session's key for when it was started (Unix seconds): set by the
/// store as a session gets its id; it ends `SESSION_LIFETIME_DAYS` later.
pub const SESSION_STARTED: &str = "started_at";
/// The session's key for when it was last saved (Unix seconds), set by the
/// store on every save.
pub const SESSION_SAVED: &str = "saved_at";
/// The session's key for the browser that signed in (its `User-Agent`,
/// shortened), for the person's list of their sessions.
pub const SESSION_BROWSER: &str = "browser";
/// The session's key for the share link opened in this browser.
pub const SESSION_SHARE: &str = "share_link_id";

/// The middleware that identifies the caller. A bearer token that is not
/// (or no longer) valid is refused outright rather than treated as
/// anonymous, so a script learns at once that its token was revoked.
pub async fn identify(
    State(db): State<DatabaseConnection>,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = match bearer_token(&request) {
        Some(token) => match by_api_token(&db, &token).await {
            Ok(Some(user)) => Caller {
                by_token: true,
                ..Caller::user(user)
            },
            Ok(None) => return AppError::Unauthorised.into_response(),
            Err(error) => return error.into_response(),
        },
        None => match request.extensions().get::<Session>().cloned() {
            Some(session) => {
                let project = project_in_path(request.uri().path()).map(str::to_owned);
                let mut caller = match by_session(&db, &session, project.as_deref()).await {
                    Ok(caller) => caller,
                    Err(error) => return error.into_response(),
                };
                if caller.session_due
                    && let Err(error) = session.insert(SESSION_SAVED, Utc::now().timestamp()).await
                {
                    tracing::error!(%error, "a session could not be kept alive");
                }
                if !matches!(*request.method(), Method::GET | Method::HEAD)
                    && let Some(read) = caller.prefetched.take()
                {
                    request.extensions_mut().insert(WriteGate(read));
                }
                caller
            }
            None => Caller::anonymous(),
        },
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}

fn bearer_token(request: &Request) -> Option<String> {
    let value = request
        .headers()
        .get(http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    Some(token.to_owned())
}

async fn by_api_token(db: &DatabaseConnection, token: &str) -> Result<Option<SignedIn>, AppError> {
    let Some(found) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(tokens::digest(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // "Last used" to the hour: enough to spot a forgotten token, without a
    // write on every request. While an edit holds SQLite's writer it waits
    // for a later use: the request (which may be one to refuse) does not
    // wait for the edit.
    if found
        .last_used_at
        .is_none_or(|at| Utc::now() - at > chrono::Duration::hours(1))
        && let Some(_turn) = crate::edit::writer_turn_now(db)
    {
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::LastUsedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .filter(api_token::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    active_user(db, found.user_id).await
}

/// The project a page or API path names: `/p/{key}…`, `/api/v1/projects/{key}…`.
fn project_in_path(path: &str) -> Option<&str> {
    let rest = path
        .strip_prefix("/p/")
        .or_else(|| path.strip_prefix("/api/v1/projects/"))?;
    let key = rest.split('/').next()?;
    (!key.is_empty()).then_some(key)
}

/// The caller a session names, in one read of the session with its account
/// (asking the session for its values would read it, and then the account:
/// every signed-in request pays for this). Given the project the request
/// reads, the project and the caller's roles there come in the same read.
async fn by_session(
    db: &DatabaseConnection,
    session: &Session,
    project: Option<&str>,
) -> Result<Caller, AppError> {
    match session.id() {
        Some(id) => of_session_id(db, &id, project).await,
        None => Ok(Caller::anonymous()),
    }
}

/// The caller whose session id is `id` (see [`by_session`]).
pub async fn of_session_id(
    db: &DatabaseConnection,
    id: &tower_sessions::session::Id,
    project: Option<&str>,
) -> Result<Caller, AppError> {
    let digest = tokens::digest(&id.to_string());
    if let Some(key) = project
        && let Some(caller) = by_session_with_project(db, &digest, key).await?
    {
        return Ok(caller);
    }
    let Some((stored, account)) = session::Entity::find_by_id(digest)
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .find_also_related(user_account::Entity)
        .one(db)
        .await?
    else {
        return Ok(Caller::anonymous());
    };
    let user = account
        .filter(|account| account.disabled_at.is_none())
        .map(SignedIn::from);
    caller_of_session(db, &stored.data, user).await
}

/// The caller of the session stored as `data` with its (active) account.
async fn caller_of_session(
    db: &DatabaseConnection,
    data: &str,
    user: Option<SignedIn>,
) -> Result<Caller, AppError> {
    let values: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(data).map_err(|error| {
            tracing::error!(%error, "a stored session cannot be read");
            AppError::Database
        })?;
    let seconds = |key: &str| values.get(key).and_then(serde_json::Value::as_i64);
    // The row's expiry bounds the session's life; a session saved before
    // sessions knew when they started has no bound of its own: it ends.
    let Some(started) = seconds(SESSION_STARTED) else {
        return Ok(Caller::anonymous());
    };
    let now = Utc::now().timestamp();
    let lifetime = super::SESSION_LIFETIME_DAYS * 24 * 3600;
    if now - started >= lifetime {
        return Ok(Caller::anonymous());
    }
    let session_due =
        user.is_some() && seconds(SESSION_SAVED).is_none_or(|saved| now - saved > 24 * 3600);
    let link_id = values
        .get(SESSION_SHARE)
        .and_then(serde_json::Value::as_i64)
        .and_then(|id| i32::try_from(id).ok());
    let share = match link_id {
        Some(id) => share_link::Entity::find_by_id(id)
            .filter(share_link::Column::ArchivedAt.is_null())
            .one(db)
            .await?
            .filter(|link| link.expires_at.is_none_or(|at| at > Utc::now()))
            .map(|link| SharedProject {
                link_id: link.id,
                project_id: link.project_id,
            }),
        None => None,
    };
    Ok(Caller {
        user,
        share,
        session_due,
        ..Caller::default()
    })
}

/// A row of the project joined with the session (if it is live), its
/// account, and one of that account's roles in the project.
struct SessionRow {
    with_role: WithRole,
    data: Option<String>,
    account: Option<SignedIn>,
    disabled_at: Option<DateTime<Utc>>,
}

impl FromQueryResult for SessionRow {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        let account_id: Option<i32> = row.try_get(prefix, "account_id")?;
        let account = match account_id {
            Some(id) => Some(SignedIn {
                id,
                email: row.try_get(prefix, "account_email")?,
                display_name: row.try_get(prefix, "account_name")?,
                is_admin: row.try_get(prefix, "account_admin")?,
            }),
            None => None,
        };
        Ok(Self {
            with_role: WithRole::from_query_result(row, prefix)?,
            data: row.try_get(prefix, "session_data")?,
            account,
            disabled_at: row.try_get(prefix, "account_disabled")?,
        })
    }
}

/// The caller of the session `digest` and their rights in project `key`,
/// in one statement: the project, left-joined with the session while it
/// lives, its account and the account's active roles in the project. None
/// when no project is called `key` (the caller is then read on its own).
async fn by_session_with_project(
    db: &DatabaseConnection,
    digest: &str,
    key: &str,
) -> Result<Option<Caller>, AppError> {
    let mut select = revision::select(key)
        .column_as(
            Expr::col((session::Entity, session::Column::Data)),
            "session_data",
        )
        .column_as(
            Expr::col((user_account::Entity, user_account::Column::Id)),
            "account_id",
        )
        .column_as(
            Expr::col((user_account::Entity, user_account::Column::Email)),
            "account_email",
        )
        .column_as(
            Expr::col((user_account::Entity, user_account::Column::DisplayName)),
            "account_name",
        )
        .column_as(
            Expr::col((user_account::Entity, user_account::Column::IsAdmin)),
            "account_admin",
        )
        .column_as(
            Expr::col((user_account::Entity, user_account::Column::DisabledAt)),
            "account_disabled",
        )
        .column_as(
            Expr::col((membership::Entity, membership::Column::Role)),
            MEMBER_ROLE,
        )
        .column_as(
            Expr::col((membership::Entity, membership::Column::SubProjectId)),
            MEMBER_SUB_PROJECT,
        );
    QueryTrait::query(&mut select)
        .left_join(
            session::Entity,
            Condition::all()
                .add(Expr::col((session::Entity, session::Column::Id)).eq(digest))
                .add(Expr::col((session::Entity, session::Column::ExpiresAt)).gt(Utc::now())),
        )
        .left_join(
            user_account::Entity,
            Expr::col((user_account::Entity, user_account::Column::Id))
                .equals((session::Entity, session::Column::UserId)),
        )
        .left_join(
            membership::Entity,
            Condition::all()
                .add(
                    Expr::col((membership::Entity, membership::Column::ProjectId))
                        .equals((project::Entity, project::Column::Id)),
                )
                .add(
                    Expr::col((membership::Entity, membership::Column::UserId))
                        .equals((user_account::Entity, user_account::Column::Id)),
                )
                .add(Expr::col((membership::Entity, membership::Column::ArchivedAt)).is_null()),
        );
    let rows = select.into_model::<SessionRow>().all(db).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut caller = match &first.data {
        Some(data) => {
            let user = first
                .account
                .clone()
                .filter(|_| first.disabled_at.is_none());
            caller_of_session(db, data, user).await?
        }
        None => Caller::anonymous(),
    };
    let Some((found, grant)) =
        grant_of_rows(&caller, rows.into_iter().map(|row| row.with_role).collect())
    else {
        return Ok(None);
    };
    caller.prefetched = Some(Arc::new(Prefetched {
        key: key.to_owned(),
        found,
        grant,
    }));
    Ok(Some(caller))
}

/// The account with this id, unless it was disabled.
pub async fn active_user(db: &DatabaseConnection, id: i32) -> Result<Option<SignedIn>, AppError> {
    Ok(user_account::Entity::find_by_id(id)
        .filter(user_account::Column::DisabledAt.is_null())
        .one(db)
        .await?
        .map(SignedIn::from))
}

pub fn session_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session store");
    AppError::Database
}

#[cfg(test)]
mod tests {
    use super::project_in_path;

    #[test]
    fn the_project_a_path_names() {
        assert_eq!(project_in_path("/p/demo"), Some("demo"));
        assert_eq!(project_in_path("/p/demo/gantt.svg"), Some("demo"));
        assert_eq!(project_in_path("/p/demo/plan/kbt-senteret"), Some("demo"));
        assert_eq!(project_in_path("/api/v1/projects/demo/plan"), Some("demo"));
        assert_eq!(project_in_path("/api/v1/projects/demo"), Some("demo"));
        assert_eq!(project_in_path("/api/v1/projects"), None);
        assert_eq!(project_in_path("/p/"), None);
        assert_eq!(project_in_path("/pkg/framdrift.wasm"), None);
        assert_eq!(project_in_path("/"), None);
        assert_eq!(project_in_path("/rpc/write/save_plan"), None);
    }
}
