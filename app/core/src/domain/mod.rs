//! The vocabulary of a progress plan, shared by server and browser: no
//! database, no HTTP, no interface language. Names follow `GLOSSARY.md`.

mod as_of;
mod half_year;
mod keys;
mod model;
mod write;

pub use as_of::{AsOf, AsOfError};
pub use half_year::{HalfYear, HalfYearError};
pub use keys::{MAX_PROJECT_KEY_CHARS, project_key_problem, slug};
pub use model::*;
pub use write::{NewName, Saved, VersionOnly};
