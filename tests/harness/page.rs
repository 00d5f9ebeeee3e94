//! The config and the page a test tab starts with, as the browser shell
//! would hand them over.

use trackq::core::Config;
use trackq::core::Page;

/// The default test config: an endpoint, a write key, default batching.
pub fn config() -> Config {
    Config {
        endpoint: true,
        write_key: "WRITE_KEY".into(),
        ..Config::default()
    }
}

/// The test config without an endpoint: events are kept, nothing is sent.
pub fn quiet() -> Config {
    Config {
        endpoint: false,
        ..config()
    }
}

/// The default test page.
pub fn page() -> Page {
    Page {
        url: "https://app.acme.test/pricing?plan=pro".into(),
        path: "/pricing".into(),
        referrer: "https://search.test/?q=acme".into(),
        title: "Pricing - Acme".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) trackq-test".into(),
        ..Page::default()
    }
}

/// The page at `url`, reached from `referrer`, with the facts the browser
/// shell hands over: the path, and (with `autotrack`) both URLs' decoded
/// query parameters and the referrer's host, as `URL` and
/// `URLSearchParams` read them for these simple URLs.
#[allow(unused_variables)] // without `autotrack`, the page has no query facts
pub fn page_at(url: &str, referrer: &str) -> Page {
    let after_scheme = |u: &str| u.split_once("://").map_or("", |(_, rest)| rest).to_owned();
    let host = |u: &str| {
        let rest = after_scheme(u);
        rest.split(['/', '?', '#', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let path = after_scheme(url)
        .split(['?', '#'])
        .next()
        .and_then(|p| p.find('/').map(|i| p[i..].to_owned()))
        .unwrap_or_else(|| "/".into());
    let query = |u: &str| -> Vec<(String, String)> {
        let Some((_, q)) = u.split('#').next().unwrap_or("").split_once('?') else {
            return Vec::new();
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for p in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let (k, v) = (decode(k), decode(v));
            // Object.fromEntries: the last of a name wins, in first place.
            match pairs.iter_mut().find(|(n, _)| *n == k) {
                Some(pair) => pair.1 = v,
                None => pairs.push((k, v)),
            }
        }
        pairs
    };
    Page {
        url: url.into(),
        path,
        referrer: referrer.into(),
        title: "Acme".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) trackq-test".into(),
        signals: Default::default(),
        #[cfg(feature = "autotrack")]
        query: query(url),
        #[cfg(feature = "autotrack")]
        referrer_host: host(referrer),
        #[cfg(feature = "autotrack")]
        referrer_query: query(referrer),
    }
}

/// `decodeURIComponent` with `+` as a space.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() && u8::from_str_radix(&s[i + 1..i + 3], 16).is_ok() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
