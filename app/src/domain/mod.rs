//! The vocabulary of a progress plan, shared by server and browser: no
//! database, no HTTP. Names follow `GLOSSARY.md`.

mod dates;
mod half_year;
mod model;

pub use dates::{format_date, format_date_range};
pub use half_year::{HalfYear, HalfYearError};
pub use model::*;
