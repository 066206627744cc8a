use leptos::prelude::*;

use crate::dates::format_date;
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{ErrorNotice, Loading, save_then_reload, show_page};
use crate::members::{full_address, role_label};

use super::{
    Account, AccountAction, AccountChange, Administration, create_reset_link, get_administration,
    invite_account, set_account_disabled, set_administrator, set_project_creators,
};

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let administration = crate::wire::resource(|| (), |_| get_administration());
    let reload = Callback::new(move |_: ()| administration.refetch());
    // Outlive the reload after each change: a link made just now
    // (invitation or reset, shown once, for whom) and a refusal.
    let link = RwSignal::new(None::<(String, String)>);
    let error = RwSignal::new(None::<AppError>);
    view! {
        <section class="page admin">
            <h1>{tr!(i18n, administration)}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    show_page(administration.await, move |admin| view! { <Accounts admin reload link error /> })
                })}
            </Transition>
        </section>
    }
}

fn action_label(locale: Locale, action: AccountAction) -> &'static str {
    match action {
        AccountAction::Invited => td_string!(locale, account_invited),
        AccountAction::MadeAdmin => td_string!(locale, account_made_admin),
        AccountAction::UnmadeAdmin => td_string!(locale, account_unmade_admin),
        AccountAction::Disabled => td_string!(locale, account_disabled),
        AccountAction::Enabled => td_string!(locale, account_enabled),
        AccountAction::ResetLink => td_string!(locale, account_reset_link),
    }
}

#[component]
fn Accounts(
    admin: Administration,
    reload: Callback<()>,
    link: RwSignal<Option<(String, String)>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = admin
        .accounts
        .into_iter()
        .map(|account| view! { <AccountRow account error link reload /> })
        .collect_view();
    let changes = admin.changes;
    let everyone = admin.everyone_creates_projects;
    let choose = move |everyone: bool| {
        save_then_reload(set_project_creators(everyone), error, reload, || ());
    };
    view! {
        <fieldset class="project-creators">
            <legend>{tr!(i18n, who_creates_projects)}</legend>
            <label>
                <input type="radio" name="project_creators" prop:checked=!everyone on:change=move |_| choose(false) />
                {tr!(i18n, creators_administrators)}
            </label>
            <label>
                <input type="radio" name="project_creators" prop:checked=everyone on:change=move |_| choose(true) />
                {tr!(i18n, creators_signed_in)}
            </label>
        </fieldset>
        <InviteForm link reload />
        {move || link.get().map(|(email, link)| view! {
            <div class="one-time" role="status">
                <p>{move || td_string!(i18n.get_locale(), one_time_link_for, email = email.clone()).to_string()}</p>
                <p><code class="secret-link" data-one-time-link="">{link}</code></p>
            </div>
        })}
        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        <h2>{tr!(i18n, accounts)}</h2>
        <table class="accounts">
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, account)}</th>
                        <th scope="col">{tr!(i18n, roles)}</th>
                        <th scope="col">{tr!(i18n, last_sign_in)}</th>
                        <th scope="col">{tr!(i18n, account_state)}</th>
                        <th scope="col">{tr!(i18n, actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
        </table>
        <h2>{tr!(i18n, account_changes)}</h2>
        <ChangeList changes />
    }
}

#[component]
fn AccountRow(
    account: Account,
    error: RwSignal<Option<AppError>>,
    link: RwSignal<Option<(String, String)>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Account {
        id,
        email,
        display_name,
        is_admin,
        has_password,
        disabled,
        last_signed_in_at,
        roles,
    } = account;
    let roles = roles
        .into_iter()
        .map(|r| {
            let role = r.role;
            let sub = r.sub_project.map(|s| format!(" ({s})")).unwrap_or_default();
            view! {
                <li>
                    <a href=format!("/p/{}", r.project_key)>{r.project_name}</a>
                    ": " {move || role_label(i18n.get_locale(), role)} {sub}
                </li>
            }
        })
        .collect_view();
    let toggle_admin = move |_| {
        save_then_reload(set_administrator(id, !is_admin), error, reload, || ());
    };
    let toggle_disabled = move |_| {
        save_then_reload(set_account_disabled(id, !disabled), error, reload, || ());
    };
    let reset_email = email.clone();
    let reset = move |_| {
        let email = reset_email.clone();
        leptos::task::spawn_local(async move {
            match create_reset_link(id).await {
                Ok(path) => {
                    error.set(None);
                    link.set(Some((email, full_address(&path))));
                    reload.run(());
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    view! {
        <tr data-account=email.clone() class:disabled=disabled>
            <th scope="row">
                {display_name.clone()}
                <br />
                <span class="muted">{email.clone()}</span>
                {is_admin.then(|| view! { " " <span class="badge admin">{tr!(i18n, administrator)}</span> })}
            </th>
            <td><ul class="roles">{roles}</ul></td>
            <td>
                {move || match last_signed_in_at {
                    Some(at) => format_date(i18n.get_locale(), at.date_naive()),
                    None => td_string!(i18n.get_locale(), never).to_owned(),
                }}
            </td>
            <td>
                {move || {
                    let locale = i18n.get_locale();
                    let state = if disabled { td_string!(locale, account_is_disabled) } else { td_string!(locale, account_is_active) };
                    let password = if has_password { td_string!(locale, has_password) } else { td_string!(locale, no_password_yet) };
                    format!("{state} · {password}")
                }}
            </td>
            <td class="account-actions">
                <button type="button" on:click=toggle_admin>
                    {if is_admin { tr!(i18n, unmake_admin).into_any() } else { tr!(i18n, make_admin).into_any() }}
                </button>
                <button type="button" on:click=toggle_disabled class:danger=!disabled>
                    {if disabled { tr!(i18n, enable_account).into_any() } else { tr!(i18n, disable_account).into_any() }}
                </button>
                {(!disabled).then(|| view! {
                    <button type="button" on:click=reset.clone()>{tr!(i18n, make_reset_link)}</button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn InviteForm(link: RwSignal<Option<(String, String)>>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (address, display_name) = (email.get_untracked(), name.get_untracked());
        leptos::task::spawn_local(async move {
            match invite_account(address.clone(), display_name).await {
                Ok(path) => {
                    error.set(None);
                    email.set(String::new());
                    name.set(String::new());
                    link.set(Some((address, full_address(&path))));
                    reload.run(());
                }
                Err(refused) => error.set(Some(refused)),
            }
        });
    };
    view! {
        <form class="invite-form" on:submit=submit>
            <h2>{tr!(i18n, invite_person)}</h2>
            <label>
                {tr!(i18n, email)}
                <input name="email" type="email" required autocomplete="off" bind:value=email />
            </label>
            <label>
                {tr!(i18n, display_name)}
                <input name="display_name" type="text" required autocomplete="off" bind:value=name />
            </label>
            <button type="submit">{tr!(i18n, invite)}</button>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
        </form>
    }
}

#[component]
fn ChangeList(changes: Vec<AccountChange>) -> impl IntoView {
    let i18n = use_i18n();
    if changes.is_empty() {
        return view! { <p class="muted">{tr!(i18n, no_account_changes)}</p> }.into_any();
    }
    view! {
        <ul class="account-changes">
            {changes.into_iter().map(|c| {
                let action = c.action;
                let at = c.at;
                view! {
                    <li>
                        <time datetime=at.to_rfc3339()>{move || format_date(i18n.get_locale(), at.date_naive())} " " {at.format("%H:%M").to_string()}</time>
                        " · " {c.by} " · " {move || action_label(i18n.get_locale(), action)} " · " {c.account}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
