use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether one derived occurrence of a meeting series was held.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meeting_outcome")]
pub struct Model {
    pub project_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub series_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub planned_date: Date,
    pub held: bool,
    pub actual_date: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
