//! One suite, run against both stores: the embedded SQLite file and a real
//! PostgreSQL (Debian's server, started by the test as an unprivileged
//! user). Everything is checked through the HTTP API, so the two must
//! behave alike: dedup by `messageId` (across requests and within one),
//! a Stripe event id taken once and what it teaches kept for later ones,
//! the query API's filters and paging, its byte cap, numbers kept exactly.

mod common;

use common::pg::Pg;
use common::stripe::{deliver, event, SECRET};
use common::{batch, message, Collector, TEXT};
use serde_json::json;
use trackq_collector::store::{EventFilter, NewEvent, Source, Store};
use trackq_collector::Config;

/// A named check of a running collector.
type Scenario = (&'static str, fn(&Collector));

fn scenarios() -> [Scenario; 4] {
    [
        ("dedup", dedup),
        ("stripe", stripe),
        ("query", query),
        ("numbers", numbers),
    ]
}

fn configure(cfg: &mut Config) {
    cfg.stripe_secrets = vec![SECRET.into()];
    cfg.max_reply = 64 * 1024;
    cfg.max_message = 500 * 1024;
}

#[test]
fn the_same_suite_on_sqlite_and_postgres() {
    for (name, scenario) in scenarios() {
        let c = Collector::start(configure);
        eprintln!("sqlite: {name}");
        scenario(&c);
    }
    let pg = Pg::start();
    for (name, scenario) in scenarios() {
        let url = pg.database(name);
        let c = Collector::start(|cfg| {
            configure(cfg);
            cfg.db = url.into();
        });
        eprintln!("postgres: {name}");
        scenario(&c);
    }
}

fn dedup(c: &Collector) {
    let body = batch(&[
        message("m1", "Signed Up"),
        message("m2", "Upgraded"),
        message("m3", "Billed"),
    ]);
    let first = c.post("/v1/batch", &[TEXT], &body).json();
    assert_eq!(
        (first["stored"].clone(), first["duplicates"].clone()),
        (json!(3), json!(0))
    );
    let again = c.post("/v1/batch", &[TEXT], &body).json();
    assert_eq!(
        (again["stored"].clone(), again["duplicates"].clone()),
        (json!(0), json!(3))
    );
    let overlap = batch(&[
        message("m3", "Billed"),
        message("m4", "Canceled"),
        message("m4", "Canceled"),
    ]);
    let third = c.post("/v1/batch", &[TEXT], &overlap).json();
    assert_eq!(
        (third["stored"].clone(), third["duplicates"].clone()),
        (json!(1), json!(2))
    );
    let ids: Vec<_> = c
        .events("")
        .iter()
        .map(|e| e["messageId"].clone())
        .collect();
    assert_eq!(ids, [json!("m1"), json!("m2"), json!("m3"), json!("m4")]);
}

fn stripe(c: &Collector) {
    let paid = json!({"id": "inpay_1", "object": "invoice_payment", "invoice": "in_1",
        "payment": {"type": "payment_intent", "payment_intent": "pi_1"}});
    let ev = event("evt_1", "invoice_payment.paid", paid, None);
    assert_eq!(
        deliver(c, &ev).json(),
        json!({"received": true, "events": []})
    );
    assert_eq!(
        deliver(c, &ev).json(),
        json!({"received": true, "duplicate": true})
    );
    let charge = json!({"id": "ch_1", "object": "charge", "amount_refunded": 500, "currency": "usd",
        "customer": "cus_1", "payment_intent": "pi_1", "refunded": true});
    let refund = event("evt_2", "charge.refunded", charge, None);
    assert_eq!(deliver(c, &refund).status, 200);
    assert_eq!(deliver(c, &refund).json()["duplicate"], true);
    let events = c.events("&source=stripe");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["message"]["properties"]["invoiceId"], "in_1");
}

fn query(c: &Collector) {
    let mut bad = message("q3", "Billed");
    bad["properties"] = json!({});
    let mut page = message("q4", "x");
    page["type"] = json!("page");
    page["name"] = json!("Pricing");
    page.as_object_mut().unwrap().remove("event");
    let mut other = message("q2", "Signed Up");
    other["anonymousId"] = json!("someone-else");
    let body = batch(&[message("q1", "Signed Up"), other, bad, page]);
    assert_eq!(c.post("/v1/batch", &[TEXT], &body).status, 200);
    let ids = |filter: &str| -> Vec<String> {
        c.events(filter)
            .iter()
            .map(|e| e["messageId"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("&event=Signed%20Up"), ["q1", "q2"]);
    assert_eq!(ids("&user=someone-else"), ["q2"]);
    assert_eq!(ids("&type=page"), ["q4"]);
    assert_eq!(ids("&problems=1"), ["q3"]);
    assert_eq!(ids("&source=server"), Vec::<String>::new());
    assert_eq!(
        ids("&since=2026-11-22T17:59:58Z&until=2026-11-22T17:59:59Z").len(),
        4
    );
    // Newest first, paged with `before`.
    let newest = c.get("/v1/events?limit=3", &[]).json();
    let first: Vec<_> = newest["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["messageId"].clone())
        .collect();
    assert_eq!(first, [json!("q4"), json!("q3"), json!("q2")]);
    let rest = c
        .get(
            &format!("/v1/events?limit=3&before={}", newest["next"]),
            &[],
        )
        .json();
    assert_eq!(rest["events"][0]["messageId"], "q1");
    // The byte cap (64 KB here) ends a page early; paging still sees all.
    for i in 0..3 {
        let mut m = message(&format!("fat{i}"), "Signed Up");
        m["properties"]["filler"] = json!("x".repeat(40 * 1024));
        assert_eq!(c.post("/v1/batch", &[TEXT], &batch(&[m])).status, 200);
    }
    let capped = c.get("/v1/events?limit=1000", &[]).json();
    assert_eq!(capped["more"], true);
    assert!(capped["events"].as_array().unwrap().len() < 7);
    assert_eq!(c.events("").len(), 7);
}

fn numbers(c: &Collector) {
    let body = r#"{"batch":[{"type":"track","event":"Big","anonymousId":"a","messageId":"n1",
        "properties":{"big":123456789012345678901234567890,"exact":0.1000000000000000055511151231257827}}]}"#;
    assert_eq!(c.post("/v1/batch", &[TEXT], body).status, 200);
    let r = c.get("/v1/events", &[]);
    assert!(
        r.body.contains("123456789012345678901234567890"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("0.1000000000000000055511151231257827"),
        "{}",
        r.body
    );
}

/// Rows ready to store, with these message ids.
fn rows(ids: &[&str]) -> Vec<NewEvent> {
    ids.iter()
        .map(|id| NewEvent {
            message_id: (*id).to_owned(),
            kind: "track".into(),
            event: Some("Signed Up".into()),
            user_id: None,
            anonymous_id: Some("a".into()),
            timestamp: "2026-01-01T00:00:00.000Z".into(),
            source: Source::Batch,
            taxonomy: None,
            problems: None,
            body: "{}".into(),
        })
        .collect()
}

async fn retention(store: &Store) {
    let old = store
        .insert(rows(&["aug1", "aug2"]), "2026-08-15T10:00:00.000Z".into())
        .await
        .unwrap();
    assert_eq!(old, [true, true]);
    let oct = store
        .insert(rows(&["oct1"]), "2026-10-01T00:00:00.000Z".into())
        .await
        .unwrap();
    assert_eq!(oct, [true]);
    // Keep three months counting December: October on.
    let removed = store
        .retain(3, "2026-12-07T09:00:00.000Z".into())
        .await
        .unwrap();
    assert_eq!(removed, 2);
    let left = store.events(EventFilter::default(), 1 << 20).await.unwrap();
    let ids: Vec<_> = left
        .rows
        .iter()
        .map(|r| r.message.message_id.as_str())
        .collect();
    assert_eq!(ids, ["oct1"]);
    // Nothing more to remove; a later month's insert still works.
    assert_eq!(
        store
            .retain(3, "2026-12-07T09:00:00.000Z".into())
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .insert(rows(&["dec1", "oct1"]), "2026-12-07T09:00:00.000Z".into())
            .await
            .unwrap(),
        [true, false]
    );
}

#[test]
fn retention_deletes_what_is_older_than_the_months_kept_on_both_stores() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Config::with_db(dir.path().join("r.db"));
    rt.block_on(async { retention(&Store::open(&sqlite).await.unwrap()).await });
    let pg = Pg::start();
    let postgres = Config::with_db(pg.database("retention"));
    rt.block_on(async { retention(&Store::open(&postgres).await.unwrap()).await });
    assert_eq!(
        pg.sql(
            "retention",
            "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i
             JOIN pg_class c ON c.oid = i.inhrelid"
        )
        .split(',')
        .filter(|n| n.starts_with("events_2026_08"))
        .count(),
        0,
        "the August partition is dropped"
    );
}
