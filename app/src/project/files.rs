//! Exchange files in the browser: a new project from a file (on the project
//! list), and on a project's overview its export to download and a file to
//! merge onto it, previewed before it is applied. The server's side is
//! `exchange::uploads`; the API's is `api::files`.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use crate::domain::{RecordKind, Saved};
use crate::error::{AppError, FileProblem};
use crate::i18n::*;
use crate::layout::ErrorNotice;

/// The largest exchange file taken: a project of ten thousand activities
/// with its history is a few megabytes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Where the server functions that take a file are served: under the
/// writes' prefix, with a body limit of their own (`server`).
pub const FILE_PREFIX: &str = "/rpc/write/file";

/// What a merge of an exchange file changes, record by record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MergeReport {
    /// The project's latest change set when the merge was tried: send it
    /// back to apply the merge only onto the state that was previewed.
    pub based_on: i32,
    /// Whether the merge was saved (false: a preview, nothing changed).
    pub applied: bool,
    pub added: Vec<RecordLine>,
    pub changed: Vec<RecordLine>,
    pub archived: Vec<RecordLine>,
    /// Field changes in all.
    pub change_count: u64,
}

/// One record a merge adds, changes or archives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RecordLine {
    pub kind: RecordKind,
    /// The record's key (`oppstart-og-organisering`, `…@2009-H1`).
    pub record: String,
    /// What a reader calls it.
    pub label: String,
    /// The fields that change.
    pub fields: Vec<String>,
}

/// Creates the project an exchange file holds (those who may create
/// projects); the sender becomes its leader.
#[server(prefix = "/rpc/write/file", output = leptos::server_fn::codec::Postcard)]
pub async fn create_project_from_file(text: String) -> Result<Saved, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    crate::exchange::uploads::create_from_file(&state.db, &writer, &text).await
}

/// What merging the file onto the project would change; nothing is saved.
#[server(prefix = "/rpc/write/file", output = leptos::server_fn::codec::Postcard)]
pub async fn preview_merge(project: String, text: String) -> Result<MergeReport, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    crate::exchange::uploads::preview_merge(&state.db, &writer, &project, &text).await
}

/// Merges the file onto the project, if it has not changed since the
/// preview `based_on`.
#[server(prefix = "/rpc/write/file", output = leptos::server_fn::codec::Postcard)]
pub async fn merge_file(
    project: String,
    text: String,
    based_on: i32,
) -> Result<MergeReport, AppError> {
    let (state, writer) = crate::state::page_writer()?;
    crate::exchange::uploads::merge_file(&state.db, &writer, &project, &text, Some(based_on)).await
}

/// The text of the file chosen in the file input `input`: none chosen is
/// refused naming the field, as is a file over the limit (before it is
/// read or sent).
#[cfg(feature = "hydrate")]
async fn chosen_text(input: &web_sys::HtmlInputElement) -> Result<String, AppError> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or_else(|| AppError::invalid("file", "choose a file"))?;
    if file.size() > MAX_FILE_BYTES as f64 {
        return Err(AppError::TooLarge {
            limit_bytes: MAX_FILE_BYTES,
        });
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| AppError::invalid("file", "could not be read"))?;
    text.as_string()
        .ok_or_else(|| AppError::invalid("file", "is not text"))
}

/// The text of the file chosen in `input` (see `chosen_text`).
async fn read_chosen(input: NodeRef<leptos::html::Input>) -> Result<String, AppError> {
    #[cfg(feature = "hydrate")]
    if let Some(element) = input.get_untracked() {
        return chosen_text(&element).await;
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = input;
    Err(AppError::invalid("file", "choose a file"))
}

/// An uploaded file's problems, by line, column and field.
#[component]
fn FileProblems(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::InvalidFile { problems } => {
            let count = problems.len();
            view! {
                <div class="file-problems" role="alert">
                    <p>{move || td_string!(i18n.get_locale(), file_problems, count = count).to_string()}</p>
                    <ul>
                        {problems.into_iter().map(|p| view! { <li><FileProblemLine problem=p /></li> }).collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
        AppError::TooLarge { limit_bytes } => {
            let megabytes = limit_bytes / (1024 * 1024);
            view! {
                <p class="field-error" role="alert">{move || td_string!(i18n.get_locale(), file_too_large, megabytes = megabytes).to_string()}</p>
            }
            .into_any()
        }
        error if error.field().is_some() => view! {
            <p class="field-error" role="alert">{error.to_string()}</p>
        }
        .into_any(),
        error => view! { <ErrorNotice error /> }.into_any(),
    }
}

#[component]
fn FileProblemLine(problem: FileProblem) -> impl IntoView {
    let i18n = use_i18n();
    let FileProblem {
        line,
        column,
        field,
        problem,
    } = problem;
    let place = move || match (line, column) {
        (Some(line), Some(column)) => {
            format!(
                "{} {line}, {} {column}: ",
                td_string!(i18n.get_locale(), file_line),
                td_string!(i18n.get_locale(), file_column)
            )
        }
        (Some(line), None) => format!("{} {line}: ", td_string!(i18n.get_locale(), file_line)),
        _ => String::new(),
    };
    view! {
        <span class="file-problem-place">{place}</span>
        {field.map(|f| view! { <code>{f}</code> ": " })}
        <span>{problem}</span>
    }
}

/// On the project list: a new project from an exchange file.
#[component]
pub fn NewProjectFromFile() -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sending.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let created = match read_chosen(input).await {
                Ok(text) => create_project_from_file(text).await,
                Err(refused) => Err(refused),
            };
            match created {
                Ok(saved) => navigate(&format!("/p/{}", saved.key), Default::default()),
                Err(refused) => {
                    error.set(Some(refused));
                    sending.set(false);
                }
            }
        });
    };
    view! {
        <form class="file-form" on:submit=submit>
            <h2>{tr!(i18n, project_from_file)}</h2>
            <p class="hint" id="project-file-hint">{tr!(i18n, project_from_file_hint)}</p>
            <label>
                {tr!(i18n, exchange_file)}
                <input
                    node_ref=input
                    name="file"
                    type="file"
                    accept=".toml,application/toml,text/plain"
                    required
                    aria-describedby="project-file-hint"
                />
            </label>
            <button type="submit" disabled=move || sending.get()>{tr!(i18n, create_from_file)}</button>
            {move || error.get().map(|error| view! { <FileProblems error /> })}
        </form>
    }
}

/// On a project's overview, for its leaders: the export to download, and a
/// file to merge onto the project, previewed before it is applied.
#[component]
pub fn ProjectFiles(
    project: String,
    reload: Callback<()>,
    /// What a merge just changed: kept by the page, as the overview is
    /// reloaded (and this drawn again) after it.
    merged: RwSignal<Option<MergeReport>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    // The previewed file and what it would change.
    let preview = RwSignal::new(None::<(String, MergeReport)>);
    let project = StoredValue::new(project);
    let export_href = format!("/api/v1/projects/{}/export", project.get_value());
    let download_name = format!("{}.toml", project.get_value());
    let on_preview = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        error.set(None);
        merged.set(None);
        leptos::task::spawn_local(async move {
            let answer = match read_chosen(input).await {
                Ok(text) => preview_merge(project.get_value(), text.clone())
                    .await
                    .map(|report| (text, report)),
                Err(refused) => Err(refused),
            };
            match answer {
                Ok(tried) => preview.set(Some(tried)),
                Err(refused) => {
                    preview.set(None);
                    error.set(Some(refused));
                }
            }
            busy.set(false);
        });
    };
    let on_apply = move |_| {
        let Some((text, report)) = preview.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match merge_file(project.get_value(), text, report.based_on).await {
                Ok(done) => {
                    preview.set(None);
                    merged.set(Some(done));
                    reload.run(());
                }
                Err(refused) => error.set(Some(refused)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="project-files" aria-labelledby="project-files-heading">
            <h2 id="project-files-heading">{tr!(i18n, exchange_files)}</h2>
            <p>
                <a href=export_href download=download_name id="download-export">{tr!(i18n, download_export)}</a>
                " "
                <span class="hint">{tr!(i18n, download_export_hint)}</span>
            </p>
            <form class="file-form" on:submit=on_preview>
                <label>
                    {tr!(i18n, file_to_merge)}
                    <input
                        node_ref=input
                        name="file"
                        type="file"
                        accept=".toml,application/toml,text/plain"
                        required
                    />
                </label>
                <button type="submit" disabled=move || busy.get()>{tr!(i18n, preview_merge)}</button>
            </form>
            {move || error.get().map(|error| view! { <FileProblems error /> })}
            {move || preview.get().map(|(_, report)| view! {
                <div class="merge-preview" role="status">
                    <h3>{tr!(i18n, merge_preview_heading)}</h3>
                    <MergeLines report=report.clone() />
                    <button type="button" on:click=on_apply disabled=move || busy.get()>
                        {tr!(i18n, apply_merge)}
                    </button>
                </div>
            })}
            {move || merged.get().map(|report| {
                let count = report.change_count;
                view! {
                    <p class="merge-done" role="status">{move || td_string!(i18n.get_locale(), merge_applied, count = count).to_string()}</p>
                }
            })}
        </section>
    }
}

/// The records a merge adds, changes and archives, each list under its
/// heading; an unchanged project says so.
#[component]
fn MergeLines(report: MergeReport) -> impl IntoView {
    let i18n = use_i18n();
    if report.added.is_empty() && report.changed.is_empty() && report.archived.is_empty() {
        return view! { <p>{tr!(i18n, merge_changes_nothing)}</p> }.into_any();
    }
    let group = move |heading: fn(Locale) -> &'static str,
                      class: &'static str,
                      lines: Vec<RecordLine>| {
        (!lines.is_empty()).then(|| {
            let count = lines.len();
            view! {
                <h4 class=class>{move || heading(i18n.get_locale())} " (" {count} ")"</h4>
                <ul class=format!("merge-lines {class}")>
                    {lines.into_iter().map(|line| {
                        let kind = line.kind;
                        let fields = line.fields.join(", ");
                        view! {
                            <li>
                                <span class="muted">{move || crate::changelog::kind_label(i18n.get_locale(), kind)} ": "</span>
                                {line.label}
                                {(!fields.is_empty()).then(|| view! { <span class="muted">" (" {fields} ")"</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        {group(|l| td_string!(l, merge_added), "added", report.added)}
        {group(|l| td_string!(l, merge_changed), "changed", report.changed)}
        {group(|l| td_string!(l, merge_archived), "archived", report.archived)}
    }
    .into_any()
}
