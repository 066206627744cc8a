//! The Gantt chart as a file: SVG and PNG, drawn on the server with
//! `plotters`, for the projector and for printed reports. One drawing
//! routine serves both backends; text is drawn with the font shipped in
//! `app/fonts/` (SVG keeps it as text, naming the same family).

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::dates::format_date;
use crate::domain::{ActivityStatus, HalfYear, Period, ProjectStatus};
use crate::error::AppError;
use crate::i18n::Locale;

use super::chart::{ChartData, FONT, font_ready};
use super::layout::{
    Deviation, TimeAxis, actual_bars, days_of, deviation, milestone_overdue, milestone_span,
    planned_bars,
};

/// The words on a chart, in the reader's language.
pub struct ChartTexts {
    pub period: String,
    pub as_of: String,
    pub planned: String,
    pub actual: String,
    pub behind: String,
    pub unplanned: String,
    pub milestone: String,
    pub meeting: String,
    pub status: String,
    /// "Basisplan: Søknad", when a baseline is shown.
    pub baseline: Option<String>,
    pub half_year: fn(HalfYear) -> String,
}

/// The width of the files, in pixels; a page of a PDF is wider or narrower.
const WIDTH: u32 = 1920;
pub(crate) const MARGIN: i32 = 40;
const LABELS: i32 = 560;
const CHART_LEFT: i32 = MARGIN + LABELS + 20;
const AXIS_TOP: i32 = 170;
const MILESTONE_LANE: i32 = 250;
/// Meeting ticks and status flags.
const MARKER_LANE: i32 = 326;
pub(crate) const ROWS_TOP: i32 = 380;
pub(crate) const GROUP_HEIGHT: i32 = 44;
pub(crate) const ROW_HEIGHT: i32 = 50;
/// Below the last row.
pub(crate) const BOTTOM: i32 = 60;

pub(crate) const INK: RGBColor = RGBColor(0x1b, 0x24, 0x30);
pub(crate) const MUTED: RGBColor = RGBColor(0x55, 0x60, 0x6e);
const LINE: RGBColor = RGBColor(0xd5, 0xdb, 0xe3);
const ACCENT: RGBColor = RGBColor(0x1f, 0x4e, 0x79);
const BAD: RGBColor = RGBColor(0x9b, 0x1c, 0x1c);
const WARN: RGBColor = RGBColor(0xb3, 0x6b, 0x00);
/// Planned marks 1–6, light to dark (as in the plan table).
const MARKS: [RGBColor; 6] = [
    RGBColor(0xc6, 0xd9, 0xee),
    RGBColor(0xa7, 0xc4, 0xe4),
    RGBColor(0x86, 0xad, 0xd8),
    RGBColor(0x5f, 0x8f, 0xc4),
    RGBColor(0x3b, 0x6e, 0xa8),
    RGBColor(0x1f, 0x4e, 0x79),
];
/// Actual marks 1–6.
const DONE: [RGBColor; 6] = [
    RGBColor(0xbf, 0xe3, 0xc9),
    RGBColor(0x9c, 0xd3, 0xab),
    RGBColor(0x74, 0xbf, 0x8a),
    RGBColor(0x4c, 0xa5, 0x68),
    RGBColor(0x2f, 0x87, 0x4d),
    RGBColor(0x1e, 0x6b, 0x3a),
];

fn shade(palette: &[RGBColor; 6], marks: u8) -> RGBColor {
    palette[usize::from(marks.clamp(1, 6)) - 1]
}

/// The image's height: every row is drawn, so large plans give a tall image.
pub fn height(chart: &ChartData) -> u32 {
    let rows: usize = chart
        .groups
        .iter()
        .filter(|g| g.open)
        .map(|g| g.rows.len())
        .sum();
    let groups = chart.groups.iter().filter(|g| g.name.is_some()).count();
    let content = ROWS_TOP as usize + groups * GROUP_HEIGHT as usize + rows * ROW_HEIGHT as usize;
    u32::try_from(content + BOTTOM as usize).unwrap_or(u32::MAX)
}

pub(crate) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Shortens `text` with "…" until it fits in `width` pixels.
pub(crate) fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    width: u32,
) -> String {
    let fits = |t: &str| {
        area.estimate_text_size(t, style)
            .map(|(w, _)| w <= width)
            .unwrap_or(true)
    };
    if fits(text) {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let shorter: String = chars.iter().collect::<String>() + "…";
        if fits(&shorter) {
            return shorter;
        }
    }
    "…".to_owned()
}

/// Draws the chart over the area's width: the title, legend, time axis,
/// milestones and meetings, then every row of `chart`.
pub(crate) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartData,
    texts: &ChartTexts,
) -> DrawResult<DB> {
    area.fill(&WHITE)?;
    let area_width = i32::try_from(area.dim_in_pixel().0).unwrap_or(WIDTH as i32);
    let chart_right = area_width - MARGIN;
    let text = |size: u32, color: RGBColor| (FONT, size).into_font().color(&color);
    let bold = |size: u32| (FONT, size).into_font().style(FontStyle::Bold).color(&INK);
    let Some(axis) = TimeAxis::over(&chart.columns) else {
        return Ok(());
    };
    let width = f64::from(chart_right - CHART_LEFT);
    let x = |day: NaiveDate| CHART_LEFT + axis.x(day, width).round() as i32;
    let bottom = height(chart) as i32 - 40;

    // Title, period, the day of the data, legend.
    let title = match &chart.sub_project {
        Some(sub) => format!("{} – {}", chart.project_name, sub.name),
        None => chart.project_name.clone(),
    };
    let title_style = bold(40);
    area.draw_text(
        &fit(
            area,
            &title,
            &title_style,
            (area_width - 2 * MARGIN).max(0) as u32,
        ),
        &title_style,
        (MARGIN, 30),
    )?;
    let mut subtitle = format!("{} · {}", texts.period, texts.as_of);
    if let Some(baseline) = &texts.baseline {
        subtitle = format!("{subtitle} · {baseline}");
    }
    area.draw_text(&subtitle, &text(26, MUTED), (MARGIN, 86))?;
    let mut legend_x = MARGIN;
    let legend_y = 128;
    for (label, fill, outline) in [
        (&texts.planned, MARKS[3], MARKS[3]),
        (&texts.actual, DONE[3], DONE[3]),
        (&texts.behind, WHITE, BAD),
        (&texts.unplanned, WHITE, WARN),
    ] {
        area.draw(&Rectangle::new(
            [(legend_x, legend_y), (legend_x + 36, legend_y + 20)],
            fill.filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(legend_x, legend_y), (legend_x + 36, legend_y + 20)],
            outline.stroke_width(3),
        ))?;
        area.draw_text(label, &text(22, INK), (legend_x + 46, legend_y - 2))?;
        legend_x += 80
            + area
                .estimate_text_size(label, &text(22, INK))
                .map_or(120, |s| s.0 as i32);
    }
    if let Some(baseline) = &texts.baseline {
        area.draw(&Rectangle::new(
            [(legend_x, legend_y), (legend_x + 36, legend_y + 20)],
            MUTED.stroke_width(2),
        ))?;
        area.draw_text(baseline, &text(22, INK), (legend_x + 46, legend_y - 2))?;
        legend_x += 80
            + area
                .estimate_text_size(baseline, &text(22, INK))
                .map_or(120, |s| s.0 as i32);
    }
    diamond(area, legend_x + 12, legend_y + 10, 12, ACCENT)?;
    area.draw_text(
        &texts.milestone,
        &text(22, INK),
        (legend_x + 32, legend_y - 2),
    )?;
    legend_x += 70
        + area
            .estimate_text_size(&texts.milestone, &text(22, INK))
            .map_or(120, |s| s.0 as i32);
    tick(area, legend_x + 4, legend_y, Some(true))?;
    area.draw_text(
        &texts.meeting,
        &text(22, INK),
        (legend_x + 20, legend_y - 2),
    )?;
    legend_x += 60
        + area
            .estimate_text_size(&texts.meeting, &text(22, INK))
            .map_or(120, |s| s.0 as i32);
    flag(area, legend_x, legend_y, ProjectStatus::OnTrack)?;
    area.draw_text(&texts.status, &text(22, INK), (legend_x + 26, legend_y - 2))?;

    // Time axis: years, then half-years, with their boundaries down the chart.
    for (year, first, after) in axis.years() {
        let (left, right) = (x(first), x(after));
        area.draw(&Rectangle::new(
            [(left, AXIS_TOP), (right, AXIS_TOP + 36)],
            RGBColor(0xee, 0xf2, 0xf7).filled(),
        ))?;
        area.draw(&PathElement::new(
            vec![(left, AXIS_TOP), (left, bottom)],
            INK.mix(0.5).stroke_width(2),
        ))?;
        area.draw_text(&year.to_string(), &bold(24), (left + 8, AXIS_TOP + 5))?;
    }
    for &half_year in &chart.columns {
        let (first, after) = days_of(half_year);
        let (left, right) = (x(first), x(after));
        area.draw(&PathElement::new(
            vec![(left, AXIS_TOP + 36), (left, bottom)],
            LINE.stroke_width(1),
        ))?;
        let label_style = text(18, INK);
        let label = fit(
            area,
            &(texts.half_year)(half_year),
            &label_style,
            (right - left - 8).max(0) as u32,
        );
        area.draw_text(&label, &label_style, (left + 5, AXIS_TOP + 46))?;
    }

    // Milestones: a diamond at the start, a band over multi-day gatherings,
    // names on two staggered lines so close ones do not overlap.
    for (i, milestone) in chart.milestones.iter().enumerate() {
        let (first, after) = milestone_span(milestone);
        let overdue = milestone_overdue(milestone, chart.day);
        let color = if overdue { BAD } else { ACCENT };
        let lane = MILESTONE_LANE + if i % 2 == 0 { 0 } else { 36 };
        let (left, right) = (x(first), x(after).max(x(first) + 2));
        area.draw(&Rectangle::new(
            [(left, lane + 4), (right, lane + 20)],
            color.mix(0.35).filled(),
        ))?;
        diamond(area, left, lane + 12, 11, color)?;
        let name = if overdue {
            format!("{} !", milestone.name)
        } else {
            milestone.name.clone()
        };
        area.draw_text(&name, &text(18, color), (right + 8, lane + 2))?;
    }

    // Meetings as ticks (filled: held; hollow: not held; grey: not yet
    // recorded), status statements as flags coloured by their status.
    for meeting in &chart.meetings {
        tick(area, x(meeting.date), MARKER_LANE + 8, meeting.held)?;
    }
    for statement in &chart.statuses {
        flag(area, x(statement.date), MARKER_LANE + 2, statement.status)?;
    }

    // Rows.
    let mut y = ROWS_TOP;
    let name_width = (LABELS - 10) as u32;
    for group in &chart.groups {
        if let Some(name) = &group.name {
            area.draw(&Rectangle::new(
                [(MARGIN, y), (chart_right, y + GROUP_HEIGHT - 4)],
                RGBColor(0xf3, 0xf5, 0xf8).filled(),
            ))?;
            let style = bold(22);
            area.draw_text(
                &fit(area, name, &style, name_width),
                &style,
                (MARGIN + 6, y + 8),
            )?;
            // The group's span: from its first planned half-year to its last.
            let spans: Vec<_> = group
                .rows
                .iter()
                .flat_map(|r| planned_bars(&r.columns, &r.marks))
                .collect();
            if let (Some(from), Some(until)) = (
                spans.iter().map(|b| b.from).min(),
                spans.iter().map(|b| b.until).max(),
            ) {
                area.draw(&Rectangle::new(
                    [(x(from), y + 16), (x(until), y + 24)],
                    INK.mix(0.6).filled(),
                ))?;
            }
            y += GROUP_HEIGHT;
        }
        if !group.open {
            continue;
        }
        for row in &group.rows {
            let name_style = text(20, INK);
            let label = fit(area, &row.name, &name_style, name_width);
            area.draw_text(&label, &name_style, (MARGIN + 6, y + 8))?;
            if row.status != ActivityStatus::NotStarted || row.percent_complete > 0 {
                let status = format!("{} %", row.percent_complete);
                area.draw_text(&status, &text(16, MUTED), (MARGIN + 6, y + 31))?;
            }
            for bar in planned_bars(&row.columns, &row.marks) {
                area.draw(&Rectangle::new(
                    [(x(bar.from) + 1, y + 8), (x(bar.until) - 1, y + 25)],
                    shade(&MARKS, bar.marks).filled(),
                ))?;
            }
            if let Some(baseline) = &row.baseline {
                for bar in planned_bars(&row.columns, baseline) {
                    area.draw(&Rectangle::new(
                        [(x(bar.from) + 3, y + 4), (x(bar.until) - 3, y + 29)],
                        MUTED.stroke_width(2),
                    ))?;
                }
            }
            for bar in actual_bars(&row.columns, &row.actual) {
                area.draw(&Rectangle::new(
                    [(x(bar.from) + 1, y + 28), (x(bar.until) - 1, y + 42)],
                    shade(&DONE, bar.marks).filled(),
                ))?;
            }
            for (i, &half_year) in row.columns.iter().enumerate() {
                let planned = row.marks.get(i).copied().unwrap_or(0);
                let actual = row.actual.get(i).cloned().flatten().map(|a| a.marks);
                let color = match deviation(half_year, planned, actual, chart.day) {
                    Some(Deviation::Behind) => BAD,
                    Some(Deviation::Unplanned) => WARN,
                    None => continue,
                };
                let (first, after) = days_of(half_year);
                area.draw(&Rectangle::new(
                    [(x(first) + 2, y + 6), (x(after) - 2, y + 44)],
                    color.stroke_width(3),
                ))?;
            }
            area.draw(&PathElement::new(
                vec![
                    (MARGIN, y + ROW_HEIGHT - 1),
                    (chart_right, y + ROW_HEIGHT - 1),
                ],
                LINE.stroke_width(1),
            ))?;
            y += ROW_HEIGHT;
        }
    }

    // The day of the data: a dashed line across the chart, when it falls on
    // the axis (a finished project seen today has none).
    if chart.day < axis.start || chart.day >= axis.end {
        return Ok(());
    }
    let day = x(chart.day);
    let mut dash = AXIS_TOP;
    while dash < bottom {
        area.draw(&PathElement::new(
            vec![(day, dash), (day, (dash + 12).min(bottom))],
            BAD.stroke_width(3),
        ))?;
        dash += 20;
    }
    Ok(())
}

/// A meeting: a short upright bar, filled when held.
fn tick<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: i32,
    y: i32,
    held: Option<bool>,
) -> DrawResult<DB> {
    let shape = [(x - 3, y), (x + 3, y + 22)];
    match held {
        Some(true) => area.draw(&Rectangle::new(shape, ACCENT.filled())),
        Some(false) => area.draw(&Rectangle::new(shape, BAD.stroke_width(2))),
        None => area.draw(&Rectangle::new(shape, MUTED.mix(0.6).filled())),
    }
}

/// A status statement: a pole and a pennant in the colour of its status.
fn flag<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: i32,
    y: i32,
    status: ProjectStatus,
) -> DrawResult<DB> {
    let color = match status {
        ProjectStatus::OnTrack => RGBColor(0x1e, 0x6b, 0x3a),
        ProjectStatus::AtRisk => WARN,
        ProjectStatus::Behind => BAD,
    };
    area.draw(&PathElement::new(
        vec![(x, y), (x, y + 30)],
        INK.stroke_width(2),
    ))?;
    area.draw(&Polygon::new(
        vec![(x, y), (x + 18, y + 6), (x, y + 12)],
        color.filled(),
    ))
}

fn diamond<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cx: i32,
    cy: i32,
    r: i32,
    color: RGBColor,
) -> DrawResult<DB> {
    area.draw(&Polygon::new(
        vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
        color.filled(),
    ))
}

/// The chart as an SVG document.
pub fn svg(chart: &ChartData, texts: &ChartTexts) -> Result<String, AppError> {
    if !font_ready() {
        return Err(AppError::Database);
    }
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (WIDTH, height(chart))).into_drawing_area();
        draw(&area, chart, texts).map_err(drawing_failed)?;
        area.present().map_err(drawing_failed)?;
    }
    Ok(out)
}

/// The most bytes of pixels one PNG holds: the image is drawn in one raw
/// buffer of 1920 × height × 3 bytes, so this bounds its height (about 200
/// activities; a taller plan is drawn as SVG, or per sub-project; the
/// Gantt page's text `gantt_png_too_tall` names that number).
pub const PNG_PIXEL_BYTES: usize = 56 << 20;

/// The tallest PNG drawn, in pixels.
pub const MAX_PNG_HEIGHT: u32 = (PNG_PIXEL_BYTES / (WIDTH as usize * 3)) as u32;

/// The chart as a PNG image.
pub fn png(chart: &ChartData, texts: &ChartTexts) -> Result<Vec<u8>, AppError> {
    if !font_ready() {
        return Err(AppError::Database);
    }
    if height(chart) > MAX_PNG_HEIGHT {
        let rows: usize = chart
            .groups
            .iter()
            .filter(|g| g.open)
            .map(|g| g.rows.len())
            .sum();
        return Err(AppError::BadParameter {
            parameter: "sub".to_owned(),
            problem: format!(
                "the chart has {rows} activities, too many for one PNG (at most {MAX_PNG_HEIGHT} \
                 pixels tall, about {} activities): choose a sub-project, close groups, \
                 or take the SVG",
                (MAX_PNG_HEIGHT as i32 - ROWS_TOP - 60) / ROW_HEIGHT
            ),
        });
    }
    let (width, height) = (WIDTH, height(chart));
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        draw(&area, chart, texts).map_err(drawing_failed)?;
        area.present().map_err(drawing_failed)?;
    }
    let mut encoded = Vec::new();
    let mut encoder = png::Encoder::new(&mut encoded, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels))
        .map_err(drawing_failed)?;
    Ok(encoded)
}

pub(crate) fn drawing_failed<E: std::fmt::Debug>(error: E) -> AppError {
    tracing::error!(?error, "the chart could not be drawn");
    AppError::Database
}

/// The words of a chart in `locale`.
pub fn texts(locale: Locale, chart: &ChartData) -> ChartTexts {
    use crate::i18n::td_string;
    let range = |p: &Period| {
        format!(
            "{}–{}",
            format_date(locale, p.start),
            format_date(locale, p.end)
        )
    };
    let day = format_date(locale, chart.day);
    ChartTexts {
        period: format!("{} {}", td_string!(locale, period), range(&chart.period)),
        as_of: td_string!(locale, chart_as_of, day = day).to_string(),
        planned: td_string!(locale, mode_planned).to_owned(),
        actual: td_string!(locale, mode_actual).to_owned(),
        behind: td_string!(locale, chart_behind).to_owned(),
        unplanned: td_string!(locale, chart_unplanned).to_owned(),
        milestone: td_string!(locale, kind_milestone).to_owned(),
        meeting: td_string!(locale, kind_meeting_outcome).to_owned(),
        status: td_string!(locale, kind_status_statement).to_owned(),
        baseline: chart
            .baseline
            .as_ref()
            .map(|b| format!("{}: {}", td_string!(locale, kind_baseline), b.name)),
        half_year: match locale {
            Locale::nb => |h| crate::plan::half_year_label(Locale::nb, h),
            Locale::sv => |h| crate::plan::half_year_label(Locale::sv, h),
            Locale::en => |h| crate::plan::half_year_label(Locale::en, h),
        },
    }
}
