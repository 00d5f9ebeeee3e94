//! POST /v1/events (the server-side API) and GET /v1/events (the query API)
//! over real HTTP with a real SQLite file.

mod common;

use common::{batch, message, Collector, TEXT};
use serde_json::json;

const SK: (&str, &str) = ("Authorization", "Bearer sk_test_1");
const JSON: (&str, &str) = ("Content-Type", "application/json");

fn with_secret() -> Collector {
    Collector::start(|cfg| cfg.secret_keys = vec!["sk_test_1".into()])
}

#[test]
fn no_secret_configured_means_401_always() {
    let c = Collector::start(|_| {});
    let r = c.post(
        "/v1/events",
        &[SK, JSON],
        r#"{"event":"trial_started","properties":{}}"#,
    );
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json()["error"],
        "no secret key is configured on this collector"
    );
    assert_eq!(c.count(), 0);
}

#[test]
fn a_missing_or_wrong_key_gets_401() {
    let c = with_secret();
    let body =
        r#"{"event":"trial_started","properties":{"accountId":"acct_1","planId":"plan_pro"}}"#;
    for (headers, error) in [
        (vec![JSON], "missing Authorization: Bearer <secret key>"),
        (
            vec![JSON, ("Authorization", "Bearer sk_test_2")],
            "wrong secret key",
        ),
        (
            vec![JSON, ("Authorization", "Bearer sk_test_")],
            "wrong secret key",
        ),
        (
            vec![JSON, ("Authorization", "Basic c2tfdGVzdF8xOg==")],
            "missing Authorization: Bearer <secret key>",
        ),
    ] {
        let r = c.post("/v1/events", &headers, body);
        assert_eq!((r.status, r.json()["error"].clone()), (401, json!(error)));
    }
    assert_eq!(c.count(), 0);
}

#[test]
fn the_helper_patterns_body_is_stored_as_a_track_message() {
    let c = with_secret();
    // Exactly what seed 001's trackServerEvent() sends.
    let body = json!({
        "event": "payment_succeeded",
        "properties": {"accountId": "acct_abc123", "invoiceId": "inv_ghi012",
                       "subscriptionId": "sub_def456", "amount": 9900, "currency": "USD"},
        "timestamp": "2026-11-22T18:00:00.000Z"
    });
    let r = c.post("/v1/events", &[SK, JSON], &body.to_string());
    assert_eq!(r.status, 200, "{}", r.body);
    let reply = r.json();
    assert_eq!(reply["ok"], true);
    assert_eq!(reply["duplicate"], false);
    assert_eq!(reply["problems"], json!([]));
    let id = reply["messageId"].as_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");

    let stored = &c.bodies()[0];
    assert_eq!(stored["type"], "track");
    assert_eq!(stored["messageId"], id);
    assert_eq!(stored["event"], "payment_succeeded");
    assert_eq!(stored["userId"], "acct_abc123");
    assert_eq!(stored["timestamp"], "2026-11-22T18:00:00.000Z");
    assert_eq!(stored["properties"], body["properties"]);
    assert_eq!(stored["context"]["taxonomy"], "upstack");
    assert_eq!(
        c.sql_i64("SELECT count(*) FROM events WHERE source = 'server' AND problems IS NULL"),
        1
    );
}

#[test]
fn problems_against_the_upstack_taxonomy_are_flagged_not_refused() {
    let c = with_secret();
    // trial_started requires accountId and planId; trialDaysRemaining is a number.
    let body = r#"{"event":"trial_started","properties":{"accountId":"acct_1","trialDaysRemaining":"14"}}"#;
    let r = c.post("/v1/events", &[SK, JSON], body);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.json()["problems"],
        json!([{"property": "planId", "problem": "missing"},
               {"property": "trialDaysRemaining", "problem": "expected number"}])
    );
    let q = c.get("/v1/events?problems=1", &[]).json();
    assert_eq!(q["events"][0]["event"], "trial_started");
    assert_eq!(q["events"][0]["invalid"], true);
    assert_eq!(
        q["events"][0]["message"]["context"]["validation"],
        r.json()["problems"]
    );
}

#[test]
fn a_caller_supplied_message_id_makes_retries_safe() {
    let c = with_secret();
    let body = r#"{"messageId":"srv-1","event":"seat_added","properties":{"accountId":"a","seatCount":3}}"#;
    assert_eq!(
        c.post("/v1/events", &[SK, JSON], body).json()["duplicate"],
        false
    );
    assert_eq!(
        c.post("/v1/events", &[SK, JSON], body).json()["duplicate"],
        true
    );
    assert_eq!(c.count(), 1);
}

#[test]
fn a_bad_server_event_gets_400() {
    let c = with_secret();
    for (body, error) in [
        ("{", "malformed JSON"),
        ("{}", "event is missing"),
        (r#"{"event":""}"#, "event is empty"),
        (r#"{"event":3}"#, "event is not a string"),
        (
            r#"{"event":"x","properties":[1]}"#,
            "properties is not an object",
        ),
        (
            r#"{"event":"x","timestamp":"now"}"#,
            "timestamp is not an ISO 8601 date-time",
        ),
        (r#"{"event":"x","userId":7}"#, "userId is not a string"),
    ] {
        let r = c.post("/v1/events", &[SK, JSON], body);
        assert_eq!(r.status, 400, "{body}");
        assert!(
            r.json()["error"].as_str().unwrap().starts_with(error),
            "{body}: {}",
            r.body
        );
    }
    assert_eq!(c.count(), 0);
}

#[test]
fn the_query_api_filters_and_pages() {
    let c = with_secret();
    let mut msgs = Vec::new();
    for i in 0..25 {
        let mut m = message(
            &format!("q{i:02}"),
            if i % 5 == 0 { "Billed" } else { "Signed Up" },
        );
        m["timestamp"] = json!(format!("2026-11-22T18:00:{i:02}.000Z"));
        if i >= 20 {
            m["userId"] = json!("ann@acme.com");
        }
        msgs.push(m);
    }
    assert_eq!(c.post("/v1/batch", &[TEXT], &batch(&msgs)).status, 200);
    let server = r#"{"event":"seat_added","properties":{"accountId":"acct_9","seatCount":10}}"#;
    assert_eq!(c.post("/v1/events", &[SK, JSON], server).status, 200);

    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["messageId"].as_str().unwrap().to_owned())
            .collect()
    };
    // Newest first, paged backwards with `before`.
    let page1 = c.get("/v1/events?limit=10", &[]).json();
    assert_eq!(page1["events"].as_array().unwrap().len(), 10);
    assert_eq!(page1["events"][0]["source"], "server");
    let next = page1["next"].as_i64().unwrap();
    let page2 = c
        .get(&format!("/v1/events?limit=10&before={next}"), &[])
        .json();
    assert_eq!(ids(&page2)[0], "q15");
    // Oldest first after a cursor: what the live page polls with.
    let live = c.get("/v1/events?after=0&limit=3", &[]).json();
    assert_eq!(ids(&live), ["q00", "q01", "q02"]);
    let cursor = live["next"].as_i64().unwrap();
    assert_eq!(
        ids(&c
            .get(&format!("/v1/events?after={cursor}&limit=2"), &[])
            .json()),
        ["q03", "q04"]
    );
    let end = c.get("/v1/events?after=1000", &[]).json();
    assert_eq!(
        (end["events"].as_array().unwrap().len(), end["next"].clone()),
        (0, json!(1000))
    );

    assert_eq!(
        ids(&c.get("/v1/events?event=Billed&after=0", &[]).json()),
        ["q00", "q05", "q10", "q15", "q20"]
    );
    assert_eq!(
        ids(&c.get("/v1/events?user=ann%40acme.com&after=0", &[]).json()),
        ["q20", "q21", "q22", "q23", "q24"]
    );
    assert_eq!(
        c.get("/v1/events?user=0b6a5d52-4f5e-4c1a-9d2e-8f3b7a6c5d4e", &[])
            .json()["events"]
            .as_array()
            .unwrap()
            .len(),
        25
    );
    assert_eq!(ids(&c.get("/v1/events?user=acct_9", &[]).json()).len(), 1);
    let window = "/v1/events?after=0&since=2026-11-22T18:00:03Z&until=2026-11-22T19:00:06%2B01:00";
    assert_eq!(ids(&c.get(window, &[]).json()), ["q03", "q04", "q05"]);
    assert_eq!(ids(&c.get("/v1/events?source=server", &[]).json()).len(), 1);
    assert_eq!(ids(&c.get("/v1/events?type=identify", &[]).json()).len(), 0);
    let bad = c.get("/v1/events?since=yesterday", &[]);
    assert_eq!(
        (bad.status, bad.json()["error"].clone()),
        (400, json!("since is not an ISO 8601 date-time"))
    );
}

#[test]
fn a_read_key_guards_the_query_api() {
    let c = Collector::start(|cfg| cfg.read_key = Some("rk_1".into()));
    assert_eq!(c.get("/v1/events", &[]).status, 401);
    assert_eq!(c.get("/v1/events?key=nope", &[]).status, 401);
    assert_eq!(c.get("/v1/events?key=rk_1", &[]).status, 200);
    assert_eq!(
        c.get("/v1/events", &[("Authorization", "Bearer rk_1")])
            .status,
        200
    );
}

#[test]
fn pages_and_snippet_are_served() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("www")).unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("www/index.html"), "<h1>hi</h1>").unwrap();
    std::fs::write(dir.path().join("dist/trackq.js"), "/*js*/").unwrap();
    std::fs::write(dir.path().join("dist/trackq_bg.wasm"), b"\0asm").unwrap();
    let (www, dist) = (dir.path().join("www"), dir.path().join("dist"));
    let c = Collector::start(move |cfg| {
        cfg.www = www;
        cfg.dist = dist;
    });
    assert_eq!(c.get("/", &[]).body, "<h1>hi</h1>");
    let js = c.get("/trackq/trackq.js", &[]);
    assert_eq!((js.status, js.body.as_str()), (200, "/*js*/"));
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert_eq!(
        c.get("/trackq/trackq_bg.wasm", &[]).header("content-type"),
        Some("application/wasm")
    );
    assert_eq!(c.get("/nope.html", &[]).status, 404);
    assert_eq!(c.get("/healthz", &[]).body, "ok");
}
