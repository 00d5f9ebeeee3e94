//! Checking an event's properties against its spec, and reporting problems.

use super::{find, Issue, Kind, Problem};
use crate::core::api::Api;
use crate::core::json::write_str;
use crate::core::value::Value;

/// Checks `props` of `event` against the taxonomy of `api`; `None` when the
/// event is not in it (a custom event, which passes untouched).
///
/// A required property that is absent or `null` is [`Issue::Missing`]; an
/// optional one that is `null` counts as absent. Problems come in the
/// order of the spec's table, then unplanned properties in the page's order.
pub fn validate(api: Api, event: &str, props: &[(String, Value)]) -> Option<Vec<Problem>> {
    let spec = find(api, event)?;
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
    Some(problems)
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

    /// The kind with an article, for warnings: `a number`, `an object`.
    fn phrase(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::StringArray => "an array of strings",
            Kind::Array => "an array",
            Kind::Object => "an object",
            Kind::Date => "an ISO 8601 date string",
        }
    }
}

/// Whether `s` is an ISO 8601 date as JavaScript writes them:
/// `YYYY-MM-DD`, optionally followed by `THH:MM`, `:SS`, `.fff` (any number
/// of digits) and a zone, `Z` or `±HH:MM`. Ranges are checked loosely
/// (month 01-12, day 01-31, hour 00-23, minutes and seconds 00-59).
pub fn is_iso_date(s: &str) -> bool {
    let mut rest = s.as_bytes();
    let ok = num(&mut rest, 4, 0, 9999)
        && lit(&mut rest, b'-')
        && num(&mut rest, 2, 1, 12)
        && lit(&mut rest, b'-')
        && num(&mut rest, 2, 1, 31);
    if !ok {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let mut time = lit(&mut rest, b'T')
        && num(&mut rest, 2, 0, 23)
        && lit(&mut rest, b':')
        && num(&mut rest, 2, 0, 59);
    if time && lit(&mut rest, b':') {
        time = num(&mut rest, 2, 0, 59);
        if time && lit(&mut rest, b'.') {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            time = num(&mut rest, digits.max(1), 0, u32::MAX);
        }
    }
    time && (rest.is_empty()
        || rest == b"Z"
        || ((lit(&mut rest, b'+') || lit(&mut rest, b'-'))
            && num(&mut rest, 2, 0, 23)
            && lit(&mut rest, b':')
            && num(&mut rest, 2, 0, 59)
            && rest.is_empty()))
}

/// Consumes `byte` from the front of `rest`.
fn lit(rest: &mut &[u8], byte: u8) -> bool {
    match rest.split_first() {
        Some((b, tail)) if *b == byte => {
            *rest = tail;
            true
        }
        _ => false,
    }
}

/// Consumes exactly `len` digits from the front of `rest`, within `min..=max`.
fn num(rest: &mut &[u8], len: usize, min: u32, max: u32) -> bool {
    let Some((digits, tail)) = rest.split_at_checked(len) else {
        return false;
    };
    let mut n: u32 = 0;
    for d in digits {
        if !d.is_ascii_digit() {
            return false;
        }
        n = n.saturating_mul(10).saturating_add(u32::from(d - b'0'));
    }
    *rest = tail;
    (min..=max).contains(&n)
}

impl Problem {
    /// Whether the event breaks its spec: [`Issue::Missing`] or
    /// [`Issue::WrongType`]. An unplanned property is allowed.
    pub fn is_invalid(&self) -> bool {
        !matches!(self.issue, Issue::Unplanned)
    }

    /// A console warning for this problem of `event`, e.g.
    /// `trackq: trial_started: property "planId" is missing`.
    pub fn warning(&self, event: &str) -> String {
        let mut s = String::from("trackq: ");
        s.push_str(event);
        s.push_str(": property \"");
        s.push_str(&self.property);
        s.push_str("\" ");
        match self.issue {
            Issue::Missing => s.push_str("is missing"),
            Issue::WrongType(kind) => {
                s.push_str("should be ");
                s.push_str(kind.phrase());
            }
            Issue::Unplanned => s.push_str("is not in the spec (unplanned)"),
        }
        s
    }
}

/// Appends `problems` as the JSON array of `context.validation`:
/// `[{"property":"planId","problem":"missing"},
/// {"property":"mrr","problem":"expected number"},
/// {"property":"x","problem":"unplanned"}]`.
pub fn write_problems(out: &mut String, problems: &[Problem]) {
    out.push('[');
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"property\":");
        write_str(out, &p.property);
        out.push_str(",\"problem\":\"");
        match p.issue {
            Issue::Missing => out.push_str("missing"),
            Issue::WrongType(kind) => {
                out.push_str("expected ");
                out.push_str(kind.name());
            }
            Issue::Unplanned => out.push_str("unplanned"),
        }
        out.push_str("\"}");
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::value::obj;

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

    #[test]
    fn iso_dates() {
        for ok in [
            "2026-03-04",
            "2026-03-04T14:30",
            "2026-03-04T14:30:00",
            "2026-03-04T14:30:00.000Z",
            "2026-02-25T00:00:00.000Z",
            "2026-03-04T14:30:00.5+02:00",
            "2026-03-04T14:30-05:30",
            "2026-12-31T23:59:59Z",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "",
            "2026",
            "2026-3-4",
            "2026-13-01",
            "2026-00-10",
            "2026-03-32",
            "2026-03-04 14:30",
            "2026-03-04T24:00",
            "2026-03-04T14",
            "2026-03-04T14:30:00.Z",
            "2026-03-04T14:30:00ZZ",
            "2026-03-04T14:30+0200",
            "2026-03-04Z",
            "Wed Mar 04 2026",
            "2026-03-04T14:30:00.000Z ",
            "２０２６-03-04",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn warnings() {
        let w = |prop: &str, issue| p(prop, issue).warning("trial_started");
        assert_eq!(
            w("planId", Issue::Missing),
            "trackq: trial_started: property \"planId\" is missing"
        );
        assert_eq!(
            w("mrr", Issue::WrongType(Kind::Number)),
            "trackq: trial_started: property \"mrr\" should be a number"
        );
        assert_eq!(
            w("foo", Issue::Unplanned),
            "trackq: trial_started: property \"foo\" is not in the spec (unplanned)"
        );
    }

    #[test]
    fn problems_as_json() {
        let mut out = String::new();
        write_problems(&mut out, &[]);
        assert_eq!(out, "[]");
        out.clear();
        let all = [
            p("planId", Issue::Missing),
            p("mrr", Issue::WrongType(Kind::Number)),
            p("x\"", Issue::Unplanned),
            p("d", Issue::WrongType(Kind::Date)),
            p("l", Issue::WrongType(Kind::StringArray)),
        ];
        write_problems(&mut out, &all);
        assert_eq!(
            out,
            r#"[{"property":"planId","problem":"missing"},{"property":"mrr","problem":"expected number"},{"property":"x\"","problem":"unplanned"},{"property":"d","problem":"expected date"},{"property":"l","problem":"expected string[]"}]"#
        );
    }
}
