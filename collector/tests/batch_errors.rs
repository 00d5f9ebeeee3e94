//! POST /v1/batch over real HTTP: bodies over the size limit (413), broken
//! batches (400 saying why), and bad messages listed beside the good ones.

mod common;

use common::{batch, message, Collector, TEXT};
use serde_json::json;

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
fn segments_limits_500_kb_a_request_32_kb_a_message() {
    let c = Collector::start(|_| {});
    let mut m = message("huge", "Signed Up");
    m["properties"]["filler"] = json!("x".repeat(500 * 1024));
    let r = c.post("/v1/batch", &[TEXT], &batch(&[m]));
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["code"], "payload_too_large");
    // Just under 32 KB a message fits, just over is refused; 14 of them fit
    // in one request.
    let sized = |id: &str, total: usize| {
        let mut m = message(id, "Signed Up");
        m["properties"]["filler"] = json!("");
        let base = m.to_string().len();
        m["properties"]["filler"] = json!("x".repeat(total - base));
        assert_eq!(m.to_string().len(), total);
        m
    };
    let mut ms: Vec<_> = (0..14)
        .map(|i| sized(&format!("fits{i}"), 32 * 1024))
        .collect();
    ms.push(sized("over", 32 * 1024 + 1));
    let r = c.post("/v1/batch", &[TEXT], &batch(&ms));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["stored"], 14);
    assert_eq!(
        r.json()["rejected"],
        json!([{"index": 14, "messageId": "over", "error": "message is larger than 32768 bytes"}])
    );
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
    no_id.as_object_mut().unwrap().remove("anonymousId");
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
        json!({"ok": false, "error": "no message in the batch is valid",
            "code": "invalid_message", "message": "no message in the batch is valid",
            "rejected": [
            {"index": 0, "messageId": "x", "error": "neither userId nor anonymousId is set"},
            {"index": 1, "messageId": "t1", "error": "type is missing"},
            {"index": 2, "messageId": null, "error": "message is not an object"},
        ], "rejectedCount": 3})
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
        json!({"ok": true, "success": true, "stored": 2, "duplicates": 0, "rejected": [
            {"index": 1, "messageId": "bad1", "error": "timestamp is not an ISO 8601 date-time"}
        ], "rejectedCount": 1})
    );
    assert_eq!(c.count(), 2);
}

#[test]
fn a_flood_of_bad_messages_gets_a_bounded_reply() {
    // 2,500 bad messages (the most a batch may hold): the reply lists the
    // first 100 and counts the rest, instead of growing with the batch.
    let c = Collector::start(|_| {});
    let ones = vec!["1"; 2500].join(",");
    let mut body = format!("{{\"batch\":[{ones},");
    body.push_str(&message("ok", "Signed Up").to_string());
    body.push_str("]}");
    let r = c.post("/v1/batch", &[TEXT], &body);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.json()["code"], "too_many_messages");
    let ones = vec!["1"; 2400].join(",");
    let body = format!("{{\"batch\":[{ones},{}]}}", message("ok", "Signed Up"));
    let r = c.post("/v1/batch", &[TEXT], &body);
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    assert_eq!(j["rejected"].as_array().unwrap().len(), 100);
    assert_eq!(j["rejectedCount"], 2400);
    assert_eq!(j["stored"], 1);
    assert!(r.body.len() < 10_000, "{} bytes", r.body.len());
}

#[test]
fn error_replies_carry_code_and_message_beside_error() {
    let c = Collector::start(|_| {});
    let r = c.post("/v1/batch", &[TEXT], "{\"batch\": [");
    assert_eq!(r.status, 400);
    let j = r.json();
    assert_eq!(j["code"], "invalid_json");
    assert_eq!(j["message"], j["error"]);
    assert!(j["message"].as_str().unwrap().starts_with("malformed JSON"));
}
