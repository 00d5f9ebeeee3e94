//! The `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`,
//! where each `v1` is HMAC-SHA256, keyed with the endpoint secret
//! (`whsec_...`, used whole as the key), over `"<t>.<raw body>"`.

//!
//! An unauthenticated caller chooses the header, so its cost is bounded:
//! at most [`MAX_HEADER_BYTES`] and [`MAX_SIGNATURES`] `v1` entries, and
//! the HMAC over the body is computed once per secret, then compared with
//! each `v1`.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Longest `Stripe-Signature` header taken (Stripe's is under 300 bytes).
pub const MAX_HEADER_BYTES: usize = 2048;

/// Most `v1` signatures taken in one header (Stripe sends one per secret
/// being rolled over).
pub const MAX_SIGNATURES: usize = 8;

/// Why a webhook's signature was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigError {
    /// No `Stripe-Signature` header.
    Missing,
    /// The header has no `t=` timestamp (or several) or no `v1=` signature.
    Malformed,
    /// The header is longer than [`MAX_HEADER_BYTES`] or has more than
    /// [`MAX_SIGNATURES`] `v1` entries.
    TooLarge,
    /// The timestamp is further from now than the tolerance (a replay, or a
    /// badly wrong clock).
    Stale,
    /// No `v1` signature matches any configured secret (wrong secret, or the
    /// body was changed).
    Mismatch,
}

impl SigError {
    /// A short message for the reply and the log.
    pub fn message(self) -> &'static str {
        match self {
            SigError::Missing => "missing Stripe-Signature header",
            SigError::Malformed => "malformed Stripe-Signature header",
            SigError::TooLarge => "Stripe-Signature header is too large or has too many signatures",
            SigError::Stale => "Stripe-Signature timestamp is outside the tolerance",
            SigError::Mismatch => "no signature matches the endpoint secret",
        }
    }
}

/// The timestamp and `v1` signatures of `header`, checked for size.
pub fn parse(header: Option<&str>) -> Result<(i64, Vec<Vec<u8>>), SigError> {
    let header = header.ok_or(SigError::Missing)?;
    if header.len() > MAX_HEADER_BYTES {
        return Err(SigError::TooLarge);
    }
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", _)) if timestamp.is_some() => return Err(SigError::Malformed),
            Some(("t", t)) => timestamp = Some(t.parse::<i64>().map_err(|_| SigError::Malformed)?),
            Some(("v1", hex_sig)) => {
                if signatures.len() == MAX_SIGNATURES {
                    return Err(SigError::TooLarge);
                }
                if let Ok(bytes) = hex::decode(hex_sig) {
                    signatures.push(bytes);
                }
            }
            _ => {}
        }
    }
    let t = timestamp.ok_or(SigError::Malformed)?;
    if signatures.is_empty() {
        return Err(SigError::Malformed);
    }
    Ok((t, signatures))
}

/// Checks `header` for `payload` against every secret in `secrets`; `now`
/// and `tolerance` in seconds. The comparisons are constant-time.
pub fn verify(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[String],
    now: i64,
    tolerance: u64,
) -> Result<(), SigError> {
    let (t, signatures) = parse(header)?;
    if now.abs_diff(t) > tolerance {
        return Err(SigError::Stale);
    }
    for secret in secrets {
        let expected = mac(secret, t, payload).finalize().into_bytes();
        let matched = signatures.iter().fold(false, |found, sig| {
            found | bool::from(expected.as_slice().ct_eq(sig.as_slice()))
        });
        if matched {
            return Ok(());
        }
    }
    Err(SigError::Mismatch)
}

/// The header Stripe would send for `payload` signed with `secret` at `t`
/// (for tests, the load test and `trackq-collector`'s users trying things).
pub fn sign(payload: &[u8], secret: &str, t: i64) -> String {
    let sig = mac(secret, t, payload).finalize().into_bytes();
    format!("t={t},v1={}", hex::encode(sig))
}

fn mac(secret: &str, t: i64, payload: &[u8]) -> HmacSha256 {
    // HMAC takes a key of any length, so this never fails.
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";

    #[test]
    fn matches_stripe_documented_scheme() {
        // HMAC-SHA256("whsec_test_secret", "1700000000.{}"), computed with
        // Python's hmac module.
        let header = sign(b"{}", SECRET, 1_700_000_000);
        assert_eq!(
            header,
            "t=1700000000,v1=ceb8863f7208fa249a6cd8f951e993c7563412aca65866f6272283debe143ab3"
        );
        let secrets = [SECRET.to_owned()];
        assert_eq!(
            verify(b"{}", Some(&header), &secrets, 1_700_000_100, 300),
            Ok(())
        );
        assert_eq!(
            verify(b"{ }", Some(&header), &secrets, 1_700_000_100, 300),
            Err(SigError::Mismatch)
        );
        assert_eq!(
            verify(b"{}", Some(&header), &secrets, 1_700_000_301, 300),
            Err(SigError::Stale)
        );
        assert_eq!(
            verify(
                b"{}",
                Some(&header),
                &["whsec_other".into()],
                1_700_000_000,
                300
            ),
            Err(SigError::Mismatch)
        );
        assert_eq!(
            verify(b"{}", None, &secrets, 0, 300),
            Err(SigError::Missing)
        );
        assert_eq!(
            verify(b"{}", Some("v1=00"), &secrets, 0, 300),
            Err(SigError::Malformed)
        );
        assert_eq!(
            verify(b"{}", Some("t=1700000000"), &secrets, 1_700_000_000, 300),
            Err(SigError::Malformed)
        );
    }

    #[test]
    fn big_headers_are_refused_before_any_hmac() {
        let secrets = [SECRET.to_owned()];
        let v1s = format!("t=10{}", ",v1=00".repeat(MAX_SIGNATURES + 1));
        assert_eq!(
            verify(b"x", Some(&v1s), &secrets, 10, 300),
            Err(SigError::TooLarge)
        );
        let long = format!("t=10,v1=00,v0={}", "a".repeat(MAX_HEADER_BYTES));
        assert_eq!(
            verify(b"x", Some(&long), &secrets, 10, 300),
            Err(SigError::TooLarge)
        );
        assert_eq!(
            verify(b"x", Some("t=10,t=11,v1=00"), &secrets, 10, 300),
            Err(SigError::Malformed)
        );
    }

    #[test]
    fn any_v1_and_any_secret_may_match() {
        let good = sign(b"x", SECRET, 10);
        let v1 = good.split_once(",v1=").unwrap().1;
        let header = format!("t=10,v1={},v1={v1},v0=ignored", "ab".repeat(32));
        let secrets = ["whsec_old".to_owned(), SECRET.to_owned()];
        assert_eq!(verify(b"x", Some(&header), &secrets, 10, 300), Ok(()));
    }
}
