//! The shape of what a page sends: each batch's write key and `sentAt`, each
//! message's type, ids, timestamp and context (page, library, user agent,
//! taxonomy).

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, is_iso, is_uuid_v4, run};

#[test]
fn wire_shape_of_batches_and_messages() {
    let h = run(
        config(),
        &[
            "['identify', 'ann']",
            "['set', {'a': 1}]",
            "['signedUp', 'Pro']",
            "['billed', 5]",
            "['record', 'Custom']",
        ],
    );
    let s = &h.sent[0];
    assert_eq!(s.body["writeKey"], "WRITE_KEY");
    assert!(
        is_iso(s.body["sentAt"].as_str().expect("sentAt")),
        "{}",
        s.body["sentAt"]
    );
    let m = h.messages();
    assert_eq!(m.len(), 6);
    let mut ids: Vec<_> = m
        .iter()
        .map(|m| m["messageId"].as_str().expect("messageId"))
        .collect();
    for m in &m {
        assert!(
            ["track", "identify", "alias"].contains(&m["type"].as_str().expect("type")),
            "{m}"
        );
        assert!(is_uuid_v4(m["messageId"].as_str().unwrap_or("")), "{m}");
        assert!(is_iso(m["timestamp"].as_str().unwrap_or("")), "{m}");
        assert!(is_uuid_v4(m["anonymousId"].as_str().unwrap_or("")), "{m}");
        let c = &m["context"];
        let page = harness::page();
        assert_eq!(
            (c["page"]["url"].as_str(), c["page"]["path"].as_str()),
            (Some(&*page.url), Some(&*page.path))
        );
        assert_eq!(
            (c["page"]["referrer"].as_str(), c["page"]["title"].as_str()),
            (Some(&*page.referrer), Some(&*page.title))
        );
        assert_eq!(c["library"]["name"], "trackq");
        assert_eq!(c["userAgent"].as_str(), Some(&*page.user_agent));
        let in_taxonomy = ["Visited Site", "Signed Up", "Billed"].contains(&event(m));
        assert_eq!(
            c["taxonomy"].as_str(),
            in_taxonomy.then_some("kissmetrics"),
            "{m}"
        );
        assert!(c.get("validation").is_none(), "{m}");
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "messageIds are unique");
}
