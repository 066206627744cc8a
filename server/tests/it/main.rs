//! The integration tests, one binary: each module is one area (accounts,
//! the API, the authorisation matrix, the command line, …) over the whole
//! router and a real database (SQLite files and, where it answers,
//! PostgreSQL: `common::databases`). One binary links once: the tests of ten
//! binaries linked ten times.
//!
//! `sign_in_burst.rs` stays a binary of its own: it counts the password
//! checks of the whole process, which the tests here would add to.

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod api;
mod assets;
mod authorisation;
mod cli;
mod demo_and_import;
mod files;
mod gantt;
mod history;
mod migrations;
mod pdf;
mod plan_files;
mod present;
mod report;
mod timeline;
mod writes;
