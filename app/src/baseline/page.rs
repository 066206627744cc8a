//! The baselines of a project, saving a new one, and comparing one with the
//! current plan and actual progress.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::dates::format_date;
use crate::domain::VersionOnly;
use crate::domain::{Baseline, Comparison, RowChange};
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{AsOfBanner, Loading, save_then_reload, show_page, use_as_of_param};
use crate::plan::half_year_label;
use crate::project::{ProjectNav, use_project_key};

use super::{NewBaseline, archive_baseline, get_baselines, get_comparison, save_baseline};

#[component]
pub fn BaselinesPage() -> impl IntoView {
    let key = use_project_key();
    let as_of = use_as_of_param();
    let baselines = crate::wire::resource(
        move || (key.get(), as_of.get()),
        |(key, as_of)| get_baselines(key, as_of),
    );
    // Baselines are the project leader's: only they see the forms.
    let access = crate::wire::resource(move || key.get(), crate::account::get_project_access);
    let reload = Callback::new(move |_: ()| baselines.refetch());
    view! {
        <ProjectNav />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let leads = access.await.is_ok_and(|a| a.lead);
                let editable = leads && as_of.get_untracked().is_none();
                show_page(baselines.await, move |list| view! { <BaselineList list editable reload /> })
            })}
        </Transition>
    }
}

#[component]
fn BaselineList(list: Vec<Baseline>, editable: bool, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let project_key = use_project_key();
    let error = RwSignal::new(None::<AppError>);
    let items = list
        .into_iter()
        .map(|b| {
            let href = format!("/p/{}/baselines/{}", project_key.get_untracked(), b.key);
            let date = b.date;
            let archived = b.archived;
            let toggle = {
                let key = b.key.clone();
                move |_| {
                    let project = project_key.get_untracked();
                    let baseline = key.clone();
                    let input = VersionOnly { version: b.version };
                    save_then_reload(archive_baseline(project, baseline, !archived, input), error, reload, || {});
                }
            };
            view! {
                <li data-baseline=b.key.clone() class:archived=archived>
                    <A href=href>{b.name.clone()}</A>
                    " · " {move || format_date(i18n.get_locale(), date)}
                    {archived.then(|| view! { <span class="muted">" (" {tr!(i18n, archived_label)} ")"</span> })}
                    {editable.then(|| view! {
                        " "
                        <button type="button" class="link-button" on:click=toggle.clone()>
                            {move || if archived { td_string!(i18n.get_locale(), restore) } else { td_string!(i18n.get_locale(), archive) }}
                        </button>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="page baselines-page">
            <h1>{tr!(i18n, baselines_heading)}</h1>
            <p class="muted">{tr!(i18n, baselines_intro)}</p>
            <ul class="baseline-list">{items}</ul>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
            {editable.then(|| view! { <SaveBaselineForm reload /> })}
        </section>
    }
}

#[component]
fn SaveBaselineForm(reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let key = use_project_key();
    let name = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(day) = date.get_untracked().parse() else {
            error.set(Some(AppError::invalid("date", "choose a date")));
            return;
        };
        let input = NewBaseline {
            name: name.get_untracked(),
            date: day,
        };
        let project = key.get_untracked();
        save_then_reload(save_baseline(project, input), error, reload, move || {
            name.set(String::new());
        });
    };
    let error_for = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(field))
                .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
        }
    };
    view! {
        <form class="save-baseline" on:submit=submit>
            <h2>{tr!(i18n, save_baseline_heading)}</h2>
            <label>
                {tr!(i18n, baseline_name)}
                <input name="name" bind:value=name />
            </label>
            {error_for("name")}
            <label>
                {tr!(i18n, baseline_date)}
                <input name="date" type="date" bind:value=date />
            </label>
            {error_for("date")}
            <button type="submit">{tr!(i18n, save_baseline)}</button>
        </form>
    }
}

#[component]
pub fn ComparisonPage() -> impl IntoView {
    let key = use_project_key();
    let params = use_params_map();
    let query = use_query_map();
    let baseline = Memo::new(move |_| params.read().get("baseline").unwrap_or_default());
    let sub = Memo::new(move |_| query.read().get("sub"));
    let as_of = use_as_of_param();
    let comparison = crate::wire::resource(
        move || (key.get(), baseline.get(), sub.get(), as_of.get()),
        |(key, baseline, sub, as_of)| get_comparison(key, baseline, sub, as_of),
    );
    view! {
        <ProjectNav />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show_page(comparison.await, |comparison| view! { <ComparisonView comparison /> })
            })}
        </Transition>
    }
}

fn change_label(locale: Locale, change: RowChange) -> Option<&'static str> {
    match change {
        RowChange::Unchanged => None,
        RowChange::Added => Some(td_string!(locale, change_added)),
        RowChange::Archived => Some(td_string!(locale, change_archived)),
        RowChange::Moved => Some(td_string!(locale, change_moved)),
    }
}

#[component]
fn ComparisonView(comparison: Comparison) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!(
        "/p/{}/baselines/{}",
        comparison.project_key, comparison.baseline.key
    );
    let scopes = std::iter::once((
        None,
        td_string!(i18n.get_locale_untracked(), whole_project).to_owned(),
    ))
    .chain(
        comparison
            .sub_projects_with_plans
            .iter()
            .map(|s| (Some(s.key.clone()), s.name.clone())),
    )
    .map(|(key, name)| {
        let current = key == comparison.sub_project.as_ref().map(|s| s.key.clone());
        let href = match &key {
            Some(k) => format!("{base}?sub={k}"),
            None => base.clone(),
        };
        view! { <li><a href=href aria-current=current.then_some("page")>{name}</a></li> }
    })
    .collect_view();
    let columns = comparison.columns.clone();
    let headings = columns
        .iter()
        .map(|&h| view! { <th scope="col">{move || half_year_label(i18n.get_locale(), h)}</th> })
        .collect_view();
    let rows = comparison
        .rows
        .iter()
        .map(|row| {
            let change = row.change;
            let cells = (0..columns.len())
                .map(|i| {
                    let (b, c, a, d) = (row.baseline[i], row.current[i], row.actual[i], row.deviation[i]);
                    let h = columns[i];
                    let state = match d {
                        Some(-1) => "behind",
                        Some(1) => "ahead",
                        Some(_) => "as-planned",
                        None => "",
                    };
                    let label = move || {
                        let locale = i18n.get_locale();
                        let mut text = format!(
                            "{}: {}",
                            half_year_label(locale, h),
                            td_string!(locale, compare_cell, baseline = b, current = c)
                        );
                        if let Some(a) = a {
                            text.push_str(&format!(", {}", td_string!(locale, actual_label, count = a)));
                        }
                        match d {
                            Some(-1) => text.push_str(&format!(" – {}", td_string!(locale, deviation_behind))),
                            Some(1) => text.push_str(&format!(" – {}", td_string!(locale, deviation_ahead))),
                            _ => {}
                        }
                        text
                    };
                    view! {
                        <td class="compare-cell" data-deviation=state data-baseline=b data-current=c data-actual=a.map(|a| a.to_string()).unwrap_or_default() aria-label=label>
                            <span class="baseline-marks" aria-hidden="true">{"x".repeat(usize::from(b))}</span>
                            <span class="current-marks" aria-hidden="true">{"x".repeat(usize::from(c))}</span>
                            <span class="actual" aria-hidden="true">{a.map(|a| "✓".repeat(usize::from(a)))}</span>
                            <span class="deviation-sign" aria-hidden="true">{match d { Some(-1) => "▼", Some(1) => "▲", _ => "" }}</span>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr data-activity-key=row.key.clone() data-change=format!("{change:?}").to_lowercase()>
                    <th scope="row">
                        {row.name.clone()}
                        {move || change_label(i18n.get_locale(), change).map(|l| view! { <span class="badge">{l}</span> })}
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let summary = comparison.summary.clone();
    let list = |names: Vec<String>| names.join(", ");
    let baseline_date = comparison.baseline.date;
    view! {
        <section class="page comparison-page">
            <h1>
                <span class="eyebrow">{tr!(i18n, compare_heading)}</span>
                <span class="plan-title">{comparison.baseline.name.clone()}</span>
            </h1>
            <p class="muted">{move || td_string!(i18n.get_locale(), compare_intro, date = format_date(i18n.get_locale(), baseline_date))}</p>
            <AsOfBanner view=comparison.view.clone() />
            <nav class="plan-scopes" aria-label=tr!(i18n, plan_scopes)><ul>{scopes}</ul></nav>
            <section class="comparison-summary" aria-labelledby="summary-heading">
                <h2 id="summary-heading">{tr!(i18n, summary_heading)}</h2>
                <dl>
                    <dt>{tr!(i18n, change_added)}</dt><dd data-summary="added">{list(summary.added)}</dd>
                    <dt>{tr!(i18n, change_archived)}</dt><dd data-summary="archived">{list(summary.archived)}</dd>
                    <dt>{tr!(i18n, change_moved)}</dt><dd data-summary="moved">{list(summary.moved)}</dd>
                    <dt>{tr!(i18n, deviation_behind)}</dt><dd data-summary="behind">{summary.cells_behind}</dd>
                    <dt>{tr!(i18n, deviation_ahead)}</dt><dd data-summary="ahead">{summary.cells_ahead}</dd>
                </dl>
            </section>
            // Scrollable sideways on narrow screens: reachable by keyboard.
            <div class="table-scroll" tabindex="0" role="region" aria-label=comparison.baseline.name.clone()>
                <table class="plan comparison">
                    <caption class="visually-hidden">{comparison.baseline.name.clone()}</caption>
                    <thead><tr><th scope="col">{tr!(i18n, activities)}</th>{headings}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="legend muted">{tr!(i18n, compare_legend)}</p>
        </section>
    }
}
