use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::domain::{HalfYear, Plan};
use crate::i18n::*;
use crate::layout::{Loading, show};
use crate::project::{ProjectNav, use_project_key};

use super::get_plan;

/// A column heading as the language writes it: "2009 1. halvår", "2009 halvår 1", "H1 2009".
pub fn half_year_label(locale: Locale, half_year: HalfYear) -> String {
    td_string!(
        locale,
        half_year,
        year = half_year.year(),
        half = half_year.half()
    )
    .to_string()
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let key = use_project_key();
    let params = use_params_map();
    let sub_project = Memo::new(move |_| params.read().get("sub"));
    let plan = Resource::new(
        move || (key.get(), sub_project.get()),
        |(key, sub)| get_plan(key, sub),
    );
    view! {
        <ProjectNav />
        // Transition keeps the current table on screen while the next plan loads.
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show(plan.await, |plan| view! { <PlanView plan /> })
            })}
        </Transition>
    }
}

#[component]
fn PlanView(plan: Plan) -> impl IntoView {
    let i18n = use_i18n();
    let project_href = format!("/p/{}/plan", plan.project_key);
    let scopes = plan
        .sub_projects_with_plans
        .iter()
        .map(|s| {
            let href = format!("/p/{}/plan/{}", plan.project_key, s.key);
            let name = s.name.clone();
            view! { <li><A href=href>{name}</A></li> }
        })
        .collect_view();
    let title = plan
        .sub_project
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_else(|| plan.project_name.clone());
    let columns = plan.columns.clone();
    let headings = columns
        .iter()
        .map(|&h| view! { <th scope="col" data-half-year=h.to_string()>{move || half_year_label(i18n.get_locale(), h)}</th> })
        .collect_view();
    let caption = match &plan.sub_project {
        Some(sub) => format!("{} – {}", plan.project_name, sub.name),
        None => plan.project_name.clone(),
    };
    let is_empty = plan.rows.is_empty();
    let rows = plan
        .rows
        .into_iter()
        .map(|row| {
            let cells = row
                .marks
                .iter()
                .zip(&columns)
                .map(|(&marks, &h)| {
                    let label = move || {
                        let locale = i18n.get_locale();
                        let when = half_year_label(locale, h);
                        if marks == 0 {
                            format!("{when}: {}", td_string!(locale, no_marks))
                        } else {
                            format!("{when}: {}", td_string!(locale, marks_label, count = marks))
                        }
                    };
                    view! {
                        <td class=format!("marks marks-{marks}") data-half-year=h.to_string() data-marks=marks aria-label=label>
                            {"x".repeat(usize::from(marks))}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr data-activity-id=row.activity_id>
                    <th scope="row">{row.name}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();

    // Computed while rendering, not inside <Title>: see `AppTitle`.
    let page_title = {
        let title = title.clone();
        move || {
            let text = format!(
                "{} – {title} – Framdrift",
                td_string!(i18n.get_locale(), plan_heading)
            );
            view! { <Title text /> }
        }
    };
    view! {
        {page_title}
        <section class="page plan-page">
            <h1>
                <span class="eyebrow">{t!(i18n, plan_heading)}</span>
                <span class="plan-title">{title}</span>
            </h1>
            <nav class="plan-scopes" aria-label=move || td_string!(i18n.get_locale(), plan_scopes)>
                <ul>
                    <li><A href=project_href exact=true>{t!(i18n, whole_project)}</A></li>
                    {scopes}
                </ul>
            </nav>
            {if is_empty {
                view! { <p class="empty">{t!(i18n, empty_plan)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="plan">
                            <caption class="visually-hidden">{caption}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, activities)}</th>
                                    {headings}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <p class="legend muted">{t!(i18n, plan_legend)}</p>
                }.into_any()
            }}
        </section>
    }
}
