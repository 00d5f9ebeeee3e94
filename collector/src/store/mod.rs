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
mod rows;
pub mod sqlite;

pub use months::{cutoff_month, month_of, next_month, previous_month};
pub use rows::{EventFilter, NewEvent, Page, Source, StoredRow, ROW_OVERHEAD};

/// What storing a Stripe event did.
#[derive(Debug, PartialEq, Eq)]
pub enum StripeOutcome {
    /// The Stripe event id was new; per message, whether it was stored.
    Stored(Vec<bool>),
    /// The Stripe event id had been seen before: nothing written.
    Replayed,
}

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
