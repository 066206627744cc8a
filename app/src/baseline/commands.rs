//! Saving the current plan as a named, dated baseline; renaming and
//! archiving baselines. A baseline keeps the moment it was taken: the history
//! gives back the plan of that moment, exactly, for every plan of the project.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::access::Action;
use crate::domain::{NewName, Saved, VersionOnly};
use crate::edit::{self, Edit, Writer};
use crate::entities::baseline;
use crate::error::AppError;
use crate::history::now;

use super::inputs::NewBaseline;

pub async fn save_baseline(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    input: NewBaseline,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::ManageBaselines,
        &format!("Saved the baseline “{name}”"),
    )
    .await?;
    let project_id = edit.project_id();
    let captured_at = edit.at();
    let created = edit
        .insert_new::<baseline::Entity>(
            |_| None,
            &edit::slug(&name),
            |key| baseline::Model {
                id: 0,
                project_id,
                key,
                name,
                date: input.date,
                captured_at,
                version: 1,
                archived_at: None,
            },
        )
        .await?;
    edit.finish(&created).await
}

async fn change(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    version: i32,
    summary: &str,
    apply: impl FnOnce(&mut baseline::Model),
) -> Result<Saved, AppError> {
    let mut edit = Edit::begin(db, writer, project, Action::ManageBaselines, summary).await?;
    let old = baseline::Entity::find()
        .filter(baseline::Column::ProjectId.eq(edit.project_id()))
        .filter(baseline::Column::Key.eq(key))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("baseline", key))?;
    let mut new = old.clone();
    apply(&mut new);
    let new = edit
        .update::<baseline::Entity>("the baseline", None, &old, version, new)
        .await?;
    edit.finish(&new).await
}

pub async fn rename_baseline(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    input: NewName,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    change(
        db,
        writer,
        project,
        key,
        input.version,
        "Renamed a baseline",
        |b| b.name = name,
    )
    .await
}

pub async fn set_baseline_archived(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let summary = if archived {
        "Archived a baseline"
    } else {
        "Restored a baseline"
    };
    change(db, writer, project, key, input.version, summary, |b| {
        b.archived_at = if archived { Some(now()) } else { None };
    })
    .await
}
