use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::dates::{format_date, format_date_range};
use crate::domain::{
    Country, Partner, Period, ProjectOverview, ProjectStatus, SubProject, SubProjectKind,
    VersionOnly,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{
    AsOfBanner, ErrorNotice, Loading, save_then_reload, show, show_page, use_as_of_param,
};

use super::inputs::{PartnerInput, ProjectFacts, SubProjectFacts, Visibility};
use super::{
    archive_partner, archive_project, get_project_overview, list_projects, save_partner,
    save_project_facts, save_sub_project_facts, set_visibility,
};

/// The project key from the route, e.g. `interreg-integrering` in `/p/interreg-integrering`.
pub fn use_project_key() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("project").unwrap_or_default())
}

#[component]
pub fn ProjectListPage() -> impl IntoView {
    let i18n = use_i18n();
    let projects = crate::wire::resource(|| (), |_| list_projects());
    let me = crate::wire::resource(|| (), |_| crate::account::get_me());
    let may_create = crate::wire::resource(|| (), |_| super::may_create_projects());
    view! {
        <section class="page">
            <h1>{tr!(i18n, projects_heading)}</h1>
            // Administrators create projects (`/projects/new`).
            <Suspense>
                {move || Suspend::new(async move {
                    let admin = me.await.ok().flatten().is_some_and(|me| me.is_admin);
                    let creates = may_create.await.unwrap_or(false);
                    view! {
                        {(creates || admin).then(|| view! {
                            <p class="admin-links">
                                {creates.then(|| view! { <A href="/projects/new">{tr!(i18n, new_project)}</A> })}
                                {(creates && admin).then_some(" · ")}
                                {admin.then(|| view! { <A href="/admin">{tr!(i18n, nav_admin)}</A> })}
                            </p>
                        })}
                        {creates.then(|| view! { <super::files::NewProjectFromFile /> })}
                    }
                })}
            </Suspense>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    show(projects.await, |list| view! {
                            <ul class="project-list">
                                {list.into_iter().map(|p| {
                                    let period = move || format_date_range(i18n.get_locale(), p.period.start, p.period.end);
                                    let name = p.name.clone();
                                    view! {
                                        <li>
                                            <A href=format!("/p/{}", p.key)>{name}</A>
                                            <span class="muted">{p.funding_programme.clone()} " · " {period}</span>
                                            {(!p.public).then(|| view! { " " <span class="badge private">{tr!(i18n, private_badge)}</span> })}
                                            {p.archived_at.is_some().then(|| view! { " " <span class="badge archived">{tr!(i18n, archived_badge)}</span> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                    })
                })}
            </Suspense>
        </section>
    }
}

/// The tabs of one project: overview, progress plan, chart, milestones and
/// meetings, timeline, presentation, period report, baselines, history.
#[component]
pub fn ProjectNav() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_project_key();
    // One link shape for every tab: one copy of its code in the wasm bundle.
    let tab = move |path: &'static str, label: fn(Locale) -> &'static str| {
        view! {
            <A href=move || format!("/p/{}{path}", key.get()) exact=path.is_empty()>
                {crate::text::text(i18n, label)}
            </A>
        }
    };
    view! {
        <nav class="project-nav" aria-label=tr!(i18n, project_sections)>
            {tab("", |l| td_string!(l, nav_overview))}
            {tab("/plan", |l| td_string!(l, nav_plan))}
            {tab("/gantt", |l| td_string!(l, nav_gantt))}
            {tab("/schedule", |l| td_string!(l, nav_schedule))}
            {tab("/timeline", |l| td_string!(l, nav_timeline))}
            {tab("/present", |l| td_string!(l, nav_present))}
            {tab("/report", |l| td_string!(l, nav_report))}
            {tab("/baselines", |l| td_string!(l, nav_baselines))}
            {tab("/history", |l| td_string!(l, nav_history))}
        </nav>
    }
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let key = use_project_key();
    let as_of = use_as_of_param();
    let overview = crate::wire::resource(
        move || (key.get(), as_of.get()),
        |(key, as_of)| get_project_overview(key, as_of),
    );
    let reload = Callback::new(move |_: ()| overview.refetch());
    // Outlives the overview it reloads: what a merge just changed.
    let merged = RwSignal::new(None::<super::files::MergeReport>);
    view! {
        <ProjectNav />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show_page(overview.await, move |project| view! { <Overview project reload merged /> })
            })}
        </Transition>
    }
}

pub fn status_label(locale: Locale, status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::OnTrack => td_string!(locale, status_on_track),
        ProjectStatus::AtRisk => td_string!(locale, status_at_risk),
        ProjectStatus::Behind => td_string!(locale, status_behind),
    }
}

#[component]
fn Overview(
    project: ProjectOverview,
    reload: Callback<()>,
    merged: RwSignal<Option<super::files::MergeReport>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let view_info = project.view.clone();
    // Forms only for those who may save them, and only for the present.
    let editable = view_info.as_of.is_now() && view_info.access.can_edit_any();
    // The access page (members, share links) is the leaders'.
    let access_href = view_info
        .access
        .lead
        .then(|| format!("/p/{}/access", project.key));
    let project_key = StoredValue::new(project.key.clone());
    // Exchange files (export, merge) are the leaders', of the present.
    let present = view_info.as_of.is_now();
    let files = present && view_info.access.lead;
    let period = project.period;
    let public = project.public;
    let archived_at = project.archived_at;
    let latest_status = project.status_statements.first().cloned();
    let partner_list = |country: Country| {
        project
            .partners_in(country)
            .map(|p| {
                let (key, version) = (p.key.clone(), p.version);
                let archive = move |_| {
                    let input = crate::domain::VersionOnly { version };
                    let (project, partner) = (project_key.get_value(), key.clone());
                    spawn_local(async move {
                        if archive_partner(project, partner, true, input).await.is_ok() {
                            reload.run(());
                        }
                    });
                };
                view! {
                    <li data-partner=p.key.clone()>
                        <strong>{p.name.clone()}</strong>
                        {(!p.description.is_empty()).then(|| view! { <span class="muted">" – " {p.description.clone()}</span> })}
                        {editable.then(|| view! {
                            " "
                            <button type="button" class="link-button" on:click=archive>
                                {tr!(i18n, archive)} <span class="visually-hidden">" " {p.name.clone()}</span>
                            </button>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    let norwegian = partner_list(Country::Norway);
    let swedish = partner_list(Country::Sweden);
    // Keyed by what an item shows, so that after a save the unchanged items
    // keep their own elements (an edit form left open stays with its
    // sub-project) and a changed one is drawn anew.
    let sub_project_list = |kind: SubProjectKind| {
        let items: Vec<(SubProject, Option<String>)> = project
            .sub_projects
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| {
                let lead = s
                    .lead_partner
                    .as_deref()
                    .and_then(|k| project.partner_name(k).map(str::to_owned));
                (s.clone(), lead)
            })
            .collect();
        let partners = project.partners.clone();
        let key = project.key.clone();
        let item = move |(s, lead): (SubProject, Option<String>)| {
            let plan_href = format!("/p/{}/plan/{}", key, s.key);
            let form = editable.then(|| {
                view! { <SubProjectForm project=project_key sub=s.clone() partners=partners.clone() reload /> }
            });
            view! {
                <li data-sub-project=s.key.clone()>
                    <A href=plan_href>{s.name.clone()}</A>
                    {lead.map(|name| view! { <span class="muted">" · " {tr!(i18n, lead_partner)} ": " {name}</span> })}
                    {(!s.description.is_empty()).then(|| view! { <p class="sub-project-description">{s.description.clone()}</p> })}
                    {(!s.target_group.is_empty()).then(|| view! {
                        <p class="sub-project-target muted">{tr!(i18n, target_group)} ": " {s.target_group.clone()}</p>
                    })}
                    {form}
                </li>
            }
        };
        view! {
            <For
                each=move || items.clone()
                key=|(s, lead)| (s.key.clone(), s.version, lead.clone())
                children=item
            />
        }
    };
    let facts = project.clone();
    let development = sub_project_list(SubProjectKind::Development);
    let evaluation = sub_project_list(SubProjectKind::Evaluation);
    let goals = project
        .goals
        .iter()
        .map(|g| view! { <li>{g.clone()}</li> })
        .collect_view();
    let sub_goals = project
        .sub_goals
        .iter()
        .map(|g| view! { <li>{g.clone()}</li> })
        .collect_view();

    view! {
        <article class="page overview">
            <h1>{project.name.clone()}</h1>
            {view! { <AsOfBanner view=view_info /> }.into_any()}
            {archived_at.map(|at| view! {
                <p class="archived-banner" role="note">
                    {move || td_string!(i18n.get_locale(), project_archived_on, date = format_date(i18n.get_locale(), at.date_naive())).to_string()}
                </p>
            })}
            {access_href.map(|href| view! {
                <p class="lead-tools"><A href=href attr:id="manage-access">{tr!(i18n, manage_access)}</A></p>
            })}
            <dl class="facts">
                <dt>{tr!(i18n, funding_programme)}</dt>
                <dd>{project.funding_programme.clone()}</dd>
                <dt>{tr!(i18n, period)}</dt>
                <dd class="project-period">{move || format_date_range(i18n.get_locale(), period.start, period.end)}</dd>
                <dt>{tr!(i18n, visibility)}</dt>
                <dd class="project-visibility">
                    {if public { tr!(i18n, visibility_public).into_any() } else { tr!(i18n, visibility_private).into_any() }}
                </dd>
                {(!project.website.is_empty()).then(|| view! {
                    <dt>{tr!(i18n, website)}</dt>
                    // Only http(s) becomes a link: an address stored before
                    // the rule could be `javascript:`.
                    <dd>{if crate::domain::is_web_address(&project.website) {
                        view! { <a href=project.website.clone() rel="external">{project.website.clone()}</a> }.into_any()
                    } else {
                        view! { <span>{project.website.clone()}</span> }.into_any()
                    }}</dd>
                })}
                {latest_status.map(|s| view! {
                    <dt>{tr!(i18n, latest_status)}</dt>
                    <dd class="status">
                        <span class=format!("status-badge status-{}", s.status.code())>
                            {move || status_label(i18n.get_locale(), s.status)}
                        </span>
                        " " {move || format_date(i18n.get_locale(), s.date)} ": " {s.text.clone()}
                    </dd>
                })}
            </dl>
            <section>
                <h2>{tr!(i18n, description)}</h2>
                <p class="prose">{project.description.clone()}</p>
                <h2>{tr!(i18n, target_group)}</h2>
                <p class="prose">{project.target_group.clone()}</p>
            </section>
            <section class="goals">
                <h2>{tr!(i18n, goals)}</h2>
                <ol>{goals}</ol>
                <h2>{tr!(i18n, sub_goals)}</h2>
                <ol>{sub_goals}</ol>
            </section>
            <section class="partners">
                <h2>{tr!(i18n, partners)}</h2>
                <div class="two-columns">
                    <div>
                        <h3>{tr!(i18n, side_no)}</h3>
                        <ul data-country="NO">{norwegian}</ul>
                    </div>
                    <div>
                        <h3>{tr!(i18n, side_se)}</h3>
                        <ul data-country="SE">{swedish}</ul>
                    </div>
                </div>
                {editable.then(|| view! { <PartnerForm project=project_key reload /> }.into_any())}
            </section>
            {editable.then(|| view! { <FactsForm project=facts reload /> }.into_any())}
            <section class="sub-projects">
                <h2>{tr!(i18n, sub_projects)}</h2>
                <h3>{tr!(i18n, kind_development)}</h3>
                <ul data-kind="development">{development}</ul>
                <h3>{tr!(i18n, kind_evaluation)}</h3>
                <ul data-kind="evaluation">{evaluation}</ul>
            </section>
            {present.then(|| view! {
                <ArchiveSwitch project=project_key.get_value() archived=archived_at.is_some() version=project.version reload />
            })}
            {files.then(|| view! {
                <VisibilitySwitch project=project_key.get_value() public version=project.version reload />
                <super::files::ProjectFiles project=project_key.get_value() reload merged />
            })}
        </article>
    }
}

/// Whether anyone may read the project: its leaders switch it.
#[component]
fn VisibilitySwitch(
    project: String,
    public: bool,
    version: i32,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let switch = move |_| {
        busy.set(true);
        let input = Visibility {
            public: !public,
            version,
        };
        save_then_reload(set_visibility(project.clone(), input), error, reload, || ());
    };
    view! {
        <section class="visibility" aria-labelledby="visibility-heading">
            <h2 id="visibility-heading">{tr!(i18n, visibility)}</h2>
            <button type="button" on:click=switch disabled=move || busy.get() && error.get().is_none()>
                {if public { tr!(i18n, make_private).into_any() } else { tr!(i18n, make_public).into_any() }}
            </button>
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </section>
    }
}

/// Archiving a finished project, or restoring it: administrators only
/// (nothing shows for anyone else).
#[component]
fn ArchiveSwitch(
    project: String,
    archived: bool,
    version: i32,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::wire::resource(|| (), |_| crate::account::get_me());
    let error = RwSignal::new(None::<AppError>);
    let project = StoredValue::new(project);
    let switch = move |_| {
        let input = VersionOnly { version };
        save_then_reload(
            archive_project(project.get_value(), !archived, input),
            error,
            reload,
            || (),
        );
    };
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                me.await.ok().flatten().filter(|me| me.is_admin).map(|_| view! {
                    <section class="archiving" aria-labelledby="archiving-heading">
                        <h2 id="archiving-heading">{tr!(i18n, archiving)}</h2>
                        <p class="hint">{tr!(i18n, archiving_hint)}</p>
                        <button type="button" on:click=switch>
                            {if archived { tr!(i18n, restore_project).into_any() } else { tr!(i18n, archive_project).into_any() }}
                        </button>
                        {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                    </section>
                })
            })}
        </Suspense>
    }
}

/// Lines of a text area, without empty ones.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn error_view(error: RwSignal<Option<AppError>>, fields: &'static [&'static str]) -> impl IntoView {
    move || {
        error
            .get()
            .filter(|e| {
                e.field()
                    .is_some_and(|f| fields.iter().any(|want| f.starts_with(want)))
            })
            .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
    }
}

/// The period two date fields of a form hold, or the refusal to show by
/// the field `period`.
pub(super) fn period_of(
    start: RwSignal<String>,
    end: RwSignal<String>,
) -> Result<Period, AppError> {
    match (start.get_untracked().parse(), end.get_untracked().parse()) {
        (Ok(start), Ok(end)) => Ok(Period { start, end }),
        _ => Err(AppError::invalid("period", "choose both dates")),
    }
}

/// The project's facts: name, programme, period, texts and goals.
#[component]
fn FactsForm(project: ProjectOverview, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(project.name.clone());
    let programme = RwSignal::new(project.funding_programme.clone());
    let start = RwSignal::new(project.period.start.to_string());
    let end = RwSignal::new(project.period.end.to_string());
    let description = RwSignal::new(project.description.clone());
    let target_group = RwSignal::new(project.target_group.clone());
    let website = RwSignal::new(project.website.clone());
    let goals = RwSignal::new(project.goals.join("\n"));
    let sub_goals = RwSignal::new(project.sub_goals.join("\n"));
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let (key, version) = (StoredValue::new(project.key.clone()), project.version);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let period = match period_of(start, end) {
            Ok(period) => period,
            Err(refused) => return error.set(Some(refused)),
        };
        let input = ProjectFacts {
            name: name.get_untracked(),
            funding_programme: programme.get_untracked(),
            period,
            description: description.get_untracked(),
            target_group: target_group.get_untracked(),
            website: website.get_untracked(),
            goals: lines(&goals.get_untracked()),
            sub_goals: lines(&sub_goals.get_untracked()),
            version,
        };
        save_then_reload(
            save_project_facts(key.get_value(), input),
            error,
            reload,
            move || {
                saved.set(true);
            },
        );
    };
    let input = move |label: &'static str,
                      signal: RwSignal<String>,
                      name: &'static str,
                      kind: &'static str| {
        view! {
            <label>
                {label}
                <input name=name type=kind bind:value=signal />
            </label>
        }
    };
    let area = move |label: &'static str, signal: RwSignal<String>, name: &'static str| {
        view! {
            <label>
                {label}
                <textarea name=name rows="4" bind:value=signal></textarea>
            </label>
        }
    };
    view! {
        <details class="facts-edit">
            <summary>{tr!(i18n, edit_facts)}</summary>
            <form class="facts-form" on:submit=submit>
                {move || {
                    let l = i18n.get_locale();
                    view! {
                        {input(td_string!(l, facts_name), name, "name", "text")}
                        {error_view(error, &["name"])}
                        {input(td_string!(l, funding_programme), programme, "funding_programme", "text")}
                        {error_view(error, &["funding_programme"])}
                        {input(td_string!(l, period_start), start, "period_start", "date")}
                        {input(td_string!(l, period_end), end, "period_end", "date")}
                        {error_view(error, &["period"])}
                        {area(td_string!(l, description), description, "description")}
                        {area(td_string!(l, target_group), target_group, "target_group")}
                        {input(td_string!(l, website), website, "website", "url")}
                        {area(td_string!(l, goals_one_per_line), goals, "goals")}
                        {error_view(error, &["goals"])}
                        {area(td_string!(l, sub_goals_one_per_line), sub_goals, "sub_goals")}
                        {error_view(error, &["sub_goals"])}
                    }
                }}
                <button type="submit">{tr!(i18n, save)}</button>
                {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
                {move || saved.get().then(|| view! { <p class="saved" role="status">{tr!(i18n, state_saved)}</p> })}
            </form>
        </details>
    }
}

#[component]
fn PartnerForm(project: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let country = RwSignal::new(Country::Norway);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = PartnerInput {
            name: name.get_untracked(),
            country: country.get_untracked(),
            description: String::new(),
            version: 0,
        };
        save_then_reload(
            save_partner(project.get_value(), None, input),
            error,
            reload,
            move || {
                name.set(String::new());
            },
        );
    };
    view! {
        <form class="partner-form" on:submit=submit>
            <h3>{tr!(i18n, new_partner)}</h3>
            <label>
                {tr!(i18n, facts_name)}
                <input name="partner_name" bind:value=name />
            </label>
            <label>
                {tr!(i18n, partner_side)}
                <select name="country" on:change=move |e| if let Some(c) = Country::from_code(&event_target_value(&e)) { country.set(c) }>
                    <option value="NO">{tr!(i18n, side_no)}</option>
                    <option value="SE">{tr!(i18n, side_se)}</option>
                </select>
            </label>
            {error_view(error, &["name"])}
            <button type="submit">{tr!(i18n, add_partner)}</button>
        </form>
    }
}

/// A sub-project's facts: name, lead partner, period, goals.
#[component]
fn SubProjectForm(
    project: StoredValue<String>,
    sub: SubProject,
    partners: Vec<Partner>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(sub.name.clone());
    let lead = RwSignal::new(sub.lead_partner.clone().unwrap_or_default());
    let start = RwSignal::new(sub.period.start.to_string());
    let end = RwSignal::new(sub.period.end.to_string());
    let goals = RwSignal::new(sub.goals.join("\n"));
    let sub_goals = RwSignal::new(sub.sub_goals.join("\n"));
    let kind = RwSignal::new(sub.kind);
    let description = RwSignal::new(sub.description.clone());
    let target_group = RwSignal::new(sub.target_group.clone());
    let error = RwSignal::new(None::<AppError>);
    let stored = StoredValue::new(sub.clone());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let sub = stored.get_value();
        let period = match period_of(start, end) {
            Ok(period) => period,
            Err(refused) => return error.set(Some(refused)),
        };
        let lead = lead.get_untracked();
        let input = SubProjectFacts {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            lead_partner: (!lead.is_empty()).then_some(lead),
            period,
            description: description.get_untracked(),
            target_group: target_group.get_untracked(),
            goals: lines(&goals.get_untracked()),
            sub_goals: lines(&sub_goals.get_untracked()),
            version: sub.version,
        };
        save_then_reload(
            save_sub_project_facts(project.get_value(), sub.key.clone(), input),
            error,
            reload,
            || {},
        );
    };
    let options = partners
        .into_iter()
        .map(|p| {
            let selected = Some(p.key.clone()) == sub.lead_partner;
            view! { <option value=p.key.clone() selected=selected>{p.name.clone()}</option> }
        })
        .collect_view();
    view! {
        <details class="sub-project-edit">
            <summary>{tr!(i18n, edit)} <span class="visually-hidden">" " {sub.name.clone()}</span></summary>
            <form class="sub-project-form" on:submit=submit>
                <label>{tr!(i18n, facts_name)}<input name="name" bind:value=name /></label>
                {error_view(error, &["name"])}
                <label>
                    {tr!(i18n, sub_project_kind)}
                    <select name="kind" on:change=move |e| if let Some(k) = SubProjectKind::from_code(&event_target_value(&e)) { kind.set(k) }>
                        <option value=SubProjectKind::Development.code() selected=move || kind.get() == SubProjectKind::Development>{tr!(i18n, kind_development_one)}</option>
                        <option value=SubProjectKind::Evaluation.code() selected=move || kind.get() == SubProjectKind::Evaluation>{tr!(i18n, kind_evaluation_one)}</option>
                    </select>
                </label>
                <label>
                    {tr!(i18n, lead_partner)}
                    <select name="lead_partner" on:change=move |e| lead.set(event_target_value(&e))>
                        <option value="">"–"</option>
                        {options}
                    </select>
                </label>
                <label>{tr!(i18n, period_start)}<input type="date" name="period_start" bind:value=start /></label>
                <label>{tr!(i18n, period_end)}<input type="date" name="period_end" bind:value=end /></label>
                {error_view(error, &["period"])}
                <label>{tr!(i18n, sub_project_description)}<textarea name="description" rows="3" bind:value=description></textarea></label>
                {error_view(error, &["description"])}
                <label>{tr!(i18n, target_group)}<textarea name="target_group" rows="2" bind:value=target_group></textarea></label>
                {error_view(error, &["target_group"])}
                <label>{tr!(i18n, goals_one_per_line)}<textarea name="goals" rows="3" bind:value=goals></textarea></label>
                {error_view(error, &["goals"])}
                <label>{tr!(i18n, sub_goals_one_per_line)}<textarea name="sub_goals" rows="3" bind:value=sub_goals></textarea></label>
                {error_view(error, &["sub_goals"])}
                <button type="submit">{tr!(i18n, save)}</button>
                {move || error.get().filter(|e| e.field().is_none()).map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            </form>
        </details>
    }
}
