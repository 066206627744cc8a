use leptos::prelude::*;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use crate::domain::{FieldChange, HistoryEntry, HistoryFilter, HistoryPage as Page, RecordKind};
use crate::i18n::*;
use crate::layout::{Loading, show_page};
use crate::project::{ProjectNav, use_project_key};

use super::get_history;

pub(crate) fn kind_label(locale: Locale, kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Project => td_string!(locale, kind_project),
        RecordKind::Partner => td_string!(locale, kind_partner),
        RecordKind::SubProject => td_string!(locale, kind_sub_project),
        RecordKind::Goal => td_string!(locale, kind_goal),
        RecordKind::Activity => td_string!(locale, kind_activity),
        RecordKind::PlanCell => td_string!(locale, kind_plan_cell),
        RecordKind::ProgressCell => td_string!(locale, kind_progress_cell),
        RecordKind::Milestone => td_string!(locale, kind_milestone),
        RecordKind::MeetingSeries => td_string!(locale, kind_meeting_series),
        RecordKind::MeetingOutcome => td_string!(locale, kind_meeting_outcome),
        RecordKind::StatusStatement => td_string!(locale, kind_status_statement),
        RecordKind::Baseline => td_string!(locale, kind_baseline),
        RecordKind::Membership => td_string!(locale, kind_membership),
        RecordKind::ShareLink => td_string!(locale, kind_share_link),
    }
}

/// What an edit did to the first record it touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Deed {
    Added,
    Changed,
    Archived,
    Restored,
}

/// The record an edit is about, what it did to it, and how many other
/// records it touched.
fn deed(changes: &[FieldChange]) -> Option<(&FieldChange, Deed, usize)> {
    let first = changes.first()?;
    let own = |c: &&FieldChange| c.kind == first.kind && c.record == first.record;
    let archived = changes
        .iter()
        .filter(own)
        .find(|c| c.field == "archived_at");
    let deed = if changes.iter().filter(own).any(|c| c.field == "created") {
        Deed::Added
    } else if let Some(change) = archived {
        match change.new.as_deref() {
            Some(value) if value != "null" => Deed::Archived,
            _ => Deed::Restored,
        }
    } else {
        Deed::Changed
    };
    let mut others: Vec<(RecordKind, &str)> = changes
        .iter()
        .filter(|c| !own(c))
        .map(|c| (c.kind, c.record.as_str()))
        .collect();
    others.sort_unstable();
    others.dedup();
    Some((first, deed, others.len()))
}

/// The headline of a change set in the reader's language. The stored
/// summary is English, written for the API and the exchange file; edits
/// from the pages and the API are told from their changes instead. Imports
/// keep the summary their file gave.
fn headline(locale: Locale, entry: &HistoryEntry) -> String {
    let told = matches!(entry.source.as_str(), "page" | "api")
        .then(|| deed(&entry.changes))
        .flatten();
    let Some((change, deed, others)) = told else {
        return entry.summary.clone();
    };
    let kind = kind_label(locale, change.kind);
    let name = change.label.as_str();
    let text = match deed {
        Deed::Added => td_string!(locale, history_added, kind, name).to_string(),
        Deed::Changed => td_string!(locale, history_changed, kind, name).to_string(),
        Deed::Archived => td_string!(locale, history_archived, kind, name).to_string(),
        Deed::Restored => td_string!(locale, history_restored, kind, name).to_string(),
    };
    if others > 0 {
        format!("{text} (+{others})")
    } else {
        text
    }
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let key = use_project_key();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        HistoryFilter {
            sub: q.get("sub").filter(|v| !v.is_empty()),
            activity: q.get("activity").filter(|v| !v.is_empty()),
            kind: q.get("kind").filter(|v| !v.is_empty()),
            person: q.get("person").filter(|v| !v.is_empty()),
            page: q.get("page").and_then(|p| p.parse().ok()),
        }
    });
    let history = crate::wire::resource(
        move || (key.get(), filter.get()),
        |(key, filter)| get_history(key, filter),
    );
    view! {
        <ProjectNav />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                show_page(history.await, |page| view! { <HistoryView page /> })
            })}
        </Transition>
    }
}

#[component]
fn HistoryView(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("/p/{}", page.project_key);
    let filter = page.filter.clone();
    let selected = |value: &Option<String>, key: &str| value.as_deref() == Some(key);
    let sub_options = page
        .sub_projects
        .iter()
        .map(|s| view! { <option value=s.key.clone() selected=selected(&filter.sub, &s.key)>{s.name.clone()}</option> })
        .collect_view();
    let activity_options = page
        .activities
        .iter()
        .map(|a| view! { <option value=a.key.clone() selected=selected(&filter.activity, &a.key)>{a.name.clone()}</option> })
        .collect_view();
    let kind_options = page
        .kinds
        .iter()
        .map(|&k| view! { <option value=k.code() selected=selected(&filter.kind, k.code())>{move || kind_label(i18n.get_locale(), k)}</option> })
        .collect_view();
    let person_options = page
        .people
        .iter()
        .map(|p| view! { <option value=p.clone() selected=selected(&filter.person, p)>{p.clone()}</option> })
        .collect_view();
    let entries = page
        .entries
        .iter()
        .map(|e| {
            let before = format!("{base}/plan?as_of={}", urlencode(&e.before));
            let after = format!("{base}/plan?as_of={}", urlencode(&e.after));
            let when = e.recorded_at.format("%d.%m.%Y %H:%M UTC").to_string();
            let more = e.change_count.saturating_sub(e.changes.len() as u64);
            let entry = e.clone();
            let changes = e
                .changes
                .iter()
                .map(|c| {
                    let kind = c.kind;
                    let what = if c.field == "created" {
                        None
                    } else {
                        Some(format!(
                            "{}: {} → {}",
                            c.field,
                            c.old.clone().unwrap_or_default(),
                            c.new.clone().unwrap_or_default()
                        ))
                    };
                    view! {
                        <li data-kind=kind.code() data-record=c.record.clone()>
                            <span class="muted">{move || kind_label(i18n.get_locale(), kind)} " "</span>
                            <strong>{c.label.clone()}</strong>
                            {match what {
                                None => view! { " " <em>{tr!(i18n, history_created)}</em> }.into_any(),
                                Some(text) => view! { " " <code>{text}</code> }.into_any(),
                            }}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class="history-entry" data-change-set=e.id>
                    <p>
                        <time datetime=e.recorded_at.to_rfc3339()>{when}</time>
                        " · " {e.actor.clone()} " · " <span class="muted">{e.source.clone()}</span>
                        {e.illustrative.then(|| view! { " " <span class="badge">{tr!(i18n, illustrative_badge)}</span> })}
                    </p>
                    <p><strong>{move || headline(i18n.get_locale(), &entry)}</strong></p>
                    <ul class="changes">{changes}</ul>
                    {(more > 0).then(|| view! { <p class="muted">{move || td_string!(i18n.get_locale(), history_more, count = more)}</p> })}
                    <p class="history-links">
                        <a href=before>{tr!(i18n, history_before)}</a>
                        " · "
                        <a href=after>{tr!(i18n, history_after)}</a>
                    </p>
                </li>
            }
        })
        .collect_view();
    let page_link = |n: u64| {
        let mut query = vec![format!("page={n}")];
        for (name, value) in [
            ("sub", &filter.sub),
            ("activity", &filter.activity),
            ("kind", &filter.kind),
            ("person", &filter.person),
        ] {
            if let Some(v) = value {
                query.push(format!("{name}={}", urlencode(v)));
            }
        }
        format!("{base}/history?{}", query.join("&"))
    };
    let (current, pages) = (page.page, page.pages);
    view! {
        <section class="page history-page">
            <h1>{tr!(i18n, history_heading)}</h1>
            <Form method="GET" action="" attr:class="history-filter">
                <label>
                    {tr!(i18n, filter_sub_project)}
                    <select name="sub"><option value="">{tr!(i18n, filter_all)}</option>{sub_options}</select>
                </label>
                <label>
                    {tr!(i18n, filter_activity)}
                    <select name="activity"><option value="">{tr!(i18n, filter_all)}</option>{activity_options}</select>
                </label>
                <label>
                    {tr!(i18n, filter_kind)}
                    <select name="kind"><option value="">{tr!(i18n, filter_all)}</option>{kind_options}</select>
                </label>
                // Only members see who is behind each change by address.
                {(!page.people.is_empty()).then(|| view! {
                    <label>
                        {tr!(i18n, filter_person)}
                        <select name="person"><option value="">{tr!(i18n, filter_all)}</option>{person_options}</select>
                    </label>
                })}
                <button type="submit">{tr!(i18n, filter_apply)}</button>
            </Form>
            <p class="muted">{move || td_string!(i18n.get_locale(), history_count, count = page.total)}</p>
            <ol class="history">{entries}</ol>
            <nav class="pages" aria-label=tr!(i18n, pages_label)>
                {(current > 1).then(|| view! { <A href=page_link(current - 1)>{tr!(i18n, newer)}</A> })}
                " " {format!("{current} / {pages}")} " "
                {(current < pages).then(|| view! { <A href=page_link(current + 1)>{tr!(i18n, older)}</A> })}
            </nav>
        </section>
    }
}

/// Enough of URL encoding for keys and RFC 3339 times.
fn urlencode(text: &str) -> String {
    text.replace('%', "%25")
        .replace('+', "%2B")
        .replace(':', "%3A")
        .replace(' ', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: RecordKind, record: &str, field: &str, new: Option<&str>) -> FieldChange {
        FieldChange {
            kind,
            record: record.to_owned(),
            label: record.to_owned(),
            field: field.to_owned(),
            old: None,
            new: new.map(str::to_owned),
        }
    }

    #[test]
    fn an_edit_is_told_by_what_it_did_to_its_first_record() {
        let added = [
            change(RecordKind::Activity, "a", "created", None),
            change(RecordKind::PlanCell, "1@2009-H1", "created", None),
        ];
        assert_eq!(
            deed(&added).map(|(c, d, n)| (c.record.as_str(), d, n)),
            Some(("a", Deed::Added, 1))
        );
        let archived = [change(
            RecordKind::Milestone,
            "m",
            "archived_at",
            Some("\"2026-11-25T10:00:00Z\""),
        )];
        assert_eq!(deed(&archived).map(|d| d.1), Some(Deed::Archived));
        let restored = [change(
            RecordKind::Milestone,
            "m",
            "archived_at",
            Some("null"),
        )];
        assert_eq!(deed(&restored).map(|d| d.1), Some(Deed::Restored));
        let renamed = [
            change(RecordKind::Activity, "a", "name", Some("\"B\"")),
            change(RecordKind::Activity, "a", "position", Some("2")),
        ];
        assert_eq!(deed(&renamed).map(|d| (d.1, d.2)), Some((Deed::Changed, 0)));
        assert_eq!(deed(&[]), None);
    }
}
