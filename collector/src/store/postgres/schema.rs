//! The schema: versioned migrations applied at start, month partitions made
//! as they are needed, and retention dropping old ones. Each takes an
//! advisory lock so collectors sharing the database do them one at a time.

use super::{err, lock, Postgres};
use crate::store::{cutoff_month, next_month, StoreError};

/// The migrations, in order; each runs once, in a transaction.
const MIGRATIONS: [&str; 1] = ["
CREATE SEQUENCE events_id_seq;
CREATE TABLE events (
    id             BIGINT NOT NULL DEFAULT nextval('events_id_seq'),
    message_id     TEXT NOT NULL,
    type           TEXT NOT NULL,
    event          TEXT,
    user_id        TEXT,
    anonymous_id   TEXT,
    timestamp      TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    received_month DATE NOT NULL,
    source         TEXT NOT NULL,
    taxonomy       TEXT,
    problems       TEXT,
    body           TEXT NOT NULL,
    PRIMARY KEY (received_month, id)
) PARTITION BY RANGE (received_month);
CREATE INDEX events_id ON events (id);
CREATE INDEX events_event ON events (event);
CREATE INDEX events_user ON events (user_id);
CREATE INDEX events_anonymous ON events (anonymous_id);
CREATE INDEX events_timestamp ON events (timestamp);
CREATE TABLE message_ids (
    message_id     TEXT PRIMARY KEY,
    received_month DATE NOT NULL
);
CREATE INDEX message_ids_month ON message_ids (received_month);
CREATE TABLE stripe_events (
    id          TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE TABLE stripe_links (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"];

/// An arbitrary constant: the advisory lock migrations and partition
/// creation take, so concurrent collectors do them one at a time.
const SCHEMA_LOCK: i64 = 0x7472_6163_6b71; // "trackq"

impl Postgres {
    pub(super) async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
            .await
            .map_err(err)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version    INT PRIMARY KEY,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .await
        .map_err(err)?;
        let done: i32 = tx
            .query_one(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )
            .await
            .map_err(err)?
            .get(0);
        for (n, sql) in MIGRATIONS.iter().enumerate() {
            let version = i32::try_from(n + 1).map_err(err)?;
            if version > done {
                tx.batch_execute(sql).await.map_err(err)?;
                tx.execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)",
                    &[&version],
                )
                .await
                .map_err(err)?;
                tracing::info!(version, "postgres: migration applied");
            }
        }
        tx.commit().await.map_err(err)
    }

    /// Makes sure the partition of `month` (`YYYY-MM-01`) exists.
    pub(super) async fn partition(&self, month: &str) -> Result<(), StoreError> {
        if lock(&self.months).contains(month) {
            return Ok(());
        }
        let name = format!("events_{}", month[..7].replace('-', "_"));
        let next = next_month(month);
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
            .await
            .map_err(err)?;
        // The name and bounds are made here from a date, never from input.
        tx.batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {name} PARTITION OF events
             FOR VALUES FROM ('{month}') TO ('{next}')"
        ))
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        lock(&self.months).insert(month.to_owned());
        Ok(())
    }

    /// Drops the partitions (and forgets the message ids) of months before
    /// the `keep` latest (counting `now`'s); the number of events dropped.
    pub async fn retain(&self, keep: u32, now: &str) -> Result<u64, StoreError> {
        let cutoff = cutoff_month(keep, now);
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
            .await
            .map_err(err)?;
        let old = tx
            .query(
                "SELECT c.relname FROM pg_inherits i
                 JOIN pg_class c ON c.oid = i.inhrelid
                 JOIN pg_class p ON p.oid = i.inhparent
                 WHERE p.relname = 'events' AND c.relname < $1",
                &[&format!("events_{}", cutoff[..7].replace('-', "_"))],
            )
            .await
            .map_err(err)?;
        let mut dropped = 0u64;
        for row in old {
            let name: String = row.get(0);
            let n: i64 = tx
                .query_one(&format!("SELECT count(*) FROM {name}"), &[])
                .await
                .map_err(err)?
                .get(0);
            tx.batch_execute(&format!("DROP TABLE {name}"))
                .await
                .map_err(err)?;
            tracing::info!(partition = name, events = n, "postgres: partition dropped");
            dropped += u64::try_from(n).unwrap_or(0);
        }
        tx.execute(
            "DELETE FROM message_ids WHERE received_month < $1::text::date",
            &[&cutoff],
        )
        .await
        .map_err(err)?;
        tx.commit().await.map_err(err)?;
        lock(&self.months).retain(|m| *m >= cutoff);
        Ok(dropped)
    }
}
