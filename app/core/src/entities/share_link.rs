use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A read-only link to one project for people without an account. The
/// token itself is shown once; only its SHA-256 is kept. Revoking archives.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "share_link")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub key: String,
    pub label: String,
    #[serde(skip)]
    #[sea_orm(unique)]
    pub token_hash: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub expires_at: Option<DateTimeUtc>,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
