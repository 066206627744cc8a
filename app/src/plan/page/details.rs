//! The selected cell's details: actual progress, and the activity's name, place, status and archiving.

use super::*;

/// The selected cell and its activity: actual progress with achievement and
/// comment, and the activity's name, place, status and archiving.
#[component]
pub(super) fn Details(editor: Editor) -> impl IntoView {
    move || {
        editor.details.get().and_then(|(r, c)| {
            let row = editor.store.get(r)?;
            let cell = *row.cells.get(c)?;
            Some(view! { <DetailsPanel editor r c row cell /> })
        })
    }
}

#[component]
pub(super) fn DetailsPanel(
    editor: Editor,
    r: usize,
    c: usize,
    row: Row,
    cell: Cell,
) -> impl IntoView {
    let i18n = use_i18n();
    let close = move || {
        editor.details.set(None);
        editor.focus_cell(r, c);
    };
    let actual = cell.actual.get_untracked();
    let actual_marks = RwSignal::new(actual.as_ref().map_or(0, |a| a.marks));
    let achievement = RwSignal::new(
        actual
            .as_ref()
            .map_or(Achievement::NotDue, |a| a.achievement),
    );
    let comment = RwSignal::new(
        actual
            .as_ref()
            .map(|a| a.comment.clone())
            .unwrap_or_default(),
    );
    let name = RwSignal::new(row.name.clone());
    let status = RwSignal::new(row.status);
    let percent = RwSignal::new(row.percent_complete.to_string());
    let start = RwSignal::new(row.actual_start.map(|d| d.to_string()).unwrap_or_default());
    let end = RwSignal::new(row.actual_end.map(|d| d.to_string()).unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let activity = StoredValue::new(row.key.clone());
    let version = row.version;
    let project = editor.project;
    let editable = editor.editable;

    let save_cell = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let version = cell.actual.get_untracked().map_or(0, |a| a.version);
        editor.save_actual(
            r,
            c,
            actual_marks.get_untracked(),
            achievement.get_untracked(),
            comment.get_untracked(),
            version,
            i18n.get_locale_untracked(),
        );
    };
    let rename = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = NewName {
            name: name.get_untracked(),
            version: version.get_untracked(),
        };
        editor.structural(
            rename_activity(project.get_value(), activity.get_value(), input),
            error,
        );
    };
    let save_progress = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let date = |text: String| {
            let text = text.trim().to_owned();
            (!text.is_empty())
                .then(|| text.parse::<chrono::NaiveDate>().ok())
                .flatten()
        };
        let input = ActivityProgress {
            status: status.get_untracked(),
            percent_complete: percent.get_untracked().trim().parse().unwrap_or(-1),
            actual_start: date(start.get_untracked()),
            actual_end: date(end.get_untracked()),
            version: version.get_untracked(),
        };
        editor.structural(
            set_activity_progress(project.get_value(), activity.get_value(), input),
            error,
        );
    };
    let shift = move |direction: Direction| {
        let input = Movement {
            direction,
            version: version.get_untracked(),
        };
        editor.structural(
            move_activity(project.get_value(), activity.get_value(), input),
            error,
        );
    };
    let archive = move |_| {
        let input = VersionOnly {
            version: version.get_untracked(),
        };
        editor.details.set(None);
        editor.structural(
            archive_activity(project.get_value(), activity.get_value(), true, input),
            error,
        );
    };
    let field_error = move |field: &'static str| {
        move || {
            error.get().filter(|e| e.field() == Some(field)).map(|e| {
                view! { <p class="field-error" role="alert">{error_text(i18n.get_locale(), &e)}</p> }
            })
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| !matches!(e.field(), Some("name" | "percent_complete" | "actual_end" | "actual_start")))
            .map(|e| view! { <p class="field-error" role="alert">{error_text(i18n.get_locale(), &e)}</p> })
    };
    let marks_options = move |selected: RwSignal<u8>| {
        (0..=6u8)
            .map(|m| view! { <option value=m.to_string() selected=move || selected.get() == m>{m.to_string()}</option> })
            .collect_view()
    };
    let cell_state = move || match cell.state.get() {
        SaveState::Failed(text) => {
            Some(view! { <p class="field-error" role="alert">{text}</p> }.into_any())
        }
        SaveState::Saved => {
            Some(view! { <p class="saved">{tr!(i18n, state_saved)}</p> }.into_any())
        }
        SaveState::Saving => {
            Some(view! { <p class="muted">{tr!(i18n, state_saving)}</p> }.into_any())
        }
        SaveState::Idle => None,
    };

    view! {
        <aside
            class="details"
            aria-labelledby="details-heading"
            on:keydown=move |e: leptos::ev::KeyboardEvent| if e.key() == "Escape" { close() }
        >
            <div class="details-head">
                <h2 id="details-heading">{row.name.clone()} " – " {move || half_year_label(i18n.get_locale(), cell.half_year)}</h2>
                <button type="button" on:click=move |_| close()>{tr!(i18n, close)}</button>
            </div>
            <form class="cell-form" on:submit=save_cell>
                <h3>{tr!(i18n, actual_heading)}</h3>
                <p class="muted">
                    {tr!(i18n, mode_planned)} ": " {move || cell.planned.get()}
                </p>
                <label>
                    {tr!(i18n, actual_marks)}
                    <select
                        name="actual_marks"
                        disabled=!editable
                        on:change=move |e| actual_marks.set(event_target_value(&e).parse().unwrap_or(0))
                    >
                        {marks_options(actual_marks)}
                    </select>
                </label>
                <label>
                    {tr!(i18n, achievement)}
                    <select
                        name="achievement"
                        disabled=!editable
                        on:change=move |e| {
                            if let Some(a) = Achievement::from_code(&event_target_value(&e)) {
                                achievement.set(a);
                            }
                        }
                    >
                        {Achievement::ALL.iter().map(|&a| view! {
                            <option value=a.code() selected=move || achievement.get() == a>
                                {move || achievement_label(i18n.get_locale(), a)}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {tr!(i18n, comment)}
                    <textarea
                        name="comment"
                        rows="3"
                        disabled=!editable
                        bind:value=comment
                    ></textarea>
                </label>
                {cell_state}
                {editable.then(|| view! { <button type="submit">{tr!(i18n, save_actual)}</button> })}
            </form>
            {editable.then(|| view! {
                <form class="activity-form" on:submit=rename>
                    <h3>{tr!(i18n, activity_heading)}</h3>
                    <label>
                        {tr!(i18n, activity_name)}
                        <input
                            name="name"
                            required
                            bind:value=name
                        />
                    </label>
                    {field_error("name")}
                    <button type="submit">{tr!(i18n, rename)}</button>
                </form>
                <form class="progress-form" on:submit=save_progress>
                    <label>
                        {tr!(i18n, activity_status)}
                        <select name="status" on:change=move |e| {
                            if let Some(s) = ActivityStatus::from_code(&event_target_value(&e)) {
                                status.set(s);
                            }
                        }>
                            {ActivityStatus::ALL.iter().map(|&s| view! {
                                <option value=s.code() selected=move || status.get() == s>
                                    {move || activity_status_label(i18n.get_locale(), s)}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {tr!(i18n, percent_complete)}
                        <input
                            name="percent_complete"
                            type="number"
                            min="0"
                            max="100"
                            bind:value=percent
                        />
                    </label>
                    {field_error("percent_complete")}
                    <label>
                        {tr!(i18n, actual_start)}
                        <input name="actual_start" type="date" bind:value=start />
                    </label>
                    <label>
                        {tr!(i18n, actual_end)}
                        <input name="actual_end" type="date" bind:value=end />
                    </label>
                    {field_error("actual_end")}
                    <button type="submit">{tr!(i18n, save_progress)}</button>
                </form>
                <div class="row-actions">
                    <button type="button" on:click=move |_| shift(Direction::Up)>{tr!(i18n, move_up)}</button>
                    <button type="button" on:click=move |_| shift(Direction::Down)>{tr!(i18n, move_down)}</button>
                    <button type="button" class="danger" on:click=archive>{tr!(i18n, archive)}</button>
                </div>
                {other_error}
            })}
        </aside>
    }
}
