//! `fetchLater`: the oldest unconfirmed messages stay registered with the
//! browser, which sends them even when the tab dies without `pagehide`.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, read_body, Harness, Outcome};
use trackq::core::Config;

/// The events of what tab `tab` has registered, in order.
fn registered(h: &Harness, tab: usize) -> Vec<String> {
    let Some((body, encoding)) = h.later.get(&tab) else {
        return Vec::new();
    };
    let raw = harness::wire_text(body, *encoding);
    let (body, _) = read_body(&raw);
    let batch = body["batch"].as_array().expect("a batch").iter();
    batch
        .map(|m| m["event"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn what_waits_is_registered_replaced_as_it_is_confirmed_and_withdrawn_on_leaving() {
    let mut h = Harness::new();
    h.respond_all(200);
    h.advance(h.config.flush_interval_ms);
    h.respond_all(200);
    assert_eq!(registered(&h, 0), Vec::<String>::new(), "all confirmed");
    h.push("['record', 'One']");
    h.push("['record', 'Two']");
    h.advance(0); // the task ends
    assert_eq!(registered(&h, 0), ["One", "Two"]);
    // In flight, still registered; confirmed, no longer.
    h.advance(h.config.flush_interval_ms);
    assert_eq!(registered(&h, 0), ["One", "Two"]);
    h.respond_all(200);
    assert!(!h.later.contains_key(&0));
    h.push("['record', 'Three']");
    h.advance(0);
    assert_eq!(registered(&h, 0), ["Three"]);
    // Leaving: the beacon carries it, the registration is withdrawn.
    h.leave();
    assert!(!h.later.contains_key(&0));
    let (delivered, duplicates) = h.delivered();
    assert_eq!(delivered.len(), 4);
    assert_eq!(duplicates, 0);
}

#[test]
fn the_answers_of_a_burst_register_once_not_each() {
    let batches_of_20 = Config {
        batch_size: 20,
        ..config()
    };
    let mut h = Harness::with_config(batches_of_20);
    h.respond_all(200);
    h.advance(h.config.flush_interval_ms);
    h.respond_all(200);
    for i in 0..100 {
        h.push(&format!("['record', 'Burst', {{'i': {i}}}]"));
    }
    h.advance(0); // the task ends: stored, registered, the full batches sent
    assert_eq!(registered(&h, 0).len(), 100);
    let pending = h.sent.iter().filter(|s| s.outcome == Outcome::Pending);
    let pending: Vec<u64> = pending.map(|s| s.id).collect();
    assert!(pending.len() > 2, "{} requests", pending.len());
    let before = h.registrations;
    let (last, first) = pending.split_last().expect("requests");
    for &id in first {
        h.respond(id, 200);
        h.advance(0);
    }
    // Withdrawn (it held what the answers confirmed), not written again.
    assert_eq!(h.registrations, before, "registered again on an answer");
    assert!(
        !h.later.contains_key(&0),
        "still registered after an answer"
    );
    h.respond(*last, 200);
    h.advance(0);
    assert!(!h.later.contains_key(&0), "all confirmed: withdrawn");
    h.push("['record', 'After']");
    h.advance(0);
    assert_eq!(registered(&h, 0), ["After"]);
}

#[test]
fn a_tab_killed_without_pagehide_delivers_what_it_registered() {
    let mut h = Harness::new();
    for i in 0..5 {
        h.push(&format!("['record', 'Before the crash', {{'i': {i}}}]"));
    }
    h.crash();
    let events = h.delivered_events();
    assert_eq!(
        events.iter().filter(|e| *e == "Before the crash").count(),
        5
    );
    // The next visit sends them again (nothing confirmed them); the
    // collector keeps each once.
    h.open();
    h.advance(h.config.flush_interval_ms);
    h.respond_all(200);
    let (delivered, _) = h.delivered();
    let crash = delivered
        .iter()
        .filter(|m| m["event"] == "Before the crash");
    assert_eq!(crash.count(), 5);
}

#[test]
fn nothing_is_registered_without_fetch_later() {
    let off = Config {
        fetch_later: false,
        ..config()
    };
    let mut h = Harness::with_config(off);
    h.push("['record', 'Kept']");
    h.advance(0);
    assert!(h.later.is_empty());
    h.crash();
    assert!(!h.delivered_events().contains(&"Kept".to_owned()));

    let mut warnings = Vec::new();
    let attr = |name: &str| (name == "fetchLater").then_some("off");
    assert!(!Config::from_attributes(attr, &mut |w| warnings.push(w.render())).fetch_later);
    assert!(
        !warnings.iter().any(|w| w.contains("fetch-later")),
        "{warnings:?}"
    );
}
