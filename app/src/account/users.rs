//! Accounts in the database: creating them, checking a sign-in (with
//! throttling), changing passwords, and the demo's people.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::entities::{login_attempt, user_account};
use crate::error::AppError;

use super::password;
use crate::identity::SignedIn;

/// Failed sign-ins are counted over this window.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// Failures for one account from one address in the window before that
/// address's further tries for the account are refused. From another
/// address the owner still gets in: a lock-out is not a weapon.
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
/// Failures for one account from every address together: the ceiling on
/// guesses spread over many addresses.
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 50;
/// Failures per address (all accounts) in the window before refusing.
pub const MAX_FAILURES_PER_ADDRESS: u64 = 20;

/// An address as stored: trimmed, lower case; refused unless it looks like one.
pub fn normalise_email(field: &str, email: &str) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email.chars().any(char::is_whitespace);
    if !valid {
        return Err(AppError::invalid(field, "is not an email address"));
    }
    Ok(email)
}

/// Where the client's address comes from: `FRAMDRIFT_CLIENT_IP`, by default
/// the TCP peer (`ConnectInfo`). Behind a load balancer that is the
/// balancer for everyone: name the header it sets, e.g.
/// `RightmostXForwardedFor` or `XRealIp` (axum-client-ip's names).
pub fn client_ip_source() -> Result<axum_client_ip::ClientIpSource, String> {
    match std::env::var("FRAMDRIFT_CLIENT_IP") {
        Err(_) => Ok(axum_client_ip::ClientIpSource::ConnectInfo),
        Ok(name) => name.trim().parse().map_err(|error| {
            format!(
                "FRAMDRIFT_CLIENT_IP: {error}; use ConnectInfo, RightmostXForwardedFor, \
                 XRealIp, RightmostForwarded, CfConnectingIp, TrueClientIp, FlyClientIp, \
                 CloudFrontViewerAddress or XEnvoyExternalAddress"
            )
        }),
    }
}

/// The network address of the current request's client, for throttling;
/// requests whose address is not known share one.
pub async fn client_address() -> String {
    use axum::extract::FromRequestParts;
    let Some(mut parts) = leptos::prelude::use_context::<http::request::Parts>() else {
        return "unknown".to_owned();
    };
    match axum_client_ip::ClientIp::from_request_parts(&mut parts, &()).await {
        Ok(axum_client_ip::ClientIp(ip)) => ip.to_string(),
        Err(error) => {
            tracing::warn!(%error, "the client's address is not known");
            "unknown".to_owned()
        }
    }
}

/// Creates an account. `password` none: the person sets one through a link.
pub async fn create_user(
    db: &impl ConnectionTrait,
    email: &str,
    display_name: &str,
    password: Option<String>,
    is_admin: bool,
) -> Result<user_account::Model, AppError> {
    insert_account(db, email, display_name, password, is_admin, None).await
}

/// Creates an account without a password for someone project `project_id`
/// invites or imports: only that project's leaders may later be handed an
/// invitation link for it (`members::commands::add_member`).
pub async fn create_for_project(
    db: &impl ConnectionTrait,
    email: &str,
    display_name: &str,
    project_id: i32,
) -> Result<user_account::Model, AppError> {
    insert_account(db, email, display_name, None, false, Some(project_id)).await
}

async fn insert_account(
    db: &impl ConnectionTrait,
    email: &str,
    display_name: &str,
    password: Option<String>,
    is_admin: bool,
    created_for_project_id: Option<i32>,
) -> Result<user_account::Model, AppError> {
    let email = normalise_email("email", email)?;
    let display_name = crate::edit::name("display_name", display_name)?;
    let password_hash = match password {
        Some(password) => {
            password::check_new("password", &password)?;
            Some(password::hash(password).await?)
        }
        None => None,
    };
    let taken = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(&email))
        .count(db)
        .await?;
    if taken > 0 {
        return Err(AppError::Clash {
            field: "email".to_owned(),
            problem: "has an account already".to_owned(),
        });
    }
    Ok(user_account::ActiveModel {
        email: Set(email),
        display_name: Set(display_name),
        password_hash: Set(password_hash),
        is_admin: Set(is_admin),
        created_at: Set(crate::history::now()),
        disabled_at: Set(None),
        created_for_project_id: Set(created_for_project_id),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Checks a sign-in, records the attempt, and answers the same for an
/// unknown address as for a wrong password. The attempt takes its place in
/// the counts before the password is checked, so a burst sent at once
/// checks no more guesses than the limits allow; and no more checks run at
/// once than `checks` has places for.
pub async fn check_sign_in(
    db: &DatabaseConnection,
    checks: &password::Checks,
    email: &str,
    password: &str,
    address: &str,
) -> Result<SignedIn, AppError> {
    let email = email.trim().to_lowercase();
    if password.chars().count() > password::MAX_PASSWORD_CHARS || email.len() > 254 {
        return Err(AppError::BadCredentials);
    }
    let _checking = checks.permit()?;
    let attempt = take_attempt(db, &email, address).await?;
    let user = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(&email))
        .filter(user_account::Column::DisabledAt.is_null())
        .one(db)
        .await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = password::verify(password.to_owned(), stored).await;
    match user {
        Some(user) if matches => {
            succeeded(db, attempt, Some(user.id)).await?;
            Ok(SignedIn::from(user))
        }
        _ => Err(AppError::BadCredentials),
    }
}

/// Marks attempt `id` a success: it does not count against anyone; and,
/// for a sign-in, that account `signed_in` signed in now (the
/// administration page shows it).
async fn succeeded(
    db: &DatabaseConnection,
    id: i32,
    signed_in: Option<i32>,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    login_attempt::Entity::update_many()
        .col_expr(
            login_attempt::Column::Succeeded,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(login_attempt::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    if let Some(user_id) = signed_in {
        user_account::Entity::update_many()
            .col_expr(
                user_account::Column::LastSignedInAt,
                sea_orm::sea_query::Expr::value(crate::history::now()),
            )
            .filter(user_account::Column::Id.eq(user_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The key of the PostgreSQL advisory lock under which an attempt is
/// counted and recorded ("frlg" in ASCII); SQLite's write lock does it there.
const SIGN_IN_LOCK: i64 = 0x6672_6c67;

/// Counts the failures that limit an attempt and, if it may go on, records
/// it as a failure (the check marks it a success) — one step under a lock,
/// so attempts arriving together are counted one after another. Refused:
/// nothing is recorded.
async fn take_attempt(
    db: &DatabaseConnection,
    email: &str,
    address: &str,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({SIGN_IN_LOCK})"))
            .await?;
    }
    let since = Utc::now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let failures = || {
        login_attempt::Entity::find()
            .filter(login_attempt::Column::At.gt(since))
            .filter(login_attempt::Column::Succeeded.eq(false))
    };
    let limits = [
        (
            failures()
                .filter(login_attempt::Column::Email.eq(email))
                .filter(login_attempt::Column::Address.eq(address)),
            MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        ),
        (
            failures().filter(login_attempt::Column::Email.eq(email)),
            MAX_FAILURES_PER_ACCOUNT,
        ),
        (
            failures().filter(login_attempt::Column::Address.eq(address)),
            MAX_FAILURES_PER_ADDRESS,
        ),
    ];
    for (count, limit) in limits {
        if count.count(&txn).await? >= limit {
            return Err(AppError::TooManyAttempts {
                minutes: THROTTLE_WINDOW_MINUTES,
            });
        }
    }
    let now = Utc::now();
    let attempt = login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        address: Set(address.to_owned()),
        at: Set(now),
        succeeded: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(now - Duration::days(1)))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(attempt.id)
}

/// What a password change asks for, besides the account.
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    /// The address it comes from (`client_address`).
    pub address: &'a str,
    /// The session that stays signed in.
    pub keep_session: Option<&'a tower_sessions::session::Id>,
}

/// Changes a password after checking the current one; ends the account's
/// other sessions. The check of the current password is throttled as a
/// sign-in is (`check_sign_in`): a stolen session cannot try guesses at
/// the password faster, and a wrong one counts as a failed sign-in.
pub async fn change_password(
    db: &DatabaseConnection,
    checks: &password::Checks,
    user_id: i32,
    change: PasswordChange<'_>,
) -> Result<(), AppError> {
    password::check_new("new", change.new)?;
    if change.current.chars().count() > password::MAX_PASSWORD_CHARS {
        return Err(AppError::invalid("current", "is not your password"));
    }
    let user = user_account::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorised)?;
    let _checking = checks.permit()?;
    let attempt = take_attempt(db, &user.email, change.address).await?;
    if !password::verify(change.current.to_owned(), user.password_hash.clone()).await {
        return Err(AppError::invalid("current", "is not your password"));
    }
    succeeded(db, attempt, None).await?;
    set_password(db, user, change.new.to_owned(), change.keep_session).await
}

/// Stores a new password and ends the account's sessions but `keep_session`.
pub async fn set_password(
    db: &DatabaseConnection,
    user: user_account::Model,
    new: String,
    keep_session: Option<&tower_sessions::session::Id>,
) -> Result<(), AppError> {
    let hash = password::hash(new).await?;
    let user_id = user.id;
    let txn = crate::db::begin_write(db).await?;
    let mut active: user_account::ActiveModel = user.into();
    active.password_hash = Set(Some(hash));
    active.update(&txn).await?;
    super::store::end_sessions_of(&txn, user_id, keep_session).await?;
    // A link handed out before would set the password anew; a token made
    // by whoever knew the old password would still work.
    super::links::end_open_links(&txn, user_id, None).await?;
    super::links::revoke_api_tokens(&txn, user_id).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether any account exists: an installation without one prints a
/// one-time setup link at start.
pub async fn any_user(db: &DatabaseConnection) -> Result<bool, AppError> {
    Ok(user_account::Entity::find().count(db).await? > 0)
}

/// A new personal API token for `user_id`, labelled `label`. The token is
/// returned once; only its digest is stored.
pub async fn create_api_token(
    db: &impl ConnectionTrait,
    user_id: i32,
    label: &str,
) -> Result<String, AppError> {
    let label = crate::edit::name("label", label)?;
    let token = super::tokens::new_secret("fdt_");
    crate::entities::api_token::ActiveModel {
        user_id: Set(user_id),
        label: Set(label),
        token_hash: Set(super::tokens::digest(&token)),
        created_at: Set(crate::history::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The API tokens of `user_id` that work, newest first.
pub async fn api_tokens_of(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Vec<super::ApiTokenInfo>, AppError> {
    use crate::entities::api_token;
    use sea_orm::QueryOrder;
    Ok(api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|t| super::ApiTokenInfo {
            id: t.id,
            label: t.label,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
        })
        .collect())
}

/// Revokes a token of `user_id`; someone else's token is not found.
pub async fn revoke_api_token(
    db: &DatabaseConnection,
    user_id: i32,
    token_id: i32,
) -> Result<(), AppError> {
    use crate::entities::api_token;
    use sea_orm::sea_query::Expr;
    let revoked = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::Id.eq(token_id))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if revoked.rows_affected == 0 {
        return Err(AppError::not_found("API token", &token_id.to_string()));
    }
    Ok(())
}

/// Account `user_id`'s open sessions, the newest first; `current` is the
/// digest of the asking request's session.
pub async fn sessions_of(
    db: &DatabaseConnection,
    user_id: i32,
    current: Option<&str>,
) -> Result<Vec<super::MySession>, AppError> {
    use crate::entities::session;
    use sea_orm::QueryOrder;
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.gt(crate::history::now()))
        .order_by_desc(session::Column::ExpiresAt)
        .all(db)
        .await?;
    let mut sessions: Vec<super::MySession> = rows
        .into_iter()
        .map(|row| {
            let data: serde_json::Value = serde_json::from_str(&row.data).unwrap_or_default();
            super::MySession {
                current: current == Some(row.id.as_str()),
                browser: data[super::caller::SESSION_BROWSER]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                signed_in_at: data[super::caller::SESSION_STARTED]
                    .as_i64()
                    .and_then(|at| chrono::DateTime::from_timestamp(at, 0)),
                handle: row.id,
            }
        })
        .collect();
    sessions.sort_by_key(|s| std::cmp::Reverse(s.signed_in_at));
    Ok(sessions)
}

/// Ends account `user_id`'s session `handle`; a handle that is not one of
/// theirs is not found (and nothing ends).
pub async fn end_session_of(
    db: &DatabaseConnection,
    user_id: i32,
    handle: &str,
) -> Result<(), AppError> {
    use crate::entities::session;
    let ended = session::Entity::delete_many()
        .filter(session::Column::Id.eq(handle))
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if ended.rows_affected == 0 {
        return Err(AppError::not_found("session", handle));
    }
    Ok(())
}
