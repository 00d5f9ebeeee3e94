//! "Ad Campaign Hit": a landing URL tagged with `utm_*` or `gclid`.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::input::command::Props;
use crate::core::input::Value;

/// The `utm_` parameters KISSmetrics names, and their properties.
const NAMES: [(&str, &str); 5] = [
    ("source", "Campaign Source"),
    ("medium", "Campaign Medium"),
    ("term", "Campaign Terms"),
    ("content", "Campaign Content"),
    ("campaign", "Campaign Name"),
];

/// The properties of "Ad Campaign Hit" when the landing URL's `params`
/// carry any `utm_*` or `gclid` (those of the five named ones that have a
/// value, the first of each).
pub fn ad_campaign(params: &[(String, String)]) -> Option<Props> {
    let mut hit = false;
    let mut props = Props::new();
    for (k, v) in params {
        hit |= k == "gclid";
        let Some(utm) = k.strip_prefix("utm_") else {
            continue;
        };
        hit = true;
        if let Some((_, name)) = NAMES.iter().find(|(n, _)| *n == utm) {
            if !v.is_empty() && !props.iter().any(|(p, _)| p == name) {
                props.push(((*name).into(), Value::Str(v.clone())));
            }
        }
    }
    hit.then_some(props)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::autotrack::url::params;

    fn hit(url: &str) -> Option<Vec<(String, String)>> {
        let props = ad_campaign(&params(url))?;
        Some(
            props
                .into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap().to_owned()))
                .collect(),
        )
    }

    #[test]
    fn utm_parameters_become_campaign_properties() {
        let got = hit("https://a.test/?utm_campaign=spring+sale&utm_source=google&utm_medium=cpc&utm_term=crm%20tool&utm_content=ad1&utm_source=other").unwrap();
        let want = [
            ("Campaign Name", "spring sale"),
            ("Campaign Source", "google"),
            ("Campaign Medium", "cpc"),
            ("Campaign Terms", "crm tool"),
            ("Campaign Content", "ad1"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn gclid_or_any_utm_is_a_hit_other_parameters_are_not() {
        assert_eq!(hit("https://a.test/?gclid=abc"), Some(vec![]));
        assert_eq!(hit("https://a.test/?utm_id=7&utm_source="), Some(vec![]));
        assert_eq!(hit("https://a.test/?q=utm_source&xutm_source=a"), None);
        assert_eq!(hit("https://a.test/#utm_source=a"), None);
    }
}
