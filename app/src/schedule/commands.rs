//! Every write of the schedule: status statements, milestones (add, edit,
//! held, moved, cancelled, archive), meeting series and their meetings. Called
//! by the pages and the JSON API alike.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
};

use crate::access::Action;
use crate::domain::{MilestoneStatus, Period, RecordKind};
use crate::domain::{Saved, VersionOnly};
use crate::edit::{self, ArchiveTarget, Edit, Writer, archive_by_key};
use crate::entities::{meeting_outcome, meeting_series, milestone, status_statement, sub_project};
use crate::error::AppError;
use crate::history::{same_data, update_if_unchanged};

use super::inputs::*;

async fn owner(edit: &Edit, key: &Option<String>) -> Result<Option<i32>, AppError> {
    let Some(key) = key else {
        return Ok(None);
    };
    let sub = edit
        .find_named::<sub_project::Entity>("sub_project", "sub-project", key)
        .await?;
    Ok(Some(sub.id))
}

/// Refuses a day outside the project's period, naming its field: a
/// schedule's dates lie within the project (a series over centuries would
/// make every reader's schedule and chart hold its meetings).
fn within_project(edit: &Edit, days: &[(&str, Option<chrono::NaiveDate>)]) -> Result<(), AppError> {
    let period = Period {
        start: edit.project.period_start,
        end: edit.project.period_end,
    };
    for (field, day) in days {
        if let Some(problem) = day.and_then(|day| period.outside(day)) {
            return Err(AppError::invalid(*field, problem));
        }
    }
    Ok(())
}

fn span(
    field: &str,
    first: Option<chrono::NaiveDate>,
    last: Option<chrono::NaiveDate>,
) -> Result<(), AppError> {
    match (first, last) {
        (Some(first), Some(last)) if last < first => Err(AppError::invalid(
            field,
            format!("{last} is before the first day {first}"),
        )),
        _ => Ok(()),
    }
}

pub async fn add_status_statement(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    input: NewStatusStatement,
) -> Result<Saved, AppError> {
    let text = edit::text("text", &input.text, true)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::RecordProgress,
        "Added a status statement",
    )
    .await?;
    let sub_project_id = owner(&edit, &input.sub_project).await?;
    let base_key = format!("status-{}", input.date);
    let project_id = edit.project_id();
    let created = edit
        .insert_new::<status_statement::Entity>(
            |s| s.sub_project_id,
            &base_key,
            |key| status_statement::Model {
                id: 0,
                project_id,
                sub_project_id,
                key,
                date: input.date,
                status: input.status.code().to_owned(),
                text,
                version: 1,
                archived_at: None,
            },
        )
        .await?;
    edit.finish(&created).await
}

/// Adds a milestone (`key` none) or changes one: its dates (moved), that it
/// was held and on which days, or cancelled.
pub async fn save_milestone(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: Option<&str>,
    input: MilestoneInput,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    let place = edit::text("place", &input.place, false)?;
    let description = edit::text("description", &input.description, false)?;
    let last_day = input.last_day.unwrap_or(input.first_day);
    span("last_day", Some(input.first_day), Some(last_day))?;
    let (actual_first, actual_last) = match input.status {
        // Held on the planned days unless other days are given.
        MilestoneStatus::Held => (
            Some(input.actual_first_day.unwrap_or(input.first_day)),
            Some(
                input
                    .actual_last_day
                    .or(input.actual_first_day)
                    .unwrap_or(last_day),
            ),
        ),
        _ => (input.actual_first_day, input.actual_last_day),
    };
    span("actual_last_day", actual_first, actual_last)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::EditSchedule,
        &format!("Saved the milestone “{name}”"),
    )
    .await?;
    within_project(
        &edit,
        &[
            ("first_day", Some(input.first_day)),
            ("last_day", Some(last_day)),
            ("actual_first_day", actual_first),
            ("actual_last_day", actual_last),
        ],
    )?;
    let sub_project_id = owner(&edit, &input.sub_project).await?;
    let edit_project_id = edit.project_id();
    let base_key = edit::slug(&name);
    let saved = edit
        .save_keyed::<milestone::Entity>(
            "milestone",
            key,
            input.version,
            |m| m.sub_project_id,
            &base_key,
            |key| milestone::Model {
                id: 0,
                project_id: edit_project_id,
                sub_project_id,
                key,
                name,
                kind: input.kind.code().to_owned(),
                first_day: input.first_day,
                last_day,
                place,
                description,
                status: input.status.code().to_owned(),
                actual_first_day: actual_first,
                actual_last_day: actual_last,
                version: 1,
                archived_at: None,
            },
        )
        .await?;
    edit.finish(&saved).await
}

/// Archives a milestone or restores it.
pub async fn set_milestone_archived(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let target = ArchiveTarget {
        what: "milestone",
        key,
        scope: |m: &milestone::Model| m.sub_project_id,
    };
    archive_by_key::<milestone::Entity>(
        db,
        writer,
        project,
        Action::EditSchedule,
        target,
        archived,
        input.version,
    )
    .await
}

/// Archives a meeting series (its meetings leave the schedule, their
/// outcomes stay) or restores it.
pub async fn set_series_archived(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: &str,
    archived: bool,
    input: VersionOnly,
) -> Result<Saved, AppError> {
    let target = ArchiveTarget {
        what: "meeting series",
        key,
        scope: |s: &meeting_series::Model| s.sub_project_id,
    };
    archive_by_key::<meeting_series::Entity>(
        db,
        writer,
        project,
        Action::EditSchedule,
        target,
        archived,
        input.version,
    )
    .await
}

/// Adds a meeting series (`key` none) or changes one.
pub async fn save_series(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    key: Option<&str>,
    input: SeriesInput,
) -> Result<Saved, AppError> {
    let name = edit::name("name", &input.name)?;
    let note = edit::text("note", &input.note, false)?;
    span("last_date", Some(input.first_date), Some(input.last_date))?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::EditSchedule,
        &format!("Saved the meeting series “{name}”"),
    )
    .await?;
    within_project(
        &edit,
        &[
            ("first_date", Some(input.first_date)),
            ("last_date", Some(input.last_date)),
        ],
    )?;
    let sub_project_id = owner(&edit, &input.sub_project).await?;
    let edit_project_id = edit.project_id();
    let base_key = edit::slug(&name);
    let saved = edit
        .save_keyed::<meeting_series::Entity>(
            "meeting series",
            key,
            input.version,
            |m| m.sub_project_id,
            &base_key,
            |key| meeting_series::Model {
                id: 0,
                project_id: edit_project_id,
                sub_project_id,
                key,
                name,
                kind: input.kind.code().to_owned(),
                cadence: input.cadence.code().to_owned(),
                first_date: input.first_date,
                last_date: input.last_date,
                note,
                version: 1,
                archived_at: None,
            },
        )
        .await?;
    edit.finish(&saved).await
}

/// Records whether one derived meeting of a series was held.
pub async fn set_outcome(
    db: &DatabaseConnection,
    writer: &Writer,
    project: &str,
    series_key: &str,
    input: OutcomeInput,
) -> Result<Saved, AppError> {
    let note = edit::text("note", &input.note, false)?;
    let mut edit = Edit::begin(
        db,
        writer,
        project,
        Action::RecordProgress,
        "Recorded a meeting",
    )
    .await?;
    let series = meeting_series::Entity::find()
        .filter(meeting_series::Column::ProjectId.eq(edit.project_id()))
        .filter(meeting_series::Column::Key.eq(series_key))
        .one(&edit.txn)
        .await?
        .ok_or_else(|| AppError::not_found("meeting series", series_key))?;
    let cadence = crate::domain::Cadence::from_code(&series.cadence).ok_or(AppError::Database)?;
    if !cadence
        .occurrences(series.first_date, series.last_date)
        .contains(&input.date)
    {
        return Err(AppError::invalid(
            "date",
            format!("{} is not a date of this series", input.date),
        ));
    }
    let record_key = format!("{}@{}", series.id, input.date);
    let old = meeting_outcome::Entity::find_by_id((series.id, input.date))
        .one(&edit.txn)
        .await?;
    let new = meeting_outcome::Model {
        project_id: edit.project_id(),
        series_id: series.id,
        planned_date: input.date,
        held: input.held,
        actual_date: if input.held { input.actual_date } else { None },
        note,
        version: old.as_ref().map_or(1, |o| o.version + 1),
    };
    if let Some(old) = &old
        && old.version == input.version
        && same_data(old, &new)
    {
        return edit
            .finish_as(format!("{series_key}@{}", input.date), old.version)
            .await;
    }
    let stale = match &old {
        None => {
            input.version != 0
                || meeting_outcome::Entity::insert(new.clone().into_active_model().reset_all())
                    .exec(&edit.txn)
                    .await
                    .is_err()
        }
        Some(old) => {
            old.version != input.version
                || !update_if_unchanged::<meeting_outcome::Entity>(&edit.txn, old, new.clone())
                    .await?
        }
    };
    if stale {
        return Err(edit
            .conflict("the meeting", RecordKind::MeetingOutcome, &record_key)
            .await);
    }
    edit.record(series.sub_project_id, old.as_ref(), &new)
        .await?;
    edit.finish_as(format!("{series_key}@{}", input.date), new.version)
        .await
}
