//! Reading exchange files into the database and writing projects out. The
//! same path serves users' imports and the demo project, so the demo
//! exercises what users rely on.
//!
//! A file whose project is not stored yet is created as the file tells it: the
//! body recorded at `recorded.at`, then each change set of its history at its
//! own time, so views "as of" a past date show what the file says was known
//! then. A file whose project is stored is merged by key onto it, as one change
//! set recorded now: changed fields are updated, new records added, records the
//! file no longer holds archived (planned marks it no longer holds, of the
//! activities it does hold, set to 0).
//! Actual progress, meeting outcomes and baselines the file does not mention
//! are kept: a plan file does not retract what was recorded. So are members
//! and share links: a file without them must not lock the leader out.
//!
//! Members travel by address and without passwords; share links without
//! their secrets (see `people` and `apply`).

mod apply;
pub mod demo;
mod export;
mod format;
pub mod generate;
mod people;
mod records;
pub mod uploads;
mod validate;

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};
use serde_json::{Value, json};

use crate::domain::RecordKind;
use crate::entities::project;
use crate::history::{Actor, Recorder, Source, now};

pub use apply::{ApplyError, RecordChange, Stored};
pub use export::{export, to_toml};
pub use format::*;
pub use validate::{Problem, validate};

pub use demo::{DEMO_PASSWORD, DEMO_PROJECT, DEMO_PROJECT_KEY};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not TOML, or not the shape of an exchange file. The message names the
    /// line and column (and the field, where the parser knows it).
    #[error("the file could not be read: {0}")]
    Syntax(String),
    #[error("the file has {} problem(s):\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
    #[error("the database refused the import: {0}")]
    Database(#[from] DbErr),
}

impl From<ApplyError> for ImportError {
    fn from(error: ApplyError) -> Self {
        match error {
            ApplyError::Invalid { field, problem } => {
                ImportError::Invalid(vec![Problem { field, problem }])
            }
            ApplyError::Database(error) => ImportError::Database(error),
        }
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What to do when a project with the file's key is already stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExistingProject {
    /// Leave it as it is; importing again changes nothing.
    Keep,
    /// Merge the file onto it by key, as one change set.
    Merge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Created {
        project_id: i32,
    },
    /// Merged onto the stored project; `changed` records changed.
    Merged {
        project_id: i32,
        changed: usize,
    },
    AlreadyPresent {
        project_id: i32,
    },
}

pub fn parse(text: &str) -> Result<ExchangeFile, ImportError> {
    toml::from_str(text).map_err(|error| ImportError::Syntax(error.to_string()))
}

/// Parses, validates and stores a project in one transaction: on any error
/// nothing already stored changes.
pub async fn import_str(
    db: &DatabaseConnection,
    text: &str,
    existing: ExistingProject,
) -> Result<ImportOutcome, ImportError> {
    let file = parse(text)?;
    import(db, &file, existing).await
}

pub async fn load_demo(
    db: &DatabaseConnection,
    existing: ExistingProject,
) -> Result<ImportOutcome, ImportError> {
    import_str(db, DEMO_PROJECT, existing).await
}

pub async fn import(
    db: &DatabaseConnection,
    file: &ExchangeFile,
    existing: ExistingProject,
) -> Result<ImportOutcome, ImportError> {
    let problems = validate(file);
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    let txn = crate::db::begin_write(db).await?;
    let stored = project::Entity::find()
        .filter(project::Column::Key.eq(&file.project.key))
        .one(&txn)
        .await?;
    let outcome = match (stored, existing) {
        (Some(found), ExistingProject::Keep) => {
            return Ok(ImportOutcome::AlreadyPresent {
                project_id: found.id,
            });
        }
        (Some(found), ExistingProject::Merge) => {
            let changed = merge(&txn, found.id, file).await?;
            ImportOutcome::Merged {
                project_id: found.id,
                changed,
            }
        }
        (None, _) => ImportOutcome::Created {
            project_id: create(&txn, file).await?,
        },
    };
    txn.commit().await?;
    Ok(outcome)
}

async fn create(txn: &DatabaseTransaction, file: &ExchangeFile) -> Result<i32, ImportError> {
    let (at, by, summary) = match &file.recorded {
        Some(r) => (r.at, r.by.as_str(), summary_or_default(&r.summary)),
        None => (now(), "local", summary_or_default("")),
    };
    let changes = records::body_changes(file);
    let Some((first, rest)) = changes.split_first() else {
        return Err(ImportError::Invalid(vec![Problem {
            field: "project".into(),
            problem: "missing".into(),
        }]));
    };
    // The project comes first: every other record and the history belong to it.
    let mut project_value = first.set.clone();
    project_value.insert("id".into(), json!(0));
    project_value.insert("key".into(), json!(first.key));
    project_value.insert("version".into(), json!(1));
    let model: project::Model =
        serde_json::from_value(Value::Object(project_value)).map_err(|error| {
            ImportError::Invalid(vec![Problem {
                field: "project".into(),
                problem: error.to_string(),
            }])
        })?;
    let mut active = model.into_active_model().reset_all();
    active.not_set(project::Column::Id);
    let created = active.insert(txn).await?;
    let project_id = created.id;
    let mut stored = Stored::load(txn, project_id).await?;
    people::provide(txn, project_id, file, &mut stored).await?;

    // A new project's whole history is known: it is written in batches at
    // the end, each cell once as it finally is.
    let actor = people::actor(by, &stored);
    let mut history = Recorder::begin(txn, project_id, &actor, Source::Import, &summary, at)
        .await?
        .in_bulk();
    history.record(txn, None, None, &created).await?;
    let mut applier = apply::Applier::new(txn, project_id, stored).defer_cells();
    for change in rest {
        applier.apply(&mut history, change).await?;
    }
    for (i, change_set) in file.history.iter().enumerate() {
        history
            .next_change_set(
                txn,
                &people::actor(&change_set.by, &applier.stored),
                &change_set.summary,
                change_set.recorded_at,
                change_set.illustrative,
            )
            .await?;
        for change in records::history_changes(i, change_set) {
            applier.apply(&mut history, &change).await?;
        }
    }
    applier.write_deferred().await?;
    history.finish(txn).await?;
    Ok(project_id)
}

fn summary_or_default(summary: &str) -> String {
    if summary.trim().is_empty() {
        "Imported from an exchange file".to_owned()
    } else {
        summary.trim().to_owned()
    }
}

/// The file's last state: its body with every change set of its history laid
/// over it, one change per record.
fn final_state(file: &ExchangeFile) -> Vec<RecordChange> {
    let mut order: Vec<(RecordKind, String)> = Vec::new();
    let mut by_record: BTreeMap<(RecordKind, String), RecordChange> = BTreeMap::new();
    let history = file
        .history
        .iter()
        .enumerate()
        .flat_map(|(i, cs)| records::history_changes(i, cs));
    for change in records::body_changes(file).into_iter().chain(history) {
        let id = (change.kind, change.key.clone());
        match by_record.get_mut(&id) {
            Some(earlier) => earlier.set.extend(change.set),
            None => {
                order.push(id.clone());
                by_record.insert(id, change);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|id| by_record.remove(&id))
        .collect()
}

/// Kinds whose records a file no longer holding them archives.
const ARCHIVED_WHEN_ABSENT: [RecordKind; 7] = [
    RecordKind::Partner,
    RecordKind::SubProject,
    RecordKind::Goal,
    RecordKind::Activity,
    RecordKind::Milestone,
    RecordKind::MeetingSeries,
    RecordKind::StatusStatement,
];

async fn merge(
    txn: &DatabaseTransaction,
    project_id: i32,
    file: &ExchangeFile,
) -> Result<usize, ImportError> {
    let mut history = Recorder::begin(
        txn,
        project_id,
        &Actor::local(),
        Source::Import,
        MERGE_SUMMARY,
        now(),
    )
    .await?;
    merge_into(txn, project_id, file, &mut history).await?;
    Ok(history.finish(txn).await?)
}

const MERGE_SUMMARY: &str = "Merged from an exchange file";

/// Merges `file` onto the stored project by key, recorded in `history`'s
/// change set: its records changed or added, those it no longer holds
/// archived.
async fn merge_into(
    txn: &DatabaseTransaction,
    project_id: i32,
    file: &ExchangeFile,
    history: &mut Recorder,
) -> Result<(), ImportError> {
    let at = history.at;
    let mut stored = Stored::load(txn, project_id).await?;
    people::provide(txn, project_id, file, &mut stored).await?;
    let mut applier = apply::Applier::new(txn, project_id, stored);
    let state = final_state(file);
    let present: BTreeSet<(RecordKind, String)> =
        state.iter().map(|c| (c.kind, c.key.clone())).collect();
    for change in &state {
        applier.apply(history, change).await?;
    }
    let stamp = json!(at);
    let absent = |kind: RecordKind, key: &String| !present.contains(&(kind, key.clone()));
    let mut retractions = Vec::new();
    for kind in ARCHIVED_WHEN_ABSENT {
        for key in applier.stored.live_keys(kind) {
            if absent(kind, &key) {
                retractions.push(RecordChange {
                    kind,
                    key: key.clone(),
                    set: [("archived_at".to_owned(), stamp.clone())]
                        .into_iter()
                        .collect(),
                    origin: format!("(archived: {} '{key}' is not in the file)", kind.code()),
                });
            }
        }
    }
    for key in applier.stored.live_keys(RecordKind::PlanCell) {
        let planned = applier
            .stored
            .records
            .get(&(RecordKind::PlanCell, key.clone()))
            .and_then(|v| v.get("marks"))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        // Only in the plans the file holds: an activity it no longer holds
        // is archived with its marks, ready to be restored.
        let activity_in_file = key
            .rsplit_once('@')
            .is_some_and(|(activity, _)| !absent(RecordKind::Activity, &activity.to_owned()));
        if planned > 0 && activity_in_file && absent(RecordKind::PlanCell, &key) {
            retractions.push(RecordChange {
                kind: RecordKind::PlanCell,
                key: key.clone(),
                set: [("marks".to_owned(), json!(0))].into_iter().collect(),
                origin: format!("(planned marks of '{key}' are not in the file)"),
            });
        }
    }
    for change in &retractions {
        applier.apply(history, change).await?;
    }
    Ok(())
}
