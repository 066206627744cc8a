//! The demo: the seed project in the exchange format and the demo's people,
//! loaded by `server serve --demo` and `server demo load`.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use crate::domain::Role;
use crate::edit::Writer;
use crate::entities::user_account;
use crate::error::AppError;
use crate::identity::Caller;
use crate::members;

/// The seed project (Interreg Sverige–Norge, 2008–2011) in the exchange format.
pub const DEMO_PROJECT: &str = include_str!("../../demo/interreg-integrering.toml");
/// The key the demo project has in `DEMO_PROJECT`.
pub const DEMO_PROJECT_KEY: &str = "interreg-integrering";

/// The password of every demo account (README, "Demo accounts").
pub const DEMO_PASSWORD: &str = "framdrift-demo";

/// The demo's people: one per role, in the demo project.
pub const DEMO_USERS: [(&str, &str, Option<Role>, Option<&str>); 4] = [
    ("admin@demo.framdrift.no", "Demo Administrator", None, None),
    (
        "leder@demo.framdrift.no",
        "Demo Prosjektleder",
        Some(Role::Leader),
        None,
    ),
    (
        "delprosjekt@demo.framdrift.no",
        "Demo Delprosjektleder (Stjørdal)",
        Some(Role::SubProjectLeader),
        Some("stjordal"),
    ),
    (
        "partner@demo.framdrift.no",
        "Demo Partner",
        Some(Role::Partner),
        None,
    ),
];

/// Creates the demo accounts and their roles in the demo project, where
/// missing. Only ever called in demo mode (`server serve --demo`,
/// `server demo load --with-users`): their password is public.
pub async fn ensure_demo_users(db: &DatabaseConnection) -> Result<(), AppError> {
    let writer = Writer {
        caller: Caller::operator(),
        source: crate::history::Source::Import,
        rights_from: None,
    };
    for (email, name, role, sub_project) in DEMO_USERS {
        let exists = user_account::Entity::find()
            .filter(user_account::Column::Email.eq(email))
            .count(db)
            .await?
            > 0;
        if exists {
            continue;
        }
        crate::account::users::create_user(
            db,
            email,
            name,
            Some(DEMO_PASSWORD.to_owned()),
            role.is_none(),
        )
        .await?;
        if let Some(role) = role {
            members::commands::grant_role(db, &writer, DEMO_PROJECT_KEY, email, role, sub_project)
                .await?;
        }
    }
    Ok(())
}
