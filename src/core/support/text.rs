//! Building warning texts without `format!`: the snippet leaves Rust's
//! formatting machinery out, which is several KB of every page's download.

use crate::prelude::*;

/// The parts, joined.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `n` in decimal.
pub fn num(n: u64) -> String {
    let mut out = String::new();
    crate::core::support::time::push_num(&mut out, n, 1);
    out
}

/// `s` split at its first ASCII `sep`: what comes before it, and what
/// after, if there is one (`str::split_once`, in less wasm than the general
/// pattern searcher).
pub fn split_once(s: &str, sep: u8) -> (&str, Option<&str>) {
    // An index loop: `bytes().position()` kept its iterator in memory (the
    // function took twice the wasm). So do `rfind` and the string readers.
    let mut i = 0;
    while let Some(&b) = s.as_bytes().get(i) {
        if b == sep {
            if let Some((head, tail)) = s.split_at_checked(i) {
                return (head, tail.get(1..));
            }
        }
        i += 1;
    }
    (s, None)
}

/// Where `needle` last starts in `hay` (byte-wise: `str::rfind` brings a
/// general string searcher into the snippet).
pub fn rfind(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    // Not `windows`: its panic on an empty needle would bring text into the
    // snippet.
    let mut at = hay.len().checked_sub(needle.len())?;
    while hay.get(at..at + needle.len()) != Some(needle) {
        at = at.checked_sub(1)?;
    }
    Some(at)
}

/// `s.split(sep)` for an ASCII `sep`: `""` gives one empty piece, a
/// trailing `sep` one more.
pub fn split(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    core::iter::from_fn(move || {
        let (piece, tail) = split_once(rest?, sep);
        rest = tail;
        Some(piece)
    })
}

/// Appends the low `nibbles` hex digits of `n`, lowercase.
pub fn push_hex(out: &mut String, n: u64, nibbles: u32) {
    for i in (0..nibbles).rev() {
        let d = (n >> (4 * i) & 15) as u8;
        out.push(char::from(if d < 10 { b'0' + d } else { b'a' - 10 + d }));
    }
}

/// Cuts `s` to at most `max` bytes, at a char boundary; whether it did.
pub fn cut(s: &mut String, max: usize) -> bool {
    let long = s.len() > max;
    if long {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        // A new string rather than `truncate`, whose boundary assertion
        // would bring a panic message into the snippet.
        // (`0..`, not `..`: one instance of str::get less in the wasm)
        *s = s.get(0..end).unwrap_or_default().into();
    }
    long
}

/// `s` without leading and trailing ASCII whitespace (`str::trim` also
/// takes Unicode spaces, and brings a char decoder into the snippet).
pub fn trim(s: &str) -> &str {
    s.trim_ascii()
}

/// `s.parse::<u64>().ok()` (decimal digits after an optional `+`), in less
/// wasm than the standard library's integer parser.
pub fn parse_u64(s: &str) -> Option<u64> {
    let digits = s.strip_prefix("+").unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        let d = b.wrapping_sub(b'0');
        (d <= 9).then_some(())?;
        // (Not `checked_mul`: its overflow check is a 128-bit product in wasm.)
        (n <= u64::MAX / 10).then_some(())?;
        (n * 10).checked_add(u64::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_str_parse() {
        for s in [
            "",
            "+",
            "-",
            "0",
            "+0",
            "-0",
            "007",
            "++1",
            " 1",
            "1 ",
            "1_0",
            "12a",
            "\u{661}",
            "1700000000000",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
        ] {
            assert_eq!(parse_u64(s), s.parse::<u64>().ok(), "{s:?}");
        }
    }

    #[test]
    fn finds_the_last_match_like_str_rfind() {
        for (hay, needle) in [
            ("", ""),
            ("", "a"),
            ("a", ""),
            ("abab", "ab"),
            ("xaba", "ab"),
            ("ab", "abc"),
            ("é,é", ","),
        ] {
            assert_eq!(rfind(hay, needle), hay.rfind(needle), "{hay:?} {needle:?}");
        }
    }

    #[test]
    fn prints_hex() {
        let mut s = String::new();
        push_hex(&mut s, 0xab, 4);
        push_hex(&mut s, u64::MAX, 16);
        push_hex(&mut s, 0x1234_5678_9abc_def0, 3);
        assert_eq!(s, "00abffffffffffffffffef0");
    }

    #[test]
    fn trims_ascii_whitespace_like_str_trim() {
        for s in ["", " ", "a", " a ", "\t\na b\r\n", "é ", " é"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn splits_like_str_split() {
        for s in ["", ":", "a", "a:", ":a", "a::b", "tq1:m:t1:7", "é:ü:"] {
            assert_eq!(
                split(s, b':').collect::<Vec<_>>(),
                s.split(':').collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn joins_and_prints_numbers() {
        assert_eq!(cat(&["a", "", "bc"]), "abc");
        assert_eq!(num(0), "0");
        assert_eq!(num(u64::MAX), "18446744073709551615");
    }
}
