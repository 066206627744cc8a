//! One-time links: the invitation of someone given a role before they had
//! an account, a new password for someone who forgot theirs, and the setup
//! of the first administrator. Each works once, until it expires; only the
//! SHA-256 of its token is stored.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, sea_query::Expr,
};

use crate::entities::{one_time_link, project, user_account};
use crate::error::AppError;

use super::Welcome;
use super::tokens;
use crate::identity::SignedIn;

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The first administrator of an installation without accounts.
    Setup,
    /// Someone given a role who has no password yet.
    Invite,
    /// A new password, handed out by an administrator.
    Reset,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::Setup => "setup",
            Purpose::Invite => "invite",
            Purpose::Reset => "reset",
        }
    }
}

/// The page a link opens.
pub fn path(token: &str) -> String {
    format!("/welcome/{token}")
}

/// Creates a link and returns its token.
pub async fn issue(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    user_id: Option<i32>,
    project_id: Option<i32>,
    created_by: Option<i32>,
    valid_for: Duration,
) -> Result<String, AppError> {
    let token = tokens::new_secret("fdl_");
    let now = crate::history::now();
    one_time_link::ActiveModel {
        token_hash: Set(tokens::digest(&token)),
        purpose: Set(purpose.code().to_owned()),
        user_id: Set(user_id),
        project_id: Set(project_id),
        created_by: Set(created_by),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// A link that still works, and the account it is for (none for setup).
async fn usable(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<(one_time_link::Model, Option<user_account::Model>), AppError> {
    let gone = || AppError::not_found("link", "given (it may have been used or have expired)");
    let link = one_time_link::Entity::find()
        .filter(one_time_link::Column::TokenHash.eq(tokens::digest(token)))
        .filter(one_time_link::Column::UsedAt.is_null())
        .one(db)
        .await?
        .filter(|link| link.expires_at > Utc::now())
        .ok_or_else(gone)?;
    let user = match link.user_id {
        Some(id) => Some(
            user_account::Entity::find_by_id(id)
                .filter(user_account::Column::DisabledAt.is_null())
                .one(db)
                .await?
                .ok_or_else(gone)?,
        ),
        None => None,
    };
    Ok((link, user))
}

/// What the page of a link shows before it is used.
pub async fn inspect(db: &DatabaseConnection, token: &str) -> Result<Welcome, AppError> {
    let (link, user) = usable(db, token).await?;
    let project = match link.project_id {
        Some(id) => project::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.name),
        None => None,
    };
    Ok(Welcome {
        setup: link.purpose == Purpose::Setup.code(),
        email: user.as_ref().map(|u| u.email.clone()),
        display_name: user.map(|u| u.display_name).unwrap_or_default(),
        project,
    })
}

/// Uses a link: sets the name and password of its account (for setup:
/// creates the administrator with `email`), ends the account's sessions,
/// and marks the link used, all or nothing. A link used twice at once
/// works for one of the two.
pub async fn redeem(
    db: &DatabaseConnection,
    token: &str,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<SignedIn, AppError> {
    let display_name = crate::edit::name("display_name", display_name)?;
    super::password::check_new("password", password)?;
    // Checked before the (slow) hash, and again inside the transaction.
    usable(db, token).await?;
    let hash = super::password::hash(password.to_owned()).await?;
    let txn = crate::db::begin_write(db).await?;
    let (link, user) = usable(&txn, token).await?;
    // Claim the link first: of two uses at once, the second finds it used.
    let claimed = one_time_link::Entity::update_many()
        .col_expr(one_time_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(one_time_link::Column::Id.eq(link.id))
        .filter(one_time_link::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::not_found("link", "given (it has been used)"));
    }
    let user = match user {
        // An invitation is for choosing a first password: once the account
        // has one, it is spent (a second invitation cannot overwrite it).
        Some(user) if link.purpose == Purpose::Invite.code() && user.password_hash.is_some() => {
            return Err(AppError::not_found("link", "given (it has been used)"));
        }
        Some(user) => {
            end_open_links(&txn, user.id, None).await?;
            revoke_api_tokens(&txn, user.id).await?;
            let mut active: user_account::ActiveModel = user.into();
            active.display_name = Set(display_name);
            active.password_hash = Set(Some(hash));
            let user = active.update(&txn).await?;
            super::store::end_sessions_of(&txn, user.id, None).await?;
            user
        }
        None => {
            let mut user =
                super::users::create_user(&txn, email, &display_name, None, true).await?;
            let mut active: user_account::ActiveModel = user.clone().into();
            active.password_hash = Set(Some(hash));
            user = active.update(&txn).await?;
            user
        }
    };
    txn.commit().await?;
    Ok(SignedIn::from(user))
}

/// Ends the open one-time links of account `user_id` (only those of
/// `project`'s invitations, if given): the account's password was just set
/// or changed, or its role in that project taken away.
pub async fn end_open_links(
    db: &impl ConnectionTrait,
    user_id: i32,
    project: Option<i32>,
) -> Result<(), AppError> {
    let mut open = one_time_link::Entity::update_many()
        .col_expr(one_time_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(one_time_link::Column::UserId.eq(user_id))
        .filter(one_time_link::Column::UsedAt.is_null());
    if let Some(project) = project {
        open = open
            .filter(one_time_link::Column::Purpose.eq(Purpose::Invite.code()))
            .filter(one_time_link::Column::ProjectId.eq(project));
    }
    open.exec(db).await?;
    Ok(())
}

/// Revokes the personal API tokens of account `user_id`: its password was
/// just changed or reset, perhaps because someone else knew it.
pub async fn revoke_api_tokens(db: &impl ConnectionTrait, user_id: i32) -> Result<(), AppError> {
    use crate::entities::api_token;
    api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// A setup link for the first administrator, if the installation has no
/// account yet (printed at start, `server serve`).
pub async fn setup_link_if_no_accounts(
    db: &DatabaseConnection,
) -> Result<Option<String>, AppError> {
    if super::users::any_user(db).await? {
        return Ok(None);
    }
    // Earlier unused setup links stop working: only the newest one printed counts.
    one_time_link::Entity::update_many()
        .col_expr(one_time_link::Column::UsedAt, Expr::value(Utc::now()))
        .filter(one_time_link::Column::Purpose.eq(Purpose::Setup.code()))
        .filter(one_time_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let token = issue(db, Purpose::Setup, None, None, None, Duration::days(1)).await?;
    Ok(Some(path(&token)))
}

/// A link with which an administrator lets someone choose a new password.
pub async fn reset_link(
    db: &DatabaseConnection,
    email: &str,
    created_by: Option<i32>,
) -> Result<String, AppError> {
    let email = super::users::normalise_email("email", email)?;
    let user = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(&email))
        .filter(user_account::Column::DisabledAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("email", "has no account"))?;
    let token = issue(
        db,
        Purpose::Reset,
        Some(user.id),
        None,
        created_by,
        Duration::days(2),
    )
    .await?;
    Ok(path(&token))
}
