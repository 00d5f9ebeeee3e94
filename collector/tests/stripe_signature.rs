//! POST /webhooks/stripe over real HTTP: the Stripe-Signature check (wrong
//! secret, stale or future timestamp, tampered payload, missing or garbled
//! header), rolled secrets, and no secret configured.

mod common;

use common::stripe::{collector, deliver, deliver_signed, event, invoice, SECRET};
use common::Collector;
use serde_json::json;
use trackq_collector::clock::unix_now;
use trackq_collector::stripe_sig::sign;

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
