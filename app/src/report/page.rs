//! `/p/KEY/report`: the page around the report the server draws, and the
//! button that copies its text.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::*;
use crate::layout::{Loading, show_page};
use crate::project::{ProjectNav, use_project_key};

use super::{ReportQuery, get_report};

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_project_key();
    let params = use_query_map();
    let query = Memo::new(move |_| ReportQuery::from_params(|name| params.read().get(name)));
    let report = crate::wire::resource(
        move || {
            let lang = crate::text::locale_code(i18n.get_locale()).to_owned();
            (key.get(), query.get(), lang)
        },
        |(key, query, lang)| get_report(key, query, lang),
    );
    let copied = RwSignal::new(false);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        copied.set(copy_report_text());
    };
    view! {
        <ProjectNav />
        <section class="page report-page">
            <h1>{tr!(i18n, report_page_heading)}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    show_page(report.await, |html| view! { <div class="report-body" inner_html=html></div> })
                })}
            </Transition>
            <p class="report-copy">
                <button type="button" on:click=copy>{tr!(i18n, report_copy)}</button>
                <span role="status">{move || copied.get().then(|| tr!(i18n, report_copied))}</span>
            </p>
        </section>
    }
}

/// Selects the report's text and copies it: the Clipboard API would need
/// web-sys' unstable APIs, and the selection copies in every browser.
#[cfg(feature = "hydrate")]
fn copy_report_text() -> bool {
    use leptos::wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(text) = document
        .get_element_by_id("report-text")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return false;
    };
    text.select();
    document
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
}
