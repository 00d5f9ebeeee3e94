//! Milliseconds since the Unix epoch as ISO 8601 text, without a date crate.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// Formats `ms` since 1970-01-01 as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn iso8601(ms: u64) -> String {
    let (y, m, d) = civil_from_days(ms / 86_400_000);
    let t = ms % 86_400_000;
    let mut out = String::with_capacity(24);
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

// Howard Hinnant's days-to-civil algorithm, proleptic Gregorian calendar,
// for days since 1970 (unsigned: trackq never sees earlier times).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + u64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(1_795_370_308_123), "2026-11-22T17:58:28.123Z");
        assert_eq!(iso8601(4_107_542_399_999), "2100-02-28T23:59:59.999Z");
        assert_eq!(iso8601(4_107_542_400_000), "2100-03-01T00:00:00.000Z");
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
