//! The chart's controls (zoom, filters, baseline, as-of date) and its legend.

use super::*;

/// Zoom, filters, baseline and as-of date; each change is a new URL.
#[component]
pub(super) fn Controls(
    chart: Chart,
    sub_projects: Vec<crate::domain::SubProjectRef>,
    partners: Vec<crate::gantt::view::PartnerRef>,
    baselines: Vec<crate::domain::Baseline>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = chart.query;
    let set = move |change: &dyn Fn(&mut GanttQuery)| {
        let mut next = query.get_untracked();
        change(&mut next);
        chart.go.run(next);
    };
    let text = |value: String| Some(value).filter(|v| !v.is_empty());
    let option = |value: String, label: String, selected: bool| {
        view! { <option value=value selected=selected>{label}</option> }
    };
    let current = query.get_untracked();
    let zoom_options = Zoom::ALL
        .iter()
        .map(|&z| {
            view! {
                <option value=z.code() selected=current.zoom == z>
                    {move || zoom_label(i18n.get_locale(), z)}
                </option>
            }
        })
        .collect_view();
    let sub_options = sub_projects
        .into_iter()
        .map(|s| {
            let selected = current.sub.as_deref() == Some(s.key.as_str());
            option(s.key, s.name, selected)
        })
        .collect_view();
    let partner_options = partners
        .into_iter()
        .map(|p| {
            let selected = current.partner.as_deref() == Some(p.key.as_str());
            option(p.key, p.name, selected)
        })
        .collect_view();
    let status_options = ActivityStatus::ALL
        .iter()
        .map(|&s| {
            view! {
                <option value=s.code() selected=current.status.as_deref() == Some(s.code())>
                    {move || crate::plan::activity_status_label(i18n.get_locale(), s)}
                </option>
            }
        })
        .collect_view();
    let baseline_options = baselines
        .into_iter()
        .map(|b| {
            let selected = current.baseline.as_deref() == Some(b.key.as_str());
            let label = format!("{} ({})", b.name, b.date);
            option(b.key, label, selected)
        })
        .collect_view();
    let as_of_value = current
        .as_of
        .clone()
        .map(|a| a.chars().take(10).collect::<String>())
        .unwrap_or_default();
    view! {
        <form
            class="gantt-controls"
            method="get"
            aria-label=tr!(i18n, gantt_controls)
            on:submit=move |event| {
                event.prevent_default();
            }
        >
            <label>
                <span>{tr!(i18n, gantt_zoom)}</span>
                <select
                    name="zoom"
                    on:change=move |e| {
                        let zoom = Zoom::from_code(&event_target_value(&e)).unwrap_or_default();
                        set(&|q| q.zoom = zoom);
                    }
                >
                    {zoom_options}
                </select>
            </label>
            <label>
                <span>{tr!(i18n, filter_sub_project)}</span>
                <select
                    name="sub"
                    on:change=move |e| {
                        let value = text(event_target_value(&e));
                        set(&|q| {
                            q.sub = value.clone();
                            q.closed.clear();
                        });
                    }
                >
                    <option value="" selected=current.sub.is_none()>{tr!(i18n, filter_all)}</option>
                    {sub_options}
                </select>
            </label>
            <label>
                <span>{tr!(i18n, gantt_partner)}</span>
                <select
                    name="partner"
                    on:change=move |e| {
                        let value = text(event_target_value(&e));
                        set(&|q| q.partner = value.clone());
                    }
                >
                    <option value="" selected=current.partner.is_none()>{tr!(i18n, filter_all)}</option>
                    {partner_options}
                </select>
            </label>
            <label>
                <span>{tr!(i18n, gantt_status)}</span>
                <select
                    name="status"
                    on:change=move |e| {
                        let value = text(event_target_value(&e));
                        set(&|q| q.status = value.clone());
                    }
                >
                    <option value="" selected=current.status.is_none()>{tr!(i18n, filter_all)}</option>
                    {status_options}
                </select>
            </label>
            <label>
                <span>{tr!(i18n, gantt_baseline)}</span>
                <select
                    name="baseline"
                    on:change=move |e| {
                        let value = text(event_target_value(&e));
                        set(&|q| q.baseline = value.clone());
                    }
                >
                    <option value="" selected=current.baseline.is_none()>{tr!(i18n, gantt_none)}</option>
                    {baseline_options}
                </select>
            </label>
            <label>
                <span>{tr!(i18n, gantt_as_of)}</span>
                <input
                    type="date"
                    name="as_of"
                    value=as_of_value
                    on:change=move |e| {
                        let value = text(event_target_value(&e));
                        set(&|q| q.as_of = value.clone());
                    }
                />
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    name="deviations"
                    value="1"
                    checked=current.deviations
                    on:change=move |e| {
                        let on = event_target_checked(&e);
                        set(&|q| q.deviations = on);
                    }
                />
                <span>{tr!(i18n, gantt_deviations)}</span>
            </label>
        </form>
    }
}

#[component]
pub(super) fn Legend(baseline: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="gantt-legend" aria-label=tr!(i18n, plan_legend)>
            <li><span class="swatch planned m4" aria-hidden="true">"xxx"</span>{tr!(i18n, mode_planned)}</li>
            <li><span class="swatch actual d4" aria-hidden="true">"xx"</span>{tr!(i18n, mode_actual)}</li>
            {baseline.map(|name| view! {
                <li><span class="swatch baseline" aria-hidden="true"></span>{tr!(i18n, kind_baseline)}": "{name}</li>
            })}
            <li><span class="swatch behind" aria-hidden="true">"!"</span>{tr!(i18n, chart_behind)}</li>
            <li><span class="swatch unplanned" aria-hidden="true">"+"</span>{tr!(i18n, chart_unplanned)}</li>
            <li><span class="diamond" aria-hidden="true"></span>{tr!(i18n, kind_milestone)}</li>
            <li><span class="tick held" aria-hidden="true"></span>{tr!(i18n, kind_meeting_outcome)}" "{tr!(i18n, meeting_held)}</li>
            <li><span class="tick not-held" aria-hidden="true"></span>{tr!(i18n, meeting_not_held)}</li>
            <li><span class="flag" aria-hidden="true">"⚑"</span>{tr!(i18n, kind_status_statement)}</li>
            <li><span class="day-line" aria-hidden="true"></span>{tr!(i18n, gantt_today)}</li>
        </ul>
    }
}
