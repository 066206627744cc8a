use chrono::NaiveDate;
use leptos::prelude::*;

use crate::dates::{format_date, format_date_range};
use crate::domain::{
    Cadence, MeetingKind, Milestone, MilestoneKind, MilestoneStatus, ProjectStatus, Schedule,
    SubProjectRef,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{AsOfBanner, Loading, save_then_reload, show_page, use_as_of_param};
use crate::project::{ProjectNav, status_label, use_project_key};

use super::inputs::{MilestoneInput, NewStatusStatement, OutcomeInput, SeriesInput};
use super::{
    add_status_statement, archive_milestone, archive_series, get_schedule, save_milestone,
    save_series, set_meeting_outcome,
};
use crate::domain::VersionOnly;
use crate::domain::{ArchivedRecord, MeetingOutcome, MeetingSeries};

#[component]
pub fn SchedulePage() -> impl IntoView {
    let key = use_project_key();
    let as_of = use_as_of_param();
    let schedule = crate::wire::resource(
        move || (key.get(), as_of.get()),
        |(key, as_of)| get_schedule(key, as_of),
    );
    let reload = Callback::new(move |_: ()| schedule.refetch());
    view! {
        <ProjectNav />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show_page(schedule.await, move |schedule| view! { <ScheduleView schedule reload /> })
            })}
        </Transition>
    }
}

pub fn milestone_kind_label(locale: Locale, kind: MilestoneKind) -> &'static str {
    match kind {
        MilestoneKind::Gathering => td_string!(locale, milestone_gathering),
        MilestoneKind::Seminar => td_string!(locale, milestone_seminar),
        MilestoneKind::Report => td_string!(locale, milestone_report),
        MilestoneKind::Other => td_string!(locale, milestone_other),
    }
}

pub fn meeting_kind_label(locale: Locale, kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Collaboration => td_string!(locale, meeting_collaboration),
        MeetingKind::Network => td_string!(locale, meeting_network),
        MeetingKind::Steering => td_string!(locale, meeting_steering),
        MeetingKind::Other => td_string!(locale, meeting_other),
    }
}

fn cadence_label(locale: Locale, cadence: Cadence) -> &'static str {
    match cadence {
        Cadence::Monthly => td_string!(locale, cadence_monthly),
        Cadence::Quarterly => td_string!(locale, cadence_quarterly),
        Cadence::HalfYearly => td_string!(locale, cadence_half_yearly),
    }
}

/// Who a dated thing belongs to: a sub-project, or the whole project.
fn owner_label(locale: Locale, owner: &Option<SubProjectRef>) -> String {
    match owner {
        Some(sub) => sub.name.clone(),
        None => td_string!(locale, whole_project).to_owned(),
    }
}

pub fn milestone_status_label(locale: Locale, status: MilestoneStatus) -> &'static str {
    match status {
        MilestoneStatus::Planned => td_string!(locale, milestone_planned),
        MilestoneStatus::Held => td_string!(locale, milestone_held),
        MilestoneStatus::Moved => td_string!(locale, milestone_moved),
        MilestoneStatus::Cancelled => td_string!(locale, milestone_cancelled),
    }
}

fn date_input(text: String) -> Option<NaiveDate> {
    let text = text.trim().to_owned();
    if text.is_empty() {
        None
    } else {
        text.parse().ok()
    }
}

#[component]
fn ScheduleView(schedule: Schedule, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let view_info = schedule.view.clone();
    // Forms only for those who may save them, and only for the present.
    let editable = view_info.as_of.is_now() && view_info.access.can_edit_any();
    let project = StoredValue::new(schedule.project_key.clone());
    let sub_projects = schedule.sub_projects.clone();
    let milestones = schedule
        .milestones
        .into_iter()
        .map(|m| {
            let (first, last, kind, status) = (m.first_day, m.last_day, m.kind, m.status);
            let owner = m.sub_project.clone();
            let actual = m.actual_first_day.zip(m.actual_last_day);
            view! {
                <li class="milestone" data-kind=kind.code() data-key=m.key.clone() data-status=status.code()>
                    <time datetime=first.to_string() class="when">
                        {move || format_date_range(i18n.get_locale(), first, last)}
                    </time>
                    <strong class="what">{m.name.clone()}</strong>
                    <span class="muted">
                        {move || milestone_kind_label(i18n.get_locale(), kind)}
                        {(!m.place.is_empty()).then(|| format!(" · {}", m.place))}
                        " · " {move || owner_label(i18n.get_locale(), &owner)}
                    </span>
                    <span class=format!("status-badge milestone-{}", status.code())>
                        {move || milestone_status_label(i18n.get_locale(), status)}
                        {actual.filter(|_| status == MilestoneStatus::Held).map(|(a, b)| view! {
                            " " {move || format_date_range(i18n.get_locale(), a, b)}
                        })}
                    </span>
                    {editable.then(|| view! { <MilestoneForm project milestone=m.clone() reload /> })}
                </li>
            }
        })
        .collect_view();

    let meetings = schedule
        .meeting_series
        .into_iter()
        .map(|s| {
            let (first, last, kind, cadence) = (s.first_date, s.last_date, s.kind, s.cadence);
            let owner = s.sub_project.clone();
            let series_key = StoredValue::new(s.key.clone());
            let series_subs = sub_projects.clone();
            let (series_name, series_version) = (s.name.clone(), s.version);
            let held_count = s.outcomes.iter().filter(|o| o.held).count();
            let dates = s
                .occurrences
                .iter()
                .map(|&d| {
                    let outcome = s.outcomes.iter().find(|o| o.date == d).cloned();
                    let held = outcome.as_ref().map(|o| o.held);
                    let note = outcome.as_ref().map(|o| o.note.clone()).unwrap_or_default();
                    let actual = outcome.as_ref().and_then(|o| o.actual_date);
                    view! {
                        <li data-date=d.to_string() data-held=held.map(|h| h.to_string()).unwrap_or_default()>
                            <time datetime=d.to_string()>{move || format_date(i18n.get_locale(), d)}</time>
                            {match held {
                                Some(true) => view! { " ✓ " <span class="visually-hidden">{tr!(i18n, meeting_held)}</span> }.into_any(),
                                Some(false) => view! { " ✗ " <span class="visually-hidden">{tr!(i18n, meeting_not_held)}</span> }.into_any(),
                                None => ().into_any(),
                            }}
                            {actual.filter(|a| *a != d).map(|a| view! { <span class="muted">" → " {move || format_date(i18n.get_locale(), a)}</span> })}
                            {(!note.is_empty()).then(|| view! { <span class="muted">" " {note.clone()}</span> })}
                            {editable.then(|| view! { <OutcomeForm project series=series_key date=d outcome=outcome.clone() reload /> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="meeting-series" data-kind=kind.code() data-key=s.key.clone()>
                    <strong>{s.name.clone()}</strong>
                    <span class="muted">
                        {move || meeting_kind_label(i18n.get_locale(), kind)} ", "
                        {move || cadence_label(i18n.get_locale(), cadence)} " · "
                        {move || format_date_range(i18n.get_locale(), first, last)} " · "
                        {move || owner_label(i18n.get_locale(), &owner)}
                    </span>
                    {(!s.note.is_empty()).then(|| view! { <p class="note">{s.note.clone()}</p> })}
                    {editable.then(|| view! {
                        <SeriesForm project sub_projects=series_subs.clone() series=s.clone() reload>
                            <ArchiveButton
                                label=|l| td_string!(l, archive_series)
                                name=series_name.clone()
                                write=move || archive_series(project.get_value(), series_key.get_value(), true, VersionOnly { version: series_version })
                                reload
                            />
                        </SeriesForm>
                    })}
                    <details class="occurrences-list">
                        <summary>{tr!(i18n, occurrences)} " (" {s.occurrences.len()} ", " {move || td_string!(i18n.get_locale(), held_count, count = held_count)} ")"</summary>
                        <ol class="occurrences">{dates}</ol>
                    </details>
                </li>
            }
        })
        .collect_view();

    let statuses = schedule
        .status_statements
        .into_iter()
        .map(|s| {
            let (date, status) = (s.date, s.status);
            view! {
                <li class="status-statement" data-key=s.key.clone()>
                    <time datetime=date.to_string()>{move || format_date(i18n.get_locale(), date)}</time>
                    " "
                    <span class=format!("status-badge status-{}", status.code())>
                        {move || status_label(i18n.get_locale(), status)}
                    </span>
                    <p>{s.text.clone()}</p>
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="page schedule">
            {view! { <AsOfBanner view=view_info /> }.into_any()}
            <h1>{tr!(i18n, nav_schedule)}</h1>
            <h2>{tr!(i18n, milestones)}</h2>
            <ol class="milestones">{milestones}</ol>
            {editable.then(|| view! { <NewMilestoneForm project sub_projects=sub_projects.clone() reload /> }.into_any())}
            <h2>{tr!(i18n, meetings)}</h2>
            <ul class="meetings">{meetings}</ul>
            {editable.then(|| view! { <SeriesForm project sub_projects=sub_projects.clone() reload /> }.into_any())}
            {editable.then(|| view! {
                <ArchivedItems
                    heading=|l| td_string!(l, archived_milestones)
                    items=schedule.archived_milestones.clone()
                    restore=move |key, version| archive_milestone(project.get_value(), key, false, VersionOnly { version })
                    reload
                />
                <ArchivedItems
                    heading=|l| td_string!(l, archived_series)
                    items=schedule.archived_series.clone()
                    restore=move |key, version| archive_series(project.get_value(), key, false, VersionOnly { version })
                    reload
                />
            }.into_any())}
            <h2>{tr!(i18n, status_statements)}</h2>
            {editable.then(|| view! { <StatusForm project reload /> }.into_any())}
            <ul class="statuses">{statuses}</ul>
        </section>
    }
}

/// Held on which days, moved to which, or cancelled.
#[component]
fn MilestoneForm(
    project: StoredValue<String>,
    milestone: Milestone,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(milestone.status);
    let first = RwSignal::new(milestone.first_day.to_string());
    let last = RwSignal::new(milestone.last_day.to_string());
    let actual_first = RwSignal::new(
        milestone
            .actual_first_day
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let actual_last = RwSignal::new(
        milestone
            .actual_last_day
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<AppError>);
    let m = StoredValue::new(milestone);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let m = m.get_value();
        let Some(first_day) = date_input(first.get_untracked()) else {
            error.set(Some(AppError::invalid("first_day", "choose a date")));
            return;
        };
        let input = MilestoneInput {
            sub_project: m.sub_project.as_ref().map(|s| s.key.clone()),
            name: m.name.clone(),
            kind: m.kind,
            first_day,
            last_day: date_input(last.get_untracked()),
            place: m.place.clone(),
            description: m.description.clone(),
            status: status.get_untracked(),
            actual_first_day: date_input(actual_first.get_untracked()),
            actual_last_day: date_input(actual_last.get_untracked()),
            version: m.version,
        };
        save_then_reload(
            save_milestone(project.get_value(), Some(m.key.clone()), input),
            error,
            reload,
            || {},
        );
    };
    let key = m.with_value(|m| m.key.clone());
    let field = move |name: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(name))
                .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
        }
    };
    view! {
        <details class="milestone-edit">
            <summary>{tr!(i18n, edit)}</summary>
            <form on:submit=submit>
                <label>
                    {tr!(i18n, activity_status)}
                    <select name="status" on:change=move |e| if let Some(s) = MilestoneStatus::from_code(&event_target_value(&e)) { status.set(s) }>
                        {MilestoneStatus::ALL.iter().map(|&s| view! {
                            <option value=s.code() selected=move || status.get() == s>{move || milestone_status_label(i18n.get_locale(), s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{tr!(i18n, planned_first_day)}<input type="date" name="first_day" bind:value=first /></label>
                <label>{tr!(i18n, planned_last_day)}<input type="date" name="last_day" bind:value=last /></label>
                {field("last_day")}
                <label>{tr!(i18n, actual_start)}<input type="date" name="actual_first_day" bind:value=actual_first /></label>
                <label>{tr!(i18n, actual_end)}<input type="date" name="actual_last_day" bind:value=actual_last /></label>
                {field("actual_last_day")}
                <button type="submit" data-milestone=key>{tr!(i18n, save)}</button>
                {move || error.get().filter(|e| !matches!(e.field(), Some("last_day" | "actual_last_day"))).map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            </form>
            <ArchiveButton
                label=|l| td_string!(l, archive_milestone)
                name=m.with_value(|m| m.name.clone())
                write=move || m.with_value(|m| archive_milestone(project.get_value(), m.key.clone(), true, VersionOnly { version: m.version }))
                reload
            />
        </details>
    }
}

#[component]
fn StatusForm(project: StoredValue<String>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let date = RwSignal::new(String::new());
    let status = RwSignal::new(ProjectStatus::OnTrack);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(day) = date_input(date.get_untracked()) else {
            error.set(Some(AppError::invalid("date", "choose a date")));
            return;
        };
        let input = NewStatusStatement {
            sub_project: None,
            date: day,
            status: status.get_untracked(),
            text: text.get_untracked(),
        };
        save_then_reload(
            add_status_statement(project.get_value(), input),
            error,
            reload,
            move || {
                text.set(String::new());
            },
        );
    };
    let field = move |name: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(name))
                .map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
        }
    };
    view! {
        <form class="status-form" on:submit=submit>
            <h3>{tr!(i18n, new_status_heading)}</h3>
            <label>{tr!(i18n, baseline_date)}<input type="date" name="date" bind:value=date /></label>
            {field("date")}
            <label>
                {tr!(i18n, activity_status)}
                <select name="status" on:change=move |e| if let Some(s) = ProjectStatus::from_code(&event_target_value(&e)) { status.set(s) }>
                    {ProjectStatus::ALL.iter().map(|&s| view! {
                        <option value=s.code() selected=move || status.get() == s>{move || status_label(i18n.get_locale(), s)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{tr!(i18n, status_text)}<textarea name="text" rows="3" bind:value=text></textarea></label>
            {field("text")}
            <button type="submit">{tr!(i18n, add_status)}</button>
        </form>
    }
}

/// Options for "whose is it": the whole project, then each sub-project.
fn owner_options(sub_projects: &[SubProjectRef], selected: Option<&str>) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let subs = sub_projects
        .iter()
        .map(|s| view! { <option value=s.key.clone() selected=selected == Some(s.key.as_str())>{s.name.clone()}</option> })
        .collect_view();
    view! {
        <option value="">{tr!(i18n, whole_project)}</option>
        {subs}
    }
}

fn owner_of(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

#[component]
fn NewMilestoneForm(
    project: StoredValue<String>,
    sub_projects: Vec<SubProjectRef>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(MilestoneKind::Gathering);
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(first_day) = date_input(first.get_untracked()) else {
            error.set(Some(AppError::invalid("first_day", "choose a date")));
            return;
        };
        let input = MilestoneInput {
            sub_project: owner_of(owner.get_untracked()),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            first_day,
            last_day: date_input(last.get_untracked()),
            place: String::new(),
            description: String::new(),
            status: MilestoneStatus::Planned,
            actual_first_day: None,
            actual_last_day: None,
            version: 0,
        };
        save_then_reload(
            save_milestone(project.get_value(), None, input),
            error,
            reload,
            move || {
                name.set(String::new());
            },
        );
    };
    view! {
        <details class="new-milestone">
            <summary>{tr!(i18n, new_milestone)}</summary>
            <form on:submit=submit>
                <label>{tr!(i18n, facts_name)}<input name="name" bind:value=name /></label>
                <label>
                    {tr!(i18n, milestone_kind)}
                    <select name="kind" on:change=move |e| if let Some(k) = MilestoneKind::from_code(&event_target_value(&e)) { kind.set(k) }>
                        {MilestoneKind::ALL.iter().map(|&k| view! { <option value=k.code()>{move || milestone_kind_label(i18n.get_locale(), k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{tr!(i18n, planned_first_day)}<input type="date" name="first_day" bind:value=first /></label>
                <label>{tr!(i18n, planned_last_day)}<input type="date" name="last_day" bind:value=last /></label>
                <label>
                    {tr!(i18n, belongs_to)}
                    <select name="sub_project" on:change=move |e| owner.set(event_target_value(&e))>{owner_options(&sub_projects, None)}</select>
                </label>
                <button type="submit">{tr!(i18n, add_milestone)}</button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            </form>
        </details>
    }
}

#[component]
fn SeriesForm(
    project: StoredValue<String>,
    sub_projects: Vec<SubProjectRef>,
    /// The series to edit; none for a new one.
    #[prop(optional)]
    series: Option<MeetingSeries>,
    reload: Callback<()>,
    /// Shown under the form: the series' archive button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = series.is_some();
    let initial_owner = series
        .as_ref()
        .and_then(|s| s.sub_project.as_ref().map(|o| o.key.clone()));
    let name = RwSignal::new(series.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(
        series
            .as_ref()
            .map_or(MeetingKind::Collaboration, |s| s.kind),
    );
    let cadence = RwSignal::new(series.as_ref().map_or(Cadence::Quarterly, |s| s.cadence));
    let first = RwSignal::new(
        series
            .as_ref()
            .map(|s| s.first_date.to_string())
            .unwrap_or_default(),
    );
    let last = RwSignal::new(
        series
            .as_ref()
            .map(|s| s.last_date.to_string())
            .unwrap_or_default(),
    );
    let note = RwSignal::new(series.as_ref().map(|s| s.note.clone()).unwrap_or_default());
    let owner = RwSignal::new(initial_owner.clone().unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let target = StoredValue::new(series.as_ref().map(|s| (s.key.clone(), s.version)));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (Some(first_date), Some(last_date)) = (
            date_input(first.get_untracked()),
            date_input(last.get_untracked()),
        ) else {
            error.set(Some(AppError::invalid("last_date", "choose both dates")));
            return;
        };
        let (key, version) = target.get_value().map_or((None, 0), |(k, v)| (Some(k), v));
        let input = SeriesInput {
            sub_project: owner_of(owner.get_untracked()),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            cadence: cadence.get_untracked(),
            first_date,
            last_date,
            note: note.get_untracked(),
            version,
        };
        save_then_reload(
            save_series(project.get_value(), key, input),
            error,
            reload,
            move || {
                if !editing {
                    name.set(String::new());
                }
            },
        );
    };
    view! {
        <details class=if editing { "series-edit" } else { "new-series" }>
            <summary>{if editing { tr!(i18n, edit).into_any() } else { tr!(i18n, new_series).into_any() }}</summary>
            <form on:submit=submit>
                <label>{tr!(i18n, facts_name)}<input name="name" bind:value=name /></label>
                <label>
                    {tr!(i18n, milestone_kind)}
                    <select name="kind" on:change=move |e| if let Some(k) = MeetingKind::from_code(&event_target_value(&e)) { kind.set(k) }>
                        {MeetingKind::ALL.iter().map(|&k| view! { <option value=k.code() selected=move || kind.get() == k>{move || meeting_kind_label(i18n.get_locale(), k)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    {tr!(i18n, cadence)}
                    <select name="cadence" on:change=move |e| if let Some(c) = Cadence::from_code(&event_target_value(&e)) { cadence.set(c) }>
                        {Cadence::ALL.iter().map(|&c| view! { <option value=c.code() selected=move || cadence.get() == c>{move || cadence_label(i18n.get_locale(), c)}</option> }).collect_view()}
                    </select>
                </label>
                <label>{tr!(i18n, period_start)}<input type="date" name="first_date" bind:value=first /></label>
                <label>{tr!(i18n, period_end)}<input type="date" name="last_date" bind:value=last /></label>
                <label>
                    {tr!(i18n, belongs_to)}
                    <select name="sub_project" on:change=move |e| owner.set(event_target_value(&e))>{owner_options(&sub_projects, initial_owner.as_deref())}</select>
                </label>
                <label>{tr!(i18n, series_note)}<textarea name="note" rows="2" bind:value=note></textarea></label>
                <button type="submit">{if editing { tr!(i18n, save).into_any() } else { tr!(i18n, add_series).into_any() }}</button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            </form>
            {children.map(|c| c())}
        </details>
    }
}

/// Archives one item: it leaves the schedule and is listed for restoring.
#[component]
fn ArchiveButton<W, F>(
    label: fn(Locale) -> &'static str,
    /// The item's name, for the button's accessible name.
    name: String,
    write: W,
    reload: Callback<()>,
) -> impl IntoView
where
    W: Fn() -> F + Copy + Send + Sync + 'static,
    F: std::future::Future<Output = Result<crate::domain::Saved, AppError>> + 'static,
{
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let click = move |_| {
        save_then_reload(write(), error, reload, || {});
    };
    view! {
        <button
            type="button"
            class="danger archive"
            aria-label=move || format!("{}: {name}", label(i18n.get_locale()))
            on:click=click
        >
            {move || label(i18n.get_locale())}
        </button>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
    }
}

/// Archived milestones or meeting series, each with a button to restore it.
#[component]
fn ArchivedItems<R, F>(
    heading: fn(Locale) -> &'static str,
    items: Vec<ArchivedRecord>,
    restore: R,
    reload: Callback<()>,
) -> impl IntoView
where
    R: Fn(String, i32) -> F + Copy + Send + Sync + 'static,
    F: std::future::Future<Output = Result<crate::domain::Saved, AppError>> + 'static,
{
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    (!items.is_empty()).then(|| {
        let list = items
            .into_iter()
            .map(|item| {
                let key = item.key.clone();
                let name = item.name.clone();
                let click = move |_| {
                    let key = key.clone();
                    save_then_reload(restore(key, item.version), error, reload, || {});
                };
                view! {
                    <li data-key=item.key.clone()>
                        {item.name.clone()} " "
                        <button
                            type="button"
                            aria-label=move || format!("{}: {name}", td_string!(i18n.get_locale(), restore))
                            on:click=click
                        >
                            {tr!(i18n, restore)}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="archived">
                <h3>{move || heading(i18n.get_locale())}</h3>
                <ul>{list}</ul>
                <p class="field-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
            </section>
        }
    })
}

/// Whether one meeting of a series was held (saved at once when ticked),
/// and on which day it actually took place, with a note.
#[component]
fn OutcomeForm(
    project: StoredValue<String>,
    series: StoredValue<String>,
    date: NaiveDate,
    outcome: Option<MeetingOutcome>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let held = RwSignal::new(outcome.as_ref().is_some_and(|o| o.held));
    let actual = RwSignal::new(
        outcome
            .as_ref()
            .and_then(|o| o.actual_date)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let note = RwSignal::new(outcome.as_ref().map(|o| o.note.clone()).unwrap_or_default());
    let version = outcome.as_ref().map_or(0, |o| o.version);
    let error = RwSignal::new(None::<AppError>);
    let save = move || {
        let input = OutcomeInput {
            date,
            held: held.get_untracked(),
            actual_date: date_input(actual.get_untracked()),
            note: note.get_untracked(),
            version,
        };
        save_then_reload(
            set_meeting_outcome(project.get_value(), series.get_value(), input),
            error,
            reload,
            || {},
        );
    };
    let id = format!("held-{}-{date}", series.get_value());
    view! {
        " "
        <input
            type="checkbox"
            id=id.clone()
            prop:checked=move || held.get()
            on:change=move |e| {
                held.set(event_target_checked(&e));
                save();
            }
        />
        <label for=id>{tr!(i18n, meeting_held)}</label>
        <details class="outcome-edit">
            <summary>
                {tr!(i18n, edit)}
                <span class="visually-hidden">" " {move || format_date(i18n.get_locale(), date)}</span>
            </summary>
            <form on:submit=move |e: leptos::ev::SubmitEvent| {
                e.prevent_default();
                save();
            }>
                <label>
                    {tr!(i18n, actual_date)}
                    <input type="date" name="actual_date" bind:value=actual />
                </label>
                <label>
                    {tr!(i18n, meeting_note)}
                    <input name="note" bind:value=note />
                </label>
                <button type="submit">{tr!(i18n, save_meeting)}</button>
            </form>
        </details>
        {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e.to_string()}</span> })}
    }
}
