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
//! Where the handler and Stripe's real objects differ, this follows Stripe:
//! `accountId` is `metadata.account_id`, else the subscription's metadata an
//! invoice carries, else the Stripe customer id (the taxonomy requires it);
//! amounts compared for upgrade vs downgrade are monthly (`unit_amount` x
//! quantity, per month of the price's interval), so a switch from monthly to
//! yearly is not taken for an upgrade. An update whose price did not change
//! (a status or metadata change) maps to nothing.

use serde_json::{Map, Value as Json};

use crate::clock;

/// One event made from a Stripe event.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapped {
    /// The Upstack event name.
    pub event: &'static str,
    /// Its properties.
    pub properties: Map<String, Json>,
}

/// The Stripe event types this collector maps.
pub const MAPPED_TYPES: [&str; 9] = [
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.trial_will_end",
    "charge.refunded",
];

/// Maps a verified Stripe event (the whole JSON object); `None` for a type
/// this collector does not map, `Some(vec![])` for a mapped type that says
/// nothing worth an event this time.
pub fn map(stripe_event: &Json) -> Option<Vec<Mapped>> {
    let kind = stripe_event["type"].as_str()?;
    let obj = &stripe_event["data"]["object"];
    let previous = &stripe_event["data"]["previous_attributes"];
    let out = match kind {
        "customer.subscription.created" => vec![mapped(
            "subscription_created",
            [
                ("subscriptionId", obj["id"].clone()),
                ("accountId", account_id(obj)),
                ("planId", price(obj)["id"].clone()),
                (
                    "billingInterval",
                    price(obj)["recurring"]["interval"].clone(),
                ),
            ],
        )],
        "customer.subscription.updated" => plan_change(obj, previous).into_iter().collect(),
        "customer.subscription.deleted" => vec![subscription("subscription_churned", obj)],
        "customer.subscription.paused" => vec![subscription("subscription_paused", obj)],
        "customer.subscription.resumed" => vec![subscription("subscription_resumed", obj)],
        "invoice.paid" => ["invoice_paid", "payment_succeeded"]
            .into_iter()
            .map(|event| {
                mapped(
                    event,
                    [
                        ("accountId", account_id(obj)),
                        ("invoiceId", obj["id"].clone()),
                        ("subscriptionId", invoice_subscription(obj)),
                        ("amount", obj["amount_paid"].clone()),
                        ("currency", upper(&obj["currency"])),
                    ],
                )
            })
            .collect(),
        "invoice.payment_failed" => vec![mapped(
            "payment_failed",
            [
                ("accountId", account_id(obj)),
                ("invoiceId", obj["id"].clone()),
                ("subscriptionId", invoice_subscription(obj)),
                ("amount", obj["amount_due"].clone()),
                ("failureReason", obj["last_payment_error"]["code"].clone()),
                ("currency", upper(&obj["currency"])),
            ],
        )],
        "customer.subscription.trial_will_end" => {
            let trial_end = obj["trial_end"].as_i64();
            // Stripe sends this three days ahead; count from the event's time.
            let days = match (trial_end, stripe_event["created"].as_i64()) {
                (Some(end), Some(created)) if end > created => (end - created + 86_399) / 86_400,
                _ => 3,
            };
            vec![mapped(
                "trial_ending_soon",
                [
                    ("accountId", account_id(obj)),
                    ("trialDaysRemaining", Json::from(days)),
                    ("planId", price(obj)["id"].clone()),
                    (
                        "trialEndDate",
                        trial_end
                            .and_then(clock::from_unix)
                            .map_or(Json::Null, Json::from),
                    ),
                ],
            )]
        }
        "charge.refunded" => vec![mapped(
            "payment_refunded",
            [
                ("accountId", account_id(obj)),
                ("chargeId", obj["id"].clone()),
                ("invoiceId", obj["invoice"].clone()),
                ("paymentIntentId", obj["payment_intent"].clone()),
                ("amount", obj["amount_refunded"].clone()),
                ("currency", upper(&obj["currency"])),
                ("refunded", obj["refunded"].clone()),
            ],
        )],
        _ => return None,
    };
    Some(out)
}

/// `subscription_upgraded` or `subscription_downgraded` when the price changed.
fn plan_change(obj: &Json, previous: &Json) -> Option<Mapped> {
    let old_item = &previous["items"]["data"][0];
    let new_item = &obj["items"]["data"][0];
    let new_mrr = monthly(new_item)?;
    let old_mrr = monthly(old_item)?;
    let event = match new_mrr.cmp(&old_mrr) {
        std::cmp::Ordering::Greater => "subscription_upgraded",
        std::cmp::Ordering::Less => "subscription_downgraded",
        std::cmp::Ordering::Equal => return None,
    };
    Some(mapped(
        event,
        [
            ("subscriptionId", obj["id"].clone()),
            ("accountId", account_id(obj)),
            ("planId", new_item["price"]["id"].clone()),
            ("planName", new_item["price"]["nickname"].clone()),
            ("previousPlanId", old_item["price"]["id"].clone()),
            ("mrr", Json::from(new_mrr)),
            ("mrrDelta", Json::from(new_mrr - old_mrr)),
        ],
    ))
}

/// The churned / paused / resumed shape.
fn subscription(event: &'static str, obj: &Json) -> Mapped {
    mapped(
        event,
        [
            ("subscriptionId", obj["id"].clone()),
            ("accountId", account_id(obj)),
            ("planId", price(obj)["id"].clone()),
            (
                "mrr",
                monthly(&obj["items"]["data"][0]).map_or(Json::Null, Json::from),
            ),
        ],
    )
}

fn mapped<const N: usize>(event: &'static str, props: [(&str, Json); N]) -> Mapped {
    let properties = props
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    Mapped { event, properties }
}

fn price(subscription: &Json) -> &Json {
    &subscription["items"]["data"][0]["price"]
}

/// A subscription item's amount per month, in the currency's minor unit.
fn monthly(item: &Json) -> Option<i64> {
    let price = &item["price"];
    let amount = price["unit_amount"].as_i64()?;
    let quantity = item["quantity"].as_i64().unwrap_or(1);
    let count = price["recurring"]["interval_count"]
        .as_i64()
        .unwrap_or(1)
        .max(1);
    let total = amount.checked_mul(quantity)?;
    // total per `count` intervals -> per month, rounded to the nearest unit.
    let (num, den) = match price["recurring"]["interval"].as_str() {
        Some("year") => (total, 12 * count),
        Some("week") => (total.checked_mul(52)?, 12 * count),
        Some("day") => (total.checked_mul(365)?, 12 * count),
        _ => (total, count),
    };
    Some((num + den / 2).div_euclid(den))
}

/// `metadata.account_id`, else the metadata of the subscription an invoice
/// is for, else the customer id.
fn account_id(obj: &Json) -> Json {
    let candidates = [
        &obj["metadata"]["account_id"],
        &obj["subscription_details"]["metadata"]["account_id"],
        &obj["parent"]["subscription_details"]["metadata"]["account_id"],
        &obj["customer"],
        &obj["customer"]["id"],
    ];
    candidates
        .into_iter()
        .find(|v| v.as_str().is_some_and(|s| !s.is_empty()))
        .cloned()
        .unwrap_or(Json::Null)
}

/// `invoice.subscription` (older API versions) or
/// `invoice.parent.subscription_details.subscription` (newer ones).
fn invoice_subscription(invoice: &Json) -> Json {
    [
        &invoice["subscription"],
        &invoice["parent"]["subscription_details"]["subscription"],
    ]
    .into_iter()
    .find(|v| v.is_string())
    .cloned()
    .unwrap_or(Json::Null)
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
    fn monthly_amounts() {
        assert_eq!(monthly(&item("p", 2900, "month")), Some(2900));
        assert_eq!(monthly(&item("p", 12000, "year")), Some(1000));
        assert_eq!(
            monthly(&json!({"quantity":3,"price":{"unit_amount":500}})),
            Some(1500)
        );
        assert_eq!(monthly(&json!({})), None);
    }

    #[test]
    fn yearly_at_a_lower_monthly_rate_is_a_downgrade() {
        let ev = json!({"type":"customer.subscription.updated","data":{
            "object":{"id":"sub_1","customer":"cus_1","items":{"data":[item("yearly",24000,"year")]}},
            "previous_attributes":{"items":{"data":[item("monthly",2900,"month")]}}}});
        let out = map(&ev).unwrap();
        assert_eq!(out[0].event, "subscription_downgraded");
        assert_eq!(out[0].properties["mrrDelta"], json!(2000 - 2900));
        assert_eq!(out[0].properties["accountId"], json!("cus_1"));
    }

    #[test]
    fn unknown_types_are_not_mapped() {
        assert_eq!(
            map(&json!({"type":"customer.created","data":{"object":{}}})),
            None
        );
        assert_eq!(map(&json!({"data":{}})), None);
    }
}
