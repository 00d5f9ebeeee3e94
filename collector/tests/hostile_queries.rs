//! Reads a hostile client can ask for: `GET /v1/events` capped in bytes
//! (paging on instead of building a huge reply), and malformed query strings
//! answered with JSON errors, only after the key is checked.

mod common;

use common::{batch, message, Collector, TEXT};
use serde_json::json;

#[test]
fn the_events_reply_is_capped_in_bytes_and_pages_on() {
    let c = Collector::start(|cfg| {
        cfg.max_reply = 1024 * 1024;
        cfg.max_message = 500 * 1024;
    });
    for i in 0..8 {
        let mut m = message(&format!("fat{i}"), "Signed Up");
        m["properties"]["filler"] = json!("x".repeat(300 * 1024));
        assert_eq!(c.post("/v1/batch", &[TEXT], &batch(&[m])).status, 200);
    }
    let mut seen = Vec::new();
    let mut cursor = 0;
    for _ in 0..10 {
        let r = c.get(&format!("/v1/events?after={cursor}&limit=1000"), &[]);
        assert!(
            r.body.len() < 1024 * 1024 + 300 * 1024,
            "{} bytes",
            r.body.len()
        );
        let j = r.json();
        let events = j["events"].as_array().unwrap();
        if events.is_empty() {
            break;
        }
        seen.extend(
            events
                .iter()
                .map(|e| e["messageId"].as_str().unwrap().to_owned()),
        );
        cursor = j["next"].as_i64().unwrap();
    }
    assert_eq!(seen, (0..8).map(|i| format!("fat{i}")).collect::<Vec<_>>());
    // Newest first pages the same way, with `before`.
    let r = c.get("/v1/events?limit=1000", &[]).json();
    assert_eq!(r["more"], true);
    assert!(r["events"].as_array().unwrap().len() < 8);
}

#[test]
fn malformed_query_strings_get_json_errors_and_only_after_the_key() {
    let c = Collector::start(|cfg| cfg.read_key = Some("rk_1".into()));
    let r = c.get("/v1/events?limit=lots", &[]);
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(!r.body.contains("limit"), "{}", r.body);
    let r = c.get("/v1/events?limit=lots&key=rk_1", &[]);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["code"], "invalid_query");
    let r = c.get("/v1/events?after=x", &[("Authorization", "Bearer rk_1")]);
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = c.post(
        "/v1/batch?writeKey=a&writeKey=b",
        &[TEXT],
        &batch(&[message("q", "E")]),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["code"], "invalid_query");
}
