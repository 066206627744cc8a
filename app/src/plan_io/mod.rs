//! Plans in and out. A progress plan is written long before it is tracked,
//! as a table in the application; the people around the project live in
//! spreadsheets. `parse` reads such a table (text, CSV, Markdown, or a
//! spreadsheet's rows); `export` writes the plan as XLSX, CSV and text;
//! `files` serves the exports beside the pages and in the API.

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod spelling;

#[cfg(all(test, feature = "ssr"))]
mod tests;

use leptos::prelude::*;

use crate::i18n::*;

/// "The plan as XLSX CSV Text": the plan's files with the page's view, in
/// the page's language.
#[component]
pub fn PlanFileLinks(
    project: String,
    sub: Option<String>,
    as_of: Option<String>,
    baseline: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let view_of = StoredValue::new((project, sub, as_of, baseline));
    let href = move |extension: &'static str| {
        view_of.with_value(|(project, sub, as_of, baseline)| {
            plan_file_href(
                project,
                extension,
                sub.as_deref(),
                as_of.as_deref(),
                baseline.as_deref(),
                crate::text::locale_code(i18n.get_locale()),
            )
        })
    };
    view! {
        {tr!(i18n, plan_files)}
        " "
        <a href=move || href("xlsx") download>"XLSX"</a>
        " "
        <a href=move || href("csv") download>"CSV"</a>
        " "
        // Shown by the browser: not a page of the app.
        <a href=move || href("txt") rel="external">{tr!(i18n, plan_file_text)}</a>
    }
}

/// The address of the plan's file `extension` (xlsx, csv, txt) with the
/// view's sub-project, day, baseline and language.
pub fn plan_file_href(
    project: &str,
    extension: &str,
    sub: Option<&str>,
    as_of: Option<&str>,
    baseline: Option<&str>,
    lang: &str,
) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in [("sub", sub), ("as_of", as_of), ("baseline", baseline)] {
        if let Some(value) = value {
            query.append_pair(name, value);
        }
    }
    query.append_pair("lang", lang);
    format!("/p/{project}/plan.{extension}?{}", query.finish())
}
