//! SeaORM entities, one module per table of `migrations/`. Codes (kinds,
//! countries, cadences) are stored as text and turned into domain enums by the
//! feature modules that read them. Models serialise to JSON: that is the form
//! the history keeps of each state of a record.

pub mod account_change;
pub mod activity;
pub mod api_token;
pub mod baseline;
pub mod change;
pub mod change_set;
pub mod goal;
pub mod installation_setting;
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

/// A kind of record known by a key unique in its project: the columns that
/// find it, typed, for the write frame's steps (`edit::Edit::find_by_key`,
/// `insert_new`, `archive_by_key`).
pub trait KeyedInProject: sea_orm::EntityTrait {
    /// The id the database gives a new record.
    const ID: Self::Column;
    const PROJECT_ID: Self::Column;
    const KEY: Self::Column;
}

macro_rules! keyed_in_project {
    ($($module:ident),+ $(,)?) => {
        $(impl KeyedInProject for $module::Entity {
            const ID: Self::Column = $module::Column::Id;
            const PROJECT_ID: Self::Column = $module::Column::ProjectId;
            const KEY: Self::Column = $module::Column::Key;
        })+
    };
}

keyed_in_project!(
    activity,
    baseline,
    goal,
    meeting_series,
    milestone,
    partner,
    share_link,
    status_statement,
    sub_project,
);
