//! Accounts administered in the browser: when each person last signed in,
//! and the record of what administrators did to accounts (invited, made or
//! unmade administrator, disabled, enabled, given a reset link) — who did
//! it and when.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum UserAccount {
    Table,
    Id,
    LastSignedInAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AccountChange {
    Table,
    Id,
    At,
    ActorId,
    Actor,
    AccountId,
    Action,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .add_column(timestamp_with_time_zone_null(UserAccount::LastSignedInAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AccountChange::Table)
                    .col(pk_auto(AccountChange::Id))
                    .col(timestamp_with_time_zone(AccountChange::At))
                    .col(integer_null(AccountChange::ActorId))
                    .col(string(AccountChange::Actor))
                    .col(integer(AccountChange::AccountId))
                    .col(string(AccountChange::Action))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountChange::Table, AccountChange::AccountId)
                            .to(UserAccount::Table, UserAccount::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("account_change_at")
                    .table(AccountChange::Table)
                    .col(AccountChange::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccountChange::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .drop_column(UserAccount::LastSignedInAt)
                    .to_owned(),
            )
            .await
    }
}
