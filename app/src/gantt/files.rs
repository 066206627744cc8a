//! `/p/{key}/gantt.svg` and `/p/{key}/gantt.png`: the chart as files, with
//! the page's query parameters (`as_of`, `sub`) and `lang` (nb, sv, en; else
//! the browser's language).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use std::collections::HashMap;

use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;

use super::chart;
use super::view::GanttQuery;

/// The page's query parameters (see [`GanttQuery`]) and `lang`.
#[derive(Debug, Default, Deserialize)]
pub struct ChartQuery {
    pub lang: Option<String>,
    #[serde(flatten)]
    pub view: HashMap<String, String>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/p/{key}/gantt.svg", get(svg))
        .route("/p/{key}/gantt.png", get(png))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::api::require_read,
        ))
        .with_state(state)
}

/// `lang` if given, else the first of the browser's languages we speak.
fn locale(query: &ChartQuery, headers: &HeaderMap) -> Result<Locale, AppError> {
    let pick = |tag: &str| match tag.split(['-', '_']).next().unwrap_or_default() {
        "nb" | "no" | "nn" => Some(Locale::nb),
        "sv" => Some(Locale::sv),
        "en" => Some(Locale::en),
        _ => None,
    };
    if let Some(lang) = &query.lang {
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

async fn load(
    state: &AppState,
    key: &str,
    query: &ChartQuery,
) -> Result<chart::ChartData, AppError> {
    let view = GanttQuery::from_params(|name| query.view.get(name).cloned());
    let today = chrono::Utc::now().date_naive();
    chart::load_chart(&state.db, key, &view, today).await
}

fn file(content_type: &'static str, body: impl IntoResponse) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

#[derive(Clone, Copy)]
enum Format {
    Svg,
    Png,
}

async fn svg(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<ChartQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    draw(state, key, query, headers, Format::Svg).await
}

async fn png(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<ChartQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    draw(state, key, query, headers, Format::Png).await
}

async fn draw(
    state: AppState,
    key: String,
    query: ChartQuery,
    headers: HeaderMap,
    format: Format,
) -> Result<Response, AppError> {
    let locale = locale(&query, &headers)?;
    let data = load(&state, &key, &query).await?;
    let texts = chart::texts(locale, &data);
    Ok(match format {
        Format::Svg => file(
            "image/svg+xml; charset=utf-8",
            tokio_blocking(move || chart::svg(&data, &texts)).await?,
        ),
        Format::Png => file(
            "image/png",
            tokio_blocking(move || chart::png(&data, &texts)).await?,
        ),
    })
}

/// Drawing is CPU work: off the async threads.
async fn tokio_blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "drawing the chart stopped");
        AppError::Database
    })?
}
