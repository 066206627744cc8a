use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::dates::{format_date, format_date_range};
use crate::domain::{Country, ProjectOverview, ProjectStatus, SubProjectKind};
use crate::i18n::*;
use crate::layout::{AsOfBanner, Loading, show, use_as_of_param};

use super::{get_project_overview, list_projects};

/// The project key from the route, e.g. `interreg-integrering` in `/p/interreg-integrering`.
pub fn use_project_key() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("project").unwrap_or_default())
}

#[component]
pub fn ProjectListPage() -> impl IntoView {
    let i18n = use_i18n();
    let projects = Resource::new(|| (), |_| list_projects());
    view! {
        <section class="page">
            <h1>{t!(i18n, projects_heading)}</h1>
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

/// The tabs of one project: overview, progress plan, milestones and meetings.
#[component]
pub fn ProjectNav() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_project_key();
    view! {
        <nav class="project-nav" aria-label=move || td_string!(i18n.get_locale(), project_sections)>
            <A href=move || format!("/p/{}", key.get()) exact=true>{t!(i18n, nav_overview)}</A>
            <A href=move || format!("/p/{}/plan", key.get())>{t!(i18n, nav_plan)}</A>
            <A href=move || format!("/p/{}/schedule", key.get())>{t!(i18n, nav_schedule)}</A>
            <A href=move || format!("/p/{}/baselines", key.get())>{t!(i18n, nav_baselines)}</A>
            <A href=move || format!("/p/{}/history", key.get())>{t!(i18n, nav_history)}</A>
        </nav>
    }
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let key = use_project_key();
    let as_of = use_as_of_param();
    let overview = Resource::new(
        move || (key.get(), as_of.get()),
        |(key, as_of)| get_project_overview(key, as_of),
    );
    view! {
        <ProjectNav />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                show(overview.await, |project| view! { <Overview project /> })
            })}
        </Suspense>
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
fn Overview(project: ProjectOverview) -> impl IntoView {
    let i18n = use_i18n();
    let view_info = project.view.clone();
    let period = project.period;
    let latest_status = project.status_statements.first().cloned();
    let partner_list = |country: Country| {
        project
            .partners_in(country)
            .map(|p| view! {
                <li>
                    <strong>{p.name.clone()}</strong>
                    {(!p.description.is_empty()).then(|| view! { <span class="muted">" – " {p.description.clone()}</span> })}
                </li>
            })
            .collect_view()
    };
    let norwegian = partner_list(Country::Norway);
    let swedish = partner_list(Country::Sweden);
    let sub_project_list = |kind: SubProjectKind| {
        project
            .sub_projects
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| {
                let lead = s.lead_partner.as_deref().and_then(|k| project.partner_name(k).map(str::to_owned));
                let plan_href = format!("/p/{}/plan/{}", project.key, s.key);
                let name = s.name.clone();
                view! {
                    <li>
                        <A href=plan_href>{name}</A>
                        {lead.map(|name| view! { <span class="muted">" · " {t!(i18n, lead_partner)} ": " {name}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
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
            <dl class="facts">
                <dt>{t!(i18n, funding_programme)}</dt>
                <dd>{project.funding_programme.clone()}</dd>
                <dt>{t!(i18n, period)}</dt>
                <dd class="project-period">{move || format_date_range(i18n.get_locale(), period.start, period.end)}</dd>
                {(!project.website.is_empty()).then(|| view! {
                    <dt>{t!(i18n, website)}</dt>
                    <dd><a href=project.website.clone() rel="external">{project.website.clone()}</a></dd>
                })}
                {latest_status.map(|s| view! {
                    <dt>{t!(i18n, latest_status)}</dt>
                    <dd class="status">
                        <span class=format!("status-badge status-{}", s.status.code())>
                            {move || status_label(i18n.get_locale(), s.status)}
                        </span>
                        " " {move || format_date(i18n.get_locale(), s.date)} ": " {s.text.clone()}
                    </dd>
                })}
            </dl>
            <section>
                <h2>{t!(i18n, description)}</h2>
                <p class="prose">{project.description.clone()}</p>
                <h2>{t!(i18n, target_group)}</h2>
                <p class="prose">{project.target_group.clone()}</p>
            </section>
            <section class="goals">
            <AsOfBanner view=view_info />
                <h2>{t!(i18n, goals)}</h2>
                <ol>{goals}</ol>
                <h2>{t!(i18n, sub_goals)}</h2>
                <ol>{sub_goals}</ol>
            </section>
            <section class="partners">
                <h2>{t!(i18n, partners)}</h2>
                <div class="two-columns">
                    <div>
                        <h3>{t!(i18n, side_no)}</h3>
                        <ul data-country="NO">{norwegian}</ul>
                    </div>
                    <div>
                        <h3>{t!(i18n, side_se)}</h3>
                        <ul data-country="SE">{swedish}</ul>
                    </div>
                </div>
            </section>
            <section class="sub-projects">
                <h2>{t!(i18n, sub_projects)}</h2>
                <h3>{t!(i18n, kind_development)}</h3>
                <ul>{development}</ul>
                <h3>{t!(i18n, kind_evaluation)}</h3>
                <ul>{evaluation}</ul>
            </section>
        </article>
    }
}
