//! Events the collector itself stores that seed 001's Upstack table does
//! not list, checked with the same rules as the seeds' events (required,
//! typed, unplanned): `payment_refunded`, made from Stripe's
//! `charge.refunded`. They live here, not in the snippet's tables, because
//! only the collector sends them.

use trackq::core::taxonomy::{check_event, EventSpec, Problem};
use trackq::core::Value;

/// `payment_refunded`, in the shape of the seed's `payment_succeeded`, as a
/// line of the snippet's taxonomy tables (`event,prop:k,prop:k!,...`).
pub const PAYMENT_REFUNDED: &str = "payment_refunded,accountId:s!,amount:n!,chargeId:s,\
invoiceId:s,paymentIntentId:s,currency:s,refunded:b";

/// The spec of `event` among the collector's own Upstack events.
pub fn find(event: &str) -> Option<EventSpec> {
    Some(EventSpec::from_line(PAYMENT_REFUNDED)).filter(|spec| spec.name == event)
}

/// Checks `props` of `event` with the snippet's own checker
/// ([`check_event`], as [`trackq::core::taxonomy::validate`] does for a
/// seed's event); `None` when the collector does not know it either.
pub fn validate(event: &str, props: &[(String, Value)]) -> Option<Vec<Problem>> {
    Some(check_event(&find(event)?, props))
}

#[cfg(test)]
mod tests {
    use super::*;
    use trackq::core::taxonomy::{Issue, Kind};

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

    #[test]
    fn every_field_of_the_line_parses() {
        let props: Vec<_> = find("payment_refunded").unwrap().props().collect();
        assert_eq!(props.len(), PAYMENT_REFUNDED.split(',').count() - 1);
        assert_eq!(props.iter().filter(|p| p.required).count(), 2, "{props:?}");
        assert_eq!(props[6].kind, Kind::Boolean);
    }
}
