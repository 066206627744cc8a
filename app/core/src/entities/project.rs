use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "project")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    pub funding_programme: String,
    pub period_start: Date,
    pub period_end: Date,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(column_type = "Text")]
    pub target_group: String,
    pub website: String,
    /// Readable by anyone, writable only by its members. Older snapshots in
    /// the history lack the field: they were not public.
    #[serde(default)]
    pub public: bool,
    /// When an administrator archived the finished project (it leaves the
    /// list of all but its members and administrators, and stays
    /// readable); none while it is active. Older snapshots lack the field.
    #[serde(default)]
    pub archived_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
