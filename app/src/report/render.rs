//! A period report in words: as HTML for the page, as plain text to paste
//! into a form (one line a thing, no markup), and as lines for paper. All
//! three come from the same sections.

use leptos::prelude::*;

use crate::dates::{format_date, format_date_range};
use crate::i18n::*;
use crate::plan::{achievement_label, half_year_label};
use crate::present::render::{baseline_named, plan_changes, xs};
use crate::project::status_label;
use crate::timeline::queries::milestone_state;
use crate::timeline::render::milestone_state_label;

use super::queries::{Report, ReportRow};

/// A part of the report after the activities: a heading and its lines.
pub struct Section {
    pub heading: String,
    pub lines: Vec<String>,
    /// Said when there are no lines.
    pub none: &'static str,
}

/// The report's heading and lead.
pub fn heading(locale: Locale, report: &Report) -> (String, String) {
    let mut heading = td_string!(
        locale,
        report_heading,
        period = half_year_label(locale, report.period)
    )
    .to_string();
    if let Some(sub) = &report.sub_project {
        heading = format!("{heading} – {sub}");
    }
    let mut lead = td_string!(
        locale,
        report_lead,
        days = format_date_range(locale, report.first_day, report.last_day),
        date = format_date(locale, report.day)
    )
    .to_string();
    if let Some(baseline) = &report.baseline {
        lead = format!("{lead} · {}", baseline_named(locale, baseline));
    }
    (heading, lead)
}

/// A number of marks as x's, or a dash for none.
fn marks_or_dash(marks: u8) -> String {
    if marks > 0 {
        xs(marks)
    } else {
        "–".to_owned()
    }
}

/// An activity's half-year in one line: planned (and the baseline's marks,
/// when one is chosen), actual, achievement, comment.
pub fn row_line(locale: Locale, row: &ReportRow) -> String {
    let name = match &row.plan {
        Some(plan) => format!("{} ({plan})", row.name),
        None => row.name.clone(),
    };
    let mut line = format!(
        "{name}: {} {}, ",
        td_string!(locale, present_planned),
        marks_or_dash(row.planned)
    );
    if let Some(baseline) = row.baseline {
        line.push_str(&format!(
            "{} {}, ",
            td_string!(locale, gantt_baseline_word),
            marks_or_dash(baseline)
        ));
    }
    line.push_str(&format!("{} ", td_string!(locale, present_actual)));
    match &row.actual {
        Some(actual) => {
            line.push_str(&format!(
                "{}, {}",
                marks_or_dash(actual.marks),
                achievement_label(locale, actual.achievement)
            ));
            if !actual.comment.trim().is_empty() {
                line.push_str(&format!(". {}", actual.comment.trim()));
            }
        }
        None => line.push_str(td_string!(locale, present_not_recorded)),
    }
    line
}

/// The parts after the activities: milestones, meetings held and not held,
/// status statements, and the changes made to the plan in the period.
pub fn sections(locale: Locale, report: &Report) -> Vec<Section> {
    let milestones = report
        .milestones
        .iter()
        .map(|m| {
            let milestone = &m.milestone;
            let (first, last) = match (milestone.actual_first_day, milestone.actual_last_day) {
                (Some(first), last) => (first, last.unwrap_or(first).max(first)),
                _ => (milestone.first_day, milestone.last_day),
            };
            let mut line = format!(
                "{} {}: {}",
                milestone.name,
                format_date_range(locale, first, last),
                milestone_state_label(locale, milestone_state(milestone, report.day))
            );
            if let Some((from_first, from_last)) = m.moved_from {
                line.push_str(&format!(
                    " ({})",
                    td_string!(
                        locale,
                        report_moved_from,
                        days = format_date_range(locale, from_first, from_last)
                    )
                ));
            }
            line
        })
        .collect();
    let meeting =
        |m: &crate::gantt::view::MeetingTick| format!("{} {}", m.name, format_date(locale, m.date));
    let meetings_held = report
        .meetings
        .iter()
        .filter(|m| m.held == Some(true))
        .map(meeting)
        .collect();
    let meetings_missed = report
        .meetings
        .iter()
        .filter(|m| m.held != Some(true) && m.date <= report.day)
        .map(|m| {
            let word = if m.held == Some(false) {
                td_string!(locale, timeline_meeting_not_held)
            } else {
                td_string!(locale, timeline_meeting_not_recorded)
            };
            format!("{} ({word})", meeting(m))
        })
        .collect();
    let statuses = report
        .statuses
        .iter()
        .map(|(date, status, text)| {
            format!(
                "{} · {}: {}",
                format_date(locale, *date),
                status_label(locale, *status),
                text
            )
        })
        .collect();
    let (added, moved, archived) = plan_changes(
        report.plan_before.as_ref().map(|c| &c.data),
        &report.plan_after.data,
    );
    let mut changes = Vec::new();
    for (label, names) in [
        (td_string!(locale, present_added), added),
        (td_string!(locale, present_moved), moved),
        (td_string!(locale, present_archived), archived),
    ] {
        if !names.is_empty() {
            changes.push(format!("{label}: {}", names.join(", ")));
        }
    }
    let none = td_string!(locale, report_none);
    vec![
        Section {
            heading: td_string!(locale, report_milestones).to_owned(),
            lines: milestones,
            none,
        },
        Section {
            heading: td_string!(locale, present_meetings_held).to_owned(),
            lines: meetings_held,
            none,
        },
        Section {
            heading: td_string!(locale, present_meetings_missed).to_owned(),
            lines: meetings_missed,
            none,
        },
        Section {
            heading: td_string!(locale, present_statements).to_owned(),
            lines: statuses,
            none,
        },
        Section {
            heading: td_string!(locale, report_changes).to_owned(),
            lines: changes,
            none: td_string!(locale, report_no_changes),
        },
    ]
}

/// The report as plain text: what pastes cleanly into a form.
pub fn text(locale: Locale, report: &Report) -> String {
    let (heading, lead) = heading(locale, report);
    let mut out = format!(
        "{}\n{heading}\n{lead}\n\n{}\n",
        report.project_name,
        td_string!(locale, report_activities)
    );
    if report.rows.is_empty() {
        out.push_str(&format!("{}\n", td_string!(locale, report_no_activities)));
    }
    for row in &report.rows {
        out.push_str(&format!("- {}\n", row_line(locale, row)));
    }
    for section in sections(locale, report) {
        out.push_str(&format!("\n{}\n", section.heading));
        if section.lines.is_empty() {
            out.push_str(&format!("{}\n", section.none));
        }
        for line in section.lines {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}

/// The report as HTML: the period to choose, the activities' table, the
/// sections, the text to copy, and the PDF.
pub fn html(locale: Locale, report: &Report, query: &super::ReportQuery) -> String {
    let (heading, lead) = heading(locale, report);
    let period_code = report.period.to_string();
    let options = report
        .half_years
        .iter()
        .map(|h| {
            let code = h.to_string();
            let selected = code == period_code;
            view! { <option value=code selected=selected>{half_year_label(locale, *h)}</option> }
        })
        .collect_view();
    let params = query.params();
    let kept = params
        .iter()
        .filter(|(name, _)| *name != "baseline")
        .map(|(name, value)| view! { <input type="hidden" name=*name value=value.clone() /> })
        .collect_view();
    let chosen = report.baseline.as_ref().map(|b| b.key.clone());
    let baseline_options = report
        .baselines
        .iter()
        .map(|b| {
            let selected = chosen.as_deref() == Some(b.key.as_str());
            let label = format!("{} ({})", b.name, format_date(locale, b.date));
            view! { <option value=b.key.clone() selected=selected>{label}</option> }
        })
        .collect_view();
    let mut pdf_query = form_urlencoded::Serializer::new(String::new());
    pdf_query.append_pair("period", &period_code);
    for (name, value) in &params {
        pdf_query.append_pair(name, value);
    }
    pdf_query.append_pair("lang", crate::text::locale_code(locale));
    let pdf_href = format!(
        "/p/{}/report.pdf?{}",
        report.project_key,
        pdf_query.finish()
    );
    let with_baseline = report.baseline.is_some();
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let (actual, achievement, comment) = match &row.actual {
                Some(a) => (
                    marks_or_dash(a.marks),
                    achievement_label(locale, a.achievement).to_owned(),
                    a.comment.clone(),
                ),
                None => (
                    "–".to_owned(),
                    td_string!(locale, present_not_recorded).to_owned(),
                    String::new(),
                ),
            };
            view! {
                <tr>
                    <th scope="row">
                        {row.name.clone()}
                        {row.plan.clone().map(|p| view! { <span class="report-plan">{p}</span> })}
                    </th>
                    <td>{marks_or_dash(row.planned)}</td>
                    {with_baseline.then(|| view! { <td>{marks_or_dash(row.baseline.unwrap_or(0))}</td> })}
                    <td>{actual}</td>
                    <td>{achievement}</td>
                    <td>{comment}</td>
                </tr>
            }
        })
        .collect_view();
    let sections = sections(locale, report)
        .into_iter()
        .map(|section| {
            let empty = section.lines.is_empty();
            view! {
                <section class="report-part">
                    <h2>{section.heading}</h2>
                    {empty.then(|| view! { <p>{section.none}</p> })}
                    {(!empty).then(|| view! {
                        <ul>{section.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    })}
                </section>
            }
        })
        .collect_view();
    let empty = report.rows.is_empty();
    view! {
        <form class="report-period" method="get">
            <label for="report-period">{td_string!(locale, report_period)}</label>
            <select id="report-period" name="period">{options}</select>
            <label for="report-baseline">{td_string!(locale, gantt_baseline)}</label>
            <select id="report-baseline" name="baseline">
                <option value="" selected=chosen.is_none()>{td_string!(locale, report_no_baseline)}</option>
                {baseline_options}
            </select>
            {kept}
            <button type="submit">{td_string!(locale, report_show)}</button>
            <a class="report-pdf" href=pdf_href rel="external">{td_string!(locale, report_pdf)}</a>
        </form>
        <article class="report" data-period=period_code>
            <p class="report-project">{report.project_name.clone()}</p>
            <h2 class="report-heading">{heading}</h2>
            <p class="report-lead">{lead}</p>
            <section class="report-part">
                <h2>{td_string!(locale, report_activities)}</h2>
                {empty.then(|| view! { <p>{td_string!(locale, report_no_activities)}</p> })}
                {(!empty).then(|| view! {
                    <table class="report-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, present_activity)}</th>
                                <th scope="col">{td_string!(locale, present_planned)}</th>
                                {with_baseline.then(|| view! {
                                    <th scope="col">{td_string!(locale, kind_baseline)}</th>
                                })}
                                <th scope="col">{td_string!(locale, present_actual)}</th>
                                <th scope="col">{td_string!(locale, present_achievement)}</th>
                                <th scope="col">{td_string!(locale, present_comment)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                })}
            </section>
            {sections}
        </article>
        <section class="report-text-part">
            <label for="report-text">{td_string!(locale, report_text)}</label>
            <textarea id="report-text" class="report-text" readonly rows="12">{text(locale, report)}</textarea>
        </section>
    }
    .to_html()
}
