//! The presentation for the steering meeting (`/p/KEY/present`): slides of
//! plan against actual made for a projector — the title, what changed since
//! the last meeting, the whole project's chart, each sub-project's, the
//! deviations, and what is coming up — driven by a clicker's keys.
//!
//! The slides are drawn on the server (`deck` lays them out, `render` draws
//! one, `paper` all of them as a PDF); the page in the browser only shows the one asked for and handles
//! the keys, so the wasm bundle carries little of it.

#[cfg(feature = "ssr")]
pub mod deck;
mod page;
#[cfg(feature = "ssr")]
pub mod paper;
#[cfg(feature = "ssr")]
pub(crate) mod render;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use page::{PresentPage, present_href};

/// Chart rows on a slide when the screen is not yet measured: what a
/// 1920×1080 projector holds at the slides' type size.
pub const DEFAULT_ROWS: u32 = 12;
/// The fewest and most chart rows a slide holds, whatever the screen says.
pub const ROWS: std::ops::RangeInclusive<u32> = 3..=40;

/// What a presentation shows, as its URL names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentQuery {
    pub as_of: Option<String>,
    pub baseline: Option<String>,
    /// One sub-project's presentation; none for the whole project.
    pub sub: Option<String>,
    /// The start of "since the last meeting" (a date); none for the default.
    pub since: Option<String>,
}

impl PresentQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let param = |name| crate::layout::param(&get, name);
        Self {
            as_of: param("as_of"),
            baseline: param("baseline"),
            sub: param("sub"),
            since: param("since"),
        }
    }

    /// The URL parameters of this presentation, in a fixed order.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        [
            ("as_of", &self.as_of),
            ("baseline", &self.baseline),
            ("sub", &self.sub),
            ("since", &self.since),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect()
    }
}

/// Slide `number` (from 1) of the presentation `query` names, in language
/// `lang`, with `rows` chart rows a slide (as the screen holds them), drawn
/// as HTML with its footer: the counter, the keys, links back and on, and
/// (`data-*`) the slide count and the baselines for the keys.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_slide(
    project: String,
    // An empty query is sent as no field at all.
    #[server(default)] query: PresentQuery,
    number: usize,
    rows: u32,
    lang: String,
) -> Result<String, AppError> {
    let state = crate::state::AppState::from_context()?;
    state.readable(&project).await?;
    let locale = crate::text::locale_of_code(&lang).unwrap_or(crate::i18n::Locale::nb);
    let today = chrono::Utc::now().date_naive();
    let rows = rows.clamp(*ROWS.start(), *ROWS.end());
    let deck = deck::Deck::read(&state, &project, &query, rows, today).await?;
    let number = number.clamp(1, deck.len());
    render::slide_html(&state, locale, &deck, number).await
}
