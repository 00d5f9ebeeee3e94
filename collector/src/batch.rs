//! Segment's HTTP API: `POST /v1/batch` (the snippet's beacons, and every
//! Segment or RudderStack library) and the one-message calls `/v1/track`,
//! `/v1/identify`, `/v1/page`, `/v1/screen`, `/v1/group`, `/v1/alias`, with
//! the short paths of Segment's browser library (`/v1/b`, `/v1/t`, ...).
//!
//! Body (any `Content-Type`, gzip or not: see [`crate::inflate`]): a batch
//! `{"writeKey":"...","sentAt":"...","context":{...},"batch":[message, ...]}`
//! or one message. The batch-level `context` and `integrations` are merged
//! into each message ([`crate::envelope`]). Every good message is stored in
//! one transaction; a resent message (same `messageId`) is counted as a
//! duplicate. A body that is not JSON, has no `batch` array, or holds no
//! good message gets 400 saying why; bad messages next to good ones are
//! listed in the 200 reply under `rejected` (the first
//! [`MAX_REJECTED_LISTED`]; `rejectedCount` counts them all), because
//! resending them would not make them better.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value as JsonValue};

use crate::app::App;
use crate::auth;
use crate::clock;
use crate::envelope::{prepare, Shared};
use crate::error::ApiError;
use crate::inflate;
use crate::message;
use crate::query_string;
use crate::store::{NewEvent, Source};

/// Most messages one request may hold (Segment documents its limit in bytes
/// only: 500 KB a request, 32 KB a message; every Segment and RudderStack
/// library sends far fewer).
pub const MAX_BATCH_MESSAGES: usize = 2500;

/// Most bad messages listed one by one in a reply.
pub const MAX_REJECTED_LISTED: usize = 100;

/// Query parameters of the Segment endpoints.
#[derive(Debug, Default, Deserialize)]
pub struct BatchQuery {
    /// The write key, as some pipelines' beacon endpoints take it.
    #[serde(rename = "writeKey")]
    pub write_key: Option<String>,
}

/// Handles a batch.
pub async fn post_batch(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Body,
) -> Result<Json<JsonValue>, ApiError> {
    ingest(&app, &headers, query.as_deref(), body, None).await
}

/// Handles one message whose type is `kind` (`/v1/track` and its kin).
pub async fn post_one(
    kind: &'static str,
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Body,
) -> Result<Json<JsonValue>, ApiError> {
    ingest(&app, &headers, query.as_deref(), body, Some(kind)).await
}

async fn ingest(
    app: &App,
    headers: &HeaderMap,
    query: Option<&str>,
    body: Body,
    single: Option<&'static str>,
) -> Result<Json<JsonValue>, ApiError> {
    check_origin(app, headers)?;
    let query: BatchQuery = query_string::parse(query)?;
    let max = app.config.max_body;
    let raw = app.body(body).await?;
    let mut doc = parse_body(&inflate::decode(headers, raw, max)?)?;
    check_write_key(app, headers, query.write_key.as_deref(), &doc)?;
    let (messages, shared) = match single {
        Some(kind) => {
            doc.remove("writeKey");
            doc.insert("type".into(), json!(kind));
            (vec![JsonValue::Object(doc)], Shared::default())
        }
        None => {
            let shared = Shared::from_body(&mut doc);
            match doc.remove("batch") {
                Some(JsonValue::Array(batch)) => (batch, shared),
                _ => return Err(ApiError::bad_request("body has no \"batch\" array")),
            }
        }
    };
    if messages.is_empty() {
        return Err(ApiError::bad_request("\"batch\" is empty"));
    }
    if messages.len() > MAX_BATCH_MESSAGES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the batch has {} messages; at most {MAX_BATCH_MESSAGES} are taken at once",
                messages.len()
            ),
        )
        .code("too_many_messages"));
    }

    let now = clock::now();
    let max_message = app.config.max_message;
    let mut good: Vec<NewEvent> = Vec::with_capacity(messages.len());
    let mut rejected = Vec::new();
    let mut rejected_count = 0usize;
    for (index, mut msg) in messages.into_iter().enumerate() {
        prepare(&mut msg, &shared);
        match message::check(&msg, &now, Source::Batch, max_message) {
            Ok(event) => good.push(event),
            Err(error) => {
                rejected_count += 1;
                if rejected.len() < MAX_REJECTED_LISTED {
                    rejected.push(json!({
                        "index": index,
                        "messageId": msg.get("messageId").and_then(JsonValue::as_str),
                        "error": error,
                    }));
                }
            }
        }
    }
    if good.is_empty() {
        tracing::info!(rejected = rejected_count, "batch refused: no valid message");
        let message = match (single, rejected.first()) {
            (Some(_), Some(r)) => r["error"].as_str().unwrap_or_default().to_owned(),
            _ => "no message in the batch is valid".to_owned(),
        };
        return Err(ApiError::bad_request(message)
            .code("invalid_message")
            .with("rejected", json!(rejected))
            .with("rejectedCount", json!(rejected_count)));
    }

    let flagged = good.iter().filter(|e| e.problems.is_some()).count();
    let fresh = app.write(app.store.insert(good, now)).await?;
    let stored = fresh.iter().filter(|f| **f).count();
    let duplicates = fresh.len() - stored;
    tracing::info!(
        stored,
        duplicates,
        rejected = rejected_count,
        flagged,
        origin = headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .unwrap_or("-"),
        "batch"
    );
    Ok(Json(json!({
        "ok": true,
        "success": true,
        "stored": stored,
        "duplicates": duplicates,
        "rejected": rejected,
        "rejectedCount": rejected_count,
    })))
}

/// The body as a JSON object, or the 400 that says why not.
pub fn parse_body(bytes: &Bytes) -> Result<serde_json::Map<String, JsonValue>, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::bad_request("body is empty"));
    }
    match serde_json::from_slice::<JsonValue>(bytes) {
        Ok(JsonValue::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request("body is not a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!("malformed JSON: {e}")).code("invalid_json")),
    }
}

/// With an allow-list, a browser request from another origin gets 403
/// (a `text/plain` POST needs no preflight, so CORS alone would not stop it
/// from being stored).
fn check_origin(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    if app.config.any_origin() {
        return Ok(());
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return Ok(()); // not a browser's cross-origin request
    };
    let allowed = app
        .config
        .allow_origins
        .iter()
        .any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(origin));
    if allowed {
        Ok(())
    } else {
        tracing::info!(origin, "batch refused: origin not allowed");
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("origin {origin} is not allowed"),
        ))
    }
}

fn check_write_key(
    app: &App,
    headers: &HeaderMap,
    from_query: Option<&str>,
    doc: &serde_json::Map<String, JsonValue>,
) -> Result<(), ApiError> {
    let keys = &app.config.write_keys;
    if keys.is_empty() {
        return Ok(());
    }
    let given = doc
        .get("writeKey")
        .and_then(JsonValue::as_str)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .or_else(|| from_query.map(str::to_owned))
        .or_else(|| auth::basic_user(headers));
    match given {
        None => Err(ApiError::unauthorized("write key missing")),
        Some(key) if keys.contains(&key) => Ok(()),
        Some(_) => Err(ApiError::unauthorized("unknown write key")),
    }
}
