//! The history of every recorded change, and the state as of any moment.
//!
//! How it is kept: the entity tables hold the current state, with their
//! constraints and a version per record for optimistic concurrency. Every
//! write also goes through a [`Recorder`] in the same transaction, which
//!
//! - groups the write in a `change_set` (when, who, from where, what for),
//! - closes the record's current `record_version` row and opens a new one
//!   holding the record's JSON, valid from the change set's time, and
//! - writes one `change` row per field that changed (old and new value).
//!
//! Every view reads records through [`load`], which picks the versions valid
//! at the asked moment with an index range (`valid_from <= t < valid_to`) or
//! the open ones for now. Views of the past and of the present so share one
//! code path and cannot drift apart, and nothing is replayed per request.

mod backfill;
mod batch;
mod read;
mod record;
pub mod revision;
pub mod watch;
mod write;

pub use backfill::backfill;
pub use batch::{Batch, BatchRows, BatchScope};
pub use read::{Scope, load, load_one, load_pair, load_pair_keys, load_project, scopes_with};
pub use record::{Archivable, Versioned, cell_key};
pub use write::{Actor, Recorder, Source, last_changed, now, same_data, update_if_unchanged};
