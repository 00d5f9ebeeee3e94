//! The SQLite store: one file in WAL mode, one writer connection, one reader.
//! Blocking: [`super::Store`] calls it on blocking threads.
//!
//! Every request's messages go in one transaction, so a crash leaves either
//! all of them or none. `message_id` is unique: a resent message is counted
//! as a duplicate and not stored again.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::{NewEvent, StripeOutcome};
use crate::config::Durability;
use crate::stripe_map::links::Links;

mod events;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    id           INTEGER PRIMARY KEY,
    message_id   TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    event        TEXT,
    user_id      TEXT,
    anonymous_id TEXT,
    timestamp    TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    source       TEXT NOT NULL,
    taxonomy     TEXT,
    problems     TEXT,
    body         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_event ON events(event);
CREATE INDEX IF NOT EXISTS events_user ON events(user_id);
CREATE INDEX IF NOT EXISTS events_anonymous ON events(anonymous_id);
CREATE INDEX IF NOT EXISTS events_timestamp ON events(timestamp);
CREATE TABLE IF NOT EXISTS stripe_events (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stripe_links (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
PRAGMA user_version = 2;
";

/// The database. Blocking: call it from `spawn_blocking`.
#[derive(Debug)]
pub struct Sqlite {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl Sqlite {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path, durability: Durability) -> rusqlite::Result<Sqlite> {
        let writer = Connection::open(path)?;
        writer.busy_timeout(Duration::from_secs(5))?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        let sync = match durability {
            Durability::Normal => "NORMAL",
            Durability::Full => "FULL",
        };
        writer.pragma_update(None, "synchronous", sync)?;
        writer.execute_batch(SCHEMA)?;
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        reader.busy_timeout(Duration::from_secs(5))?;
        Ok(Sqlite {
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    /// Stores `events` in one transaction; per event, true if it was new and
    /// false if its `message_id` was already there.
    pub fn insert(&self, events: &[NewEvent], received_at: &str) -> rusqlite::Result<Vec<bool>> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction()?;
        let stored = insert_all(&tx, events, received_at)?;
        tx.commit()?;
        Ok(stored)
    }

    /// Stores the messages made from one Stripe event and what it taught
    /// for later ones (`learned`, see [`crate::stripe_map::links`]), in the
    /// same transaction as its id, unless that id was seen before.
    pub fn insert_stripe(
        &self,
        stripe_id: &str,
        stripe_type: &str,
        events: &[NewEvent],
        learned: &[(String, String)],
        received_at: &str,
    ) -> rusqlite::Result<StripeOutcome> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction()?;
        let fresh = tx.execute(
            "INSERT INTO stripe_events (id, type, received_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(id) DO NOTHING",
            params![stripe_id, stripe_type, received_at],
        )?;
        if fresh == 0 {
            return Ok(StripeOutcome::Replayed);
        }
        let stored = insert_all(&tx, events, received_at)?;
        let mut link = tx.prepare_cached(
            "INSERT INTO stripe_links (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )?;
        for (key, value) in learned {
            link.execute(params![key, value, received_at])?;
        }
        drop(link);
        tx.commit()?;
        Ok(StripeOutcome::Stored(stored))
    }

    /// Deletes the events received before `cutoff` (stored shape); how many.
    pub fn delete_before(&self, cutoff: &str) -> rusqlite::Result<u64> {
        let conn = lock(&self.writer);
        let n = conn.execute("DELETE FROM events WHERE received_at < ?1", [cutoff])?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The remembered Stripe links among `keys`.
    pub fn stripe_links(&self, keys: &[String]) -> rusqlite::Result<Links> {
        let conn = lock(&self.reader);
        let mut stmt = conn.prepare_cached("SELECT value FROM stripe_links WHERE key = ?1")?;
        let mut found = Links::new();
        for key in keys {
            if let Some(value) = stmt
                .query_row([key], |r| r.get::<_, String>(0))
                .optional()?
            {
                found.insert(key.clone(), value);
            }
        }
        Ok(found)
    }
}

fn insert_all(
    tx: &Connection,
    events: &[NewEvent],
    received_at: &str,
) -> rusqlite::Result<Vec<bool>> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (message_id, type, event, user_id, anonymous_id, timestamp,
                             received_at, source, taxonomy, problems, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT(message_id) DO NOTHING",
    )?;
    let mut stored = Vec::with_capacity(events.len());
    for e in events {
        let n = stmt.execute(params![
            e.message_id,
            e.kind,
            e.event,
            e.user_id,
            e.anonymous_id,
            e.timestamp,
            received_at,
            e.source.name(),
            e.taxonomy,
            e.problems,
            e.body,
        ])?;
        stored.push(n == 1);
    }
    Ok(stored)
}

/// A panic while a connection was held leaves no open transaction behind
/// (dropping a `Transaction` rolls it back), so a poisoned lock is safe to use.
fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{EventFilter, Source};

    fn event(id: &str) -> NewEvent {
        NewEvent {
            message_id: id.into(),
            kind: "track".into(),
            event: Some("Signed Up".into()),
            user_id: None,
            anonymous_id: Some("anon".into()),
            timestamp: "2026-11-22T18:00:00.000Z".into(),
            source: Source::Batch,
            taxonomy: None,
            problems: None,
            body: "{}".into(),
        }
    }

    #[test]
    fn a_message_id_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Sqlite::open(&dir.path().join("t.db"), Durability::Normal).unwrap();
        let now = "2026-11-22T18:00:01.000Z";
        assert_eq!(
            store.insert(&[event("a"), event("b")], now).unwrap(),
            [true, true]
        );
        assert_eq!(
            store.insert(&[event("b"), event("c")], now).unwrap(),
            [false, true]
        );
        let page = store.events(&EventFilter::default(), 1 << 20).unwrap();
        assert_eq!(page.rows.len(), 3);
    }

    #[test]
    fn a_stripe_event_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Sqlite::open(&dir.path().join("t.db"), Durability::Full).unwrap();
        let now = "2026-11-22T18:00:01.000Z";
        let first = store
            .insert_stripe("evt_1", "invoice.paid", &[event("s:0")], &[], now)
            .unwrap();
        assert_eq!(first, StripeOutcome::Stored(vec![true]));
        let again = store
            .insert_stripe("evt_1", "invoice.paid", &[event("s:0")], &[], now)
            .unwrap();
        assert_eq!(again, StripeOutcome::Replayed);
    }
}
