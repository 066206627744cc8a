//! Framdrift: the progress plan of a multi-partner project, and what
//! actually happened. Domain, server functions and components, split by
//! feature; server-only parts behind the `ssr` feature.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[macro_use]
mod text;

// The core, under the names the features use (`crate::domain`, …).
#[cfg(feature = "ssr")]
pub use framdrift_core::{access, db, edit, entities, history, identity};
pub use framdrift_core::{domain, error};

pub mod account;
pub mod admin;
pub mod baseline;
pub mod changelog;
pub mod dates;
pub mod gantt;
mod layout;
pub mod members;
pub mod plan;
pub mod plan_io;
pub mod present;
pub mod project;
mod rare_pages;
pub mod report;
pub mod schedule;
pub mod sharing;
pub mod timeline;
pub mod window;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod compress;
#[cfg(feature = "ssr")]
pub mod exchange;
#[cfg(feature = "ssr")]
mod kept;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

use crate::i18n::*;

/// The Content-Security-Policy of a page: scripts only from here and the
/// page's own nonce (Leptos puts it on the hydration script), WebAssembly
/// compiled from our bundle, styles from here (and the style attributes the
/// views set), nothing framed or framing.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <I18nContextProvider>
            <AppTitle />
            <HydrationMarker />
            <Router>
                <layout::Header />
                <main>
                    // Async rendering waits for the data before the first byte, so an
                    // unknown project or sub-project can still answer 404. The pages
                    // are small and their queries take milliseconds.
                    <Routes fallback=layout::NotFoundPage>
                        <Route path=path!("/") view=project::ProjectListPage ssr=SsrMode::Async />
                        <Route path=path!("/projects/new") view={Lazy::<rare_pages::NewProjectRoute>::new()} />
                        <Route path=path!("/admin") view={Lazy::<rare_pages::AdminRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/login") view=account::SignInPage />
                        <Route path=path!("/account") view={Lazy::<rare_pages::AccountRoute>::new()} />
                        <Route path=path!("/welcome/:token") view={Lazy::<rare_pages::WelcomeRoute>::new()} />
                        <Route path=path!("/p/:project") view=project::OverviewPage ssr=SsrMode::Async />
                        <Route path=path!("/p/:project/plan") view=plan::PlanPage ssr=SsrMode::Async />
                        <Route
                            path=path!("/p/:project/plan/:sub")
                            view=plan::PlanPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/gantt")
                            view=gantt::GanttPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/history")
                            view=changelog::HistoryPageView
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/baselines")
                            view=baseline::BaselinesPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/baselines/:baseline")
                            view=baseline::ComparisonPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/access")
                            view={Lazy::<rare_pages::AccessRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/schedule")
                            view=schedule::SchedulePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/present")
                            view={Lazy::<rare_pages::PresentRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/report")
                            view={Lazy::<rare_pages::ReportRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/p/:project/timeline")
                            view={Lazy::<rare_pages::TimelineRoute>::new()}
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </main>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    // The text is computed while the page renders: the server writes <head>
    // after the body, when the reactive owner of the locale is gone, so a
    // closure handed to <Title> would read a disposed signal there.
    move || {
        let text = format!("Framdrift – {}", td_string!(i18n.get_locale(), tagline));
        crate::layout::page_title(text)
    }
}

/// Marks `<body data-hydrated>` once the browser has taken over the page, so
/// tests (and curious people) can tell server HTML from a live app. Effects
/// never run on the server.
#[component]
fn HydrationMarker() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
