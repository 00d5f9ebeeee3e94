//! POST /webhooks/stripe over real HTTP: the invoice and charge rows of seed
//! 001's "Stripe Webhook Mapping" table (paid, failed, refunded).

mod common;

use common::stripe::{event, invoice, maps_to};
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
            "subscriptionId": "sub_1Nv0aBcDeFgHiJ", "amount": 2900, "failureReason": "card_declined",
            "currency": "USD"}),
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
