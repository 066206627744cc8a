//! Read-only share links: a project's pages, Gantt chart and files for
//! people without an account, until the leader revokes the link or it
//! expires.

#[cfg(feature = "ssr")]
pub mod commands;
