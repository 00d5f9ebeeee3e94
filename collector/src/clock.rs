//! Timestamps: every stored time is UTC text of one fixed shape,
//! `2026-11-22T18:00:00.000Z`, so SQLite can sort and compare them as text.

use chrono::{DateTime, SecondsFormat, Utc};

/// Now, as stored.
pub fn now() -> String {
    format(Utc::now())
}

/// Seconds since the Unix epoch, now.
pub fn unix_now() -> i64 {
    Utc::now().timestamp()
}

/// A time as stored.
pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An ISO 8601 / RFC 3339 date-time with an offset, normalised to the stored
/// shape; `None` if it is not one.
pub fn normalize(text: &str) -> Option<String> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| format(t.with_timezone(&Utc)))
}

/// Unix seconds (as Stripe sends them) in the stored shape.
pub fn from_unix(secs: i64) -> Option<String> {
    DateTime::from_timestamp(secs, 0).map(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_offsets_to_utc_millis() {
        assert_eq!(
            normalize("2026-11-22T19:00:00+01:00").as_deref(),
            Some("2026-11-22T18:00:00.000Z")
        );
        assert_eq!(
            normalize("2026-11-22T18:00:00.1234Z").as_deref(),
            Some("2026-11-22T18:00:00.123Z")
        );
        assert_eq!(normalize("yesterday"), None);
        assert_eq!(
            from_unix(1_700_000_000).as_deref(),
            Some("2023-11-14T22:13:20.000Z")
        );
    }
}
