//! `POST /v1/events`: seed 001's "Server-Side Helper Pattern",
//! `{"event","properties","timestamp"}` with `Authorization: Bearer <secret key>`.
//!
//! Optional fields: `messageId` (send one to make retries safe: the same id
//! is stored once), `userId`, `anonymousId`. The event is checked against the
//! Upstack taxonomy; one with problems is stored and flagged, and the reply
//! lists them.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Map, Value as JsonValue};
use trackq::core::Api;

use crate::app::App;
use crate::auth;
use crate::batch::parse_body;
use crate::clock;
use crate::error::ApiError;
use crate::message::{problems_column, MAX_ID_LEN};
use crate::problems;
use crate::store::{NewEvent, Source};

/// Handles one server-side event.
pub async fn post_event(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<JsonValue>, ApiError> {
    let keys = &app.config.secret_keys;
    if keys.is_empty() {
        return Err(ApiError::unauthorized(
            "no secret key is configured on this collector",
        ));
    }
    match auth::bearer(&headers) {
        None => {
            return Err(ApiError::unauthorized(
                "missing Authorization: Bearer <secret key>",
            ))
        }
        Some(token) if !auth::matches_any(token, keys) => {
            return Err(ApiError::unauthorized("wrong secret key"))
        }
        Some(_) => {}
    }
    let doc = parse_body(&app.body(body).await?)?;
    let event = match doc.get("event") {
        Some(JsonValue::String(s)) if !s.is_empty() => s.clone(),
        Some(JsonValue::String(_)) => return Err(ApiError::bad_request("event is empty")),
        Some(_) => return Err(ApiError::bad_request("event is not a string")),
        None => return Err(ApiError::bad_request("event is missing")),
    };
    let properties = match doc.get("properties") {
        None | Some(JsonValue::Null) => Map::new(),
        Some(JsonValue::Object(m)) => m.clone(),
        Some(_) => return Err(ApiError::bad_request("properties is not an object")),
    };
    let now = clock::now();
    let timestamp = match doc.get("timestamp") {
        None | Some(JsonValue::Null) => now.clone(),
        Some(JsonValue::String(s)) => clock::normalize(s)
            .ok_or_else(|| ApiError::bad_request("timestamp is not an ISO 8601 date-time"))?,
        Some(_) => return Err(ApiError::bad_request("timestamp is not a string")),
    };
    let message_id = match opt_str(&doc, "messageId")? {
        Some(id) if id.is_empty() || id.len() > MAX_ID_LEN => {
            return Err(ApiError::bad_request(format!(
                "messageId must be 1 to {MAX_ID_LEN} bytes"
            )))
        }
        Some(id) => id,
        None => uuid::Uuid::new_v4().to_string(),
    };
    let ids = Ids {
        user_id: opt_str(&doc, "userId")?,
        anonymous_id: opt_str(&doc, "anonymousId")?,
    };
    let row = server_event(
        message_id.clone(),
        &event,
        properties,
        timestamp,
        ids,
        Origin {
            source: Source::Server,
            context: None,
            refused: &[],
        },
    );
    let found: JsonValue = row
        .problems
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_else(|| json!([]));
    let fresh = app.write(app.store.insert(vec![row], now)).await?;
    let duplicate = !fresh.first().copied().unwrap_or(false);
    tracing::info!(event, duplicate, "server event");
    Ok(Json(json!({
        "ok": true,
        "messageId": message_id,
        "duplicate": duplicate,
        "problems": found,
    })))
}

/// Who a server-side event is about, when the caller says.
#[derive(Debug, Default)]
pub struct Ids {
    /// `userId`.
    pub user_id: Option<String>,
    /// `anonymousId`.
    pub anonymous_id: Option<String>,
}

/// Where a server-side event came from, and what it adds to the message.
#[derive(Debug)]
pub struct Origin<'a> {
    /// The endpoint.
    pub source: Source,
    /// One more `context` field (`stripe`: the Stripe event's id and type).
    pub context: Option<(&'a str, JsonValue)>,
    /// Properties left out because their value was out of range.
    pub refused: &'a [&'a str],
}

/// Wraps a server-side event (the API's or one made from a Stripe event)
/// into the wire's message shape, checked against the Upstack taxonomy, so
/// the query API and the live page show every source alike.
///
/// `userId` is the caller's, else `properties.userId`, else
/// `properties.accountId`; with none of them, `anonymousId` is `"server"`.
/// Each name in `refused` (a property whose value was out of range and left
/// out) is flagged as a problem.
pub fn server_event(
    message_id: String,
    event: &str,
    properties: Map<String, JsonValue>,
    timestamp: String,
    ids: Ids,
    origin: Origin<'_>,
) -> NewEvent {
    let Origin {
        source,
        context: extra_context,
        refused,
    } = origin;
    let user_id = ids.user_id.or_else(|| {
        ["userId", "accountId"].iter().find_map(|k| {
            properties
                .get(*k)
                .and_then(JsonValue::as_str)
                .map(str::to_owned)
        })
    });
    let anonymous_id = match (&user_id, ids.anonymous_id) {
        (_, Some(a)) => Some(a),
        (None, None) => Some("server".to_owned()),
        (Some(_), None) => None,
    };
    let mut found = problems::check(Api::Upstack, event, &properties);
    if !refused.is_empty() {
        let list = found.get_or_insert_with(Vec::new);
        for name in refused {
            list.push(json!({"property": name, "problem": "out of range"}));
        }
    }
    let mut context = Map::new();
    context.insert(
        "library".into(),
        json!({"name": "trackq-collector", "version": env!("CARGO_PKG_VERSION")}),
    );
    if let Some(problems) = &found {
        context.insert("taxonomy".into(), json!(Api::Upstack.name()));
        if !problems.is_empty() {
            context.insert("validation".into(), JsonValue::Array(problems.clone()));
        }
    }
    if let Some((key, value)) = extra_context {
        context.insert(key.to_owned(), value);
    }
    let mut msg = Map::new();
    msg.insert("type".into(), json!("track"));
    msg.insert("messageId".into(), json!(message_id));
    msg.insert("timestamp".into(), json!(timestamp));
    if let Some(u) = &user_id {
        msg.insert("userId".into(), json!(u));
    }
    if let Some(a) = &anonymous_id {
        msg.insert("anonymousId".into(), json!(a));
    }
    msg.insert("event".into(), json!(event));
    msg.insert("properties".into(), JsonValue::Object(properties));
    msg.insert("context".into(), JsonValue::Object(context));
    NewEvent {
        message_id,
        kind: "track".into(),
        event: Some(event.to_owned()),
        user_id,
        anonymous_id,
        timestamp,
        source,
        taxonomy: found.is_some().then(|| Api::Upstack.name().to_owned()),
        problems: problems_column(found),
        body: JsonValue::Object(msg).to_string(),
    }
}

fn opt_str(doc: &Map<String, JsonValue>, key: &str) -> Result<Option<String>, ApiError> {
    match doc.get(key) {
        None | Some(JsonValue::Null) => Ok(None),
        Some(JsonValue::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::bad_request(format!("{key} is not a string"))),
    }
}
