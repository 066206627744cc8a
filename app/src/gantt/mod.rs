//! The Gantt chart of plan against actual. `layout` places bars, deviations
//! and milestones in time (shared with the page to come); `chart` draws the
//! chart as SVG and PNG files on the server; `files` serves them.

#[cfg(feature = "ssr")]
pub mod chart;
#[cfg(feature = "ssr")]
pub mod files;
pub mod layout;
