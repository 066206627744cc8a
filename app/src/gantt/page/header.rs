//! The chart's head: the time axis, milestones, meetings and status statements.

use super::*;

/// A line's track: as wide as the axis, half-year gridlines every `--hw`.
pub(super) fn track_style(scale: HalfYearScale) -> String {
    format!("width:{}px;--hw:{}px", scale.total(), scale.width)
}

/// Vertical lines for today and for the day shown, in one track.
pub(super) fn day_lines(chart: Chart) -> impl IntoView {
    let today = chart.today;
    let day = chart.day;
    let as_of = chart.as_of;
    move || {
        let scale = chart.scale.get();
        let on_axis = |d: NaiveDate| {
            let x = scale.x(d);
            (x > 0.0 && x < scale.total()).then_some(x)
        };
        let today_line = on_axis(today).map(|x| {
            view! { <span class="g-day today" aria-hidden="true" style:left=format!("{x}px")></span> }
        });
        let as_of_line = as_of.then(|| on_axis(day)).flatten().map(|x| {
            view! { <span class="g-day as-of" aria-hidden="true" style:left=format!("{x}px")></span> }
        });
        (today_line, as_of_line)
    }
}

/// The time axis and the lanes of milestones, meetings and status statements.
#[component]
pub(super) fn ChartHeader(chart: Chart, gantt: Gantt) -> impl IntoView {
    let i18n = use_i18n();
    let scale = chart.scale;
    let track_width = move || format!("{}px", scale.get().total());
    let placed = move |from: NaiveDate, until: NaiveDate, min: f64| {
        let (left, width) = scale.get().span(from, until, min);
        format!("left:{left}px;width:{width}px")
    };
    let years: Vec<i32> = {
        let mut years: Vec<i32> = gantt.columns.iter().map(|h| h.year()).collect();
        years.dedup();
        years
    };
    let year_cells = years
        .into_iter()
        .map(|year| {
            let first = gantt
                .columns
                .iter()
                .find(|h| h.year() == year)
                .map(|h| days_of(*h).0);
            let last = gantt
                .columns
                .iter()
                .rev()
                .find(|h| h.year() == year)
                .map(|h| days_of(*h).1);
            let style = move || match (first, last) {
                (Some(first), Some(last)) => placed(first, last, 0.0),
                _ => String::new(),
            };
            view! { <div class="g-axis-cell year" style=style>{year}</div> }
        })
        .collect_view();
    let half_cells = gantt
        .columns
        .iter()
        .map(|&h| {
            let (first, after) = days_of(h);
            view! {
                <div class="g-axis-cell half" data-half-year=h.to_string() style=move || placed(first, after, 0.0)>
                    {move || half_year_label(i18n.get_locale(), h)}
                </div>
            }
        })
        .collect_view();
    let period = gantt.period;
    let columns = gantt.columns.clone();
    let tick_row = move || {
        let zoom = chart.query.with(|q| q.zoom);
        let axis = crate::gantt::layout::TimeAxis::over(&columns)?;
        let ticks = ticks(zoom, &axis, &period);
        if ticks.is_empty() {
            return None;
        }
        let cells = ticks
            .into_iter()
            .map(|tick| {
                let style = placed(tick.from, tick.until, 0.0);
                view! {
                    <div class="g-axis-cell tick" style=style>
                        {move || tick_label(i18n.get_locale(), tick.label)}
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <div class="g-axis-row">
                <div class="g-name"></div>
                <div class="g-track" style:width=track_width>{cells}</div>
            </div>
        })
    };

    let day = chart.day;
    let schedule = chart.schedule_href();
    // One marker per milestone, or per group of them where they crowd
    // (`milestone_marks`); laid out again at each zoom.
    let all_milestones = StoredValue::new(gantt.milestones.clone());
    let milestone_href = schedule.clone();
    let milestones = move || {
        let scale = scale.get();
        all_milestones.with_value(|list| {
            let spans: Vec<(f64, f64)> = list
                .iter()
                .map(|m| {
                    let (first, after) = milestone_span(m);
                    scale.span(first, after, 0.0)
                })
                .collect();
            let names: Vec<usize> = list.iter().map(|m| m.name.chars().count()).collect();
            milestone_marks(&spans, &names, scale.total())
                .into_iter()
                .map(|mark| {
                    let members: Vec<Milestone> = mark
                        .members
                        .iter()
                        .filter_map(|i| list.get(*i).cloned())
                        .collect();
                    milestone_marker(mark, members, day, milestone_href.clone())
                })
                .collect_view()
        })
    };
    // A target as wide as the narrowest marker around its day, whatever the zoom.
    let around = move |date: NaiveDate, offset: f64| {
        format!(
            "left:{}px;width:{MARKER_WIDTH}px",
            scale.get().x(date) - offset
        )
    };
    // One lane per meeting series: a quarterly series' meetings lie far
    // enough apart at every zoom, two series' need not.
    let mut series: Vec<(String, Vec<crate::gantt::view::MeetingTick>)> = Vec::new();
    for meeting in &gantt.meetings {
        match series.iter_mut().find(|(key, _)| *key == meeting.series) {
            Some((_, meetings)) => meetings.push(meeting.clone()),
            None => series.push((meeting.series.clone(), vec![meeting.clone()])),
        }
    }
    let meeting_lane = move |meetings: Vec<crate::gantt::view::MeetingTick>| {
        let name = meetings.first().map(|m| m.name.clone()).unwrap_or_default();
        let ticks = meetings
        .into_iter()
        .map(|meeting| {
            let meeting = meeting.clone();
            let date = meeting.date;
            let class = match meeting.held {
                Some(true) => "g-meeting held",
                Some(false) => "g-meeting not-held",
                None => "g-meeting unknown",
            };
            let label = move || {
                let locale = i18n.get_locale();
                let state = match meeting.held {
                    Some(true) => td_string!(locale, meeting_held),
                    Some(false) => td_string!(locale, meeting_not_held),
                    None => td_string!(locale, gantt_not_recorded),
                };
                format!(
                    "{} ({}), {}: {state}",
                    meeting.name,
                    meeting_kind_label(locale, meeting.kind),
                    format_date(locale, date)
                )
            };
            let tip = label.clone();
            view! {
                <a class=class href=schedule.clone() style=move || around(date, MARKER_WIDTH / 2.0) aria-label=label.clone()>
                    <span class="g-tick" aria-hidden="true"></span>
                    <span class="g-tip" aria-hidden="true">{tip}</span>
                </a>
            }
        })
        .collect_view();
        view! {
            <div class="g-lane meetings">
                <div class="g-name" title=name.clone()>{name.clone()}</div>
                <div class="g-track" style:width=track_width>{day_lines(chart)}{ticks}</div>
            </div>
        }
    };
    let meeting_lanes = series
        .into_iter()
        .map(|(_, meetings)| meeting_lane(meetings))
        .collect_view();
    let has_statuses = !gantt.statuses.is_empty();
    let statuses = gantt
        .statuses
        .iter()
        .map(|statement| {
            let statement = statement.clone();
            let date = statement.date;
            let class = format!("g-flag s-{}", statement.status.code());
            let label = move || {
                let locale = i18n.get_locale();
                format!(
                    "{} {}: {} – {}",
                    td_string!(locale, kind_status_statement),
                    format_date(locale, date),
                    crate::project::status_label(locale, statement.status),
                    statement.text
                )
            };
            let overview = format!("/p/{}", chart.project.get_value());
            let tip = label.clone();
            view! {
                <a class=class href=overview style=move || around(date, 2.0) aria-label=label.clone()>
                    <span aria-hidden="true">"⚑"</span>
                    <span class="g-tip" aria-hidden="true">{tip}</span>
                </a>
            }
        })
        .collect_view();
    let today_label = {
        let today = chart.today;
        move || {
            let scale = scale.get();
            let x = scale.x(today);
            (x > 0.0 && x < scale.total()).then(|| {
                view! {
                    <span class="g-day-label" style:left=format!("{x}px")>
                        {tr!(i18n, gantt_today)}
                    </span>
                }
            })
        }
    };
    view! {
        <div class="gantt-head" data-window-header>
            <div class="g-axis-row">
                <div class="g-name"></div>
                <div class="g-track" style:width=track_width>{year_cells}{today_label}</div>
            </div>
            <div class="g-axis-row">
                <div class="g-name"></div>
                <div class="g-track" style:width=track_width>{half_cells}</div>
            </div>
            {tick_row}
            <div class="g-lane milestones">
                <div class="g-name">{tr!(i18n, milestones)}</div>
                <div class="g-track" style:width=track_width>{day_lines(chart)}{milestones}</div>
            </div>
            {meeting_lanes}
            {has_statuses.then(|| view! {
                <div class="g-lane statuses">
                    <div class="g-name">{tr!(i18n, status_statements)}</div>
                    <div class="g-track" style:width=track_width>{day_lines(chart)}{statuses}</div>
                </div>
            })}
        </div>
    }
}

/// A milestone's marker, or a group's: a link to the schedule with the
/// name, days and status (a group's count, days and names) as its label.
pub(super) fn milestone_marker(
    mark: MilestoneMark,
    members: Vec<Milestone>,
    day: NaiveDate,
    schedule: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lane = if mark.lower { "lower" } else { "upper" };
    let style = format!("left:{}px;width:{}px", mark.left, mark.width);
    let overdue = members.iter().filter(|m| milestone_overdue(m, day)).count();
    let overdue_class = if overdue > 0 { " overdue" } else { "" };
    if let [milestone] = members.as_slice() {
        let (first, after) = milestone_span(milestone);
        let milestone = milestone.clone();
        let shown_name = mark.named.then(|| milestone.name.clone());
        let label = move || {
            let locale = i18n.get_locale();
            let last = after.pred_opt().unwrap_or(after);
            let mut label = format!(
                "{}, {}: {}",
                milestone.name,
                format_date_range(locale, first, last),
                milestone_status_label(locale, milestone.status)
            );
            if overdue > 0 {
                label.push_str(&format!(", {}", td_string!(locale, gantt_overdue)));
            }
            label
        };
        let tip = label.clone();
        Either::Left(view! {
            <a class=format!("g-milestone {lane}{overdue_class}") href=schedule style=style aria-label=label.clone()>
                <span class="diamond" aria-hidden="true"></span>
                <span class="g-mname" aria-hidden="true">{shown_name}{(overdue > 0).then_some(" !")}</span>
                <span class="g-tip" aria-hidden="true">{tip}</span>
            </a>
        })
    } else {
        let count = members.len();
        let first = members.iter().map(|m| milestone_span(m).0).min();
        let last = members
            .iter()
            .map(|m| {
                let after = milestone_span(m).1;
                after.pred_opt().unwrap_or(after)
            })
            .max();
        let label = move || {
            let locale = i18n.get_locale();
            let mut label = td_string!(locale, gantt_milestone_group, count = count).to_string();
            if let (Some(first), Some(last)) = (first, last) {
                label.push_str(&format!(", {}", format_date_range(locale, first, last)));
            }
            let names: Vec<&str> = members
                .iter()
                .take(GROUP_NAMES)
                .map(|m| m.name.as_str())
                .collect();
            label.push_str(&format!(": {}", names.join(", ")));
            if count > GROUP_NAMES {
                let more = count - GROUP_NAMES;
                label.push_str(&format!(
                    " {}",
                    td_string!(locale, gantt_and_more, count = more)
                ));
            }
            if overdue > 0 {
                label.push_str(&format!(
                    "; {}",
                    td_string!(locale, gantt_group_overdue, count = overdue)
                ));
            }
            label
        };
        let tip = label.clone();
        Either::Right(view! {
            <a class=format!("g-milestone group {lane}{overdue_class}") href=schedule style=style aria-label=label.clone() data-count=count>
                <span class="diamond" aria-hidden="true"></span>
                <span class="g-mcount" aria-hidden="true">{count}{(overdue > 0).then_some(" !")}</span>
                <span class="g-tip" aria-hidden="true">{tip}</span>
            </a>
        })
    }
}
