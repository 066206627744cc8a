use leptos::prelude::*;

use crate::domain::{
    Cadence, MeetingKind, MilestoneKind, Schedule, SubProjectRef, format_date, format_date_range,
};
use crate::i18n::*;
use crate::layout::{AsOfBanner, Loading, show, use_as_of_param};
use crate::project::{ProjectNav, status_label, use_project_key};

use super::get_schedule;

#[component]
pub fn SchedulePage() -> impl IntoView {
    let key = use_project_key();
    let as_of = use_as_of_param();
    let schedule = Resource::new(
        move || (key.get(), as_of.get()),
        |(key, as_of)| get_schedule(key, as_of),
    );
    view! {
        <ProjectNav />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                show(schedule.await, |schedule| view! { <ScheduleView schedule /> })
            })}
        </Suspense>
    }
}

fn milestone_kind_label(locale: Locale, kind: MilestoneKind) -> &'static str {
    match kind {
        MilestoneKind::Gathering => td_string!(locale, milestone_gathering),
        MilestoneKind::Seminar => td_string!(locale, milestone_seminar),
        MilestoneKind::Report => td_string!(locale, milestone_report),
        MilestoneKind::Other => td_string!(locale, milestone_other),
    }
}

fn meeting_kind_label(locale: Locale, kind: MeetingKind) -> &'static str {
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

#[component]
fn ScheduleView(schedule: Schedule) -> impl IntoView {
    let i18n = use_i18n();
    let view_info = schedule.view.clone();
    let milestones = schedule
        .milestones
        .into_iter()
        .map(|m| {
            let (first, last, kind) = (m.first_day, m.last_day, m.kind);
            let owner = m.sub_project.clone();
            view! {
                <li class="milestone" data-kind=kind.code()>
                    <time datetime=first.to_string() class="when">
                        {move || format_date_range(i18n.get_locale(), first, last)}
                    </time>
                    <strong class="what">{m.name.clone()}</strong>
                    <span class="muted">
                        {move || milestone_kind_label(i18n.get_locale(), kind)}
                        {(!m.place.is_empty()).then(|| format!(" · {}", m.place))}
                        " · " {move || owner_label(i18n.get_locale(), &owner)}
                    </span>
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
            let dates = s
                .occurrences
                .iter()
                .map(|&d| view! { <li><time datetime=d.to_string()>{move || format_date(i18n.get_locale(), d)}</time></li> })
                .collect_view();
            view! {
                <li class="meeting-series" data-kind=kind.code()>
                    <strong>{s.name.clone()}</strong>
                    <span class="muted">
                        {move || meeting_kind_label(i18n.get_locale(), kind)} ", "
                        {move || cadence_label(i18n.get_locale(), cadence)} " · "
                        {move || format_date_range(i18n.get_locale(), first, last)} " · "
                        {move || owner_label(i18n.get_locale(), &owner)}
                    </span>
                    {(!s.note.is_empty()).then(|| view! { <p class="note">{s.note.clone()}</p> })}
                    <details>
                        <summary>{t!(i18n, occurrences)} " (" {s.occurrences.len()} ")"</summary>
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
                <li class="status-statement">
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
            <AsOfBanner view=view_info />
            <h1>{t!(i18n, nav_schedule)}</h1>
            <h2>{t!(i18n, milestones)}</h2>
            <ol class="milestones">{milestones}</ol>
            <h2>{t!(i18n, meetings)}</h2>
            <ul class="meetings">{meetings}</ul>
            <h2>{t!(i18n, status_statements)}</h2>
            <ul class="statuses">{statuses}</ul>
        </section>
    }
}
