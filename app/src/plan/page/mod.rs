//! The progress plan page: a table of activities × half-years that the
//! project leader edits in place. Arrow keys move between cells, digits 0–6
//! set the marks of the mode in use (planned or actual), Enter opens the
//! details of a cell and its activity. Every cell says whether its last
//! change is saving, saved or refused. A view of the past is read-only.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::domain::{
    Achievement, ActivityStatus, ActualCell, HalfYear, Plan, PlanRow, SubProjectRef,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::layout::{AsOfBanner, Loading, save_then_reload, show_page, use_as_of_param};
use crate::project::{ProjectNav, use_project_key};
use crate::window::{BLOCK, RowStore, RowWindow};

use crate::plan::inputs::*;
use crate::plan::{
    add_activity, archive_activity, get_plan, get_plan_rows, move_activity, rename_activity,
    set_activity_progress, set_actual, set_planned_marks,
};

mod details;
mod forms;
mod grid;

use details::*;
use forms::*;
use grid::*;

/// A column heading as the language writes it: "2009 1. halvår", "2009 halvår 1", "H1 2009".
pub fn half_year_label(locale: Locale, half_year: HalfYear) -> String {
    td_string!(
        locale,
        half_year,
        year = half_year.year(),
        half = half_year.half()
    )
    .to_string()
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let key = use_project_key();
    let params = use_params_map();
    let sub_project = Memo::new(move |_| params.read().get("sub"));
    let as_of = use_as_of_param();
    let plan = crate::wire::resource(
        move || (key.get(), sub_project.get(), as_of.get()),
        |(key, sub, as_of)| get_plan(key, sub, as_of),
    );
    let reload = Callback::new(move |_: ()| plan.refetch());
    let place = StoredValue::new(None::<Place>);
    view! {
        <ProjectNav />
        // Transition keeps the current table on screen while the next plan loads.
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let as_of = as_of.get_untracked();
                show_page(plan.await, move |plan| view! { <PlanView plan as_of reload place /> })
            })}
        </Transition>
    }
}

/// Where the leader was in a plan when it reloaded after a change of its
/// shape (a row added, renamed, moved, archived): the new table opens there.
#[derive(Clone, Debug, PartialEq)]
struct Place {
    plan: String,
    focus: (usize, usize),
    scroll_top: f64,
}

/// A row's height in pixels until the page has measured one (style/main.css
/// gives rows a fixed height).
const ROW_HEIGHT: f64 = 54.0;

/// Which marks the digits set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Planned,
    Actual,
}

/// The fate of a cell's last change.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(String),
}

impl SaveState {
    fn code(&self) -> &'static str {
        match self {
            SaveState::Idle => "idle",
            SaveState::Saving => "saving",
            SaveState::Saved => "saved",
            SaveState::Failed(_) => "error",
        }
    }
}

/// One cell, live in the page.
#[derive(Clone, Copy)]
struct Cell {
    half_year: HalfYear,
    planned: RwSignal<u8>,
    planned_version: RwSignal<i32>,
    actual: RwSignal<Option<ActualCell>>,
    state: RwSignal<SaveState>,
    /// A value typed while the previous one was still saving.
    queued: RwSignal<Option<(Mode, u8)>>,
}

#[derive(Clone)]
struct Row {
    key: String,
    name: String,
    version: RwSignal<i32>,
    status: ActivityStatus,
    percent_complete: u8,
    actual_start: Option<chrono::NaiveDate>,
    actual_end: Option<chrono::NaiveDate>,
    cells: Vec<Cell>,
}

/// The identity of a plan as shown: which project, scope and moment.
fn plan_identity(plan: &Plan) -> String {
    format!(
        "{}/{}/{:?}",
        plan.project_key,
        plan.sub_project.as_ref().map_or("", |s| s.key.as_str()),
        plan.view.as_of
    )
}

fn live_rows(rows: &[PlanRow], columns: &[HalfYear]) -> Vec<Row> {
    rows.iter()
        .map(|row: &PlanRow| Row {
            key: row.key.clone(),
            name: row.name.clone(),
            version: RwSignal::new(row.version),
            status: row.status,
            percent_complete: row.percent_complete,
            actual_start: row.actual_start,
            actual_end: row.actual_end,
            cells: columns
                .iter()
                .enumerate()
                .map(|(i, &half_year)| Cell {
                    half_year,
                    planned: RwSignal::new(row.marks.get(i).copied().unwrap_or(0)),
                    planned_version: RwSignal::new(row.mark_versions.get(i).copied().unwrap_or(0)),
                    actual: RwSignal::new(row.actual.get(i).cloned().flatten()),
                    state: RwSignal::new(SaveState::Idle),
                    queued: RwSignal::new(None),
                })
                .collect(),
        })
        .collect()
}

/// The words for an error, in the reader's language, with the server's detail.
fn error_text(locale: Locale, error: &AppError) -> String {
    let general = match error {
        AppError::Conflict { .. } => td_string!(locale, error_conflict),
        AppError::Invalid { .. }
        | AppError::Clash { .. }
        | AppError::BadParameter { .. }
        | AppError::TooLarge { .. }
        | AppError::InvalidFile { .. } => td_string!(locale, error_invalid),
        AppError::NotFound { .. } => td_string!(locale, error_not_found),
        AppError::Unauthorised => td_string!(locale, error_unauthorised),
        AppError::BadCredentials => td_string!(locale, error_bad_credentials),
        AppError::TooManyAttempts { .. } => td_string!(locale, error_too_many_attempts),
        AppError::Busy { .. } => td_string!(locale, error_busy),
        AppError::Overloaded { .. } => td_string!(locale, error_overloaded),
        AppError::Forbidden => td_string!(locale, error_forbidden),
        AppError::Database => td_string!(locale, error_database),
        AppError::Transport(_) => td_string!(locale, error_transport),
    };
    format!("{general} ({error})")
}

pub fn achievement_label(locale: Locale, achievement: Achievement) -> &'static str {
    match achievement {
        Achievement::Fully => td_string!(locale, achievement_fully),
        Achievement::Partly => td_string!(locale, achievement_partly),
        Achievement::NotAchieved => td_string!(locale, achievement_not_achieved),
        Achievement::NotDue => td_string!(locale, achievement_not_due),
    }
}

pub fn activity_status_label(locale: Locale, status: ActivityStatus) -> &'static str {
    match status {
        ActivityStatus::NotStarted => td_string!(locale, activity_not_started),
        ActivityStatus::InProgress => td_string!(locale, activity_in_progress),
        ActivityStatus::Delayed => td_string!(locale, activity_delayed),
        ActivityStatus::Done => td_string!(locale, activity_done),
        ActivityStatus::Cancelled => td_string!(locale, activity_cancelled),
    }
}

/// Everything the page's editing parts share.
#[derive(Clone, Copy)]
struct Editor {
    project: StoredValue<String>,
    /// The sub-project's key and the `as_of` parameter, for fetching rows.
    scope: StoredValue<(Option<String>, Option<String>)>,
    /// The rows the page has got; only those in `window` are in the page.
    store: RowStore<Row>,
    window: RowWindow,
    half_years: StoredValue<Vec<HalfYear>>,
    columns: usize,
    mode: RwSignal<Mode>,
    /// The cell that has (or last had) the keyboard focus, by row and column
    /// among all rows, whether or not that row is in the page.
    focus: RwSignal<(usize, usize)>,
    /// Set when the focus should move to `focus` as soon as that cell is in
    /// the page.
    focus_wanted: RwSignal<bool>,
    details: RwSignal<Option<(usize, usize)>>,
    announce: RwSignal<String>,
    reload: Callback<()>,
    editable: bool,
}

impl Editor {
    fn cell(&self, row: usize, column: usize) -> Option<(String, Cell)> {
        self.store
            .get(row)
            .and_then(|r| r.cells.get(column).map(|c| (r.key.clone(), *c)))
    }

    /// Moves the keyboard focus to a cell, scrolling its row into the page.
    fn focus_cell(&self, row: usize, column: usize) {
        self.focus.set((row, column));
        self.window.reveal(row);
        self.focus_wanted.set(true);
    }

    /// Fetches the rows near the viewport that the page has not got yet.
    fn fetch_missing(&self, range: std::ops::Range<usize>, owner: Option<Owner>) {
        let total = self.window.total();
        let near = range.start.saturating_sub(BLOCK / 2)..(range.end + BLOCK / 2).min(total);
        let i18n = use_i18n();
        for block in self.store.claim_missing(near) {
            let editor = *self;
            let owner = owner.clone();
            let (sub_project, as_of) = self.scope.get_value();
            spawn_local(async move {
                let answer = get_plan_rows(
                    editor.project.get_value(),
                    sub_project,
                    as_of,
                    block.start,
                    block.len(),
                )
                .await;
                match answer {
                    // Rows added or archived meanwhile shift every index: start over.
                    Ok(window) if window.row_count != total => editor.reload.run(()),
                    Ok(window) => {
                        let make = || {
                            editor
                                .half_years
                                .with_value(|columns| live_rows(&window.rows, columns))
                        };
                        let rows = match &owner {
                            Some(owner) => owner.with(make),
                            None => make(),
                        };
                        editor.store.put(window.first_row, rows);
                    }
                    Err(error) => {
                        editor.store.release(&block);
                        editor
                            .announce
                            .set(error_text(i18n.get_locale_untracked(), &error));
                    }
                }
            });
        }
    }

    /// Sets the marks of the mode in use, saving in the background. A digit
    /// typed while the cell is still saving waits for that save.
    fn set_marks(&self, row: usize, column: usize, marks: u8, locale: Locale) {
        let Some((activity, cell)) = self.cell(row, column) else {
            return;
        };
        let mode = self.mode.get_untracked();
        if cell.state.get_untracked() == SaveState::Saving {
            cell.queued.set(Some((mode, marks)));
            return;
        }
        let editor = *self;
        match mode {
            Mode::Planned => {
                let before = cell.planned.get_untracked();
                if before == marks {
                    return;
                }
                cell.planned.set(marks);
                cell.state.set(SaveState::Saving);
                let input = PlannedMarks {
                    half_year: cell.half_year.to_string(),
                    marks: i64::from(marks),
                    version: cell.planned_version.get_untracked(),
                };
                spawn_local(async move {
                    let result =
                        set_planned_marks(editor.project.get_value(), activity, input).await;
                    match result {
                        Ok(saved) => {
                            cell.planned_version.set(saved.version);
                            editor.finish(cell, row, column, locale);
                        }
                        Err(error) => {
                            cell.planned.set(before);
                            editor.fail(cell, &error, locale);
                        }
                    }
                });
            }
            Mode::Actual => {
                let before = cell.actual.get_untracked();
                let (achievement, comment, version) = match &before {
                    Some(a) => (a.achievement, a.comment.clone(), a.version),
                    None => (Achievement::NotDue, String::new(), 0),
                };
                self.save_actual(row, column, marks, achievement, comment, version, locale);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn save_actual(
        &self,
        row: usize,
        column: usize,
        marks: u8,
        achievement: Achievement,
        comment: String,
        version: i32,
        locale: Locale,
    ) {
        let Some((activity, cell)) = self.cell(row, column) else {
            return;
        };
        let editor = *self;
        let before = cell.actual.get_untracked();
        cell.actual.set(Some(ActualCell {
            marks,
            achievement,
            comment: comment.clone(),
            version,
        }));
        cell.state.set(SaveState::Saving);
        let input = ActualProgress {
            half_year: cell.half_year.to_string(),
            marks: i64::from(marks),
            achievement,
            comment,
            version,
        };
        spawn_local(async move {
            match set_actual(editor.project.get_value(), activity, input).await {
                Ok(saved) => {
                    cell.actual.update(|a| {
                        if let Some(a) = a {
                            a.version = saved.version;
                        }
                    });
                    editor.finish(cell, row, column, locale);
                }
                Err(error) => {
                    cell.actual.set(before);
                    editor.fail(cell, &error, locale);
                }
            }
        });
    }

    fn finish(&self, cell: Cell, row: usize, column: usize, locale: Locale) {
        cell.state.set(SaveState::Saved);
        self.announce
            .set(td_string!(locale, state_saved).to_owned());
        if let Some((mode, marks)) = cell.queued.get_untracked() {
            cell.queued.set(None);
            let previous = self.mode.get_untracked();
            self.mode.set(mode);
            self.set_marks(row, column, marks, locale);
            self.mode.set(previous);
        }
    }

    fn fail(&self, cell: Cell, error: &AppError, locale: Locale) {
        cell.queued.set(None);
        let text = error_text(locale, error);
        self.announce.set(text.clone());
        cell.state.set(SaveState::Failed(text));
    }

    /// Runs a write that changes the plan's shape, then reloads the plan.
    fn structural<F>(&self, write: F, error: RwSignal<Option<AppError>>)
    where
        F: std::future::Future<Output = Result<Saved, AppError>> + 'static,
    {
        save_then_reload(write, error, self.reload, || {});
    }
}

#[component]
fn PlanView(
    plan: Plan,
    /// The `as_of` parameter the plan was read with, for fetching more rows.
    as_of: Option<String>,
    reload: Callback<()>,
    place: StoredValue<Option<Place>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let project_key = plan.project_key.clone();
    let project_href = format!("/p/{}/plan", plan.project_key);
    let scope_link = |s: &SubProjectRef, planned: bool| {
        let href = format!("/p/{}/plan/{}", plan.project_key, s.key);
        let name = s.name.clone();
        view! {
            <li>
                <A href=href>
                    {name}
                    {(!planned).then(|| view! { <span class="muted">" (" {tr!(i18n, no_plan_yet)} ")"</span> })}
                </A>
            </li>
        }
    };
    // Editing only for those who may save this plan, and only the present.
    let editable = plan.view.as_of.is_now()
        && plan
            .view
            .access
            .can_edit(plan.sub_project.as_ref().map(|s| s.key.as_str()));
    let scopes = plan
        .sub_projects_with_plans
        .iter()
        .map(|s| scope_link(s, true))
        .chain(
            plan.sub_projects_without_plans
                .iter()
                .filter(|_| editable)
                .map(|s| scope_link(s, false)),
        )
        .collect_view();
    let title = plan
        .sub_project
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_else(|| plan.project_name.clone());
    let caption = match &plan.sub_project {
        Some(sub) => format!("{} – {}", plan.project_name, sub.name),
        None => plan.project_name.clone(),
    };
    let identity = plan_identity(&plan);
    let resumed = place
        .get_value()
        .filter(|p| p.plan == identity && p.focus.0 < plan.row_count);
    let window = RowWindow::new(plan.row_count, ROW_HEIGHT);
    let focus = RwSignal::new(resumed.as_ref().map_or((0, 0), |p| p.focus));
    // Before a reload, note where the leader is, to open the new table there.
    let reload = Callback::new(move |_: ()| {
        place.set_value(Some(Place {
            plan: identity.clone(),
            focus: focus.get_untracked(),
            scroll_top: window.scroll_top(),
        }));
        reload.run(());
    });
    let editor = Editor {
        project: StoredValue::new(project_key.clone()),
        scope: StoredValue::new((plan.sub_project.as_ref().map(|s| s.key.clone()), as_of)),
        store: RowStore::new(
            plan.row_count,
            plan.first_row,
            live_rows(&plan.rows, &plan.columns),
        ),
        window,
        half_years: StoredValue::new(plan.columns.clone()),
        columns: plan.columns.len(),
        mode: RwSignal::new(Mode::Planned),
        focus,
        focus_wanted: RwSignal::new(false),
        details: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
        reload,
        editable,
    };
    let view_info = plan.view.clone();
    let columns = plan.columns.clone();
    let headings = columns
        .iter()
        .map(|&h| view! { <th scope="col" data-half-year=h.to_string()>{move || half_year_label(i18n.get_locale(), h)}</th> })
        .collect_view();
    let file_links = view! {
        <crate::plan_io::PlanFileLinks
            project=project_key.clone()
            sub=plan.sub_project.as_ref().map(|s| s.key.clone())
            as_of=editor.scope.get_value().1
            baseline=None
        />
    };
    let is_empty = plan.row_count == 0;
    let row_count = plan.row_count;
    let column_count = columns.len();

    // In the browser: measure the viewport, follow its size, open where the
    // leader was before a reload, and fetch rows as they come near.
    let owner = Owner::current();
    Effect::new(move |_| {
        let resumed = resumed.clone();
        window.measure_after_layout(move || {
            if let Some(place) = &resumed {
                window.scroll_to(place.scroll_top);
            }
        });
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| window.measure());
    on_cleanup(move || resize.remove());
    Effect::new(move |_| editor.fetch_missing(window.range().get(), owner.clone()));
    window.print_whole(move || editor.store.all_here());

    let spacer = move |height: f64| {
        (height > 0.0).then(|| {
            view! {
                <tr class="spacer" aria-hidden="true">
                    <td colspan=column_count + 1 style:height=format!("{height}px")></td>
                </tr>
            }
        })
    };
    let body = view! {
        {move || spacer(window.space_before())}
        <For
            each=move || {
                window.range().get().map(|r| (r, editor.store.has(r))).collect::<Vec<_>>()
            }
            key=|entry| *entry
            children=move |(r, here)| match here.then(|| editor.store.get(r)).flatten() {
                Some(row) => view! { <GridRow editor r row /> }.into_any(),
                None => view! { <PendingRow r columns=column_count /> }.into_any(),
            }
        />
        {move || spacer(window.space_after())}
    };

    // Computed while rendering, not inside <Title>: see `AppTitle`.
    let page_title = {
        let title = title.clone();
        move || {
            let text = format!(
                "{} – {title} – Framdrift",
                td_string!(i18n.get_locale(), plan_heading)
            );
            crate::layout::page_title(text)
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let (row, column) = editor.focus.get_untracked();
        let last_row = row_count.saturating_sub(1);
        let last_column = editor.columns.saturating_sub(1);
        let page = window.rows_per_page();
        let key = event.key();
        let ctrl = event.ctrl_key() || event.meta_key();
        // The keys of the WAI-ARIA grid pattern.
        let target = match key.as_str() {
            "ArrowUp" => Some((row.saturating_sub(1), column)),
            "ArrowDown" => Some(((row + 1).min(last_row), column)),
            "ArrowLeft" => Some((row, column.saturating_sub(1))),
            "ArrowRight" => Some((row, (column + 1).min(last_column))),
            "PageUp" => Some((row.saturating_sub(page), column)),
            "PageDown" => Some(((row + page).min(last_row), column)),
            "Home" if ctrl => Some((0, 0)),
            "End" if ctrl => Some((last_row, last_column)),
            "Home" => Some((row, 0)),
            "End" => Some((row, last_column)),
            _ => None,
        };
        if let Some((r, c)) = target {
            event.prevent_default();
            editor.focus_cell(r, c);
            return;
        }
        if key == "Enter" || key == "F2" {
            event.prevent_default();
            if editor.store.get(row).is_some() {
                editor.details.set(Some((row, column)));
            }
            return;
        }
        if key == "Escape" {
            editor.details.set(None);
            return;
        }
        if editor.editable
            && let Some(marks) = key.parse::<u8>().ok().filter(|m| *m <= 6)
        {
            event.prevent_default();
            editor.set_marks(row, column, marks, i18n.get_locale_untracked());
        }
    };

    // A focused cell about to leave the page hands the focus to the scrolling
    // container, where the keys keep working from the same cell.
    let on_scroll = move |_| {
        window.on_scroll();
        #[cfg(feature = "hydrate")]
        if !window
            .range()
            .get_untracked()
            .contains(&editor.focus.get_untracked().0)
            && let Some(container) = window.container.get_untracked()
            && document().active_element().is_some_and(|active| {
                container.contains(Some(&active)) && !active.is_same_node(Some(&container))
            })
        {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = container.focus_with_options(&options);
        }
    };

    view! {
        {page_title}
        <section class="page plan-page">
            <h1>
                <span class="eyebrow">{tr!(i18n, plan_heading)}</span>
                <span class="plan-title">{title}</span>
            </h1>
            {view! { <AsOfBanner view=view_info /> }.into_any()}
            <nav class="plan-scopes" aria-label=tr!(i18n, plan_scopes)>
                <ul>
                    <li><A href=project_href exact=true>{tr!(i18n, whole_project)}</A></li>
                    {scopes}
                </ul>
            </nav>
            {editable.then(|| view! { <ModeSwitch mode=editor.mode /> }.into_any())}
            <p class="sr-status visually-hidden" role="status" aria-live="polite">{move || editor.announce.get()}</p>
            {if is_empty {
                view! { <p class="empty">{tr!(i18n, empty_plan)}</p> }.into_any()
            } else {
                view! {
                    <p class="plan-links">
                        {file_links}
                        " · "
                        <button type="button" class="link-button" on:click=move |_| window.print()>
                            {tr!(i18n, print_whole)}
                        </button>
                    </p>
                    {move || (window.printing() && !editor.store.all_here()).then(|| view! {
                        <p class="print-note">{tr!(i18n, print_partial)}</p>
                    })}
                    <p class="grid-help muted" id="grid-help">
                        {move || if editor.editable {
                            td_string!(i18n.get_locale(), grid_help)
                        } else {
                            td_string!(i18n.get_locale(), grid_help_read_only)
                        }}
                    </p>
                    // Scrolls the table; holds the keyboard focus while the
                    // focused row is scrolled out of the page.
                    <div
                        class="table-scroll"
                        node_ref=window.container
                        tabindex=move || if window.range().get().contains(&editor.focus.get().0) { "-1" } else { "0" }
                        on:scroll=on_scroll
                        on:keydown=on_keydown
                    >
                        <table
                            class="plan"
                            role="grid"
                            aria-describedby="grid-help"
                            aria-readonly=(!editable).to_string()
                            aria-rowcount=row_count + 1
                            aria-colcount=column_count + 1
                        >
                            <caption class="visually-hidden">{caption}</caption>
                            <thead data-window-header="">
                                <tr aria-rowindex="1">
                                    <th scope="col">{tr!(i18n, activities)}</th>
                                    {headings}
                                </tr>
                            </thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                    <p class="legend muted">{tr!(i18n, plan_legend)}</p>
                }.into_any()
            }}
            <Details editor />
            {editable.then(|| view! {
                <AddActivityForm editor sub_project=plan.sub_project.as_ref().map(|s| s.key.clone()) />
                <ArchivedList editor archived=plan.archived.clone() />
            }.into_any())}
        </section>
    }
}
