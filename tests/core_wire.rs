//! The body on the wire: what every message of a page shares (page,
//! library, userAgent) goes once in the batch-level `context`, and the
//! collector's merge gives back exactly the messages of the per-message
//! form (`data-context="message"`).

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, page, Harness};
use trackq::core::limits::MAX_INFLIGHT_BYTES;
use trackq::core::Config;

/// A page's worth of commands: custom and taxonomy events (one with a
/// validation problem), traits, an identify, nested properties, escapes.
const COMMANDS: &[&str] = &[
    "['record', 'Viewed Pricing', {'Plan': 'Pro', 'nested': {'context': {'page': 1}}}]",
    "['billed', 29.99, 'Monthly Bill', {'Billing Method': 'Card'}]",
    "['record', 'Billed', {'Billing Amount': 'not a number'}]",
    "['set', {'Company': 'Acme \"Inc\"'}]",
    "['identify', 'ann@acme.com']",
    "['record', 'After identify']",
];

fn run(config: Config) -> Harness {
    let mut h = Harness::with_config(config);
    for c in COMMANDS {
        h.push(c);
    }
    h.advance(h.config.flush_interval_ms);
    h.respond_all(200);
    h
}

fn raw_messages(h: &Harness) -> Vec<serde_json::Value> {
    let bodies = h
        .sent
        .iter()
        .map(|s| serde_json::from_str(&s.raw).expect("JSON"));
    bodies
        .flat_map(|b: serde_json::Value| b["batch"].as_array().expect("a batch").clone())
        .collect()
}

#[test]
fn the_compact_body_decodes_to_exactly_the_per_message_form() {
    let per_message = run(Config {
        context_per_message: true,
        ..config()
    });
    let compact = run(config());
    // Same seeds, same clock: the same messages, ids included.
    let expected = raw_messages(&per_message);
    assert_eq!(
        expected.len(),
        COMMANDS.len() + 1,
        "Visited Site and the commands"
    );
    assert_eq!(compact.messages(), expected);
    // Key order too (the decoded form puts the batch's keys first).
    assert_eq!(compact.ordered_messages(), per_message.ordered_messages());

    // On the wire: no page, library or userAgent in any message.
    for m in raw_messages(&compact) {
        let own = &m["context"];
        assert!(
            own.get("page").is_none() && own.get("userAgent").is_none(),
            "{m}"
        );
        assert!(own.get("library").is_none(), "{m}");
    }
    let body: serde_json::Value = serde_json::from_str(&compact.sent[0].raw).expect("a JSON body");
    assert_eq!(body["context"]["page"]["url"], page().url);
    assert_eq!(body["context"]["library"]["name"], "trackq");
    assert_eq!(body["context"]["userAgent"], page().user_agent);
    // A message with nothing else in its context carries none.
    let custom = &raw_messages(&compact)[1];
    assert_eq!(custom["event"], "Viewed Pricing");
    assert!(custom.get("context").is_none(), "{custom}");
    // The taxonomy's fields stay in the message.
    let billed = &raw_messages(&compact)[2];
    assert_eq!(billed["context"]["taxonomy"], "kissmetrics", "{billed}");

    let bytes = |h: &Harness| h.sent.iter().map(|s| s.raw.len()).sum::<usize>();
    let (small, large) = (bytes(&compact), bytes(&per_message));
    // Each message but one saves its page, library and userAgent (~220 B here).
    let saved = (expected.len() - 1) * 200;
    assert!(
        small + saved <= large,
        "compact {small} B, per message {large} B"
    );
}

#[test]
fn a_message_of_another_page_keeps_its_own_context() {
    let mut h = Harness::new();
    h.push("['record', 'On the first page']");
    h.advance(h.config.flush_interval_ms);
    h.respond_all(503); // kept for the next page
    h.page.url = "https://app.acme.test/next".into();
    h.page.title = "Next \u{2028} page".into();
    h.reload();
    h.push("['record', 'On the next page']");
    h.advance(10 * 60 * 1000);
    h.respond_all(200);
    let (delivered, _) = h.delivered();
    let url = |event: &str| {
        let m = delivered.iter().find(|m| m["event"] == event).expect(event);
        m["context"]["page"]["url"]
            .as_str()
            .expect("a url")
            .to_owned()
    };
    assert_eq!(url("On the first page"), page().url);
    assert_eq!(url("On the next page"), "https://app.acme.test/next");
    // Every delivered body carries the next page's context once.
    let last: serde_json::Value =
        serde_json::from_str(&h.sent.last().expect("a body").raw).expect("JSON");
    assert_eq!(last["context"]["page"]["url"], "https://app.acme.test/next");
}

#[test]
fn a_bad_context_attribute_warns_and_keeps_the_batch_form() {
    let mut warnings = Vec::new();
    let attr = |name: &str| (name == "context").then_some("messages");
    let c = Config::from_attributes(attr, &mut |w| warnings.push(w.render()));
    assert!(!c.context_per_message);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("context (batch or message)")),
        "{warnings:?}"
    );
    let attr = |name: &str| (name == "context").then_some("message");
    assert!(Config::from_attributes(attr, &mut |_| {}).context_per_message);
}

#[test]
fn compact_batches_are_full_and_within_the_keepalive_budget() {
    let mut h = Harness::new();
    for i in 0..600 {
        h.push(&format!("['record', 'Burst', {{'i': {i}, 'plan': 'Pro'}}]"));
    }
    h.advance(0);
    // Sized by their compact length: full batches of 20 up to the
    // keepalive budget, then at most one smaller one that fits what is left.
    let wire: usize = h.sent.iter().map(|s| s.raw.len()).sum();
    assert!(
        wire <= MAX_INFLIGHT_BYTES && wire > MAX_INFLIGHT_BYTES - 2_000,
        "{wire}"
    );
    let sizes: Vec<usize> = h.sent.iter().map(|s| s.batch().len()).collect();
    assert!(sizes.iter().filter(|&&n| n < 20).count() <= 1, "{sizes:?}");
    while !h.pending().is_empty() {
        h.respond_all(200);
    }
    let (delivered, duplicates) = h.delivered();
    assert_eq!((delivered.len(), duplicates), (601, 0));
    assert!(h.sent.len() <= 601 / 20 + 4, "{} requests", h.sent.len());
}

#[test]
fn bodies_leave_gzipped_unless_gzip_is_off() {
    for gzip in [true, false] {
        let mut h = Harness::with_config(Config { gzip, ..config() });
        for i in 0..300 {
            h.push(&format!("['record', 'Leaving', {{'i': {i}}}]"));
        }
        h.leave();
        let beacons: Vec<_> = h.sent.iter().filter(|s| s.beacon).collect();
        assert!(!beacons.is_empty());
        for b in beacons {
            // The harness inflated it with flate2 (wire::text).
            let (wire, json) = (b.wire, b.raw.len());
            assert_eq!(b.gzip, gzip);
            match gzip {
                true => assert!(wire * 4 < json, "{wire} B of gzip for {json} B"),
                false => assert_eq!(wire, json),
            }
        }
        let (delivered, _) = h.delivered();
        assert_eq!(delivered.len(), 301);
    }
    // A fetch's body too.
    for gzip in [true, false] {
        let mut h = Harness::with_config(Config { gzip, ..config() });
        for i in 0..h.config.batch_size {
            h.push(&format!("['record', 'Now', {{'i': {i}}}]"));
        }
        h.advance(0); // a full batch leaves when the task ends
        let fetched: Vec<_> = h.sent.iter().filter(|s| !s.beacon).collect();
        assert!(!fetched.is_empty());
        for s in fetched {
            assert_eq!(s.gzip, gzip, "{} B for {} B", s.wire, s.raw.len());
        }
    }
}
