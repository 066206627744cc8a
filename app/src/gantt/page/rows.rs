//! The chart's lines: an activity's bars, a sub-project's heading.

use super::*;

/// Names a group's label lists before "and 12 more".
pub(super) const GROUP_NAMES: usize = 8;

#[component]
pub(super) fn ActivityRow(chart: Chart, i: usize, line: ActivityLine) -> impl IntoView {
    let i18n = use_i18n();
    let scale = chart.scale;
    let href = chart.plan_href(line.plan.as_deref());
    let name = line.name.clone();
    let count = line.cells.len();
    let cells = StoredValue::new(line.cells);
    // The bars of the half-years in view, and always the first and the last
    // (the line's tab stop, and Home and End).
    let shown = move || {
        let columns = chart.columns.get();
        let scale = scale.get();
        cells.with_value(|cells| {
            cells
                .iter()
                .enumerate()
                .filter(|(n, cell)| {
                    *n == 0
                        || n + 1 == count
                        || usize::try_from(scale.column(cell.half_year))
                            .is_ok_and(|c| columns.contains(&c))
                })
                .map(|(n, _)| n)
                .collect::<Vec<_>>()
        })
    };
    let bar = move |n: usize| {
        cells.with_value(|cells| cells.get(n).cloned()).map(|cell| {
            let (first, after) = days_of(cell.half_year);
            let style = move || {
                let (left, width) = scale.get().span(first, after, 0.0);
                format!("left:{left}px;width:{width}px")
            };
            let class = match cell.deviation {
                Some(Deviation::Behind) => "g-cell behind",
                Some(Deviation::Unplanned) => "g-cell unplanned",
                None => "g-cell",
            };
            let label = {
                let name = name.clone();
                let cell = cell.clone();
                move || cell_label(i18n.get_locale(), &name, &cell)
            };
            let baseline = cell.baseline.filter(|b| *b > 0).map(|b| {
                view! { <span class=format!("g-bar baseline m{b}") data-bar="baseline"></span> }
            });
            let planned = (cell.planned > 0).then(|| {
                view! {
                    <span class=format!("g-bar planned m{}", cell.planned) data-bar="planned">
                        {marks_text(cell.planned)}
                    </span>
                }
            });
            let actual = cell.actual.filter(|a| *a > 0).map(|a| {
                view! { <span class=format!("g-bar actual d{a}") data-bar="actual">{marks_text(a)}</span> }
            });
            let sign = match cell.deviation {
                Some(Deviation::Behind) => Some("!"),
                Some(Deviation::Unplanned) => Some("+"),
                None => None,
            };
            let tip = label.clone();
            view! {
                <a
                    class=class
                    href=href.clone()
                    style=style
                    data-half-year=cell.half_year.to_string()
                    data-i=n
                    data-last=(n + 1 == count).then_some("true")
                    tabindex=if n == 0 { "0" } else { "-1" }
                    aria-label=label.clone()
                >
                    {baseline}
                    {planned}
                    {actual}
                    {sign.map(|s| view! { <span class="g-sign" aria-hidden="true">{s}</span> })}
                    <span class="g-tip" aria-hidden="true">{tip}</span>
                </a>
            }
        })
    };
    let status = line.status;
    view! {
        <div class="g-line g-activity" data-window-row data-line=i data-key=line.key>
            <div class="g-name">
                <span class="g-title" title=line.name.clone()>{line.name.clone()}</span>
                <span class=format!("g-meta s-{}", status.code())>
                    {move || crate::plan::activity_status_label(i18n.get_locale(), status)}
                    " · "
                    {line.percent_complete}
                    " %"
                </span>
            </div>
            <div class="g-track" style=move || track_style(scale.get())>
                {day_lines(chart)}
                <For each=shown key=|n| *n children=bar />
            </div>
        </div>
    }
}

#[component]
pub(super) fn GroupRow(chart: Chart, i: usize, line: GroupLine) -> impl IntoView {
    let i18n = use_i18n();
    let scale = chart.scale;
    let key = line.key.clone();
    let toggle = move |_| chart.go.run(chart.query.get_untracked().toggled(&key));
    let span = line.first.zip(line.last).map(|(first, last)| {
        let from = days_of(first).0;
        let until = days_of(last).1;
        let percent = line.percent_complete;
        view! {
            <span
                class="g-summary"
                style=move || {
                    let (left, width) = scale.get().span(from, until, 4.0);
                    format!("left:{left}px;width:{width}px")
                }
                aria-hidden="true"
            >
                <span class="g-progress" style:width=format!("{percent}%")></span>
            </span>
        }
    });
    let activities = line.activities;
    let percent = line.percent_complete;
    let deviating = line.deviating;
    view! {
        <div class="g-line g-group" data-window-row data-line=i data-group=line.key.clone()>
            <div class="g-name">
                <button type="button" class="g-toggle" aria-expanded=if line.open { "true" } else { "false" } on:click=toggle data-i="0" data-last="true">
                    <span aria-hidden="true">{if line.open { "▾ " } else { "▸ " }}</span>
                    {line.name.clone()}
                </button>
                <span class="g-meta">
                    {move || td_string!(i18n.get_locale(), gantt_group_summary, count = activities, percent = percent).to_string()}
                    {(deviating > 0).then(|| view! {
                        " · "
                        <span class="g-deviating">
                            "! "
                            {move || td_string!(i18n.get_locale(), gantt_deviating, count = deviating).to_string()}
                        </span>
                    })}
                </span>
            </div>
            <div class="g-track" style=move || track_style(scale.get())>
                {day_lines(chart)}
                {span}
            </div>
        </div>
    }
}
