//! `POST /webhooks/stripe`: a verified Stripe event becomes zero or more
//! stored events (see [`crate::stripe_map`]), with message ids
//! `stripe:<event id>:<n>`. An event id seen before is acknowledged and
//! nothing is written; a type that is not mapped is acknowledged and ignored.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value as JsonValue};

use crate::app::App;
use crate::clock;
use crate::error::ApiError;
use crate::server_api::{server_event, Ids, Origin};
use crate::store::{NewEvent, Source, StripeOutcome, StripeWrite};
use crate::stripe_map;
use crate::stripe_map::links::{self, Links};
use crate::stripe_sig;

/// Handles one webhook delivery.
pub async fn post_webhook(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<JsonValue>, ApiError> {
    if app.config.stripe_secrets.is_empty() {
        return Err(ApiError::unauthorized(
            "no Stripe endpoint secret is configured on this collector",
        ));
    }
    let header = headers
        .get("stripe-signature")
        .map(|v| v.to_str().unwrap_or("?").to_owned());
    // Refused before the body is read: no HMAC for an oversized header.
    if let Err(e) = stripe_sig::parse(header.as_deref()) {
        tracing::warn!(error = e.message(), "stripe webhook refused");
        return Err(ApiError::bad_request(e.message()));
    }
    let payload = app.body(body).await?;
    let secrets = app.config.stripe_secrets.clone();
    let tolerance = app.config.stripe_tolerance;
    let event = app
        .cpu(move || verified_event(&payload, header.as_deref(), &secrets, tolerance))
        .await?;
    let wanted = links::wanted(&event);
    let known = app.read(app.store.stripe_links(wanted)).await?;
    let Some(Delivery {
        id,
        kind,
        names,
        rows,
        learned,
        now,
    }) = deliver(&event, &known)?
    else {
        return Ok(Json(json!({"received": true, "ignored": true})));
    };
    let outcome = app
        .write(app.store.insert_stripe(StripeWrite {
            id: id.clone(),
            kind: kind.clone(),
            events: rows,
            learned,
            received_at: now,
        }))
        .await?;
    match outcome {
        StripeOutcome::Replayed => {
            tracing::info!(
                stripe_event = id,
                kind,
                "stripe webhook replayed: already stored"
            );
            Ok(Json(json!({"received": true, "duplicate": true})))
        }
        StripeOutcome::Stored(_) => {
            tracing::info!(stripe_event = id, kind, events = ?names, "stripe webhook");
            Ok(Json(json!({"received": true, "events": names})))
        }
    }
}

/// A verified, mapped Stripe event, ready to store.
struct Delivery {
    id: String,
    kind: String,
    names: Vec<&'static str>,
    rows: Vec<NewEvent>,
    learned: Vec<(String, String)>,
    now: String,
}

/// Checks the signature and parses the event (CPU work, run off the async
/// workers).
fn verified_event(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[String],
    tolerance: u64,
) -> Result<JsonValue, ApiError> {
    if let Err(e) = stripe_sig::verify(payload, header, secrets, clock::unix_now(), tolerance) {
        tracing::warn!(error = e.message(), "stripe webhook refused");
        return Err(ApiError::bad_request(e.message()));
    }
    serde_json::from_slice(payload)
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")).code("invalid_json"))
}

/// Maps a verified event with what earlier events taught; `None` for a type
/// that is not mapped.
fn deliver(event: &JsonValue, known: &Links) -> Result<Option<Delivery>, ApiError> {
    let (Some(id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return Err(ApiError::bad_request(
            "a Stripe event needs an id and a type",
        ));
    };
    let (id, kind) = (id.to_owned(), kind.to_owned());
    let mapped = match stripe_map::map(event, known) {
        Ok(Some(mapped)) => mapped,
        Ok(None) => {
            tracing::info!(
                stripe_event = id,
                kind,
                "stripe webhook ignored: type not mapped"
            );
            return Ok(None);
        }
        Err(refused) => {
            tracing::warn!(
                stripe_event = id,
                kind,
                error = refused.0,
                "stripe webhook refused"
            );
            return Err(ApiError::bad_request(refused.0).code("out_of_range"));
        }
    };
    let now = clock::now();
    let timestamp = event["created"]
        .as_i64()
        .and_then(clock::from_unix)
        .unwrap_or_else(|| now.clone());
    let names: Vec<&'static str> = mapped.iter().map(|m| m.event).collect();
    let rows: Vec<NewEvent> = mapped
        .iter()
        .enumerate()
        .map(|(n, m)| {
            server_event(
                format!("stripe:{id}:{n}"),
                m.event,
                m.properties.clone(),
                timestamp.clone(),
                Ids::default(),
                Origin {
                    source: Source::Stripe,
                    context: Some(("stripe", json!({"eventId": id, "type": kind}))),
                    refused: &m.refused,
                },
            )
        })
        .collect();
    Ok(Some(Delivery {
        id,
        kind,
        names,
        rows,
        learned: links::learned(event),
        now,
    }))
}
