//! `POST /v1/batch`: the snippet's beacons.
//!
//! Body (`text/plain` or `application/json`):
//! `{"writeKey":"...","sentAt":"...","batch":[message, ...]}`. Every good
//! message is stored in one transaction; a resent message (same `messageId`)
//! is counted as a duplicate. A batch that is not JSON, has no `batch` array,
//! or holds no good message gets 400 saying why; bad messages next to good
//! ones are listed in the 200 reply under `rejected`, because resending them
//! would not make them better.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value as JsonValue};

use crate::app::App;
use crate::auth;
use crate::body::read_limited;
use crate::clock;
use crate::error::ApiError;
use crate::message;
use crate::store::{NewEvent, Source};

/// Query parameters of `/v1/batch`.
#[derive(Debug, Default, Deserialize)]
pub struct BatchQuery {
    /// The write key, as some pipelines' beacon endpoints take it.
    #[serde(rename = "writeKey")]
    pub write_key: Option<String>,
}

/// Handles one batch.
pub async fn post_batch(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    query: Query<BatchQuery>,
    body: Body,
) -> Result<Json<JsonValue>, ApiError> {
    check_origin(&app, &headers)?;
    let doc = parse_body(&read_limited(body, app.config.max_body).await?)?;
    check_write_key(&app, &headers, query.0.write_key.as_deref(), &doc)?;
    let Some(batch) = doc.get("batch").and_then(JsonValue::as_array) else {
        return Err(ApiError::bad_request("body has no \"batch\" array"));
    };
    if batch.is_empty() {
        return Err(ApiError::bad_request("\"batch\" is empty"));
    }

    let now = clock::now();
    let mut good: Vec<NewEvent> = Vec::with_capacity(batch.len());
    let mut rejected = Vec::new();
    for (index, msg) in batch.iter().enumerate() {
        match message::check(msg, &now, Source::Batch) {
            Ok(event) => good.push(event),
            Err(error) => rejected.push(json!({
                "index": index,
                "messageId": msg.get("messageId").and_then(JsonValue::as_str),
                "error": error,
            })),
        }
    }
    if good.is_empty() {
        tracing::info!(rejected = rejected.len(), "batch refused: no valid message");
        return Err(ApiError::bad_request("no message in the batch is valid")
            .with("rejected", json!(rejected)));
    }

    let flagged = good.iter().filter(|e| e.problems.is_some()).count();
    let received = now.clone();
    let fresh = app
        .write(move |store| store.insert(&good, &received))
        .await?;
    let stored = fresh.iter().filter(|f| **f).count();
    let duplicates = fresh.len() - stored;
    tracing::info!(
        stored,
        duplicates,
        rejected = rejected.len(),
        flagged,
        origin = headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .unwrap_or("-"),
        "batch"
    );
    Ok(Json(json!({
        "ok": true,
        "stored": stored,
        "duplicates": duplicates,
        "rejected": rejected,
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
        Err(e) => Err(ApiError::bad_request(format!("malformed JSON: {e}"))),
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
