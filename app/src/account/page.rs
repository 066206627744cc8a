//! The sign-in page and the account menu in the header.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::*;

use super::{SignIn, SignOut, get_me};

/// Where to go after signing in: `?next=` when it is a path of this site.
fn next_path(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned())
}

/// Loads `path` afresh, so every page part reads with the new identity.
fn reload_at(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<SignIn>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            reload_at(&next_path(query.read_untracked().get("next")));
        }
    });
    let error = move || {
        action.value().get().and_then(Result::err).map(|e| {
            let text = match e {
                crate::error::AppError::TooManyAttempts { .. } => {
                    td_string!(i18n.get_locale(), error_too_many_attempts)
                }
                _ => td_string!(i18n.get_locale(), error_bad_credentials),
            };
            view! { <p class="form-error" role="alert" id="sign-in-error">{text}</p> }
        })
    };
    view! {
        <section class="page sign-in">
            <h1>{t!(i18n, sign_in_heading)}</h1>
            <ActionForm action>
                <p>
                    <label for="sign-in-email">{t!(i18n, email)}</label>
                    <input id="sign-in-email" type="email" name="email" autocomplete="username" required />
                </p>
                <p>
                    <label for="sign-in-password">{t!(i18n, password)}</label>
                    <input
                        id="sign-in-password"
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                    />
                </p>
                {error}
                <button type="submit" disabled=move || action.pending().get()>
                    {t!(i18n, sign_in)}
                </button>
            </ActionForm>
        </section>
    }
}

/// "Logg inn", or the person's name and "Logg ut".
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| get_me());
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            reload_at("/");
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! {
                        <div class="account-menu">
                            <span class="signed-in-as" data-user=me.email.clone()>{me.display_name.clone()}</span>
                            <ActionForm action=sign_out>
                                <button type="submit">{t!(i18n, sign_out)}</button>
                            </ActionForm>
                        </div>
                    }
                    .into_any(),
                    _ => view! {
                        <div class="account-menu">
                            <A href="/login">{t!(i18n, sign_in)}</A>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
