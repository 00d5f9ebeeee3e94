//! Checking an event's properties against its spec.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::{find, is_iso_date, EventSpec, Issue, Kind, Problem};
use crate::core::input::Api;
use crate::core::input::Value;

/// Checks `props` of `event` against the taxonomy of `api`; `None` when the
/// event is not in it (a custom event, which passes untouched).
pub fn validate(api: Api, event: &str, props: &[(String, Value)]) -> Option<Vec<Problem>> {
    Some(check_event(&find(api, event)?, props))
}

/// Checks `props` against `spec` (one of a taxonomy's events, or one made
/// with [`EventSpec::from_line`]).
///
/// A required property that is absent or `null` is [`Issue::Missing`]; an
/// optional one that is `null` counts as absent. Problems come in the
/// order of the spec's table, then unplanned properties in the page's order.
pub fn check_event(spec: &EventSpec, props: &[(String, Value)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for p in spec.props() {
        let issue = match props.iter().find(|(k, _)| k == p.name).map(|(_, v)| v) {
            None | Some(Value::Null) if p.required => Issue::Missing,
            None | Some(Value::Null) => continue,
            Some(v) if p.kind.matches(v) => continue,
            Some(_) => Issue::WrongType(p.kind),
        };
        problems.push(Problem {
            property: p.name.to_owned(),
            issue,
        });
    }
    for (k, _) in props {
        if spec.prop(k).is_none() {
            problems.push(Problem {
                property: k.clone(),
                issue: Issue::Unplanned,
            });
        }
    }
    problems
}

impl Kind {
    /// Whether `value` is of this kind (`null` is of none).
    pub fn matches(self, value: &Value) -> bool {
        match (self, value) {
            (Kind::String, Value::Str(_))
            | (Kind::Number, Value::Num(_))
            | (Kind::Boolean, Value::Bool(_))
            | (Kind::Array, Value::Arr(_))
            | (Kind::Object, Value::Obj(_)) => true,
            (Kind::StringArray, Value::Arr(items)) => {
                items.iter().all(|i| matches!(i, Value::Str(_)))
            }
            (Kind::Date, Value::Str(s)) => is_iso_date(s),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::obj;

    fn s(v: &str) -> Value {
        Value::str(v)
    }

    fn n(v: f64) -> Value {
        Value::num(v)
    }

    fn props(v: Value) -> Vec<(String, Value)> {
        match v {
            Value::Obj(o) => o,
            _ => unreachable!(),
        }
    }

    fn check(api: Api, event: &str, v: Value) -> Vec<Problem> {
        validate(api, event, &props(v)).expect("event in the taxonomy")
    }

    fn p(property: &str, issue: Issue) -> Problem {
        Problem {
            property: property.to_owned(),
            issue,
        }
    }

    #[test]
    fn custom_events_are_not_checked() {
        assert_eq!(validate(Api::Upstack, "video_played", &[]), None);
        assert_eq!(validate(Api::Df, "account_created", &[]), None);
        assert_eq!(validate(Api::Kissmetrics, "signed_up", &[]), None);
    }

    #[test]
    fn missing_and_null_required_properties() {
        let got = check(Api::Upstack, "trial_started", obj([("accountId", s("a"))]));
        assert_eq!(got, [p("planId", Issue::Missing)]);
        let got = check(
            Api::Upstack,
            "trial_started",
            obj([
                ("accountId", Value::Null),
                ("planId", s("p")),
                ("planName", Value::Null),
            ]),
        );
        assert_eq!(got, [p("accountId", Issue::Missing)]);
        assert!(got[0].is_invalid());
    }

    #[test]
    fn wrong_type_for_each_kind() {
        let cases = [
            (
                Api::Upstack,
                "trial_started",
                "planName",
                Kind::String,
                n(1.0),
            ),
            (
                Api::Upstack,
                "account_deleted",
                "mrr",
                Kind::Number,
                s("9900"),
            ),
            (
                Api::Upstack,
                "subscription_cancelled",
                "cancelAtPeriodEnd",
                Kind::Boolean,
                s("true"),
            ),
            (
                Api::Df,
                "trial_expired",
                "features_used",
                Kind::StringArray,
                Value::Arr(vec![s("a"), n(2.0)]),
            ),
            (
                Api::Df,
                "trial_expired",
                "features_used",
                Kind::StringArray,
                s("reporting"),
            ),
            (
                Api::Upstack,
                "order_shipped",
                "items",
                Kind::Array,
                obj([("id", s("SKU"))]),
            ),
            (
                Api::Df,
                "report_viewed",
                "filters",
                Kind::Object,
                Value::Arr(vec![]),
            ),
            (
                Api::Upstack,
                "order_shipped",
                "estimatedDelivery",
                Kind::Date,
                s("next tuesday"),
            ),
            (
                Api::Upstack,
                "trial_extended",
                "trialEndDate",
                Kind::Date,
                n(1.7e12),
            ),
        ];
        for (api, event, prop, kind, value) in cases {
            let mut v = vec![(prop.to_owned(), value)];
            if api == Api::Upstack {
                v.push(("accountId".to_owned(), s("a")));
                v.push(("orderId".to_owned(), s("o")));
                v.push(("subscriptionId".to_owned(), s("s")));
                v.push(("planId".to_owned(), s("p")));
            }
            let got = validate(api, event, &v).unwrap();
            let bad: Vec<_> = got.iter().filter(|p| p.is_invalid()).collect();
            assert_eq!(bad, [&p(prop, Issue::WrongType(kind))], "{event}.{prop}");
        }
    }

    #[test]
    fn unplanned_properties_are_noted_not_invalid() {
        let got = check(
            Api::Df,
            "logged_in",
            obj([("method", s("sso")), ("foo", n(1.0))]),
        );
        assert_eq!(got, [p("foo", Issue::Unplanned)]);
        assert!(!got[0].is_invalid());
        let got = check(
            Api::Kissmetrics,
            "Signed Up",
            obj([
                ("Plan Name", s("Premium Plan")),
                ("Coupon Code", s("FREE10")),
            ]),
        );
        assert_eq!(got, [p("Coupon Code", Issue::Unplanned)]);
    }

    #[test]
    fn billed_needs_a_numeric_amount() {
        let ok = check(
            Api::Kissmetrics,
            "Billed",
            obj([
                ("Billing Amount", n(29.99)),
                ("Billing Description", s("Monthly Bill")),
            ]),
        );
        assert_eq!(ok, []);
        let got = check(
            Api::Kissmetrics,
            "Billed",
            obj([("Billing Description", s("Monthly Bill"))]),
        );
        assert_eq!(got, [p("Billing Amount", Issue::Missing)]);
        let got = check(
            Api::Kissmetrics,
            "Billed",
            obj([("Billing Amount", s("29.99"))]),
        );
        assert_eq!(got, [p("Billing Amount", Issue::WrongType(Kind::Number))]);
        assert!(check(Api::Kissmetrics, "Canceled", obj([])).is_empty());
    }
}
