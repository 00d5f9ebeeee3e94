//! The one error type a handler answers with: a status and a JSON body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value as Json};

/// A request that cannot be (fully) served, and what to tell the client.
///
/// The body is always `{"ok":false,"error":"...","code":"...","message":"..."}`
/// (`message` repeats `error`: RudderStack's and other clients read `code`
/// and `message`), plus whatever `extra` holds (the rejected messages of a
/// batch, say), so a developer reading the network tab sees what is wrong
/// without the collector's logs.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A short lower-case sentence saying what is wrong.
    pub message: String,
    /// A stable machine-readable name of the error (`invalid_json`, ...).
    pub code: &'static str,
    /// More fields merged into the JSON body.
    pub extra: Vec<(&'static str, Json)>,
    /// Seconds for a `Retry-After` header (429 and 503).
    pub retry_after: Option<u32>,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            code: default_code(status),
            extra: Vec::new(),
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

    /// Sets the machine-readable `code`.
    pub fn code(mut self, code: &'static str) -> ApiError {
        self.code = code;
        self
    }

    /// Adds a field to the JSON body.
    pub fn with(mut self, key: &'static str, value: Json) -> ApiError {
        self.extra.push((key, value));
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "ok": false,
            "error": self.message,
            "code": self.code,
            "message": self.message,
        });
        if let Some(obj) = body.as_object_mut() {
            for (key, value) in self.extra {
                obj.insert(key.to_owned(), value);
            }
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

/// The `code` of an error whose handler named none.
fn default_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "request_timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        _ => "error",
    }
}
