//! Reading a progress plan as it is written in applications: a header row
//! of half-years, then a row an activity with its marks (runs of x's, or a
//! digit 1–6) per half-year; a line such as "Delprosjekt B – …" starts a
//! sub-project's plan. As pasted from Word (tab-separated), from a PDF
//! (aligned with spaces: marks are placed by the header's column
//! positions), CSV, a Markdown table, or a spreadsheet's rows.
//!
//! Nothing here fails on bad input: what is not understood becomes a
//! problem, named by line and column with what was expected. Every line is
//! looked at a bounded number of times, so the time is linear in the input.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::{HalfYear, MAX_NAME_CHARS};

use super::spelling::{ColumnKind, column_of, half_year_of, qualifier};

/// The largest text or file read.
pub const MOST_BYTES: usize = 1_048_576;
/// The most activities one import holds.
pub const MOST_ROWS: usize = 10_000;
/// The most problems listed; more are counted.
pub const MOST_PROBLEMS: usize = 200;
/// The most half-years a header names (a plan of a hundred years).
const MOST_COLUMNS: usize = 200;
/// A column position may be off by this many characters from the header's.
const SLACK: usize = 2;

/// A plan as read, before it is matched with the project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ParsedPlan {
    /// Every half-year a header named, in order of time.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub half_years: Vec<HalfYear>,
    pub sections: Vec<ParsedSection>,
    pub problems: Vec<Problem>,
    /// Problems past [`MOST_PROBLEMS`], not listed.
    pub more_problems: usize,
}

/// The project's own plan (no name) or a sub-project's, by its heading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ParsedSection {
    /// The sub-project's name as the heading gives it.
    pub sub_project: Option<String>,
    /// The heading's line (1-based); 0 for the project's own plan.
    pub line: usize,
    pub activities: Vec<ParsedActivity>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ParsedActivity {
    pub line: usize,
    pub name: String,
    /// Marks by half-year (`{"2009-H1": 3}`); half-years without are left out.
    #[cfg_attr(feature = "ssr", schema(value_type = BTreeMap<String, u8>))]
    pub marks: BTreeMap<HalfYear, u8>,
}

/// A line, or a cell of one, that was not understood.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Problem {
    /// 1-based.
    pub line: usize,
    /// 1-based: the character in a line of text, the field in CSV or a
    /// spreadsheet's row.
    pub column: usize,
    pub expected: String,
    /// What stood there, shortened.
    pub found: String,
}

/// One line of input: its cells with the column each starts at.
struct Line {
    number: usize,
    cells: Vec<(usize, String)>,
}

/// The text is larger than [`MOST_BYTES`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the plan is {0} bytes; at most {MOST_BYTES} are read")]
pub struct TooLarge(pub usize);

/// Reads a plan pasted or uploaded as text: Markdown, tab-separated, CSV
/// (`;` or `,`) or aligned with spaces, whichever the text is.
pub fn parse_text(text: &str) -> Result<ParsedPlan, TooLarge> {
    if text.len() > MOST_BYTES {
        return Err(TooLarge(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let markdown = lines.iter().any(|l| {
        l.trim_start().starts_with('|') && l.trim().len() > 1 && l.matches('|').count() >= 2
    });
    if markdown {
        return Ok(read(
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| markdown_line(i + 1, l)),
            false,
        ));
    }
    if lines.iter().any(|l| l.contains('\t')) {
        return Ok(read(
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| split_line(i + 1, l, '\t')),
            false,
        ));
    }
    for delimiter in [b';', b','] {
        if let Some(rows) = csv_rows(text, delimiter) {
            return Ok(parse_rows(rows));
        }
    }
    Ok(read(
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| aligned_line(i + 1, l)),
        true,
    ))
}

/// Reads a spreadsheet's rows (or CSV records): a cell a column.
pub fn parse_rows(rows: Vec<Vec<String>>) -> ParsedPlan {
    read(
        rows.into_iter().enumerate().map(|(i, cells)| Line {
            number: i + 1,
            cells: cells
                .into_iter()
                .enumerate()
                .map(|(j, c)| (j + 1, c))
                .collect(),
        }),
        false,
    )
}

/// A workbook that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookError {
    #[error("the plan is {0} bytes; at most {MOST_BYTES} are read")]
    TooLarge(usize),
    #[error("not a spreadsheet that can be read (XLSX, XLS or ODS): {0}")]
    Unreadable(String),
    #[error("the spreadsheet has no sheet")]
    NoSheet,
}

/// Reads the first sheet of a spreadsheet (XLSX, XLS or ODS), its rows
/// and columns numbered as the spreadsheet numbers them.
pub fn parse_workbook(bytes: &[u8]) -> Result<ParsedPlan, WorkbookError> {
    use calamine::{Data, Reader, open_workbook_auto_from_rs};
    if bytes.len() > MOST_BYTES {
        return Err(WorkbookError::TooLarge(bytes.len()));
    }
    let unreadable = |error: calamine::Error| WorkbookError::Unreadable(error.to_string());
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(WorkbookError::NoSheet)?
        .map_err(unreadable)?;
    let text = |cell: &Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Marks are whole numbers: 3, not 3.0.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e9 => format!("{}", *f as i64),
        other => other.to_string(),
    };
    // The range starts at its first cell that holds something.
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); top as usize];
    rows.extend(range.rows().map(|row| {
        std::iter::repeat_n(String::new(), left as usize)
            .chain(row.iter().map(text))
            .collect()
    }));
    Ok(parse_rows(rows))
}

/// The records of `text` as CSV with `delimiter`, if its header row names
/// half-years in cells of their own; none if it is not such a CSV.
fn csv_rows(text: &str, delimiter: u8) -> Option<Vec<Vec<String>>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut has_header = false;
    for record in reader.records() {
        let record = record.ok()?;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        has_header |= cells.iter().filter(|c| column_of(c).is_some()).count() >= 2;
        rows.push(cells);
    }
    has_header.then_some(rows)
}

fn split_line(number: usize, line: &str, separator: char) -> Line {
    let mut cells = Vec::new();
    let mut column = 1;
    for part in line.split(separator) {
        cells.push((column, part.to_owned()));
        column += part.chars().count() + 1;
    }
    Line { number, cells }
}

/// `| name | x | xx |`: the cells between the bars.
fn markdown_line(number: usize, line: &str) -> Line {
    let trimmed = line.trim();
    if !trimmed.starts_with('|') {
        return Line {
            number,
            cells: vec![(1, line.to_owned())],
        };
    }
    let mut line = split_line(number, line, '|');
    // Before the first bar and after the last.
    if !line.cells.is_empty() {
        line.cells.remove(0);
    }
    if trimmed.ends_with('|') {
        line.cells.pop();
    }
    line
}

/// Words with the column (1-based character) each starts at.
fn aligned_line(number: usize, line: &str) -> Line {
    let mut cells = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    for (i, c) in line.chars().enumerate() {
        if c.is_whitespace() {
            if !word.is_empty() {
                cells.push((start + 1, std::mem::take(&mut word)));
            }
        } else {
            if word.is_empty() {
                start = i;
            }
            word.push(c);
        }
    }
    if !word.is_empty() {
        cells.push((start + 1, word));
    }
    Line { number, cells }
}

/// The marks a cell holds: a run of x's (`x`, `X`, `×`, `*`, spaces
/// between runs allowed) or a digit 1–6; none for an empty cell.
fn marks_of(text: &str) -> Result<u8, ()> {
    let text = text.trim();
    if text.is_empty() || text == "-" || text == "–" || text == "0" {
        return Ok(0);
    }
    if let Ok(n) = text.parse::<u8>() {
        return if (1..=6).contains(&n) { Ok(n) } else { Err(()) };
    }
    let mut count = 0usize;
    for c in text.chars() {
        match c {
            'x' | 'X' | '×' | '*' => count += 1,
            c if c.is_whitespace() => {}
            _ => return Err(()),
        }
    }
    Ok(count.min(255) as u8)
}

fn is_mark_word(text: &str) -> bool {
    marks_of(text).is_ok_and(|m| m > 0)
}

/// The words that start a sub-project's plan.
const SECTION_WORDS: &[&str] = &[
    "delprosjekt",
    "delprosjektet",
    "delprojekt",
    "delprojektet",
    "sub-project",
    "subproject",
    "sub project",
];

/// The sub-project a heading line names: the words after "Delprosjekt".
fn section_of(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let word = SECTION_WORDS.iter().find(|w| lower.starts_with(**w))?;
    let rest: String = text.trim().chars().skip(word.chars().count()).collect();
    // The word must end there: "Delprosjektleder" is no heading.
    if rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let name = rest
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '–' | '-' | '.'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

/// Where a table's columns are.
struct Columns {
    /// Cells mode: the cell of the name, and of the sub-project if any.
    name_cell: usize,
    section_cell: Option<usize>,
    /// The half-years and, per mode, the cell index or the character
    /// column each starts at.
    plan: Vec<(HalfYear, usize)>,
    /// The cells of each header's span, for a row of qualifiers below.
    spans: Vec<std::ops::Range<usize>>,
}

/// The header a line of cells is, if it is one: at least two cells name
/// half-years.
fn cells_header(line: &Line) -> Option<Columns> {
    let found: Vec<(usize, HalfYear, ColumnKind)> = line
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, (_, text))| column_of(text).map(|(h, k)| (i, h, k)))
        .collect();
    let first = found.first()?.0;
    let name_cell = (0..first)
        .rev()
        .find(|i| !line.cells[*i].1.trim().is_empty())
        .unwrap_or(0);
    let section_cell = (0..name_cell).find(|i| {
        let text = line.cells[*i].1.trim().to_lowercase();
        SECTION_WORDS.contains(&text.as_str())
    });
    let mut plan: Vec<(HalfYear, usize)> = Vec::new();
    let mut spans = Vec::new();
    for (n, (i, half_year, kind)) in found.iter().enumerate() {
        let end = found.get(n + 1).map_or(line.cells.len(), |next| next.0);
        if plan.len() >= MOST_COLUMNS {
            return None;
        }
        if *kind == ColumnKind::Planned && !plan.iter().any(|(h, _)| h == half_year) {
            plan.push((*half_year, *i));
            spans.push(*i..end);
        }
    }
    // Two half-years at least: a comment such as "høst 2010" in a row of
    // a spreadsheet is no header.
    (plan.len() >= 2).then_some(Columns {
        name_cell,
        section_cell,
        plan,
        spans,
    })
}

/// The header a line of words is: half-years spelt over one to four words
/// each, after at most a few words of label.
fn aligned_header(line: &Line) -> Option<Columns> {
    let words = &line.cells;
    let mut plan = Vec::new();
    let mut label = 0;
    let mut i = 0;
    'words: while i < words.len() {
        for width in (1..=4).rev() {
            if i + width > words.len() {
                continue;
            }
            let text = words[i..i + width]
                .iter()
                .map(|(_, w)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(half_year) = half_year_of(&text) {
                // Each half-year once, and no more of them than a plan has.
                if plan.iter().any(|(h, _)| *h == half_year) || plan.len() >= MOST_COLUMNS {
                    return None;
                }
                plan.push((half_year, words[i].0));
                i += width;
                continue 'words;
            }
        }
        // Words that are no half-year: only a label before the first.
        if !plan.is_empty() {
            return None;
        }
        label += 1;
        if label > 6 {
            return None;
        }
        i += 1;
    }
    (!plan.is_empty()).then_some(Columns {
        name_cell: 0,
        section_cell: None,
        plan,
        spans: Vec::new(),
    })
}

/// A row of qualifiers under a header ("Planlagt | Faktisk | …"), as the
/// XLSX export writes: each half-year's plan is its span's "Planlagt".
fn apply_qualifiers(columns: &mut Columns, line: &Line) -> bool {
    let words: Vec<(usize, &str)> = line
        .cells
        .iter()
        .enumerate()
        .filter(|(i, (_, t))| *i != columns.name_cell && !t.trim().is_empty())
        .map(|(i, (_, t))| (i, t.trim()))
        .collect();
    if words.is_empty() || words.iter().any(|(_, w)| qualifier(w).is_none()) {
        return false;
    }
    for (n, span) in columns.spans.iter().enumerate() {
        if let Some((i, _)) = words
            .iter()
            .find(|(i, w)| span.contains(i) && qualifier(w) == Some(ColumnKind::Planned))
        {
            columns.plan[n].1 = *i;
        }
    }
    true
}

fn is_rule(line: &Line) -> bool {
    line.cells.iter().all(|(_, t)| {
        t.trim().chars().all(|c| {
            matches!(c, '-' | '=' | '_' | ':' | '+' | '|' | '–' | '—') || c.is_whitespace()
        })
    })
}

fn shortened(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// The reading's state, line by line.
struct Reader {
    plan: ParsedPlan,
    aligned: bool,
    columns: Option<Columns>,
    /// The header was the line before: a row of qualifiers may follow.
    after_header: bool,
    /// A name read without marks, waiting for them (aligned text wraps
    /// long names over lines): its line, column and words.
    pending: Option<(usize, usize, String)>,
    rows: usize,
}

impl Reader {
    fn problem(&mut self, line: usize, column: usize, expected: &str, found: &str) {
        if self.plan.problems.len() < MOST_PROBLEMS {
            self.plan.problems.push(Problem {
                line,
                column,
                expected: expected.to_owned(),
                found: shortened(found),
            });
        } else {
            self.plan.more_problems += 1;
        }
    }

    fn section(&mut self) -> &mut ParsedSection {
        if self.plan.sections.is_empty() {
            self.plan.sections.push(ParsedSection {
                sub_project: None,
                line: 0,
                activities: Vec::new(),
            });
        }
        let last = self.plan.sections.len() - 1;
        &mut self.plan.sections[last]
    }

    /// A name that never got its marks: not an activity.
    fn drop_pending(&mut self) {
        if let Some((line, column, words)) = self.pending.take() {
            self.problem(
                line,
                column,
                "an activity with x's or a digit 1–6 under the half-years",
                &words,
            );
        }
    }

    fn add(&mut self, line: usize, column: usize, name: String, marks: BTreeMap<HalfYear, u8>) {
        if self.rows >= MOST_ROWS {
            self.problem(line, column, "at most 10,000 activities", &name);
            return;
        }
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() > MAX_NAME_CHARS {
            self.problem(line, column, "a name of at most 200 characters", &name);
            return;
        }
        self.rows += 1;
        self.section()
            .activities
            .push(ParsedActivity { line, name, marks });
    }

    fn start_section(&mut self, line: usize, name: String) {
        self.drop_pending();
        self.plan.sections.push(ParsedSection {
            sub_project: Some(name),
            line,
            activities: Vec::new(),
        });
    }

    fn header(&mut self, columns: Columns) {
        self.drop_pending();
        for (half_year, _) in &columns.plan {
            if !self.plan.half_years.contains(half_year) {
                self.plan.half_years.push(*half_year);
            }
        }
        self.columns = Some(columns);
        self.after_header = true;
    }

    fn line(&mut self, line: Line) {
        let after_header = std::mem::take(&mut self.after_header);
        if line.cells.iter().all(|(_, t)| t.trim().is_empty()) || is_rule(&line) {
            return;
        }
        let header = if self.aligned {
            aligned_header(&line)
        } else {
            cells_header(&line)
        };
        if let Some(columns) = header {
            self.header(columns);
            return;
        }
        if after_header
            && !self.aligned
            && let Some(columns) = self.columns.as_mut()
            && apply_qualifiers(columns, &line)
        {
            return;
        }
        // A heading: its words alone on the line.
        let filled: Vec<&(usize, String)> = line
            .cells
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        let whole = filled
            .iter()
            .map(|(_, t)| t.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let marks_in_line = filled.iter().any(|(_, t)| is_mark_word(t));
        if !marks_in_line && let Some(name) = section_of(&whole) {
            self.start_section(line.number, name);
            return;
        }
        // Before the first header: a title or prose, not a plan.
        if self.columns.is_none() {
            return;
        }
        if self.aligned {
            self.aligned_row(line);
        } else {
            self.cells_row(line);
        }
    }

    fn cells_row(&mut self, line: Line) {
        let Some(columns) = self.columns.as_ref() else {
            return;
        };
        // A line of one cell in a table of cells is prose, not a row.
        if line.cells.len() == 1 {
            let (column, text) = &line.cells[0];
            self.problem(
                line.number,
                *column,
                "a row of the table: the activity, then its cells",
                text,
            );
            return;
        }
        let cell = |i: usize| line.cells.get(i).map(|(c, t)| (*c, t.trim()));
        let name = cell(columns.name_cell).map(|(_, t)| t).unwrap_or_default();
        let name_column = cell(columns.name_cell).map_or(1, |(c, _)| c);
        let section = columns
            .section_cell
            .and_then(cell)
            .map(|(_, t)| t.to_owned())
            .filter(|t| !t.is_empty());
        let mut marks = BTreeMap::new();
        let mut bad = Vec::new();
        for (half_year, i) in &columns.plan {
            let Some((column, text)) = cell(*i) else {
                continue;
            };
            match marks_of(text) {
                Ok(0) => {}
                Ok(m) if m <= 6 => {
                    marks.insert(*half_year, m);
                }
                Ok(_) => bad.push((column, text.to_owned(), "at most 6 x's in a half-year")),
                Err(()) => bad.push((column, text.to_owned(), "x's (x, X, ×, *) or a digit 1–6")),
            }
        }
        let number = line.number;
        for (column, text, expected) in &bad {
            self.problem(number, *column, expected, text);
        }
        if !bad.is_empty() {
            return;
        }
        if name.is_empty() {
            if !marks.is_empty() {
                self.problem(number, name_column, "the activity's name", "");
            }
            return;
        }
        // A CSV with a sub-project column: each row says its section.
        if let Some(section) = section {
            let same = self
                .plan
                .sections
                .last()
                .is_some_and(|s| s.sub_project.as_deref() == Some(section.as_str()));
            if !same {
                self.start_section(number, strip_export_guard(&section));
            }
        }
        self.add(number, name_column, strip_export_guard(name), marks);
    }

    fn aligned_row(&mut self, line: Line) {
        let Some(columns) = self.columns.as_ref() else {
            return;
        };
        let first_start = columns.plan.first().map_or(0, |(_, c)| *c);
        let starts: Vec<(HalfYear, usize)> = columns.plan.clone();
        // The name: the words before the grid, and any that run on into it
        // before the first mark.
        let words = &line.cells;
        let mut split = words
            .iter()
            .position(|(c, w)| c + SLACK >= first_start && is_mark_word(w))
            .unwrap_or(words.len());
        // Marks written straight after a short name, not under the grid.
        if split == words.len() {
            split = words
                .iter()
                .rposition(|(_, w)| !is_mark_word(w))
                .map_or(0, |i| i + 1);
            if split < words.len() && split > 0 {
                // Under no header column: placed in order from the first.
                let name = join_words(&words[..split]);
                let column = words[0].0;
                let mut marks = BTreeMap::new();
                let rest = &words[split..];
                if rest.len() > starts.len() {
                    self.problem(
                        line.number,
                        rest[starts.len()].0,
                        "no more groups of x's than half-years",
                        &rest[starts.len()].1,
                    );
                    return;
                }
                for ((half_year, _), (_, word)) in starts.iter().zip(rest) {
                    marks.insert(*half_year, marks_of(word).unwrap_or(0).min(6));
                }
                self.finish_row(line.number, column, name, marks);
                return;
            }
        }
        let (name_words, mark_words) = words.split_at(split);
        let mut marks: BTreeMap<HalfYear, u8> = BTreeMap::new();
        for (column, word) in mark_words {
            let Ok(m) = marks_of(word) else {
                self.problem(
                    line.number,
                    *column,
                    "x's (x, X, ×, *) or a digit 1–6",
                    word,
                );
                return;
            };
            let Some((half_year, _)) = starts.iter().rev().find(|(_, s)| *s <= column + SLACK)
            else {
                continue;
            };
            let total = marks.entry(*half_year).or_default();
            *total = total.saturating_add(m);
            if *total > 6 {
                self.problem(line.number, *column, "at most 6 x's in a half-year", word);
                return;
            }
        }
        let name = join_words(name_words);
        let column = words.first().map_or(1, |(c, _)| *c);
        if marks.is_empty() {
            // Words alone: a name that wraps on to the next lines, or (when
            // a new name begins) an activity with no marks before it.
            self.flush_unless_continued(&name);
            match self.pending.as_mut() {
                Some((_, _, pending)) => join_wrapped(pending, &name),
                None => self.pending = Some((line.number, column, name)),
            }
            return;
        }
        self.finish_row(line.number, column, name, marks);
    }

    /// A waiting name is an activity of its own (with no marks) when the
    /// next words begin a new name: a capital, after no hyphen.
    fn flush_unless_continued(&mut self, next: &str) {
        let continued = self.pending.as_ref().is_some_and(|(_, _, pending)| {
            pending.ends_with('-') || !next.starts_with(char::is_uppercase)
        });
        if !continued && let Some((line, column, name)) = self.pending.take() {
            self.add(line, column, name, BTreeMap::new());
        }
    }

    /// A row with marks, its name on this line or waiting from the lines
    /// before (or both: the last words of a wrapped name).
    fn finish_row(
        &mut self,
        number: usize,
        column: usize,
        name: String,
        marks: BTreeMap<HalfYear, u8>,
    ) {
        if !name.is_empty() {
            self.flush_unless_continued(&name);
        }
        let (line, column, name) = match self.pending.take() {
            Some((line, column, mut pending)) => {
                if !name.is_empty() {
                    join_wrapped(&mut pending, &name);
                }
                (line, column, pending)
            }
            None => (number, column, name),
        };
        if name.is_empty() {
            self.problem(number, column, "the activity's name before its marks", "");
            return;
        }
        self.add(line, column, name, marks);
    }
}

fn join_words(words: &[(usize, String)]) -> String {
    words
        .iter()
        .map(|(_, w)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Videreutvikle prosjekt-" and "plan og …" make "Videreutvikle
/// prosjektplan og …"; other lines join with a space.
fn join_wrapped(pending: &mut String, next: &str) {
    if pending.ends_with('-') && next.starts_with(char::is_lowercase) {
        pending.pop();
    } else if !pending.ends_with('/') {
        pending.push(' ');
    }
    pending.push_str(next);
}

/// The exports write a name a spreadsheet would take for a formula with an
/// apostrophe before it (`export::as_text`); read back, it is the name.
fn strip_export_guard(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => text.to_owned(),
    }
}

fn read(lines: impl Iterator<Item = Line>, aligned: bool) -> ParsedPlan {
    let mut reader = Reader {
        plan: ParsedPlan::default(),
        aligned,
        columns: None,
        after_header: false,
        pending: None,
        rows: 0,
    };
    for line in lines {
        reader.line(line);
    }
    reader.drop_pending();
    if reader.plan.half_years.is_empty() {
        reader.problem(
            1,
            1,
            "a header row of half-years, such as \"2009 1. halvår\" or \"H1 2009\"",
            "",
        );
    }
    reader.plan.half_years.sort();
    reader
        .plan
        .sections
        .retain(|s| !s.activities.is_empty() || s.sub_project.is_some());
    reader.plan
}
