//! "Ad Campaign Hit": a landing URL tagged with `utm_*` or `gclid`.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::prop;

/// The `utm_` parameters KISSmetrics names, and their properties.
const NAMES: [(&str, &str); 5] = [
    ("utm_source", "Campaign Source"),
    ("utm_medium", "Campaign Medium"),
    ("utm_term", "Campaign Terms"),
    ("utm_content", "Campaign Content"),
    ("utm_campaign", "Campaign Name"),
];

/// Whether the landing URL's decoded `query` makes an "Ad Campaign Hit"
/// (any `utm_*` or `gclid`); writes its properties to `out` (those of the
/// five named parameters that have a value).
pub fn ad_campaign(out: &mut String, query: &[(String, String)]) -> bool {
    let mut hit = false;
    for (k, v) in query {
        if k == "gclid" || k.starts_with("utm_") {
            hit = true;
            for (param, name) in NAMES {
                if k == param && !v.is_empty() {
                    prop(out, name, v);
                }
            }
        }
    }
    hit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::autotrack::query;

    fn hit(pairs: &[(&str, &str)]) -> Option<String> {
        let mut out = String::from("{");
        ad_campaign(&mut out, &query(pairs)).then(|| out + "}")
    }

    #[test]
    fn utm_parameters_become_campaign_properties() {
        let got = hit(&[
            ("utm_campaign", "spring sale"),
            ("utm_source", "google"),
            ("utm_medium", "cpc"),
            ("utm_term", "crm tool"),
            ("utm_content", "ad1"),
        ]);
        let want = r#"{"Campaign Name":"spring sale","Campaign Source":"google","Campaign Medium":"cpc","Campaign Terms":"crm tool","Campaign Content":"ad1"}"#;
        assert_eq!(got.as_deref(), Some(want));
    }

    #[test]
    fn gclid_or_any_utm_is_a_hit_other_parameters_are_not() {
        assert_eq!(hit(&[("gclid", "abc")]).as_deref(), Some("{}"));
        assert_eq!(
            hit(&[("utm_id", "7"), ("utm_source", "")]).as_deref(),
            Some("{}")
        );
        assert_eq!(hit(&[("q", "utm_source"), ("xutm_source", "a")]), None);
        assert_eq!(hit(&[]), None);
    }
}
