//! Framdrift's core: what every feature stands on and nothing above it.
//!
//! The domain's types (shared with the browser) and the error type; on the
//! server also the records (`entities`), the database (`db`), the history of
//! every change (`history`), the access policy (`access`), the caller's
//! identity (`identity`) and the write frame (`edit`). The features live in
//! the `app` crate, which re-exports these modules under the same names: an
//! import from here into a feature does not compile (docs/architecture.md).

pub mod domain;
pub mod error;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod edit;
#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod history;
#[cfg(feature = "ssr")]
pub mod identity;
