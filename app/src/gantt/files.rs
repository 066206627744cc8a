//! `/p/{key}/gantt.svg`, `/p/{key}/gantt.png` and `/p/{key}/gantt.pdf`: the
//! chart as files, with the page's query parameters (`as_of`, `sub`,
//! `baseline`, …), `lang` (nb, sv, en; else the browser's language) and, for
//! the PDF, `paper` (a4, a3).

use axum::Extension;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::api::cache::ReadAt;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;

use super::draw;
use super::pdf::{self, Paper};
use super::view::GanttQuery;

/// The page's query parameters (see [`GanttQuery`]) and `lang`.
#[derive(Debug, Default, Deserialize)]
pub struct ChartQuery {
    pub lang: Option<String>,
    #[serde(flatten)]
    pub view: HashMap<String, String>,
}

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/p/{key}/gantt.svg", get(svg))
        .route("/p/{key}/gantt.png", get(png))
        .route("/p/{key}/gantt.pdf", get(pdf));
    crate::api::for_readers(&state, routes).with_state(state)
}

/// `lang` if given, else the first of the browser's languages we speak.
pub(crate) fn requested_locale(
    lang: Option<&str>,
    headers: &HeaderMap,
) -> Result<Locale, AppError> {
    let pick = crate::text::locale_of_code;
    if let Some(lang) = lang {
        return pick(lang).ok_or_else(|| AppError::BadParameter {
            parameter: "lang".to_owned(),
            problem: "nb, sv or en".to_owned(),
        });
    }
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Ok(accepted
        .split(',')
        .filter_map(|part| pick(part.split(';').next().unwrap_or_default().trim()))
        .next()
        .unwrap_or(Locale::nb))
}

/// "side 2 av 5" at the foot of a page on paper.
pub(crate) fn page_label(locale: Locale, page: usize, pages: usize) -> String {
    crate::i18n::td_string!(locale, pdf_page, page = page, pages = pages).to_string()
}

pub(crate) fn file(content_type: &'static str, body: Bytes) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Readers differ (members, share links): no shared caches.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    response
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
    Pdf(Paper),
}

async fn svg(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<ChartQuery>,
    read_at: Option<Extension<ReadAt>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let file = drawn(&state, key, query, read_at, headers, Format::Svg).await?;
    Ok(self::file("image/svg+xml; charset=utf-8", file))
}

async fn png(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<ChartQuery>,
    read_at: Option<Extension<ReadAt>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let file = drawn(&state, key, query, read_at, headers, Format::Png).await?;
    Ok(self::file("image/png", file))
}

async fn pdf(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<ChartQuery>,
    read_at: Option<Extension<ReadAt>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let paper = Paper::from_param(query.view.get("paper").map(String::as_str))?;
    let name = format!("{key}.pdf");
    let file = drawn(&state, key, query, read_at, headers, Format::Pdf(paper)).await?;
    Ok(pdf_file(&name, file))
}

/// A PDF, shown in the browser and saved under the project's key.
pub(crate) fn pdf_file(name: &str, body: Bytes) -> Response {
    let mut response = file("application/pdf", body);
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The file of the chart a query names: kept from before while its project
/// is at the same revision, else drawn in one of the places for drawing.
async fn drawn(
    state: &AppState,
    project: String,
    query: ChartQuery,
    read_at: Option<Extension<ReadAt>>,
    headers: HeaderMap,
    format: Format,
) -> Result<Bytes, AppError> {
    let locale = requested_locale(query.lang.as_deref(), &headers)?;
    let view = GanttQuery::from_params(|name| query.view.get(name).cloned());
    let today = chrono::Utc::now().date_naive();
    // `require_read` found the project at this revision; the chart read
    // below is as new or newer, so a kept file is never older than its key.
    let key = read_at.map(|Extension(read_at)| FileKey {
        project: project.clone(),
        revision: read_at.revision,
        view: view.clone(),
        locale,
        format,
        today,
    });
    if let Some(key) = &key
        && let Some(kept) = state.drawn_charts.find(key)
    {
        return Ok(kept);
    }
    let _place = state.drawn_charts.place()?;
    let chart = state
        .charts
        .chart(&state.db, &project, &view, today)
        .await?;
    let file = tokio_blocking(move || {
        let texts = draw::texts(locale, &chart.data);
        Ok(Bytes::from(match format {
            Format::Svg => draw::svg(&chart.data, &texts)?.into_bytes(),
            Format::Png => draw::png(&chart.data, &texts)?,
            Format::Pdf(paper) => pdf::chart(
                &chart.data,
                &texts,
                paper,
                crate::text::locale_code(locale),
                &|page, pages| page_label(locale, page, pages),
            )?,
        }))
    })
    .await?;
    if let Some(key) = key {
        state.drawn_charts.keep(key, file.clone());
    }
    Ok(file)
}

/// What a drawn file shows.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileKey {
    project: String,
    revision: i64,
    view: GanttQuery,
    locale: Locale,
    format: Format,
    /// "Now" charts mark what is overdue today.
    today: chrono::NaiveDate,
}

/// Files kept: a few views of a few projects; an SVG of thousands of rows
/// is some megabytes, so the bytes are bounded too.
const KEPT_FILES: usize = 16;
const KEPT_BYTES: usize = 32 << 20;

/// Chart files drawn, kept by what they show, and the places for drawing:
/// a chart is CPU work of up to seconds and a PNG holds its pixels in
/// memory (`draw::PNG_PIXEL_BYTES`), so no more are drawn at once than
/// there are places; past that the answer is 503 with `Retry-After`.
/// Kept in `AppState`.
pub struct DrawnCharts {
    kept: Mutex<VecDeque<(FileKey, Bytes)>>,
    places: Arc<Semaphore>,
}

impl Default for DrawnCharts {
    /// Two places: two PNGs' pixels at most, and cores left for pages.
    fn default() -> Self {
        Self::with_places(2)
    }
}

impl DrawnCharts {
    pub fn with_places(places: usize) -> Self {
        Self {
            kept: Mutex::default(),
            places: Arc::new(Semaphore::new(places)),
        }
    }

    /// The places for drawing, for tests that take them all.
    pub fn places(&self) -> Arc<Semaphore> {
        self.places.clone()
    }

    /// How many files are kept (for tests).
    pub fn len(&self) -> usize {
        self.kept.lock().map_or(0, |kept| kept.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn place(&self) -> Result<OwnedSemaphorePermit, AppError> {
        self.places
            .clone()
            .try_acquire_owned()
            .map_err(|_| AppError::Overloaded { seconds: 2 })
    }

    fn find(&self, key: &FileKey) -> Option<Bytes> {
        let kept = self.kept.lock().ok()?;
        kept.iter()
            .find(|(k, _)| k == key)
            .map(|(_, file)| file.clone())
    }

    fn keep(&self, key: FileKey, file: Bytes) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        // Files of older revisions of the project will not be asked for.
        kept.retain(|(k, _)| k.project != key.project || k.revision >= key.revision);
        kept.push_front((key, file));
        crate::kept::trim(&mut kept, KEPT_FILES, KEPT_BYTES, |(_, file)| file.len());
    }
}

/// Drawing is CPU work: off the async threads.
pub(crate) async fn tokio_blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "drawing the chart stopped");
        AppError::Database
    })?
}
