//! Email addresses in values: finding them in text (without a regex
//! crate), redacting them, hashing them.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::REDACTED;
use crate::core::input::Value;
use crate::core::limits::MAX_STRING_BYTES;
use crate::core::support::sha256::sha256_hex;
use crate::core::support::text::cut;

/// `s` with every email replaced by [`REDACTED`]; `None` if it holds none.
pub fn redact(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut done = 0;
    while let Some((start, end)) = next_email(s.as_bytes(), done) {
        out.push_str(s.get(done..start)?);
        out.push_str(REDACTED);
        done = end;
    }
    if done == 0 {
        return None;
    }
    out.push_str(s.get(done..)?);
    Some(out)
}

/// Whether `s`, trimmed, is one email address and nothing else.
pub fn is_email(s: &str) -> bool {
    let t = crate::core::support::text::trim(s);
    next_email(t.as_bytes(), 0) == Some((0, t.len()))
}

/// The byte range of the first email at or after `from`: `local@domain.tld`
/// with a local part of letters, digits and `._%+-`, and a domain of
/// labels of letters, digits and `-` whose last one is two letters or more.
/// Every boundary falls next to an ASCII byte, so it is a char boundary.
fn next_email(s: &[u8], from: usize) -> Option<(usize, usize)> {
    let domain_byte = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let local_byte = |b: &u8| domain_byte(b) || matches!(b, b'_' | b'%' | b'+');
    let mut pos = from;
    loop {
        while *s.get(pos)? != b'@' {
            pos += 1;
        }
        // Dots around the address are punctuation: `(.ann@x.com.)`. The
        // local part starts at its first byte that is not a dot, the
        // domain ends after its last letter or digit.
        let (mut start, mut at) = (pos, pos);
        while at > from && s.get(at - 1).is_some_and(local_byte) {
            at -= 1;
            if !matches!(s.get(at), Some(b'.')) {
                start = at;
            }
        }
        let (mut end, mut at) = (pos + 1, pos + 1);
        while let Some(b) = s.get(at).filter(|b| domain_byte(b)) {
            at += 1;
            if b.is_ascii_alphanumeric() {
                end = at;
            }
        }
        if start < pos && valid_domain(s.get(pos + 1..end)?) {
            return Some((start, end));
        }
        pos += 1;
    }
}

/// Two labels or more, none empty or starting or ending with `-`, the last
/// one alphabetic and two letters or more. (Said by where the dots are: no
/// label is empty or starts or ends with `-` when the domain does not start
/// with `.` or `-` and has no `..`, `.-` or `-.`; the last label, being
/// letters, cannot end with `-`.)
fn valid_domain(domain: &[u8]) -> bool {
    // As if after a dot: the domain may not start with `.` or `-`.
    let mut prev = b'.';
    // The letters of the label so far, `None` once it has something else;
    // `None` before the first dot too.
    let mut letters = None;
    for &b in domain {
        if matches!([prev, b], [b'.', b'.' | b'-'] | [b'-', b'.']) {
            return false;
        }
        letters = match b {
            b'.' => Some(0),
            _ if b.is_ascii_alphabetic() => letters.map(|n: usize| n + 1),
            _ => None,
        };
        prev = b;
    }
    letters >= Some(2)
}

/// The SHA-256 hex of `email` lowercased (ASCII) and trimmed, the form
/// seed 002 asks for.
pub fn hash_email(email: &str) -> String {
    sha256_hex(
        crate::core::support::text::trim(email)
            .bytes()
            .map(|b| b.to_ascii_lowercase()),
    )
}

/// Redacts every email in the strings under `value`. Object keys are left
/// alone.
pub(super) fn redact_value(value: &mut Value) {
    match value {
        Value::Str(s) => {
            if let Some(r) = redact(s) {
                *s = r;
                // `[redacted email]` is longer than `a@b.co`: the limit
                // applies to what is sent.
                cut(s, MAX_STRING_BYTES);
            }
        }
        Value::Arr(items) => items.iter_mut().for_each(redact_value),
        Value::Obj(entries) => entries.iter_mut().for_each(|(_, v)| redact_value(v)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_emails() {
        for yes in [
            "ann@acme.com",
            " Ann.Lee+tag@mail.acme.co.uk ",
            "a_b%c-d@x-y.io",
        ] {
            assert!(is_email(yes), "{yes}");
        }
        for no in [
            "",
            "ann",
            "@acme.com",
            "ann@",
            "ann@acme",
            "ann@acme.c",
            "ann@acme.c0m",
            "ann@-acme.com",
            "ann@acme..com",
            "ann@acme.com and bob",
            "mailto ann@acme.com",
        ] {
            assert!(!is_email(no), "{no}");
        }
        let r = |s: &str| redact(s);
        assert_eq!(r("no email here, @ all"), None);
        assert_eq!(
            r("mail (.ann@acme.com.) or <bob@x.io>!").unwrap(),
            "mail (.[redacted email].) or <[redacted email]>!"
        );
        assert_eq!(r("é ann@acme.com é").unwrap(), "é [redacted email] é");
        assert_eq!(r("a@b@c.com").unwrap(), "a@[redacted email]");
    }
}
