//! The access page of a project's leader: who has which role, invitations
//! for people without an account, and the read-only share links.

use leptos::prelude::*;

use crate::dates::format_date;
use crate::domain::Role;
use crate::domain::VersionOnly;
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{Loading, field_error, save_then_reload, show_page};
use crate::project::{ProjectNav, use_project_key};
use crate::sharing::{NewShareLink, ShareLinkInfo, create_share_link, revoke_share_link};

use super::{AccessOverview, Member, NewMember, add_member, get_access_overview, remove_member};

/// The full address of a path of this site, for a link to hand out.
pub(crate) fn full_address(path: &str) -> String {
    #[cfg(feature = "hydrate")]
    if let Ok(origin) = window().location().origin() {
        return format!("{origin}{path}");
    }
    path.to_owned()
}

pub fn role_label(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Leader => td_string!(locale, role_leader),
        Role::SubProjectLeader => td_string!(locale, role_sub_project_leader),
        Role::Partner => td_string!(locale, role_partner),
    }
}

#[component]
pub fn AccessPage() -> impl IntoView {
    let key = use_project_key();
    let overview = crate::wire::resource(move || key.get(), get_access_overview);
    let reload = Callback::new(move |_: ()| overview.refetch());
    // The secrets just made live out here: the reload after a write renders
    // the page anew, and they are shown only this once.
    let secrets = Secrets {
        invitation: RwSignal::new(None),
        share_url: RwSignal::new(None),
    };
    view! {
        <ProjectNav />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show_page(overview.await, move |overview| view! { <Access overview reload secrets /> })
            })}
        </Transition>
    }
}

/// An invitation (address, and the link unless the address had an account
/// already) or a share link, as just made.
#[derive(Clone, Copy)]
struct Secrets {
    invitation: RwSignal<Option<(String, Option<String>)>>,
    share_url: RwSignal<Option<String>>,
}

#[component]
fn Access(overview: AccessOverview, reload: Callback<()>, secrets: Secrets) -> impl IntoView {
    let i18n = use_i18n();
    let AccessOverview {
        members,
        share_links,
        sub_projects,
    } = overview;
    view! {
        <section class="page access-page">
            <h1>{tr!(i18n, access_heading)}</h1>
            <p class="muted">{tr!(i18n, access_intro)}</p>
            <MemberTable members reload />
            <AddMemberForm sub_projects reload invitation=secrets.invitation />
            <ShareLinks links=share_links reload created=secrets.share_url />
        </section>
    }
}

#[component]
fn MemberTable(members: Vec<Member>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project_key();
    let error = RwSignal::new(None::<AppError>);
    let rows = members
        .into_iter()
        .map(|m| {
            let remove = {
                let key = m.key.clone();
                let version = m.version;
                move |_| {
                    let input = VersionOnly { version };
                    let write = remove_member(project.get_untracked(), key.clone(), input);
                    save_then_reload(write, error, reload, || {});
                }
            };
            let role = m.role;
            let sub = m.sub_project.clone().map(|s| s.name);
            let who = m.display_name.clone();
            view! {
                <tr data-member=m.key.clone()>
                    <td>{m.display_name.clone()}</td>
                    <td>{m.email.clone()}</td>
                    <td>
                        {move || role_label(i18n.get_locale(), role)}
                        {sub.map(|name| format!(" – {name}"))}
                    </td>
                    <td>
                        {m.invited.then(|| view! { <span class="badge">{tr!(i18n, member_invited)}</span> })}
                    </td>
                    <td>
                        <button
                            type="button"
                            class="link-button"
                            on:click=remove
                            aria-label=move || format!("{} {who}", td_string!(i18n.get_locale(), remove_member_label))
                        >
                            {tr!(i18n, remove_member)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{tr!(i18n, members_heading)}</h2>
        <table class="members">
            <thead>
                <tr>
                    <th scope="col">{tr!(i18n, member_name)}</th>
                    <th scope="col">{tr!(i18n, email)}</th>
                    <th scope="col">{tr!(i18n, member_role)}</th>
                    <th scope="col">{tr!(i18n, member_state)}</th>
                    <th scope="col">{tr!(i18n, member_actions)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="field-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
    }
}

#[component]
fn AddMemberForm(
    sub_projects: Vec<crate::domain::SubProjectRef>,
    reload: Callback<()>,
    invitation: RwSignal<Option<(String, Option<String>)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project_key();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Partner);
    let sub_project = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = NewMember {
            email: email.get_untracked(),
            display_name: name.get_untracked(),
            role: role.get_untracked(),
            sub_project: (role.get_untracked() == Role::SubProjectLeader)
                .then(|| sub_project.get_untracked()),
        };
        let write = add_member(project.get_untracked(), input);
        leptos::task::spawn_local(async move {
            match write.await {
                Ok(added) => {
                    error.set(None);
                    let link = added.invitation.map(|path| full_address(&path));
                    invitation
                        .set((link.is_some() || added.had_account).then_some((added.email, link)));
                    email.set(String::new());
                    name.set(String::new());
                    reload.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    const FIELDS: &[&str] = &["email", "display_name", "sub_project"];
    let failed = move || error.get();
    let error_for = move |field: &'static str| field_error(failed, Some(field), FIELDS);
    let other_error = field_error(failed, None, FIELDS);
    let role_options = Role::ALL
        .iter()
        .map(|r| {
            let r = *r;
            view! {
                <option value=r.code() selected=move || role.get() == r>
                    {move || role_label(i18n.get_locale(), r)}
                </option>
            }
        })
        .collect_view();
    let sub_options = sub_projects
        .into_iter()
        .map(|s| view! { <option value=s.key>{s.name}</option> })
        .collect_view();
    view! {
        <form class="add-member" on:submit=submit>
            <h2>{tr!(i18n, add_member_heading)}</h2>
            <p class="muted">{tr!(i18n, add_member_intro)}</p>
            <label for="member-email">{tr!(i18n, email)}</label>
                <input
                    id="member-email"
                    name="email"
                    type="email"
                    autocomplete="off"
                    required
                    bind:value=email
                />
            {error_for("email")}
            <label for="member-name">{tr!(i18n, member_name_new)}</label>
                <input
                    id="member-name"
                    name="display_name"
                    autocomplete="off"
                    bind:value=name
                />
            {error_for("display_name")}
            <label for="member-role">{tr!(i18n, member_role)}</label>
            <select
                    id="member-role"
                    name="role"
                    on:change=move |e| {
                        if let Some(r) = Role::from_code(&event_target_value(&e)) {
                            role.set(r);
                        }
                    }
                >
                    {role_options}
            </select>
            <label for="member-sub-project" hidden=move || role.get() != Role::SubProjectLeader>
                {tr!(i18n, member_sub_project)}
            </label>
            <select
                    id="member-sub-project"
                    hidden=move || role.get() != Role::SubProjectLeader
                    name="sub_project"
                    disabled=move || role.get() != Role::SubProjectLeader
                    on:change=move |e| sub_project.set(event_target_value(&e))
                >
                    <option value="">{tr!(i18n, choose)}</option>
                    {sub_options}
            </select>
            {error_for("sub_project")}
            {other_error}
            <button type="submit">{tr!(i18n, add_member)}</button>
            {move || invitation.get().map(|(email, link)| match link {
                Some(link) => view! {
                    <div class="one-time" role="status">
                        <p>{move || td_string!(i18n.get_locale(), invitation_made, email = email.clone())}</p>
                        <p><code class="secret-link" data-invitation="">{link}</code></p>
                    </div>
                }.into_any(),
                None => view! {
                    <p class="has-account" role="status">
                        {move || td_string!(i18n.get_locale(), member_has_account, email = email.clone())}
                    </p>
                }.into_any(),
            })}
        </form>
    }
}

#[component]
fn ShareLinks(
    links: Vec<ShareLinkInfo>,
    reload: Callback<()>,
    created: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project_key();
    let error = RwSignal::new(None::<AppError>);
    let rows = links
        .into_iter()
        .map(|link| {
            let expired = link.expired;
            let revoked = link.revoked;
            let imported = link.imported;
            let revoke = {
                let key = link.key.clone();
                let version = link.version;
                move |_| {
                    let input = VersionOnly { version };
                    let write = revoke_share_link(project.get_untracked(), key.clone(), input);
                    save_then_reload(write, error, reload, || {});
                }
            };
            let created = link.created_at.date_naive();
            let expires = link
                .expires_at
                .map(|at| at.date_naive().pred_opt().unwrap_or(at.date_naive()));
            let label = link.label.clone();
            view! {
                <tr data-share-link=link.key.clone() class:archived=revoked || expired || imported>
                    <td>{link.label.clone()}</td>
                    <td>
                        {move || format_date(i18n.get_locale(), created)}
                        {link.created_by.clone().map(|by| format!(" ({by})"))}
                    </td>
                    <td>
                        {move || match expires {
                            Some(day) => format_date(i18n.get_locale(), day),
                            None => td_string!(i18n.get_locale(), share_link_no_expiry).to_owned(),
                        }}
                    </td>
                    <td>
                        {move || {
                            let locale = i18n.get_locale();
                            if revoked {
                                td_string!(locale, share_link_revoked)
                            } else if expired {
                                td_string!(locale, share_link_expired)
                            } else if imported {
                                td_string!(locale, share_link_imported)
                            } else {
                                td_string!(locale, share_link_active)
                            }
                        }}
                    </td>
                    <td>
                        {(!revoked && !expired).then(|| view! {
                            <button
                                type="button"
                                class="link-button"
                                on:click=revoke.clone()
                                aria-label=move || format!("{} {label}", td_string!(i18n.get_locale(), revoke_share_link))
                            >
                                {tr!(i18n, revoke_share_link)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{tr!(i18n, share_links_heading)}</h2>
        <p class="muted">{tr!(i18n, share_links_intro)}</p>
        <table class="share-links">
            <thead>
                <tr>
                    <th scope="col">{tr!(i18n, share_link_label)}</th>
                    <th scope="col">{tr!(i18n, share_link_created)}</th>
                    <th scope="col">{tr!(i18n, share_link_last_day)}</th>
                    <th scope="col">{tr!(i18n, member_state)}</th>
                    <th scope="col">{tr!(i18n, member_actions)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="field-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
        <NewShareLinkForm reload created />
    }
}

#[component]
fn NewShareLinkForm(reload: Callback<()>, created: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let project = use_project_key();
    let label = RwSignal::new(String::new());
    let last_day = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let day = last_day.get_untracked();
        let last_day_value = if day.is_empty() {
            None
        } else {
            match day.parse() {
                Ok(day) => Some(day),
                Err(_) => {
                    error.set(Some(AppError::invalid("last_day", "is not a date")));
                    return;
                }
            }
        };
        let input = NewShareLink {
            label: label.get_untracked(),
            last_day: last_day_value,
        };
        let write = create_share_link(project.get_untracked(), input);
        leptos::task::spawn_local(async move {
            match write.await {
                Ok(link) => {
                    error.set(None);
                    created.set(Some(full_address(&link.path)));
                    label.set(String::new());
                    last_day.set(String::new());
                    reload.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    const FIELDS: &[&str] = &["label", "last_day"];
    let failed = move || error.get();
    let error_for = move |field: &'static str| field_error(failed, Some(field), FIELDS);
    let other_error = field_error(failed, None, FIELDS);
    view! {
        <form class="new-share-link" on:submit=submit>
            <h3>{tr!(i18n, new_share_link_heading)}</h3>
            <label>
                {tr!(i18n, share_link_label)}
                <input
                    name="label"
                    required
                    bind:value=label
                />
            </label>
            {error_for("label")}
            <label>
                {tr!(i18n, share_link_last_day_optional)}
                <input
                    name="last_day"
                    type="date"
                    bind:value=last_day
                />
            </label>
            {error_for("last_day")}
            {other_error}
            <button type="submit">{tr!(i18n, create_share_link)}</button>
            {move || created.get().map(|link| view! {
                <div class="one-time" role="status">
                    <p>{tr!(i18n, share_link_made)}</p>
                    <p><code class="secret-link" data-share-url="">{link}</code></p>
                </div>
            })}
        </form>
    }
}
