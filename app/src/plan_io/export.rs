//! The plan as spreadsheets and as text, from the chart's data (so each
//! honours `as_of`, `baseline` and `sub` as the chart does):
//!
//! - XLSX: the grid as the seeds draw it, per half-year planned and actual
//!   side by side (and the baseline's marks when one is chosen), then the
//!   achievement and the comment; sub-projects as sections; the day of the
//!   data and the baseline in the heading; header rows and names frozen.
//!   A mark is a number shown as its x's (a number format per count), so
//!   the sheet can sum it.
//! - CSV: the same columns, UTF-8 with a BOM, `;` for Norwegian and Swedish
//!   readers (their spreadsheets' list separator), `,` otherwise.
//! - Text: the planned grid as applications write it, tab-separated, to
//!   paste into a document; `import` reads it back to the same plan.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::dates::format_date;
use crate::domain::{ActualCell, HalfYear};
use crate::error::AppError;
use crate::gantt::chart::ChartData;
use crate::i18n::*;
use crate::plan::{achievement_label, half_year_label};
use crate::present::render::baseline_named;

/// One activity's half-year.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetCell {
    pub planned: u8,
    /// The chosen baseline's marks; none without a baseline.
    pub baseline: Option<u8>,
    pub actual: Option<ActualCell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SheetRow {
    pub name: String,
    pub cells: Vec<SheetCell>,
}

/// The project's own activities (no heading) or a sub-project's.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetSection {
    pub sub_project: Option<String>,
    pub rows: Vec<SheetRow>,
}

/// A plan as the files write it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSheet {
    pub locale: Locale,
    /// The project, and the sub-project when the sheet is of one.
    pub title: String,
    /// The day of the data, and the baseline compared with.
    pub subtitle: String,
    pub half_years: Vec<HalfYear>,
    pub with_baseline: bool,
    pub sections: Vec<SheetSection>,
}

impl PlanSheet {
    pub fn from_chart(locale: Locale, data: &ChartData) -> Self {
        let mut title = data.project_name.clone();
        if let Some(sub) = &data.sub_project {
            title = format!("{title} – {}", sub.name);
        }
        let mut subtitle = format!(
            "{} · {}",
            td_string!(locale, plan_heading),
            td_string!(locale, present_as_of, date = format_date(locale, data.day))
        );
        if let Some(baseline) = &data.baseline {
            subtitle = format!("{subtitle} · {}", baseline_named(locale, baseline));
        }
        let sections = data
            .groups
            .iter()
            .filter(|group| !group.rows.is_empty())
            .map(|group| SheetSection {
                // One sub-project's sheet has its name in the title.
                sub_project: group.name.clone().filter(|_| data.sub_project.is_none()),
                rows: group
                    .rows
                    .iter()
                    .map(|row| SheetRow {
                        name: row.name.clone(),
                        // A sub-project's plan may have columns of its own.
                        cells: data
                            .columns
                            .iter()
                            .map(|h| {
                                let i = row.columns.iter().position(|c| c == h);
                                let at = |marks: &Vec<u8>| {
                                    i.and_then(|i| marks.get(i)).copied().unwrap_or(0)
                                };
                                SheetCell {
                                    planned: at(&row.marks),
                                    baseline: row.baseline.as_ref().map(at),
                                    actual: i.and_then(|i| row.actual.get(i).cloned().flatten()),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        PlanSheet {
            locale,
            title,
            subtitle,
            half_years: data.columns.clone(),
            with_baseline: data.baseline.is_some(),
            sections,
        }
    }

    /// The columns each half-year has: planned, the baseline's marks when
    /// a baseline is chosen, actual, achievement and comment.
    fn parts(&self) -> Vec<Part> {
        let mut parts = vec![Part::Planned];
        if self.with_baseline {
            parts.push(Part::Baseline);
        }
        parts.extend([Part::Actual, Part::Achievement, Part::Comment]);
        parts
    }

    fn section_heading(&self, sub_project: &str) -> String {
        format!(
            "{}: {sub_project}",
            td_string!(self.locale, kind_sub_project)
        )
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Planned,
    Baseline,
    Actual,
    Achievement,
    Comment,
}

impl Part {
    fn label(self, locale: Locale) -> &'static str {
        match self {
            Part::Planned => td_string!(locale, mode_planned),
            Part::Baseline => td_string!(locale, kind_baseline),
            Part::Actual => td_string!(locale, mode_actual),
            Part::Achievement => td_string!(locale, achievement),
            Part::Comment => td_string!(locale, comment),
        }
    }

    /// The part of a cell, as a number of marks or as words.
    fn value(self, locale: Locale, cell: &SheetCell) -> Value {
        let marks = |m: u8| if m > 0 { Value::Marks(m) } else { Value::Empty };
        match self {
            Part::Planned => marks(cell.planned),
            Part::Baseline => marks(cell.baseline.unwrap_or(0)),
            Part::Actual => cell
                .actual
                .as_ref()
                .map_or(Value::Empty, |a| marks(a.marks)),
            Part::Achievement => cell.actual.as_ref().map_or(Value::Empty, |a| {
                Value::Words(achievement_label(locale, a.achievement).to_owned())
            }),
            Part::Comment => cell
                .actual
                .as_ref()
                .filter(|a| !a.comment.trim().is_empty())
                .map_or(Value::Empty, |a| Value::Words(a.comment.trim().to_owned())),
        }
    }
}

enum Value {
    Empty,
    Marks(u8),
    Words(String),
}

/// The planned grid as text: a header of half-years, a line an activity
/// with its x's, tab-separated; each sub-project's table after a line
/// naming it. What applications write, and what `import` reads.
pub fn text(sheet: &PlanSheet) -> String {
    let locale = sheet.locale;
    let header = std::iter::once(td_string!(locale, activities).to_owned())
        .chain(sheet.half_years.iter().map(|h| half_year_label(locale, *h)))
        .collect::<Vec<_>>()
        .join("\t");
    let mut out = String::new();
    for section in &sheet.sections {
        if !out.is_empty() {
            out.push('\n');
        }
        if let Some(sub) = &section.sub_project {
            out.push_str(&one_line(&sheet.section_heading(sub)));
            out.push('\n');
        }
        out.push_str(&header);
        out.push('\n');
        for row in &section.rows {
            out.push_str(&one_line(&row.name));
            for cell in &row.cells {
                let marks = if sheet.with_baseline {
                    cell.baseline.unwrap_or(0)
                } else {
                    cell.planned
                };
                out.push('\t');
                out.push_str(&"x".repeat(usize::from(marks)));
            }
            out.push('\n');
        }
    }
    out
}

/// A name on one line with no tabs: the text's cells are tab-separated.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The grid as CSV (RFC 4180 quoting, UTF-8 with a BOM): a row a heading
/// line, then a row an activity, its sub-project in the first column.
pub fn csv(sheet: &PlanSheet) -> Result<Vec<u8>, AppError> {
    let locale = sheet.locale;
    let delimiter = match locale {
        Locale::nb | Locale::sv => b';',
        Locale::en => b',',
    };
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut out);
        let parts = sheet.parts();
        let mut header = vec![
            td_string!(locale, kind_sub_project).to_owned(),
            td_string!(locale, kind_activity).to_owned(),
        ];
        for half_year in &sheet.half_years {
            let label = half_year_label(locale, *half_year);
            header.extend(
                parts
                    .iter()
                    .map(|part| format!("{label} – {}", part.label(locale).to_lowercase())),
            );
        }
        writer.write_record(&header).map_err(csv_failed)?;
        for section in &sheet.sections {
            let sub = section.sub_project.as_deref().unwrap_or_default();
            for row in &section.rows {
                let mut record = vec![as_text(sub), as_text(&row.name)];
                for cell in &row.cells {
                    record.extend(parts.iter().map(|part| match part.value(locale, cell) {
                        Value::Empty => String::new(),
                        Value::Marks(marks) => marks.to_string(),
                        Value::Words(words) => as_text(&words),
                    }));
                }
                writer.write_record(&record).map_err(csv_failed)?;
            }
        }
        writer.flush().map_err(|_| AppError::Database)?;
    }
    Ok(out)
}

fn csv_failed(error: ::csv::Error) -> AppError {
    tracing::error!(%error, "writing the CSV failed");
    AppError::Database
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab
/// or a carriage return first) gets an apostrophe before it: shown as text.
pub fn as_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Rows above the grid: the title, the subtitle, a blank row.
const HEADING_ROWS: u32 = 3;

/// The grid as an XLSX workbook of one sheet.
pub fn xlsx(sheet: &PlanSheet) -> Result<Vec<u8>, AppError> {
    write_xlsx(sheet).map_err(|error| {
        tracing::error!(%error, "writing the XLSX failed");
        AppError::Database
    })
}

fn write_xlsx(sheet: &PlanSheet) -> Result<Vec<u8>, XlsxError> {
    let locale = sheet.locale;
    let parts = sheet.parts();
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(td_string!(locale, plan_heading))?;

    let title = Format::new().set_bold().set_font_size(14);
    let muted = Format::new().set_font_color("5B6675");
    let header = Format::new()
        .set_bold()
        .set_background_color("DCE8F4")
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let header_name = Format::new()
        .set_bold()
        .set_background_color("DCE8F4")
        .set_border_bottom(FormatBorder::Thin);
    let section = Format::new().set_bold().set_background_color("F3F5F8");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // A number of marks shown as its x's: "xxx" for 3, the value stays 3.
    let marks: Vec<Format> = (0..=6u8)
        .map(|m| {
            Format::new()
                .set_num_format(format!("\"{}\"", "x".repeat(usize::from(m))))
                .set_align(FormatAlign::Center)
                .set_font_name("DejaVu Sans Mono")
        })
        .collect();

    worksheet.write_string_with_format(0, 0, &sheet.title, &title)?;
    worksheet.write_string_with_format(1, 0, &sheet.subtitle, &muted)?;

    let first = HEADING_ROWS;
    let width = parts.len() as u16;
    worksheet.write_string_with_format(first, 0, td_string!(locale, activities), &header_name)?;
    worksheet.write_string_with_format(first + 1, 0, "", &header_name)?;
    for (i, half_year) in sheet.half_years.iter().enumerate() {
        let column = 1 + i as u16 * width;
        let label = half_year_label(locale, *half_year);
        if width > 1 {
            worksheet.merge_range(first, column, first, column + width - 1, &label, &header)?;
        } else {
            worksheet.write_string_with_format(first, column, &label, &header)?;
        }
        for (j, part) in parts.iter().enumerate() {
            worksheet.write_string_with_format(
                first + 1,
                column + j as u16,
                part.label(locale),
                &header,
            )?;
            let column_width = match part {
                Part::Planned | Part::Baseline | Part::Actual => 9.0,
                Part::Achievement => 16.0,
                Part::Comment => 32.0,
            };
            worksheet.set_column_width(column + j as u16, column_width)?;
        }
    }

    let mut row = first + 2;
    let mut longest = td_string!(locale, activities).chars().count();
    for part in &sheet.sections {
        if let Some(sub) = &part.sub_project {
            let heading = sheet.section_heading(sub);
            worksheet.write_string_with_format(row, 0, &heading, &section)?;
            row += 1;
        }
        for activity in &part.rows {
            longest = longest.max(activity.name.chars().count());
            worksheet.write_string(row, 0, &activity.name)?;
            for (i, cell) in activity.cells.iter().enumerate() {
                let column = 1 + i as u16 * width;
                for (j, part) in parts.iter().enumerate() {
                    let column = column + j as u16;
                    match part.value(locale, cell) {
                        Value::Empty => {}
                        Value::Marks(m) => {
                            let format = &marks[usize::from(m.min(6))];
                            worksheet.write_number_with_format(
                                row,
                                column,
                                f64::from(m),
                                format,
                            )?;
                        }
                        Value::Words(words) => {
                            worksheet.write_string_with_format(row, column, &words, &wrap)?;
                        }
                    }
                }
            }
            row += 1;
        }
    }
    // Names fit, up to a width that leaves room for the grid.
    worksheet.set_column_width(0, (longest as f64 * 1.1 + 2.0).clamp(16.0, 60.0))?;
    worksheet.set_freeze_panes(first + 2, 1)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text() {
        assert_eq!(
            as_text("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(as_text(start).starts_with('\''), "{start:?}");
        }
        assert_eq!(as_text("Oppstart – 2009"), "Oppstart – 2009");
    }
}
