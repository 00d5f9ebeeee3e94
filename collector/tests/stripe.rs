//! POST /webhooks/stripe over real HTTP: signatures, replay, and each row of
//! seed 001's "Stripe Webhook Mapping" table, with payloads shaped like the
//! events Stripe sends (envelope, `data.object`, `data.previous_attributes`).

mod common;

use common::Collector;
use serde_json::{json, Value};
use trackq_collector::clock::unix_now;
use trackq_collector::stripe_sig::sign;

const SECRET: &str = "whsec_5f3c1d9b2a7e4c6f8a0b1c2d3e4f5a6b";
const CREATED: i64 = 1_763_834_400; // 2025-11-22T18:00:00Z

fn collector() -> Collector {
    Collector::start(|cfg| cfg.stripe_secrets = vec![SECRET.into()])
}

/// The envelope Stripe wraps every event in.
fn event(id: &str, kind: &str, object: Value, previous: Option<Value>) -> Value {
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

fn price(id: &str, amount: i64, interval: &str, nickname: &str) -> Value {
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

fn items(price: Value) -> Value {
    json!({"object": "list", "data": [{
        "id": "si_PqR5sT6uV7", "object": "subscription_item", "created": 1_700_000_000,
        "metadata": {}, "price": price, "quantity": 1, "subscription": "sub_1Nv0aBcDeFgHiJ"
    }], "has_more": false, "total_count": 1, "url": "/v1/subscription_items?subscription=sub_1Nv0aBcDeFgHiJ"})
}

fn subscription(status: &str, price_: Value) -> Value {
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

fn pro() -> Value {
    price("price_pro_monthly", 2900, "month", "Pro")
}

fn invoice(extra: Value) -> Value {
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
fn deliver_signed(c: &Collector, payload: &str, secret: &str, t: i64) -> common::Reply {
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

fn deliver(c: &Collector, ev: &Value) -> common::Reply {
    deliver_signed(
        c,
        &serde_json::to_string_pretty(ev).unwrap(),
        SECRET,
        unix_now(),
    )
}

/// Delivers `ev`, expects 200 and exactly `expected` stored, in order.
fn maps_to(ev: Value, expected: &[(&str, Value)]) {
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

#[test]
fn subscription_created() {
    maps_to(
        event(
            "evt_1Created",
            "customer.subscription.created",
            subscription("active", pro()),
            None,
        ),
        &[(
            "subscription_created",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_pro_monthly", "billingInterval": "month"}),
        )],
    );
}

#[test]
fn subscription_updated_to_a_higher_price_is_an_upgrade() {
    let business = price("price_business_monthly", 9900, "month", "Business");
    maps_to(
        event(
            "evt_1Upgrade",
            "customer.subscription.updated",
            subscription("active", business),
            Some(json!({"items": items(pro())})),
        ),
        &[(
            "subscription_upgraded",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_business_monthly", "planName": "Business", "previousPlanId": "price_pro_monthly",
            "mrr": 9900, "mrrDelta": 7000}),
        )],
    );
}

#[test]
fn subscription_updated_to_a_lower_price_is_a_downgrade() {
    let starter = price("price_starter_monthly", 900, "month", "Starter");
    maps_to(
        event(
            "evt_1Downgrade",
            "customer.subscription.updated",
            subscription("active", starter),
            Some(json!({"items": items(pro())})),
        ),
        &[(
            "subscription_downgraded",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_starter_monthly", "planName": "Starter", "previousPlanId": "price_pro_monthly",
            "mrr": 900, "mrrDelta": -2000}),
        )],
    );
}

#[test]
fn subscription_updated_without_a_price_change_maps_to_nothing_but_is_recorded() {
    let c = collector();
    let ev = event(
        "evt_1Status",
        "customer.subscription.updated",
        subscription("past_due", pro()),
        Some(json!({"status": "active"})),
    );
    let r = deliver(&c, &ev);
    assert_eq!(r.json(), json!({"received": true, "events": []}));
    assert_eq!(c.count(), 0);
    assert_eq!(
        c.sql_i64("SELECT count(*) FROM stripe_events WHERE id = 'evt_1Status'"),
        1
    );
}

#[test]
fn subscription_deleted_is_churn() {
    maps_to(
        event(
            "evt_1Deleted",
            "customer.subscription.deleted",
            subscription("canceled", pro()),
            None,
        ),
        &[(
            "subscription_churned",
            json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
            "planId": "price_pro_monthly", "mrr": 2900}),
        )],
    );
}

#[test]
fn subscription_paused_and_resumed() {
    let props = json!({"subscriptionId": "sub_1Nv0aBcDeFgHiJ", "accountId": "acct_abc123",
        "planId": "price_pro_monthly", "mrr": 2900});
    maps_to(
        event(
            "evt_1Paused",
            "customer.subscription.paused",
            subscription("paused", pro()),
            None,
        ),
        &[("subscription_paused", props.clone())],
    );
    maps_to(
        event(
            "evt_1Resumed",
            "customer.subscription.resumed",
            subscription("active", pro()),
            None,
        ),
        &[("subscription_resumed", props)],
    );
}

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
fn trial_will_end_is_trial_ending_soon() {
    let mut sub = subscription("trialing", pro());
    sub["trial_end"] = json!(CREATED + 3 * 86_400);
    maps_to(
        event(
            "evt_1Trial",
            "customer.subscription.trial_will_end",
            sub,
            None,
        ),
        &[(
            "trial_ending_soon",
            json!({"accountId": "acct_abc123", "trialDaysRemaining": 3,
            "planId": "price_pro_monthly", "trialEndDate": "2025-11-25T18:00:00.000Z"}),
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

#[test]
fn an_unmapped_type_is_acknowledged_and_ignored() {
    let c = collector();
    let ev = event(
        "evt_1Customer",
        "customer.created",
        json!({"id": "cus_1", "object": "customer"}),
        None,
    );
    let r = deliver(&c, &ev);
    assert_eq!(
        (r.status, r.json()),
        (200, json!({"received": true, "ignored": true}))
    );
    assert_eq!(c.count(), 0);
}

#[test]
fn a_replayed_event_id_is_acknowledged_and_not_stored_twice() {
    let c = collector();
    let ev = event("evt_1Replay", "invoice.paid", invoice(json!({})), None);
    assert_eq!(
        deliver(&c, &ev).json()["events"],
        json!(["invoice_paid", "payment_succeeded"])
    );
    // Stripe retries with a new signature and timestamp: still the same event.
    let again = deliver(&c, &ev);
    assert_eq!(
        (again.status, again.json()),
        (200, json!({"received": true, "duplicate": true}))
    );
    assert_eq!(c.count(), 2);
    assert_eq!(c.sql_i64("SELECT count(*) FROM stripe_events"), 1);
}

#[test]
fn a_bad_signature_is_refused_and_nothing_stored() {
    let c = collector();
    let ev = event("evt_1Sig", "invoice.paid", invoice(json!({})), None);
    let payload = ev.to_string();
    let now = unix_now();

    let wrong = deliver_signed(&c, &payload, "whsec_not_the_endpoint_secret", now);
    assert_eq!(
        (wrong.status, wrong.json()["error"].clone()),
        (400, json!("no signature matches the endpoint secret"))
    );

    let stale = deliver_signed(&c, &payload, SECRET, now - 301);
    assert_eq!(
        (stale.status, stale.json()["error"].clone()),
        (
            400,
            json!("Stripe-Signature timestamp is outside the tolerance")
        )
    );
    let future = deliver_signed(&c, &payload, SECRET, now + 301);
    assert_eq!(future.status, 400);

    // Signed, then changed on the way: 2900 -> 29000.
    let header = sign(payload.as_bytes(), SECRET, now);
    let tampered = payload.replacen("\"amount_paid\":2900", "\"amount_paid\":29000", 1);
    assert_ne!(tampered, payload);
    let r = c.post(
        "/webhooks/stripe",
        &[("Stripe-Signature", &header)],
        &tampered,
    );
    assert_eq!(
        (r.status, r.json()["error"].clone()),
        (400, json!("no signature matches the endpoint secret"))
    );

    let none = c.post("/webhooks/stripe", &[], &payload);
    assert_eq!(
        (none.status, none.json()["error"].clone()),
        (400, json!("missing Stripe-Signature header"))
    );
    let garbled = c.post(
        "/webhooks/stripe",
        &[("Stripe-Signature", "v1=abc")],
        &payload,
    );
    assert_eq!(
        (garbled.status, garbled.json()["error"].clone()),
        (400, json!("malformed Stripe-Signature header"))
    );

    assert_eq!(c.count(), 0);
    assert_eq!(c.sql_i64("SELECT count(*) FROM stripe_events"), 0);
    // Within the tolerance, it goes through.
    assert_eq!(deliver_signed(&c, &payload, SECRET, now - 299).status, 200);
    assert_eq!(c.count(), 2);
}

#[test]
fn a_rolled_secret_accepts_both_while_configured() {
    let c = Collector::start(|cfg| cfg.stripe_secrets = vec!["whsec_old".into(), SECRET.into()]);
    let ev = event("evt_1Roll", "invoice.paid", invoice(json!({})), None);
    assert_eq!(
        deliver_signed(&c, &ev.to_string(), "whsec_old", unix_now()).status,
        200
    );
}

#[test]
fn no_secret_configured_means_401() {
    let c = Collector::start(|_| {});
    let ev = event("evt_1NoSecret", "invoice.paid", invoice(json!({})), None);
    let r = deliver(&c, &ev);
    assert_eq!(r.status, 401);
    assert_eq!(c.count(), 0);
}

#[test]
fn mapped_events_are_checked_against_the_upstack_taxonomy() {
    let c = collector();
    // A subscription without metadata: accountId falls back to the customer.
    let mut sub = subscription("active", pro());
    sub["metadata"] = json!({});
    deliver(
        &c,
        &event("evt_1Tax", "customer.subscription.created", sub, None),
    );
    let q = c.get("/v1/events?source=stripe", &[]).json();
    let e = &q["events"][0];
    assert_eq!(e["taxonomy"], "upstack");
    assert_eq!(e["problems"], Value::Null);
    assert_eq!(e["userId"], "cus_OaBcDeFgHiJkLm");
    assert_eq!(
        e["message"]["properties"]["accountId"],
        "cus_OaBcDeFgHiJkLm"
    );
}
