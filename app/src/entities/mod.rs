//! SeaORM entities, one module per table of `migrations/`. Codes (kinds,
//! countries, cadences) are stored as text and turned into domain enums by the
//! feature modules that read them. Models serialise to JSON: that is the form
//! the history keeps of each state of a record.

pub mod activity;
pub mod api_token;
pub mod baseline;
pub mod change;
pub mod change_set;
pub mod goal;
pub mod login_attempt;
pub mod meeting_outcome;
pub mod meeting_series;
pub mod membership;
pub mod milestone;
pub mod one_time_link;
pub mod partner;
pub mod plan_cell;
pub mod progress_cell;
pub mod project;
pub mod record_version;
pub mod session;
pub mod share_link;
pub mod status_statement;
pub mod sub_project;
pub mod user_account;
