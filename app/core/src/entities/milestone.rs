use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "milestone")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub sub_project_id: Option<i32>,
    pub key: String,
    pub name: String,
    pub kind: String,
    pub first_day: Date,
    pub last_day: Date,
    pub place: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// planned, held, moved or cancelled.
    pub status: String,
    pub actual_first_day: Option<Date>,
    pub actual_last_day: Option<Date>,
    pub version: i32,
    /// Set when the record was archived: hidden from current views, kept in
    /// history and restorable.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
