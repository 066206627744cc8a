//! The timeline for partners: every dated thing of a project — milestones,
//! each meeting of each series, status statements, baselines taken, the
//! plan's half-years — in one list, what is coming up first; and the same
//! milestones and meetings as a calendar feed (`feed`).
//!
//! The list is drawn on the server (`render`) and sent to the page as
//! HTML: the browser needs no code of its own for it, only the page around
//! it (docs/performance.md, the wasm bundle's budget).

#[cfg(feature = "ssr")]
pub mod feed;
mod page;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub(crate) mod render;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use page::TimelinePage;

/// How far ahead "coming up" reaches from the day of the data.
pub const COMING_UP_DAYS: u64 = 90;

/// Which dated things a timeline (or a calendar feed) holds, as its URL
/// names them: `sub` (a sub-project's key, `mine` or `all`), `partner` (the
/// sub-projects it leads) and `kind`. A sub-project's things come with the
/// whole project's, which concern every partner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineFilter {
    /// None: `mine` for a member of sub-projects, else all.
    pub sub: Option<String>,
    pub partner: Option<String>,
    pub kind: Option<String>,
}

impl TimelineFilter {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let param = |name| crate::layout::param(&get, name);
        Self {
            sub: param("sub"),
            partner: param("partner"),
            kind: param("kind"),
        }
    }
}

/// The kinds of dated thing, as `kind=` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    Milestone,
    Meeting,
    Status,
    Baseline,
    /// The project's start and end, and where each half-year of the plan begins.
    Plan,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [
        EntryKind::Milestone,
        EntryKind::Meeting,
        EntryKind::Status,
        EntryKind::Baseline,
        EntryKind::Plan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Milestone => "milestone",
            EntryKind::Meeting => "meeting",
            EntryKind::Status => "status",
            EntryKind::Baseline => "baseline",
            EntryKind::Plan => "plan",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The timeline of project `project` drawn as HTML in language `lang`
/// (`nb`, `sv`, `en`), as of `as_of`, with `filter` applied.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_timeline(
    project: String,
    as_of: Option<String>,
    // An empty filter is sent as no field at all.
    #[server(default)] filter: TimelineFilter,
    lang: String,
) -> Result<String, AppError> {
    let as_of = crate::domain::AsOf::parse_param(as_of.as_deref())?;
    let state = crate::state::AppState::from_context()?;
    let access = state.access(&project).await?;
    let locale = crate::text::locale_of_code(&lang).unwrap_or(crate::i18n::Locale::nb);
    let today = chrono::Utc::now().date_naive();
    let timeline =
        queries::load_timeline(&state.db, &project, as_of, &filter, &access, today).await?;
    Ok(render::timeline_html(locale, &timeline))
}
