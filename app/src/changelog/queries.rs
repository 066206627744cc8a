//! Reading the history of a project: change sets newest first, filtered by
//! sub-project, activity or kind of record, a page at a time.

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::domain::{
    ActivityRef, FieldChange, HalfYear, HistoryEntry, HistoryFilter, HistoryPage, RecordKind,
    SubProjectRef,
};
use crate::entities::{activity, change, change_set, meeting_series, sub_project};
use crate::error::AppError;
use crate::project::queries::find_project;

/// Change sets per page.
pub const PAGE_SIZE: u64 = 20;
/// Field changes shown per change set; an import can hold thousands.
const CHANGES_SHOWN: u64 = 40;

/// Who reads the history, which decides what it shows: the changes to
/// members and share links only to leaders (as the access page), people's
/// addresses and the filter by person only to members — a public project's
/// readers and share links see names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader {
    pub member: bool,
    pub lead: bool,
}

impl Reader {
    pub const LEADER: Reader = Reader {
        member: true,
        lead: true,
    };
}

/// The whole history, as a leader reads it.
pub async fn load_history(
    db: &impl ConnectionTrait,
    project_key: &str,
    filter: HistoryFilter,
) -> Result<HistoryPage, AppError> {
    load_history_for(db, project_key, filter, Reader::LEADER).await
}

/// What readers call the records the history names: cells by their
/// activity's key and name and their half-year, meeting outcomes by their
/// series, activities by name; other records by their key.
pub struct RecordLabels<'a> {
    activity_by_id: HashMap<i32, &'a activity::Model>,
    activity_by_key: HashMap<&'a str, &'a activity::Model>,
    series_by_id: HashMap<i32, &'a meeting_series::Model>,
}

impl<'a> RecordLabels<'a> {
    pub fn new(activities: &'a [activity::Model], series: &'a [meeting_series::Model]) -> Self {
        Self {
            activity_by_id: activities.iter().map(|a| (a.id, a)).collect(),
            activity_by_key: activities.iter().map(|a| (a.key.as_str(), a)).collect(),
            series_by_id: series.iter().map(|s| (s.id, s)).collect(),
        }
    }

    /// The record's key as readers know it (`activity@2009-H1`), and its label.
    pub fn label(&self, kind: RecordKind, key: &str) -> (String, String) {
        let split = key.split_once('@');
        match (kind, split) {
            (RecordKind::PlanCell | RecordKind::ProgressCell, Some((id, half))) => {
                let found = id
                    .parse()
                    .ok()
                    .and_then(|id: i32| self.activity_by_id.get(&id));
                let when = half
                    .parse::<HalfYear>()
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                match found {
                    Some(a) => (format!("{}@{when}", a.key), format!("{} · {when}", a.name)),
                    None => (key.to_owned(), key.to_owned()),
                }
            }
            (RecordKind::MeetingOutcome, Some((id, date))) => {
                match id
                    .parse()
                    .ok()
                    .and_then(|id: i32| self.series_by_id.get(&id))
                {
                    Some(s) => (format!("{}@{date}", s.key), format!("{} · {date}", s.name)),
                    None => (key.to_owned(), key.to_owned()),
                }
            }
            (RecordKind::Activity, _) => (
                key.to_owned(),
                self.activity_by_key
                    .get(key)
                    .map_or(key.to_owned(), |a| a.name.clone()),
            ),
            _ => (key.to_owned(), key.to_owned()),
        }
    }
}

/// `Kari Nordmann <kari@example.no>` → `Kari Nordmann`.
fn without_address(actor: String) -> String {
    match actor.rsplit_once(" <") {
        Some((name, rest)) if rest.ends_with('>') && rest.contains('@') => name.to_owned(),
        _ => actor,
    }
}

pub async fn load_history_for(
    db: &impl ConnectionTrait,
    project_key: &str,
    mut filter: HistoryFilter,
    reader: Reader,
) -> Result<HistoryPage, AppError> {
    if !reader.member {
        filter.person = None;
    }
    let project = find_project(db, project_key).await?;
    let mut subs = sub_project::Entity::find()
        .filter(sub_project::Column::ProjectId.eq(project.id))
        .order_by_asc(sub_project::Column::Position)
        .all(db)
        .await?;
    subs.retain(|s| s.archived_at.is_none());
    let activities = activity::Entity::find()
        .filter(activity::Column::ProjectId.eq(project.id))
        .order_by_asc(activity::Column::SubProjectId)
        .order_by_asc(activity::Column::Position)
        .all(db)
        .await?;
    let series = meeting_series::Entity::find()
        .filter(meeting_series::Column::ProjectId.eq(project.id))
        .all(db)
        .await?;

    // Which changes the filter lets through.
    let mut matching = Condition::all().add(change::Column::ProjectId.eq(project.id));
    if let Some(key) = filter.sub.as_deref().filter(|k| !k.is_empty()) {
        let sub = subs
            .iter()
            .find(|s| s.key == key)
            .ok_or_else(|| AppError::BadParameter {
                parameter: "sub".into(),
                problem: format!("no sub-project has the key '{key}'"),
            })?;
        matching = matching.add(change::Column::SubProjectId.eq(sub.id));
    }
    if let Some(kind) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
        let kind = RecordKind::from_code(kind).ok_or_else(|| AppError::BadParameter {
            parameter: "kind".into(),
            problem: format!("'{kind}' is not one of {}", RecordKind::codes()),
        })?;
        matching = matching.add(change::Column::Kind.eq(kind.code()));
    }
    if let Some(key) = filter.activity.as_deref().filter(|k| !k.is_empty()) {
        let found =
            activities
                .iter()
                .find(|a| a.key == key)
                .ok_or_else(|| AppError::BadParameter {
                    parameter: "activity".into(),
                    problem: format!("no activity has the key '{key}'"),
                })?;
        matching =
            matching.add(
                Condition::any()
                    .add(
                        Condition::all()
                            .add(change::Column::Kind.eq(RecordKind::Activity.code()))
                            .add(change::Column::RecordKey.eq(key)),
                    )
                    .add(
                        Condition::all()
                            .add(change::Column::Kind.is_in([
                                RecordKind::PlanCell.code(),
                                RecordKind::ProgressCell.code(),
                            ]))
                            .add(change::Column::RecordKey.starts_with(format!("{}@", found.id))),
                    ),
            );
    }
    if !reader.lead {
        matching = matching.add(
            change::Column::Kind
                .is_not_in([RecordKind::Membership.code(), RecordKind::ShareLink.code()]),
        );
    }
    let filtered = !reader.lead
        || [&filter.sub, &filter.kind, &filter.activity]
            .iter()
            .any(|f| f.as_deref().is_some_and(|v| !v.is_empty()));

    let mut sets = change_set::Entity::find().filter(change_set::Column::ProjectId.eq(project.id));
    if let Some(person) = filter.person.as_deref().filter(|p| !p.is_empty()) {
        sets = sets.filter(change_set::Column::Actor.eq(person));
    }
    if filtered {
        sets = sets.filter(
            change_set::Column::Id.in_subquery(
                Query::select()
                    .column(change::Column::ChangeSetId)
                    .from(change::Entity)
                    .cond_where(matching.clone())
                    .to_owned(),
            ),
        );
    }
    let total = sets.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = filter.page.unwrap_or(1).clamp(1, pages);
    let sets = sets
        .order_by_desc(change_set::Column::RecordedAt)
        .order_by_desc(change_set::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;

    let labels = RecordLabels::new(&activities, &series);
    let mut entries = Vec::new();
    for set in sets {
        let mut query = change::Entity::find().filter(change::Column::ChangeSetId.eq(set.id));
        if filtered {
            query = query.filter(matching.clone());
        }
        let change_count = query.clone().count(db).await?;
        let changes = query
            .order_by_asc(change::Column::Id)
            .limit(CHANGES_SHOWN)
            .all(db)
            .await?
            .into_iter()
            .filter_map(|c| {
                let kind = RecordKind::from_code(&c.kind)?;
                let (record, label) = labels.label(kind, &c.record_key);
                Some(FieldChange {
                    kind,
                    record,
                    label,
                    field: c.field,
                    old: c.old_value,
                    new: c.new_value,
                })
            })
            .collect();
        let just_before = set.recorded_at - Duration::microseconds(1);
        entries.push(HistoryEntry {
            id: set.id,
            before: just_before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            after: set
                .recorded_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            recorded_at: set.recorded_at,
            actor: if reader.member {
                set.actor
            } else {
                without_address(set.actor)
            },
            source: set.source,
            summary: set.summary,
            illustrative: set.illustrative,
            changes,
            change_count,
        });
    }
    let people: Vec<String> = if !reader.member {
        Vec::new()
    } else {
        change_set::Entity::find()
            .select_only()
            .column(change_set::Column::Actor)
            .distinct()
            .filter(change_set::Column::ProjectId.eq(project.id))
            .order_by_asc(change_set::Column::Actor)
            .into_tuple()
            .all(db)
            .await?
    };
    let kinds = RecordKind::ALL
        .iter()
        .copied()
        .filter(|kind| {
            reader.lead || !matches!(kind, RecordKind::Membership | RecordKind::ShareLink)
        })
        .collect();
    Ok(HistoryPage {
        people,
        kinds,
        project_key: project.key,
        project_name: project.name,
        entries,
        page,
        pages,
        total,
        filter: HistoryFilter {
            page: Some(page),
            ..filter
        },
        sub_projects: subs
            .iter()
            .map(|s| SubProjectRef {
                key: s.key.clone(),
                name: s.name.clone(),
            })
            .collect(),
        activities: activities
            .iter()
            .filter(|a| a.archived_at.is_none())
            .map(|a| ActivityRef {
                key: a.key.clone(),
                name: a.name.clone(),
            })
            .collect(),
    })
}
