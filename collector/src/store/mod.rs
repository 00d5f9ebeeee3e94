//! Where events are stored: one interface, two implementations. An embedded
//! SQLite file (the default: `--db trackq.db`) or PostgreSQL
//! (`--db postgres://...`), which several collectors can share.
//!
//! Both keep the same guarantees: every request's messages in one
//! transaction, `message_id` unique (a resent message is a duplicate, not a
//! second row), a Stripe event id taken once, and an error (never a hang)
//! when the database cannot take a write, which the handlers answer with 503
//! and `Retry-After`.

use std::sync::Arc;

use crate::config::Config;
use crate::stripe_map::links::Links;

mod months;
pub mod postgres;
pub mod sqlite;

pub use months::{cutoff_month, month_of, next_month, previous_month};

/// Where a stored event came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `POST /v1/batch`, the snippet's beacons.
    Batch,
    /// `POST /v1/events`, the server-side API.
    Server,
    /// `POST /webhooks/stripe`.
    Stripe,
}

impl Source {
    /// The name stored in the `source` column.
    pub fn name(self) -> &'static str {
        match self {
            Source::Batch => "batch",
            Source::Server => "server",
            Source::Stripe => "stripe",
        }
    }
}

/// One message ready to be stored.
#[derive(Clone, Debug)]
pub struct NewEvent {
    /// The message's `messageId`, unique across the store.
    pub message_id: String,
    /// `track`, `identify`, `alias`, ...
    pub kind: String,
    /// The event name of a `track`.
    pub event: Option<String>,
    /// `userId`, once known.
    pub user_id: Option<String>,
    /// `anonymousId`.
    pub anonymous_id: Option<String>,
    /// When it happened, normalised by [`crate::clock::normalize`].
    pub timestamp: String,
    /// Which endpoint it came through.
    pub source: Source,
    /// The taxonomy it was checked against, if any.
    pub taxonomy: Option<String>,
    /// The validation problems as a JSON array, `None` when there are none.
    pub problems: Option<String>,
    /// The whole message as JSON text.
    pub body: String,
}

/// What storing a Stripe event did.
#[derive(Debug, PartialEq, Eq)]
pub enum StripeOutcome {
    /// The Stripe event id was new; per message, whether it was stored.
    Stored(Vec<bool>),
    /// The Stripe event id had been seen before: nothing written.
    Replayed,
}

/// One stored event as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRow {
    /// Grows with every insert; the paging cursor.
    pub id: i64,
    /// `messageId`.
    pub message_id: String,
    /// Message type.
    pub kind: String,
    /// Event name of a `track`.
    pub event: Option<String>,
    /// `userId`.
    pub user_id: Option<String>,
    /// `anonymousId`.
    pub anonymous_id: Option<String>,
    /// When it happened.
    pub timestamp: String,
    /// When the collector stored it.
    pub received_at: String,
    /// Which endpoint it came through.
    pub source: String,
    /// The taxonomy it was checked against.
    pub taxonomy: Option<String>,
    /// Its problems, a JSON array.
    pub problems: Option<String>,
    /// The whole message, JSON text.
    pub body: String,
}

/// What `GET /v1/events` asks for.
#[derive(Clone, Debug)]
pub struct EventFilter {
    /// Event name.
    pub event: Option<String>,
    /// `userId` or `anonymousId`.
    pub user: Option<String>,
    /// Message type.
    pub kind: Option<String>,
    /// `batch`, `server` or `stripe`.
    pub source: Option<String>,
    /// Earliest timestamp (stored shape), included.
    pub since: Option<String>,
    /// Latest timestamp (stored shape), excluded.
    pub until: Option<String>,
    /// Only events with problems.
    pub only_problems: bool,
    /// Rows with a larger id, oldest first.
    pub after: Option<i64>,
    /// Rows with a smaller id, newest first.
    pub before: Option<i64>,
    /// Most rows.
    pub limit: u32,
}

impl Default for EventFilter {
    fn default() -> EventFilter {
        EventFilter {
            event: None,
            user: None,
            kind: None,
            source: None,
            since: None,
            until: None,
            only_problems: false,
            after: None,
            before: None,
            limit: 100,
        }
    }
}

/// A page of rows, and whether it was cut short at the byte cap.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// The rows, in the order asked for.
    pub rows: Vec<StoredRow>,
    /// True when more rows matched but the page reached its byte cap.
    pub cut: bool,
}

/// Bytes a reply spends on an event besides its stored message (columns,
/// problems), counted against the reply's byte cap.
pub const ROW_OVERHEAD: usize = 512;

/// A database failure, as logged; the client is told to retry.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError(format!("sqlite: {e}"))
    }
}

/// The store the collector was started with.
#[derive(Clone, Debug)]
pub enum Store {
    /// An SQLite file.
    Sqlite(Arc<sqlite::Sqlite>),
    /// A PostgreSQL database.
    Postgres(postgres::Postgres),
}

/// True when `--db` names a PostgreSQL database rather than a file.
pub fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl Store {
    /// Opens the store `config.db` names, creating or migrating its schema.
    pub async fn open(config: &Config) -> Result<Store, StoreError> {
        let db = config.db.to_string_lossy().into_owned();
        if is_postgres(&db) {
            return Ok(Store::Postgres(
                postgres::Postgres::open(&db, config).await?,
            ));
        }
        let (path, durability) = (config.db.clone(), config.durability);
        let sqlite =
            blocking(move || sqlite::Sqlite::open(&path, durability).map_err(Into::into)).await?;
        Ok(Store::Sqlite(Arc::new(sqlite)))
    }

    /// Stores `events` in one transaction; per event, true if it was new and
    /// false if its `message_id` was already there.
    pub async fn insert(
        &self,
        events: Vec<NewEvent>,
        received_at: String,
    ) -> Result<Vec<bool>, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let s = Arc::clone(s);
                blocking(move || Ok(s.insert(&events, &received_at)?)).await
            }
            Store::Postgres(p) => p.insert(&events, &received_at).await,
        }
    }

    /// Stores the messages made from one Stripe event and what it taught,
    /// in the same transaction as its id, unless that id was seen before.
    pub async fn insert_stripe(&self, write: StripeWrite) -> Result<StripeOutcome, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let s = Arc::clone(s);
                blocking(move || {
                    Ok(s.insert_stripe(
                        &write.id,
                        &write.kind,
                        &write.events,
                        &write.learned,
                        &write.received_at,
                    )?)
                })
                .await
            }
            Store::Postgres(p) => p.insert_stripe(&write).await,
        }
    }

    /// The remembered Stripe links among `keys`.
    pub async fn stripe_links(&self, keys: Vec<String>) -> Result<Links, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let s = Arc::clone(s);
                blocking(move || Ok(s.stripe_links(&keys)?)).await
            }
            Store::Postgres(p) => p.stripe_links(&keys).await,
        }
    }

    /// The events `filter` selects, ordered by id (ascending with `after`,
    /// else descending), at most `filter.limit`, and stopping before the
    /// stored messages pass `max_bytes` (always at least one row).
    pub async fn events(&self, filter: EventFilter, max_bytes: usize) -> Result<Page, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let s = Arc::clone(s);
                blocking(move || Ok(s.events(&filter, max_bytes)?)).await
            }
            Store::Postgres(p) => p.events(&filter, max_bytes).await,
        }
    }

    /// Deletes the events received before the `keep` latest months (counting
    /// `now`'s); the number deleted. PostgreSQL drops whole partitions.
    pub async fn retain(&self, keep: u32, now: String) -> Result<u64, StoreError> {
        match self {
            Store::Sqlite(s) => {
                let s = Arc::clone(s);
                let cutoff = format!("{}T00:00:00.000Z", cutoff_month(keep, &now));
                blocking(move || Ok(s.delete_before(&cutoff)?)).await
            }
            Store::Postgres(p) => p.retain(keep, &now).await,
        }
    }
}

/// What storing one Stripe event writes.
#[derive(Clone, Debug)]
pub struct StripeWrite {
    /// The Stripe event id.
    pub id: String,
    /// The Stripe event type.
    pub kind: String,
    /// The messages made from it.
    pub events: Vec<NewEvent>,
    /// What it taught for later events.
    pub learned: Vec<(String, String)>,
    /// When it was received (stored shape).
    pub received_at: String,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError(format!("database task failed: {e}")))?
}
