//! The administration's reads and writes. Each write is one transaction
//! with its record in `account_change`; every one asks first whether the
//! caller administers the installation.

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::access::{ProjectCreators, must_administer};
use crate::account::links::{self, Purpose};
use crate::domain::Role;
use crate::entities::{
    account_change, installation_setting, membership, project, session, sub_project, user_account,
};
use crate::error::AppError;
use crate::identity::Caller;

use super::{Account, AccountAction, AccountChange, AccountRole, Administration};

/// Account changes the page lists, the newest first.
const CHANGES_SHOWN: u64 = 200;

pub async fn administration(
    db: &DatabaseConnection,
    caller: &Caller,
) -> Result<Administration, AppError> {
    must_administer(caller)?;
    let accounts = user_account::Entity::find()
        .order_by_asc(user_account::Column::Email)
        .all(db)
        .await?;
    let projects: HashMap<i32, project::Model> = project::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let subs: HashMap<i32, String> = sub_project::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut roles: HashMap<i32, Vec<AccountRole>> = HashMap::new();
    for m in membership::Entity::find()
        .filter(membership::Column::ArchivedAt.is_null())
        .all(db)
        .await?
    {
        let (Some(project), Some(role)) = (projects.get(&m.project_id), Role::from_code(&m.role))
        else {
            continue;
        };
        roles.entry(m.user_id).or_default().push(AccountRole {
            project_key: project.key.clone(),
            project_name: project.name.clone(),
            role,
            sub_project: m.sub_project_id.and_then(|id| subs.get(&id).cloned()),
        });
    }
    let emails: HashMap<i32, String> = accounts.iter().map(|a| (a.id, a.email.clone())).collect();
    let changes = account_change::Entity::find()
        .order_by_desc(account_change::Column::At)
        .order_by_desc(account_change::Column::Id)
        .limit(CHANGES_SHOWN)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(AccountChange {
                at: c.at,
                by: c.actor,
                account: emails.get(&c.account_id).cloned().unwrap_or_default(),
                action: AccountAction::from_code(&c.action)?,
            })
        })
        .collect();
    Ok(Administration {
        everyone_creates_projects: ProjectCreators::read(db).await? == ProjectCreators::SignedIn,
        accounts: accounts
            .into_iter()
            .map(|a| Account {
                roles: roles.remove(&a.id).unwrap_or_default(),
                id: a.id,
                email: a.email,
                display_name: a.display_name,
                is_admin: a.is_admin,
                has_password: a.password_hash.is_some(),
                disabled: a.disabled_at.is_some(),
                last_signed_in_at: a.last_signed_in_at,
            })
            .collect(),
        changes,
    })
}

/// Creates an account without a password and an invitation link for it.
pub async fn invite(
    db: &DatabaseConnection,
    caller: &Caller,
    email: &str,
    display_name: &str,
) -> Result<String, AppError> {
    must_administer(caller)?;
    let txn = crate::db::begin_write(db).await?;
    let account =
        crate::account::users::create_user(&txn, email, display_name, None, false).await?;
    let token = links::issue(
        &txn,
        Purpose::Invite,
        Some(account.id),
        None,
        caller.user.as_ref().map(|u| u.id),
        Duration::days(crate::members::commands::INVITATION_DAYS),
    )
    .await?;
    record(&txn, caller, account.id, AccountAction::Invited).await?;
    txn.commit().await?;
    Ok(links::path(&token))
}

pub async fn set_admin(
    db: &DatabaseConnection,
    caller: &Caller,
    account: i32,
    admin: bool,
) -> Result<(), AppError> {
    must_administer(caller)?;
    let txn = crate::db::begin_write(db).await?;
    let found = account_of(&txn, account).await?;
    if found.is_admin == admin {
        return Err(AppError::invalid(
            "is_admin",
            if admin {
                "the account is an administrator already"
            } else {
                "the account is not an administrator"
            },
        ));
    }
    if !admin {
        keep_an_administrator(&txn, &found, "is_admin").await?;
    }
    user_account::Entity::update_many()
        .col_expr(user_account::Column::IsAdmin, Expr::value(admin))
        .filter(user_account::Column::Id.eq(account))
        .exec(&txn)
        .await?;
    let action = if admin {
        AccountAction::MadeAdmin
    } else {
        AccountAction::UnmadeAdmin
    };
    record(&txn, caller, account, action).await?;
    txn.commit().await?;
    Ok(())
}

/// Disabling ends the account's sessions, API tokens and open links in
/// the same transaction: its next request is anonymous.
pub async fn set_disabled(
    db: &DatabaseConnection,
    caller: &Caller,
    account: i32,
    disabled: bool,
) -> Result<(), AppError> {
    must_administer(caller)?;
    let txn = crate::db::begin_write(db).await?;
    let found = account_of(&txn, account).await?;
    if found.disabled_at.is_some() == disabled {
        return Err(AppError::invalid(
            "disabled",
            if disabled {
                "the account is disabled already"
            } else {
                "the account is not disabled"
            },
        ));
    }
    if disabled {
        if caller.user.as_ref().is_some_and(|u| u.id == account) {
            return Err(AppError::invalid(
                "disabled",
                "you cannot disable your own account",
            ));
        }
        if found.is_admin {
            keep_an_administrator(&txn, &found, "disabled").await?;
        }
    }
    user_account::Entity::update_many()
        .col_expr(
            user_account::Column::DisabledAt,
            Expr::value(disabled.then(crate::history::now)),
        )
        .filter(user_account::Column::Id.eq(account))
        .exec(&txn)
        .await?;
    let action = if disabled {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(account))
            .exec(&txn)
            .await?;
        links::revoke_api_tokens(&txn, account).await?;
        links::end_open_links(&txn, account, None).await?;
        AccountAction::Disabled
    } else {
        AccountAction::Enabled
    };
    record(&txn, caller, account, action).await?;
    txn.commit().await?;
    Ok(())
}

/// A password-reset link for an account that is not disabled.
pub async fn reset(
    db: &DatabaseConnection,
    caller: &Caller,
    account: i32,
) -> Result<String, AppError> {
    must_administer(caller)?;
    let txn = crate::db::begin_write(db).await?;
    let found = account_of(&txn, account).await?;
    if found.disabled_at.is_some() {
        return Err(AppError::invalid(
            "account",
            "is disabled: enable it before giving it a new password",
        ));
    }
    let token = links::issue(
        &txn,
        Purpose::Reset,
        Some(account),
        None,
        caller.user.as_ref().map(|u| u.id),
        Duration::days(2),
    )
    .await?;
    record(&txn, caller, account, AccountAction::ResetLink).await?;
    txn.commit().await?;
    Ok(links::path(&token))
}

/// Sets who may create projects.
pub async fn set_project_creators(
    db: &DatabaseConnection,
    caller: &Caller,
    everyone: bool,
) -> Result<(), AppError> {
    use sea_orm::sea_query::OnConflict;
    must_administer(caller)?;
    let creators = if everyone {
        ProjectCreators::SignedIn
    } else {
        ProjectCreators::Administrators
    };
    installation_setting::Entity::insert(installation_setting::ActiveModel {
        name: Set(ProjectCreators::NAME.to_owned()),
        value: Set(creators.code().to_owned()),
    })
    .on_conflict(
        OnConflict::column(installation_setting::Column::Name)
            .update_column(installation_setting::Column::Value)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

async fn account_of(txn: &DatabaseTransaction, id: i32) -> Result<user_account::Model, AppError> {
    user_account::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("account", &id.to_string()))
}

/// Refuses, naming `field`, to leave the installation without an
/// administrator who can sign in. The administrators' rows are locked
/// (PostgreSQL), so two administrators unmaking each other at once cannot
/// both pass.
async fn keep_an_administrator(
    txn: &DatabaseTransaction,
    leaving: &user_account::Model,
    field: &str,
) -> Result<(), AppError> {
    let others = user_account::Entity::find()
        .filter(user_account::Column::IsAdmin.eq(true))
        .filter(user_account::Column::DisabledAt.is_null())
        .filter(user_account::Column::Id.ne(leaving.id))
        .lock_exclusive()
        .all(txn)
        .await?
        .len();
    if others == 0 {
        return Err(AppError::invalid(
            field,
            "the installation needs at least one administrator",
        ));
    }
    Ok(())
}

async fn record(
    db: &impl ConnectionTrait,
    caller: &Caller,
    account: i32,
    action: AccountAction,
) -> Result<(), AppError> {
    account_change::ActiveModel {
        at: Set(crate::history::now()),
        actor_id: Set(caller.user.as_ref().map(|u| u.id)),
        actor: Set(caller.actor().name),
        account_id: Set(account),
        action: Set(action.code().to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
