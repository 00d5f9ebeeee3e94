//! Events the collector itself stores that seed 001's Upstack table does
//! not list, checked with the same rules as the seeds' events (required,
//! typed, unplanned): `payment_refunded`, made from Stripe's
//! `charge.refunded`. They live here, not in the snippet's tables, because
//! only the collector sends them.

use trackq::core::taxonomy::{Issue, Kind, Problem, PropSpec};
use trackq::core::Value;

const fn prop(name: &'static str, kind: Kind, required: bool) -> PropSpec {
    PropSpec {
        name,
        kind,
        required,
    }
}

/// `payment_refunded`, in the shape of the seed's `payment_succeeded`.
pub const PAYMENT_REFUNDED: [PropSpec; 7] = [
    prop("accountId", Kind::String, true),
    prop("amount", Kind::Number, true),
    prop("chargeId", Kind::String, false),
    prop("invoiceId", Kind::String, false),
    prop("paymentIntentId", Kind::String, false),
    prop("currency", Kind::String, false),
    prop("refunded", Kind::Boolean, false),
];

/// The spec of `event` among the collector's own Upstack events.
pub fn find(event: &str) -> Option<&'static [PropSpec]> {
    (event == "payment_refunded").then_some(&PAYMENT_REFUNDED[..])
}

/// Checks `props` of `event` as [`trackq::core::taxonomy::validate`] does
/// for a seed's event; `None` when the collector does not know it either.
pub fn validate(event: &str, props: &[(String, Value)]) -> Option<Vec<Problem>> {
    let spec = find(event)?;
    let mut problems = Vec::new();
    for p in spec {
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
        if !spec.iter().any(|p| p.name == k) {
            problems.push(Problem {
                property: k.clone(),
                issue: Issue::Unplanned,
            });
        }
    }
    Some(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_refunded_is_checked() {
        let ok = [
            ("accountId".to_owned(), Value::str("acct_1")),
            ("amount".to_owned(), Value::Num("2900".into())),
        ];
        assert_eq!(validate("payment_refunded", &ok), Some(vec![]));
        let bad = [("amount".to_owned(), Value::str("lots"))];
        assert_eq!(
            validate("payment_refunded", &bad).unwrap(),
            [
                Problem {
                    property: "accountId".into(),
                    issue: Issue::Missing
                },
                Problem {
                    property: "amount".into(),
                    issue: Issue::WrongType(Kind::Number)
                },
            ]
        );
        assert_eq!(validate("something_else", &ok), None);
    }
}
