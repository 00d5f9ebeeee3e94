//! The route table, CORS, and the static folders.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::app::App;
use crate::config::Config;
use crate::{batch, query, server_api, static_files, stripe};

/// Segment's one-message calls: path, short path (its browser library's),
/// message type.
const SINGLE_CALLS: [(&str, &str, &str); 6] = [
    ("/v1/track", "/v1/t", "track"),
    ("/v1/identify", "/v1/i", "identify"),
    ("/v1/page", "/v1/p", "page"),
    ("/v1/screen", "/v1/s", "screen"),
    ("/v1/group", "/v1/g", "group"),
    ("/v1/alias", "/v1/a", "alias"),
];

/// Every route of the collector.
pub fn router(app: Arc<App>) -> Router {
    let config = &app.config;
    let static_files = Router::new()
        .fallback(static_files::serve)
        .with_state(app.clone())
        // The demo is for development: always revalidate, so a rebuilt
        // snippet or an edited page shows on the next reload.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ));
    let cors = cors(config);
    let mut api = Router::new()
        .route("/v1/batch", post(batch::post_batch))
        .route("/v1/b", post(batch::post_batch))
        // The path RudderStack's data plane takes beacons on, so a site can move
        // between the two by changing only the host of `data-endpoint`.
        .route("/beacon/v1/batch", post(batch::post_batch));
    for (path, short, kind) in SINGLE_CALLS {
        let handler = post(
            move |state: State<Arc<App>>, headers: HeaderMap, query: RawQuery, body: Body| {
                batch::post_one(kind, state, headers, query, body)
            },
        );
        api = api.route(path, handler.clone()).route(short, handler);
    }
    api.route(
        "/v1/events",
        post(server_api::post_event).get(query::get_events),
    )
    .route("/webhooks/stripe", post(stripe::post_webhook))
    .route("/healthz", get(|| async { "ok" }))
    .with_state(app.clone())
    .merge(static_files)
    .layer(cors)
}

/// CORS: with no allow-list, the request's own origin is echoed back (not
/// `*`), which also works for credentialed requests such as `sendBeacon`'s.
fn cors(config: &Config) -> CorsLayer {
    let origin = if config.any_origin() {
        AllowOrigin::mirror_request()
    } else {
        let list: Vec<HeaderValue> = config
            .allow_origins
            .iter()
            .filter_map(|o| match HeaderValue::from_str(o.trim_end_matches('/')) {
                Ok(v) => Some(v),
                Err(_) => {
                    tracing::warn!(
                        origin = o,
                        "ignoring an allowed origin that is not a header value"
                    );
                    None
                }
            })
            .collect();
        AllowOrigin::list(list)
    };
    CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(86_400))
}
