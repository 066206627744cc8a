//! One slide drawn as HTML, in the reader's language. Plan and actual are
//! told apart without colour: planned marks are x's in a hatched outline,
//! actual ones x's on a solid bar, and a half-year behind plan says "!".

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use leptos::prelude::*;

use crate::dates::{format_date, format_date_range};
use crate::domain::{HalfYear, MilestoneStatus};
use crate::error::AppError;
use crate::gantt::cache::Chart;
use crate::gantt::layout::{Deviation, milestone_overdue};
use crate::gantt::view::{GanttCell, Line};
use crate::i18n::*;
use crate::plan::{achievement_label, half_year_label};
use crate::project::status_label;
use crate::state::AppState;
use crate::timeline::COMING_UP_DAYS;
use crate::timeline::queries::{What, load_timeline};

use super::deck::{Deck, Since, SlideKind, behind, overview_lines, sub_project_lines};

/// "basisplan «Godkjent plan» (01.12.2008)": a baseline named with its date.
pub(crate) fn baseline_named(locale: Locale, baseline: &crate::domain::Baseline) -> String {
    td_string!(
        locale,
        present_baseline_named,
        name = baseline.name.clone(),
        date = format_date(locale, baseline.date)
    )
    .to_string()
}

/// Marks as x's, the way the seeds' tables write them.
pub(crate) fn xs(marks: u8) -> String {
    "x".repeat(usize::from(marks.min(crate::domain::MAX_MARKS)))
}

fn page_of(locale: Locale, page: usize, pages: usize) -> Option<String> {
    (pages > 1).then(|| td_string!(locale, present_page_of, page = page, pages = pages).to_string())
}

/// Slide `number` (from 1) of `deck`.
pub async fn slide_html(
    state: &AppState,
    locale: Locale,
    deck: &Deck,
    number: usize,
) -> Result<String, AppError> {
    let Some(kind) = deck.slides.get(number.saturating_sub(1)) else {
        return Ok(String::new());
    };
    let mut html = match kind {
        SlideKind::Title => title(locale, deck).to_html(),
        SlideKind::Since => {
            let then = deck.chart_at_since(state).await?;
            since(locale, deck, then.as_deref()).to_html()
        }
        SlideKind::Overview { page, pages } => {
            let lines: Vec<&Line> = overview_lines(&deck.chart.lines).collect();
            let heading = td_string!(locale, present_overview_heading).to_owned();
            chart_slide(
                locale, deck, "overview", heading, None, &lines, *page, *pages,
            )
            .to_html()
        }
        SlideKind::SubProject { group, page, pages } => {
            let lines: Vec<&Line> = sub_project_lines(&deck.chart.lines, group).collect();
            let name = deck
                .chart
                .data
                .groups
                .iter()
                .find(|g| g.key.as_deref() == Some(group.as_str()))
                .and_then(|g| g.name.clone())
                .unwrap_or_else(|| group.clone());
            let summary = sub_project_summary(locale, deck, group);
            chart_slide(
                locale,
                deck,
                "sub-project",
                name,
                Some(summary.into_any()),
                &lines,
                *page,
                *pages,
            )
            .to_html()
        }
        SlideKind::Deviations { page, pages } => deviations(locale, deck, *page, *pages).to_html(),
        SlideKind::ComingUp => coming_up(state, locale, deck).await?.to_html(),
    };
    html.push_str(&footer(locale, deck, number).to_html());
    Ok(html)
}

/// Under every slide: the counter, the keys (shown by `?`), and links to
/// the slides before and after for a mouse. Its `data-*` tell the page's
/// keys the slide count and the baselines.
fn footer(locale: Locale, deck: &Deck, number: usize) -> impl IntoView {
    let count = deck.len();
    let href = |to: usize| super::present_href(&deck.project, &deck.query, to);
    let pdf_href = format!(
        "/p/{}/present.pdf?{}",
        deck.project,
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(deck.query.params())
            .append_pair("lang", crate::text::locale_code(locale))
            .finish()
    );
    let step = |to: usize, label: &'static str, sign: &'static str| {
        view! { <a class="present-step" href=href(to) aria-label=label>{sign}</a> }
    };
    view! {
        <footer
            class="present-footer"
            data-number=number
            data-count=count
            data-baselines=deck.baselines().join(",")
        >
            {(number > 1).then(|| step(number - 1, td_string!(locale, present_previous), "‹"))}
            <span class="present-counter">{format!("{number} / {count}")}</span>
            {(number < count).then(|| step(number + 1, td_string!(locale, present_next_slide), "›"))}
            <span class="present-help-hint">{td_string!(locale, present_help_hint)}</span>
            <span class="present-keys">{td_string!(locale, present_keys)}</span>
            // Shown by the browser, not a page of the app.
            <a class="present-pdf" href=pdf_href rel="external" aria-label=td_string!(locale, present_pdf)>"PDF"</a>
        </footer>
    }
}

fn slide(
    kind: &'static str,
    heading: String,
    lead: Option<String>,
    body: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <article class="slide" data-slide=kind>
            <header class="slide-head">
                <h1>{heading}</h1>
                {lead.map(|lead| view! { <p class="slide-lead">{lead}</p> })}
            </header>
            <div class="slide-body">{body}</div>
        </article>
    }
}

/// The title slide's words: the lead (period), the baseline compared, and
/// the latest status statement by the day of the data.
pub(super) fn title_texts(
    locale: Locale,
    deck: &Deck,
) -> (String, String, Option<crate::domain::StatusStatement>) {
    let data = &deck.chart.data;
    let day = deck.day();
    let mut lead = td_string!(
        locale,
        present_period,
        period = format_date_range(locale, data.period.start, data.period.end)
    )
    .to_string();
    if let Some(sub) = &data.sub_project {
        lead = format!("{} · {lead}", sub.name);
    }
    let baseline = match &data.baseline {
        Some(b) => baseline_named(locale, b),
        None => td_string!(locale, present_no_baseline).to_owned(),
    };
    let latest = data
        .statuses
        .iter()
        .filter(|s| s.date <= day)
        .max_by_key(|s| s.date)
        .cloned();
    (lead, baseline, latest)
}

fn title(locale: Locale, deck: &Deck) -> impl IntoView {
    let data = &deck.chart.data;
    let day = deck.day();
    let (lead, baseline, latest) = title_texts(locale, deck);
    let status = match latest {
        Some(s) => view! {
            <dd>
                <span class="slide-status" data-status=s.status.code()>{status_label(locale, s.status)}</span>
                " · " {format_date(locale, s.date)}
                <span class="slide-quote">{s.text}</span>
            </dd>
        }
        .into_any(),
        None => view! { <dd>{td_string!(locale, present_no_status)}</dd> }.into_any(),
    };
    let body = view! {
        <dl class="slide-facts">
            <dt>{td_string!(locale, present_day_of_data)}</dt>
            <dd>{format_date(locale, day)}</dd>
            <dt>{td_string!(locale, present_compared_with)}</dt>
            <dd>{baseline}</dd>
            <dt>{td_string!(locale, present_latest_status)}</dt>
            {status}
        </dl>
    };
    slide("title", data.project_name.clone(), Some(lead), body)
}

/// Names in a list, the first `shown` and how many more.
fn names_list(locale: Locale, mut names: Vec<String>, shown: usize) -> impl IntoView {
    let more = names.len().saturating_sub(shown);
    names.truncate(shown);
    view! {
        <ul class="slide-list">
            {names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            {(more > 0).then(|| view! {
                <li class="slide-more">{td_string!(locale, present_more, count = more).to_string()}</li>
            })}
        </ul>
    }
}

/// A part of the "since" slide: a heading and its lines, or nothing.
fn since_part(locale: Locale, heading: &'static str, names: Vec<String>) -> impl IntoView {
    (!names.is_empty()).then(|| {
        let count = names.len();
        view! {
            <section class="slide-part">
                <h2>{heading} " (" {count} ")"</h2>
                {names_list(locale, names, 5)}
            </section>
        }
    })
}

/// The activities added, replanned (their marks changed) and archived
/// between two readings of a plan, by name, in the plan's order.
pub(crate) fn plan_changes(
    before: Option<&crate::gantt::chart::ChartData>,
    after: &crate::gantt::chart::ChartData,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let marks_of = |chart: &crate::gantt::chart::ChartData| -> BTreeMap<String, (String, Vec<u8>)> {
        chart
            .groups
            .iter()
            .flat_map(|g| g.rows.iter())
            .map(|r| (r.key.clone(), (r.name.clone(), r.marks.clone())))
            .collect()
    };
    let after = marks_of(after);
    let before = before.map(marks_of).unwrap_or_default();
    let added = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, (n, _))| n.clone())
        .collect();
    let moved = after
        .iter()
        .filter(|(k, (_, marks))| before.get(*k).is_some_and(|(_, old)| old != marks))
        .map(|(_, (n, _))| n.clone())
        .collect();
    let archived = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(_, (n, _))| n.clone())
        .collect();
    (added, moved, archived)
}

/// What the "since" slide tells: its heading, its lead, and its parts
/// (a heading and lines each; empty parts are left out).
pub(super) fn since_texts(
    locale: Locale,
    deck: &Deck,
    then: Option<&Chart>,
) -> (String, String, Vec<(&'static str, Vec<String>)>) {
    let now = &deck.chart.data;
    let day = deck.day();
    let start = deck.since.day();
    let lead = match deck.since {
        Since::Chosen(_) => td_string!(locale, present_since_chosen).to_owned(),
        Since::LastSteeringMeeting(date) => td_string!(
            locale,
            present_since_meeting,
            date = format_date(locale, date)
        )
        .to_string(),
        Since::ThreeMonthsEarlier(_) => td_string!(locale, present_since_three_months).to_owned(),
    };
    let heading = td_string!(
        locale,
        present_since_heading,
        days = format_date_range(locale, start, day)
    )
    .to_string();

    // The plan: activities added, archived or moved between the two days.
    let (added, moved, archived) = plan_changes(then.map(|c| &c.data), now);

    // Half-years that ended in the period behind plan.
    let newly_behind: Vec<String> = behind(&deck.chart)
        .into_iter()
        .filter(|b| {
            let end = crate::gantt::layout::days_of(b.half_year).1;
            end > start && end <= day
        })
        .map(|b| {
            format!(
                "{} — {}: {}",
                b.activity,
                half_year_label(locale, b.half_year),
                td_string!(
                    locale,
                    present_planned_actual,
                    planned = xs(b.planned),
                    actual = b
                        .actual
                        .as_ref()
                        .map(|a| a.marks)
                        .filter(|marks| *marks > 0)
                        .map_or("–".to_owned(), xs)
                )
            )
        })
        .collect();

    // Milestones: what became of them in the period.
    let old_milestones: HashMap<&str, &crate::domain::Milestone> = then
        .map(|c| {
            c.data
                .milestones
                .iter()
                .map(|m| (m.key.as_str(), m))
                .collect()
        })
        .unwrap_or_default();
    let (mut held, mut moved_milestones, mut cancelled) = (Vec::new(), Vec::new(), Vec::new());
    for m in &now.milestones {
        let old = old_milestones.get(m.key.as_str());
        let changed_status = old.is_none_or(|o| o.status != m.status);
        let days = format_date_range(locale, m.first_day, m.last_day);
        match m.status {
            MilestoneStatus::Held if changed_status => held.push(format!("{} — {days}", m.name)),
            MilestoneStatus::Cancelled if changed_status => {
                cancelled.push(format!("{} — {days}", m.name))
            }
            _ if old.is_some_and(|o| (o.first_day, o.last_day) != (m.first_day, m.last_day)) => {
                let from = old
                    .map(|o| format_date_range(locale, o.first_day, o.last_day))
                    .unwrap_or_default();
                moved_milestones.push(format!("{} — {from} → {days}", m.name));
            }
            _ => {}
        }
    }

    // Meetings whose day fell in the period.
    let in_period = |date: NaiveDate| date > start && date <= day;
    let meetings_held: Vec<String> = now
        .meetings
        .iter()
        .filter(|m| in_period(m.date) && m.held == Some(true))
        .map(|m| format!("{} — {}", m.name, format_date(locale, m.date)))
        .collect();
    let meetings_missed: Vec<String> = now
        .meetings
        .iter()
        .filter(|m| in_period(m.date) && m.held != Some(true))
        .map(|m| {
            let word = if m.held == Some(false) {
                td_string!(locale, timeline_meeting_not_held)
            } else {
                td_string!(locale, timeline_meeting_not_recorded)
            };
            format!("{} — {} ({word})", m.name, format_date(locale, m.date))
        })
        .collect();
    let statements: Vec<String> = now
        .statuses
        .iter()
        .filter(|s| in_period(s.date))
        .rev()
        .map(|s| {
            format!(
                "{} · {}: {}",
                format_date(locale, s.date),
                status_label(locale, s.status),
                s.text
            )
        })
        .collect();

    let parts = [
        (td_string!(locale, present_added), added),
        (td_string!(locale, present_moved), moved),
        (td_string!(locale, present_archived), archived),
        (td_string!(locale, present_newly_behind), newly_behind),
        (td_string!(locale, present_milestones_held), held),
        (
            td_string!(locale, present_milestones_moved),
            moved_milestones,
        ),
        (td_string!(locale, present_milestones_cancelled), cancelled),
        (td_string!(locale, present_meetings_held), meetings_held),
        (td_string!(locale, present_meetings_missed), meetings_missed),
        (td_string!(locale, present_statements), statements),
    ]
    .into_iter()
    .filter(|(_, lines)| !lines.is_empty())
    .collect();
    (heading, lead, parts)
}

fn since(locale: Locale, deck: &Deck, then: Option<&Chart>) -> impl IntoView {
    let (heading, lead, parts) = since_texts(locale, deck, then);
    let nothing = parts.is_empty();
    let body = view! {
        {nothing.then(|| view! { <p>{td_string!(locale, present_since_nothing)}</p> })}
        <div class="slide-parts">
            {parts
                .into_iter()
                .map(|(heading, lines)| since_part(locale, heading, lines))
                .collect_view()}
        </div>
    };
    slide("since", heading, Some(lead), body)
}

/// How a sub-project stands: its activities by state, its milestones.
pub(super) struct Summary {
    pub on_plan: usize,
    pub behind: usize,
    pub ahead: usize,
    pub done: usize,
    pub held: usize,
    pub late: usize,
    /// The next milestone, named with its days.
    pub next: Option<String>,
}

pub(super) fn summary(locale: Locale, deck: &Deck, key: &str) -> Summary {
    let data = &deck.chart.data;
    let day = deck.day();
    let rows: Vec<_> = data
        .groups
        .iter()
        .filter(|g| g.key.as_deref() == Some(key))
        .flat_map(|g| g.rows.iter())
        .collect();
    let (mut on_plan, mut behind, mut ahead, mut done) = (0, 0, 0, 0);
    for row in &rows {
        let deviations: Vec<_> = row.deviations(day).collect();
        if row.status == crate::domain::ActivityStatus::Done {
            done += 1;
        } else if deviations.contains(&Some(Deviation::Behind)) {
            behind += 1;
        } else if deviations.contains(&Some(Deviation::Unplanned))
            || row
                .marks
                .iter()
                .zip(&row.actual)
                .any(|(planned, actual)| actual.as_ref().is_some_and(|a| a.marks > *planned))
        {
            ahead += 1;
        } else {
            on_plan += 1;
        }
    }
    let own: Vec<_> = data
        .milestones
        .iter()
        .filter(|m| m.sub_project.as_ref().is_some_and(|s| s.key == key))
        .collect();
    let held = own
        .iter()
        .filter(|m| m.status == MilestoneStatus::Held)
        .count();
    let late = own.iter().filter(|m| milestone_overdue(m, day)).count();
    let next = own
        .iter()
        .filter(|m| {
            matches!(m.status, MilestoneStatus::Planned | MilestoneStatus::Moved)
                && m.last_day >= day
        })
        .min_by_key(|m| m.first_day)
        .map(|m| {
            format!(
                "{} ({})",
                m.name,
                format_date_range(locale, m.first_day, m.last_day)
            )
        });
    Summary {
        on_plan,
        behind,
        ahead,
        done,
        held,
        late,
        next,
    }
}

fn sub_project_summary(locale: Locale, deck: &Deck, key: &str) -> impl IntoView + 'static {
    let Summary {
        on_plan,
        behind,
        ahead,
        done,
        held,
        late,
        next,
    } = summary(locale, deck, key);
    let item = |count: usize, label: &'static str, state: &'static str| {
        view! { <li data-count=state><strong>{count}</strong> " " {label}</li> }
    };
    view! {
        <ul class="slide-summary">
            {item(on_plan, td_string!(locale, present_on_plan), "on-plan")}
            {item(behind, td_string!(locale, present_behind), "behind")}
            {item(ahead, td_string!(locale, present_ahead), "ahead")}
            {item(done, td_string!(locale, present_done), "done")}
            <li>
                {td_string!(locale, present_milestones)} ": "
                <strong>{held}</strong> " " {td_string!(locale, present_held)} ", "
                <strong>{late}</strong> " " {td_string!(locale, present_late)}
                {next.map(|next| view! { " · " {td_string!(locale, present_next)} " " {next} })}
            </li>
        </ul>
    }
}

/// One half-year of an activity: the planned marks over the actual ones.
fn cell(
    locale: Locale,
    cell: Option<&GanttCell>,
    begun: bool,
    with_baseline: bool,
) -> impl IntoView {
    let Some(cell) = cell else {
        return view! { <td class="slide-cell"></td> }.into_any();
    };
    let behind = cell.deviation == Some(Deviation::Behind);
    let unplanned = cell.deviation == Some(Deviation::Unplanned);
    // A begun half-year with nothing done says so in an outline, not on
    // the solid bar of work done.
    let (actual, nothing) = match cell.actual {
        Some(marks) if marks > 0 => (xs(marks), false),
        _ if begun && cell.planned > 0 => ("–".to_owned(), true),
        _ => (String::new(), false),
    };
    let sign = if behind {
        "! "
    } else if unplanned {
        "+ "
    } else {
        ""
    };
    view! {
        <td class="slide-cell" class:behind=behind class:unplanned=unplanned>
            {(cell.planned > 0).then(|| view! {
                <span class="bar planned">
                    <span class="visually-hidden">{td_string!(locale, present_planned)} " "</span>
                    {xs(cell.planned)}
                </span>
            })}
            {(!actual.is_empty()).then(|| view! {
                <span class="bar actual" class:none=nothing>
                    <span class="visually-hidden">{td_string!(locale, present_actual)} " "</span>
                    {sign}{actual}
                </span>
            })}
            {(with_baseline && cell.baseline.is_some_and(|b| b > 0)).then(|| view! {
                <span class="bar baseline">
                    <span class="visually-hidden">{td_string!(locale, present_baseline)} " "</span>
                    {xs(cell.baseline.unwrap_or(0))}
                </span>
            })}
        </td>
    }
    .into_any()
}

/// The most half-years a chart slide shows: more would leave each too
/// narrow for its marks at the slides' type size.
pub(super) const MOST_COLUMNS: usize = 8;

/// The half-years a chart slide shows: all of them, or for a long project
/// eight around the day of the data — mostly what has happened, and the
/// half-year after. (The Gantt chart and the PDF show the whole period.)
fn shown_columns(columns: &[HalfYear], day: NaiveDate) -> &[HalfYear] {
    if columns.len() <= MOST_COLUMNS {
        return columns;
    }
    let current = columns
        .iter()
        .position(|h| crate::gantt::layout::days_of(*h).1 > day)
        .unwrap_or(columns.len() - 1);
    let start = (current + 2)
        .saturating_sub(MOST_COLUMNS)
        .min(columns.len() - MOST_COLUMNS);
    &columns[start..start + MOST_COLUMNS]
}

#[allow(clippy::too_many_arguments)]
fn chart_slide(
    locale: Locale,
    deck: &Deck,
    kind: &'static str,
    heading: String,
    summary: Option<AnyView>,
    lines: &[&Line],
    page: usize,
    pages: usize,
) -> impl IntoView {
    let data = &deck.chart.data;
    let day = deck.day();
    let columns = shown_columns(&data.columns, day).to_vec();
    let with_baseline = data.baseline.is_some();
    let begun: Vec<bool> = columns
        .iter()
        .map(|h| crate::gantt::layout::days_of(*h).0 <= day)
        .collect();
    let first = (page - 1) * deck.rows;
    let shown: Vec<Line> = lines
        .iter()
        .skip(first)
        .take(deck.rows)
        .map(|l| (*l).clone())
        .collect();
    let head = columns
        .iter()
        .map(|h| view! { <th scope="col">{half_year_label(locale, *h)}</th> })
        .collect_view();
    let body = shown
        .into_iter()
        .map(|line| match line {
            Line::Activity(activity) => {
                let by_column: HashMap<HalfYear, &GanttCell> =
                    activity.cells.iter().map(|c| (c.half_year, c)).collect();
                let cells = columns
                    .iter()
                    .enumerate()
                    .map(|(i, h)| cell(locale, by_column.get(h).copied(), begun[i], with_baseline))
                    .collect_view();
                view! {
                    <tr data-line="activity" class:deviates=activity.deviates()>
                        <th scope="row" class="slide-name"><span class="slide-name-text">{activity.name.clone()}</span></th>
                        <td class="slide-percent">{activity.percent_complete} " %"</td>
                        {cells}
                    </tr>
                }
                .into_any()
            }
            Line::Group(group) => {
                let span = |h: &HalfYear| {
                    group.first.is_some_and(|f| f <= *h) && group.last.is_some_and(|l| *h <= l)
                };
                let cells = columns
                    .iter()
                    .map(|h| {
                        let inside = span(h);
                        view! { <td class="slide-cell" class:in-span=inside></td> }
                    })
                    .collect_view();
                let note = td_string!(
                    locale,
                    present_group_note,
                    activities = group.activities,
                    deviating = group.deviating
                )
                .to_string();
                view! {
                    <tr data-line="group">
                        <th scope="row" class="slide-name">
                            <strong>{group.name.clone()}</strong>
                            <span class="slide-note">{note}</span>
                        </th>
                        <td class="slide-percent">{group.percent_complete} " %"</td>
                        {cells}
                    </tr>
                }
                .into_any()
            }
        })
        .collect_view();
    let mut lead = td_string!(locale, present_as_of, date = format_date(locale, day)).to_string();
    if let Some(b) = &data.baseline {
        lead = format!("{lead} · {}", baseline_named(locale, b));
    }
    if let (true, Some(first), Some(last)) = (
        columns.len() < data.columns.len(),
        columns.first(),
        columns.last(),
    ) {
        lead = format!(
            "{lead} · {}",
            td_string!(
                locale,
                present_columns_shown,
                first = half_year_label(locale, *first),
                last = half_year_label(locale, *last)
            )
        );
    }
    if let Some(pages) = page_of(locale, page, pages) {
        lead = format!("{lead} · {pages}");
    }
    let empty = lines.is_empty();
    let table = view! {
        {summary}
        {empty.then(|| view! { <p>{td_string!(locale, present_no_activities)}</p> })}
        {(!empty).then(|| view! {
            <table class="slide-chart">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, present_activity)}</th>
                        <th scope="col">{td_string!(locale, present_complete)}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        })}
        <p class="slide-legend">
            <span class="bar planned">"xxx"</span> " " {td_string!(locale, present_planned)} " "
            <span class="bar actual">"xx"</span> " " {td_string!(locale, present_actual)} " "
            {with_baseline.then(|| view! {
                <span class="bar baseline">"xx"</span> " " {td_string!(locale, present_baseline)} " "
            })}
            "! " {td_string!(locale, present_behind_legend)} " · + " {td_string!(locale, present_unplanned_legend)}
        </p>
    };
    slide(kind, heading, Some(lead), table)
}

/// A half-year behind plan, in words.
pub(super) struct DeviationRow {
    pub activity: String,
    /// The sub-project's name, for an activity of one.
    pub plan: Option<String>,
    pub half_year: String,
    pub planned: String,
    pub actual: String,
    pub achievement: String,
    pub comment: String,
}

/// Every half-year behind plan, worst first.
pub(super) fn deviation_rows(locale: Locale, deck: &Deck) -> Vec<DeviationRow> {
    behind(&deck.chart)
        .into_iter()
        .map(|b| {
            let (actual, achievement, comment) = match &b.actual {
                Some(a) => (
                    xs(a.marks),
                    achievement_label(locale, a.achievement).to_owned(),
                    a.comment.clone(),
                ),
                None => (
                    String::new(),
                    td_string!(locale, present_not_recorded).to_owned(),
                    String::new(),
                ),
            };
            DeviationRow {
                activity: b.activity,
                plan: b.plan,
                half_year: half_year_label(locale, b.half_year),
                planned: xs(b.planned),
                actual: if actual.is_empty() {
                    "–".to_owned()
                } else {
                    actual
                },
                achievement,
                comment,
            }
        })
        .collect()
}

fn deviations(locale: Locale, deck: &Deck, page: usize, pages: usize) -> impl IntoView {
    let all = deviation_rows(locale, deck);
    let per_page = (deck.rows / 2).max(1);
    let count = all.len();
    let shown: Vec<_> = all
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let day = deck.day();
    let mut lead = td_string!(
        locale,
        present_deviations_lead,
        count = count,
        date = format_date(locale, day)
    )
    .to_string();
    if let Some(pages) = page_of(locale, page, pages) {
        lead = format!("{lead} · {pages}");
    }
    let rows = shown
        .into_iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row" class="slide-name">
                        {row.activity}
                        {row.plan.map(|p| view! { <span class="slide-note">{p}</span> })}
                    </th>
                    <td>{row.half_year}</td>
                    <td><span class="bar planned">{row.planned}</span></td>
                    <td><span class="bar actual">"! " {row.actual}</span></td>
                    <td>{row.achievement}</td>
                    <td><span class="slide-comment">{row.comment}</span></td>
                </tr>
            }
        })
        .collect_view();
    let body = view! {
        {(count == 0).then(|| view! { <p>{td_string!(locale, present_no_deviations)}</p> })}
        {(count > 0).then(|| view! {
            <table class="slide-chart slide-deviations">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, present_activity)}</th>
                        <th scope="col">{td_string!(locale, present_half_year)}</th>
                        <th scope="col">{td_string!(locale, present_planned)}</th>
                        <th scope="col">{td_string!(locale, present_actual)}</th>
                        <th scope="col">{td_string!(locale, present_achievement)}</th>
                        <th scope="col">{td_string!(locale, present_comment)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        })}
    };
    slide(
        "deviations",
        td_string!(locale, present_deviations_heading).to_owned(),
        Some(lead),
        body,
    )
}

/// What is coming up: the lead, and the milestones and meetings of the
/// next days (first day, last day, name, whose), soonest first.
pub(super) type ComingItem = (NaiveDate, NaiveDate, String, String);

pub(super) async fn coming_items(
    state: &AppState,
    locale: Locale,
    deck: &Deck,
) -> Result<(String, Vec<ComingItem>), AppError> {
    let as_of = super::deck::as_of(&deck.query)?;
    let filter = crate::timeline::TimelineFilter {
        sub: Some(deck.query.sub.clone().unwrap_or_else(|| "all".to_owned())),
        ..Default::default()
    };
    let timeline = load_timeline(
        &state.db,
        &deck.project,
        as_of,
        &filter,
        &Default::default(),
        deck.today,
    )
    .await?;
    let day = timeline.day;
    let horizon = day
        .checked_add_days(Days::new(COMING_UP_DAYS))
        .unwrap_or(NaiveDate::MAX);
    let mut items: Vec<ComingItem> = Vec::new();
    for entry in timeline.entries {
        if entry.last_day < day || entry.day > horizon {
            continue;
        }
        let owner = entry.sub_project.as_ref().map_or_else(
            || td_string!(locale, whole_project).to_owned(),
            |s| s.name.clone(),
        );
        match entry.what {
            What::Milestone { milestone, .. } => {
                items.push((entry.day, entry.last_day, milestone.name, owner))
            }
            What::Meeting { series_name, .. } => {
                items.push((entry.day, entry.last_day, series_name, owner))
            }
            _ => {}
        }
    }
    let lead = td_string!(
        locale,
        present_coming_lead,
        days = COMING_UP_DAYS,
        date = format_date(locale, day)
    )
    .to_string();
    Ok((lead, items))
}

async fn coming_up(
    state: &AppState,
    locale: Locale,
    deck: &Deck,
) -> Result<impl IntoView, AppError> {
    let (lead, items) = coming_items(state, locale, deck).await?;
    let count = items.len();
    let shown = deck.rows.max(4);
    let more = count.saturating_sub(shown);
    let list = items
        .into_iter()
        .take(shown)
        .map(|(first, last, name, owner)| {
            view! {
                <li>
                    <time datetime=first.to_string()>{format_date_range(locale, first, last)}</time>
                    " " <strong>{name}</strong> " · " {owner}
                </li>
            }
        })
        .collect_view();
    let body = view! {
        {(count == 0).then(|| view! { <p>{td_string!(locale, present_nothing_coming)}</p> })}
        <ul class="slide-list slide-coming">{list}</ul>
        {(more > 0).then(|| view! { <p class="slide-more">{td_string!(locale, present_more, count = more).to_string()}</p> })}
    };
    Ok(slide(
        "coming-up",
        td_string!(locale, present_coming_heading).to_owned(),
        Some(lead),
        body,
    ))
}
