use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An overall goal or sub-goal of the project or of one sub-project.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "goal")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub sub_project_id: Option<i32>,
    /// `goal-1`, `sub-goal-2`; of a sub-project `nav/goal-1`.
    pub key: String,
    pub kind: String,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub version: i32,
    /// Set when the record was archived: hidden from current views, kept in
    /// history and restorable.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
