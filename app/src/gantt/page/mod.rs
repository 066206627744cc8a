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
use crate::plan_io::PlanFileLinks;
use crate::project::{ProjectNav, use_project_key};
use crate::schedule::{meeting_kind_label, milestone_status_label};
use crate::window::{BLOCK, RowStore, RowWindow};

use crate::gantt::layout::{
    Deviation, HalfYearScale, MARKER_WIDTH, MilestoneMark, days_of, half_year_width,
    milestone_marks, milestone_overdue, milestone_span, names_column,
};
use crate::gantt::view::{
    ActivityLine, Gantt, GanttCell, GanttQuery, GroupLine, Line, TickLabel, Zoom, ticks,
};
use crate::gantt::{get_gantt, get_gantt_lines};

mod controls;
mod header;
#[cfg(feature = "hydrate")]
mod keys;
mod rows;

use controls::*;
use header::*;
#[cfg(feature = "hydrate")]
use keys::*;
use rows::*;

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

/// The width printed on, in CSS pixels: A4 landscape less the print
/// stylesheet's margins (style/main.css, `@page chart`).
const PAPER_WIDTH: f64 = 1_032.0;

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
    window.print_whole(move || chart.store.all_here());
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
    let pdf_a4_href = file_href(&project, &fetched, "pdf");
    let pdf_a3_href = format!(
        "{pdf_a4_href}{}paper=a3",
        if pdf_a4_href.contains('?') { '&' } else { '?' }
    );
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
    // The names column's width for the CSS, the whole chart's width, and
    // the scale that fits it on paper (the print stylesheet's A4 landscape
    // holds 1,032 CSS pixels between its margins: 273 mm).
    let content_style = move || {
        let names = names.get();
        let width = names + scale.get().total();
        let print_zoom = (PAPER_WIDTH / width.max(1.0)).min(1.0);
        format!("--names:{names}px;width:{width}px;--print-zoom:{print_zoom:.3}")
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
                // Shown by the browser: not a page of the app.
                " "
                <a href=pdf_a4_href rel="external">"PDF A4"</a>
                " "
                <a href=pdf_a3_href rel="external">"PDF A3"</a>
                " · "
                <PlanFileLinks
                    project=project.clone()
                    sub=fetched.sub.clone()
                    as_of=fetched.as_of.clone()
                    baseline=fetched.baseline.clone()
                />
                " · "
                <button type="button" class="link-button" on:click=move |_| window.print()>
                    {tr!(i18n, print_whole)}
                </button>
            </p>
            <Legend baseline=gantt.baseline.as_ref().map(|b| b.name.clone()) />
            <p class="grid-help muted" id="gantt-help">{tr!(i18n, gantt_help)}</p>
            {move || (window.printing() && !chart.store.all_here()).then(|| view! {
                <p class="print-note">{tr!(i18n, print_partial)}</p>
            })}
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
