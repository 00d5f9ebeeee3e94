//! "Search Engine Hit": a referrer from a major search engine.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::support::json::{prop, record};
use crate::core::support::text::split_once;

/// Each engine by the label that names it in its host (any case), with the
/// parameter that carries the search terms.
const ENGINES: &str = "Google q,Bing q,Yahoo p,DuckDuckGo q,Baidu wd,Yandex text,Ecosia q,Ask q,AOL q,Naver query,Seznam q,Qwant q,Brave q";

/// Appends "Search Engine Hit", and a newline, when the referrer makes one,
/// with "Search Engine", and "Search Terms" when the referrer carries them.
/// It does when the referrer's `host` (as
/// `URL.hostname` reads it) is a search engine's: the engine's name after
/// `www.`, `search.` or labels of one or two letters (`uk.search.yahoo.com`,
/// `m.baidu.com`), then a top-level domain of one label, or two whose first
/// is at most three letters (`google.co.uk`). So `mail.google.com` and
/// `google.example.org` are not one. `query` is the referrer's, decoded.
pub fn search_engine(out: &mut String, host: &str, query: &[(String, String)]) {
    // The engine's label, and the labels after it.
    let mut rest = host;
    let (label, tld) = loop {
        let (label, Some(tail)) = split_once(rest, b'.') else {
            return;
        };
        if label.len() > 2 && !super::has_word("www search", label) {
            break (label, tail);
        }
        rest = tail;
    };
    // The top-level domain: one label, or two whose first is short.
    let (first, second) = split_once(tld, b'.');
    if second.is_some_and(|s| first.len() > 3 || split_once(s, b'.').1.is_some()) {
        return;
    }
    let mut rest = Some(ENGINES);
    while let Some(engines) = rest {
        let (engine, tail) = split_once(engines, b',');
        rest = tail;
        let (name, param) = split_once(engine, b' ');
        if name.eq_ignore_ascii_case(label) {
            record(out, "Search Engine Hit");
            prop(out, "Search Engine", name);
            for (k, v) in query {
                if Some(k.as_str()) == param && !v.is_empty() {
                    prop(out, "Search Terms", v);
                }
            }
            out.push_str("}]\n");
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::autotrack::query;

    fn engine(host: &str, pairs: &[(&str, &str)]) -> Option<(String, Option<String>)> {
        let mut out = String::new();
        search_engine(&mut out, host, &query(pairs));
        let props = out.strip_prefix(r#"["record","Search Engine Hit","#)?;
        let v = crate::core::input::json_parse::parse(props.strip_suffix("]\n").unwrap(), false)
            .value
            .unwrap();
        let get = |k: &str| {
            let props = v.as_obj().unwrap();
            let found = props.iter().find(|(p, _)| p == k);
            found.and_then(|(_, v)| v.as_str()).map(str::to_owned)
        };
        Some((get("Search Engine").unwrap(), get("Search Terms")))
    }

    #[test]
    fn major_engines_with_and_without_terms() {
        let t = |s: &str| Some(s.to_owned());
        for (host, pairs, name, terms) in [
            ("www.google.com", &[][..], "Google", None),
            (
                "www.google.co.uk",
                &[("q", "crm tool"), ("hl", "en")][..],
                "Google",
                t("crm tool"),
            ),
            ("google.com.br", &[("q", "x")][..], "Google", t("x")),
            ("www.bing.com", &[("q", "trackq")][..], "Bing", t("trackq")),
            (
                "uk.search.yahoo.com",
                &[("p", "a&b")][..],
                "Yahoo",
                t("a&b"),
            ),
            (
                "duckduckgo.com",
                &[("q", "rust wasm")][..],
                "DuckDuckGo",
                t("rust wasm"),
            ),
            ("m.baidu.com", &[("wd", "你")][..], "Baidu", t("你")),
            ("yandex.ru", &[("text", "hi")][..], "Yandex", t("hi")),
            ("search.brave.com", &[("q", "")][..], "Brave", None),
        ] {
            assert_eq!(
                engine(host, pairs),
                Some((name.to_owned(), terms)),
                "{host}"
            );
        }
    }

    #[test]
    fn other_sites_are_not_search_engines() {
        for host in [
            "",
            "mail.google.com",
            "docs.google.com",
            "google.acme.test.org",
            "google.example.org",
            "www.notgoogle.com",
            "news.ycombinator.com",
            "t.co",
            "google",
        ] {
            assert_eq!(engine(host, &[("q", "a")]), None, "{host}");
        }
    }
}
