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
    /// Who acted; "local" until accounts arrive.
    pub actor: String,
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
