//! One batch of events in one statement: fresh ids claimed in
//! `message_ids`, only those rows inserted into `events`.

use std::collections::HashSet;

use deadpool_postgres::GenericClient;

use super::err;
use crate::store::{NewEvent, StoreError};

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
pub(super) async fn insert_events(
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
