use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What actually happened in an activity in one half-year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "progress_cell")]
pub struct Model {
    pub project_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub half: i16,
    pub marks: i16,
    /// fully, partly, not_achieved or not_due.
    pub achievement: String,
    #[sea_orm(column_type = "Text")]
    pub comment: String,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
