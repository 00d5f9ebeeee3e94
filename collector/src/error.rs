//! The one error type a handler answers with: a status and a JSON body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value as Json};

/// A request that cannot be (fully) served, and what to tell the client.
///
/// The body is always `{"ok":false,"error":"..."}`, plus whatever `extra`
/// holds (the rejected messages of a batch, say), so a developer reading the
/// network tab sees what is wrong without the collector's logs.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A short lower-case sentence saying what is wrong.
    pub message: String,
    /// More fields merged into the JSON body.
    pub extra: Option<Box<(&'static str, Json)>>,
    /// Seconds for a `Retry-After` header (429 and 503).
    pub retry_after: Option<u32>,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            extra: None,
            retry_after: None,
        }
    }

    /// 400: the request is malformed; resending it will not help.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: a key or secret is missing or wrong.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 503 with `Retry-After`: the store cannot take this now; try later.
    pub fn unavailable(message: impl Into<String>, retry_after: u32) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message)
        }
    }

    /// Adds a field to the JSON body.
    pub fn with(mut self, key: &'static str, value: Json) -> ApiError {
        self.extra = Some(Box::new((key, value)));
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"ok": false, "error": self.message});
        if let (Some(extra), Some(obj)) = (self.extra, body.as_object_mut()) {
            let (key, value) = *extra;
            obj.insert(key.to_owned(), value);
        }
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
