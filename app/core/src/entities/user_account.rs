use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A person who signs in. Never deleted: disabled, so the history can still
/// name who made each change.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Trimmed and in lower case.
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    /// An Argon2id hash in PHC form; none until the person sets a password.
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub is_admin: bool,
    pub created_at: DateTimeUtc,
    pub disabled_at: Option<DateTimeUtc>,
    /// The project whose invitation or import created the account; none
    /// for one made by an administrator, the setup link or the command line.
    pub created_for_project_id: Option<i32>,
    /// The last successful sign-in; none before the first.
    pub last_signed_in_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
