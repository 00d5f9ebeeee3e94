//! The ISO 8601 date strings of [`super::Kind::Date`].

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// Whether `s` is an ISO 8601 date as JavaScript writes them:
/// `YYYY-MM-DD`, optionally followed by `THH:MM`, `:SS`, `.fff` (any number
/// of digits) and a zone, `Z` or `±HH:MM`. Ranges are checked loosely
/// (month 01-12, day 01-31, hour 00-23, minutes and seconds 00-59).
pub fn is_iso_date(s: &str) -> bool {
    let mut rest = s.as_bytes();
    let ok = num(&mut rest, 4, 0, 9999)
        && lit(&mut rest, b'-')
        && num(&mut rest, 2, 1, 12)
        && lit(&mut rest, b'-')
        && num(&mut rest, 2, 1, 31);
    if !ok {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let mut time = lit(&mut rest, b'T')
        && num(&mut rest, 2, 0, 23)
        && lit(&mut rest, b':')
        && num(&mut rest, 2, 0, 59);
    if time && lit(&mut rest, b':') {
        time = num(&mut rest, 2, 0, 59);
        if time && lit(&mut rest, b'.') {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            time = num(&mut rest, digits.max(1), 0, u32::MAX);
        }
    }
    time && (rest.is_empty()
        || rest == b"Z"
        || ((lit(&mut rest, b'+') || lit(&mut rest, b'-'))
            && num(&mut rest, 2, 0, 23)
            && lit(&mut rest, b':')
            && num(&mut rest, 2, 0, 59)
            && rest.is_empty()))
}

/// Consumes `byte` from the front of `rest`.
fn lit(rest: &mut &[u8], byte: u8) -> bool {
    match rest.split_first() {
        Some((b, tail)) if *b == byte => {
            *rest = tail;
            true
        }
        _ => false,
    }
}

/// Consumes exactly `len` digits from the front of `rest`, within `min..=max`.
fn num(rest: &mut &[u8], len: usize, min: u32, max: u32) -> bool {
    let Some((digits, tail)) = rest.split_at_checked(len) else {
        return false;
    };
    let mut n: u32 = 0;
    for d in digits {
        if !d.is_ascii_digit() {
            return false;
        }
        n = n.saturating_mul(10).saturating_add(u32::from(d - b'0'));
    }
    *rest = tail;
    (min..=max).contains(&n)
}

#[cfg(test)]
mod tests {
    use super::is_iso_date;

    #[test]
    fn iso_dates() {
        for ok in [
            "2026-03-04",
            "2026-03-04T14:30",
            "2026-03-04T14:30:00",
            "2026-03-04T14:30:00.000Z",
            "2026-02-25T00:00:00.000Z",
            "2026-03-04T14:30:00.5+02:00",
            "2026-03-04T14:30-05:30",
            "2026-12-31T23:59:59Z",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "",
            "2026",
            "2026-3-4",
            "2026-13-01",
            "2026-00-10",
            "2026-03-32",
            "2026-03-04 14:30",
            "2026-03-04T24:00",
            "2026-03-04T14",
            "2026-03-04T14:30:00.Z",
            "2026-03-04T14:30:00ZZ",
            "2026-03-04T14:30+0200",
            "2026-03-04Z",
            "Wed Mar 04 2026",
            "2026-03-04T14:30:00.000Z ",
            "２０２６-03-04",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
