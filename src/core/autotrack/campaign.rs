//! "Ad Campaign Hit": a landing URL tagged with `utm_*` or `gclid`.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::support::json::{prop, record};
use crate::core::support::text::split_once;

/// The `utm_` parameters KISSmetrics names (after `utm_`), each with its
/// property.
const NAMES: &str = "source:Campaign Source,medium:Campaign Medium,term:Campaign Terms,content:Campaign Content,campaign:Campaign Name";

/// Appends "Ad Campaign Hit", and a newline, when the landing URL's decoded
/// `query` makes one (any `utm_*` or `gclid`), with the properties of the
/// five named parameters that have a value.
pub fn ad_campaign(out: &mut String, query: &[(String, String)]) {
    if !query
        .iter()
        .any(|(k, _)| k == "gclid" || k.starts_with("utm_"))
    {
        return;
    }
    record(out, "Ad Campaign Hit");
    for (k, v) in query {
        let tag = k.strip_prefix("utm_");
        let mut rest = Some(NAMES);
        while let Some(entries) = rest {
            let (entry, tail) = split_once(entries, b',');
            let (param, name) = split_once(entry, b':');
            if tag == Some(param) && !v.is_empty() {
                prop(out, name.unwrap_or_default(), v);
            }
            rest = tail;
        }
    }
    out.push_str("}]\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::autotrack::query;

    /// The properties of the "Ad Campaign Hit" written, if any.
    fn hit(pairs: &[(&str, &str)]) -> Option<String> {
        let mut out = String::new();
        ad_campaign(&mut out, &query(pairs));
        let props = out.strip_prefix(r#"["record","Ad Campaign Hit","#)?;
        Some(props.strip_suffix("]\n").unwrap().to_owned())
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
