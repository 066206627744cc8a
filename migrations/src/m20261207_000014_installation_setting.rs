//! Settings of the whole installation, chosen by its administrators: one
//! row per setting (`project_creators`: who may create projects).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum InstallationSetting {
    Table,
    Name,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(InstallationSetting::Table)
                    .col(string(InstallationSetting::Name).primary_key())
                    .col(string(InstallationSetting::Value))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InstallationSetting::Table).to_owned())
            .await
    }
}
