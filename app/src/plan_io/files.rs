//! The plan's files: `/p/{key}/plan.xlsx|csv|txt` beside the pages, and the
//! same under `/api/v1/projects/{key}/`, with `as_of`, `baseline`, `sub`
//! and `lang` (nb, sv, en; else the browser's language).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use crate::error::AppError;
use crate::gantt::files::{file, requested_locale, tokio_blocking};
use crate::gantt::view::GanttQuery;
use crate::state::AppState;

use super::export::{self, PlanSheet};

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/p/{key}/plan.xlsx", get(plan_xlsx))
        .route("/p/{key}/plan.csv", get(plan_csv))
        .route("/p/{key}/plan.txt", get(plan_txt));
    crate::api::for_readers(&state, routes).with_state(state)
}

/// The view a plan's file is of.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanFileParams {
    /// One sub-project's plan, by key.
    pub sub: Option<String>,
    /// The plan as recorded by then.
    pub as_of: Option<String>,
    /// A baseline, by key: its marks beside the plan's (the text: its grid).
    pub baseline: Option<String>,
    /// nb, sv or en; else the browser's language.
    pub lang: Option<String>,
}

#[derive(Clone, Copy)]
enum Kind {
    Xlsx,
    Csv,
    Txt,
}

/// The plan the parameters name, written as `kind`.
async fn plan_file(
    state: &AppState,
    key: &str,
    params: PlanFileParams,
    headers: &HeaderMap,
    kind: Kind,
) -> Result<Response, AppError> {
    let locale = requested_locale(params.lang.as_deref(), headers)?;
    let query = GanttQuery {
        sub: params.sub.clone(),
        as_of: params.as_of,
        baseline: params.baseline,
        ..GanttQuery::default()
    };
    let today = chrono::Utc::now().date_naive();
    let chart = state.charts.chart(&state.db, key, &query, today).await?;
    let sheet = PlanSheet::from_chart(locale, &chart.data);
    let (content_type, disposition, extension, body) = match kind {
        Kind::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment",
            "xlsx",
            tokio_blocking(move || export::xlsx(&sheet)).await?,
        ),
        Kind::Csv => (
            "text/csv; charset=utf-8",
            "attachment",
            "csv",
            export::csv(&sheet)?,
        ),
        Kind::Txt => (
            "text/plain; charset=utf-8",
            "inline",
            "txt",
            export::text(&sheet).into_bytes(),
        ),
    };
    let mut response = file(content_type, body.into());
    let name = file_name(key, params.sub.as_deref(), extension);
    if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; filename=\"{name}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `interreg-integrering-plan-kbt-senteret.xlsx`.
fn file_name(key: &str, sub: Option<&str>, extension: &str) -> String {
    let name = match sub {
        Some(sub) => format!("{key}-plan-{sub}"),
        None => format!("{key}-plan"),
    };
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.{extension}")
}

/// The plan as an XLSX workbook.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan.xlsx",
    params(("key" = String, Path), PlanFileParams),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn plan_xlsx(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<PlanFileParams>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    plan_file(&state, &key, params, &headers, Kind::Xlsx).await
}

/// The plan as CSV: UTF-8 with a BOM, `;`-separated in Norwegian and
/// Swedish, `,` in English.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan.csv",
    params(("key" = String, Path), PlanFileParams),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn plan_csv(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<PlanFileParams>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    plan_file(&state, &key, params, &headers, Kind::Csv).await
}

/// The planned grid as text (tab-separated), as applications write it; the
/// baseline's grid when `baseline` is given.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan.txt",
    params(("key" = String, Path), PlanFileParams),
    responses(
        (status = 200, content_type = "text/plain", body = String),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn plan_txt(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<PlanFileParams>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    plan_file(&state, &key, params, &headers, Kind::Txt).await
}
