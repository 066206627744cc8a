//! Adding an activity, and the archived ones to restore.

use super::*;

#[component]
pub(super) fn AddActivityForm(editor: Editor, sub_project: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sub_project = StoredValue::new(sub_project);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = NewActivity {
            sub_project: sub_project.get_value(),
            name: name.get_untracked(),
        };
        save_then_reload(
            add_activity(editor.project.get_value(), input),
            error,
            editor.reload,
            move || name.set(String::new()),
        );
    };
    view! {
        <form class="add-activity" on:submit=submit>
            <label for="new-activity-name">{tr!(i18n, new_activity_name)}</label>
            <input
                id="new-activity-name"
                name="name"
                aria-describedby="new-activity-error"
                bind:value=name
            />
            <button type="submit">{tr!(i18n, add_activity)}</button>
            <p id="new-activity-error" class="field-error" role="alert">
                {move || error.get().map(|e| error_text(i18n.get_locale(), &e))}
            </p>
        </form>
    }
}

#[component]
pub(super) fn ArchivedList(
    editor: Editor,
    archived: Vec<crate::domain::ArchivedRecord>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    (!archived.is_empty()).then(|| {
        let items = archived
            .into_iter()
            .map(|a| {
                let key = a.key.clone();
                let restore = move |_| {
                    let input = VersionOnly { version: a.version };
                    editor.structural(
                        archive_activity(editor.project.get_value(), key.clone(), false, input),
                        error,
                    );
                };
                view! {
                    <li data-activity-key=a.key.clone()>
                        {a.name.clone()} " "
                        <button type="button" on:click=restore>{tr!(i18n, restore)}</button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="archived">
                <h2>{tr!(i18n, archived_heading)}</h2>
                <ul>{items}</ul>
                <p class="field-error" role="alert">{move || error.get().map(|e| error_text(i18n.get_locale(), &e))}</p>
            </section>
        }
    })
}
