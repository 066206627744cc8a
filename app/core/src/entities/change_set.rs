use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One edit or one import: the changes recorded together.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "change_set")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub recorded_at: DateTimeUtc,
    /// Who acted, as they were named then: an account's display name and
    /// address, or "local"/"system" for changes made without an account.
    pub actor: String,
    /// The account behind the change, when there was one.
    pub user_id: Option<i32>,
    /// page, api, import or upgrade.
    pub source: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    /// Content that no source reports, shown as illustrative (the demo's
    /// progress after what the seeds tell).
    pub illustrative: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
