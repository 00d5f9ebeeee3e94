//! POST /webhooks/stripe over real HTTP: what is recorded besides the mapped
//! rows: a replayed event once, an unmapped type not at all, and mapped
//! events checked against the Upstack taxonomy.

mod common;

use common::stripe::{collector, deliver, event, invoice, pro, subscription};
use serde_json::{json, Value};

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
