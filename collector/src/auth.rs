//! Keys: write keys for beacons (public: they sit in the page), secret keys
//! for the server API and the events query (compared in constant time).

use axum::http::{header, HeaderMap};
use base64::Engine;
use subtle::ConstantTimeEq;

/// The token of `Authorization: Bearer <token>`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The user name of `Authorization: Basic base64(user:)`, which is how
/// Segment's libraries send a write key.
pub fn basic_user(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    Some(
        text.split_once(':')
            .map_or(text.clone(), |(user, _)| user.to_owned()),
    )
}

/// True if `given` equals one of `keys`; each comparison takes the same time
/// whatever the bytes (it still reveals the length).
pub fn matches_any(given: &str, keys: &[String]) -> bool {
    keys.iter().fold(false, |found, key| {
        found | bool::from(key.as_bytes().ct_eq(given.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_auth(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn reads_bearer_and_basic() {
        assert_eq!(bearer(&with_auth("Bearer sk_1")), Some("sk_1"));
        assert_eq!(bearer(&with_auth("Basic sk_1")), None);
        // "wk_1:" in base64
        assert_eq!(
            basic_user(&with_auth("Basic d2tfMTo=")).as_deref(),
            Some("wk_1")
        );
        assert!(matches_any("b", &["a".into(), "b".into()]));
        assert!(!matches_any("c", &["a".into(), "b".into()]));
        assert!(!matches_any("", &[]));
    }
}
