//! The plan's grid: the mode switch, its rows and cells.

use super::*;

#[component]
pub(super) fn ModeSwitch(mode: RwSignal<Mode>) -> impl IntoView {
    let i18n = use_i18n();
    let choice = move |value: Mode, label: fn(Locale) -> &'static str| {
        view! {
            <button
                type="button"
                aria-pressed=move || (mode.get() == value).to_string()
                data-mode=match value { Mode::Planned => "planned", Mode::Actual => "actual" }
                on:click=move |_| mode.set(value)
            >
                {move || label(i18n.get_locale())}
            </button>
        }
    };
    view! {
        <div class="mode-switch" role="group" aria-label=tr!(i18n, edit_mode)>
            <span class="muted">{tr!(i18n, edit_mode)} ": "</span>
            {choice(Mode::Planned, |l| td_string!(l, mode_planned))}
            {choice(Mode::Actual, |l| td_string!(l, mode_actual))}
        </div>
    }
}

#[component]
pub(super) fn GridRow(editor: Editor, r: usize, row: Row) -> impl IntoView {
    let i18n = use_i18n();
    let cells = row
        .cells
        .iter()
        .enumerate()
        .map(|(c, cell)| view! { <GridCell editor r c cell=*cell /> })
        .collect_view();
    let open = move |_| {
        editor
            .details
            .set(Some((r, editor.focus.get_untracked().1)));
    };
    let status = row.status;
    view! {
        <tr data-activity-key=row.key.clone() data-status=status.code() data-window-row="" aria-rowindex=r + 2>
            <th scope="row">
                <div class="row-head">
                    <span class="activity-name" title=row.name.clone()>{row.name.clone()}</span>
                    <button type="button" class="row-details link-button" tabindex="-1" on:click=open>
                        <span class="visually-hidden">{tr!(i18n, details_heading)} ": " {row.name.clone()}</span>
                        <span aria-hidden="true">"⋯"</span>
                    </button>
                </div>
                {(status != ActivityStatus::NotStarted).then(|| view! {
                    <span class="activity-status muted">{move || activity_status_label(i18n.get_locale(), status)}</span>
                })}
            </th>
            {cells}
        </tr>
    }
}

/// A row still on its way from the server.
#[component]
pub(super) fn PendingRow(r: usize, columns: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <tr class="pending-row" data-window-row="" aria-rowindex=r + 2 aria-busy="true">
            <th scope="row"><span class="activity-name muted">{tr!(i18n, loading)}</span></th>
            <td colspan=columns></td>
        </tr>
    }
}

#[component]
pub(super) fn GridCell(editor: Editor, r: usize, c: usize, cell: Cell) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || {
        let locale = i18n.get_locale();
        let when = half_year_label(locale, cell.half_year);
        let planned = cell.planned.get();
        let mut text = if planned == 0 {
            format!("{when}: {}", td_string!(locale, no_marks))
        } else {
            format!(
                "{when}: {}",
                td_string!(locale, marks_label, count = planned)
            )
        };
        if let Some(actual) = cell.actual.get() {
            text.push_str(&format!(
                "; {}",
                td_string!(locale, actual_label, count = actual.marks)
            ));
        }
        match cell.state.get() {
            SaveState::Saving => text.push_str(&format!("; {}", td_string!(locale, state_saving))),
            SaveState::Failed(_) => {
                text.push_str(&format!("; {}", td_string!(locale, state_error)))
            }
            _ => {}
        }
        text
    };
    let focused = move || editor.focus.get() == (r, c);
    let node = NodeRef::<leptos::html::Td>::new();
    // Takes the focus when asked to, also when the row has only just come
    // into the page.
    Effect::new(move |_| {
        if editor.focus_wanted.get()
            && focused()
            && let Some(element) = node.get()
        {
            let _ = element.focus();
            editor.focus_wanted.set(false);
        }
    });
    let deviation = move || {
        let planned = cell.planned.get();
        match cell.actual.get() {
            Some(a) if a.marks < planned => "behind",
            Some(a) if a.marks > planned => "ahead",
            Some(_) => "as-planned",
            None => "",
        }
    };
    view! {
        <td
            node_ref=node
            id=format!("cell-{r}-{c}")
            class=move || format!("marks marks-{}", cell.planned.get())
            tabindex=move || if focused() { "0" } else { "-1" }
            data-half-year=cell.half_year.to_string()
            data-marks=move || cell.planned.get()
            data-actual=move || cell.actual.get().map(|a| a.marks.to_string()).unwrap_or_default()
            data-deviation=deviation
            data-state=move || cell.state.get().code()
            aria-label=label
            title=move || match cell.state.get() { SaveState::Failed(text) => text, _ => String::new() }
            on:focus=move |_| editor.focus.set((r, c))
            on:click=move |_| editor.focus_cell(r, c)
        >
            <span class="planned" aria-hidden="true">{move || "x".repeat(usize::from(cell.planned.get()))}</span>
            {move || cell.actual.get().map(|a| view! {
                <span class="actual" aria-hidden="true">{"✓".repeat(usize::from(a.marks))}</span>
            })}
            <span class="cell-state" aria-hidden="true">
                {move || match cell.state.get() {
                    SaveState::Saving => "…",
                    SaveState::Saved => "✓",
                    SaveState::Failed(_) => "!",
                    SaveState::Idle => "",
                }}
            </span>
        </td>
    }
}
