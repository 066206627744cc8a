//! What every page shares: the header with the language switch, error and
//! loading notices.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_query_map};

use crate::dates::format_date;
use crate::domain::ViewInfo;
use crate::error::AppError;
use crate::i18n::*;

/// The `as_of` query parameter of the current page, if any.
/// Sends a write from a form or button and follows it up: on success
/// `saved` runs (to clear the form), the error goes and the page's data
/// reloads; a refusal stays in `error` for the form to show by its field.
pub fn save_then_reload<T, F>(
    write: F,
    error: RwSignal<Option<AppError>>,
    reload: Callback<()>,
    saved: impl FnOnce() + 'static,
) where
    F: std::future::Future<Output = Result<T, AppError>> + 'static,
{
    leptos::task::spawn_local(async move {
        match write.await {
            Ok(_) => {
                saved();
                error.set(None);
                reload.run(());
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

/// A URL parameter's value, trimmed; none when missing or empty.
pub fn param(get: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    get(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

pub fn use_as_of_param() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("as_of").filter(|v| !v.trim().is_empty()))
}

/// Says when a page shows the past ("Viser planen slik den var 23.03.2009")
/// with a way back to now, and when it holds illustrative content.
#[component]
pub fn AsOfBanner(view: ViewInfo) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let now_href = move || location.pathname.get();
    let day = view.as_of.day();
    view! {
        {day.map(|day| view! {
            <div class="as-of-banner" role="status">
                <p>
                    {move || td_string!(i18n.get_locale(), as_of_banner, date = format_date(i18n.get_locale(), day))}
                </p>
                <A href=now_href>{tr!(i18n, as_of_back_to_now)}</A>
            </div>
        })}
        {view.illustrative.then(|| view! {
            <p class="illustrative-note">{tr!(i18n, illustrative_note)}</p>
        })}
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-name">"Framdrift"</span>
                <span class="brand-tagline">{tr!(i18n, tagline)}</span>
            </A>
            <LanguageSwitch />
            <crate::account::AccountMenu />
        </header>
    }
}

/// Switches the interface language in place, and keeps the choice in a
/// cookie so the server renders the next page in it too.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    // Each language is named in itself, so a reader finds their own.
    let choices = [
        (Locale::nb, "Bokmål"),
        (Locale::sv, "Svenska"),
        (Locale::en, "English"),
    ];
    view! {
        <nav class="language-switch" aria-label=tr!(i18n, language)>
            {choices
                .into_iter()
                .map(|(locale, name)| {
                    view! {
                        <button
                            type="button"
                            lang=locale.as_str()
                            aria-pressed=move || (i18n.get_locale() == locale).to_string()
                            on:click=move |_| {
                                i18n.set_locale(locale);
                                remember_locale(locale);
                            }
                        >
                            {name}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// The cookie the server's leptos_i18n reads the reader's language from.
/// The browser build writes it here rather than through leptos_i18n's
/// `cookie` feature, whose code brought a date parser and a cookie library
/// into the wasm bundle for this one line.
const LOCALE_COOKIE: &str = "i18n_pref_locale";

fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
            // A year, for the whole site; `Lax` as the session cookie.
            let cookie = format!(
                "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                locale.as_str()
            );
            let _ = document.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (locale, LOCALE_COOKIE);
}

/// The view of a loaded resource, or the error it failed with.
pub fn show<T, V: IntoView + 'static>(
    loaded: Result<T, AppError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    shown(loaded, render, |error| {
        view! { <ErrorNotice error /> }.into_any()
    })
}

/// Gives a server-rendered error page the HTTP status the error deserves.
fn set_response_status(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let mut status = http::StatusCode::OK;
        let mut headers = http::HeaderMap::new();
        error.answer_with(&mut status, &mut headers);
        response.set_status(status);
        for (name, value) in headers.iter() {
            response.insert_header(name.clone(), value.clone());
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// As [`show`], for a page whose whole content is the resource: an error
/// becomes the page, under a heading of its own (every page has one `h1`).
pub fn show_page<T, V: IntoView + 'static>(
    loaded: Result<T, AppError>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    shown(loaded, render, |error| {
        view! { <ErrorPage error /> }.into_any()
    })
}

/// The view of `loaded`, or `failed`'s with the status the error deserves.
fn shown<T, V: IntoView + 'static>(
    loaded: Result<T, AppError>,
    render: impl FnOnce(T) -> V,
    failed: fn(AppError) -> AnyView,
) -> AnyView {
    match loaded {
        Ok(value) => render(value).into_any(),
        Err(error) => {
            set_response_status(&error);
            failed(error)
        }
    }
}

/// A page that could not be shown: what went wrong as its heading, then
/// the way on.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let heading: fn(Locale) -> &'static str = match &error {
        AppError::NotFound { .. } => |l| td_string!(l, not_found),
        AppError::Unauthorised => |l| td_string!(l, error_heading_sign_in),
        AppError::Forbidden => |l| td_string!(l, error_heading_forbidden),
        _ => |l| td_string!(l, error_heading),
    };
    view! {
        <section class="page error-page">
            <h1>{move || heading(i18n.get_locale())}</h1>
            <ErrorNotice error />
        </section>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" aria-busy="true">{tr!(i18n, loading)}</p> }
}

/// An error in the reader's language; the technical text goes to the title
/// attribute for whoever has to report it.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let detail = error.to_string();
    let asks_sign_in = matches!(error, AppError::Unauthorised);
    let message = move || match &error {
        AppError::NotFound { .. } => td_string!(i18n.get_locale(), error_not_found),
        AppError::Invalid { .. }
        | AppError::BadParameter { .. }
        | AppError::Clash { .. }
        | AppError::TooLarge { .. }
        | AppError::InvalidFile { .. } => td_string!(i18n.get_locale(), error_invalid),
        AppError::Conflict { .. } => td_string!(i18n.get_locale(), error_conflict),
        AppError::Unauthorised => td_string!(i18n.get_locale(), error_unauthorised),
        AppError::BadCredentials => td_string!(i18n.get_locale(), error_bad_credentials),
        AppError::TooManyAttempts { .. } => td_string!(i18n.get_locale(), error_too_many_attempts),
        AppError::Busy { .. } => td_string!(i18n.get_locale(), error_busy),
        AppError::Overloaded { .. } => td_string!(i18n.get_locale(), error_overloaded),
        AppError::Forbidden => td_string!(i18n.get_locale(), error_forbidden),
        AppError::Database => td_string!(i18n.get_locale(), error_database),
        AppError::Transport(_) => td_string!(i18n.get_locale(), error_transport),
    };
    // Asked to sign in: the way there, and back here afterwards.
    let sign_in = asks_sign_in.then(|| {
        let location = use_location();
        let next = format!(
            "{}{}",
            location.pathname.get_untracked(),
            location.search.get_untracked()
        );
        let href = format!(
            "/login?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("next", &next)
                .finish()
        );
        view! {
            <p>
                <A href=href>{tr!(i18n, sign_in)}</A>
            </p>
        }
    });
    view! {
        <div class="error-notice" role="alert" title=detail>
            <p>{message}</p>
            {sign_in}
            <p>
                <A href="/">{tr!(i18n, back_home)}</A>
            </p>
        </div>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_response_status(&AppError::not_found("page", ""));
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{tr!(i18n, not_found)}</h1>
            <p>
                <A href="/">{tr!(i18n, back_home)}</A>
            </p>
        </section>
    }
}

/// The document title. leptos_meta 0.8 writes the server's `<title>` without
/// escaping it, so a name holding `</title><script>` would end the element
/// and run (found by `markup_in_names_stays_text_on_every_page_and_file`).
/// The server escapes it; the browser sets `document.title`, which is text.
pub fn page_title(text: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let text = html_escape::encode_text(&text).into_owned();
    view! { <leptos_meta::Title text /> }
}

/// A form's error beside its field, or (field `None`) any error of no field
/// the form shows.
pub fn field_error(
    failed: impl Fn() -> Option<AppError> + Send + Sync + 'static,
    field: Option<&'static str>,
    fields: &'static [&'static str],
) -> impl Fn() -> Option<AnyView> + Send + Sync + 'static {
    move || {
        failed()
            .filter(|e| match field {
                Some(field) => e.field() == Some(field),
                None => !e.field().is_some_and(|f| fields.contains(&f)),
            })
            .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any())
    }
}
