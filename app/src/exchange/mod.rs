//! Reading exchange files into the database. The same path serves users'
//! imports and the demo project, so the demo exercises what users rely on.

mod export;
mod format;
mod validate;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityTrait, QueryFilter, TransactionTrait,
};

use crate::domain::{GoalKind, HalfYear};
use crate::entities::{
    activity, goal, meeting_series, milestone, partner, plan_cell, project, status_statement,
    sub_project,
};

pub use export::{export, to_toml};
pub use format::*;
pub use validate::{Problem, validate};

/// The seed project (Interreg Sverige–Norge, 2008–2011) in the exchange format.
pub const DEMO_PROJECT: &str = include_str!("../../demo/interreg-integrering.toml");

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
    /// Replace it wholly with the file's content.
    Replace,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Created { project_id: i32 },
    Replaced { project_id: i32 },
    AlreadyPresent { project_id: i32 },
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

    let txn = db.begin().await?;
    let stored = project::Entity::find()
        .filter(project::Column::Key.eq(&file.project.key))
        .one(&txn)
        .await?;
    let replacing = match (stored, existing) {
        (Some(found), ExistingProject::Keep) => {
            return Ok(ImportOutcome::AlreadyPresent {
                project_id: found.id,
            });
        }
        (Some(found), ExistingProject::Replace) => {
            // Foreign keys cascade from the project to everything it owns.
            project::Entity::delete_by_id(found.id).exec(&txn).await?;
            true
        }
        (None, _) => false,
    };
    let project_id = insert_project(&txn, file).await?;
    txn.commit().await?;
    Ok(if replacing {
        ImportOutcome::Replaced { project_id }
    } else {
        ImportOutcome::Created { project_id }
    })
}

async fn insert_project(txn: &DatabaseTransaction, file: &ExchangeFile) -> Result<i32, DbErr> {
    let doc = &file.project;
    let project_id = project::ActiveModel {
        key: Set(doc.key.clone()),
        name: Set(doc.name.trim().to_owned()),
        funding_programme: Set(doc.funding_programme.clone()),
        period_start: Set(doc.period.start),
        period_end: Set(doc.period.end),
        description: Set(doc.description.trim().to_owned()),
        target_group: Set(doc.target_group.trim().to_owned()),
        website: Set(doc.website.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?
    .id;
    insert_goals(txn, project_id, None, &doc.goals, &doc.sub_goals).await?;

    let mut partner_ids = std::collections::HashMap::new();
    for (position, partner) in file.partners.iter().enumerate() {
        let id = partner::ActiveModel {
            project_id: Set(project_id),
            key: Set(partner.key.clone()),
            name: Set(partner.name.trim().to_owned()),
            country: Set(partner.country.code().to_owned()),
            description: Set(partner.description.trim().to_owned()),
            position: Set(position_of(position)),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
        partner_ids.insert(partner.key.as_str(), id);
    }

    let mut sub_project_ids = std::collections::HashMap::new();
    for (position, sub) in file.sub_projects.iter().enumerate() {
        let id = sub_project::ActiveModel {
            project_id: Set(project_id),
            key: Set(sub.key.clone()),
            name: Set(sub.name.trim().to_owned()),
            kind: Set(sub.kind.code().to_owned()),
            lead_partner_id: Set(sub
                .lead_partner
                .as_deref()
                .and_then(|key| partner_ids.get(key).copied())),
            period_start: Set(sub.period.start),
            period_end: Set(sub.period.end),
            description: Set(sub.description.trim().to_owned()),
            target_group: Set(sub.target_group.trim().to_owned()),
            position: Set(position_of(position)),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
        sub_project_ids.insert(sub.key.as_str(), id);
        insert_goals(txn, project_id, Some(id), &sub.goals, &sub.sub_goals).await?;
        insert_plan(txn, project_id, Some(id), &sub.activities).await?;
    }
    insert_plan(txn, project_id, None, &file.activities).await?;

    let owner = |key: &Option<String>| {
        key.as_deref()
            .and_then(|key| sub_project_ids.get(key).copied())
    };
    for m in &file.milestones {
        milestone::ActiveModel {
            project_id: Set(project_id),
            sub_project_id: Set(owner(&m.sub_project)),
            name: Set(m.name.trim().to_owned()),
            kind: Set(m.kind.code().to_owned()),
            first_day: Set(m.first_day),
            last_day: Set(m.last_day.unwrap_or(m.first_day)),
            place: Set(m.place.trim().to_owned()),
            description: Set(m.description.trim().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for s in &file.meeting_series {
        meeting_series::ActiveModel {
            project_id: Set(project_id),
            sub_project_id: Set(owner(&s.sub_project)),
            name: Set(s.name.trim().to_owned()),
            kind: Set(s.kind.code().to_owned()),
            cadence: Set(s.cadence.code().to_owned()),
            first_date: Set(s.first_date),
            last_date: Set(s.last_date),
            note: Set(s.note.trim().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    for s in &file.status_statements {
        status_statement::ActiveModel {
            project_id: Set(project_id),
            sub_project_id: Set(owner(&s.sub_project)),
            date: Set(s.date),
            status: Set(s.status.code().to_owned()),
            text: Set(s.text.trim().to_owned()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(project_id)
}

fn position_of(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

async fn insert_goals(
    txn: &DatabaseTransaction,
    project_id: i32,
    sub_project_id: Option<i32>,
    goals: &[String],
    sub_goals: &[String],
) -> Result<(), DbErr> {
    let rows = [(GoalKind::Goal, goals), (GoalKind::SubGoal, sub_goals)]
        .into_iter()
        .flat_map(|(kind, texts)| {
            texts
                .iter()
                .enumerate()
                .map(move |(position, text)| goal::ActiveModel {
                    project_id: Set(project_id),
                    sub_project_id: Set(sub_project_id),
                    kind: Set(kind.code().to_owned()),
                    position: Set(position_of(position)),
                    text: Set(text.trim().to_owned()),
                    ..Default::default()
                })
        })
        .collect::<Vec<_>>();
    if !rows.is_empty() {
        goal::Entity::insert_many(rows).exec(txn).await?;
    }
    Ok(())
}

async fn insert_plan(
    txn: &DatabaseTransaction,
    project_id: i32,
    sub_project_id: Option<i32>,
    activities: &[ActivityDoc],
) -> Result<(), DbErr> {
    for (position, doc) in activities.iter().enumerate() {
        let activity_id = activity::ActiveModel {
            project_id: Set(project_id),
            sub_project_id: Set(sub_project_id),
            name: Set(doc.name.trim().to_owned()),
            position: Set(position_of(position)),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
        // Validation has checked every key and count; a cell left at zero is
        // the same as no cell, so it is not stored.
        let cells = doc
            .marks
            .iter()
            .filter_map(|(half_year, marks)| {
                let half_year = half_year.parse::<HalfYear>().ok()?;
                let marks = i16::try_from(*marks).ok().filter(|m| *m > 0)?;
                Some(plan_cell::ActiveModel {
                    activity_id: Set(activity_id),
                    year: Set(half_year.year()),
                    half: Set(i16::from(half_year.half())),
                    marks: Set(marks),
                })
            })
            .collect::<Vec<_>>();
        if !cells.is_empty() {
            plan_cell::Entity::insert_many(cells).exec(txn).await?;
        }
    }
    Ok(())
}
