//! `/p/KEY/report.pdf`: the period report on A4, with the words of the page.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;

use crate::error::AppError;
use crate::gantt::files::{pdf_file, requested_locale, tokio_blocking};
use crate::gantt::pdf::Paper;
use crate::i18n::*;
use crate::present::paper::{LIST, Sheet, WordsKind, words, write_sheets};
use crate::state::AppState;

use super::ReportQuery;
use super::queries::load_report;
use super::render;

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/p/{key}/report.pdf", get(report_pdf));
    crate::api::for_readers(&state, routes).with_state(state)
}

/// The report `period`, `sub`, `as_of` and `baseline` name, in `lang`.
async fn report_pdf(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let locale = requested_locale(params.get("lang").map(String::as_str), &headers)?;
    let query = ReportQuery::from_params(|name| params.get(name).cloned());
    let today = chrono::Utc::now().date_naive();
    let _place = state.drawn_charts.place()?;
    let report = load_report(&state, &key, &query, today).await?;
    let name = format!("{key}-{}.pdf", report.period);
    let file = tokio_blocking(move || {
        let (heading, lead) = render::heading(locale, &report);
        let mut lines = vec![
            words(report.project_name.clone(), WordsKind::Plain),
            words(td_string!(locale, report_activities), WordsKind::Heading),
        ];
        if report.rows.is_empty() {
            lines.push(words(
                td_string!(locale, report_no_activities),
                WordsKind::Indented,
            ));
        }
        for row in &report.rows {
            lines.push(words(render::row_line(locale, row), WordsKind::Indented));
        }
        for section in render::sections(locale, &report) {
            lines.push(words(section.heading, WordsKind::Heading));
            if section.lines.is_empty() {
                lines.push(words(section.none, WordsKind::Indented));
            }
            lines.extend(
                section
                    .lines
                    .into_iter()
                    .map(|line| words(line, WordsKind::Indented)),
            );
        }
        let title = format!("{} – {heading}", report.project_name);
        let sheets = [Sheet::Words {
            heading,
            lead: Some(lead),
            lines,
            type_: &LIST,
        }];
        write_sheets(locale, Paper::A4Portrait, &title, None, &sheets)
    })
    .await?;
    Ok(pdf_file(&name, file.into()))
}
