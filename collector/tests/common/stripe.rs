//! Shared by the Stripe webhook tests: a collector with an endpoint secret,
//! payloads shaped like the events Stripe sends (envelope, `data.object`,
//! `data.previous_attributes`), signed delivery, and the check of one mapping.

use serde_json::{json, Value};
use trackq_collector::clock::unix_now;
use trackq_collector::stripe_sig::sign;

use super::{Collector, Reply};

/// The webhook endpoint secret the test collectors are started with.
pub const SECRET: &str = "whsec_5f3c1d9b2a7e4c6f8a0b1c2d3e4f5a6b";
/// When the test events were created.
pub const CREATED: i64 = 1_763_834_400; // 2025-11-22T18:00:00Z

/// A collector that takes deliveries signed with [`SECRET`].
pub fn collector() -> Collector {
    Collector::start(|cfg| cfg.stripe_secrets = vec![SECRET.into()])
}

/// The envelope Stripe wraps every event in.
pub fn event(id: &str, kind: &str, object: Value, previous: Option<Value>) -> Value {
    let mut data = json!({"object": object});
    if let Some(p) = previous {
        data["previous_attributes"] = p;
    }
    json!({
        "id": id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": CREATED,
        "data": data,
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": "req_8Xb2kQ4mN1", "idempotency_key": "0f6b2c1e-7d4a-4f3e-9b8c-2a1d5e6f7a8b"},
        "type": kind
    })
}

/// A recurring price of `amount` cents a `interval`.
pub fn price(id: &str, amount: i64, interval: &str, nickname: &str) -> Value {
    json!({
        "id": id, "object": "price", "active": true, "billing_scheme": "per_unit",
        "created": 1_700_000_000, "currency": "usd", "livemode": false, "lookup_key": null,
        "metadata": {}, "nickname": nickname, "product": "prod_Q1w2E3r4T5",
        "recurring": {"aggregate_usage": null, "interval": interval, "interval_count": 1,
                      "trial_period_days": null, "usage_type": "licensed"},
        "tax_behavior": "unspecified", "type": "recurring", "unit_amount": amount,
        "unit_amount_decimal": amount.to_string()
    })
}

/// A subscription's `items` list with one item of `price`.
pub fn items(price: Value) -> Value {
    json!({"object": "list", "data": [{
        "id": "si_PqR5sT6uV7", "object": "subscription_item", "created": 1_700_000_000,
        "metadata": {}, "price": price, "quantity": 1, "subscription": "sub_1Nv0aBcDeFgHiJ"
    }], "has_more": false, "total_count": 1, "url": "/v1/subscription_items?subscription=sub_1Nv0aBcDeFgHiJ"})
}

/// A subscription in `status` on `price_`, for account `acct_abc123`.
pub fn subscription(status: &str, price_: Value) -> Value {
    json!({
        "id": "sub_1Nv0aBcDeFgHiJ", "object": "subscription", "billing_cycle_anchor": 1_700_000_000,
        "cancel_at": null, "cancel_at_period_end": false, "canceled_at": null, "collection_method": "charge_automatically",
        "created": 1_700_000_000, "currency": "usd", "current_period_end": 1_766_426_400,
        "current_period_start": 1_763_834_400, "customer": "cus_OaBcDeFgHiJkLm",
        "items": items(price_), "latest_invoice": "in_1Nv0aInvoice", "livemode": false,
        "metadata": {"account_id": "acct_abc123"}, "pause_collection": null, "status": status,
        "trial_end": null, "trial_start": null
    })
}

/// The Pro plan: 29.00 USD a month.
pub fn pro() -> Value {
    price("price_pro_monthly", 2900, "month", "Pro")
}

/// A paid invoice of the Pro subscription, with the fields of `extra` set over it.
pub fn invoice(extra: Value) -> Value {
    let mut inv = json!({
        "id": "in_1Nv0aInvoice", "object": "invoice", "account_country": "US",
        "amount_due": 2900, "amount_paid": 2900, "amount_remaining": 0, "attempt_count": 1,
        "billing_reason": "subscription_cycle", "currency": "usd", "customer": "cus_OaBcDeFgHiJkLm",
        "customer_email": "ann@acme.com", "hosted_invoice_url": "https://invoice.example/i/1",
        "metadata": {"account_id": "acct_abc123"}, "number": "ACME-0001", "paid": true,
        "status": "paid", "subscription": "sub_1Nv0aBcDeFgHiJ", "total": 2900
    });
    if let (Some(o), Some(e)) = (inv.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            o.insert(k.clone(), v.clone());
        }
    }
    inv
}

/// Sends `payload` signed with `secret` at `t`.
pub fn deliver_signed(c: &Collector, payload: &str, secret: &str, t: i64) -> Reply {
    let header = sign(payload.as_bytes(), secret, t);
    c.post(
        "/webhooks/stripe",
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Stripe-Signature", &header),
            (
                "User-Agent",
                "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            ),
        ],
        payload,
    )
}

/// Delivers `ev` to `c`, signed with [`SECRET`] now.
pub fn deliver(c: &Collector, ev: &Value) -> Reply {
    deliver_signed(
        c,
        &serde_json::to_string_pretty(ev).unwrap(),
        SECRET,
        unix_now(),
    )
}

/// Delivers `ev`, expects 200 and exactly `expected` stored, in order.
pub fn maps_to(ev: Value, expected: &[(&str, Value)]) {
    let c = collector();
    let r = deliver(&c, &ev);
    assert_eq!(r.status, 200, "{}", r.body);
    let names: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    assert_eq!(r.json(), json!({"received": true, "events": names}));
    let bodies = c.bodies();
    assert_eq!(bodies.len(), expected.len());
    for (n, (body, (name, props))) in bodies.iter().zip(expected).enumerate() {
        assert_eq!(body["event"], *name);
        assert_eq!(body["properties"], *props, "{name}");
        assert_eq!(
            body["messageId"],
            format!("stripe:{}:{n}", ev["id"].as_str().unwrap())
        );
        assert_eq!(body["timestamp"], "2025-11-22T18:00:00.000Z");
        assert_eq!(body["type"], "track");
        assert_eq!(
            body["context"]["stripe"],
            json!({"eventId": ev["id"], "type": ev["type"]})
        );
    }
    assert_eq!(
        c.sql_i64("SELECT count(*) FROM events WHERE source = 'stripe'"),
        expected.len() as i64
    );
}
