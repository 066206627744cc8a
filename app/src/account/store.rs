//! Sessions in the application's own database, SQLite or PostgreSQL: they
//! survive a restart and every server process behind a load balancer sees
//! the same ones. Released stores need another sqlx than sea-orm's, and
//! this one is small.
//!
//! The table keeps the SHA-256 of each session id, never the id itself.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use crate::entities::session;

use super::SESSION_LIFETIME_DAYS;
use super::caller::{SESSION_SAVED, SESSION_STARTED, SESSION_USER};
use super::tokens::digest;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn to_chrono(at: OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_else(Utc::now)
}

/// A session's row, as saved now: it lives until the earlier of the
/// record's expiry (`SESSION_IDLE_DAYS` after this save) and the end of its
/// lifetime (`SESSION_LIFETIME_DAYS` after it was started), and its data
/// tells when it was saved (`caller::identify` saves it again a day later).
fn row(record: &Record) -> Result<session::ActiveModel, session_store::Error> {
    let now = Utc::now();
    let mut values = record.data.clone();
    values.insert(SESSION_SAVED.to_owned(), now.timestamp().into());
    let data =
        serde_json::to_string(&values).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let ends = values
        .get(SESSION_STARTED)
        .and_then(serde_json::Value::as_i64)
        .and_then(|started| DateTime::from_timestamp(started, 0))
        .map_or(now, |started| {
            started + chrono::Duration::days(SESSION_LIFETIME_DAYS)
        });
    let user_id = record
        .data
        .get(SESSION_USER)
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok());
    Ok(session::ActiveModel {
        id: Set(digest(&record.id.to_string())),
        user_id: Set(user_id),
        data: Set(data),
        expires_at: Set(to_chrono(record.expiry_date).min(ends)),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    /// Inserts under a new id, drawing another while the id is taken. A
    /// new id starts a session (signing in, opening a share link, a first
    /// visit): its lifetime counts from now.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        record
            .data
            .insert(SESSION_STARTED.to_owned(), Utc::now().timestamp().into());
        loop {
            let inserted = session::Entity::insert(row(record)?)
                .on_conflict_do_nothing_on([session::Column::Id])
                .exec(&self.db)
                .await
                .map_err(backend)?;
            if matches!(inserted, sea_orm::TryInsertResult::Inserted(_)) {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::UserId,
                        session::Column::Data,
                        session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(found) = session::Entity::find_by_id(digest(&id.to_string()))
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&found.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(found.expires_at.timestamp())
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(digest(&id.to_string()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(Utc::now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of an account (after a password change or reset),
/// except the one given.
pub async fn end_sessions_of(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    keep: Option<&Id>,
) -> Result<(), sea_orm::DbErr> {
    let mut delete = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        delete = delete.filter(session::Column::Id.ne(digest(&keep.to_string())));
    }
    delete.exec(db).await?;
    Ok(())
}
