//! Giving and taking roles, through the write path like every other change.

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::access::Action;
use crate::account::links::{self, Purpose};
use crate::domain::Role;
use crate::domain::{Saved, VersionOnly};
use crate::edit::{Edit, Writer};
use crate::entities::{membership, sub_project, user_account};
use crate::error::AppError;

use super::{AddedMember, NewMember};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;

/// The key of a membership: one per person for a project-wide role, one
/// per person and sub-project for a sub-project leader's.
pub fn membership_key(user_id: i32, sub_project_id: Option<i32>) -> String {
    match sub_project_id {
        Some(sub) => format!("user-{user_id}-sub-{sub}"),
        None => format!("user-{user_id}"),
    }
}

/// Gives the person with `email` (who has an account) the role `role` in the
/// project (for a sub-project leader: of the sub-project `sub_project`). A
/// project-wide role replaces the person's earlier project-wide role.
pub async fn grant_role(
    db: &sea_orm::DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    email: &str,
    role: Role,
    sub_project: Option<&str>,
) -> Result<Saved, AppError> {
    let mut edit = Edit::begin(
        db,
        writer,
        project_key,
        Action::ManageMembers,
        "Gave a role in the project",
    )
    .await?;
    let email = crate::account::users::normalise_email("email", email)?;
    let user = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(&email))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::invalid("email", "has no account"))?;
    let saved = give_role(&mut edit, &user, role, sub_project).await?;
    edit.finish(&saved).await
}

/// Gives a person a role in the project. Without an account they get one,
/// without a password: the answer carries the invitation link (shown once)
/// with which they choose their name and password. Someone invited who has
/// not used their link yet gets a fresh one.
pub async fn add_member(
    db: &sea_orm::DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    input: NewMember,
) -> Result<AddedMember, AppError> {
    let email = crate::account::users::normalise_email("email", &input.email)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project_key,
        Action::ManageMembers,
        "Gave a role in the project",
    )
    .await?;
    let found = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(&email))
        .one(&edit.txn)
        .await?;
    let project_id = edit.project_id();
    let had_account = found.is_some();
    let user = match found {
        Some(user) => user,
        None => {
            let name = match input.display_name.trim() {
                "" => email.clone(),
                name => name.to_owned(),
            };
            crate::account::users::create_for_project(&edit.txn, &email, &name, project_id).await?
        }
    };
    if user.disabled_at.is_some() {
        return Err(AppError::invalid("email", "belongs to a disabled account"));
    }
    let saved = give_role(&mut edit, &user, input.role, input.sub_project.as_deref()).await?;
    let invitation = if !had_account || may_invite_again(&edit.txn, &user, project_id).await? {
        let token = links::issue(
            &edit.txn,
            Purpose::Invite,
            Some(user.id),
            Some(edit.project_id()),
            writer.caller.user.as_ref().map(|u| u.id),
            Duration::days(INVITATION_DAYS),
        )
        .await?;
        Some(links::path(&token))
    } else {
        None
    };
    let saved = edit.finish(&saved).await?;
    Ok(AddedMember {
        saved,
        email,
        invitation,
        had_account,
    })
}

/// Whether a leader of project `project_id` may be handed a new invitation
/// link for `user`, who has an account: a link sets the account's password,
/// so only for an account still without one that this project's invitation
/// or import created and that holds no role in another project. Anyone else
/// signs in as they do; an administrator can send them a reset link.
async fn may_invite_again(
    txn: &sea_orm::DatabaseTransaction,
    user: &user_account::Model,
    project_id: i32,
) -> Result<bool, AppError> {
    if user.password_hash.is_some()
        || user.is_admin
        || user.created_for_project_id != Some(project_id)
    {
        return Ok(false);
    }
    let elsewhere = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id))
        .filter(membership::Column::ProjectId.ne(project_id))
        .filter(membership::Column::ArchivedAt.is_null())
        .count(txn)
        .await?;
    Ok(elsewhere == 0)
}

/// Takes a role away (archives the membership; the history keeps who held
/// it when). A project keeps at least one leader.
pub async fn remove_member(
    db: &sea_orm::DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    member_key: &str,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let mut edit = Edit::begin(
        db,
        writer,
        project_key,
        Action::ManageMembers,
        "Took a role away",
    )
    .await?;
    let old = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(edit.project_id()))
        .filter(membership::Column::Key.eq(member_key))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("member", member_key))?;
    keep_a_leader(&edit, &old, "member").await?;
    let scope = old.sub_project_id;
    let new = edit
        .set_archived::<membership::Entity>("the membership", scope, &old, true, input.version)
        .await?;
    // An invitation to the role taken away no longer lets anyone in.
    links::end_open_links(&edit.txn, old.user_id, Some(edit.project_id())).await?;
    edit.finish(&new).await
}

/// Gives the account `user_id` a project-wide `role` inside an edit (the
/// creator of a project its leadership).
pub(crate) async fn give_role_to(
    edit: &mut Edit,
    user_id: i32,
    role: Role,
) -> Result<membership::Model, AppError> {
    let user = user_account::Entity::find_by_id(user_id)
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("account", &user_id.to_string()))?;
    give_role(edit, &user, role, None).await
}

/// The role itself, inside an edit: a new membership, or the person's
/// earlier one (archived or not) changed.
async fn give_role(
    edit: &mut Edit,
    user: &user_account::Model,
    role: Role,
    sub_project: Option<&str>,
) -> Result<membership::Model, AppError> {
    let sub_project_id = match (role, sub_project.filter(|s| !s.is_empty())) {
        (Role::SubProjectLeader, Some(key)) => Some(
            edit.find_named::<sub_project::Entity>("sub_project", "sub-project", key)
                .await?
                .id,
        ),
        (Role::SubProjectLeader, None) => {
            return Err(AppError::invalid(
                "sub_project",
                "must be chosen for a sub-project leader",
            ));
        }
        (_, Some(_)) => {
            return Err(AppError::invalid(
                "sub_project",
                "is only for sub-project leaders",
            ));
        }
        (_, None) => None,
    };
    let key = membership_key(user.id, sub_project_id);
    let old = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(edit.project_id()))
        .filter(membership::Column::Key.eq(&key))
        .one(&edit.txn)
        .await?;
    match old {
        Some(old) => {
            if role != Role::Leader {
                keep_a_leader(edit, &old, "role").await?;
            }
            let new = membership::Model {
                role: role.code().to_owned(),
                archived_at: None,
                ..old.clone()
            };
            let version = old.version;
            edit.update::<membership::Entity>("the membership", sub_project_id, &old, version, new)
                .await
        }
        None => {
            let created = membership::ActiveModel {
                project_id: Set(edit.project_id()),
                key: Set(key),
                user_id: Set(user.id),
                role: Set(role.code().to_owned()),
                sub_project_id: Set(sub_project_id),
                version: Set(1),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
            edit.record(sub_project_id, None, &created).await?;
            Ok(created)
        }
    }
}

/// Refuses to take the leader role from the project's last leader: someone
/// must be able to manage it without an administrator.
async fn keep_a_leader(edit: &Edit, old: &membership::Model, field: &str) -> Result<(), AppError> {
    if old.archived_at.is_some() || old.role != Role::Leader.code() {
        return Ok(());
    }
    let leaders = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(edit.project_id()))
        .filter(membership::Column::Role.eq(Role::Leader.code()))
        .filter(membership::Column::ArchivedAt.is_null())
        .count(&edit.txn)
        .await?;
    if leaders <= 1 {
        return Err(AppError::invalid(
            field,
            "would leave the project without a leader; give someone else the role first",
        ));
    }
    Ok(())
}
