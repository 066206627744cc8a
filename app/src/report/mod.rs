//! The period report (`/p/KEY/report?period=2009-H2`): what an Interreg
//! progress report asks of each period — per activity the planned against
//! the actual marks, achievement and comment; the milestones, the meetings
//! held and not held and the status statements of the period; and the
//! changes made to the plan in it (from the history). The page shows it,
//! with its plain text to copy into a form; `report.pdf` puts it on A4.
//!
//! Drawn on the server (`render`), as the timeline is: the browser carries
//! only the page around it and the copy button.

mod page;
#[cfg(feature = "ssr")]
pub mod paper;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod render;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use page::ReportPage;

/// What a report shows, as its URL names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    /// A half-year such as `2009-H2`; none for the last one ended.
    pub period: Option<String>,
    /// One sub-project's report.
    pub sub: Option<String>,
    pub as_of: Option<String>,
    /// A baseline's key: its marks beside the plan's.
    pub baseline: Option<String>,
}

impl ReportQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let param = |name| crate::layout::param(&get, name);
        Self {
            period: param("period"),
            sub: param("sub"),
            as_of: param("as_of"),
            baseline: param("baseline"),
        }
    }

    /// The URL parameters of this report but its period, in a fixed order.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        [
            ("sub", &self.sub),
            ("as_of", &self.as_of),
            ("baseline", &self.baseline),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect()
    }
}

/// The report `query` names, in language `lang`, drawn as HTML.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_report(
    project: String,
    // An empty query is sent as no field at all.
    #[server(default)] query: ReportQuery,
    lang: String,
) -> Result<String, AppError> {
    let state = crate::state::AppState::from_context()?;
    state.readable(&project).await?;
    let locale = crate::text::locale_of_code(&lang).unwrap_or(crate::i18n::Locale::nb);
    let today = chrono::Utc::now().date_naive();
    let report = queries::load_report(&state, &project, &query, today).await?;
    Ok(render::html(locale, &report, &query))
}
