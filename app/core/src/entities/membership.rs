use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A person's role in a project: `leader`, `partner`, or
/// `sub_project_leader` of the sub-project `sub_project_id`. A record of the
/// project with history, archived when the role is taken away.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "membership")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub project_id: i32,
    /// `user-<id>` for a project-wide role, `user-<id>-sub-<id>` for a
    /// sub-project leader's.
    pub key: String,
    pub user_id: i32,
    pub role: String,
    pub sub_project_id: Option<i32>,
    pub version: i32,
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
