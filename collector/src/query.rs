//! `GET /v1/events`: the stored events, filtered and paged.
//!
//! Filters: `event`, `user` (matches `userId` or `anonymousId`), `type`,
//! `source` (`batch`, `server`, `stripe`), `since` / `until` (ISO 8601, on the
//! event's timestamp; `until` excluded), `problems=1` (flagged only).
//! Paging by the row id, which only grows: `after=<id>` gives the next
//! events oldest first (what the live page polls with); without it the
//! newest come first and `before=<id>` goes further back. `limit` is 1-1000
//! (default 100). A page also stops before its stored messages pass
//! `--max-reply` bytes (`"more": true`). The reply's `next` is the cursor
//! for the following page.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use rusqlite::{params, Connection, Row};
use serde::Deserialize;
use serde_json::{json, Value as JsonValue};

use crate::app::App;
use crate::auth;
use crate::clock;
use crate::error::ApiError;
use crate::problems;
use crate::query_string;

/// The query string of `GET /v1/events`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EventQuery {
    /// Event name.
    pub event: Option<String>,
    /// `userId` or `anonymousId`.
    pub user: Option<String>,
    /// Message type.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `batch`, `server` or `stripe`.
    pub source: Option<String>,
    /// Earliest timestamp, included.
    pub since: Option<String>,
    /// Latest timestamp, excluded.
    pub until: Option<String>,
    /// `1` or `true`: only events with problems.
    pub problems: Option<String>,
    /// Events with a larger id, oldest first.
    pub after: Option<i64>,
    /// Events with a smaller id, newest first.
    pub before: Option<i64>,
    /// Page size.
    pub limit: Option<u32>,
    /// The read key, for an `EventSource` or a link that cannot set headers.
    pub key: Option<String>,
}

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 100;
/// Largest page size.
pub const MAX_LIMIT: u32 = 1000;

/// Handles a query.
pub async fn get_events(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<JsonValue>, ApiError> {
    if let Some(read_key) = &app.config.read_key {
        let from_query = query_string::param(raw.as_deref(), "key");
        let given = auth::bearer(&headers)
            .or(from_query.as_deref())
            .unwrap_or("");
        if !auth::matches_any(given, std::slice::from_ref(read_key)) {
            return Err(ApiError::unauthorized("read key missing or wrong"));
        }
    }
    let q: EventQuery = query_string::parse(raw.as_deref())?;
    let since = time_param(q.since.as_deref(), "since")?;
    let until = time_param(q.until.as_deref(), "until")?;
    let q2 = q.clone();
    let max_bytes = app.config.max_reply;
    let (events, cut) = app
        .read(move |store| store.read(|conn| run(conn, &q2, since, until, max_bytes)))
        .await?;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
    let next = match (q.after, events.last()) {
        (Some(_), Some(last)) => last["id"].clone(),
        (Some(after), None) => json!(after),
        (None, Some(last)) if cut || events.len() == limit => last["id"].clone(),
        (None, _) => JsonValue::Null,
    };
    Ok(Json(json!({"events": events, "next": next, "more": cut})))
}

fn time_param(value: Option<&str>, name: &str) -> Result<Option<String>, ApiError> {
    value
        .map(|v| {
            clock::normalize(v).ok_or_else(|| {
                ApiError::bad_request(format!("{name} is not an ISO 8601 date-time"))
            })
        })
        .transpose()
}

const COLUMNS: &str = "id, message_id, type, event, user_id, anonymous_id, timestamp,
                       received_at, source, taxonomy, problems, body";
const FILTER: &str = "(?1 IS NULL OR event = ?1)
    AND (?2 IS NULL OR user_id = ?2 OR anonymous_id = ?2)
    AND (?3 IS NULL OR type = ?3)
    AND (?4 IS NULL OR source = ?4)
    AND (?5 IS NULL OR timestamp >= ?5)
    AND (?6 IS NULL OR timestamp < ?6)
    AND (?7 = 0 OR problems IS NOT NULL)
    AND id > ?8 AND id < ?9";

/// Runs `q` on `conn`: the events as the API shows them, and whether the
/// page was cut short at `max_bytes` of stored messages (it always holds
/// at least one event, so paging moves on).
pub fn run(
    conn: &Connection,
    q: &EventQuery,
    since: Option<String>,
    until: Option<String>,
    max_bytes: usize,
) -> rusqlite::Result<(Vec<JsonValue>, bool)> {
    let order = if q.after.is_some() { "ASC" } else { "DESC" };
    let sql = format!("SELECT {COLUMNS} FROM events WHERE {FILTER} ORDER BY id {order} LIMIT ?10");
    let only_problems = matches!(q.problems.as_deref(), Some("1" | "true" | "yes"));
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![
        q.event,
        q.user,
        q.kind,
        q.source,
        since,
        until,
        only_problems,
        q.after.unwrap_or(0),
        q.before.unwrap_or(i64::MAX),
        limit,
    ])?;
    let mut events = Vec::new();
    let mut bytes = 0usize;
    while let Some(row) = rows.next()? {
        let size = row.get_ref(11)?.as_bytes().map_or(0, <[u8]>::len) + ROW_OVERHEAD;
        if !events.is_empty() && bytes.saturating_add(size) > max_bytes {
            return Ok((events, true));
        }
        bytes = bytes.saturating_add(size);
        events.push(row_json(row)?);
    }
    Ok((events, false))
}

/// Bytes a reply spends on an event besides its stored message (columns,
/// problems), counted against the reply's byte cap.
const ROW_OVERHEAD: usize = 512;

fn row_json(row: &Row<'_>) -> rusqlite::Result<JsonValue> {
    let problems: Option<String> = row.get(10)?;
    let problems: JsonValue = problems
        .and_then(|p| serde_json::from_str(&p).ok())
        .unwrap_or(JsonValue::Null);
    let invalid = problems
        .as_array()
        .is_some_and(|p| p.iter().any(problems::is_invalid));
    let body: String = row.get(11)?;
    Ok(json!({
        "id": row.get::<_, i64>(0)?,
        "messageId": row.get::<_, String>(1)?,
        "type": row.get::<_, String>(2)?,
        "event": row.get::<_, Option<String>>(3)?,
        "userId": row.get::<_, Option<String>>(4)?,
        "anonymousId": row.get::<_, Option<String>>(5)?,
        "timestamp": row.get::<_, String>(6)?,
        "receivedAt": row.get::<_, String>(7)?,
        "source": row.get::<_, String>(8)?,
        "taxonomy": row.get::<_, Option<String>>(9)?,
        "problems": problems,
        "invalid": invalid,
        "message": serde_json::from_str::<JsonValue>(&body).unwrap_or(JsonValue::String(body)),
    }))
}
