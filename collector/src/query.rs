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
use serde::Deserialize;
use serde_json::{json, Value as JsonValue};

use crate::app::App;
use crate::auth;
use crate::clock;
use crate::error::ApiError;
use crate::problems;
use crate::query_string;
use crate::store::{EventFilter, StoredRow};

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
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let filter = EventFilter {
        event: q.event.clone(),
        user: q.user.clone(),
        kind: q.kind.clone(),
        source: q.source.clone(),
        since,
        until,
        only_problems: matches!(q.problems.as_deref(), Some("1" | "true" | "yes")),
        after: q.after,
        before: q.before,
        limit,
    };
    let page = app
        .read(app.store.events(filter, app.config.max_reply))
        .await?;
    let cut = page.cut;
    let events: Vec<JsonValue> = page.rows.into_iter().map(row_json).collect();
    let limit = limit as usize;
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

/// One stored row as the API shows it.
pub fn row_json(row: StoredRow) -> JsonValue {
    let StoredRow {
        id,
        received_at,
        message: stored,
    } = row;
    let problems: JsonValue = stored
        .problems
        .and_then(|p| serde_json::from_str(&p).ok())
        .unwrap_or(JsonValue::Null);
    let invalid = problems
        .as_array()
        .is_some_and(|p| p.iter().any(problems::is_invalid));
    let message =
        serde_json::from_str::<JsonValue>(&stored.body).unwrap_or(JsonValue::String(stored.body));
    json!({
        "id": id,
        "messageId": stored.message_id,
        "type": stored.kind,
        "event": stored.event,
        "userId": stored.user_id,
        "anonymousId": stored.anonymous_id,
        "timestamp": stored.timestamp,
        "receivedAt": received_at,
        "source": stored.source.name(),
        "taxonomy": stored.taxonomy,
        "problems": problems,
        "invalid": invalid,
        "message": message,
    })
}
