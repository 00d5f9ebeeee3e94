//! What trackq records by itself, as KISSmetrics' library does ("JavaScript
//! Settings"): "Ad Campaign Hit", "Search Engine Hit", "Page View", the URL
//! API (`kme`, `km_<property>`, `kmi`), and the events of `trackClick`,
//! `trackClickOnOutboundLink` and `trackSubmit` with their form fields.
//!
//! The decisions are plain functions of the page's facts (the tracker's
//! side is `tracker/autotrack.rs`; [`Autotrack`] is its part of the state).
//! What they decide is written as the command a page could have pushed
//! (`["record", "Ad Campaign Hit", {...}]`) and run as one, so it goes the
//! same way (limits, session, PII guard, outbox). Writing JSON text rather
//! than building `Props` measured about 900 bytes brotli smaller.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

pub mod binding;
pub mod campaign;
pub mod form_fields;
pub mod search_engine;
pub mod sensitive;

use crate::core::input::Value;
use crate::core::message::Page;
use crate::core::support::json::write_str;
use crate::core::support::json::{prop, record};
use crate::core::support::text::split_once;

/// What the tracker keeps for these events.
#[derive(Clone, Debug, Default)]
pub struct Autotrack {
    /// The `trackClick`/`trackSubmit` commands in force, in order.
    pub bindings: Vec<binding::Binding>,
    /// This page's own events have run (they come with its first activity).
    pub landed: bool,
}

/// "Visited Site" (with `Returning`): `data-visited-site`.
pub const VISITED_SITE: u8 = 1;
/// "Ad Campaign Hit": `data-campaigns`.
pub const CAMPAIGNS: u8 = 2;
/// "Search Engine Hit": `data-search-engines`.
pub const SEARCH_ENGINES: u8 = 4;
/// "Page View", on every load and single-page-app navigation:
/// `data-page-views`, the one off by default.
pub const PAGE_VIEWS: u8 = 8;
/// `kme`, `km_<property>` and `kmi` in the landing URL: `data-url-api`.
pub const URL_API: u8 = 16;
/// The fields of a `trackSubmit` form: `data-form-fields`.
pub const FORM_FIELDS: u8 = 32;

/// The switches without attributes: every event on but "Page View".
pub const DEFAULT_SWITCHES: u8 = !PAGE_VIEWS;

/// The attributes of the switches, by bit, as `dataset` names them.
const SWITCHES: &str = "visitedSite campaigns searchEngines pageViews urlApi formFields";

/// Which automatic events are on (the bits above), read through `attr`:
/// an attribute that says `off` or `false` turns its event off, any other
/// value on; without it, every event is on but "Page View".
pub fn switches<'a>(attr: impl Fn(&str) -> Option<&'a str>) -> u8 {
    let (mut on, mut bit) = (DEFAULT_SWITCHES, 1);
    let mut rest = Some(SWITCHES);
    while let Some(names) = rest {
        let (name, tail) = split_once(names, b' ');
        if let Some(v) = attr(name) {
            on = if has_word("off false", v) {
                on & !bit
            } else {
                on | bit
            };
        }
        bit <<= 1;
        rest = tail;
    }
    on
}

/// The text of the string or number at `i` of the facts the shell handed
/// over (`""` for anything else). The one reader of click, submit and
/// field facts.
pub fn text(facts: &[Value], i: usize) -> &str {
    match facts.get(i) {
        Some(Value::Str(s) | Value::Num(s)) => s,
        _ => "",
    }
}

/// The items of the array at `i` of `facts` (none for anything else).
pub fn list(facts: &[Value], i: usize) -> &[Value] {
    match facts.get(i) {
        Some(Value::Arr(items)) => items,
        _ => &[],
    }
}

/// Whether `word` is one of the space-separated words of `list` (a class
/// attribute, a table).
pub fn has_word(list: &str, word: &str) -> bool {
    let mut rest = Some(list);
    while let Some(words) = rest {
        let (first, tail) = split_once(words, b' ');
        if first == word {
            return true;
        }
        rest = tail;
    }
    false
}

/// Appends `["identify",<id>]` and a newline.
pub fn identify(out: &mut String, id: &str) {
    out.push_str("[\"identify\",");
    write_str(out, id);
    out.push_str("]\n");
}

/// The commands loading `page` runs by itself, in order, each ended by a
/// newline (which the JSON of a command never holds): `kmi` (so that
/// "Visited Site" names who came), "Ad Campaign Hit", "Search Engine Hit",
/// "Page View", then `kme` with the `km_` properties (without `kme`, a
/// `set` of them). `on` holds the switches.
pub fn landing(page: &Page, on: u8) -> String {
    let mut out = String::new();
    let mut kme = None;
    let mut km = String::from("{");
    for (k, v) in page.query.iter().filter(|_| on & URL_API != 0) {
        match k.strip_prefix("km_") {
            Some(name) if !name.is_empty() => prop(&mut km, name, v),
            _ if v.is_empty() => {}
            _ if k == "kme" => kme = Some(v),
            _ if k == "kmi" => identify(&mut out, v),
            _ => {}
        }
    }
    if on & CAMPAIGNS != 0 {
        campaign::ad_campaign(&mut out, &page.query);
    }
    if on & SEARCH_ENGINES != 0 {
        search_engine::search_engine(&mut out, &page.referrer_host, &page.referrer_query);
    }
    if on & PAGE_VIEWS != 0 {
        page_view(&mut out, &page.url, &page.referrer);
    }
    if let Some(event) = kme {
        out.push_str("[\"record\",");
        write_str(&mut out, event);
        out.push(',');
    } else if km.len() > 1 {
        out.push_str("[\"set\",");
    } else {
        return out;
    }
    out.push_str(&km);
    out.push_str("}]\n");
    out
}

/// Appends "Page View" with "Viewed URL", and "Referrer" (the page before)
/// when there is one, then a newline.
pub fn page_view(out: &mut String, url: &str, referrer: &str) {
    record(out, "Page View");
    prop(out, "Viewed URL", url);
    if !referrer.is_empty() {
        prop(out, "Referrer", referrer);
    }
    out.push_str("}]\n");
}

/// Query parameters for tests, as the shell hands them over.
#[cfg(test)]
pub fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_default_and_off() {
        let all = VISITED_SITE | CAMPAIGNS | SEARCH_ENGINES | URL_API | FORM_FIELDS;
        assert_eq!(switches(|_| None) & 63, all);
        let s = switches(|n| match n {
            "pageViews" => Some(""),
            "campaigns" => Some("off"),
            "formFields" => Some("false"),
            _ => None,
        });
        assert_eq!(s & 63, VISITED_SITE | SEARCH_ENGINES | URL_API | PAGE_VIEWS);
        assert_eq!(switches(|_| Some("off")) & 63, 0);
    }

    /// The commands of a landing, each checked to end with its newline.
    fn lines(commands: String) -> Vec<String> {
        assert!(commands.ends_with('\n'), "{commands}");
        commands.lines().map(str::to_owned).collect()
    }

    fn page() -> Page {
        Page {
            url: "https://a.test/?utm_source=g&kmi=ann%40acme.test&kme=Clicked+Email&km_Plan=Pro&km_=x".into(),
            referrer: "https://www.google.com/".into(),
            query: query(&[
                ("utm_source", "g"),
                ("kmi", "ann@acme.test"),
                ("kme", "Clicked Email"),
                ("km_Plan", "Pro"),
                ("km_", "x"),
            ]),
            referrer_host: "www.google.com".into(),
            ..Page::default()
        }
    }

    #[test]
    fn a_landing_in_order() {
        assert_eq!(
            lines(landing(&page(), switches(|_| None) | PAGE_VIEWS)),
            [
                r#"["identify","ann@acme.test"]"#,
                r#"["record","Ad Campaign Hit",{"Campaign Source":"g"}]"#,
                r#"["record","Search Engine Hit",{"Search Engine":"Google"}]"#,
                r#"["record","Page View",{"Viewed URL":"https://a.test/?utm_source=g&kmi=ann%40acme.test&kme=Clicked+Email&km_Plan=Pro&km_=x","Referrer":"https://www.google.com/"}]"#,
                r#"["record","Clicked Email",{"Plan":"Pro"}]"#,
            ]
        );
    }

    #[test]
    fn properties_without_an_event_are_set_and_switches_hold() {
        let mut p = page();
        p.query = query(&[("km_Plan", "Pro"), ("kme", ""), ("kmi", "")]);
        p.referrer_host.clear();
        assert_eq!(
            lines(landing(&p, switches(|_| None))),
            [r#"["set",{"Plan":"Pro"}]"#]
        );
        assert!(landing(&page(), switches(|_| Some("off"))).is_empty());
        let mut view = String::new();
        page_view(&mut view, "https://a.test/", "");
        assert_eq!(
            view,
            "[\"record\",\"Page View\",{\"Viewed URL\":\"https://a.test/\"}]\n"
        );
    }
}
