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
    month_of, next_month, EventFilter, NewEvent, Page, Source, StoreError, StoredRow,
    StripeOutcome, StripeWrite,
};

mod batch;
mod schema;

use crate::config::Config;
use crate::stripe_map::links::Links;
use batch::insert_events;

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

pub(crate) fn err(e: impl std::fmt::Display) -> StoreError {
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
        for row in rows {
            let body: String = row.get(11);
            if !page.fits(body.len(), max_bytes) {
                break;
            }
            let source: &str = row.get(8);
            let source = Source::from_name(source)
                .ok_or_else(|| StoreError(format!("postgres: unknown source {source:?}")))?;
            page.rows.push(StoredRow {
                id: row.get(0),
                received_at: row.get(7),
                message: NewEvent {
                    message_id: row.get(1),
                    kind: row.get(2),
                    event: row.get(3),
                    user_id: row.get(4),
                    anonymous_id: row.get(5),
                    timestamp: row.get(6),
                    source,
                    taxonomy: row.get(9),
                    problems: row.get(10),
                    body,
                },
            });
        }
        Ok(page)
    }
}

pub(crate) fn lock(m: &Mutex<HashSet<String>>) -> std::sync::MutexGuard<'_, HashSet<String>> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
