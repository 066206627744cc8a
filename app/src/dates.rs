//! Dates as each language writes them: `23.–24.03.2009` in bokmål,
//! `23–24 mars 2009` in Swedish, `23–24 March 2009` in English.

use chrono::{Datelike, NaiveDate};

use crate::i18n::Locale;

const SV_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(locale: Locale, date: NaiveDate) -> &'static str {
    let index = date.month0() as usize;
    match locale {
        Locale::sv => SV_MONTHS[index],
        _ => EN_MONTHS[index],
    }
}

pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    match locale {
        Locale::nb => date.format("%d.%m.%Y").to_string(),
        Locale::sv | Locale::en => {
            format!(
                "{} {} {}",
                date.day(),
                month_name(locale, date),
                date.year()
            )
        }
    }
}

/// A span of days, shortened the way people write it: the shared month and
/// year appear once.
pub fn format_date_range(locale: Locale, first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        return format_date(locale, first);
    }
    let same_year = first.year() == last.year();
    let same_month = same_year && first.month() == last.month();
    match locale {
        Locale::nb if same_month => format!("{}.–{}", first.format("%d"), last.format("%d.%m.%Y")),
        Locale::nb if same_year => {
            format!("{}–{}", first.format("%d.%m."), last.format("%d.%m.%Y"))
        }
        Locale::nb => format!(
            "{}–{}",
            format_date(locale, first),
            format_date(locale, last)
        ),
        _ if same_month => format!(
            "{}–{} {} {}",
            first.day(),
            last.day(),
            month_name(locale, last),
            last.year()
        ),
        _ if same_year => format!(
            "{} {} – {} {} {}",
            first.day(),
            month_name(locale, first),
            last.day(),
            month_name(locale, last),
            last.year()
        ),
        _ => format!(
            "{} – {}",
            format_date(locale, first),
            format_date(locale, last)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn bokmal_writes_the_seminar_like_the_seed() {
        assert_eq!(
            format_date_range(Locale::nb, day(2009, 11, 19), day(2009, 11, 20)),
            "19.–20.11.2009"
        );
        assert_eq!(
            format_date_range(Locale::nb, day(2009, 3, 23), day(2009, 3, 24)),
            "23.–24.03.2009"
        );
    }

    #[test]
    fn bokmal_spans_across_months_and_years() {
        assert_eq!(
            format_date_range(Locale::nb, day(2009, 11, 30), day(2009, 12, 2)),
            "30.11.–02.12.2009"
        );
        assert_eq!(
            format_date_range(Locale::nb, day(2008, 12, 1), day(2011, 11, 30)),
            "01.12.2008–30.11.2011"
        );
    }

    #[test]
    fn swedish_and_english_name_the_month() {
        assert_eq!(
            format_date_range(Locale::sv, day(2009, 3, 23), day(2009, 3, 24)),
            "23–24 mars 2009"
        );
        assert_eq!(
            format_date_range(Locale::en, day(2009, 10, 26), day(2009, 10, 27)),
            "26–27 October 2009"
        );
        assert_eq!(format_date(Locale::en, day(2009, 3, 23)), "23 March 2009");
    }
}
