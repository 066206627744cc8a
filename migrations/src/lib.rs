//! Schema migrations. Only schema lives here: no data, no domain logic.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_core_tables;
mod m20261125_000002_history;
mod m20261126_000003_accounts;
mod m20261126_000004_project_revision;
mod m20261126_000005_revision_trigger;
mod m20261126_000006_status_key_pattern_index;
mod m20261127_000007_plan_revision;
mod m20261127_000008_illustrative_index;
mod m20261206_000009_open_versions_index;
mod m20261207_000010_project_change_notice;
mod m20261207_000011_account_origin;
mod m20261207_000012_project_archived;
mod m20261207_000013_account_administration;
mod m20261207_000014_installation_setting;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_core_tables::Migration),
            Box::new(m20261125_000002_history::Migration),
            Box::new(m20261126_000003_accounts::Migration),
            Box::new(m20261126_000004_project_revision::Migration),
            Box::new(m20261126_000005_revision_trigger::Migration),
            Box::new(m20261126_000006_status_key_pattern_index::Migration),
            Box::new(m20261127_000007_plan_revision::Migration),
            Box::new(m20261127_000008_illustrative_index::Migration),
            Box::new(m20261206_000009_open_versions_index::Migration),
            Box::new(m20261207_000010_project_change_notice::Migration),
            Box::new(m20261207_000011_account_origin::Migration),
            Box::new(m20261207_000012_project_archived::Migration),
            Box::new(m20261207_000013_account_administration::Migration),
            Box::new(m20261207_000014_installation_setting::Migration),
        ]
    }
}
