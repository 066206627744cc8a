//! SeaORM entities, one module per table of `migrations/`. Codes (kinds,
//! countries, cadences) are stored as text and turned into domain enums by the
//! feature modules that read them.

pub mod activity;
pub mod goal;
pub mod meeting_series;
pub mod milestone;
pub mod partner;
pub mod plan_cell;
pub mod project;
pub mod status_statement;
pub mod sub_project;
