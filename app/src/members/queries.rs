//! Reading who has which role, for the project's leaders.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::access::{Action, authorise, readable};
use crate::domain::{Role, SubProjectRef};
use crate::entities::{membership, sub_project, user_account};
use crate::error::AppError;
use crate::identity::Caller;

use super::{AccessOverview, Member};

/// The members, share links and sub-projects of the project, if the caller
/// may manage its members.
pub async fn overview(
    db: &DatabaseConnection,
    caller: &Caller,
    project_key: &str,
) -> Result<AccessOverview, AppError> {
    let (project, grant) = readable(db, caller, project_key).await?;
    authorise(caller, &grant, Action::ManageMembers)?;
    let subs = sub_project::Entity::find()
        .filter(sub_project::Column::ProjectId.eq(project.id))
        .order_by_asc(sub_project::Column::Position)
        .all(db)
        .await?;
    let sub_names: HashMap<i32, SubProjectRef> = subs
        .iter()
        .map(|s| {
            let named = SubProjectRef {
                key: s.key.clone(),
                name: s.name.clone(),
            };
            (s.id, named)
        })
        .collect();
    let memberships = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(project.id))
        .filter(membership::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    let people: HashMap<i32, user_account::Model> = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(memberships.iter().map(|m| m.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut members: Vec<Member> = memberships
        .into_iter()
        .filter_map(|m| {
            let person = people.get(&m.user_id)?;
            Some(Member {
                key: m.key,
                version: m.version,
                email: person.email.clone(),
                display_name: person.display_name.clone(),
                role: Role::from_code(&m.role)?,
                sub_project: m.sub_project_id.and_then(|id| sub_names.get(&id).cloned()),
                invited: person.password_hash.is_none(),
            })
        })
        .collect();
    members.sort_by(|a, b| {
        let sub = |m: &Member| m.sub_project.as_ref().map(|s| s.name.clone());
        (a.role, &a.display_name, sub(a)).cmp(&(b.role, &b.display_name, sub(b)))
    });
    Ok(AccessOverview {
        members,
        share_links: crate::sharing::commands::list(db, project.id).await?,
        sub_projects: subs
            .into_iter()
            .filter(|s| s.archived_at.is_none())
            .map(|s| SubProjectRef {
                key: s.key,
                name: s.name,
            })
            .collect(),
    })
}
