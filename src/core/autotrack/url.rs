//! The parts of a URL the automatic events read: its host, its path and its
//! query parameters, decoded.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::support::text::{split, split_once};

/// What follows `scheme://`, up to the path (`""` for a URL without one).
pub fn host(url: &str) -> &str {
    let rest = after_scheme(url);
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#' | b':'))
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or_default()
}

/// The path of an absolute URL (`location.pathname`): `/` when it has none.
pub fn path(url: &str) -> &str {
    let rest = after_scheme(url);
    let start = rest.bytes().position(|b| b == b'/').unwrap_or(rest.len());
    let rest = rest.get(start..).unwrap_or_default();
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'?' | b'#'))
        .unwrap_or(rest.len());
    match rest.get(..end) {
        Some(p) if !p.is_empty() => p,
        _ => "/",
    }
}

fn after_scheme(url: &str) -> &str {
    match split_once(url, b':') {
        (_, Some(rest)) => rest.strip_prefix("//").unwrap_or(rest),
        (url, None) => url,
    }
}

/// The query parameters of `url` (before any `#`), decoded, in order.
pub fn params(url: &str) -> Vec<(String, String)> {
    let Some(query) = split_once(split_once(url, b'#').0, b'?').1 else {
        return Vec::new();
    };
    split(query, b'&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = split_once(p, b'=');
            (decode(k), decode(v.unwrap_or_default()))
        })
        .collect()
}

/// `decodeURIComponent`, with `+` as a space; text whose escapes do not
/// make UTF-8 is kept as it was.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        let hex = |at: usize| b.get(at).and_then(|&d| (d as char).to_digit(16));
        out.push(match (c, hex(i), hex(i + 1)) {
            (b'+', ..) => b' ',
            (b'%', Some(h), Some(l)) => {
                i += 2;
                (h << 4 | l) as u8
            }
            _ => c,
        });
    }
    String::from_utf8(out).unwrap_or_else(|_| s.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_host_and_path() {
        for (url, h, p) in [
            (
                "https://www.google.co.uk/search?q=a",
                "www.google.co.uk",
                "/search",
            ),
            ("http://a.test:8080", "a.test", "/"),
            ("https://a.test?x=1#f", "a.test", "/"),
            ("https://a.test/p/q#h", "a.test", "/p/q"),
            ("", "", "/"),
        ] {
            assert_eq!((host(url), path(url)), (h, p), "{url}");
        }
    }

    #[test]
    fn decodes_parameters() {
        let got = params(
            "https://a.test/?utm_source=news%20letter&q=caf%C3%A9+au+lait&&x&bad=%E9%zz#k=v",
        );
        let want = [
            ("utm_source", "news letter"),
            ("q", "café au lait"),
            ("x", ""),
            ("bad", "%E9%zz"),
        ];
        let got: Vec<_> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, want);
        assert!(params("https://a.test/#?a=b").is_empty());
    }
}
