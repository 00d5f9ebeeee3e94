//! The PostgreSQL store, which several collectors can share.
//!
//! A pool of connections (deadpool-postgres over tokio-postgres) with short
//! timeouts: a request waits at most a few seconds for a connection or a
//! statement, then gets 503 and `Retry-After`; connections broken by a
//! database restart are replaced on their next use. The schema is applied
//! by versioned migrations at start, under an advisory lock so collectors
//! starting together do not race.
//!
//! `events` is partitioned by the month it was received in. PostgreSQL can
//! only enforce a unique key on a partitioned table if it includes the
//! partition key, so uniqueness of `message_id` across months lives in
//! `message_ids`: a batch inserts its ids there (`ON CONFLICT DO NOTHING`)
//! and only the fresh ones into `events`, in one statement and one
//! transaction.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::types::ToSql;
use tokio_postgres::NoTls;

use super::{
    cutoff_month, month_of, next_month, EventFilter, NewEvent, Page, StoreError, StoredRow,
    StripeOutcome, StripeWrite, ROW_OVERHEAD,
};
use crate::config::Config;
use crate::stripe_map::links::Links;

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

/// The PostgreSQL store.
#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
    /// Months whose partition is known to exist.
    months: Arc<Mutex<HashSet<String>>>,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres").finish_non_exhaustive()
    }
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("postgres: {e}"))
}

impl Postgres {
    /// Connects to `url`, applies the migrations it lacks, and makes the
    /// partitions of this month and the next.
    pub async fn open(url: &str, config: &Config) -> Result<Postgres, StoreError> {
        let mut pg: tokio_postgres::Config = url.parse().map_err(err)?;
        pg.connect_timeout(Duration::from_secs(3));
        pg.application_name("trackq-collector");
        // No statement may hold a request for long: past this it fails and
        // the client is told to retry.
        pg.options("-c statement_timeout=10000 -c lock_timeout=5000");
        let manager = Manager::from_config(
            pg,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(config.max_db_connections.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(3)))
            .create_timeout(Some(Duration::from_secs(3)))
            .recycle_timeout(Some(Duration::from_secs(3)))
            .build()
            .map_err(err)?;
        let store = Postgres {
            pool,
            months: Arc::new(Mutex::new(HashSet::new())),
        };
        store.migrate().await?;
        let now = chrono::Utc::now().date_naive();
        store.partition(&month_of(&now.to_string())).await?;
        store
            .partition(&next_month(&month_of(&now.to_string())))
            .await?;
        Ok(store)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool.get().await.map_err(err)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
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
    async fn partition(&self, month: &str) -> Result<(), StoreError> {
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

    /// See [`super::Store::insert`].
    pub async fn insert(
        &self,
        events: &[NewEvent],
        received_at: &str,
    ) -> Result<Vec<bool>, StoreError> {
        let month = month_of(received_at);
        self.partition(&month).await?;
        let client = self.client().await?;
        // One statement is one transaction: no BEGIN/COMMIT round trips.
        insert_events(&client, events, received_at, &month).await
    }

    /// See [`super::Store::insert_stripe`].
    pub async fn insert_stripe(&self, w: &StripeWrite) -> Result<StripeOutcome, StoreError> {
        let month = month_of(&w.received_at);
        self.partition(&month).await?;
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(err)?;
        let fresh = tx
            .execute(
                "INSERT INTO stripe_events (id, type, received_at) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO NOTHING",
                &[&w.id, &w.kind, &w.received_at],
            )
            .await
            .map_err(err)?;
        if fresh == 0 {
            return Ok(StripeOutcome::Replayed);
        }
        let stored = insert_events(&tx, &w.events, &w.received_at, &month).await?;
        for (key, value) in &w.learned {
            tx.execute(
                "INSERT INTO stripe_links (key, value, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                                                 updated_at = excluded.updated_at",
                &[key, value, &w.received_at],
            )
            .await
            .map_err(err)?;
        }
        tx.commit().await.map_err(err)?;
        Ok(StripeOutcome::Stored(stored))
    }

    /// See [`super::Store::stripe_links`].
    pub async fn stripe_links(&self, keys: &[String]) -> Result<Links, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT key, value FROM stripe_links WHERE key = ANY($1)",
                &[&keys],
            )
            .await
            .map_err(err)?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// See [`super::Store::events`].
    pub async fn events(&self, f: &EventFilter, max_bytes: usize) -> Result<Page, StoreError> {
        let order = if f.after.is_some() { "ASC" } else { "DESC" };
        let sql = format!(
            "SELECT id, message_id, type, event, user_id, anonymous_id, timestamp, received_at,
                    source, taxonomy, problems, body
             FROM events
             WHERE ($1::text IS NULL OR event = $1)
               AND ($2::text IS NULL OR user_id = $2 OR anonymous_id = $2)
               AND ($3::text IS NULL OR type = $3)
               AND ($4::text IS NULL OR source = $4)
               AND ($5::text IS NULL OR timestamp >= $5)
               AND ($6::text IS NULL OR timestamp < $6)
               AND (NOT $7 OR problems IS NOT NULL)
               AND id > $8 AND id < $9
             ORDER BY id {order} LIMIT $10"
        );
        let after = f.after.unwrap_or(0);
        let before = f.before.unwrap_or(i64::MAX);
        let limit = i64::from(f.limit);
        let params: [&(dyn ToSql + Sync); 10] = [
            &f.event,
            &f.user,
            &f.kind,
            &f.source,
            &f.since,
            &f.until,
            &f.only_problems,
            &after,
            &before,
            &limit,
        ];
        let client = self.client().await?;
        let rows = client.query(&sql, &params).await.map_err(err)?;
        let mut page = Page::default();
        let mut bytes = 0usize;
        for row in rows {
            let body: String = row.get(11);
            let size = body.len() + ROW_OVERHEAD;
            if !page.rows.is_empty() && bytes.saturating_add(size) > max_bytes {
                page.cut = true;
                break;
            }
            bytes = bytes.saturating_add(size);
            page.rows.push(StoredRow {
                id: row.get(0),
                message_id: row.get(1),
                kind: row.get(2),
                event: row.get(3),
                user_id: row.get(4),
                anonymous_id: row.get(5),
                timestamp: row.get(6),
                received_at: row.get(7),
                source: row.get(8),
                taxonomy: row.get(9),
                problems: row.get(10),
                body,
            });
        }
        Ok(page)
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

/// The batch insert of [`insert_events`].
const INSERT_EVENTS: &str = "WITH input AS (
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                      $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                     WITH ORDINALITY
                     AS t(message_id, type, event, user_id, anonymous_id, timestamp, source,
                          taxonomy, problems, body, ord)
             ), firsts AS (
                 SELECT DISTINCT ON (message_id) * FROM input ORDER BY message_id, ord
             ), fresh AS (
                 INSERT INTO message_ids (message_id, received_month)
                 SELECT message_id, $12::text::date FROM firsts
                 ON CONFLICT (message_id) DO NOTHING
                 RETURNING message_id
             )
             INSERT INTO events (message_id, type, event, user_id, anonymous_id, timestamp,
                                 received_at, received_month, source, taxonomy, problems, body)
             SELECT f.message_id, f.type, f.event, f.user_id, f.anonymous_id, f.timestamp,
                    $11, $12::text::date, f.source, f.taxonomy, f.problems, f.body
             FROM firsts f JOIN fresh USING (message_id)
             ORDER BY f.ord
             RETURNING message_id";

/// Inserts the fresh ones of `events` (by `message_id`, across months and
/// within the batch: the first of a repeated id wins) in one statement;
/// per event, whether it was stored.
async fn insert_events(
    tx: &impl GenericClient,
    events: &[NewEvent],
    received_at: &str,
    month: &str,
) -> Result<Vec<bool>, StoreError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let col = |f: fn(&NewEvent) -> Option<String>| events.iter().map(f).collect::<Vec<_>>();
    let ids: Vec<String> = events.iter().map(|e| e.message_id.clone()).collect();
    let kinds: Vec<String> = events.iter().map(|e| e.kind.clone()).collect();
    let names = col(|e| e.event.clone());
    let users = col(|e| e.user_id.clone());
    let anons = col(|e| e.anonymous_id.clone());
    let times: Vec<String> = events.iter().map(|e| e.timestamp.clone()).collect();
    let sources: Vec<String> = events.iter().map(|e| e.source.name().to_owned()).collect();
    let taxonomies = col(|e| e.taxonomy.clone());
    let problems = col(|e| e.problems.clone());
    let bodies: Vec<String> = events.iter().map(|e| e.body.clone()).collect();
    let statement = tx.prepare_cached(INSERT_EVENTS).await.map_err(err)?;
    let rows = tx
        .query(
            &statement,
            &[
                &ids,
                &kinds,
                &names,
                &users,
                &anons,
                &times,
                &sources,
                &taxonomies,
                &problems,
                &bodies,
                &received_at,
                &month,
            ],
        )
        .await
        .map_err(err)?;
    let mut stored: HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
    // The first occurrence of a fresh id was stored; repeats are duplicates.
    Ok(ids.iter().map(|id| stored.remove(id)).collect())
}

fn lock(m: &Mutex<HashSet<String>>) -> std::sync::MutexGuard<'_, HashSet<String>> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
