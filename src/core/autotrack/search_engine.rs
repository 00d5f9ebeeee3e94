//! "Search Engine Hit": a referrer from a major search engine.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::url::{host, params};
use crate::core::input::command::Props;
use crate::core::input::Value;
use crate::core::support::text::split;

/// Each engine by the label that names it in its host (any case), with the
/// parameter that carries the search terms.
const ENGINES: &str = "Google q,Bing q,Yahoo p,DuckDuckGo q,Baidu wd,Yandex text,Ecosia q,Ask q,AOL q,Naver query,Seznam q,Qwant q,Brave q";

/// The properties of "Search Engine Hit" ("Search Engine", and "Search
/// Terms" when the referrer carries them) when `referrer` is a search
/// engine's results: its host is the engine's name under a country or
/// generic top-level domain (`google.com`, `google.co.uk`), after `www.`,
/// `search.` or a short prefix (`uk.search.yahoo.com`), so `mail.google.com`
/// is not one.
pub fn search_engine(referrer: &str) -> Option<Props> {
    let labels: Vec<&str> = split(host(referrer), b'.').collect();
    for engine in split(ENGINES, b',') {
        let (name, param) = crate::core::support::text::split_once(engine, b' ');
        let Some(at) = labels.iter().position(|l| l.eq_ignore_ascii_case(name)) else {
            continue;
        };
        // `get` rather than `split_at`, whose panic message would come into
        // the snippet with it.
        let (before, after) = (
            labels.get(..at).unwrap_or_default(),
            labels.get(at..).unwrap_or_default(),
        );
        let short_suffix = match after {
            [_, _] => true,
            [_, sld, _] => sld.len() <= 3,
            _ => false,
        };
        let prefix_ok = before
            .iter()
            .all(|l| l.len() <= 2 || *l == "www" || *l == "search");
        if !short_suffix || !prefix_ok {
            continue;
        }
        let mut props = vec![("Search Engine".to_owned(), Value::str(name))];
        let terms = params(referrer)
            .into_iter()
            .find(|(k, v)| Some(k.as_str()) == param && !v.is_empty());
        if let Some((_, terms)) = terms {
            props.push(("Search Terms".into(), Value::Str(terms)));
        }
        return Some(props);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(referrer: &str) -> Option<(String, Option<String>)> {
        let props = search_engine(referrer)?;
        let get = |k: &str| {
            props
                .iter()
                .find(|(p, _)| p == k)
                .and_then(|(_, v)| v.as_str())
                .map(str::to_owned)
        };
        Some((get("Search Engine").unwrap(), get("Search Terms")))
    }

    #[test]
    fn major_engines_with_and_without_terms() {
        let t = |s: &str| Some(s.to_owned());
        for (referrer, name, terms) in [
            ("https://www.google.com/", "Google", None),
            (
                "https://www.google.co.uk/search?q=crm+tool&hl=en",
                "Google",
                t("crm tool"),
            ),
            ("https://google.com.br/search?q=x", "Google", t("x")),
            ("https://www.bing.com/search?q=trackq", "Bing", t("trackq")),
            (
                "https://uk.search.yahoo.com/search?p=a%26b",
                "Yahoo",
                t("a&b"),
            ),
            (
                "https://duckduckgo.com/?q=rust+wasm",
                "DuckDuckGo",
                t("rust wasm"),
            ),
            ("https://www.baidu.com/s?wd=%E4%BD%A0", "Baidu", t("你")),
            ("https://yandex.ru/search/?text=hi", "Yandex", t("hi")),
            ("https://search.brave.com/search?q=", "Brave", None),
        ] {
            assert_eq!(
                engine(referrer),
                Some((name.to_owned(), terms)),
                "{referrer}"
            );
        }
    }

    #[test]
    fn other_sites_are_not_search_engines() {
        for referrer in [
            "",
            "https://mail.google.com/mail/u/0/",
            "https://docs.google.com/document/d/1",
            "https://google.acme.test/?q=a",
            "https://www.notgoogle.com/?q=a",
            "https://news.ycombinator.com/",
            "android-app://com.google.android.gm/",
        ] {
            assert_eq!(engine(referrer), None, "{referrer}");
        }
    }
}
