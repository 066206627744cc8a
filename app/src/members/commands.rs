//! Giving and taking roles, through the write path like every other change.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::access::Action;
use crate::domain::Role;
use crate::edit::{Edit, Writer};
use crate::entities::{membership, sub_project, user_account};
use crate::error::AppError;
use crate::plan::inputs::Saved;

/// The key of a membership: one per person for a project-wide role, one
/// per person and sub-project for a sub-project leader's.
pub fn membership_key(user_id: i32, sub_project_id: Option<i32>) -> String {
    match sub_project_id {
        Some(sub) => format!("user-{user_id}-sub-{sub}"),
        None => format!("user-{user_id}"),
    }
}

/// Gives the person with `email` the role `role` in the project (for a
/// sub-project leader: of the sub-project `sub_project`). A project-wide
/// role replaces the person's earlier project-wide role.
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
    let sub_project_id = match (role, sub_project) {
        (Role::SubProjectLeader, Some(key)) => Some(
            sub_project::Entity::find()
                .filter(sub_project::Column::ProjectId.eq(edit.project_id()))
                .filter(sub_project::Column::Key.eq(key))
                .one(&edit.txn)
                .await?
                .ok_or_else(|| AppError::invalid("sub_project", "is not in this project"))?
                .id,
        ),
        (Role::SubProjectLeader, None) => {
            return Err(AppError::invalid(
                "sub_project",
                "must be named for a sub-project leader",
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
    let saved = match old {
        Some(old) => {
            let new = membership::Model {
                role: role.code().to_owned(),
                archived_at: None,
                ..old.clone()
            };
            let version = old.version;
            edit.update::<membership::Entity>("the membership", sub_project_id, &old, version, new)
                .await?
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
            created
        }
    };
    let changed_at = edit.commit().await?;
    Ok(Saved {
        key: saved.key,
        version: saved.version,
        changed_at,
    })
}
