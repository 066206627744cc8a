//! What the baseline writes take.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewBaseline {
    /// "Godkjent plan 2008-12".
    pub name: String,
    /// The date it is known by; the plan kept is the one recorded now.
    pub date: NaiveDate,
}
