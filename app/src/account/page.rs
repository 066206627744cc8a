//! The sign-in page, the account menu in the header, the page of one's own
//! account (password, API tokens) and the page of a one-time link.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::dates::format_date;
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{Loading, field_error, show};

use super::{
    AcceptWelcome, ApiTokenInfo, ChangePassword, MySession, SignIn, SignOut, end_my_session,
    get_me, get_welcome, list_api_tokens, list_my_sessions, new_api_token, revoke_api_token,
};

/// Where to go after signing in: `?next=` when it is a path of this site,
/// else the start page.
fn next_path(next: Option<String>) -> String {
    next.filter(|n| stays_on_site(n))
        .unwrap_or_else(|| "/".to_owned())
}

/// Whether `next` (already percent-decoded) names a page of this site. A
/// browser reads `\` as `/` and drops tabs and line breaks from a URL, so
/// `/\evil.example` or `/<tab>/evil.example` would become `//evil.example`,
/// another site: a path with either, or starting `//`, is refused. In the
/// browser it must also resolve, against this page, to this page's origin.
fn stays_on_site(next: &str) -> bool {
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    #[cfg(feature = "hydrate")]
    {
        plain
            && window().location().origin().is_ok_and(|origin| {
                web_sys::Url::new_with_base(next, &origin).is_ok_and(|url| url.origin() == origin)
            })
    }
    #[cfg(not(feature = "hydrate"))]
    plain
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
                crate::error::AppError::Busy { .. } => td_string!(i18n.get_locale(), error_busy),
                _ => td_string!(i18n.get_locale(), error_bad_credentials),
            };
            view! { <p class="form-error" role="alert" id="sign-in-error">{text}</p> }
        })
    };
    view! {
        <section class="page sign-in">
            <h1>{tr!(i18n, sign_in_heading)}</h1>
            <ActionForm action>
                <p>
                    <label for="sign-in-email">{tr!(i18n, email)}</label>
                    <input id="sign-in-email" type="email" name="email" autocomplete="username" required />
                </p>
                <p>
                    <label for="sign-in-password">{tr!(i18n, password)}</label>
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
                    {tr!(i18n, sign_in)}
                </button>
            </ActionForm>
        </section>
    }
}

/// "Logg inn", or the person's name and "Logg ut".
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::wire::resource(|| (), |_| get_me());
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
                            <A href="/account" attr:class="signed-in-as" attr:data-user=me.email.clone()>
                                {me.display_name.clone()}
                            </A>
                            <ActionForm action=sign_out>
                                <button type="submit">{tr!(i18n, sign_out)}</button>
                            </ActionForm>
                        </div>
                    }
                    .into_any(),
                    _ => view! {
                        <div class="account-menu">
                            <A href="/login">{tr!(i18n, sign_in)}</A>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/welcome/:token`: someone invited (or given a reset link) chooses their
/// name and password; with a setup link, the first administrator's address too.
#[component]
pub fn WelcomePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let welcome = crate::wire::resource(token, get_welcome);
    let action = ServerAction::<AcceptWelcome>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            reload_at("/");
        }
    });
    const FIELDS: &[&str] = &["email", "display_name", "password"];
    let failed = move || action.value().get().and_then(Result::err);
    view! {
        <section class="page sign-in welcome">
            <h1>{tr!(i18n, welcome_heading)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    show(welcome.await, move |w| {
                        let email = w.email.clone().unwrap_or_default();
                        view! {
                            {w.project.clone().map(|project| view! {
                                <p>{move || td_string!(i18n.get_locale(), welcome_invited, project = project.clone())}</p>
                            })}
                            {w.setup.then(|| view! { <p>{tr!(i18n, welcome_setup)}</p> })}
                            <ActionForm action>
                                <input type="hidden" name="token" value=token() />
                                <p>
                                    <label for="welcome-email">{tr!(i18n, email)}</label>
                                    <input
                                        id="welcome-email"
                                        type="email"
                                        name="email"
                                        autocomplete="username"
                                        value=email
                                        readonly=!w.setup
                                        required
                                    />
                                </p>
                                {field_error(failed, Some("email"), FIELDS)}
                                <p>
                                    <label for="welcome-name">{tr!(i18n, member_name)}</label>
                                    <input
                                        id="welcome-name"
                                        name="display_name"
                                        autocomplete="name"
                                        value=w.display_name.clone()
                                        required
                                    />
                                </p>
                                {field_error(failed, Some("display_name"), FIELDS)}
                                <p>
                                    <label for="welcome-password">{tr!(i18n, new_password)}</label>
                                    <input
                                        id="welcome-password"
                                        type="password"
                                        name="password"
                                        autocomplete="new-password"
                                        minlength="10"
                                        required
                                    />
                                </p>
                                {field_error(failed, Some("password"), FIELDS)}
                                {field_error(failed, None, FIELDS)}
                                <button type="submit" disabled=move || action.pending().get()>
                                    {tr!(i18n, welcome_submit)}
                                </button>
                            </ActionForm>
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

/// `/account`: the signed-in person's password and API tokens.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::wire::resource(|| (), |_| get_me());
    view! {
        <section class="page account-page">
            <h1>{tr!(i18n, account_heading)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let me = me.await.ok().flatten();
                    match me {
                        Some(me) => view! {
                            <p>{me.display_name.clone()} " · " {me.email.clone()}</p>
                            <ChangePasswordForm />
                            <ApiTokens />
                            <Sessions />
                        }
                        .into_any(),
                        None => view! { <crate::layout::ErrorNotice error=AppError::Unauthorised /> }
                            .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePassword>::new();
    const FIELDS: &[&str] = &["current", "new"];
    let failed = move || action.value().get().and_then(Result::err);
    let done = move || {
        matches!(action.value().get(), Some(Ok(()))).then(
            || view! { <p role="status" class="saved-note">{tr!(i18n, password_changed)}</p> },
        )
    };
    view! {
        <ActionForm action attr:class="change-password">
            <h2>{tr!(i18n, change_password_heading)}</h2>
            <p>
                <label for="current-password">{tr!(i18n, current_password)}</label>
                <input id="current-password" type="password" name="current" autocomplete="current-password" required />
            </p>
            {field_error(failed, Some("current"), FIELDS)}
            <p>
                <label for="new-password">{tr!(i18n, new_password)}</label>
                <input id="new-password" type="password" name="new" autocomplete="new-password" minlength="10" required />
            </p>
            {field_error(failed, Some("new"), FIELDS)}
            {field_error(failed, None, FIELDS)}
            <button type="submit" disabled=move || action.pending().get()>{tr!(i18n, change_password)}</button>
            {done}
        </ActionForm>
    }
}

#[component]
fn ApiTokens() -> impl IntoView {
    let i18n = use_i18n();
    let tokens = crate::wire::resource(|| (), |_| list_api_tokens());
    let label = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let created = RwSignal::new(None::<String>);
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let write = new_api_token(label.get_untracked());
        leptos::task::spawn_local(async move {
            match write.await {
                Ok(token) => {
                    error.set(None);
                    created.set(Some(token));
                    label.set(String::new());
                    tokens.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let revoke = move |id: i32| {
        leptos::task::spawn_local(async move {
            match revoke_api_token(id).await {
                Ok(()) => {
                    error.set(None);
                    tokens.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let row = move |token: ApiTokenInfo| {
        let created_on = token.created_at.date_naive();
        let used_on = token.last_used_at.map(|at| at.date_naive());
        let id = token.id;
        let label = token.label.clone();
        view! {
            <tr data-api-token=token.id>
                <td>{token.label.clone()}</td>
                <td>{move || format_date(i18n.get_locale(), created_on)}</td>
                <td>
                    {move || match used_on {
                        Some(day) => format_date(i18n.get_locale(), day),
                        None => td_string!(i18n.get_locale(), never).to_owned(),
                    }}
                </td>
                <td>
                    <button
                        type="button"
                        class="link-button"
                        on:click=move |_| revoke(id)
                        aria-label=move || format!("{} {label}", td_string!(i18n.get_locale(), revoke_share_link))
                    >
                        {tr!(i18n, revoke_share_link)}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <h2>{tr!(i18n, api_tokens_heading)}</h2>
        <p class="muted">{tr!(i18n, api_tokens_intro)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show(tokens.await, move |list| view! {
                    <table class="api-tokens">
                        <thead>
                            <tr>
                                <th scope="col">{tr!(i18n, share_link_label)}</th>
                                <th scope="col">{tr!(i18n, share_link_created)}</th>
                                <th scope="col">{tr!(i18n, token_last_used)}</th>
                                <th scope="col">{tr!(i18n, member_actions)}</th>
                            </tr>
                        </thead>
                        <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                    </table>
                })
            })}
        </Transition>
        <p class="field-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
        <form class="new-api-token" on:submit=create>
            <label>
                {tr!(i18n, share_link_label)}
                <input
                    name="label"
                    required
                    bind:value=label
                />
            </label>
            <button type="submit">{tr!(i18n, create_api_token)}</button>
            {move || created.get().map(|token| view! {
                <div class="one-time" role="status">
                    <p>{tr!(i18n, api_token_made)}</p>
                    <p><code class="secret-link" data-api-token-secret="">{token}</code></p>
                </div>
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::next_path;

    #[test]
    fn only_paths_of_this_site_are_followed_after_signing_in() {
        // As `?next=` arrives once percent-decoded: `%5C` is `\`, `%09` a tab.
        let hostile = [
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{3000}/evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/p/x\\..\\..\\evil.example",
        ];
        for next in hostile {
            assert_eq!(next_path(Some(next.to_owned())), "/", "{next:?}");
        }
        assert_eq!(next_path(None), "/");
        for own in [
            "/",
            "/p/interreg-integrering/gantt?as_of=2009-03-23&zoom=quarters",
            "/p/interreg-integrering/plan/kbt-senteret#cell-0-0",
            "/p/førde/plan",
        ] {
            assert_eq!(next_path(Some(own.to_owned())), own);
        }
    }
}

/// The browsers signed in to this account, with the one in use marked; any
/// other can be ended (signed out) from here.
#[component]
fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = crate::wire::resource(|| (), |_| list_my_sessions());
    let error = RwSignal::new(None::<AppError>);
    let end = move |handle: String| {
        leptos::task::spawn_local(async move {
            match end_my_session(handle).await {
                Ok(()) => {
                    error.set(None);
                    sessions.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let row = move |session: MySession| {
        let signed_in = session.signed_in_at;
        let handle = session.handle.clone();
        let browser = if session.browser.is_empty() {
            "?".to_owned()
        } else {
            session.browser.clone()
        };
        view! {
            <tr data-session=session.current.then_some("current")>
                <td class="browser">{browser}</td>
                <td>
                    {move || signed_in.map(|at| format!(
                        "{} {}",
                        format_date(i18n.get_locale(), at.date_naive()),
                        at.format("%H:%M")
                    ))}
                </td>
                <td>
                    {if session.current {
                        view! { <span>{tr!(i18n, this_browser)}</span> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="link-button" on:click=move |_| end(handle.clone())>
                                {tr!(i18n, end_session)}
                            </button>
                        }.into_any()
                    }}
                </td>
            </tr>
        }
    };
    view! {
        <h2>{tr!(i18n, sessions_heading)}</h2>
        <p class="muted">{tr!(i18n, sessions_intro)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show(sessions.await, move |list| view! {
                    <table class="sessions">
                        <thead>
                            <tr>
                                <th scope="col">{tr!(i18n, session_browser)}</th>
                                <th scope="col">{tr!(i18n, session_signed_in)}</th>
                                <th scope="col">{tr!(i18n, member_actions)}</th>
                            </tr>
                        </thead>
                        <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                    </table>
                })
            })}
        </Transition>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
    }
}
