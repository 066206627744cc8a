//! The timeline drawn as HTML on the server, in the reader's language. The
//! page places it as it is; its links are ordinary links and its filter an
//! ordinary form, so the browser needs no code for it.

use chrono::{Days, NaiveDate};
use leptos::prelude::*;

use crate::dates::{format_date, format_date_range};
use crate::i18n::*;
use crate::plan::half_year_label;
use crate::project::status_label;
use crate::schedule::{meeting_kind_label, milestone_kind_label, milestone_status_label};

use super::queries::{Entry, MeetingState, MilestoneState, Timeline, What};
use super::{COMING_UP_DAYS, EntryKind};

fn kind_label(locale: Locale, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Milestone => td_string!(locale, timeline_kind_milestone),
        EntryKind::Meeting => td_string!(locale, timeline_kind_meeting),
        EntryKind::Status => td_string!(locale, timeline_kind_status),
        EntryKind::Baseline => td_string!(locale, timeline_kind_baseline),
        EntryKind::Plan => td_string!(locale, timeline_kind_plan),
    }
}

fn badge(locale: Locale, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Milestone => td_string!(locale, timeline_badge_milestone),
        EntryKind::Meeting => td_string!(locale, timeline_badge_meeting),
        EntryKind::Status => td_string!(locale, timeline_badge_status),
        EntryKind::Baseline => td_string!(locale, timeline_badge_baseline),
        EntryKind::Plan => td_string!(locale, timeline_badge_plan),
    }
}

pub(crate) fn milestone_state_label(locale: Locale, state: MilestoneState) -> &'static str {
    match state {
        MilestoneState::Planned => {
            milestone_status_label(locale, crate::domain::MilestoneStatus::Planned)
        }
        MilestoneState::Held => {
            milestone_status_label(locale, crate::domain::MilestoneStatus::Held)
        }
        MilestoneState::Moved => {
            milestone_status_label(locale, crate::domain::MilestoneStatus::Moved)
        }
        MilestoneState::Cancelled => {
            milestone_status_label(locale, crate::domain::MilestoneStatus::Cancelled)
        }
        MilestoneState::Late => td_string!(locale, timeline_milestone_late),
    }
}

fn meeting_state_label(locale: Locale, state: MeetingState) -> &'static str {
    match state {
        MeetingState::Held => td_string!(locale, timeline_meeting_held),
        MeetingState::NotHeld => td_string!(locale, timeline_meeting_not_held),
        MeetingState::NotYet => td_string!(locale, timeline_meeting_not_yet),
        MeetingState::NotRecorded => td_string!(locale, timeline_meeting_not_recorded),
    }
}

/// A state word and whether it is bad news, for the entry's mark.
pub(super) fn state_of(locale: Locale, what: &What) -> Option<(&'static str, &'static str)> {
    match what {
        What::Milestone { state, .. } => Some((
            milestone_state_label(locale, *state),
            match state {
                MilestoneState::Late | MilestoneState::Cancelled => "bad",
                MilestoneState::Held => "good",
                _ => "neutral",
            },
        )),
        What::Meeting { state, .. } => Some((
            meeting_state_label(locale, *state),
            match state {
                MeetingState::NotHeld | MeetingState::NotRecorded => "bad",
                MeetingState::Held => "good",
                MeetingState::NotYet => "neutral",
            },
        )),
        What::Status(statement) => Some((
            status_label(locale, statement.status),
            match statement.status {
                crate::domain::ProjectStatus::OnTrack => "good",
                _ => "bad",
            },
        )),
        _ => None,
    }
}

fn title_of(locale: Locale, what: &What) -> String {
    match what {
        What::Milestone { milestone, .. } => milestone.name.clone(),
        What::Meeting { series_name, .. } => series_name.clone(),
        What::Status(_) => td_string!(locale, timeline_status_title).to_owned(),
        What::Baseline(baseline) => td_string!(
            locale,
            timeline_baseline_taken,
            name = baseline.name.clone()
        )
        .to_string(),
        What::HalfYearBegins(half_year) => td_string!(
            locale,
            timeline_half_year_begins,
            half_year = half_year_label(locale, *half_year)
        )
        .to_string(),
        What::ProjectStarts => td_string!(locale, timeline_project_starts).to_owned(),
        What::ProjectEnds => td_string!(locale, timeline_project_ends).to_owned(),
    }
}

/// The lines under an entry's title: kind, place, where it was moved
/// from, notes, the statement's text.
pub(super) fn details_of(locale: Locale, entry: &Entry) -> Vec<String> {
    let mut lines = Vec::new();
    match &entry.what {
        What::Milestone {
            milestone,
            moved_from,
            ..
        } => {
            let mut line = milestone_kind_label(locale, milestone.kind).to_owned();
            if !milestone.place.is_empty() {
                line = format!("{line} · {}", milestone.place);
            }
            lines.push(line);
            if let Some((first, last)) = moved_from {
                lines.push(
                    td_string!(
                        locale,
                        timeline_moved_from,
                        days = format_date_range(locale, *first, *last)
                    )
                    .to_string(),
                );
            }
        }
        What::Meeting {
            kind,
            planned,
            state,
            note,
            ..
        } => {
            lines.push(meeting_kind_label(locale, *kind).to_owned());
            if *state == MeetingState::Held && *planned != entry.day {
                lines.push(
                    td_string!(
                        locale,
                        timeline_meeting_planned,
                        date = format_date(locale, *planned)
                    )
                    .to_string(),
                );
            }
            if !note.is_empty() {
                lines.push(note.clone());
            }
        }
        What::Status(statement) => lines.push(statement.text.clone()),
        _ => {}
    }
    lines
}

#[component]
fn EntryItem(locale: Locale, entry: Entry) -> impl IntoView {
    let kind = entry.what.kind();
    let when = format_date_range(locale, entry.day, entry.last_day);
    let title = title_of(locale, &entry.what);
    let details = details_of(locale, &entry);
    let state = state_of(locale, &entry.what);
    let data_state = match &entry.what {
        What::Milestone { state, .. } => format!("{state:?}").to_lowercase(),
        What::Meeting { state, .. } => format!("{state:?}").to_lowercase(),
        What::Status(statement) => statement.status.code().to_owned(),
        _ => String::new(),
    };
    let owner = match &entry.sub_project {
        Some(sub) => sub.name.clone(),
        None => td_string!(locale, whole_project).to_owned(),
    };
    view! {
        <li class="timeline-entry" data-kind=kind.code() data-state=data_state>
            <time datetime=entry.day.to_string()>{when}</time>
            <div class="timeline-what">
                <p class="timeline-title">
                    <span class="timeline-badge">{badge(locale, kind)}</span>
                    " "
                    <strong>{title}</strong>
                    {state.map(|(word, tone)| view! {
                        " " <span class=format!("timeline-state {tone}")>{word}</span>
                    })}
                </p>
                <p class="timeline-owner muted">{owner}</p>
                {details.into_iter().map(|line| view! { <p class="timeline-detail">{line}</p> }).collect_view()}
            </div>
        </li>
    }
}

fn list(locale: Locale, entries: Vec<Entry>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {entries.into_iter().map(|entry| view! { <EntryItem locale entry /> }).collect_view()}
        </ol>
    }
}

/// The filter: an ordinary form that asks the page again.
fn filter_form(locale: Locale, timeline: &Timeline) -> impl IntoView {
    let chosen = &timeline.filter;
    let sub_options = {
        let mut options = vec![(
            "all".to_owned(),
            td_string!(locale, timeline_all_sub_projects).to_owned(),
        )];
        if !timeline.mine.is_empty() {
            options.push((
                "mine".to_owned(),
                td_string!(locale, timeline_mine).to_owned(),
            ));
        }
        options.extend(
            timeline
                .sub_projects
                .iter()
                .map(|s| (s.key.clone(), s.name.clone())),
        );
        options
    };
    let partner_options = std::iter::once((
        String::new(),
        td_string!(locale, timeline_all_partners).to_owned(),
    ))
    .chain(timeline.partners.iter().cloned())
    .collect::<Vec<_>>();
    let kind_options = std::iter::once((
        "all".to_owned(),
        td_string!(locale, timeline_all_kinds).to_owned(),
    ))
    .chain(
        EntryKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), kind_label(locale, *k).to_owned())),
    )
    .collect::<Vec<_>>();
    let option = |selected: bool, (value, label): (String, String)| {
        view! { <option value=value selected=selected>{label}</option> }
    };
    let sub_chosen = chosen.sub.clone();
    let partner_chosen = chosen.partner.clone().unwrap_or_default();
    let kind_chosen = chosen.kind.map_or("all", EntryKind::code);
    view! {
        <form class="timeline-filter" method="get" action=format!("/p/{}/timeline", timeline.project_key)>
            {timeline.view.as_of.day().map(|_| view! {
                <input type="hidden" name="as_of" value=timeline.view.as_of.to_string() />
            })}
            <label>
                {td_string!(locale, timeline_filter_sub)}
                <select name="sub">
                    {sub_options.into_iter().map(|o| option(o.0 == sub_chosen, o)).collect_view()}
                </select>
            </label>
            {(!timeline.partners.is_empty()).then(|| view! {
                <label>
                    {td_string!(locale, timeline_filter_partner)}
                    <select name="partner">
                        {partner_options.into_iter().map(|o| option(o.0 == partner_chosen, o)).collect_view()}
                    </select>
                </label>
            })}
            <label>
                {td_string!(locale, timeline_filter_kind)}
                <select name="kind">
                    {kind_options.into_iter().map(|o| option(o.0 == kind_chosen, o)).collect_view()}
                </select>
            </label>
            <button type="submit">{td_string!(locale, timeline_show)}</button>
        </form>
    }
}

/// Where the calendar feed of this view is, and how to reach it.
fn feed_link(locale: Locale, timeline: &Timeline) -> impl IntoView {
    let mut params = form_urlencoded::Serializer::new(String::new());
    match timeline.filter.sub.as_str() {
        "all" => {}
        "mine" if timeline.mine.len() == 1 => {
            params.append_pair("sub", &timeline.mine[0]);
        }
        "mine" => {}
        key => {
            params.append_pair("sub", key);
        }
    }
    if let Some(partner) = &timeline.filter.partner {
        params.append_pair("partner", partner);
    }
    params.append_pair("lang", crate::text::locale_code(locale));
    let href = format!(
        "/p/{}/calendar.ics?{}",
        timeline.project_key,
        params.finish()
    );
    let shared = timeline.view.access.shared && !timeline.view.access.signed_in;
    view! {
        <p class="timeline-feed">
            <a href=href>{td_string!(locale, timeline_feed)}</a>
            " "
            <span class="muted">
                {if shared { td_string!(locale, timeline_feed_shared) } else { td_string!(locale, timeline_feed_hint) }}
            </span>
        </p>
    }
}

/// The whole timeline: filter, feed, then what is coming up (the next
/// [`COMING_UP_DAYS`] days from the day of the data, soonest first), what
/// happened (newest first) and what comes later.
pub fn timeline_html(locale: Locale, timeline: &Timeline) -> String {
    let day = timeline.day;
    let horizon = day
        .checked_add_days(Days::new(COMING_UP_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let (mut past, mut coming, mut later) = (Vec::new(), Vec::new(), Vec::new());
    for entry in timeline.entries.iter().cloned() {
        if entry.last_day < day {
            past.push(entry);
        } else if entry.day <= horizon {
            coming.push(entry);
        } else {
            later.push(entry);
        }
    }
    past.reverse();
    let days = COMING_UP_DAYS;
    let (no_coming, no_past) = (coming.is_empty(), past.is_empty());
    view! {
        <p class="timeline-day">
            {td_string!(locale, timeline_day_of_data, date = format_date(locale, day)).to_string()}
        </p>
        {filter_form(locale, timeline)}
        {feed_link(locale, timeline)}
        <section class="timeline-section" aria-labelledby="timeline-coming">
            <h2 id="timeline-coming">{td_string!(locale, timeline_coming_up, days = days).to_string()}</h2>
            {no_coming.then(|| view! {
                <p class="muted">{td_string!(locale, timeline_nothing_coming, days = days).to_string()}</p>
            })}
            {list(locale, coming)}
        </section>
        <section class="timeline-section" aria-labelledby="timeline-past">
            <h2 id="timeline-past">{td_string!(locale, timeline_happened)}</h2>
            {no_past.then(|| view! { <p class="muted">{td_string!(locale, timeline_nothing_happened)}</p> })}
            {list(locale, past)}
        </section>
        {(!later.is_empty()).then(|| view! {
            <section class="timeline-section" aria-labelledby="timeline-later">
                <h2 id="timeline-later">{td_string!(locale, timeline_later)}</h2>
                {list(locale, later)}
            </section>
        })}
    }
    .to_html()
}
