//! The Gantt chart as a PDF for paper (A4 or A3, landscape), and the pages
//! of any drawing on paper: `plotters` draws each page through a backend
//! that writes PDF (`krilla`), so the chart on paper is the chart of the
//! SVG and PNG files, its text stays text (selectable, the shipped font
//! embedded as a subset) and its lines stay lines.

use std::convert::Infallible;
use std::sync::{Arc, OnceLock};

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
};

use crate::error::AppError;

use super::chart::{ChartData, ChartGroup, font_ready};
use super::draw::{self, BOTTOM, ChartTexts, GROUP_HEIGHT, MARGIN, MUTED, ROW_HEIGHT, ROWS_TOP};

static FONT_FILE: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

/// The shipped font, read once.
fn font() -> Option<Font> {
    static FONT: OnceLock<Option<Font>> = OnceLock::new();
    FONT.get_or_init(|| Font::new(Arc::new(FONT_FILE.to_vec()).into(), 0))
        .clone()
}

/// `plotters` sizes text by the font's height (ascent to descent: 2384 units
/// of DejaVu Sans), PDF by its em (2048 units); and a text's top is its
/// ascent (1901 units) above the baseline.
const EM_PER_SIZE: f32 = 2048.0 / 2384.0;
const ASCENT_PER_SIZE: f32 = 1901.0 / 2384.0;

/// Paper, landscape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Paper {
    A4,
    A3,
    /// A slide: 16:9, for a presentation on paper or on a laptop.
    Slide,
    /// A4 upright, for a report.
    A4Portrait,
}

impl Paper {
    /// `paper=a4|a3`; A4 when not given.
    pub fn from_param(value: Option<&str>) -> Result<Self, AppError> {
        match value.map(str::trim) {
            None | Some("") | Some("a4") | Some("A4") => Ok(Paper::A4),
            Some("a3") | Some("A3") => Ok(Paper::A3),
            Some(_) => Err(AppError::BadParameter {
                parameter: "paper".to_owned(),
                problem: "a4 or a3".to_owned(),
            }),
        }
    }

    /// Width and height in points (1/72 inch).
    fn points(self) -> (f32, f32) {
        match self {
            Paper::A4 => (841.89, 595.28),
            Paper::A3 => (1190.55, 841.89),
            Paper::Slide => (960.0, 540.0),
            Paper::A4Portrait => (595.28, 841.89),
        }
    }

    /// Width and height in the drawing's pixels. The chart's type is the same
    /// size on A4 and A3 (A3 holds more rows and more of the time axis); a
    /// slide is the projector's 1920 × 1080.
    pub fn pixels(self) -> (u32, u32) {
        let (width, height) = self.points();
        let per_point = 1920.0 / Paper::A4.points().0;
        let scale = if self == Paper::Slide {
            1920.0 / width
        } else {
            per_point
        };
        (
            (width * scale).round() as u32,
            (height * scale).round() as u32,
        )
    }
}

/// The most pages one PDF holds (about 4 000 activities on A4, drawn in
/// about 3 s): past that the answer names a sub-project or closed groups.
pub const MAX_PAGES: usize = 250;

/// A document being written, a page at a time.
pub struct PdfWriter {
    document: Document,
    paper: Paper,
    font: Font,
}

impl PdfWriter {
    pub fn new(paper: Paper, title: &str, language: &str) -> Result<Self, AppError> {
        let font = font().ok_or_else(|| {
            tracing::error!("the shipped font could not be read for a PDF");
            AppError::Database
        })?;
        if !font_ready() {
            return Err(AppError::Database);
        }
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .language(language.to_owned())
                .creator("Framdrift".to_owned()),
        );
        Ok(Self {
            document,
            paper,
            font,
        })
    }

    /// Adds a page and draws on it with `plotters`, in the paper's pixels.
    pub fn page<F>(&mut self, draw: F) -> Result<(), AppError>
    where
        F: FnOnce(&DrawingArea<PdfBackend<'_, '_>, plotters::coord::Shift>) -> Result<(), AppError>,
    {
        let (width, height) = self.paper.points();
        let settings = PageSettings::from_wh(width, height).ok_or(AppError::Database)?;
        let mut page = self.document.start_page_with(settings);
        let mut surface = page.surface();
        let (pixels_wide, pixels_high) = self.paper.pixels();
        let scale = width / pixels_wide as f32;
        surface.push_transform(&Transform::from_scale(scale, scale));
        {
            let backend = PdfBackend {
                surface: &mut surface,
                size: (pixels_wide, pixels_high),
                font: self.font.clone(),
            };
            let area = backend.into_drawing_area();
            draw(&area)?;
        }
        surface.pop();
        surface.finish();
        page.finish();
        Ok(())
    }

    pub fn finish(self) -> Result<Vec<u8>, AppError> {
        self.document.finish().map_err(draw::drawing_failed)
    }
}

/// The chart on paper: as many pages as its rows need, each with the
/// title, the day of the data, the baseline, the legend, the time axis and
/// the milestones, and "side 2 av 5" at its foot. `page_label(page, pages)`
/// words the count.
pub fn chart(
    chart: &ChartData,
    texts: &ChartTexts,
    paper: Paper,
    language: &str,
    page_label: &dyn Fn(usize, usize) -> String,
) -> Result<Vec<u8>, AppError> {
    let (_, page_height) = paper.pixels();
    let pages = pages_of(chart, page_height as i32 - FOOTER);
    too_many_pages(pages.len())?;
    let title = match &chart.sub_project {
        Some(sub) => format!("{} – {}", chart.project_name, sub.name),
        None => chart.project_name.clone(),
    };
    let mut writer = PdfWriter::new(paper, &title, language)?;
    let count = pages.len();
    for (number, page) in pages.iter().enumerate() {
        writer.page(|area| {
            draw::draw(area, page, texts).map_err(draw::drawing_failed)?;
            footer(area, None, &page_label(number + 1, count)).map_err(draw::drawing_failed)
        })?;
    }
    writer.finish()
}

/// Refuses a PDF of more than [`MAX_PAGES`] pages, before it is drawn.
pub fn too_many_pages(pages: usize) -> Result<(), AppError> {
    if pages <= MAX_PAGES {
        return Ok(());
    }
    Err(AppError::BadParameter {
        parameter: "sub".to_owned(),
        problem: format!(
            "this needs {pages} pages, more than one PDF holds ({MAX_PAGES}): choose a \
             sub-project or close groups"
        ),
    })
}

/// Room kept at a page's foot for its number.
pub const FOOTER: i32 = 70;

/// The family of the shipped font, as `plotters` knows it.
pub const FONT_FAMILY: &str = super::chart::FONT;

/// At a page's foot: its number on the right, and a note on the left.
pub fn footer<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    note: Option<&str>,
    label: &str,
) -> draw::DrawResult<DB> {
    let (width, height) = area.dim_in_pixel();
    let style = (FONT_FAMILY, 22).into_font().color(&MUTED);
    let right = style.pos(Pos::new(HPos::Right, VPos::Bottom));
    let bottom = height as i32 - 24;
    area.draw_text(label, &right, (width as i32 - MARGIN, bottom))?;
    if let Some(note) = note {
        let room = (width as i32 - 4 * MARGIN - 200).max(0) as u32;
        let left = style.pos(Pos::new(HPos::Left, VPos::Bottom));
        area.draw_text(
            &draw::fit(area, note, &style, room),
            &left,
            (MARGIN, bottom),
        )?;
    }
    Ok(())
}

/// `text` in lines no wider than `width` pixels, broken between words (a
/// word wider than a line is shortened with "…").
pub fn wrap(text: &str, style: &TextStyle, width: u32) -> Vec<String> {
    let wide = |t: &str| {
        style
            .font
            .box_size(t)
            .map(|(w, _)| w > width)
            .unwrap_or(false)
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let longer = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !wide(&longer) {
            line = longer;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line = word.to_owned();
        if wide(&line) {
            let mut chars: Vec<char> = line.chars().collect();
            while chars.len() > 1 && wide(&format!("{}…", String::from_iter(&chars))) {
                chars.pop();
            }
            line = String::from_iter(chars) + "…";
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The chart cut into pages of at most `height` pixels each: every page
/// repeats the heading of the group it continues, and a row is never cut.
pub fn pages_of(chart: &ChartData, height: i32) -> Vec<ChartData> {
    let room = (height - ROWS_TOP - BOTTOM).max(GROUP_HEIGHT + ROW_HEIGHT);
    let mut pages: Vec<Vec<ChartGroup>> = Vec::new();
    let mut page: Vec<ChartGroup> = Vec::new();
    let mut used = 0;
    for group in &chart.groups {
        let heading = if group.name.is_some() {
            GROUP_HEIGHT
        } else {
            0
        };
        let rows: &[_] = if group.open { &group.rows } else { &[] };
        let mut next = 0;
        loop {
            // A heading goes with at least one of its rows.
            let needs = heading + if next < rows.len() { ROW_HEIGHT } else { 0 };
            if used + needs > room && !page.is_empty() {
                pages.push(std::mem::take(&mut page));
                used = 0;
            }
            used += heading;
            let fit = usize::try_from((room - used) / ROW_HEIGHT)
                .unwrap_or(0)
                .max(1);
            let until = (next + fit).min(rows.len());
            page.push(ChartGroup {
                key: group.key.clone(),
                name: group.name.clone(),
                lead_partner: group.lead_partner.clone(),
                open: group.open,
                // A closed group's rows are not drawn, but give its span.
                rows: if group.open {
                    rows[next..until].to_vec()
                } else {
                    group.rows.clone()
                },
            });
            used += ROW_HEIGHT * (until - next) as i32;
            next = until;
            if next >= rows.len() {
                break;
            }
        }
    }
    if !page.is_empty() || pages.is_empty() {
        pages.push(page);
    }
    pages
        .into_iter()
        .map(|groups| with_groups(chart, groups))
        .collect()
}

/// `chart` with other rows (not a clone of all its rows for every page).
pub fn with_groups(chart: &ChartData, groups: Vec<ChartGroup>) -> ChartData {
    ChartData {
        project_key: chart.project_key.clone(),
        project_name: chart.project_name.clone(),
        sub_project: chart.sub_project.clone(),
        period: chart.period,
        columns: chart.columns.clone(),
        day: chart.day,
        today: chart.today,
        view: chart.view.clone(),
        groups,
        milestones: chart.milestones.clone(),
        meetings: chart.meetings.clone(),
        statuses: chart.statuses.clone(),
        baseline: chart.baseline.clone(),
        sub_projects: chart.sub_projects.clone(),
        partners: chart.partners.clone(),
        baselines: chart.baselines.clone(),
    }
}

/// A drawing backend that writes PDF: `plotters` draws a page with it in
/// pixels, scaled to the paper.
pub struct PdfBackend<'a, 'b> {
    surface: &'a mut Surface<'b>,
    size: (u32, u32),
    font: Font,
}

fn paint(color: BackendColor) -> (krilla::paint::Paint, NormalizedF32) {
    let (r, g, b) = color.rgb;
    let opacity =
        NormalizedF32::new(color.alpha.clamp(0.0, 1.0) as f32).unwrap_or(NormalizedF32::ONE);
    (rgb::Color::new(r, g, b).into(), opacity)
}

impl PdfBackend<'_, '_> {
    fn fill_with(&mut self, color: BackendColor) {
        let (paint, opacity) = paint(color);
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint,
            opacity,
            ..Fill::default()
        }));
    }

    fn stroke_with(&mut self, color: BackendColor, width: u32) {
        let (paint, opacity) = paint(color);
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint,
            opacity,
            width: width.max(1) as f32,
            ..Stroke::default()
        }));
    }

    fn path(&mut self, points: impl IntoIterator<Item = BackendCoord>, close: bool) {
        let mut builder = PathBuilder::new();
        let mut first = true;
        for (x, y) in points {
            if first {
                builder.move_to(x as f32, y as f32);
                first = false;
            } else {
                builder.line_to(x as f32, y as f32);
            }
        }
        if close {
            builder.close();
        }
        if let Some(path) = builder.finish() {
            self.surface.draw_path(&path);
        }
    }
}

type Drawn = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for PdfBackend<'_, '_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        self.draw_rect((x, y), (x + 1, y + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        self.stroke_with(style.color(), style.stroke_width());
        self.path([from, to], false);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (left, top): BackendCoord,
        (right, bottom): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.fill_with(style.color());
        } else {
            self.stroke_with(style.color(), style.stroke_width());
        }
        let (left, right) = (left.min(right) as f32, left.max(right) as f32);
        let (top, bottom) = (top.min(bottom) as f32, top.max(bottom) as f32);
        if let Some(rect) = Rect::from_ltrb(left, top, right.max(left + 0.5), bottom.max(top + 0.5))
        {
            let mut builder = PathBuilder::new();
            builder.push_rect(rect);
            if let Some(path) = builder.finish() {
                self.surface.draw_path(&path);
            }
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.stroke_with(style.color(), style.stroke_width());
        self.path(path, false);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.fill_with(style.color());
        self.path(vertices, true);
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size() as f32;
        // Where the anchor puts the text needs its width: measured as
        // `plotters` measures it, so what `fit` shortened fits here too.
        let width = self
            .estimate_text_size(text, style)
            .map(|(w, _)| w as f32)
            .unwrap_or(0.0);
        let left = match style.anchor().h_pos {
            HPos::Left => x as f32,
            HPos::Right => x as f32 - width,
            HPos::Center => x as f32 - width / 2.0,
        };
        let top = match style.anchor().v_pos {
            VPos::Top => y as f32,
            VPos::Center => y as f32 - size / 2.0,
            VPos::Bottom => y as f32 - size,
        };
        let (paint, opacity) = paint(color);
        self.surface.set_fill(Some(Fill {
            paint: paint.clone(),
            opacity,
            ..Fill::default()
        }));
        // The font has no bold face: bold is the glyphs filled and outlined.
        self.surface.set_stroke(match style.style() {
            FontStyle::Bold => Some(Stroke {
                paint,
                opacity,
                width: size / 28.0,
                ..Stroke::default()
            }),
            _ => None,
        });
        self.surface.draw_text(
            Point::from_xy(left, top + size * ASCENT_PER_SIZE),
            self.font.clone(),
            size * EM_PER_SIZE,
            text,
            false,
            TextDirection::Auto,
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_is_a4_unless_a3_is_asked_for_and_nothing_else_is_accepted() {
        assert_eq!(Paper::from_param(None).ok(), Some(Paper::A4));
        assert_eq!(Paper::from_param(Some("")).ok(), Some(Paper::A4));
        assert_eq!(Paper::from_param(Some("a3")).ok(), Some(Paper::A3));
        assert!(matches!(
            Paper::from_param(Some("letter")),
            Err(AppError::BadParameter { parameter, .. }) if parameter == "paper"
        ));
        // Landscape, the type the same size on both: A3 is √2 wider and taller.
        let (a4, a3) = (Paper::A4.pixels(), Paper::A3.pixels());
        assert_eq!(a4.0, 1920);
        assert!(a4.0 > a4.1 && a3.0 > a3.1);
        assert!((f64::from(a3.0) / f64::from(a4.0) - 2f64.sqrt()).abs() < 0.01);
        assert_eq!(Paper::Slide.pixels(), (1920, 1080));
    }

    #[test]
    fn wrapped_lines_keep_every_word_in_order_and_stay_within_the_width() {
        assert!(font_ready());
        let style = (FONT_FAMILY, 30).into_font().color(&BLACK);
        let text = "Evalueringsdesignet og evalueringen av tiltak ligger noe etter planen, \
                    og rapporten om metaevalueringen kommer i andre halvår 2009.";
        let width = 400;
        let lines = wrap(text, &style, width);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            let (w, _) = style.font.box_size(line).expect("measured");
            assert!(w <= width, "{line:?} is {w} pixels");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        // A word wider than a line is shortened, not lost in a loop.
        let long = "x".repeat(200);
        let lines = wrap(&long, &style, width);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with('…'));
        assert_eq!(wrap("", &style, width), vec![String::new()]);
    }
}
