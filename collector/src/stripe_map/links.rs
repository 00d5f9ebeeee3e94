//! What one Stripe event says that another needs, remembered in the store
//! (`stripe_links`), because current Stripe objects no longer carry it:
//!
//! - `account:<customer>`: the `metadata.account_id` a customer's
//!   subscription or invoice named, so a refund (a charge has no such
//!   metadata) is filed under the same account, not under the customer id.
//! - `invoice:<payment intent or charge>`: the invoice a payment paid
//!   (from `invoice.paid` on older API versions, `invoice_payment.paid` on
//!   2025-03-31 and later, where charges no longer name their invoice).
//! - `failure:<payment intent or invoice>`: why a payment failed, from
//!   `payment_intent.payment_failed` or `charge.failed` (an invoice carries
//!   no payment error of its own). From 2025-03-31 on, neither object names
//!   the other, so the failure is also kept as
//!   `failure:<customer>:<amount>`: the customer's latest failed payment of
//!   that amount, which Stripe reports just before the invoice's
//!   `invoice.payment_failed`.

use std::collections::HashMap;

use serde_json::{json, Value as Json};

/// Remembered links, by key.
pub type Links = HashMap<String, String>;

/// The customer id of an object (`customer` as an id or expanded).
pub fn customer(obj: &Json) -> Option<&str> {
    obj["customer"]
        .as_str()
        .or_else(|| obj["customer"]["id"].as_str())
        .filter(|s| !s.is_empty())
}

/// The keys `map` may read for `event`.
pub fn wanted(event: &Json) -> Vec<String> {
    let obj = &event["data"]["object"];
    let mut keys = Vec::new();
    if let Some(c) = customer(obj) {
        keys.push(format!("account:{c}"));
    }
    match event["type"].as_str() {
        Some("charge.refunded") => {
            for id in [&obj["payment_intent"], &obj["id"]] {
                if let Some(id) = id.as_str() {
                    keys.push(format!("invoice:{id}"));
                }
            }
        }
        Some("invoice.payment_failed") => {
            for id in [&obj["payment_intent"], &obj["id"]] {
                if let Some(id) = id.as_str() {
                    keys.push(format!("failure:{id}"));
                }
            }
            if let (Some(c), Some(amount)) = (customer(obj), obj["amount_due"].as_i64()) {
                keys.push(format!("failure:{c}:{amount}"));
            }
        }
        _ => {}
    }
    keys
}

/// What `event` teaches for later events.
pub fn learned(event: &Json) -> Vec<(String, String)> {
    let obj = &event["data"]["object"];
    let mut out = Vec::new();
    if let (Some(c), Some(account)) = (customer(obj), own_account(obj)) {
        out.push((format!("account:{c}"), account.to_owned()));
    }
    match event["type"].as_str() {
        Some("invoice.paid" | "invoice.payment_succeeded") => {
            let Some(invoice) = obj["id"].as_str() else {
                return out;
            };
            let mut payments = vec![&obj["payment_intent"], &obj["charge"]];
            if let Some(list) = obj["payments"]["data"].as_array() {
                for p in list {
                    payments.push(&p["payment"]["payment_intent"]);
                    payments.push(&p["payment"]["charge"]);
                }
            }
            for id in payments.into_iter().filter_map(Json::as_str) {
                out.push((format!("invoice:{id}"), invoice.to_owned()));
            }
        }
        Some("invoice_payment.paid") => {
            if let Some(invoice) = obj["invoice"].as_str() {
                for id in [&obj["payment"]["payment_intent"], &obj["payment"]["charge"]]
                    .into_iter()
                    .filter_map(Json::as_str)
                {
                    out.push((format!("invoice:{id}"), invoice.to_owned()));
                }
            }
        }
        Some("payment_intent.payment_failed") => {
            if let Some(reason) = payment_error(&obj["last_payment_error"]) {
                for key in failure_keys(obj, &obj["id"], &obj["amount"]) {
                    out.push((key, reason.to_string()));
                }
            }
        }
        Some("charge.failed") => {
            let code = obj["failure_code"].as_str();
            let reason = obj["outcome"]["reason"].as_str().or(code);
            if let Some(reason) = reason {
                let value = json!({"failureReason": reason, "failureCode": code});
                for key in failure_keys(obj, &obj["payment_intent"], &obj["amount"]) {
                    out.push((key, value.to_string()));
                }
            }
        }
        _ => {}
    }
    out
}

/// Where a failed payment's reason is kept: by its payment intent, by its
/// invoice (older API versions), and by its customer and amount.
fn failure_keys(obj: &Json, intent: &Json, amount: &Json) -> Vec<String> {
    let mut keys: Vec<String> = [intent, &obj["invoice"]]
        .into_iter()
        .filter_map(Json::as_str)
        .map(|id| format!("failure:{id}"))
        .collect();
    if let (Some(c), Some(amount)) = (customer(obj), amount.as_i64()) {
        keys.push(format!("failure:{c}:{amount}"));
    }
    keys
}

/// An account id the object names itself: its own metadata, or the
/// subscription metadata an invoice carries (older and newer API versions).
pub fn own_account(obj: &Json) -> Option<&str> {
    [
        &obj["metadata"]["account_id"],
        &obj["subscription_details"]["metadata"]["account_id"],
        &obj["parent"]["subscription_details"]["metadata"]["account_id"],
    ]
    .into_iter()
    .find_map(|v| v.as_str().filter(|s| !s.is_empty()))
}

/// `{"failureReason","failureCode"}` from a Stripe error object
/// (`last_payment_error`): the issuer's `decline_code` when there is one,
/// else the `code`.
pub fn payment_error(error: &Json) -> Option<Json> {
    let code = error["code"].as_str();
    let reason = error["decline_code"].as_str().or(code)?;
    Some(json!({"failureReason": reason, "failureCode": code}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_basil_invoice_payment_links_its_payment_intent_to_the_invoice() {
        let ev = json!({"type": "invoice_payment.paid", "data": {"object": {
            "object": "invoice_payment", "invoice": "in_1",
            "payment": {"type": "payment_intent", "payment_intent": "pi_1"}}}});
        assert_eq!(
            learned(&ev),
            [("invoice:pi_1".to_owned(), "in_1".to_owned())]
        );
        let refund = json!({"type": "charge.refunded", "data": {"object": {
            "id": "ch_1", "customer": "cus_1", "payment_intent": "pi_1"}}});
        assert_eq!(
            wanted(&refund),
            ["account:cus_1", "invoice:pi_1", "invoice:ch_1"]
        );
    }
}
