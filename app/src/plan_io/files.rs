//! The plan's files: `/p/{key}/plan.xlsx|csv|txt` beside the pages, and the
//! same under `/api/v1/projects/{key}/`, with `as_of`, `baseline`, `sub`
//! and `lang` (nb, sv, en; else the browser's language).

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::AppError;
use crate::gantt::files::requested_locale;
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

/// The sheet of the plan the parameters name.
async fn sheet_of(
    state: &AppState,
    key: &str,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<PlanSheet, AppError> {
    let locale = requested_locale(params.get("lang").map(String::as_str), headers)?;
    let query = GanttQuery {
        sub: params.get("sub").cloned(),
        as_of: params.get("as_of").cloned(),
        baseline: params.get("baseline").cloned(),
        ..GanttQuery::default()
    };
    let today = chrono::Utc::now().date_naive();
    let chart = state.charts.chart(&state.db, key, &query, today).await?;
    Ok(PlanSheet::from_chart(locale, &chart.data))
}

/// `interreg-integrering-framdriftsplan-stjordal.xlsx`.
fn file_name(key: &str, params: &HashMap<String, String>, extension: &str) -> String {
    let mut name = format!("{key}-plan");
    if let Some(sub) = params.get("sub") {
        name.push('-');
        name.push_str(sub);
    }
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

fn file(content_type: &'static str, disposition: String, body: Vec<u8>) -> Response {
    let mut response = Bytes::from(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Readers differ (members, share links): no shared caches.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The plan as an XLSX workbook.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan.xlsx",
    params(
        ("key" = String, Path),
        ("sub" = Option<String>, Query, description = "One sub-project's plan, by key"),
        ("as_of" = Option<String>, Query, description = "The plan as recorded by then"),
        ("baseline" = Option<String>, Query, description = "A baseline's marks beside the plan's, by key"),
        ("lang" = Option<String>, Query, description = "nb, sv or en")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn plan_xlsx(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let sheet = sheet_of(&state, &key, &params, &headers).await?;
    let body = crate::gantt::files::tokio_blocking(move || export::xlsx(&sheet)).await?;
    Ok(file(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!(
            "attachment; filename=\"{}\"",
            file_name(&key, &params, "xlsx")
        ),
        body,
    ))
}

/// The plan as CSV: UTF-8 with a BOM, `;`-separated in Norwegian and
/// Swedish, `,` in English.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan.csv",
    params(
        ("key" = String, Path),
        ("sub" = Option<String>, Query, description = "One sub-project's plan, by key"),
        ("as_of" = Option<String>, Query, description = "The plan as recorded by then"),
        ("baseline" = Option<String>, Query, description = "A baseline's marks beside the plan's, by key"),
        ("lang" = Option<String>, Query, description = "nb, sv or en")),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn plan_csv(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let sheet = sheet_of(&state, &key, &params, &headers).await?;
    Ok(file(
        "text/csv; charset=utf-8",
        format!(
            "attachment; filename=\"{}\"",
            file_name(&key, &params, "csv")
        ),
        export::csv(&sheet)?,
    ))
}

/// The planned grid as text (tab-separated), as applications write it; the
/// baseline's grid when `baseline` is given.
#[utoipa::path(get, path = "/api/v1/projects/{key}/plan.txt",
    params(
        ("key" = String, Path),
        ("sub" = Option<String>, Query, description = "One sub-project's plan, by key"),
        ("as_of" = Option<String>, Query, description = "The plan as recorded by then"),
        ("baseline" = Option<String>, Query, description = "The baseline's grid instead of the plan's, by key"),
        ("lang" = Option<String>, Query, description = "nb, sv or en")),
    responses(
        (status = 200, content_type = "text/plain", body = String),
        (status = 404, body = crate::error::ErrorBody)))]
pub async fn plan_txt(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let sheet = sheet_of(&state, &key, &params, &headers).await?;
    Ok(file(
        "text/plain; charset=utf-8",
        format!("inline; filename=\"{}\"", file_name(&key, &params, "txt")),
        export::text(&sheet).into_bytes(),
    ))
}
