//! Reading a request body under the size limit.
//!
//! A body over the limit gets 413, and the client must be able to read that
//! answer: the snippet splits a batch on 413. Hyper closes a connection whose
//! request body was left unread, and a client still writing then sees a
//! broken pipe instead of the 413; so the rest of an oversized body is read
//! and dropped, up to [`DRAIN_LIMIT`] (or twice the limit if larger), before
//! answering.

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use http_body_util::BodyExt;
use std::time::Duration;

use crate::error::ApiError;

/// Bytes of an oversized body read and dropped before answering 413.
pub const DRAIN_LIMIT: usize = 4 * 1024 * 1024;

/// The body if it is at most `max` bytes and arrives within `timeout`; else
/// 413, or 408 (or 400 if the connection failed mid-body).
pub async fn read_limited(body: Body, max: usize, timeout: Duration) -> Result<Bytes, ApiError> {
    match tokio::time::timeout(timeout, read(body, max)).await {
        Ok(result) => result,
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!("the body did not arrive within {} s", timeout.as_secs()),
        )),
    }
}

async fn read(mut body: Body, max: usize) -> Result<Bytes, ApiError> {
    let drain = DRAIN_LIMIT.max(max.saturating_mul(2));
    let mut buf = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ApiError::bad_request(format!("cannot read body: {e}")))?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        total = total.saturating_add(data.len());
        if total <= max {
            buf.extend_from_slice(&data);
        } else if total > drain {
            break;
        }
    }
    if total > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("body is larger than {max} bytes"),
        ));
    }
    Ok(Bytes::from(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn takes_up_to_the_limit() {
        let t = Duration::from_secs(1);
        let ok = read_limited(Body::from("12345"), 5, t).await.unwrap();
        assert_eq!(&ok[..], b"12345");
        let e = read_limited(Body::from("123456"), 5, t).await.unwrap_err();
        assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
    }
}
