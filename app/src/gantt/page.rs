//! The Gantt page: plan against actual, per activity and half-year, with
//! milestones, meetings and status statements on the time axis. Zoom,
//! filters, baseline and as-of date live in the URL; switching them
//! navigates without a reload. The server renders the lines first on screen;
//! the page keeps only the lines in view (see `crate::window`) and fetches
//! others as they come near. Every bar and marker is a link with a spoken
//! label (to the plan table, its accessible equivalent, or the schedule),
//! reachable by Tab; the arrow keys move between the bars.

use chrono::NaiveDate;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::dates::{format_date, format_date_range};
use crate::domain::{ActivityStatus, HalfYear, Milestone};
use crate::i18n::*;
use crate::layout::{AsOfBanner, Loading, show_page};
use crate::plan::half_year_label;
use crate::project::{ProjectNav, use_project_key};
use crate::schedule::{meeting_kind_label, milestone_status_label};
use crate::window::{BLOCK, RowStore, RowWindow};

use super::layout::{
    Deviation, HalfYearScale, MARKER_WIDTH, MilestoneMark, days_of, half_year_width,
    milestone_marks, milestone_overdue, milestone_span, names_column,
};
use super::view::{
    ActivityLine, Gantt, GanttCell, GanttQuery, GroupLine, Line, TickLabel, Zoom, ticks,
};
use super::{get_gantt, get_gantt_lines};

/// A line's height in pixels until the page has measured one (style/main.css
/// gives lines a fixed height).
const LINE_HEIGHT: f64 = 48.0;

/// `?name=value&…` for a view, or nothing for the default view.
fn query_string(query: &GanttQuery) -> String {
    let params = query.params();
    if params.is_empty() {
        return String::new();
    }
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    format!("?{encoded}")
}

/// The page's address for a view.
pub fn gantt_href(project: &str, query: &GanttQuery) -> String {
    format!("/p/{project}/gantt{}", query_string(query))
}

/// The file of the chart (`svg` or `png`) with the page's view.
fn file_href(project: &str, query: &GanttQuery, extension: &str) -> String {
    let view = GanttQuery {
        zoom: Zoom::default(),
        ..query.clone()
    };
    format!("/p/{project}/gantt.{extension}{}", query_string(&view))
}

#[component]
pub fn GanttPage() -> impl IntoView {
    let key = use_project_key();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| GanttQuery::from_params(|name| p.get(name))));
    // Zoom is drawn in the page; everything else in the query is data.
    let data_query = Memo::new(move |_| GanttQuery {
        zoom: Zoom::default(),
        ..query.get()
    });
    let gantt = crate::wire::resource(
        move || (key.get(), data_query.get()),
        |(key, query)| get_gantt(key, query),
    );
    let reload = Callback::new(move |_: ()| gantt.refetch());
    view! {
        <ProjectNav />
        // Transition keeps the current chart on screen while the next loads.
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let fetched = data_query.get_untracked();
                show_page(
                    gantt.await,
                    move |gantt| view! { <GanttView gantt fetched query reload /> },
                )
            })}
        </Transition>
    }
}

/// What every part of the chart needs.
#[derive(Clone, Copy)]
struct Chart {
    project: StoredValue<String>,
    /// The query the lines were read with, for fetching more.
    fetched: StoredValue<GanttQuery>,
    /// The query in the URL, zoom included.
    query: Memo<GanttQuery>,
    scale: Memo<HalfYearScale>,
    /// The names column's width in pixels (read by the browser's keyboard
    /// handling; the server lays out with it before).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    names: Memo<f64>,
    /// The half-years whose bars the page holds (all but the edges of a
    /// chart zoomed in wider than the screen are left out).
    columns: Memo<std::ops::Range<usize>>,
    day: NaiveDate,
    today: NaiveDate,
    as_of: bool,
    store: RowStore<Line>,
    window: RowWindow,
    /// The line whose first bar should take the focus once it is in the page.
    focus_wanted: RwSignal<Option<usize>>,
    go: Callback<GanttQuery>,
    reload: Callback<()>,
}

impl Chart {
    /// The plan table a bar leads to, at the same moment.
    fn plan_href(&self, plan: Option<&str>) -> String {
        let project = self.project.get_value();
        let base = match plan {
            Some(sub) => format!("/p/{project}/plan/{sub}"),
            None => format!("/p/{project}/plan"),
        };
        match self.fetched.with_value(|q| q.as_of.clone()) {
            Some(as_of) => format!("{base}?as_of={as_of}"),
            None => base,
        }
    }

    fn schedule_href(&self) -> String {
        format!("/p/{}/schedule", self.project.get_value())
    }

    fn fetch_missing(&self, range: std::ops::Range<usize>) {
        let total = self.window.total();
        let near = range.start.saturating_sub(BLOCK / 2)..(range.end + BLOCK / 2).min(total);
        for block in self.store.claim_missing(near) {
            let chart = *self;
            spawn_local(async move {
                let answer = get_gantt_lines(
                    chart.project.get_value(),
                    chart.fetched.get_value(),
                    block.start,
                    block.len(),
                )
                .await;
                match answer {
                    // Lines added or removed meanwhile shift every index: start over.
                    Ok(window) if window.line_count != total => chart.reload.run(()),
                    Ok(window) => chart.store.put(window.first_line, window.lines),
                    Err(_) => chart.store.release(&block),
                }
            });
        }
    }
}

fn marks_text(marks: u8) -> String {
    "x".repeat(usize::from(marks))
}

fn quarter_label(locale: Locale, year: i32, quarter: u32) -> String {
    match locale {
        Locale::nb => format!("{quarter}. kv. {year}"),
        Locale::sv => format!("kv. {quarter} {year}"),
        Locale::en => format!("Q{quarter} {year}"),
    }
}

fn month_label(locale: Locale, year: i32, month: u32) -> String {
    const NB: [&str; 12] = [
        "jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
        "des.",
    ];
    const SV: [&str; 12] = [
        "jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let names = match locale {
        Locale::nb => NB,
        Locale::sv => SV,
        Locale::en => EN,
    };
    let index = (month.clamp(1, 12) - 1) as usize;
    format!("{} {year}", names[index])
}

fn tick_label(locale: Locale, label: TickLabel) -> String {
    match label {
        TickLabel::Quarter { year, quarter } => quarter_label(locale, year, quarter),
        TickLabel::Month { year, month } => month_label(locale, year, month),
        TickLabel::ProjectMonth(n) => format!("M{n}"),
    }
}

fn zoom_label(locale: Locale, zoom: Zoom) -> &'static str {
    match zoom {
        Zoom::HalfYears => td_string!(locale, zoom_half_years),
        Zoom::Quarters => td_string!(locale, zoom_quarters),
        Zoom::Months => td_string!(locale, zoom_months),
        Zoom::ProjectMonths => td_string!(locale, zoom_project_months),
    }
}

/// The spoken label of one half-year of an activity:
/// "Informasjonsspredning, 2010 1. halvår: planlagt xxx, faktisk xx, forsinket".
pub fn cell_label(locale: Locale, name: &str, cell: &GanttCell) -> String {
    let amount = |marks: Option<u8>| match marks.filter(|m| *m > 0) {
        Some(m) => marks_text(m),
        None => td_string!(locale, gantt_nothing).to_owned(),
    };
    let mut label = format!(
        "{name}, {}: {} {}, {} {}",
        half_year_label(locale, cell.half_year),
        td_string!(locale, gantt_planned),
        amount(Some(cell.planned)),
        td_string!(locale, gantt_actual),
        amount(cell.actual),
    );
    if let Some(baseline) = cell.baseline {
        label.push_str(&format!(
            ", {} {}",
            td_string!(locale, gantt_baseline_word),
            amount(Some(baseline))
        ));
    }
    match cell.deviation {
        Some(Deviation::Behind) => {
            label.push_str(&format!(", {}", td_string!(locale, gantt_behind)));
        }
        Some(Deviation::Unplanned) => {
            label.push_str(&format!(", {}", td_string!(locale, gantt_unplanned)));
        }
        None => {}
    }
    label
}

#[component]
fn GanttView(
    mut gantt: Gantt,
    fetched: GanttQuery,
    query: Memo<GanttQuery>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project = gantt.project_key.clone();
    let navigate = use_navigate();
    let go = {
        let project = project.clone();
        Callback::new(move |next: GanttQuery| {
            navigate(
                &gantt_href(&project, &next),
                NavigateOptions {
                    scroll: false,
                    ..Default::default()
                },
            );
        })
    };
    let columns = gantt.columns.clone();
    let first_column = columns
        .first()
        .copied()
        .unwrap_or_else(|| HalfYear::containing(gantt.period.start));
    let window = RowWindow::new(gantt.line_count, LINE_HEIGHT);
    let need = f64::from(gantt.names_width);
    let count = columns.len();
    let names = Memo::new(move |_| {
        let least = query.with(|q| q.zoom).half_year_width();
        names_column(need, window.width(), count, least)
    });
    let scale = Memo::new({
        let columns = columns.clone();
        move |_| {
            let width = half_year_width(
                query.with(|q| q.zoom).half_year_width(),
                window.width(),
                names.get(),
                columns.len(),
            );
            HalfYearScale::new(&columns, width).unwrap_or(HalfYearScale {
                first: first_column,
                count: 1,
                width,
            })
        }
    });
    // The names stay on screen (sticky): the track shows beside them.
    let columns = Memo::new(move |_| {
        scale
            .get()
            .columns_in_view(window.scroll_left(), window.width() - names.get())
    });
    let lines = std::mem::take(&mut gantt.lines);
    let chart = Chart {
        project: StoredValue::new(project.clone()),
        fetched: StoredValue::new(fetched.clone()),
        query,
        scale,
        names,
        columns,
        day: gantt.day,
        today: gantt.today,
        as_of: !gantt.view.as_of.is_now(),
        store: RowStore::new(gantt.line_count, gantt.first_line, lines),
        window,
        focus_wanted: RwSignal::new(None),
        go,
        reload,
    };
    let line_count = gantt.line_count;
    let ready = RwSignal::new(false);

    // In the browser: measure the viewport, follow its size, fetch lines as
    // they come near, and say the chart is live.
    Effect::new(move |_| window.measure_after_layout(move || ready.set(true)));
    let resize = window_event_listener(leptos::ev::resize, move |_| window.measure());
    on_cleanup(move || resize.remove());
    Effect::new(move |_| chart.fetch_missing(window.range().get()));
    // Zooming changes no line's height, but the header may grow a row.
    Effect::new(move |previous: Option<Zoom>| {
        let zoom = query.with(|q| q.zoom);
        if previous.is_some_and(|p| p != zoom) {
            window.measure();
        }
        zoom
    });
    Effect::new(move |_| {
        let Some(line) = chart.focus_wanted.get() else {
            return;
        };
        if window.range().get().contains(&line) && chart.store.has(line) {
            #[cfg(feature = "hydrate")]
            {
                let moved = focus_item(&chart, line, ItemAt::First);
                if moved || line + 1 >= window.total() {
                    chart.focus_wanted.set(None);
                } else {
                    // A line without bars: on to the next.
                    window.reveal(line + 1);
                    chart.focus_wanted.set(Some(line + 1));
                }
            }
        }
    });

    let title = match &gantt.sub_project {
        Some(sub) => format!("{} – {}", gantt.project_name, sub.name),
        None => gantt.project_name.clone(),
    };
    let page_title = {
        let title = title.clone();
        move || {
            let text = format!(
                "{} – {title} – Framdrift",
                td_string!(i18n.get_locale(), nav_gantt)
            );
            crate::layout::page_title(text)
        }
    };
    let table_href = chart.plan_href(gantt.sub_project.as_ref().map(|s| s.key.as_str()));
    let svg_href = file_href(&project, &fetched, "svg");
    let png_href = file_href(&project, &fetched, "png");
    let controls = view! {
        <Controls
            chart
            sub_projects=gantt.sub_projects.clone()
            partners=gantt.partners.clone()
            baselines=gantt.baselines.clone()
        />
    };
    let header = view! { <ChartHeader chart gantt=gantt.clone() /> };
    let spacer = move |height: f64| {
        (height > 0.0).then(|| {
            view! { <div class="g-spacer" aria-hidden="true" style:height=format!("{height}px")></div> }
        })
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        #[cfg(feature = "hydrate")]
        on_chart_key(&chart, &event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    // The names column's width for the CSS, and the whole chart's width.
    let content_style = move || {
        let names = names.get();
        format!("--names:{names}px;width:{}px", names + scale.get().total())
    };

    view! {
        {page_title}
        <section class="page gantt-page">
            <h1>
                <span class="eyebrow">{tr!(i18n, gantt_heading)}</span>
                <span class="plan-title">{title}</span>
            </h1>
            <AsOfBanner view=gantt.view.clone() />
            {controls}
            <p class="gantt-links">
                <a href=table_href>{tr!(i18n, gantt_table)}</a>
                " · "
                {tr!(i18n, gantt_download)}
                " "
                <a href=svg_href download>"SVG"</a>
                " "
                {if gantt.png_fits {
                    view! { <a href=png_href download>"PNG"</a> }.into_any()
                } else {
                    view! { <span class="muted">{tr!(i18n, gantt_png_too_tall)}</span> }.into_any()
                }}
            </p>
            <Legend baseline=gantt.baseline.as_ref().map(|b| b.name.clone()) />
            <p class="grid-help muted" id="gantt-help">{tr!(i18n, gantt_help)}</p>
            <div
                class="gantt"
                data-ready=move || ready.get().then_some("true")
                data-lines=line_count
            >
                <div
                    class="gantt-scroll"
                    role="region"
                    tabindex="0"
                    aria-label=tr!(i18n, gantt_chart_label)
                    aria-describedby="gantt-help"
                    node_ref=window.container
                    on:scroll=move |_| window.on_scroll()
                    on:keydown=on_keydown
                >
                    <div class="gantt-content" style=content_style>
                        {header}
                        {(line_count == 0).then(|| view! {
                            <p class="empty g-empty">{tr!(i18n, gantt_no_lines)}</p>
                        })}
                        {move || spacer(window.space_before())}
                        <For
                            each=move || {
                                window.range().get().map(|i| (i, chart.store.has(i))).collect::<Vec<_>>()
                            }
                            key=|entry| *entry
                            children=move |(i, here)| match here.then(|| chart.store.get(i)).flatten() {
                                Some(Line::Activity(line)) => view! { <ActivityRow chart i line /> }.into_any(),
                                Some(Line::Group(line)) => view! { <GroupRow chart i line /> }.into_any(),
                                None => view! {
                                    <div class="g-line g-pending" data-window-row data-line=i aria-hidden="true">
                                        <div class="g-name"></div>
                                    </div>
                                }.into_any(),
                            }
                        />
                        {move || spacer(window.space_after())}
                    </div>
                </div>
            </div>
        </section>
    }
}

#[cfg(feature = "hydrate")]
#[derive(Clone, Copy)]
enum ItemAt {
    First,
    Last,
    Index(usize),
}

/// Focuses a bar (or a group's button) of line `line`; false when that
/// line is not in the page or has none there.
#[cfg(feature = "hydrate")]
fn focus_item(chart: &Chart, line: usize, at: ItemAt) -> bool {
    use leptos::wasm_bindgen::JsCast;
    let Some(container) = chart.window.container.get_untracked() else {
        return false;
    };
    let selector = match at {
        ItemAt::First => format!("[data-line=\"{line}\"] [data-i]"),
        ItemAt::Last => format!("[data-line=\"{line}\"] [data-last]"),
        ItemAt::Index(i) => format!("[data-line=\"{line}\"] [data-i=\"{i}\"]"),
    };
    container
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.focus().is_ok())
}

/// Scrolls bar `item` of line `line`, left out of the page beyond the
/// columns in view, into view, and focuses it once it is drawn.
#[cfg(feature = "hydrate")]
fn reveal_and_focus(chart: &Chart, line: usize, item: usize) {
    let Some(Line::Activity(activity)) = chart.store.get(line) else {
        return;
    };
    let Some(cell) = activity.cells.get(item) else {
        return;
    };
    let scale = chart.scale.get_untracked();
    let Ok(column) = usize::try_from(scale.column(cell.half_year)) else {
        return;
    };
    let view = chart.window.width_untracked() - chart.names.get_untracked();
    if let Some(left) = scale.reveal(column, chart.window.scroll_left_untracked(), view) {
        chart.window.scroll_left_to(left);
    }
    // The page redraws the bars in view before the next frame.
    let chart = *chart;
    request_animation_frame(move || {
        focus_item(&chart, line, ItemAt::Index(item));
    });
}

/// The arrow keys between bars: left and right along a line, up and down to
/// the first bar of the line above or below; Home and End to a line's ends.
#[cfg(feature = "hydrate")]
fn on_chart_key(chart: &Chart, event: &leptos::ev::KeyboardEvent) {
    use leptos::wasm_bindgen::JsCast;
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(item) = target
        .get_attribute("data-i")
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return;
    };
    let Some(line) = target
        .closest("[data-line]")
        .ok()
        .flatten()
        .and_then(|l| l.get_attribute("data-line"))
        .and_then(|l| l.parse::<usize>().ok())
    else {
        return;
    };
    let total = chart.window.total();
    let handled = match event.key().as_str() {
        "ArrowRight" => {
            if !focus_item(chart, line, ItemAt::Index(item + 1)) {
                reveal_and_focus(chart, line, item + 1);
            }
            true
        }
        "ArrowLeft" => {
            if item > 0 && !focus_item(chart, line, ItemAt::Index(item - 1)) {
                reveal_and_focus(chart, line, item - 1);
            }
            true
        }
        "Home" => focus_item(chart, line, ItemAt::First),
        "End" => focus_item(chart, line, ItemAt::Last),
        "ArrowDown" if line + 1 < total => {
            chart.window.reveal(line + 1);
            chart.focus_wanted.set(Some(line + 1));
            true
        }
        "ArrowUp" if line > 0 => {
            chart.window.reveal(line - 1);
            if !focus_item(chart, line - 1, ItemAt::First) {
                chart.focus_wanted.set(Some(line - 1));
            }
            true
        }
        _ => false,
    };
    if handled {
        event.prevent_default();
    }
}

/// Zoom, filters, baseline and as-of date; each change is a new URL.
#[component]
fn Controls(
    chart: Chart,
    sub_projects: Vec<crate::domain::SubProjectRef>,
    partners: Vec<super::view::PartnerRef>,
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
fn Legend(baseline: Option<String>) -> impl IntoView {
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

/// A line's track: as wide as the axis, half-year gridlines every `--hw`.
fn track_style(scale: HalfYearScale) -> String {
    format!("width:{}px;--hw:{}px", scale.total(), scale.width)
}

/// Vertical lines for today and for the day shown, in one track.
fn day_lines(chart: Chart) -> impl IntoView {
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
fn ChartHeader(chart: Chart, gantt: Gantt) -> impl IntoView {
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
        let axis = super::layout::TimeAxis::over(&columns)?;
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
    let mut series: Vec<(String, Vec<super::view::MeetingTick>)> = Vec::new();
    for meeting in &gantt.meetings {
        match series.iter_mut().find(|(key, _)| *key == meeting.series) {
            Some((_, meetings)) => meetings.push(meeting.clone()),
            None => series.push((meeting.series.clone(), vec![meeting.clone()])),
        }
    }
    let meeting_lane = move |meetings: Vec<super::view::MeetingTick>| {
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
fn milestone_marker(
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

/// Names a group's label lists before "and 12 more".
const GROUP_NAMES: usize = 8;

#[component]
fn ActivityRow(chart: Chart, i: usize, line: ActivityLine) -> impl IntoView {
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
fn GroupRow(chart: Chart, i: usize, line: GroupLine) -> impl IntoView {
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
