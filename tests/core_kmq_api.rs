//! The rest of KISSmetrics' `_kmq` API in the core: commands with a callback
//! (what they recorded is stored once the shell has drained the writes, when
//! the callback runs) and `['ab', name, variants]` (`KM.ab()`, answered with
//! the index of the visitor's variant; the `autotrack` feature).

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(feature = "autotrack")]
use harness::event;
use harness::Harness;

#[test]
fn with_a_callback_what_the_command_recorded_is_stored_at_once() {
    let mut h = Harness::new();
    // The harness checks after each that every message held is stored.
    h.push_with_callback("['record', 'Saved', {'n': 1}]");
    let stored = h.store.iter().filter(|(k, _)| k.starts_with("tq1:m:"));
    let stored: String = stored.map(|(_, v)| v.as_str()).collect();
    assert!(stored.contains("\"event\":\"Saved\""), "{stored}");
    h.push_with_callback("['set', {'Plan': 'Pro'}]");
    h.push_with_callback("['billed', 10, 'Monthly']");
    h.push_with_callback("['signedUp']");
    // A dropped command too: its callback runs, a page waiting on it carries on.
    h.push_with_callback("['bogus']");
    assert_eq!(h.take_warnings().len(), 1);
    h.settle();
    let events = h.delivered_events();
    assert!(events.ends_with(&["Saved", "", "Billed", "Signed Up"].map(String::from)));
}

#[cfg(feature = "autotrack")]
#[test]
fn ab_gives_a_visitor_one_variant_on_every_page_and_sets_it() {
    let mut h = Harness::new();
    let colors = "['ab', 'Button Color', ['red', 'green']]";
    let first = h.ask(colors).expect("a variant");
    assert!(first < 2, "{first}");
    assert_eq!(h.ask(colors), Some(first));
    h.push("['identify', 'ann@acme.com']");
    h.reload();
    assert_eq!(h.ask(colors), Some(first), "the same on a later page");
    h.settle();
    let (messages, _) = h.delivered();
    let set: Vec<_> = messages
        .iter()
        .filter(|m| m["type"] == "identify" && m["traits"]["Button Color"].is_string())
        .map(|m| m["traits"]["Button Color"].as_str().unwrap_or_default())
        .collect();
    let color = ["red", "green"][first];
    assert_eq!(set, [color; 3], "set as a property on every call");
    assert!(messages.iter().all(|m| event(m) != "Button Color"));
}

#[cfg(feature = "autotrack")]
#[test]
fn ab_spreads_visitors_and_needs_variants() {
    let mut h = Harness::new();
    let mut seen = [0; 3];
    for _ in 0..60 {
        h.push("['clearIdentity']");
        seen[h
            .ask("['ab', 'Plan Page', ['a', 'b', 'c']]")
            .expect("a variant")] += 1;
    }
    assert!(seen.iter().all(|n| *n >= 8), "{seen:?}");
    h.take_warnings();
    // KISSmetrics' weighted form (an object) and a missing list are dropped
    // with a warning; an empty list or a pick that is not a string answer
    // nothing.
    for bad in [
        "['ab', 'Weighted', {'red': 70, 'green': 30}]",
        "['ab']",
        "['ab', 'Empty', []]",
        "['ab', 'Numbers', [1, 2]]",
    ] {
        assert_eq!(h.ask(bad), None, "{bad}");
    }
    let warnings = h.take_warnings();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().all(|w| w.contains("ab needs")));
}
