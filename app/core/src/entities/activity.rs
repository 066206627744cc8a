use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One row of a progress plan, with its progress as a whole.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "activity")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    /// The sub-project whose plan it belongs to; none for the project-wide plan.
    pub sub_project_id: Option<i32>,
    pub key: String,
    pub name: String,
    pub position: i32,
    pub status: String,
    pub percent_complete: i16,
    pub actual_start: Option<Date>,
    pub actual_end: Option<Date>,
    pub version: i32,
    /// Set when the record was archived: hidden from current views, kept in
    /// history and restorable.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
