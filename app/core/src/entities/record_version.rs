use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A record's state between two changes, as JSON of its entity model.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "record_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub change_set_id: i32,
    pub kind: String,
    pub record_key: String,
    pub sub_project_id: Option<i32>,
    pub valid_from: DateTimeUtc,
    pub valid_to: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub data: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
