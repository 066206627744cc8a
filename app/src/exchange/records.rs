//! Between the file's shape and portable record changes: the body becomes the
//! changes that create it, the history its change sets; keys left out of a
//! file are derived from positions.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::domain::{HalfYear, RecordKind};

use super::apply::RecordChange;
use super::format::*;

/// Fields that may be cleared; a file writes that as an empty string, since
/// TOML has no null.
pub const NULLABLE: [&str; 10] = [
    "sub_project",
    "created_by",
    "expires_at",
    "lead_partner",
    "actual_start",
    "actual_end",
    "actual_first_day",
    "actual_last_day",
    "actual_date",
    "archived_at",
];

pub fn activity_key(doc: &ActivityDoc, owner: Option<&str>, index: usize) -> String {
    doc.key.clone().unwrap_or_else(|| match owner {
        Some(sub) => format!("{sub}-activity-{}", index + 1),
        None => format!("activity-{}", index + 1),
    })
}

pub fn milestone_key(doc: &MilestoneDoc, index: usize) -> String {
    doc.key
        .clone()
        .unwrap_or_else(|| format!("milestone-{}", index + 1))
}

pub fn series_key(doc: &MeetingSeriesDoc, index: usize) -> String {
    doc.key
        .clone()
        .unwrap_or_else(|| format!("meeting-{}", index + 1))
}

pub fn status_key(doc: &StatusStatementDoc, index: usize) -> String {
    doc.key
        .clone()
        .unwrap_or_else(|| format!("status-{}", index + 1))
}

/// `goal-1`, `sub-goal-2`; of a sub-project `nav/goal-1`.
pub fn goal_key(owner: Option<&str>, sub_goal: bool, index: usize) -> String {
    let kind = if sub_goal { "sub-goal" } else { "goal" };
    match owner {
        Some(sub) => format!("{sub}/{kind}-{}", index + 1),
        None => format!("{kind}-{}", index + 1),
    }
}

fn value<T: Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

struct Builder {
    changes: Vec<RecordChange>,
}

impl Builder {
    fn push(&mut self, kind: RecordKind, key: String, origin: String, set: Value) {
        let set = match set {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        self.changes.push(RecordChange {
            kind,
            key,
            set,
            origin,
        });
    }

    fn goals(&mut self, owner: Option<&str>, at: &str, goals: &[String], sub_goals: &[String]) {
        for (sub_goal, texts) in [(false, goals), (true, sub_goals)] {
            let field = if sub_goal { "sub_goals" } else { "goals" };
            for (i, text) in texts.iter().enumerate() {
                self.push(
                    RecordKind::Goal,
                    goal_key(owner, sub_goal, i),
                    format!("{at}{field}[{i}]"),
                    json!({
                        "sub_project": owner,
                        "kind": if sub_goal { "sub_goal" } else { "goal" },
                        "position": i,
                        "text": text.trim(),
                        "archived_at": null,
                    }),
                );
            }
        }
    }

    fn activities(&mut self, owner: Option<&str>, at: &str, activities: &[ActivityDoc]) {
        for (i, doc) in activities.iter().enumerate() {
            let key = activity_key(doc, owner, i);
            let origin = format!("{at}activities[{i}]");
            let mut set = json!({
                "sub_project": owner,
                "name": doc.name.trim(),
                "position": i,
                "archived_at": doc.archived_at,
            });
            if let Value::Object(fields) = &mut set {
                if let Some(status) = doc.status {
                    fields.insert("status".into(), value(status));
                }
                if let Some(percent) = doc.percent_complete {
                    fields.insert("percent_complete".into(), json!(percent));
                }
                if let Some(day) = doc.actual_start {
                    fields.insert("actual_start".into(), value(day));
                }
                if let Some(day) = doc.actual_end {
                    fields.insert("actual_end".into(), value(day));
                }
            }
            self.push(RecordKind::Activity, key.clone(), origin.clone(), set);
            for (half_year, marks) in &doc.marks {
                self.push(
                    RecordKind::PlanCell,
                    format!("{key}@{}", canonical(half_year)),
                    format!("{origin}.marks.\"{half_year}\""),
                    json!({ "marks": marks }),
                );
            }
            for (half_year, progress) in &doc.actual {
                self.push(
                    RecordKind::ProgressCell,
                    format!("{key}@{}", canonical(half_year)),
                    format!("{origin}.actual.\"{half_year}\""),
                    json!({
                        "marks": progress.marks,
                        "achievement": progress.achievement,
                        "comment": progress.comment.trim(),
                    }),
                );
            }
        }
    }
}

/// `2009-h1` and `2009-H1` name the same column; validation has refused
/// anything that is no half-year.
fn canonical(half_year: &str) -> String {
    half_year
        .parse::<HalfYear>()
        .map(|h| h.to_string())
        .unwrap_or_else(|_| half_year.to_owned())
}

/// The changes that create (or restate) everything the body of a file holds,
/// references before the records that use them.
pub fn body_changes(file: &ExchangeFile) -> Vec<RecordChange> {
    let mut b = Builder {
        changes: Vec::new(),
    };
    let p = &file.project;
    b.push(
        RecordKind::Project,
        p.key.clone(),
        "project".into(),
        json!({
            "name": p.name.trim(),
            "funding_programme": p.funding_programme.trim(),
            "period_start": p.period.start,
            "period_end": p.period.end,
            "description": p.description.trim(),
            "target_group": p.target_group.trim(),
            "website": p.website.trim(),
            "public": p.public,
        }),
    );
    for (i, partner) in file.partners.iter().enumerate() {
        b.push(
            RecordKind::Partner,
            partner.key.clone(),
            format!("partners[{i}]"),
            json!({
                "name": partner.name.trim(),
                "country": partner.country,
                "description": partner.description.trim(),
                "position": i,
                "archived_at": partner.archived_at,
            }),
        );
    }
    for (i, sub) in file.sub_projects.iter().enumerate() {
        b.push(
            RecordKind::SubProject,
            sub.key.clone(),
            format!("sub_projects[{i}]"),
            json!({
                "name": sub.name.trim(),
                "kind": sub.kind,
                "lead_partner": sub.lead_partner,
                "period_start": sub.period.start,
                "period_end": sub.period.end,
                "description": sub.description.trim(),
                "target_group": sub.target_group.trim(),
                "position": i,
                "archived_at": sub.archived_at,
            }),
        );
    }
    b.goals(None, "project.", &p.goals, &p.sub_goals);
    for (i, sub) in file.sub_projects.iter().enumerate() {
        let at = format!("sub_projects[{i}].");
        b.goals(Some(&sub.key), &at, &sub.goals, &sub.sub_goals);
        b.activities(Some(&sub.key), &at, &sub.activities);
    }
    b.activities(None, "", &file.activities);
    for (i, m) in file.milestones.iter().enumerate() {
        let mut set = json!({
            "sub_project": m.sub_project,
            "name": m.name.trim(),
            "kind": m.kind,
            "first_day": m.first_day,
            "last_day": m.last_day.unwrap_or(m.first_day),
            "place": m.place.trim(),
            "description": m.description.trim(),
            "archived_at": m.archived_at,
        });
        if let Value::Object(fields) = &mut set {
            if let Some(status) = m.status {
                fields.insert("status".into(), value(status));
            }
            if let Some(day) = m.actual_first_day {
                fields.insert("actual_first_day".into(), value(day));
            }
            if let Some(day) = m.actual_last_day {
                fields.insert("actual_last_day".into(), value(day));
            }
        }
        b.push(
            RecordKind::Milestone,
            milestone_key(m, i),
            format!("milestones[{i}]"),
            set,
        );
    }
    for (i, s) in file.meeting_series.iter().enumerate() {
        let key = series_key(s, i);
        b.push(
            RecordKind::MeetingSeries,
            key.clone(),
            format!("meeting_series[{i}]"),
            json!({
                "sub_project": s.sub_project,
                "name": s.name.trim(),
                "kind": s.kind,
                "cadence": s.cadence,
                "first_date": s.first_date,
                "last_date": s.last_date,
                "note": s.note.trim(),
                "archived_at": s.archived_at,
            }),
        );
        for (j, outcome) in s.outcomes.iter().enumerate() {
            b.push(
                RecordKind::MeetingOutcome,
                format!("{key}@{}", outcome.date),
                format!("meeting_series[{i}].outcomes[{j}]"),
                json!({
                    "held": outcome.held,
                    "actual_date": outcome.actual_date,
                    "note": outcome.note.trim(),
                }),
            );
        }
    }
    for (i, s) in file.status_statements.iter().enumerate() {
        b.push(
            RecordKind::StatusStatement,
            status_key(s, i),
            format!("status_statements[{i}]"),
            json!({
                "sub_project": s.sub_project,
                "date": s.date,
                "status": s.status,
                "text": s.text.trim(),
                "archived_at": s.archived_at,
            }),
        );
    }
    for (i, baseline) in file.baselines.iter().enumerate() {
        b.push(
            RecordKind::Baseline,
            baseline.key.clone(),
            format!("baselines[{i}]"),
            json!({
                "name": baseline.name.trim(),
                "date": baseline.date,
                "captured_at": baseline.captured_at,
                "archived_at": baseline.archived_at,
            }),
        );
    }
    for (i, member) in file.members.iter().enumerate() {
        let email = member.email.trim().to_lowercase();
        b.push(
            RecordKind::Membership,
            member_key(&email, member.sub_project.as_deref()),
            format!("members[{i}]"),
            json!({
                "user": email,
                "role": member.role,
                "sub_project": member.sub_project,
                "archived_at": member.archived_at,
            }),
        );
    }
    for (i, link) in file.share_links.iter().enumerate() {
        b.push(
            RecordKind::ShareLink,
            link.key.clone(),
            format!("share_links[{i}]"),
            json!({
                "label": link.label.trim(),
                "created_by": link.created_by.as_ref().map(|e| e.trim().to_lowercase()),
                "created_at": link.created_at,
                "expires_at": link.expires_at,
                "archived_at": link.archived_at,
            }),
        );
    }
    b.changes
}

/// The changes of one change set of the file's history.
pub fn history_changes(index: usize, change_set: &ChangeSetDoc) -> Vec<RecordChange> {
    change_set
        .changes
        .iter()
        .enumerate()
        .map(|(j, change)| RecordChange {
            kind: change.kind,
            key: change.key.clone(),
            set: change
                .set
                .iter()
                .map(|(field, v)| {
                    let v = toml_to_json(v);
                    let v = if NULLABLE.contains(&field.as_str()) && v == json!("") {
                        Value::Null
                    } else {
                        v
                    };
                    (field.clone(), v)
                })
                .collect(),
            origin: format!("history[{index}].changes[{j}].set"),
        })
        .collect()
}

pub fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        // A date written without quotes is still a date.
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// TOML has no null: a cleared value is written as an empty string.
pub fn json_to_toml(value: &Value) -> toml::Value {
    match value {
        Value::Null => toml::Value::String(String::new()),
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => n
            .as_i64()
            .map(toml::Value::Integer)
            .or_else(|| n.as_f64().map(toml::Value::Float))
            .unwrap_or(toml::Value::Integer(0)),
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(items) => toml::Value::Array(items.iter().map(json_to_toml).collect()),
        Value::Object(map) => toml::Value::Table(
            map.iter()
                .map(|(k, v)| (k.clone(), json_to_toml(v)))
                .collect(),
        ),
    }
}
