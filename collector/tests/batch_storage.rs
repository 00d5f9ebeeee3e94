//! POST /v1/batch over real HTTP on 127.0.0.1 with a real SQLite file: what
//! is stored (once, as sent, with its problems), across a restart, and
//! nothing of a batch whose write fails.

mod common;

use common::{batch, message, Collector, TEXT};
use serde_json::json;

#[test]
fn a_resent_batch_is_stored_once() {
    let c = Collector::start(|_| {});
    let body = batch(&[
        message("m1", "Signed Up"),
        message("m2", "Upgraded"),
        message("m3", "Billed"),
    ]);
    let first = c.post("/v1/batch", &[TEXT], &body);
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(
        first.json(),
        json!({"ok": true, "success": true, "stored": 3, "duplicates": 0, "rejected": [], "rejectedCount": 0})
    );
    let again = c.post("/v1/batch", &[TEXT], &body);
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["duplicates"], 3);
    assert_eq!(again.json()["stored"], 0);
    // A batch that overlaps the first one, with a message repeated inside it.
    let overlap = batch(&[
        message("m3", "Billed"),
        message("m4", "Canceled"),
        message("m4", "Canceled"),
    ]);
    let third = c.post("/v1/batch", &[TEXT], &overlap);
    assert_eq!(
        (
            third.json()["stored"].clone(),
            third.json()["duplicates"].clone()
        ),
        (json!(1), json!(2))
    );
    assert_eq!(c.count(), 4);
    let ids: Vec<_> = c.bodies().iter().map(|b| b["messageId"].clone()).collect();
    assert_eq!(ids, ["m1", "m2", "m3", "m4"]);
}

#[test]
fn the_message_is_stored_as_sent_and_json_content_type_works() {
    let c = Collector::start(|_| {});
    let m = message("j1", "Signed Up");
    let r = c.post(
        "/v1/batch",
        &[("Content-Type", "application/json")],
        &batch(std::slice::from_ref(&m)),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(c.bodies(), [m]);
    assert_eq!(
        c.sql_i64(
            "SELECT count(*) FROM events WHERE source = 'batch' AND taxonomy = 'kissmetrics'"
        ),
        1
    );
}

#[test]
fn problems_are_stored_and_the_message_kept() {
    let c = Collector::start(|_| {});
    // "Billed" requires "Billing Amount" (seed 000).
    let mut m = message("p1", "Billed");
    m["properties"] = json!({"Billing Description": "Monthly Bill"});
    let r = c.post("/v1/batch", &[TEXT], &batch(&[m]));
    assert_eq!(r.status, 200);
    let q = c.get("/v1/events?problems=1", &[]).json();
    let e = &q["events"][0];
    assert_eq!(e["messageId"], "p1");
    assert_eq!(e["invalid"], true);
    assert_eq!(
        e["problems"],
        json!([{"property": "Billing Amount", "problem": "missing"}])
    );
}

#[test]
fn the_database_survives_a_restart() {
    let c = Collector::start(|_| {});
    c.post("/v1/batch", &[TEXT], &batch(&[message("r1", "Signed Up")]));
    let db = c.db();
    let Collector { running, dir, .. } = c;
    running.stop().unwrap();
    let mut config = trackq_collector::Config::with_db(&db);
    config.listen = "127.0.0.1:0".parse().unwrap();
    let again = trackq_collector::spawn(config, 1).unwrap();
    let r = common::request(
        "POST",
        &format!("{}/v1/batch", again.url()),
        &[TEXT],
        Some(&batch(&[
            message("r1", "Signed Up"),
            message("r2", "Billed"),
        ])),
    );
    assert_eq!(r.json()["stored"], 1);
    assert_eq!(r.json()["duplicates"], 1);
    drop(again);
    drop(dir);
}

#[test]
fn a_failed_write_stores_nothing_of_the_batch_and_asks_for_a_retry() {
    let c = Collector::start(|_| {});
    // Make SQLite fail on the second message of the batch, after the first was inserted.
    let conn = rusqlite::Connection::open(c.db()).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.event = 'Boom'
         BEGIN SELECT RAISE(ABORT, 'boom'); END;",
    )
    .unwrap();
    let body = batch(&[
        message("t1", "Signed Up"),
        message("t2", "Boom"),
        message("t3", "Billed"),
    ]);
    let r = c.post("/v1/batch", &[TEXT, ("Origin", "http://shop.test")], &body);
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.header("retry-after"), Some("5"));
    assert_eq!(r.json()["error"], "database error, retry later");
    assert_eq!(c.count(), 0, "nothing half-written");
    // Once the problem is gone, the same batch goes in whole.
    conn.execute_batch("DROP TRIGGER boom").unwrap();
    assert_eq!(c.post("/v1/batch", &[TEXT], &body).json()["stored"], 3);
}
