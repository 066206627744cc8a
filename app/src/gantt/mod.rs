//! The Gantt chart of plan against actual. `layout` places bars, deviations
//! and milestones in time; `view` holds what a link to the chart names and
//! what the page shows; `chart` reads the data, `draw` draws it as SVG and
//! PNG files on the server, `pdf` on paper, `files` serves them; `page` is the interactive
//! chart.

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod chart;
#[cfg(feature = "ssr")]
pub mod draw;
#[cfg(feature = "ssr")]
pub mod files;
pub mod layout;
mod page;
#[cfg(feature = "ssr")]
pub mod pdf;
pub mod view;

use leptos::prelude::*;

use crate::error::AppError;

pub use page::GanttPage;
pub use view::{Gantt, GanttQuery, GanttWindow};

/// The chart a query names, with the lines first on screen; the page asks
/// for the others with [`get_gantt_lines`] as they scroll into view.
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_gantt(project: String, query: GanttQuery) -> Result<Gantt, AppError> {
    let state = crate::state::AppState::from_context()?;
    state.readable(&project).await?;
    let today = chrono::Utc::now().date_naive();
    state
        .charts
        .chart(&state.db, &project, &query, today)
        .await
        .map(|chart| {
            chart::gantt(
                &chart.data,
                &chart.lines,
                chart.names_width,
                0,
                crate::window::FIRST_ROWS,
            )
        })
}

/// `count` lines of the chart a query names from line `first` on (at most 500).
#[server(prefix = "/rpc", output = leptos::server_fn::codec::Postcard)]
pub async fn get_gantt_lines(
    project: String,
    query: GanttQuery,
    first: usize,
    count: usize,
) -> Result<GanttWindow, AppError> {
    let state = crate::state::AppState::from_context()?;
    state.readable(&project).await?;
    let today = chrono::Utc::now().date_naive();
    state
        .charts
        .chart(&state.db, &project, &query, today)
        .await
        .map(|chart| {
            let line_count = chart.lines.len();
            let first = first.min(line_count);
            let end = first.saturating_add(count.min(500)).min(line_count);
            GanttWindow {
                first_line: first,
                line_count,
                lines: chart.lines[first..end].to_vec(),
            }
        })
}
