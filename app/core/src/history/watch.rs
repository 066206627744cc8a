//! Projects as last read, kept in the process while PostgreSQL tells it of
//! every change to them: a read of a public project then needs no round
//! trip to learn whether its kept answers still hold.
//!
//! Every update of a project row (its revisions are raised by every change
//! set, `history::revision`) sends a notice on [`CHANNEL`] at commit
//! (trigger, migration `m20261207_000010`). [`listen`] holds one connection
//! that listens and drops what a notice names. Nothing is kept while it is
//! not listening — before `LISTEN` has been answered, and from a lost
//! connection until it is listening again — so a project read while a notice
//! could be missed is never kept. A read that began before a notice arrived
//! is not kept either ([`Ticket`]).
//!
//! Within the process a change is seen at once: the server drops everything
//! kept when any request that may write has been answered
//! ([`ProjectWatch::forget_all`]), before the writer hears of the write.
//! Another process sees it when the notice arrives, a fraction of a
//! millisecond after the commit; edits are checked inside their own
//! transaction, never against what is kept here.
//!
//! SQLite sends no notices: there every read asks the database, which is
//! in the process anyway.

use std::collections::HashMap;
use std::sync::{Mutex, Weak};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use tokio::sync::watch;

use super::revision::Stamped;

/// The channel of the notices; the payload names the project's table's
/// schema and the project's id (`framdrift:7`).
pub const CHANNEL: &str = "framdrift_project_changed";

/// Projects kept at most; more are dropped all at once (an installation
/// reads a few projects often, not thousands).
const MAX_PROJECTS: usize = 1024;

/// How long to wait before connecting again after the listening connection
/// failed.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

pub struct ProjectWatch {
    kept: Mutex<Kept>,
    /// Raised with every change to what is kept, while `kept` is locked:
    /// the tickets' number, and what tests wait on.
    generation: watch::Sender<u64>,
}

#[derive(Default)]
struct Kept {
    listening: bool,
    projects: HashMap<String, Stamped>,
}

/// The state of the watch when a read of the database began: what it read
/// is kept only if nothing changed in between.
#[derive(Clone, Copy, Debug)]
pub struct Ticket(u64);

impl Default for ProjectWatch {
    fn default() -> Self {
        Self {
            kept: Mutex::default(),
            generation: watch::Sender::new(0),
        }
    }
}

impl ProjectWatch {
    /// The project `key` as kept, if it is.
    pub fn find(&self, key: &str) -> Option<Stamped> {
        let kept = self.kept.lock().ok()?;
        kept.projects.get(key).cloned()
    }

    /// A ticket for a read about to begin, if what it reads may be kept.
    pub fn ticket(&self) -> Option<Ticket> {
        let kept = self.kept.lock().ok()?;
        kept.listening.then_some(Ticket(self.generation()))
    }

    /// Keeps `found`, read with `ticket`, unless something changed since.
    pub fn keep(&self, ticket: Ticket, key: &str, found: &Stamped) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if !kept.listening || self.generation() != ticket.0 {
            return;
        }
        if kept.projects.len() >= MAX_PROJECTS {
            kept.projects.clear();
        }
        kept.projects.insert(key.to_owned(), found.clone());
    }

    /// Drops the project `id` (a notice), or every project.
    fn forget(&self, id: Option<i32>) {
        self.change(|kept| match id {
            Some(id) => kept.projects.retain(|_, found| found.project.id != id),
            None => kept.projects.clear(),
        });
    }

    /// Changes what is kept and raises the generation, in one lock: a
    /// ticket taken before is then stale.
    fn change(&self, change: impl FnOnce(&mut Kept)) {
        if let Ok(mut kept) = self.kept.lock() {
            change(&mut kept);
            self.generation.send_modify(|generation| *generation += 1);
        }
    }

    /// Drops every project kept: after a request of this process that may
    /// have written.
    pub fn forget_all(&self) {
        self.forget(None);
    }

    /// Starts or stops keeping; nothing kept survives either.
    fn set_listening(&self, listening: bool) {
        self.change(|kept| {
            kept.listening = listening;
            kept.projects.clear();
        });
    }

    /// Whether the watch listens (and so keeps what is read).
    pub fn is_listening(&self) -> bool {
        self.kept.lock().is_ok_and(|kept| kept.listening)
    }

    /// Waits until the watch has changed after `seen` (a value of
    /// [`ProjectWatch::generation`]): for tests.
    pub async fn changed_after(&self, seen: u64) {
        let mut receiver = self.generation.subscribe();
        let _ = receiver.wait_for(|now| *now > seen).await;
    }

    /// A number raised with every change to what is kept.
    pub fn generation(&self) -> u64 {
        *self.generation.borrow()
    }
}

/// What a notice's payload says.
#[derive(Debug, PartialEq, Eq)]
enum Notice {
    Project(i32),
    /// A listener's ping, with its number.
    Ping(String),
    OtherSchema,
    Unknown,
}

impl Notice {
    fn read(payload: &str, schema: &str) -> Self {
        match payload.rsplit_once(':') {
            Some((of, ping)) if of == schema && ping.starts_with(PING) => {
                Notice::Ping(ping[PING.len()..].to_owned())
            }
            Some((of, id)) if of == schema => id.parse().map_or(Notice::Unknown, Notice::Project),
            Some(_) => Notice::OtherSchema,
            None => Notice::Unknown,
        }
    }
}

/// How a ping's payload begins after the schema: `framdrift:ping-1234`,
/// the number the listener's own.
const PING: &str = "ping-";

/// How often a listener sends itself a ping through the database, and how
/// long it waits for one before it takes its connection for dead. A
/// connection that died without a word (a firewall dropping an idle
/// connection, a machine gone) tells nothing; without the pings its process
/// would keep projects whose changes it no longer hears of.
#[derive(Clone, Copy, Debug)]
pub struct Heartbeat {
    pub every: Duration,
    pub silent_for: Duration,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(5),
            silent_for: Duration::from_secs(15),
        }
    }
}

/// Listens for notices of changed projects on `db`'s database for as long
/// as `watch` lives, with a connection of its own, connecting again when
/// that is lost or falls silent. Returns at once on SQLite, which sends
/// none.
pub async fn listen(db: &DatabaseConnection, watch: Weak<ProjectWatch>) {
    listen_with(db, watch, Heartbeat::default()).await;
}

/// [`listen`], with its own heartbeat (for tests).
pub async fn listen_with(db: &DatabaseConnection, watch: Weak<ProjectWatch>, heartbeat: Heartbeat) {
    use sea_orm::sqlx::postgres::{PgListener, PgPoolOptions};

    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    // Installations (and tests) may share a database, one schema each:
    // notices of other schemas are theirs.
    let schema = loop {
        match current_schema(db).await {
            Ok(schema) => break schema,
            Err(error) => tracing::warn!(%error, "no schema to listen for"),
        }
        if watch.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(RECONNECT_AFTER).await;
    };
    let ping = rand::random::<u64>().to_string();
    let _pings = AbortOnDrop(tokio::spawn(send_pings(
        db.clone(),
        watch.clone(),
        format!("{schema}:{PING}{ping}"),
        heartbeat.every,
    )));
    // The same options as the readers' pool; a pool of one per connection,
    // dropped with it, so that a dead connection is never handed out again.
    let options = (*db.get_postgres_connection_pool().connect_options()).clone();
    loop {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(heartbeat.silent_for)
            .connect_lazy_with(options.clone());
        let listener = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(CHANNEL).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        }
        .await;
        let mut listener = match listener {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for changed projects; reading each time");
                if watch.strong_count() == 0 {
                    return;
                }
                tokio::time::sleep(RECONNECT_AFTER).await;
                continue;
            }
        };
        match watch.upgrade() {
            Some(watch) => watch.set_listening(true),
            None => return,
        }
        let mut heard_at = Instant::now();
        loop {
            // Another process's notices do not show that this connection
            // still hears: only its own pings do.
            let deadline = heard_at + heartbeat.silent_for;
            let notice = tokio::time::timeout_at(deadline.into(), listener.try_recv()).await;
            let Some(watch) = watch.upgrade() else {
                return;
            };
            match notice {
                Ok(Ok(Some(notice))) => match Notice::read(notice.payload(), &schema) {
                    Notice::Project(id) => watch.forget(Some(id)),
                    Notice::Ping(of) if of == ping => heard_at = Instant::now(),
                    Notice::Ping(_) | Notice::OtherSchema => {}
                    // None such is sent; to be safe, forget everything.
                    Notice::Unknown => watch.forget_all(),
                },
                // The connection was lost and made again (listening again):
                // what changed in between is not known.
                Ok(Ok(None)) => watch.forget_all(),
                Ok(Err(error)) => {
                    tracing::warn!(%error, "lost the notices of changed projects");
                    watch.set_listening(false);
                    break;
                }
                Err(_) => {
                    tracing::warn!(
                        silent_for = ?heartbeat.silent_for,
                        "the notices of changed projects fell silent; listening anew"
                    );
                    watch.set_listening(false);
                    break;
                }
            }
        }
        drop(listener);
        drop(pool);
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}

async fn current_schema(db: &DatabaseConnection) -> Result<String, sea_orm::DbErr> {
    let statement =
        sea_orm::Statement::from_string(DbBackend::Postgres, "SELECT current_schema() AS s");
    db.query_one_raw(statement)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("current_schema()".into()))?
        .try_get::<String>("", "s")
}

/// Sends `payload` on the channel every `every` (the first after one
/// period), for as long as `watch` lives.
async fn send_pings(
    db: DatabaseConnection,
    watch: Weak<ProjectWatch>,
    payload: String,
    every: Duration,
) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    loop {
        ticks.tick().await;
        if watch.strong_count() == 0 {
            return;
        }
        let statement = sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), payload.clone().into()],
        );
        if let Err(error) = db.execute_raw(statement).await {
            tracing::debug!(%error, "ping not sent");
        }
    }
}

/// A task stopped when this is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::project;

    fn stamped(id: i32, revision: i64) -> Stamped {
        Stamped {
            project: project::Model {
                id,
                key: format!("p{id}"),
                name: "P".into(),
                funding_programme: String::new(),
                period_start: chrono::NaiveDate::default(),
                period_end: chrono::NaiveDate::default(),
                description: String::new(),
                target_group: String::new(),
                website: String::new(),
                public: true,
                archived_at: None,
                version: 1,
            },
            revision,
            plan_revision: revision,
        }
    }

    #[test]
    fn nothing_is_kept_while_not_listening() {
        let watch = ProjectWatch::default();
        assert!(watch.ticket().is_none());
        watch.set_listening(true);
        let ticket = watch.ticket().expect("listening");
        watch.set_listening(false);
        watch.keep(ticket, "a", &stamped(1, 1));
        assert_eq!(watch.find("a"), None);
    }

    #[test]
    fn a_read_that_a_change_overtook_is_not_kept() {
        let watch = ProjectWatch::default();
        watch.set_listening(true);
        let early = watch.ticket().expect("listening");
        // A notice arrives while the read is under way, even of another
        // project: what was read may be older than the notice.
        watch.forget(Some(2));
        watch.keep(early, "a", &stamped(1, 1));
        assert_eq!(watch.find("a"), None);
        let late = watch.ticket().expect("listening");
        watch.keep(late, "a", &stamped(1, 2));
        assert_eq!(watch.find("a"), Some(stamped(1, 2)));
    }

    #[test]
    fn a_notice_drops_its_project_only_and_a_lost_connection_everything() {
        let watch = ProjectWatch::default();
        watch.set_listening(true);
        for (key, id) in [("a", 1), ("b", 2)] {
            let ticket = watch.ticket().expect("listening");
            watch.keep(ticket, key, &stamped(id, 1));
        }
        watch.forget(Some(1));
        assert_eq!(watch.find("a"), None);
        assert_eq!(watch.find("b"), Some(stamped(2, 1)));
        watch.forget_all();
        assert_eq!(watch.find("b"), None);
    }

    #[test]
    fn notices_of_other_schemas_are_theirs() {
        assert_eq!(Notice::read("public:7", "public"), Notice::Project(7));
        assert_eq!(Notice::read("a:b:7", "a:b"), Notice::Project(7));
        assert_eq!(Notice::read("other:7", "public"), Notice::OtherSchema);
        assert_eq!(Notice::read("public:x", "public"), Notice::Unknown);
        assert_eq!(Notice::read("7", "public"), Notice::Unknown);
        assert_eq!(
            Notice::read("public:ping-42", "public"),
            Notice::Ping("42".into())
        );
        assert_eq!(Notice::read("other:ping-42", "public"), Notice::OtherSchema);
    }
}
