//! The outbox caps: the newest 1,000 messages and at most 1 MiB kept, also
//! when dead tabs' outboxes are adopted, and an oversized event dropped
//! without blocking the next. (Getting messages out: `core_delivery.rs`.)

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{heavy, quiet, Harness};
use trackq::core::limits::{MAX_OUTBOX_BYTES, MAX_OUTBOX_MESSAGES};

#[test]
fn an_oversized_event_is_dropped_without_blocking_the_next() {
    let mut h = Harness::new();
    h.push_value(&heavy("huge", 20)); // ~40 KB > 32 KB
    h.push("['record', 'after']");
    assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    assert!(h.warnings[0].contains("dropped"), "{}", h.warnings[0]);
    h.settle();
    assert_eq!(h.delivered_events(), ["Visited Site", "after"]);
}

#[test]
fn the_outbox_keeps_the_newest_1000_messages() {
    let mut h = Harness::with_config(quiet());
    for i in 0..MAX_OUTBOX_MESSAGES + 5 {
        h.push(&format!("['record', 'e{i}']"));
    }
    h.advance(0); // the end of the task: the open chunk is written
    assert_eq!(h.stored_messages(), MAX_OUTBOX_MESSAGES);
    assert_eq!(h.tracker().outbox_len(), MAX_OUTBOX_MESSAGES);
    assert_eq!(h.warnings.len(), 1, "one for the burst: {:?}", h.warnings);
    assert!(
        h.warnings[0].contains("dropped the 6 oldest"),
        "{}",
        h.warnings[0]
    );
    assert!(h.warnings.iter().all(|w| w.contains("outbox full")));
    let has = |e: &str| {
        h.store
            .values()
            .any(|v| v.contains(&format!("\"event\":\"{e}\"")))
    };
    assert!(
        !has("Visited Site") && !has("e4") && has("e5"),
        "the oldest went first"
    );
}

#[test]
fn the_outbox_keeps_at_most_1_mib() {
    let mut h = Harness::with_config(quiet());
    for i in 0..40 {
        h.push_value(&heavy(&format!("heavy{i}"), 14)); // ~28 KB each
    }
    h.advance(0);
    let bytes: usize = h
        .store
        .iter()
        .filter(|(k, _)| k.starts_with("tq1:m:"))
        .map(|(_, v)| v.len())
        .sum();
    assert!(bytes <= MAX_OUTBOX_BYTES, "{bytes} bytes stored");
    assert!(h.stored_messages() < 40);
    assert!(
        h.warnings.iter().any(|w| w.contains("outbox full")),
        "{:?}",
        h.warnings
    );
}

#[test]
fn the_caps_hold_when_adopting_dead_tabs() {
    let mut h = Harness::with_config(quiet());
    for tab in 0..2 {
        for i in 0..800 {
            h.push(&format!("['record', 't{tab}e{i}']"));
        }
        h.crash();
        h.open();
    }
    h.advance(3 * 60_000);
    h.crash();
    h.open();
    assert_eq!(h.tracker().outbox_len(), MAX_OUTBOX_MESSAGES);
    assert!(
        h.stored_messages() <= MAX_OUTBOX_MESSAGES,
        "{} messages stored",
        h.stored_messages()
    );
}
