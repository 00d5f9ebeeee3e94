//! The `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`,
//! where each `v1` is HMAC-SHA256, keyed with the endpoint secret
//! (`whsec_...`, used whole as the key), over `"<t>.<raw body>"`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a webhook's signature was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigError {
    /// No `Stripe-Signature` header.
    Missing,
    /// The header has no `t=` timestamp or no `v1=` signature.
    Malformed,
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
            SigError::Stale => "Stripe-Signature timestamp is outside the tolerance",
            SigError::Mismatch => "no signature matches the endpoint secret",
        }
    }
}

/// Checks `header` for `payload` against every secret in `secrets`; `now`
/// and `tolerance` in seconds. The comparison is constant-time
/// (`Mac::verify_slice`).
pub fn verify(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[String],
    now: i64,
    tolerance: u64,
) -> Result<(), SigError> {
    let header = header.ok_or(SigError::Missing)?;
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", hex_sig)) => {
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
    if now.abs_diff(t) > tolerance {
        return Err(SigError::Stale);
    }
    for secret in secrets {
        for sig in &signatures {
            if mac(secret, t, payload).verify_slice(sig).is_ok() {
                return Ok(());
            }
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
    fn any_v1_and_any_secret_may_match() {
        let good = sign(b"x", SECRET, 10);
        let v1 = good.split_once(",v1=").unwrap().1;
        let header = format!("t=10,v1={},v1={v1},v0=ignored", "ab".repeat(32));
        let secrets = ["whsec_old".to_owned(), SECRET.to_owned()];
        assert_eq!(verify(b"x", Some(&header), &secrets, 10, 300), Ok(()));
    }
}
