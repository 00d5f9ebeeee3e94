//! Stripe events -> Upstack SaaS events, per seed 001's "Stripe Webhook
//! Mapping" table, with the properties of its example handler.
//!
//! | Stripe                                | event(s)                                          |
//! |---------------------------------------|---------------------------------------------------|
//! | customer.subscription.created         | subscription_created                              |
//! | customer.subscription.updated         | subscription_upgraded / subscription_downgraded   |
//! | customer.subscription.deleted         | subscription_churned                              |
//! | customer.subscription.paused          | subscription_paused                               |
//! | customer.subscription.resumed         | subscription_resumed                              |
//! | invoice.paid                          | invoice_paid, payment_succeeded                   |
//! | invoice.payment_failed                | payment_failed                                    |
//! | customer.subscription.trial_will_end  | trial_ending_soon                                 |
//! | charge.refunded                       | payment_refunded                                  |
//!
//! `payment_intent.payment_failed`, `charge.failed` and
//! `invoice_payment.paid` map to no event: they are remembered
//! ([`links`]) for the events above.
//!
//! Where the handler and Stripe's real objects differ, this follows Stripe,
//! older and current API versions alike: `accountId` is
//! `metadata.account_id`, else the subscription's metadata an invoice
//! carries, else the account remembered for the customer, else the Stripe
//! customer id (the taxonomy requires one); `failureReason` of a failed
//! invoice payment comes from the payment's error (the invoice's expanded
//! payment intent or a remembered `payment_intent.payment_failed`), the
//! issuer's `decline_code` first; a refund's `invoiceId` is the charge's
//! `invoice` on older versions, else the invoice remembered for its payment
//! intent;
//! amounts compared for upgrade vs downgrade are monthly (`unit_amount` x
//! quantity, per month of the price's interval), so a switch from monthly to
//! yearly is not taken for an upgrade. An update whose price did not change
//! (a status or metadata change) maps to nothing.

use serde_json::{Map, Value as Json};

use crate::clock;

mod invoice;
pub mod links;
pub mod money;
mod subscription;

use invoice::{invoice_failure, invoice_subscription, refund_invoice};
use links::{customer, own_account, Links};
use money::{days_between, number, OutOfRange};
use subscription::{plan_change, subscription};

/// One event made from a Stripe event.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapped {
    /// The Upstack event name.
    pub event: &'static str,
    /// Its properties.
    pub properties: Map<String, Json>,
    /// Properties left out because their value does not fit a JSON integer
    /// the collector keeps exactly (an `i64`): flagged, never a wrong number.
    pub refused: Vec<&'static str>,
}

/// The Stripe event types this collector maps.
pub const MAPPED_TYPES: [&str; 12] = [
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.trial_will_end",
    "charge.refunded",
    "payment_intent.payment_failed",
    "charge.failed",
    "invoice_payment.paid",
];

/// Why a Stripe event cannot be mapped at all.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub String);

/// Maps a verified Stripe event (the whole JSON object) with what earlier
/// events taught (`known`, read for the keys of [`links::wanted`]); `None`
/// for a type this collector does not map, `Some(vec![])` for a mapped type
/// that says nothing worth an event this time.
pub fn map(stripe_event: &Json, known: &Links) -> Result<Option<Vec<Mapped>>, Refused> {
    let Some(kind) = stripe_event["type"].as_str() else {
        return Ok(None);
    };
    let obj = &stripe_event["data"]["object"];
    let previous = &stripe_event["data"]["previous_attributes"];
    let account = || account_id(obj, known);
    let out_of_range = |_: OutOfRange| Refused(format!("an amount in {kind} is out of range"));
    let out = match kind {
        "customer.subscription.created" => vec![mapped(
            "subscription_created",
            [
                ("subscriptionId", obj["id"].clone()),
                ("accountId", account()),
                ("planId", price(obj)["id"].clone()),
                (
                    "billingInterval",
                    price(obj)["recurring"]["interval"].clone(),
                ),
            ],
        )],
        "customer.subscription.updated" => plan_change(obj, previous, account())
            .map_err(out_of_range)?
            .into_iter()
            .collect(),
        "customer.subscription.deleted" => {
            vec![subscription("subscription_churned", obj, account()).map_err(out_of_range)?]
        }
        "customer.subscription.paused" => {
            vec![subscription("subscription_paused", obj, account()).map_err(out_of_range)?]
        }
        "customer.subscription.resumed" => {
            vec![subscription("subscription_resumed", obj, account()).map_err(out_of_range)?]
        }
        "invoice.paid" => ["invoice_paid", "payment_succeeded"]
            .into_iter()
            .map(|event| {
                mapped(
                    event,
                    [
                        ("accountId", account()),
                        ("invoiceId", obj["id"].clone()),
                        ("subscriptionId", invoice_subscription(obj)),
                        ("amount", obj["amount_paid"].clone()),
                        ("currency", upper(&obj["currency"])),
                    ],
                )
            })
            .collect(),
        "invoice.payment_failed" => {
            let failure = invoice_failure(obj, known);
            vec![mapped(
                "payment_failed",
                [
                    ("accountId", account()),
                    ("invoiceId", obj["id"].clone()),
                    ("subscriptionId", invoice_subscription(obj)),
                    ("amount", obj["amount_due"].clone()),
                    ("failureReason", failure["failureReason"].clone()),
                    ("failureCode", failure["failureCode"].clone()),
                    ("currency", upper(&obj["currency"])),
                ],
            )]
        }
        "customer.subscription.trial_will_end" => {
            let trial_end = obj["trial_end"].as_i64();
            // Stripe sends this three days ahead; count from the event's time.
            let days = match (trial_end, stripe_event["created"].as_i64()) {
                (Some(end), Some(created)) if end > created => days_between(created, end),
                _ => 3,
            };
            let end_date = trial_end.map(|end| clock::from_unix(end).map(Json::from));
            let mut m = mapped(
                "trial_ending_soon",
                [
                    ("accountId", account()),
                    ("trialDaysRemaining", number(days).unwrap_or(Json::Null)),
                    ("planId", price(obj)["id"].clone()),
                    (
                        "trialEndDate",
                        end_date.clone().flatten().unwrap_or(Json::Null),
                    ),
                ],
            );
            if number(days).is_none() {
                m.refused.push("trialDaysRemaining");
            }
            if matches!(end_date, Some(None)) {
                m.refused.push("trialEndDate");
            }
            vec![m]
        }
        "charge.refunded" => vec![mapped(
            "payment_refunded",
            [
                ("accountId", account()),
                ("chargeId", obj["id"].clone()),
                ("invoiceId", refund_invoice(obj, known)),
                ("paymentIntentId", obj["payment_intent"].clone()),
                ("amount", obj["amount_refunded"].clone()),
                ("currency", upper(&obj["currency"])),
                ("refunded", obj["refunded"].clone()),
            ],
        )],
        "payment_intent.payment_failed" | "charge.failed" | "invoice_payment.paid" => vec![],
        _ => return Ok(None),
    };
    Ok(Some(out))
}

pub(crate) fn mapped<const N: usize>(event: &'static str, props: [(&str, Json); N]) -> Mapped {
    let properties = props
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    Mapped {
        event,
        properties,
        refused: Vec::new(),
    }
}

pub(crate) fn price(subscription: &Json) -> &Json {
    &subscription["items"]["data"][0]["price"]
}

/// The object's own account id, else the one remembered for its customer,
/// else the customer id.
fn account_id(obj: &Json, known: &Links) -> Json {
    if let Some(own) = own_account(obj) {
        return Json::from(own);
    }
    let Some(customer) = customer(obj) else {
        return Json::Null;
    };
    Json::from(
        known
            .get(&format!("account:{customer}"))
            .map_or(customer, String::as_str),
    )
}

fn upper(v: &Json) -> Json {
    v.as_str()
        .map_or(Json::Null, |s| Json::from(s.to_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(price: &str, amount: i64, interval: &str) -> Json {
        json!({"id":"si_1","quantity":1,"price":{"id":price,"unit_amount":amount,
               "recurring":{"interval":interval,"interval_count":1}}})
    }

    #[test]
    fn yearly_at_a_lower_monthly_rate_is_a_downgrade() {
        let ev = json!({"type":"customer.subscription.updated","data":{
            "object":{"id":"sub_1","customer":"cus_1","items":{"data":[item("yearly",24000,"year")]}},
            "previous_attributes":{"items":{"data":[item("monthly",2900,"month")]}}}});
        let out = map(&ev, &Links::new()).unwrap().unwrap();
        assert_eq!(out[0].event, "subscription_downgraded");
        assert_eq!(out[0].properties["mrrDelta"], json!(2000 - 2900));
        assert_eq!(out[0].properties["accountId"], json!("cus_1"));
        let known = Links::from([("account:cus_1".to_owned(), "acct_1".to_owned())]);
        let out = map(&ev, &known).unwrap().unwrap();
        assert_eq!(out[0].properties["accountId"], json!("acct_1"));
    }

    #[test]
    fn unknown_types_are_not_mapped() {
        let none = Links::new();
        assert_eq!(
            map(
                &json!({"type":"customer.created","data":{"object":{}}}),
                &none
            ),
            Ok(None)
        );
        assert_eq!(map(&json!({"data":{}}), &none), Ok(None));
    }
}
