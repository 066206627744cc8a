//! The presentation as a PDF (`/p/KEY/present.pdf`), for a room without a
//! network: the slides of the page in their order, one 16:9 page each, with
//! the words the page shows (`render`'s texts) and the charts drawn as the
//! chart's files draw them (`gantt::draw`). Long lists and long charts
//! continue on the next page rather than being cut.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::dates::{format_date, format_date_range};
use crate::error::AppError;
use crate::gantt::chart::{ChartData, ChartGroup};
use crate::gantt::draw::{self, INK, MARGIN, MUTED};
use crate::gantt::files::{page_label, pdf_file, requested_locale, tokio_blocking};
use crate::gantt::pdf::{self, Paper, PdfWriter};
use crate::i18n::*;
use crate::project::status_label;
use crate::state::AppState;

use super::PresentQuery;
use super::deck::{Deck, SlideKind};
use super::render::{self, ComingItem, Summary};

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/p/{key}/present.pdf", get(present_pdf));
    crate::api::for_readers(&state, routes).with_state(state)
}

/// The presentation `as_of`, `baseline`, `sub` and `since` name, in `lang`.
async fn present_pdf(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let locale = requested_locale(params.get("lang").map(String::as_str), &headers)?;
    let query = PresentQuery::from_params(|name| params.get(name).cloned());
    let today = chrono::Utc::now().date_naive();
    let _place = state.drawn_charts.place()?;
    let deck = Deck::read(&state, &key, &query, super::DEFAULT_ROWS, today).await?;
    let then = deck.chart_at_since(&state).await?;
    let since = render::since_texts(locale, &deck, then.as_deref());
    let coming = render::coming_items(&state, locale, &deck).await?;
    let file = tokio_blocking(move || {
        let slides = slides(locale, &deck, since, coming);
        write(locale, &deck, &slides)
    })
    .await?;
    Ok(pdf_file(&format!("{key}-presentation.pdf"), file.into()))
}

/// A line of words on a slide.
pub(crate) struct Words {
    text: String,
    kind: WordsKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordsKind {
    /// A part's heading.
    Heading,
    Plain,
    /// Under a heading or a line it belongs to.
    Indented,
}

/// One page of the PDF before it is drawn.
pub(crate) enum Sheet {
    Words {
        heading: String,
        lead: Option<String>,
        lines: Vec<Words>,
        /// The type: the title slide's is larger.
        type_: &'static Type,
    },
    /// A page of a chart, with what to say at its foot.
    Chart {
        chart: Box<ChartData>,
        note: Option<String>,
    },
}

pub(crate) fn words(text: impl Into<String>, kind: WordsKind) -> Words {
    Words {
        text: text.into(),
        kind,
    }
}

/// The slides as pages, in the page's order. `since` and `coming` are read
/// before, from the database.
fn slides(
    locale: Locale,
    deck: &Deck,
    since: (String, String, Vec<(&'static str, Vec<String>)>),
    coming: (String, Vec<ComingItem>),
) -> Vec<Sheet> {
    let data = &deck.chart.data;
    let day = deck.day();
    let mut sheets = Vec::new();
    let mut since = Some(since);
    let mut coming = Some(coming);
    for kind in &deck.slides {
        match kind {
            SlideKind::Title => {
                let (lead, baseline, latest) = render::title_texts(locale, deck);
                let mut lines = vec![
                    words(td_string!(locale, present_day_of_data), WordsKind::Heading),
                    words(format_date(locale, day), WordsKind::Indented),
                    words(
                        td_string!(locale, present_compared_with),
                        WordsKind::Heading,
                    ),
                    words(baseline, WordsKind::Indented),
                    words(
                        td_string!(locale, present_latest_status),
                        WordsKind::Heading,
                    ),
                ];
                match latest {
                    Some(s) => {
                        lines.push(words(
                            format!(
                                "{} · {}",
                                status_label(locale, s.status),
                                format_date(locale, s.date)
                            ),
                            WordsKind::Indented,
                        ));
                        lines.push(words(s.text, WordsKind::Indented));
                    }
                    None => lines.push(words(
                        td_string!(locale, present_no_status),
                        WordsKind::Indented,
                    )),
                }
                sheets.push(Sheet::Words {
                    heading: data.project_name.clone(),
                    lead: Some(lead),
                    lines,
                    type_: &TITLE,
                });
            }
            SlideKind::Since => {
                let Some((heading, lead, parts)) = since.take() else {
                    continue;
                };
                let mut lines = Vec::new();
                if parts.is_empty() {
                    lines.push(words(
                        td_string!(locale, present_since_nothing),
                        WordsKind::Plain,
                    ));
                }
                for (part, items) in parts {
                    lines.push(words(
                        format!("{part} ({})", items.len()),
                        WordsKind::Heading,
                    ));
                    let more = items.len().saturating_sub(MOST_LISTED);
                    lines.extend(
                        items
                            .into_iter()
                            .take(MOST_LISTED)
                            .map(|i| words(i, WordsKind::Indented)),
                    );
                    if more > 0 {
                        lines.push(words(more_line(locale, more), WordsKind::Indented));
                    }
                }
                sheets.push(Sheet::Words {
                    heading,
                    lead: Some(lead),
                    lines,
                    type_: &LIST,
                });
            }
            // The chart pages are cut to the paper's rows, not the screen's.
            SlideKind::Overview { page: 1, .. } => {
                let groups = data
                    .groups
                    .iter()
                    .map(|g| ChartGroup {
                        key: g.key.clone(),
                        name: g.name.clone(),
                        lead_partner: g.lead_partner.clone(),
                        // Each sub-project a line over its span: its own
                        // slides follow.
                        open: g.key.is_none(),
                        rows: g.rows.clone(),
                    })
                    .collect();
                chart_sheets(&mut sheets, data, groups, None, None);
            }
            SlideKind::SubProject { group, page: 1, .. } => {
                let groups: Vec<ChartGroup> = data
                    .groups
                    .iter()
                    .filter(|g| g.key.as_deref() == Some(group.as_str()))
                    .cloned()
                    .collect();
                let sub = data.sub_projects.iter().find(|s| &s.key == group).cloned();
                let note = summary_line(locale, &render::summary(locale, deck, group));
                chart_sheets(&mut sheets, data, groups, sub, Some(note));
            }
            SlideKind::Deviations { page: 1, .. } => {
                let rows = render::deviation_rows(locale, deck);
                let lead = td_string!(
                    locale,
                    present_deviations_lead,
                    count = rows.len(),
                    date = format_date(locale, day)
                )
                .to_string();
                let mut lines = Vec::new();
                if rows.is_empty() {
                    lines.push(words(
                        td_string!(locale, present_no_deviations),
                        WordsKind::Plain,
                    ));
                }
                let more = rows.len().saturating_sub(MOST_LISTED);
                for row in rows.into_iter().take(MOST_LISTED) {
                    let activity = match row.plan {
                        Some(plan) => format!("{} ({plan})", row.activity),
                        None => row.activity,
                    };
                    lines.push(words(
                        format!("{activity} — {}", row.half_year),
                        WordsKind::Heading,
                    ));
                    let mut detail = format!(
                        "{} {} · {} ! {} · {}",
                        td_string!(locale, present_planned),
                        row.planned,
                        td_string!(locale, present_actual),
                        row.actual,
                        row.achievement
                    );
                    if !row.comment.is_empty() {
                        detail = format!("{detail} · {}", row.comment);
                    }
                    lines.push(words(detail, WordsKind::Indented));
                }
                if more > 0 {
                    lines.push(words(more_line(locale, more), WordsKind::Plain));
                }
                sheets.push(Sheet::Words {
                    heading: td_string!(locale, present_deviations_heading).to_owned(),
                    lead: Some(lead),
                    lines,
                    type_: &LIST,
                });
            }
            SlideKind::ComingUp => {
                let Some((lead, items)) = coming.take() else {
                    continue;
                };
                let mut lines = Vec::new();
                if items.is_empty() {
                    lines.push(words(
                        td_string!(locale, present_nothing_coming),
                        WordsKind::Plain,
                    ));
                }
                for (first, last, name, owner) in items {
                    lines.push(words(
                        format!(
                            "{}  {name} · {owner}",
                            format_date_range(locale, first, last)
                        ),
                        WordsKind::Plain,
                    ));
                }
                sheets.push(Sheet::Words {
                    heading: td_string!(locale, present_coming_heading).to_owned(),
                    lead: Some(lead),
                    lines,
                    type_: &LIST,
                });
            }
            // Later pages of a chart or of the deviations: drawn with the first.
            SlideKind::Overview { .. }
            | SlideKind::SubProject { .. }
            | SlideKind::Deviations { .. } => {}
        }
    }
    sheets
}

/// The most lines of one list on paper (the deviations, each part of
/// "since"): the rest is counted, as on the screen.
const MOST_LISTED: usize = 40;

fn more_line(locale: Locale, more: usize) -> String {
    td_string!(locale, present_more, count = more).to_string()
}

/// A sub-project's summary in one line.
fn summary_line(locale: Locale, summary: &Summary) -> String {
    let mut line = format!(
        "{} {} · {} {} · {} {} · {} {} · {}: {} {}, {} {}",
        summary.on_plan,
        td_string!(locale, present_on_plan),
        summary.behind,
        td_string!(locale, present_behind),
        summary.ahead,
        td_string!(locale, present_ahead),
        summary.done,
        td_string!(locale, present_done),
        td_string!(locale, present_milestones),
        summary.held,
        td_string!(locale, present_held),
        summary.late,
        td_string!(locale, present_late),
    );
    if let Some(next) = &summary.next {
        line = format!("{line} · {} {next}", td_string!(locale, present_next));
    }
    line
}

/// The pages of a chart of `groups`, cut to a slide's rows.
fn chart_sheets(
    sheets: &mut Vec<Sheet>,
    data: &ChartData,
    groups: Vec<ChartGroup>,
    sub_project: Option<crate::domain::SubProjectRef>,
    note: Option<String>,
) {
    let mut chart = pdf::with_groups(data, groups);
    if sub_project.is_some() {
        chart.sub_project = sub_project;
    }
    let (_, height) = Paper::Slide.pixels();
    for page in pdf::pages_of(&chart, height as i32 - pdf::FOOTER) {
        sheets.push(Sheet::Chart {
            chart: Box::new(page),
            note: note.clone(),
        });
    }
}

/// Draws the slides, each with "side 2 av 11" at its foot.
fn write(locale: Locale, deck: &Deck, sheets: &[Sheet]) -> Result<Vec<u8>, AppError> {
    let texts = draw::texts(locale, &deck.chart.data);
    write_sheets(
        locale,
        Paper::Slide,
        &deck.chart.data.project_name,
        Some(&texts),
        sheets,
    )
}

/// Draws pages of words and of charts (`chart_texts` their words) on
/// `paper`, each with "side 2 av 11" at its foot.
pub(crate) fn write_sheets(
    locale: Locale,
    paper: Paper,
    title: &str,
    chart_texts: Option<&draw::ChartTexts>,
    sheets: &[Sheet],
) -> Result<Vec<u8>, AppError> {
    // A page of words holds as many lines as fit; more continue on the next.
    // Each line is wrapped once, to count it and to draw it.
    let wrapped: Vec<Vec<Wrapped>> = sheets
        .iter()
        .map(|sheet| match sheet {
            Sheet::Words { lines, type_, .. } => wrap_lines(lines, type_, paper),
            Sheet::Chart { .. } => Vec::new(),
        })
        .collect();
    let mut pages: Vec<(&Sheet, &[Wrapped])> = Vec::new();
    let mut writer = PdfWriter::new(paper, title, crate::text::locale_code(locale))?;
    for (sheet, lines) in sheets.iter().zip(&wrapped) {
        match sheet {
            Sheet::Words { type_, .. } => {
                for range in lay_out(lines, type_, paper) {
                    pages.push((sheet, &lines[range]));
                }
            }
            Sheet::Chart { .. } => pages.push((sheet, &[])),
        }
    }
    pdf::too_many_pages(pages.len())?;
    let count = pages.len();
    for (number, (sheet, lines)) in pages.into_iter().enumerate() {
        let label = page_label(locale, number + 1, count);
        writer.page(|area| match sheet {
            Sheet::Words {
                heading,
                lead,
                type_,
                ..
            } => {
                draw_words(area, type_, heading, lead.as_deref(), lines)
                    .map_err(draw::drawing_failed)?;
                pdf::footer(area, None, &label).map_err(draw::drawing_failed)
            }
            Sheet::Chart { chart, note } => {
                let texts = chart_texts.ok_or(AppError::Database)?;
                draw::draw(area, chart, texts).map_err(draw::drawing_failed)?;
                pdf::footer(area, note.as_deref(), &label).map_err(draw::drawing_failed)
            }
        })?;
    }
    writer.finish()
}

/// The sizes of a page of words, in the slide's pixels (1920 × 1080).
pub(crate) struct Type {
    heading: u32,
    lead: u32,
    text: u32,
    line: i32,
    /// Where the heading's top is, and the lead's, and the lines'.
    heading_top: i32,
    lead_top: i32,
    lines_top: i32,
}

/// The lists' slides: as much as fits.
pub(crate) const LIST: Type = Type {
    heading: 52,
    lead: 30,
    text: 30,
    line: 44,
    heading_top: 48,
    lead_top: 128,
    lines_top: 220,
};

/// The title slide: fewer words, larger, lower on the page.
const TITLE: Type = Type {
    heading: 76,
    lead: 40,
    text: 38,
    line: 56,
    heading_top: 220,
    lead_top: 330,
    lines_top: 460,
};

const INDENT: i32 = 36;

fn style_of(kind: WordsKind, type_: &Type) -> TextStyle<'static> {
    let font = (pdf::FONT_FAMILY, type_.text).into_font();
    match kind {
        WordsKind::Heading => font.style(FontStyle::Bold).color(&INK),
        WordsKind::Plain | WordsKind::Indented => font.color(&INK),
    }
}

fn indent_of(kind: WordsKind) -> i32 {
    if kind == WordsKind::Indented {
        INDENT
    } else {
        0
    }
}

/// The paper's size in pixels.
fn size_of(paper: Paper) -> (i32, i32) {
    let (width, height) = paper.pixels();
    (width as i32, height as i32)
}

/// A line of words wrapped to the paper's width: its kind and its pieces.
type Wrapped = (WordsKind, Vec<String>);

/// Each of `lines` wrapped to the paper's width.
fn wrap_lines(lines: &[Words], type_: &Type, paper: Paper) -> Vec<Wrapped> {
    let width = size_of(paper).0 - 2 * MARGIN;
    lines
        .iter()
        .map(|line| {
            let style = style_of(line.kind, type_);
            let room = (width - indent_of(line.kind)).max(100) as u32;
            (line.kind, pdf::wrap(&line.text, &style, room))
        })
        .collect()
}

/// Which of the wrapped `lines` go on each page: ranges of the lines.
fn lay_out(lines: &[Wrapped], type_: &Type, paper: Paper) -> Vec<std::ops::Range<usize>> {
    let height = size_of(paper).1;
    let per_page = usize::try_from((height - type_.lines_top - pdf::FOOTER) / type_.line)
        .unwrap_or(1)
        .max(1);
    // Lines are kept whole: a page ends where the next line would not fit.
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut used = 0;
    for (i, (kind, pieces)) in lines.iter().enumerate() {
        let needs = pieces.len().max(1);
        // A heading does not end a page alone.
        let keep_with_next = if *kind == WordsKind::Heading { 1 } else { 0 };
        if used > 0 && used + needs + keep_with_next > per_page {
            ranges.push(start..i);
            start = i;
            used = 0;
        }
        used += needs;
    }
    ranges.push(start..lines.len());
    ranges
}

fn draw_words<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    type_: &Type,
    heading: &str,
    lead: Option<&str>,
    lines: &[Wrapped],
) -> draw::DrawResult<DB> {
    area.fill(&WHITE)?;
    let width = area.dim_in_pixel().0 as i32 - 2 * MARGIN;
    let heading_style = (pdf::FONT_FAMILY, type_.heading)
        .into_font()
        .style(FontStyle::Bold)
        .color(&INK);
    area.draw_text(
        &draw::fit(area, heading, &heading_style, width as u32),
        &heading_style,
        (MARGIN, type_.heading_top),
    )?;
    if let Some(lead) = lead {
        let style = (pdf::FONT_FAMILY, type_.lead).into_font().color(&MUTED);
        area.draw_text(
            &draw::fit(area, lead, &style, width as u32),
            &style,
            (MARGIN, type_.lead_top),
        )?;
    }
    let mut y = type_.lines_top;
    for (kind, pieces) in lines {
        for piece in pieces {
            area.draw_text(
                piece,
                &style_of(*kind, type_),
                (MARGIN + indent_of(*kind), y),
            )?;
            y += type_.line;
        }
    }
    Ok(())
}
