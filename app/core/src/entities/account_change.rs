use sea_orm::entity::prelude::*;

/// Something an administrator did to an account: who, to whom, what and
/// when (`admin`). Accounts are not records of a project, so this is their
/// history.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_change")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    /// The administrator's account; none for the server's operator.
    pub actor_id: Option<i32>,
    /// The administrator as the history names people: `Name <address>`.
    pub actor: String,
    pub account_id: i32,
    /// `invited`, `made_admin`, `unmade_admin`, `disabled`, `enabled`,
    /// `reset_link`.
    pub action: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
