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
use crate::body::read_limited;
use crate::clock;
use crate::error::ApiError;
use crate::server_api::{server_event, Ids};
use crate::store::{Source, StripeOutcome};
use crate::stripe_map;
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
    let payload = read_limited(body, app.config.max_body).await?;
    let header = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    if let Err(e) = stripe_sig::verify(
        &payload,
        header,
        &app.config.stripe_secrets,
        clock::unix_now(),
        app.config.stripe_tolerance,
    ) {
        tracing::warn!(error = e.message(), "stripe webhook refused");
        return Err(ApiError::bad_request(e.message()));
    }
    let event: JsonValue = serde_json::from_slice(&payload)
        .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
    let (Some(id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return Err(ApiError::bad_request(
            "a Stripe event needs an id and a type",
        ));
    };
    let (id, kind) = (id.to_owned(), kind.to_owned());
    let Some(mapped) = stripe_map::map(&event) else {
        tracing::info!(
            stripe_event = id,
            kind,
            "stripe webhook ignored: type not mapped"
        );
        return Ok(Json(json!({"received": true, "ignored": true})));
    };

    let now = clock::now();
    let timestamp = event["created"]
        .as_i64()
        .and_then(clock::from_unix)
        .unwrap_or_else(|| now.clone());
    let names: Vec<&str> = mapped.iter().map(|m| m.event).collect();
    let rows: Vec<_> = mapped
        .iter()
        .enumerate()
        .map(|(n, m)| {
            server_event(
                format!("stripe:{id}:{n}"),
                m.event,
                m.properties.clone(),
                timestamp.clone(),
                Ids::default(),
                Source::Stripe,
                Some(("stripe", json!({"eventId": id, "type": kind}))),
            )
        })
        .collect();
    let (sid, skind, received) = (id.clone(), kind.clone(), now);
    let outcome = app
        .write(move |store| store.insert_stripe(&sid, &skind, &rows, &received))
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
