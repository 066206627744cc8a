use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One field of one record changed by a change set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub change_set_id: i32,
    pub kind: String,
    pub record_key: String,
    pub sub_project_id: Option<i32>,
    pub field: String,
    /// JSON; none when the record was created.
    #[sea_orm(column_type = "Text", nullable)]
    pub old_value: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub new_value: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
