//! `/p/KEY/present`: one slide at a time, full screen, driven by the keys a
//! presentation clicker sends. The slide itself comes drawn from the server.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::i18n::*;
use crate::layout::show_page;
use crate::project::use_project_key;

use super::{DEFAULT_ROWS, PresentQuery, get_slide};

/// Zoom steps of `+` and `-`; the smallest is the slides' own size, below
/// which text would be too small for the back of the room.
const ZOOMS: [f64; 5] = [1.0, 1.15, 1.3, 1.5, 1.75];

/// `?name=value&…` of a presentation at slide `number`.
fn present_href(project: &str, query: &PresentQuery, number: usize) -> String {
    let mut params = query.params();
    params.push(("slide", number.to_string()));
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    format!("/p/{project}/present?{encoded}")
}

/// The Gantt page with the presentation's view, where Esc leads.
fn gantt_href(project: &str, query: &PresentQuery) -> String {
    let params: Vec<_> = query
        .params()
        .into_iter()
        .filter(|(name, _)| *name != "since")
        .collect();
    if params.is_empty() {
        return format!("/p/{project}/gantt");
    }
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    format!("/p/{project}/gantt?{encoded}")
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
    if tallest <= 0.0 {
        return None;
    }
    let legend = document
        .query_selector(".slide-legend")
        .ok()
        .flatten()
        .map_or(0.0, |l| l.get_bounding_client_rect().height() + 8.0);
    let room =
        body.get_bounding_client_rect().bottom() - tbody.get_bounding_client_rect().top() - legend;
    let fit = (room / tallest).floor();
    (fit >= 1.0).then(|| (fit as u32).clamp(*super::ROWS.start(), *super::ROWS.end()))
}

#[component]
pub fn PresentPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_project_key();
    let params = use_query_map();
    let query = Memo::new(move |_| PresentQuery::from_params(|name| params.read().get(name)));
    let number = Memo::new(move |_| {
        params
            .read()
            .get("slide")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1)
    });
    let rows = RwSignal::new(DEFAULT_ROWS);
    let zoom = RwSignal::new(0usize);
    let help = RwSignal::new(false);
    let count = RwSignal::new(0usize);
    let baselines = RwSignal::new(Vec::<String>::new());
    let slide = crate::wire::resource(
        move || {
            let lang = crate::text::locale_code(i18n.get_locale()).to_owned();
            (key.get(), query.get(), number.get(), rows.get(), lang)
        },
        |(key, query, number, rows, lang)| get_slide(key, query, number, rows, lang),
    );
    Effect::new(move |_| {
        if let Some(Ok(loaded)) = slide.get() {
            count.set(loaded.count);
            baselines.set(loaded.baselines);
        }
    });

    let navigate = use_navigate();
    let go = Callback::new(move |(next, to): (PresentQuery, usize)| {
        let last = count.get_untracked().max(1);
        navigate(
            &present_href(&key.get_untracked(), &next, to.clamp(1, last)),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let step = move |by: isize| {
        let to = number.get_untracked().saturating_add_signed(by).max(1);
        go.run((query.get_untracked(), to));
    };

    // The slide's rows follow the screen: measured once a chart is drawn,
    // and again when the window's size or the zoom changes.
    #[cfg(feature = "hydrate")]
    {
        let measure = move || {
            request_animation_frame(move || {
                if let Some(fit) = rows_that_fit()
                    && rows.try_get_untracked().is_some_and(|r| r != fit)
                {
                    rows.set(fit);
                }
            })
        };
        Effect::new(move |_| {
            zoom.track();
            if let Some(Ok(_)) = slide.get() {
                measure();
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| measure());
        on_cleanup(move || resize.remove());
    }

    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.alt_key() || event.meta_key() {
            return;
        }
        match event.key().as_str() {
            "ArrowRight" | " " | "PageDown" => step(1),
            "ArrowLeft" | "PageUp" => step(-1),
            "Home" => go.run((query.get_untracked(), 1)),
            "End" => go.run((query.get_untracked(), count.get_untracked())),
            "b" => {
                // The next baseline, then none, then the first again.
                let list = baselines.get_untracked();
                let mut next = query.get_untracked();
                let at = next
                    .baseline
                    .as_ref()
                    .and_then(|b| list.iter().position(|k| k == b));
                next.baseline = match at {
                    Some(i) => list.get(i + 1).cloned(),
                    None => list.first().cloned(),
                };
                go.run((next, number.get_untracked()));
            }
            "+" => zoom.update(|z| *z = (*z + 1).min(ZOOMS.len() - 1)),
            "-" => zoom.update(|z| *z = z.saturating_sub(1)),
            "?" => help.update(|h| *h = !*h),
            "f" => toggle_full_screen(),
            "Escape" => {
                let href = gantt_href(&key.get_untracked(), &query.get_untracked());
                let navigate = use_navigate();
                navigate(&href, NavigateOptions::default());
            }
            _ => return,
        }
        event.prevent_default();
    });
    on_cleanup(move || keys.remove());

    let style = move || format!("--zoom: {}", ZOOMS[zoom.get().min(ZOOMS.len() - 1)]);
    let footer = move |number: usize, count: usize| {
        view! {
            <footer class="present-footer">
                <button type="button" class="present-step" on:click=move |_| step(-1)
                    aria-label=tr!(i18n, present_previous)>"‹"</button>
                <span class="present-counter" aria-live="polite">{format!("{number} / {count}")}</span>
                <button type="button" class="present-step" on:click=move |_| step(1)
                    aria-label=tr!(i18n, present_next_slide)>"›"</button>
                <span class="present-help">
                    {move || if help.get() { td_string!(i18n.get_locale(), present_keys) } else { td_string!(i18n.get_locale(), present_help_hint) }}
                </span>
            </footer>
        }
    };
    view! {
        <div class="present" style=style>
            <Transition fallback=|| view! { <div class="present-slide"></div> }>
                {move || Suspend::new(async move {
                    show_page(slide.await, move |loaded| view! {
                        <div class="present-slide" inner_html=loaded.html></div>
                        {footer(loaded.number, loaded.count)}
                    })
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
