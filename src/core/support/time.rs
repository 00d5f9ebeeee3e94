//! The time of an input on two clocks, and milliseconds since the Unix
//! epoch as ISO 8601 text, without a date crate.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// When an input happens (ms), on two clocks: the wall clock for what is
/// written down (timestamps, the session and heartbeats other pages read),
/// a monotonic one for deadlines, so that a wall clock stepped back (an NTP
/// correction, a restored laptop or VM) stalls no timer and one stepped
/// forward fires none early.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Now {
    /// `Date.now()`: ms since the Unix epoch.
    pub wall: u64,
    /// `performance.now()`: ms on a clock that never steps (its origin is
    /// the page's; only differences between its values mean anything).
    pub mono: u64,
}

/// The largest time a JavaScript `Date` holds (ms): a shell clamps its
/// clocks to it with [`from_js`], so deadlines never near `u64::MAX`.
pub const MAX_JS_MS: u64 = 8_640_000_000_000_000;

/// A JavaScript time (`Date.now()`, `performance.now()`) as whole ms within
/// `0..=MAX_JS_MS`, whatever a page made of those functions (NaN is 0).
pub fn from_js(ms: f64) -> u64 {
    (ms as u64).min(MAX_JS_MS)
}

/// Formats `ms` since 1970-01-01 as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn iso8601(ms: u64) -> String {
    let (y, m, d) = civil_from_days(ms / 86_400_000);
    let t = ms % 86_400_000;
    let mut out = String::new();
    push_num(&mut out, y, 4);
    out.push('-');
    push_num(&mut out, m, 2);
    out.push('-');
    push_num(&mut out, d, 2);
    out.push('T');
    push_num(&mut out, t / 3_600_000, 2);
    out.push(':');
    push_num(&mut out, t / 60_000 % 60, 2);
    out.push(':');
    push_num(&mut out, t / 1000 % 60, 2);
    out.push('.');
    push_num(&mut out, t % 1000, 3);
    out.push('Z');
    out
}

/// Appends `n` in decimal, zero-padded to `width` digits. (Recursive, at
/// most 20 deep: a digit buffer or a power of ten would bring an index or
/// division check, and its panic message, into the snippet.)
pub fn push_num(out: &mut String, n: u64, width: usize) {
    if n >= 10 || width > 1 {
        push_num(out, n / 10, width.saturating_sub(1));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

// Neri and Schneider's days-to-civil algorithm ("Euclidean affine functions
// and their application to calendar algorithms", 2022): a year and a day of
// the year by multiplications and shifts, proleptic Gregorian calendar, for
// days since 1970 (unsigned: trackq never sees earlier times).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Days since 0000-03-01, in quarter days: centuries, then years.
    let n1 = 4 * (days + 719_468) + 3;
    let century = n1 / 146_097;
    // (The quarter days of the century, the last of its day: `4 * (r / 4) + 3`.)
    let n2 = (n1 % 146_097) | 3;
    let p2 = 2_939_745 * n2;
    let year = 100 * century + (p2 >> 32);
    let day_of_year = (p2 & 0xFFFF_FFFF) / 2_939_745 / 4;
    // Months from March.
    let n3 = 2141 * day_of_year + 197_913;
    let (month, day) = (n3 >> 16, (n3 & 0xFFFF) / 2141 + 1);
    // January and February are the next year's.
    let next = day_of_year >= 306;
    (
        year + u64::from(next),
        if next { month - 12 } else { month },
        day,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_times_are_clamped() {
        assert_eq!(from_js(1_795_370_308_123.9), 1_795_370_308_123);
        for (ms, expected) in [
            (f64::NAN, 0),
            (-5.0, 0),
            (f64::NEG_INFINITY, 0),
            (f64::INFINITY, MAX_JS_MS),
            (1e300, MAX_JS_MS),
            (8.64e15, MAX_JS_MS),
        ] {
            assert_eq!(from_js(ms), expected, "{ms}");
        }
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(1_795_370_308_123), "2026-11-22T17:58:28.123Z");
        assert_eq!(iso8601(4_107_542_399_999), "2100-02-28T23:59:59.999Z");
        assert_eq!(iso8601(4_107_542_400_000), "2100-03-01T00:00:00.000Z");
    }

    #[test]
    fn every_day_follows_the_one_before() {
        let (mut y, mut m, mut d) = (1970, 1, 1);
        for days in 0..800_000 {
            assert_eq!(civil_from_days(days), (y, m, d), "{days}");
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let february = if leap { 29 } else { 28 };
            let lengths = [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            d += 1;
            if d > lengths[m as usize - 1] {
                (m, d) = (m + 1, 1);
                if m > 12 {
                    (y, m) = (y + 1, 1);
                }
            }
        }
        // The last day a JavaScript Date holds.
        assert_eq!(iso8601(MAX_JS_MS), "275760-09-13T00:00:00.000Z");
    }

    #[test]
    fn pads_numbers() {
        let mut s = String::new();
        push_num(&mut s, 7, 3);
        push_num(&mut s, 12345, 2);
        assert_eq!(s, "00712345");
        for n in [0, 9, 10, 99, 100, 1_000_000_007, u64::MAX] {
            let mut s = String::new();
            push_num(&mut s, n, 1);
            assert_eq!(s, n.to_string());
        }
    }
}
