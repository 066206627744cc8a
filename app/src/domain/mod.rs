//! The vocabulary of a progress plan, shared by server and browser: no
//! database, no HTTP. Names follow `GLOSSARY.md`.

mod as_of;
mod dates;
mod half_year;
mod model;

pub use as_of::{AsOf, AsOfError};
pub use dates::{format_date, format_date_range};
pub use half_year::{HalfYear, HalfYearError};
pub use model::*;
