//! The people a file names — members, makers of share links, authors of
//! change sets — are accounts of the installation it is imported into: the
//! account with the address when there is one, else a new one without a
//! password (its owner sets one through a reset link, `server user reset`).

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::domain::RecordKind;
use crate::entities::user_account;
use crate::error::AppError;
use crate::history::Actor;

use super::apply::Stored;
use super::format::{ExchangeFile, split_member_key};
use super::validate::Problem;
use super::{ImportError, records};

/// `Kari Nordmann <kari@example.no>` → the name and the address.
fn named_person(by: &str) -> Option<(&str, String)> {
    let (name, rest) = by.rsplit_once('<')?;
    let email = rest.strip_suffix('>')?;
    let email = crate::account::users::normalise_email("by", email).ok()?;
    Some((name.trim(), email))
}

/// Every address the file names, with a display name where it gives one.
fn named(file: &ExchangeFile) -> BTreeMap<String, String> {
    let mut people: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |email: &str, name: &str| {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            return;
        }
        let entry = people.entry(email).or_default();
        if entry.is_empty() {
            *entry = name.trim().to_owned();
        }
    };
    for person in &file.people {
        add(&person.email, &person.name);
    }
    for member in &file.members {
        add(&member.email, &member.name);
    }
    for link in &file.share_links {
        add(link.created_by.as_deref().unwrap_or_default(), "");
    }
    let authors = file
        .recorded
        .iter()
        .map(|r| r.by.as_str())
        .chain(file.history.iter().map(|cs| cs.by.as_str()));
    for by in authors {
        if let Some((name, email)) = named_person(by) {
            add(&email, name);
        }
    }
    for (i, change_set) in file.history.iter().enumerate() {
        for change in records::history_changes(i, change_set) {
            match change.kind {
                RecordKind::Membership => {
                    add(split_member_key(&change.key).0, "");
                    if let Some(Value::String(email)) = change.set.get("user") {
                        add(email, "");
                    }
                }
                RecordKind::ShareLink => {
                    if let Some(Value::String(email)) = change.set.get("created_by") {
                        add(email, "");
                    }
                }
                _ => {}
            }
        }
    }
    people
}

/// Finds or creates an account for everyone the file names (one created here
/// belongs to project `project_id`: `user_account.created_for_project_id`),
/// and makes them known to `stored`.
pub async fn provide(
    txn: &DatabaseTransaction,
    project_id: i32,
    file: &ExchangeFile,
    stored: &mut Stored,
) -> Result<(), ImportError> {
    for (email, name) in named(file) {
        let found = user_account::Entity::find()
            .filter(user_account::Column::Email.eq(&email))
            .one(txn)
            .await?;
        let person = match found {
            Some(person) => person,
            None => {
                let name = if name.is_empty() {
                    email.split('@').next().unwrap_or(&email).to_owned()
                } else {
                    name
                };
                crate::account::users::create_for_project(txn, &email, &name, project_id)
                    .await
                    .map_err(|error| refused(&email, error))?
            }
        };
        stored.know_person(person.id, &person.email);
    }
    Ok(())
}

fn refused(email: &str, error: AppError) -> ImportError {
    match error {
        AppError::Invalid { field, problem } | AppError::Clash { field, problem } => {
            ImportError::Invalid(vec![Problem {
                field: format!("{email}: {field}"),
                problem,
            }])
        }
        other => ImportError::Invalid(vec![Problem {
            field: email.to_owned(),
            problem: other.to_string(),
        }]),
    }
}

/// Who recorded a change set: the account, when the name carries an address
/// the import knows, so the history's filter by person finds it.
pub fn actor(by: &str, stored: &Stored) -> Actor {
    let user_id = named_person(by).and_then(|(_, email)| stored.person(&email));
    Actor {
        name: by.to_owned(),
        user_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_known_by_the_address_in_angle_brackets() {
        assert_eq!(
            named_person("Kari Nordmann <Kari@Example.no>"),
            Some(("Kari Nordmann", "kari@example.no".to_owned()))
        );
        assert_eq!(named_person("prosjektleder"), None);
        assert_eq!(named_person("Noen <ikke en adresse>"), None);
    }
}
