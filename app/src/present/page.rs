//! `/p/KEY/present`: one slide at a time, full screen, driven by the keys a
//! presentation clicker sends. The slide comes drawn from the server with
//! its footer (the counter, the keys, the links back and on); the page adds
//! only the keys, the type size and the measuring of the screen.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::layout::show_page;
use crate::project::use_project_key;

use super::{DEFAULT_ROWS, PresentQuery, get_slide};

/// Zoom steps of `+` and `-`; the smallest is the slides' own size, below
/// which text would be too small for the back of the room.
const ZOOMS: [f64; 5] = [1.0, 1.15, 1.3, 1.5, 1.75];

/// A presentation's address at slide `number`.
pub fn present_href(project: &str, query: &PresentQuery, number: usize) -> String {
    let mut params = query.params();
    params.push(("slide", number.to_string()));
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    format!("/p/{project}/present?{encoded}")
}

/// The Gantt page with the presentation's view, where Esc leads.
fn gantt_href(project: &str, query: &PresentQuery) -> String {
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    for (name, value) in query.params() {
        if name != "since" {
            encoded.append_pair(name, &value);
        }
    }
    format!("/p/{project}/gantt?{}", encoded.finish())
}

/// What the slide on screen says of the deck: its number, the slide count
/// and the baselines (`data-*` of its footer, drawn by the server).
fn deck_on_screen() -> (usize, usize, Vec<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(footer) = document().query_selector(".present-footer").ok().flatten() {
        let number = |name: &str| {
            footer
                .get_attribute(name)
                .and_then(|v| v.parse().ok())
                .unwrap_or(1)
        };
        let baselines = footer
            .get_attribute("data-baselines")
            .map(|list| {
                list.split(',')
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        return (number("data-number"), number("data-count"), baselines);
    }
    (1, 1, Vec::new())
}

/// How many chart rows the slide on screen has room for, measured from the
/// slide's body and its tallest row; none where no chart is shown.
#[cfg(feature = "hydrate")]
fn rows_that_fit() -> Option<u32> {
    use leptos::wasm_bindgen::JsCast;
    let document = document();
    let body = document.query_selector(".slide-body").ok()??;
    let tbody = document.query_selector(".slide-chart tbody").ok()??;
    let rows = tbody.children();
    let tallest = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|row| row.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|row| f64::from(row.offset_height()))
        .fold(0.0, f64::max);
    let legend = document
        .query_selector(".slide-legend")
        .ok()
        .flatten()
        .map_or(0.0, |l| l.get_bounding_client_rect().height() + 8.0);
    let room =
        body.get_bounding_client_rect().bottom() - tbody.get_bounding_client_rect().top() - legend;
    let fit = (room / tallest).floor();
    (tallest > 0.0 && fit >= 1.0)
        .then(|| (fit as u32).clamp(*super::ROWS.start(), *super::ROWS.end()))
}

#[component]
pub fn PresentPage() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let key = use_project_key();
    let params = use_query_map();
    let query = Memo::new(move |_| PresentQuery::from_params(|name| params.read().get(name)));
    let number = Memo::new(move |_| {
        params
            .read()
            .get("slide")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
    });
    let rows = RwSignal::new(DEFAULT_ROWS);
    let zoom = RwSignal::new(0usize);
    let show_keys = RwSignal::new(false);
    // The slide on screen has as many rows as it has room for (tests and
    // benchmarks wait for it: `data-settled`).
    let settled = RwSignal::new(false);
    let slide = crate::wire::resource(
        move || {
            let lang = crate::text::locale_code(i18n.get_locale()).to_owned();
            (key.get(), query.get(), number.get(), rows.get(), lang)
        },
        |(key, query, number, rows, lang)| get_slide(key, query, number, rows, lang),
    );

    // The slide's rows follow the screen: measured on the first chart
    // drawn, and again after the window's size or the type size changes
    // (measuring every slide could swing between two counts).
    #[cfg(feature = "hydrate")]
    {
        let measured = RwSignal::new(false);
        let measure = move || {
            request_animation_frame(move || match rows_that_fit() {
                Some(fit) if !measured.get_untracked() => {
                    measured.set(true);
                    if rows.get_untracked() == fit {
                        settled.set(true);
                    } else {
                        rows.set(fit);
                    }
                }
                _ => settled.set(true),
            })
        };
        Effect::new(move |_| {
            number.track();
            query.track();
            rows.track();
            settled.set(false);
        });
        Effect::new(move |_| {
            if let Some(Ok(_)) = slide.get() {
                measure();
            }
        });
        Effect::new(move |first: Option<()>| {
            zoom.track();
            if first.is_some() {
                measured.set(false);
                measure();
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| {
            measured.set(false);
            measure();
        });
        on_cleanup(move || resize.remove());
    }
    let navigate = use_navigate();
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.alt_key() || event.meta_key() {
            return;
        }
        let (at, count, baselines) = deck_on_screen();
        let project = key.get_untracked();
        let mut next = query.get_untracked();
        let to = match event.key().as_str() {
            "ArrowRight" | " " | "PageDown" => at + 1,
            "ArrowLeft" | "PageUp" => at.saturating_sub(1),
            "Home" => 1,
            "End" => count,
            "b" => {
                // The next baseline, then none, then the first again.
                let current = next
                    .baseline
                    .as_ref()
                    .and_then(|b| baselines.iter().position(|k| k == b));
                next.baseline = match current {
                    Some(i) => baselines.get(i + 1).cloned(),
                    None => baselines.first().cloned(),
                };
                at
            }
            "+" | "-" => {
                zoom.update(|z| {
                    *z = if event.key() == "+" {
                        *z + 1
                    } else {
                        z.saturating_sub(1)
                    }
                    .min(ZOOMS.len() - 1)
                });
                0
            }
            "?" => {
                show_keys.update(|shown| *shown = !*shown);
                0
            }
            "f" => {
                toggle_full_screen();
                0
            }
            "Escape" => usize::MAX,
            _ => return,
        };
        event.prevent_default();
        let href = match to {
            0 => return,
            usize::MAX => gantt_href(&project, &next),
            to => present_href(&project, &next, to.clamp(1, count.max(1))),
        };
        navigate(
            &href,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    on_cleanup(move || keys.remove());

    let style = move || format!("--zoom: {}", ZOOMS[zoom.get().min(ZOOMS.len() - 1)]);
    view! {
        <div
            class="present"
            class:show-keys=move || show_keys.get()
            style=style
            data-settled=move || settled.get().to_string()
        >
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    show_page(slide.await, |html| view! { <div class="present-slide" inner_html=html></div> })
                })}
            </Transition>
        </div>
    }
}

/// Full screen on, or off again (`f`).
fn toggle_full_screen() {
    #[cfg(feature = "hydrate")]
    {
        let document = document();
        if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        } else if let Some(root) = document.document_element() {
            let _ = root.request_fullscreen();
        }
    }
}
