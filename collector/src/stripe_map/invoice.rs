//! What an invoice or a refunded charge says, read from where older and
//! current Stripe API versions put it (or from what earlier events taught).

use serde_json::Value as Json;

use super::links::{customer, payment_error, Links};

/// Why an invoice's payment failed: from its payment intent when Stripe
/// expanded it (older versions: `payment_intent`; 2025-03-31 and later:
/// `payments.data[0].payment.payment_intent`), the invoice's own
/// `last_payment_error` if a pipeline put one there, else what a
/// `payment_intent.payment_failed` or `charge.failed` event told.
pub(super) fn invoice_failure(invoice: &Json, known: &Links) -> Json {
    let by_customer = match (customer(invoice), invoice["amount_due"].as_i64()) {
        (Some(c), Some(amount)) => Some(format!("failure:{c}:{amount}")),
        _ => None,
    };
    let direct = [
        &invoice["payment_intent"]["last_payment_error"],
        &invoice["payments"]["data"][0]["payment"]["payment_intent"]["last_payment_error"],
        &invoice["last_payment_error"],
    ]
    .into_iter()
    .find_map(payment_error);
    direct
        .or_else(|| {
            [&invoice["payment_intent"], &invoice["id"]]
                .into_iter()
                .filter_map(Json::as_str)
                .map(|id| format!("failure:{id}"))
                .chain(by_customer)
                .find_map(|key| known.get(&key))
                .and_then(|v| serde_json::from_str(v).ok())
        })
        .unwrap_or(Json::Null)
}

/// The invoice a refunded charge paid: `charge.invoice` on older API
/// versions, else the one remembered for its payment intent or charge.
pub(super) fn refund_invoice(charge: &Json, known: &Links) -> Json {
    if charge["invoice"].is_string() {
        return charge["invoice"].clone();
    }
    [&charge["payment_intent"], &charge["id"]]
        .into_iter()
        .filter_map(Json::as_str)
        .find_map(|id| known.get(&format!("invoice:{id}")))
        .map_or(Json::Null, |s| Json::from(s.as_str()))
}

/// `invoice.subscription` (older API versions) or
/// `invoice.parent.subscription_details.subscription` (newer ones).
pub(super) fn invoice_subscription(invoice: &Json) -> Json {
    [
        &invoice["subscription"],
        &invoice["parent"]["subscription_details"]["subscription"],
    ]
    .into_iter()
    .find(|v| v.is_string())
    .cloned()
    .unwrap_or(Json::Null)
}
