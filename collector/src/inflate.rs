//! Compressed request bodies: gzip, named by `Content-Encoding` whatever the
//! `Content-Type` (RudderStack's Node library sends a form type), or found by
//! its magic bytes when no header says so (a beacon cannot set
//! `Content-Encoding`). A JSON body never starts with those bytes.
//!
//! Inflating stops one byte past the body limit: a small body that would
//! become gigabytes is refused with 413 after reading no more than that.

use std::io::Read;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use flate2::read::MultiGzDecoder;

use crate::error::ApiError;

/// The first two bytes of every gzip member (RFC 1952).
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The body as sent, inflated if it is gzip; at most `max` bytes either way.
pub fn decode(headers: &HeaderMap, raw: Bytes, max: usize) -> Result<Bytes, ApiError> {
    let named = headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap_or("?").trim().to_ascii_lowercase());
    let gzip = match named.as_deref() {
        None | Some("" | "identity") => raw.starts_with(&GZIP_MAGIC),
        Some("gzip" | "x-gzip") => true,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content-Encoding {other:?} is not supported (gzip is)"),
            ))
        }
    };
    if !gzip {
        return Ok(raw);
    }
    let mut out = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    MultiGzDecoder::new(&raw[..])
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| {
            ApiError::bad_request(format!("malformed gzip body: {e}")).code("invalid_gzip")
        })?;
    if out.len() > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("body is larger than {max} bytes once inflated"),
        ));
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gz(data: &[u8]) -> Bytes {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        Bytes::from(e.finish().unwrap())
    }

    fn named(encoding: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_str(encoding).unwrap(),
        );
        h
    }

    #[test]
    fn gzip_by_header_or_by_magic_and_plain_untouched() {
        let none = HeaderMap::new();
        assert_eq!(decode(&none, Bytes::from("{}"), 10).unwrap(), "{}");
        assert_eq!(decode(&none, gz(b"{\"a\":1}"), 10).unwrap(), "{\"a\":1}");
        assert_eq!(decode(&named("GZIP"), gz(b"{}"), 10).unwrap(), "{}");
        let e = decode(&named("br"), Bytes::from("{}"), 10).unwrap_err();
        assert_eq!(e.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let e = decode(&named("gzip"), Bytes::from("{}"), 10).unwrap_err();
        assert_eq!(e.code, "invalid_gzip");
    }

    #[test]
    fn inflating_stops_past_the_limit() {
        let bomb = gz(&vec![b' '; 10 * 1024 * 1024]);
        assert!(bomb.len() < 20 * 1024);
        let e = decode(&HeaderMap::new(), bomb, 1000).unwrap_err();
        assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            decode(&HeaderMap::new(), gz(&[b' '; 1000]), 1000)
                .unwrap()
                .len(),
            1000
        );
    }
}
