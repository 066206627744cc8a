//! Creating a project in the browser (`/projects/new`): name, key (suggested
//! from the name and checked as it is typed), programme, period, and
//! whether anyone may read it. Administrators only; the creator becomes
//! the project's leader.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::account::get_me;
use crate::domain::{project_key_problem, slug};
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{ErrorNotice, Loading, show_page};

use super::inputs::NewProject;
use super::page::period_of;
use super::{create_project, project_key_free};

#[component]
pub fn NewProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::wire::resource(|| (), |_| get_me());
    let may_create = crate::wire::resource(|| (), |_| super::may_create_projects());
    view! {
        <section class="page">
            <h1>{tr!(i18n, new_project)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let creates = may_create.await.unwrap_or(false);
                    show_page(me.await, move |me| match me {
                        Some(_) if creates => view! { <NewProjectForm /> }.into_any(),
                        Some(_) => view! { <ErrorNotice error=AppError::Forbidden /> }.into_any(),
                        None => view! { <ErrorNotice error=AppError::Unauthorised /> }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn NewProjectForm() -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let key = RwSignal::new(String::new());
    // The key follows the name until it is typed itself.
    let key_typed = RwSignal::new(false);
    let programme = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let public = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let navigate = use_navigate();
    let on_name = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        if !key_typed.get_untracked() {
            key.set(if value.trim().is_empty() {
                String::new()
            } else {
                slug(&value)
            });
        }
        name.set(value);
    };
    let on_key = move |event: leptos::ev::Event| {
        key_typed.set(true);
        key.set(event_target_value(&event));
    };
    // Checked as it is typed: the server checks again, and whether another
    // project holds it.
    let key_refused = move || {
        let key = key.get();
        !key.is_empty() && project_key_problem(key.trim()).is_some()
    };
    // A well-formed key is asked about: is it another project's?
    let key_free = Resource::new(
        move || key.get().trim().to_owned(),
        |key| async move {
            if key.is_empty() || project_key_problem(&key).is_some() {
                Ok(true)
            } else {
                project_key_free(key).await
            }
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let period = match period_of(start, end) {
            Ok(period) => period,
            Err(refused) => return error.set(Some(refused)),
        };
        let input = NewProject {
            key: key.get_untracked().trim().to_owned(),
            name: name.get_untracked(),
            funding_programme: programme.get_untracked(),
            period,
            public: public.get_untracked(),
        };
        saving.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match create_project(input).await {
                Ok(saved) => navigate(&format!("/p/{}", saved.key), Default::default()),
                Err(refused) => {
                    error.set(Some(refused));
                    saving.set(false);
                }
            }
        });
    };
    let field_error = move |fields: &'static [&'static str]| {
        move || {
            error
                .get()
                .filter(|e| e.field().is_some_and(|f| fields.contains(&f)))
                .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
        }
    };
    view! {
        <form class="facts-form new-project" on:submit=submit>
            <label>
                {tr!(i18n, facts_name)}
                <input name="name" type="text" required prop:value=name on:input=on_name />
            </label>
            {field_error(&["name"])}
            <label>
                {tr!(i18n, project_key)}
                <input
                    name="key"
                    type="text"
                    required
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="project-key-hint"
                    prop:value=key
                    on:input=on_key
                />
            </label>
            <p id="project-key-hint" class="hint">{tr!(i18n, project_key_hint)}</p>
            {move || key_refused().then(|| view! { <p class="field-error" role="alert">{tr!(i18n, project_key_invalid)}</p> })}
            <Transition>
                {move || Suspend::new(async move {
                    matches!(key_free.await, Ok(false)).then(|| view! {
                        <p class="field-error" role="alert">{tr!(i18n, project_key_taken)}</p>
                    })
                })}
            </Transition>
            {field_error(&["key"])}
            <label>
                {tr!(i18n, funding_programme)}
                <input name="funding_programme" type="text" bind:value=programme />
            </label>
            {field_error(&["funding_programme"])}
            <label>
                {tr!(i18n, period_start)}
                <input name="period_start" type="date" required bind:value=start />
            </label>
            <label>
                {tr!(i18n, period_end)}
                <input name="period_end" type="date" required bind:value=end />
            </label>
            {field_error(&["period"])}
            <label class="checkbox">
                <input name="public" type="checkbox" bind:checked=public />
                {tr!(i18n, project_public)}
            </label>
            <button type="submit" disabled=move || saving.get()>{tr!(i18n, create_project)}</button>
            {move || error.get().filter(|e| e.field().is_none()).map(|error| view! { <ErrorNotice error /> })}
        </form>
    }
}
