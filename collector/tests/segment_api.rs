//! Segment's HTTP API over real HTTP: every call on its long and short
//! path, the write key three ways, gzip by header and by magic bytes (and a
//! zip bomb refused), batch-level `context` merged, a missing `messageId`
//! generated, and numbers kept exactly as sent.

mod common;

use common::{gzip, message, Collector, TEXT};
use serde_json::{json, Value};

const BASIC_WK: &str = "Basic d2tfbGl2ZTo="; // "wk_live:"

fn keyed() -> Collector {
    Collector::start(|cfg| cfg.write_keys = vec!["wk_live".into()])
}

#[test]
fn every_call_on_its_long_and_short_path_is_stored_with_its_fields() {
    let c = keyed();
    let calls = [
        (
            "track",
            json!({"event": "Signed Up", "properties": {"plan": "pro"}}),
        ),
        ("identify", json!({"traits": {"email": "ann@acme.com"}})),
        (
            "page",
            json!({"name": "Pricing", "category": "Docs", "properties": {"path": "/pricing"}}),
        ),
        (
            "screen",
            json!({"name": "Home", "properties": {"variant": "b"}}),
        ),
        (
            "group",
            json!({"groupId": "acme", "traits": {"name": "Acme Inc"}}),
        ),
        ("alias", json!({"previousId": "anon-1"})),
    ];
    for (kind, fields) in &calls {
        for path in [format!("/v1/{kind}"), format!("/v1/{}", &kind[..1])] {
            let mut body = fields.clone();
            body["userId"] = json!("u1");
            body["writeKey"] = json!("wk_live");
            body["messageId"] = json!(format!("{kind}-{path}"));
            let r = c.post(
                &path,
                &[("Content-Type", "application/json")],
                &body.to_string(),
            );
            assert_eq!(r.status, 200, "{path}: {}", r.body);
            assert_eq!(r.json()["success"], true);
        }
    }
    let bodies = c.bodies();
    assert_eq!(bodies.len(), 12);
    for (i, (kind, fields)) in calls.iter().enumerate() {
        for stored in &bodies[i * 2..i * 2 + 2] {
            assert_eq!(stored["type"], *kind);
            assert!(stored.get("writeKey").is_none(), "{stored}");
            for (k, v) in fields.as_object().unwrap() {
                assert_eq!(stored[k], *v, "{kind}.{k}");
            }
        }
    }
    // The short batch path too.
    let b = json!({"batch": [message("b1", "Signed Up")], "writeKey": "wk_live"});
    assert_eq!(c.post("/v1/b", &[TEXT], &b.to_string()).status, 200);
    let bad = c.post(
        "/v1/track",
        &[("Authorization", BASIC_WK)],
        &json!({"userId": "u"}).to_string(),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["message"], "a track message needs an event name");
}

#[test]
fn the_write_key_in_the_body_as_basic_user_or_in_the_query() {
    let c = keyed();
    let m = |id: &str| json!({"userId": "u", "event": "Signed Up", "messageId": id});
    let mut in_body = m("body");
    in_body["writeKey"] = json!("wk_live");
    assert_eq!(c.post("/v1/track", &[], &in_body.to_string()).status, 200);
    let basic = c.post(
        "/v1/track",
        &[("Authorization", BASIC_WK)],
        &m("basic").to_string(),
    );
    assert_eq!(basic.status, 200, "{}", basic.body);
    assert_eq!(
        c.post("/v1/track?writeKey=wk_live", &[], &m("query").to_string())
            .status,
        200
    );
    let none = c.post("/v1/track", &[], &m("none").to_string());
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["code"], "unauthorized");
    assert_eq!(c.count(), 3);
}

fn batch_of(ids: &[&str]) -> String {
    let ms: Vec<Value> = ids.iter().map(|id| message(id, "Signed Up")).collect();
    json!({"writeKey": "wk_live", "batch": ms}).to_string()
}

#[test]
fn gzip_by_content_encoding_whatever_the_content_type_and_by_magic_bytes() {
    let c = keyed();
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    let r = c.post_bytes(
        "/v1/batch",
        &[form, ("Content-Encoding", "gzip")],
        &gzip(batch_of(&["g1", "g2"]).as_bytes()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["stored"], 2);
    // A beacon cannot set Content-Encoding: the magic bytes say it.
    let r = c.post_bytes("/v1/batch", &[TEXT], &gzip(batch_of(&["g3"]).as_bytes()));
    assert_eq!(r.status, 200, "{}", r.body);
    // Plain JSON still works, and a one-message call can be gzipped too.
    assert_eq!(c.post("/v1/batch", &[TEXT], &batch_of(&["p1"])).status, 200);
    let one = json!({"writeKey": "wk_live", "userId": "u", "event": "E", "messageId": "g4"});
    let r = c.post_bytes("/v1/t", &[], &gzip(one.to_string().as_bytes()));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(c.count(), 5);
    // Something else named in Content-Encoding is refused, not misread.
    let r = c.post_bytes("/v1/batch", &[("Content-Encoding", "br")], b"{}");
    assert_eq!(r.status, 415);
}

#[test]
fn a_zip_bomb_is_refused_after_inflating_past_the_limit() {
    let c = Collector::start(|_| {});
    // 64 MB of spaces then a batch: about 64 KB on the wire.
    let mut big = vec![b' '; 64 * 1024 * 1024];
    big.extend_from_slice(batch_of(&["bomb"]).as_bytes());
    let bomb = gzip(&big);
    assert!(bomb.len() < 100 * 1024, "{}", bomb.len());
    for headers in [&[("Content-Encoding", "gzip")][..], &[TEXT][..]] {
        let r = c.post_bytes("/v1/batch", headers, &bomb);
        assert_eq!(r.status, 413, "{}", r.body);
        assert_eq!(
            r.json()["error"],
            "body is larger than 512000 bytes once inflated"
        );
    }
    let small = gzip(batch_of(&["cut"]).as_bytes());
    let r = c.post_bytes("/v1/batch", &[], &small[..small.len() / 2]);
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.json()["code"], "invalid_gzip");
    assert_eq!(c.count(), 0);
}

#[test]
fn the_batch_context_is_merged_into_each_message_whose_own_fields_win() {
    let c = Collector::start(|_| {});
    let mut own = message("m1", "Signed Up");
    own["context"] = json!({"page": {"title": "Own title"}, "taxonomy": "kissmetrics"});
    own["integrations"] = json!({"Mixpanel": true});
    let mut bare = message("m2", "Signed Up");
    bare.as_object_mut().unwrap().remove("context");
    let body = json!({"batch": [own, bare],
        "context": {"page": {"path": "/demo.html", "title": "Demo"}, "library": {"name": "trackq"}},
        "integrations": {"All": false}});
    let r = c.post("/v1/batch", &[TEXT], &body.to_string());
    assert_eq!(r.status, 200, "{}", r.body);
    let b = c.bodies();
    assert_eq!(
        b[0]["context"],
        json!({"page": {"path": "/demo.html", "title": "Own title"},
            "library": {"name": "trackq"}, "taxonomy": "kissmetrics"})
    );
    assert_eq!(
        b[0]["integrations"],
        json!({"All": false, "Mixpanel": true})
    );
    assert_eq!(
        b[1]["context"],
        json!({"page": {"path": "/demo.html", "title": "Demo"}, "library": {"name": "trackq"}})
    );
    // The merged taxonomy is what the collector checks against: m1 names
    // kissmetrics, and its "Signed Up" has the properties that taxonomy wants.
    let rows = c.get("/v1/events?after=0", &[]).json();
    assert_eq!(rows["events"][0]["taxonomy"], "kissmetrics");
    assert_eq!(rows["events"][1]["taxonomy"], Value::Null);
}

#[test]
fn a_missing_message_id_is_generated_and_numbers_are_kept_as_sent() {
    let c = Collector::start(|_| {});
    let body = r#"{"batch":[{"type":"track","event":"Big","anonymousId":"a",
        "properties":{"big":123456789012345678901234567890,"exact":0.1000000000000000055511151231257827,
        "neg":-9223372036854775809}}]}"#;
    let r = c.post("/v1/batch", &[TEXT], body);
    assert_eq!(r.status, 200, "{}", r.body);
    let raw: String = rusqlite::Connection::open(c.db())
        .unwrap()
        .query_row("SELECT body FROM events", [], |r| r.get(0))
        .unwrap();
    assert!(
        raw.contains(r#""big":123456789012345678901234567890"#),
        "{raw}"
    );
    assert!(
        raw.contains(r#""exact":0.1000000000000000055511151231257827"#),
        "{raw}"
    );
    assert!(raw.contains(r#""neg":-9223372036854775809"#), "{raw}");
    let id = c.bodies()[0]["messageId"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "{id}");
    let reply = c.get("/v1/events", &[]);
    assert!(
        reply.body.contains("123456789012345678901234567890"),
        "{}",
        reply.body
    );
}
