//! `/p/KEY/timeline`: the page around the timeline the server draws.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::*;
use crate::layout::{Loading, show_page, use_as_of_param};
use crate::project::{ProjectNav, use_project_key};

use super::{TimelineFilter, get_timeline};

#[component]
pub fn TimelinePage() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_project_key();
    let as_of = use_as_of_param();
    let query = use_query_map();
    let filter = Memo::new(move |_| TimelineFilter::from_params(|name| query.read().get(name)));
    let timeline = crate::wire::resource(
        move || {
            let lang = crate::text::locale_code(i18n.get_locale()).to_owned();
            (key.get(), as_of.get(), filter.get(), lang)
        },
        |(key, as_of, filter, lang)| get_timeline(key, as_of, filter, lang),
    );
    view! {
        <ProjectNav />
        <section class="page timeline-page">
            <h1>{tr!(i18n, timeline_heading)}</h1>
            <p class="muted">{tr!(i18n, timeline_intro)}</p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    show_page(timeline.await, |html| view! { <div class="timeline-body" inner_html=html></div> })
                })}
            </Transition>
        </section>
    }
}
