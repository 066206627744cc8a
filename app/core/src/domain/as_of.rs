//! "As of": the moment a view shows the data as it had been recorded by then.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// A moment in the past to show, or none for now. Written in URLs as a date
/// (`2009-03-23`, meaning the end of that day, UTC) or a time
/// (`2009-03-23T14:02:00Z`; without an offset, UTC).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct AsOf(pub Option<DateTime<Utc>>);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is neither a date (2009-03-23) nor a time (2009-03-23T14:02:00Z)")]
pub struct AsOfError(pub String);

impl AsOf {
    pub const NOW: AsOf = AsOf(None);

    pub fn at(time: DateTime<Utc>) -> Self {
        Self(Some(time))
    }

    /// The last moment of a day.
    pub fn end_of(day: NaiveDate) -> Self {
        let last = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap_or(NaiveTime::MIN);
        Self(Some(day.and_time(last).and_utc()))
    }

    pub fn is_now(self) -> bool {
        self.0.is_none()
    }

    /// The value of the `as_of` query parameter; empty means now.
    pub fn parse_param(value: Option<&str>) -> Result<Self, AsOfError> {
        match value.map(str::trim) {
            None | Some("") => Ok(Self::NOW),
            Some(text) => text.parse(),
        }
    }

    /// The calendar day shown, for the banner.
    pub fn day(self) -> Option<NaiveDate> {
        self.0.map(|t| t.date_naive())
    }
}

impl FromStr for AsOf {
    type Err = AsOfError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Self::end_of(day));
        }
        if let Ok(time) = DateTime::parse_from_rfc3339(text) {
            return Ok(Self::at(time.with_timezone(&Utc)));
        }
        for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
            if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(Self::at(time.and_utc()));
            }
        }
        Err(AsOfError(text.to_owned()))
    }
}

impl fmt::Display for AsOf {
    /// The URL form: a time in RFC 3339, or nothing for now.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(time) => write!(
                f,
                "{}",
                time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            ),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_means_the_end_of_that_day() {
        let as_of: AsOf = "2009-03-23".parse().expect("a date");
        assert_eq!(
            as_of.0.map(|t| t.to_rfc3339()),
            Some("2009-03-23T23:59:59.999999+00:00".to_owned())
        );
        assert_eq!(as_of.day(), NaiveDate::from_ymd_opt(2009, 3, 23));
    }

    #[test]
    fn times_with_and_without_offsets() {
        let with: AsOf = "2009-03-23T14:02:00+01:00".parse().expect("offset");
        let without: AsOf = "2009-03-23T13:02".parse().expect("no offset");
        assert_eq!(with, without);
    }

    #[test]
    fn empty_is_now_and_anything_else_is_refused() {
        assert_eq!(AsOf::parse_param(None), Ok(AsOf::NOW));
        assert_eq!(AsOf::parse_param(Some("")), Ok(AsOf::NOW));
        assert!(AsOf::parse_param(Some("yesterday")).is_err());
        assert!(AsOf::parse_param(Some("2009-02-30")).is_err());
    }

    #[test]
    fn the_url_form_reads_back() {
        let as_of: AsOf = "2009-03-23T14:02:00.5Z".parse().expect("time");
        assert_eq!(as_of.to_string().parse::<AsOf>(), Ok(as_of));
    }
}
