use sea_orm::entity::prelude::*;

/// A link that works once before it expires: `setup` (the first
/// administrator), `reset` (a new password for `user_id`) or `invite`
/// (`email` joins `project_id` as `role`). Only the token's SHA-256 is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_link")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub purpose: String,
    pub user_id: Option<i32>,
    pub project_id: Option<i32>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub sub_project_id: Option<i32>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
