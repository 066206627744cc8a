use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A named plan to compare against: the plan as it was recorded at `captured_at`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "baseline")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    pub key: String,
    pub name: String,
    /// The date the baseline is known by ("Godkjent plan 2008-12").
    pub date: Date,
    pub captured_at: DateTimeUtc,
    pub version: i32,
    /// Set when the record was archived: hidden from current views, kept in
    /// history and restorable.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
