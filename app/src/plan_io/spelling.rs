//! The half-years as applications spell them, in Norwegian, Swedish and
//! English: "2009 1. halvår", "1. halvår 2009", "2009 halvår 1", "H1 2009",
//! "2009-H1", "vår 2009" / "høst 2009", "VT 2009" / "HT 2009", "första
//! halvåret 2009", "second half of 2009", "1H09", …
//!
//! A spelling is a year (four digits, or two after a season: "VT09") and
//! exactly one sign of the half — an ordinal, H1/H2, a season or a term —
//! with nothing else but filler words ("halvår", "half", "of", …). A number
//! alone is no half: "2009 1" could be anything.

use crate::domain::HalfYear;

/// The words that say which half, and which.
const FIRST: &[&str] = &[
    "1", "1.", "1a", "1:a", "1st", "første", "forste", "første.", "första", "forsta", "first",
];
const SECOND: &[&str] = &["2", "2.", "2a", "2:a", "2nd", "andre", "andra", "second"];
const SPRING: &[&str] = &[
    "vår",
    "vår.",
    "var",
    "vt",
    "vårhalvår",
    "vårhalvåret",
    "spring",
];
const AUTUMN: &[&str] = &[
    "høst",
    "høst.",
    "höst",
    "haust",
    "ht",
    "høsthalvår",
    "høsthalvåret",
    "hösthalvår",
    "hösthalvåret",
    "autumn",
    "fall",
];
/// Words that may stand around the half and the year.
const FILLER: &[&str] = &[
    "halvår",
    "halvåret",
    "halvar",
    "halvaret",
    "halvårs",
    "half",
    "half-year",
    "halfyear",
    "of",
    "the",
    "year",
    "år",
    "termin",
    "semester",
    "i",
    "in",
];
/// A number counts as a half only beside one of these.
const HALF_WORDS: &[&str] = &[
    "halvår",
    "halvåret",
    "halvar",
    "halvaret",
    "half",
    "half-year",
    "halfyear",
];

/// The half-year `text` spells, if it spells one and nothing else.
pub fn half_year_of(text: &str) -> Option<HalfYear> {
    let text = text.trim();
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    let lower = text.to_lowercase();
    // "2009-H1", "H1/2009", "2009/H2": separators between the parts.
    let spaced: String = lower
        .chars()
        .map(|c| {
            if matches!(c, '-' | '/' | '_' | '–' | ',') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut year = None;
    let mut half = None;
    let mut number = None;
    let mut has_half_word = false;
    for token in spaced.split_whitespace() {
        let token = token.trim_end_matches(':');
        if let Some(y) = four_digit_year(token) {
            if year.replace(y).is_some() {
                return None;
            }
        } else if let Some(h) = h_number(token) {
            // H1, 1H; also with a year glued on: "1H09", "H109" are not read.
            if !set(&mut half, h) {
                return None;
            }
        } else if let Some((h, y)) = term_with_year(token) {
            // "VT09", "HT2009", "H1-09" split above to "h1" "09".
            if !set(&mut half, h) || year.replace(y).is_some() {
                return None;
            }
        } else if FIRST.contains(&token) {
            if !set(&mut number, 1) {
                return None;
            }
        } else if SECOND.contains(&token) {
            if !set(&mut number, 2) {
                return None;
            }
        } else if SPRING.contains(&token) {
            if !set(&mut half, 1) {
                return None;
            }
        } else if AUTUMN.contains(&token) {
            if !set(&mut half, 2) {
                return None;
            }
        } else if FILLER.contains(&token) {
            has_half_word |= HALF_WORDS.contains(&token);
        } else if let Some(y) = two_digit_year(token) {
            // A two-digit year only after a season or H-sign: "VT 09", "H1 09".
            if half.is_none() || year.replace(y).is_some() {
                return None;
            }
        } else {
            return None;
        }
    }
    let half = match (half, number) {
        (Some(h), None) => h,
        // "1. halvår", "första halvåret", "first half".
        (None, Some(n)) if has_half_word => n,
        _ => return None,
    };
    HalfYear::new(year?, half).ok()
}

/// Fills an empty slot; false when it was filled already (a second sign).
fn set(slot: &mut Option<u8>, value: u8) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(value);
    true
}

fn four_digit_year(token: &str) -> Option<i32> {
    (token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

fn two_digit_year(token: &str) -> Option<i32> {
    (token.len() == 2 && token.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.parse::<i32>().ok())
        .flatten()
        .map(|y| 2000 + y)
}

/// "h1", "h2", "1h", "2h".
fn h_number(token: &str) -> Option<u8> {
    match token {
        "h1" | "1h" => Some(1),
        "h2" | "2h" => Some(2),
        _ => None,
    }
}

/// A term or H-sign with its year glued on: "vt09", "ht2009", "h109" is not.
fn term_with_year(token: &str) -> Option<(u8, i32)> {
    for (prefix, half) in [("vt", 1), ("ht", 2), ("1h", 1), ("2h", 2)] {
        if let Some(rest) = token.strip_prefix(prefix) {
            let year = four_digit_year(rest).or_else(|| two_digit_year(rest))?;
            return Some((half, year));
        }
    }
    None
}

/// What a column beside a half-year holds, from the words after it:
/// "2009 1. halvår – planlagt" is the plan, "… – faktisk" is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Planned,
    /// Actual marks, the baseline's, achievement or a comment: not the plan.
    Other,
}

const PLANNED_WORDS: &[&str] = &["planlagt", "planerad", "planerat", "planned", "plan"];
const OTHER_WORDS: &[&str] = &[
    "faktisk",
    "faktiskt",
    "actual",
    "utfall",
    "utført",
    "utfört",
    "basisplan",
    "basplan",
    "baseline",
    "måloppnåelse",
    "måluppfyllelse",
    "achievement",
    "oppnådd",
    "kommentar",
    "comment",
    "merknad",
];

/// A column heading: the half-year it names and what it holds.
pub fn column_of(text: &str) -> Option<(HalfYear, ColumnKind)> {
    if let Some(half_year) = half_year_of(text) {
        return Some((half_year, ColumnKind::Planned));
    }
    // A qualifier after a separator, or as the last word.
    if text.len() > 80 {
        return None;
    }
    let lower = text.trim().to_lowercase();
    let (head, word) = lower
        .rsplit_once(['–', ':', '(', '|'])
        .or_else(|| lower.rsplit_once(" - "))
        .or_else(|| lower.rsplit_once(' '))?;
    let word = word.trim().trim_end_matches(')').trim();
    let kind = qualifier(word)?;
    Some((half_year_of(head)?, kind))
}

/// The kind a qualifier word names ("Planlagt", "Faktisk", …).
pub fn qualifier(word: &str) -> Option<ColumnKind> {
    let word = word.trim().to_lowercase();
    if PLANNED_WORDS.contains(&word.as_str()) {
        Some(ColumnKind::Planned)
    } else if OTHER_WORDS.contains(&word.as_str()) {
        Some(ColumnKind::Other)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(year: i32, half: u8) -> Option<HalfYear> {
        HalfYear::new(year, half).ok()
    }

    #[test]
    fn the_spellings_of_applications_are_read() {
        for (text, year, half) in [
            ("2009 1. halvår", 2009, 1),
            ("1. halvår 2009", 2009, 1),
            ("2009 halvår 1", 2009, 1),
            ("2009 2. halvår", 2009, 2),
            ("H1 2009", 2009, 1),
            ("2009-H2", 2009, 2),
            ("2009 H2", 2009, 2),
            ("H2/2010", 2010, 2),
            ("1H 2011", 2011, 1),
            ("vår 2009", 2009, 1),
            ("Høst 2009", 2009, 2),
            ("höst 2010", 2010, 2),
            ("haust 2010", 2010, 2),
            ("VT 2009", 2009, 1),
            ("HT 2009", 2009, 2),
            ("VT09", 2009, 1),
            ("ht-10", 2010, 2),
            ("första halvåret 2009", 2009, 1),
            ("andra halvåret 2011", 2011, 2),
            ("1:a halvåret 2009", 2009, 1),
            ("første halvår 2010", 2010, 1),
            ("first half of 2009", 2009, 1),
            ("Second half 2009", 2009, 2),
            ("2nd half 2010", 2010, 2),
            ("spring 2010", 2010, 1),
            ("autumn 2010", 2010, 2),
            ("  2009   1.  halvår ", 2009, 1),
        ] {
            assert_eq!(half_year_of(text), h(year, half), "{text}");
        }
    }

    #[test]
    fn what_is_no_half_year_is_not_read_as_one() {
        for text in [
            "",
            "2009",
            "2009 1",
            "1. halvår",
            "Aktiviteter",
            "Oppstart og organisering",
            "2009 3. halvår",
            "H1 H2 2009",
            "2009 2010 H1",
            "vår høst 2009",
            "xxx",
            "12",
            "Rapportering 2009 1. halvår",
        ] {
            assert_eq!(half_year_of(text), None, "{text}");
        }
    }

    #[test]
    fn columns_say_whether_they_hold_the_plan() {
        assert_eq!(
            column_of("2009 1. halvår – planlagt"),
            Some((HalfYear::new(2009, 1).expect("h"), ColumnKind::Planned))
        );
        assert_eq!(
            column_of("2009 1. halvår – faktisk"),
            Some((HalfYear::new(2009, 1).expect("h"), ColumnKind::Other))
        );
        assert_eq!(
            column_of("H2 2010 (actual)"),
            Some((HalfYear::new(2010, 2).expect("h"), ColumnKind::Other))
        );
        assert_eq!(
            column_of("2009-H1"),
            Some((HalfYear::new(2009, 1).expect("h"), ColumnKind::Planned))
        );
        assert_eq!(column_of("Kommentar"), None);
    }
}
