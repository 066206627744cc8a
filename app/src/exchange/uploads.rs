//! Exchange files sent through the browser or the API, by a writer: a
//! project created from a file, a file merged onto a project (tried out
//! first: what it would change, with nothing changed), and a project's
//! export. The same checks and the same import as the command line; what a
//! file gets wrong is answered by line and field, and nothing is saved.

use std::collections::BTreeMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder,
};
use serde_json::Value;

use crate::access::Action;
use crate::changelog::queries::RecordLabels;
use crate::domain::{ProjectAccess, RecordKind, Role, Saved, project_key_problem};
use crate::edit::{Edit, Writer};
use crate::entities::{activity, change, change_set, meeting_series};
use crate::error::{AppError, FileProblem};
use crate::project::files::{MAX_FILE_BYTES, MergeReport, RecordLine};

use super::format::ExchangeFile;
use super::{ImportError, MERGE_SUMMARY, create, merge_into, validate};

/// Problems listed at most: a file wrong everywhere is not listed whole.
const MAX_PROBLEMS: usize = 200;

impl From<ImportError> for AppError {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Syntax(problem) => AppError::InvalidFile {
                problems: vec![FileProblem {
                    line: None,
                    column: None,
                    field: None,
                    problem,
                }],
            },
            ImportError::Invalid(problems) => AppError::InvalidFile {
                problems: problems
                    .into_iter()
                    .map(|p| FileProblem {
                        line: None,
                        column: None,
                        field: Some(p.field),
                        problem: p.problem,
                    })
                    .collect(),
            },
            ImportError::Database(error) => AppError::from(error),
        }
    }
}

/// The exchange file in `text`, read and checked completely: every
/// problem, each by line and column and by the field's path.
pub fn read_file(text: &str) -> Result<ExchangeFile, AppError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(AppError::TooLarge {
            limit_bytes: MAX_FILE_BYTES,
        });
    }
    let file: ExchangeFile = toml::from_str(text).map_err(|error| {
        let (line, column) = error
            .span()
            .map_or((None, None), |span| line_and_column(text, span.start));
        AppError::InvalidFile {
            problems: vec![FileProblem {
                line,
                column,
                field: None,
                problem: error.message().trim().to_owned(),
            }],
        }
    })?;
    let mut problems = validate(&file);
    if let Some(problem) = project_key_problem(&file.project.key)
        && !problems.iter().any(|p| p.field == "project.key")
    {
        problems.push(super::Problem {
            field: "project.key".to_owned(),
            problem,
        });
    }
    if problems.is_empty() {
        return Ok(file);
    }
    Err(located(text, problems))
}

/// The file's problems, each by its line and column where the file holds
/// its field.
fn located(text: &str, problems: Vec<super::Problem>) -> AppError {
    let spans = toml::de::DeTable::parse(text).ok();
    let problems = problems
        .into_iter()
        .take(MAX_PROBLEMS)
        .map(|p| {
            let (line, column) = spans
                .as_ref()
                .and_then(|table| span_of(table, &p.field))
                .map_or((None, None), |start| line_and_column(text, start));
            FileProblem {
                line,
                column,
                field: Some(p.field),
                problem: p.problem,
            }
        })
        .collect();
    AppError::InvalidFile { problems }
}

/// An import's error, with the problems it found while writing (a
/// reference the history makes to nothing, say) placed in the file.
fn import_error(text: &str, error: ImportError) -> AppError {
    match error {
        ImportError::Invalid(problems) => located(text, problems),
        other => other.into(),
    }
}

/// Line and column (from 1) of the byte at `offset`.
fn line_and_column(text: &str, offset: usize) -> (Option<u32>, Option<u32>) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, rest)| rest)
        .chars()
        .count()
        + 1;
    (u32::try_from(line).ok(), u32::try_from(column).ok())
}

/// Where in the file the field at `path` (`sub_projects[1].activities[0]
/// .marks."2012-H1"`) starts: the deepest part of the path the file holds.
fn span_of(table: &toml::Spanned<toml::de::DeTable>, path: &str) -> Option<usize> {
    use toml::de::DeValue;
    let mut at: Option<&toml::Spanned<DeValue>> = None;
    let mut found = None;
    for step in path_steps(path) {
        let next = match (step, at.map(|v| v.get_ref())) {
            (Step::Name(name), None) => table
                .get_ref()
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == name)
                .map(|(_, v)| v),
            (Step::Name(name), Some(DeValue::Table(inner))) => inner
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == name)
                .map(|(_, v)| v),
            (Step::Index(i), Some(DeValue::Array(items))) => items.get(i),
            _ => None,
        };
        match next {
            Some(value) => {
                found = Some(value.span().start);
                at = Some(value);
            }
            None => break,
        }
    }
    found
}

enum Step<'a> {
    Name(&'a str),
    Index(usize),
}

/// `a[1].b."c.d"` → `a`, 1, `b`, `c.d`. A part of a problem's field that
/// is no path (`kari@example.no: email`) ends the walk where it stands.
fn path_steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let Some((name, after)) = quoted.split_once('"') else {
                break;
            };
            steps.push(Step::Name(name));
            rest = after;
        } else if let Some(indexed) = rest.strip_prefix('[') {
            let Some((index, after)) = indexed.split_once(']') else {
                break;
            };
            let Ok(index) = index.parse() else { break };
            steps.push(Step::Index(index));
            rest = after;
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            steps.push(Step::Name(&rest[..end]));
            rest = &rest[end..];
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    steps
}

/// Creates the project the file holds, with its history, if the writer
/// may create projects; whoever sends it becomes its leader. A key another
/// project holds is refused (`project.key`): a file is merged onto a
/// project from that project's page.
pub async fn create_from_file(
    db: &DatabaseConnection,
    writer: &Writer,
    text: &str,
) -> Result<Saved, AppError> {
    let file = read_file(text)?;
    let summary = format!(
        "{} became the leader of the new project",
        writer.caller.actor().name
    );
    let mut edit = Edit::begin_created(
        db,
        writer,
        "project.key",
        &file.project.key,
        &summary,
        async |txn: &DatabaseTransaction| {
            create(txn, &file)
                .await
                .map_err(|error| import_error(text, error))?;
            Ok(())
        },
    )
    .await?;
    if let Some(user) = &writer.caller.user {
        crate::members::commands::give_role_to(&mut edit, user.id, Role::Leader).await?;
    }
    let project = edit.project.clone();
    edit.finish(&project).await
}

/// What merging the file onto the project would change, with nothing
/// changed; `based_on` of the answer names the project's state it was
/// tried on, for [`merge_file`].
pub async fn preview_merge(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    text: &str,
) -> Result<MergeReport, AppError> {
    let file = read_file_for(project_key, text)?;
    let mut edit = Edit::begin(db, writer, project_key, Action::MergeFiles, MERGE_SUMMARY).await?;
    let project_id = edit.project_id();
    let (txn, history) = edit.whole_project()?;
    let based_on = latest_change_set(txn, project_id, history.change_set_id).await?;
    merge_into(txn, project_id, &file, history)
        .await
        .map_err(|error| import_error(text, error))?;
    edit.try_out(async |txn: &DatabaseTransaction, change_set: i32| {
        report(txn, project_id, change_set, based_on, false).await
    })
    .await
}

/// Merges the file onto the project as one change set. With `based_on`
/// (a preview's), refused if the project changed since that preview.
pub async fn merge_file(
    db: &DatabaseConnection,
    writer: &Writer,
    project_key: &str,
    text: &str,
    based_on: Option<i32>,
) -> Result<MergeReport, AppError> {
    let file = read_file_for(project_key, text)?;
    let mut edit = Edit::begin(db, writer, project_key, Action::MergeFiles, MERGE_SUMMARY).await?;
    let project_id = edit.project_id();
    let (txn, history) = edit.whole_project()?;
    let latest = latest_change_set(txn, project_id, history.change_set_id).await?;
    if let Some(previewed) = based_on
        && previewed != latest
    {
        let changed_at = change_set::Entity::find_by_id(latest)
            .one(txn)
            .await?
            .map(|set| set.recorded_at.to_rfc3339())
            .unwrap_or_default();
        return Err(AppError::Conflict {
            what: "the project".to_owned(),
            changed_at,
        });
    }
    merge_into(txn, project_id, &file, history)
        .await
        .map_err(|error| import_error(text, error))?;
    edit.commit_reading(async |txn: &DatabaseTransaction, change_set: i32| {
        report(txn, project_id, change_set, latest, true).await
    })
    .await
}

/// The project's export as the text of an exchange file, for whoever may
/// lead it: it names its members by address.
pub async fn export_file(
    db: &DatabaseConnection,
    access: &ProjectAccess,
    project_key: &str,
) -> Result<String, AppError> {
    if !access.lead {
        return Err(if access.signed_in {
            AppError::Forbidden
        } else {
            AppError::Unauthorised
        });
    }
    super::to_toml(&super::export(db, project_key).await?)
}

/// The file, read, if it is a file of this project.
fn read_file_for(project_key: &str, text: &str) -> Result<ExchangeFile, AppError> {
    let file = read_file(text)?;
    if file.project.key != project_key {
        let problem = super::Problem {
            field: "project.key".to_owned(),
            problem: format!(
                "is '{}', not this project's key '{project_key}': the file is of another project",
                file.project.key
            ),
        };
        return Err(located(text, vec![problem]));
    }
    Ok(file)
}

/// The id of the project's latest change set before `this` one, the
/// edit's own (0 before the first).
async fn latest_change_set(
    db: &impl ConnectionTrait,
    project_id: i32,
    this: i32,
) -> Result<i32, AppError> {
    Ok(change_set::Entity::find()
        .filter(change_set::Column::ProjectId.eq(project_id))
        .filter(change_set::Column::Id.ne(this))
        .order_by_desc(change_set::Column::Id)
        .one(db)
        .await?
        .map_or(0, |set| set.id))
}

/// The records change set `change_set` added, changed and archived.
async fn report(
    txn: &DatabaseTransaction,
    project_id: i32,
    change_set: i32,
    based_on: i32,
    applied: bool,
) -> Result<MergeReport, AppError> {
    let changes = change::Entity::find()
        .filter(change::Column::ChangeSetId.eq(change_set))
        .order_by_asc(change::Column::Id)
        .all(txn)
        .await?;
    let activities = activity::Entity::find()
        .filter(activity::Column::ProjectId.eq(project_id))
        .all(txn)
        .await?;
    let series = meeting_series::Entity::find()
        .filter(meeting_series::Column::ProjectId.eq(project_id))
        .all(txn)
        .await?;
    let labels = RecordLabels::new(&activities, &series);
    let mut order = Vec::new();
    let mut by_record: BTreeMap<(String, String), Vec<&change::Model>> = BTreeMap::new();
    for c in &changes {
        let id = (c.kind.clone(), c.record_key.clone());
        by_record
            .entry(id.clone())
            .or_insert_with(|| {
                order.push(id);
                Vec::new()
            })
            .push(c);
    }
    let mut answer = MergeReport {
        based_on,
        applied,
        change_count: changes.len() as u64,
        ..MergeReport::default()
    };
    for (kind_code, key) in order {
        let Some(kind) = RecordKind::from_code(&kind_code) else {
            continue;
        };
        let fields = by_record
            .remove(&(kind_code, key.clone()))
            .unwrap_or_default();
        let (record, mut label) = labels.label(kind, &key);
        if let Some(name) = fields
            .iter()
            .find(|c| c.field == "name")
            .and_then(|c| c.new_value.as_deref())
            .and_then(|v| serde_json::from_str::<Value>(v).ok())
            .and_then(|v| v.as_str().map(str::to_owned))
        {
            label = name;
        }
        let created = fields.iter().any(|c| c.field == "created");
        let archived = fields.iter().any(|c| {
            c.field == "archived_at" && c.new_value.as_deref().is_some_and(|v| v != "null")
        });
        let line = RecordLine {
            kind,
            record,
            label,
            fields: fields
                .iter()
                .map(|c| c.field.clone())
                .filter(|f| f != "created")
                .collect(),
        };
        if created {
            answer.added.push(line);
        } else if archived {
            answer.archived.push(line);
        } else {
            answer.changed.push(line);
        }
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_found_by_line_and_column() {
        let text = "[project]\nkey = \"demo\"\nname = \"\"\n";
        let table = toml::de::DeTable::parse(text).unwrap();
        let start = span_of(&table, "project.name").unwrap();
        assert_eq!(line_and_column(text, start), (Some(3), Some(8)));
    }

    #[test]
    fn paths_walk_tables_arrays_and_quoted_names() {
        let text = "[[sub_projects]]\nkey = \"a\"\n[[sub_projects]]\nkey = \"b\"\n\
                    [[sub_projects.activities]]\nname = \"x\"\nmarks = { \"2012-H1\" = 7 }\n";
        let table = toml::de::DeTable::parse(text).unwrap();
        let start = span_of(&table, r#"sub_projects[1].activities[0].marks."2012-H1""#).unwrap();
        assert_eq!(line_and_column(text, start).0, Some(7));
        // Not in the file: the deepest part that is.
        let start = span_of(&table, "sub_projects[1].activities[3].name").unwrap();
        assert_eq!(line_and_column(text, start).0, Some(5));
    }

    #[test]
    fn a_file_that_is_not_toml_is_refused_by_line() {
        let Err(AppError::InvalidFile { problems }) = read_file("[project\nkey = 1") else {
            panic!("taken");
        };
        assert_eq!(problems[0].line, Some(1));
    }
}
