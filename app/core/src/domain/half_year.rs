//! Half-years, the columns of every progress plan ("2009 1. halvår").

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One half of a calendar year. Ordered by time; written `2009-H1` in data and APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HalfYear {
    year: i32,
    half: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HalfYearError {
    #[error("'{0}' is not a half-year; write it like 2009-H1 or 2009-H2")]
    Malformed(String),
    #[error("half must be 1 or 2, not {0}")]
    BadHalf(u8),
}

impl HalfYear {
    pub fn new(year: i32, half: u8) -> Result<Self, HalfYearError> {
        match half {
            1 | 2 => Ok(Self { year, half }),
            other => Err(HalfYearError::BadHalf(other)),
        }
    }

    /// The half-year a date falls in.
    pub fn containing(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            half: if date.month() <= 6 { 1 } else { 2 },
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn half(self) -> u8 {
        self.half
    }

    pub fn next(self) -> Self {
        if self.half == 1 {
            Self {
                year: self.year,
                half: 2,
            }
        } else {
            Self {
                year: self.year + 1,
                half: 1,
            }
        }
    }

    /// Every half-year touched by the period `first..=last`, in order.
    pub fn covering(first: NaiveDate, last: NaiveDate) -> Vec<Self> {
        let end = Self::containing(last);
        let mut current = Self::containing(first);
        let mut all = Vec::new();
        while current <= end {
            all.push(current);
            current = current.next();
        }
        all
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-H{}", self.year, self.half)
    }
}

impl FromStr for HalfYear {
    type Err = HalfYearError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || HalfYearError::Malformed(text.to_owned());
        let (year, half) = text.trim().split_once("-H").ok_or_else(malformed)?;
        let year: i32 = year.parse().map_err(|_| malformed())?;
        if !(1000..=9999).contains(&year) {
            return Err(malformed());
        }
        let half: u8 = half.parse().map_err(|_| malformed())?;
        Self::new(year, half)
    }
}

impl Serialize for HalfYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HalfYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn the_project_period_spans_seven_half_years() {
        let columns = HalfYear::covering(day(2008, 12, 1), day(2011, 11, 30));
        let labels: Vec<String> = columns.iter().map(ToString::to_string).collect();
        assert_eq!(
            labels,
            [
                "2008-H2", "2009-H1", "2009-H2", "2010-H1", "2010-H2", "2011-H1", "2011-H2"
            ]
        );
    }

    #[test]
    fn parses_and_prints_the_same_text() {
        let h: HalfYear = "2009-H1".parse().expect("parses");
        assert_eq!((h.year(), h.half()), (2009, 1));
        assert_eq!(h.to_string(), "2009-H1");
    }

    #[test]
    fn refuses_malformed_text() {
        for bad in ["2009", "2009-H3", "H1-2009", "09-H1", "2009-H"] {
            assert!(bad.parse::<HalfYear>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn june_and_july_fall_in_different_halves() {
        assert_eq!(HalfYear::containing(day(2009, 6, 30)).half(), 1);
        assert_eq!(HalfYear::containing(day(2009, 7, 1)).half(), 2);
    }
}
