//! POST /webhooks/stripe over real HTTP: the invoice and charge rows of seed
//! 001's "Stripe Webhook Mapping" table (paid, failed, refunded).

mod common;

use common::stripe::{collector, deliver, event, invoice, maps_to, pro, subscription};
use serde_json::json;

#[test]
fn invoice_paid_is_invoice_paid_and_payment_succeeded() {
    let props = json!({"accountId": "acct_abc123", "invoiceId": "in_1Nv0aInvoice",
        "subscriptionId": "sub_1Nv0aBcDeFgHiJ", "amount": 2900, "currency": "USD"});
    maps_to(
        event("evt_1Paid", "invoice.paid", invoice(json!({})), None),
        &[
            ("invoice_paid", props.clone()),
            ("payment_succeeded", props),
        ],
    );
}

#[test]
fn invoice_paid_on_a_newer_api_version_finds_subscription_and_account_in_parent() {
    // Newer API versions moved `subscription` under `parent`, and invoices
    // rarely carry metadata of their own.
    let inv = invoice(json!({
        "metadata": {},
        "subscription": null,
        "parent": {"type": "subscription_details", "subscription_details": {
            "metadata": {"account_id": "acct_from_sub"}, "subscription": "sub_2New"}}
    }));
    let props = json!({"accountId": "acct_from_sub", "invoiceId": "in_1Nv0aInvoice",
        "subscriptionId": "sub_2New", "amount": 2900, "currency": "USD"});
    maps_to(
        event("evt_1PaidNew", "invoice.paid", inv, None),
        &[
            ("invoice_paid", props.clone()),
            ("payment_succeeded", props),
        ],
    );
}

#[test]
fn invoice_payment_failed() {
    let inv = invoice(json!({"amount_paid": 0, "paid": false, "status": "open",
        "last_payment_error": {"code": "card_declined", "decline_code": "insufficient_funds"}}));
    maps_to(
        event("evt_1Failed", "invoice.payment_failed", inv, None),
        &[(
            "payment_failed",
            json!({"accountId": "acct_abc123", "invoiceId": "in_1Nv0aInvoice",
            "subscriptionId": "sub_1Nv0aBcDeFgHiJ", "amount": 2900, "failureReason": "insufficient_funds",
            "failureCode": "card_declined", "currency": "USD"}),
        )],
    );
}

#[test]
fn charge_refunded_is_payment_refunded() {
    let charge = json!({
        "id": "ch_3Nv0aCharge", "object": "charge", "amount": 2900, "amount_captured": 2900,
        "amount_refunded": 2900, "captured": true, "currency": "usd", "customer": "cus_OaBcDeFgHiJkLm",
        "invoice": "in_1Nv0aInvoice", "metadata": {}, "paid": true, "payment_intent": "pi_3Nv0aIntent",
        "refunded": true, "status": "succeeded"
    });
    maps_to(
        event("evt_1Refund", "charge.refunded", charge, None),
        &[(
            "payment_refunded",
            json!({"accountId": "cus_OaBcDeFgHiJkLm", "chargeId": "ch_3Nv0aCharge",
            "invoiceId": "in_1Nv0aInvoice", "paymentIntentId": "pi_3Nv0aIntent", "amount": 2900,
            "currency": "USD", "refunded": true}),
        )],
    );
}

/// An invoice as API versions from 2025-03-31 send it: no `payment_intent`,
/// `charge` or `paid`, the subscription under `parent`, no metadata.
fn basil_invoice() -> serde_json::Value {
    let mut inv = invoice(json!({"amount_paid": 0, "status": "open", "metadata": {},
        "subscription": null, "parent": {"type": "subscription_details", "subscription_details": {
            "metadata": {}, "subscription": "sub_1Nv0aBcDeFgHiJ"}}}));
    for gone in ["paid", "subscription"] {
        inv.as_object_mut().unwrap().remove(gone);
    }
    inv
}

#[test]
fn payment_failed_on_current_stripe_takes_its_reason_from_the_payment_intent() {
    // Stripe sends payment_intent.payment_failed, then invoice.payment_failed;
    // from 2025-03-31 neither names the other.
    let c = collector();
    let intent = json!({"id": "pi_3Fail", "object": "payment_intent", "amount": 2900,
        "currency": "usd", "customer": "cus_OaBcDeFgHiJkLm", "status": "requires_payment_method",
        "last_payment_error": {"type": "card_error", "code": "card_declined",
            "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."}});
    let r = deliver(
        &c,
        &event("evt_1PiFail", "payment_intent.payment_failed", intent, None),
    );
    assert_eq!(r.json(), json!({"received": true, "events": []}));
    let r = deliver(
        &c,
        &event(
            "evt_1InvFail",
            "invoice.payment_failed",
            basil_invoice(),
            None,
        ),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let stored = &c.bodies()[0];
    assert_eq!(stored["event"], "payment_failed");
    assert_eq!(stored["properties"]["failureReason"], "insufficient_funds");
    assert_eq!(stored["properties"]["failureCode"], "card_declined");
    assert_eq!(stored["properties"]["subscriptionId"], "sub_1Nv0aBcDeFgHiJ");
    assert_eq!(stored["context"].get("validation"), None, "{stored}");
}

#[test]
fn payment_failed_reads_an_expanded_payment_intent_on_older_versions() {
    let inv = invoice(json!({"amount_paid": 0, "paid": false, "status": "open",
        "payment_intent": {"id": "pi_1", "object": "payment_intent",
            "last_payment_error": {"code": "expired_card"}}}));
    maps_to(
        event("evt_1FailedOld", "invoice.payment_failed", inv, None),
        &[(
            "payment_failed",
            json!({"accountId": "acct_abc123", "invoiceId": "in_1Nv0aInvoice",
            "subscriptionId": "sub_1Nv0aBcDeFgHiJ", "amount": 2900, "failureReason": "expired_card",
            "failureCode": "expired_card", "currency": "USD"}),
        )],
    );
}

#[test]
fn a_2025_refund_finds_its_invoice_and_the_customers_one_account() {
    let c = collector();
    // The customer's subscription names its account; the charge will not.
    deliver(
        &c,
        &event(
            "evt_1Sub",
            "customer.subscription.created",
            subscription("active", pro()),
            None,
        ),
    );
    // 2025-03-31 and later: the invoice-payment link arrives as its own event.
    let paid = json!({"id": "inpay_1", "object": "invoice_payment", "invoice": "in_1Nv0aInvoice",
        "amount_paid": 2900, "currency": "usd", "is_default": true, "status": "paid",
        "payment": {"type": "payment_intent", "payment_intent": "pi_3Nv0aIntent"}});
    let r = deliver(
        &c,
        &event("evt_1InvPay", "invoice_payment.paid", paid, None),
    );
    assert_eq!(r.json(), json!({"received": true, "events": []}));
    let charge = json!({
        "id": "ch_3Nv0aCharge", "object": "charge", "amount": 2900, "amount_captured": 2900,
        "amount_refunded": 2900, "captured": true, "currency": "usd", "customer": "cus_OaBcDeFgHiJkLm",
        "metadata": {}, "paid": true, "payment_intent": "pi_3Nv0aIntent", "refunded": true,
        "status": "succeeded"
    });
    let r = deliver(&c, &event("evt_1Refund25", "charge.refunded", charge, None));
    assert_eq!(
        r.json(),
        json!({"received": true, "events": ["payment_refunded"]})
    );
    let stored = c.bodies().pop().unwrap();
    assert_eq!(
        stored["properties"],
        json!({"accountId": "acct_abc123", "chargeId": "ch_3Nv0aCharge",
            "invoiceId": "in_1Nv0aInvoice", "paymentIntentId": "pi_3Nv0aIntent", "amount": 2900,
            "currency": "USD", "refunded": true})
    );
    // Checked like the seed's events: no problems, named taxonomy.
    assert_eq!(stored["context"]["taxonomy"], "upstack");
    assert_eq!(stored["context"].get("validation"), None);
    let accounts = c
        .sql_i64("SELECT count(DISTINCT json_extract(body, '$.properties.accountId')) FROM events");
    assert_eq!(accounts, 1);
}
