//! What trackq records by itself, as KISSmetrics' library does ("JavaScript
//! Settings"): "Ad Campaign Hit", "Search Engine Hit", "Page View", the URL
//! API (`kme`, `km_<property>`, `kmi`), and the events of `trackClick`,
//! `trackClickOnOutboundLink` and `trackSubmit` with their form fields.
//! Plain functions of the page's facts; the tracker calls them.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

pub mod binding;
pub mod campaign;
pub mod form_fields;
pub mod search_engine;
pub mod url;

use crate::core::input::command::Props;
use crate::core::input::Value;

/// Which automatic events are on: each is an attribute of the script tag,
/// on unless it says `off` (or `false`), except `data-page-views`, off
/// unless present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switches {
    /// `data-visited-site`: "Visited Site" (with `Returning`).
    pub visited_site: bool,
    /// `data-campaigns`: "Ad Campaign Hit".
    pub campaigns: bool,
    /// `data-search-engines`: "Search Engine Hit".
    pub search_engines: bool,
    /// `data-page-views`: "Page View", on every load and every
    /// single-page-app navigation.
    pub page_views: bool,
    /// `data-url-api`: `kme`, `km_<property>` and `kmi` in the landing URL.
    pub url_api: bool,
    /// `data-form-fields`: the fields of a `trackSubmit` form.
    pub form_fields: bool,
}

impl Default for Switches {
    fn default() -> Switches {
        Switches::read(|_| None)
    }
}

impl Switches {
    /// Reads the switches through `attr`, named as `dataset` spells them.
    pub fn read(attr: impl Fn(&str) -> Option<String>) -> Switches {
        let on =
            |name: &str, default: bool| attr(name).map_or(default, |v| v != "off" && v != "false");
        Switches {
            visited_site: on("visitedSite", true),
            campaigns: on("campaigns", true),
            search_engines: on("searchEngines", true),
            page_views: on("pageViews", false),
            url_api: on("urlApi", true),
            form_fields: on("formFields", true),
        }
    }
}

/// What a page load records by itself, besides "Visited Site".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Landing {
    /// `kmi`: who the visitor is (identified before "Visited Site").
    pub identify: Option<String>,
    /// The events, in order: "Ad Campaign Hit", "Search Engine Hit",
    /// "Page View", then `kme`'s.
    pub events: Vec<(String, Props)>,
    /// `km_<property>` without `kme`: set on the visitor.
    pub traits: Props,
}

/// What loading `url` from `referrer` records, with `switches`.
pub fn landing(url: &str, referrer: &str, switches: Switches) -> Landing {
    let params = url::params(url);
    let mut land = Landing::default();
    let mut event = |name: &str, props| land.events.push((name.into(), props));
    if let Some(props) = campaign::ad_campaign(&params).filter(|_| switches.campaigns) {
        event("Ad Campaign Hit", props);
    }
    if let Some(props) = search_engine::search_engine(referrer).filter(|_| switches.search_engines)
    {
        event("Search Engine Hit", props);
    }
    if switches.page_views {
        event("Page View", page_view(url, referrer));
    }
    if !switches.url_api {
        return land;
    }
    let mut kme = None;
    let mut props = Props::new();
    for (k, v) in params {
        match k.as_str() {
            "kmi" if !v.is_empty() => land.identify = Some(v),
            "kme" if !v.is_empty() => kme = Some(v),
            _ => {
                if let Some(name) = k.strip_prefix("km_").filter(|n| !n.is_empty()) {
                    props.push((name.into(), Value::Str(v)));
                }
            }
        }
    }
    match kme {
        Some(name) => land.events.push((name, props)),
        None => land.traits = props,
    }
    land
}

/// "Page View"'s properties: "Viewed URL", and "Referrer" (the page before)
/// when there is one.
pub fn page_view(url: &str, referrer: &str) -> Props {
    let mut props = vec![("Viewed URL".to_owned(), Value::str(url))];
    if !referrer.is_empty() {
        props.push(("Referrer".into(), Value::str(referrer)));
    }
    props
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(land: &Landing) -> Vec<&str> {
        land.events.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn switches_default_and_off() {
        let s = Switches::default();
        assert!(s.visited_site && s.campaigns && s.search_engines && s.url_api && s.form_fields);
        assert!(!s.page_views);
        let s = Switches::read(|n| match n {
            "pageViews" => Some(String::new()),
            "campaigns" => Some("off".into()),
            "formFields" => Some("false".into()),
            _ => None,
        });
        assert!(s.page_views && !s.campaigns && !s.form_fields && s.url_api);
    }

    #[test]
    fn a_landing_in_order() {
        let on = Switches {
            page_views: true,
            ..Switches::default()
        };
        let url =
            "https://a.test/?utm_source=g&kmi=ann%40acme.test&kme=Clicked+Email&km_Plan=Pro&km_=x";
        let land = landing(url, "https://www.google.com/", on);
        assert_eq!(
            names(&land),
            [
                "Ad Campaign Hit",
                "Search Engine Hit",
                "Page View",
                "Clicked Email"
            ]
        );
        assert_eq!(land.identify.as_deref(), Some("ann@acme.test"));
        assert_eq!(
            land.events[3].1,
            vec![("Plan".to_owned(), Value::str("Pro"))]
        );
        assert_eq!(land.events[2].1, page_view(url, "https://www.google.com/"));
        assert!(land.traits.is_empty());
    }

    #[test]
    fn properties_without_an_event_are_set_and_switches_hold() {
        let land = landing("https://a.test/?km_Plan=Pro&kme=", "", Switches::default());
        assert!(land.events.is_empty());
        assert_eq!(land.traits, vec![("Plan".to_owned(), Value::str("Pro"))]);
        let off = Switches::read(|_| Some("off".into()));
        let land = landing(
            "https://a.test/?gclid=1&kme=E&kmi=a",
            "https://bing.com/?q=a",
            off,
        );
        assert_eq!(land, Landing::default());
        assert_eq!(
            page_view("https://a.test/", ""),
            vec![("Viewed URL".to_owned(), Value::str("https://a.test/"))]
        );
    }
}
