//! POST /v1/batch over real HTTP on 127.0.0.1 with a real SQLite file.

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
        json!({"ok": true, "stored": 3, "duplicates": 0, "rejected": []})
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
fn a_body_over_the_limit_gets_413() {
    let c = Collector::start(|cfg| cfg.max_body = 64 * 1024);
    let big: Vec<_> = (0..400)
        .map(|i| message(&format!("big{i}"), "Signed Up"))
        .collect();
    let body = batch(&big);
    assert!(body.len() > 64 * 1024);
    let r = c.post("/v1/batch", &[TEXT, ("Origin", "http://shop.test")], &body);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.json()["error"], "body is larger than 65536 bytes");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://shop.test")
    );
    // Far over the limit, the client still reads the 413 (the rest of the body is
    // drained, not left for a broken pipe), so the snippet can split the batch.
    let mut huge = message("huge", "Signed Up");
    huge["properties"]["filler"] = json!("x".repeat(2 * 1024 * 1024));
    for _ in 0..3 {
        assert_eq!(
            c.post("/v1/batch", &[TEXT], &batch(&[huge.clone()])).status,
            413
        );
    }
    assert_eq!(c.count(), 0);
}

#[test]
fn the_default_limit_is_512_kib() {
    let c = Collector::start(|_| {});
    let filler = "x".repeat(600 * 1024);
    let mut m = message("huge", "Signed Up");
    m["properties"]["filler"] = json!(filler);
    let r = c.post("/v1/batch", &[TEXT], &batch(&[m]));
    assert_eq!(r.status, 413);
    let mut m = message("fits", "Signed Up");
    m["properties"]["filler"] = json!("x".repeat(500 * 1024));
    assert_eq!(c.post("/v1/batch", &[TEXT], &batch(&[m])).status, 200);
}

#[test]
fn a_broken_batch_gets_400_saying_why() {
    let c = Collector::start(|_| {});
    let cases = [
        ("{\"batch\": [", "malformed JSON"),
        ("", "body is empty"),
        ("[1,2]", "body is not a JSON object"),
        ("{\"writeKey\":\"k\"}", "body has no \"batch\" array"),
        ("{\"batch\":{}}", "body has no \"batch\" array"),
        ("{\"batch\":[]}", "\"batch\" is empty"),
    ];
    for (body, error) in cases {
        let r = c.post("/v1/batch", &[TEXT], body);
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        let j = r.json();
        assert_eq!(j["ok"], false);
        assert!(
            j["error"].as_str().unwrap().starts_with(error),
            "{body}: {j}"
        );
    }
    assert_eq!(c.count(), 0);
}

#[test]
fn a_batch_of_only_bad_messages_gets_400_listing_each() {
    let c = Collector::start(|_| {});
    let mut no_id = message("x", "Signed Up");
    no_id.as_object_mut().unwrap().remove("messageId");
    let mut no_type = message("t1", "Signed Up");
    no_type.as_object_mut().unwrap().remove("type");
    let r = c.post(
        "/v1/batch",
        &[TEXT],
        &batch(&[no_id, no_type, json!("hello")]),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        r.json(),
        json!({"ok": false, "error": "no message in the batch is valid", "rejected": [
            {"index": 0, "messageId": null, "error": "messageId is missing"},
            {"index": 1, "messageId": "t1", "error": "type is missing"},
            {"index": 2, "messageId": null, "error": "message is not an object"},
        ]})
    );
    assert_eq!(c.count(), 0);
}

#[test]
fn good_messages_are_stored_and_bad_ones_listed() {
    let c = Collector::start(|_| {});
    let mut bad = message("bad1", "Signed Up");
    bad["timestamp"] = json!("last tuesday");
    let r = c.post(
        "/v1/batch",
        &[TEXT],
        &batch(&[message("ok1", "Signed Up"), bad, message("ok2", "Billed")]),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.json(),
        json!({"ok": true, "stored": 2, "duplicates": 0, "rejected": [
            {"index": 1, "messageId": "bad1", "error": "timestamp is not an ISO 8601 date-time"}
        ]})
    );
    assert_eq!(c.count(), 2);
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
fn cors_preflight_and_response_headers() {
    let c = Collector::start(|_| {});
    let pre = common::request(
        "OPTIONS",
        &format!("{}/v1/batch", c.url),
        &[
            ("Origin", "http://shop.test:3000"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        None,
    );
    assert_eq!(pre.status, 200);
    assert_eq!(
        pre.header("access-control-allow-origin"),
        Some("http://shop.test:3000")
    );
    assert!(pre
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    assert!(pre
        .header("access-control-allow-headers")
        .unwrap()
        .contains("content-type"));
    assert!(pre.header("access-control-max-age").is_some());
    assert!(pre
        .header("vary")
        .unwrap()
        .to_ascii_lowercase()
        .contains("origin"));

    let r = c.post(
        "/v1/batch",
        &[TEXT, ("Origin", "http://shop.test:3000")],
        &batch(&[message("c1", "Signed Up")]),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://shop.test:3000")
    );
    assert!(r
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase()
        .contains("retry-after"));
}

#[test]
fn an_allow_list_refuses_other_origins() {
    let c = Collector::start(|cfg| cfg.allow_origins = vec!["https://app.acme.test".into()]);
    let body = batch(&[message("o1", "Signed Up")]);
    let ok = c.post(
        "/v1/batch",
        &[TEXT, ("Origin", "https://app.acme.test")],
        &body,
    );
    assert_eq!(ok.status, 200);
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some("https://app.acme.test")
    );

    let body = batch(&[message("o2", "Signed Up")]);
    let other = c.post("/v1/batch", &[TEXT, ("Origin", "https://evil.test")], &body);
    assert_eq!(other.status, 403);
    assert_eq!(
        other.json()["error"],
        "origin https://evil.test is not allowed"
    );
    assert_eq!(other.header("access-control-allow-origin"), None);
    let pre = common::request(
        "OPTIONS",
        &format!("{}/v1/batch", c.url),
        &[
            ("Origin", "https://evil.test"),
            ("Access-Control-Request-Method", "POST"),
        ],
        None,
    );
    assert_eq!(pre.header("access-control-allow-origin"), None);
    // No Origin header: not a cross-origin browser request (a server, curl).
    assert_eq!(
        c.post("/v1/batch", &[TEXT], &batch(&[message("o3", "Signed Up")]))
            .status,
        200
    );
    assert_eq!(c.count(), 2);
}

#[test]
fn write_keys_are_checked_when_configured() {
    let c = Collector::start(|cfg| cfg.write_keys = vec!["wk_live".into(), "wk_other".into()]);
    let with_key = |id: &str, key: Option<&str>| {
        let mut b: serde_json::Value =
            serde_json::from_str(&batch(&[message(id, "Signed Up")])).unwrap();
        match key {
            Some(k) => b["writeKey"] = json!(k),
            None => {
                b.as_object_mut().unwrap().remove("writeKey");
            }
        }
        b.to_string()
    };
    let missing = c.post("/v1/batch", &[TEXT], &with_key("k1", None));
    assert_eq!(
        (missing.status, missing.json()["error"].clone()),
        (401, json!("write key missing"))
    );
    let wrong = c.post("/v1/batch", &[TEXT], &with_key("k2", Some("WRITE_KEY")));
    assert_eq!(
        (wrong.status, wrong.json()["error"].clone()),
        (401, json!("unknown write key"))
    );
    assert_eq!(c.count(), 0);

    assert_eq!(
        c.post("/v1/batch", &[TEXT], &with_key("k3", Some("wk_other")))
            .status,
        200
    );
    assert_eq!(
        c.post("/v1/batch?writeKey=wk_live", &[TEXT], &with_key("k4", None))
            .status,
        200
    );
    // Segment's libraries: Basic auth with the key as user name ("wk_live:").
    let basic = ("Authorization", "Basic d2tfbGl2ZTo=");
    assert_eq!(
        c.post("/v1/batch", &[TEXT, basic], &with_key("k5", None))
            .status,
        200
    );
    assert_eq!(c.count(), 3);
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

#[test]
fn rudderstacks_beacon_path_and_query_key_work_too() {
    // A site moving between this collector and a RudderStack data plane changes only the
    // host of data-endpoint: https://<host>/beacon/v1/batch?writeKey=<key>.
    let c = Collector::start(|cfg| cfg.write_keys = vec!["wk_rs".into()]);
    let mut body: serde_json::Value =
        serde_json::from_str(&batch(&[message("rs1", "Signed Up")])).unwrap();
    body["writeKey"] = json!(""); // a snippet without data-key sends an empty one
    let r = c.post(
        "/beacon/v1/batch?writeKey=wk_rs",
        &[TEXT],
        &body.to_string(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["stored"], 1);
    let wrong = c.post("/beacon/v1/batch?writeKey=nope", &[TEXT], &body.to_string());
    assert_eq!(wrong.status, 401);
}
