//! Getting messages out: batching by count, time and unload, bodies split
//! under 60 KB, the keepalive budget, no endpoint, and the beacon transport.
//! (Responses and retries: `core_retry.rs`; the outbox caps and oversized
//! events: `core_outbox_caps.rs`.)

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, heavy, quiet, Harness, Outcome};
use trackq::core::limits::{MAX_BODY_BYTES, MAX_INFLIGHT_BYTES};
use trackq::core::{Config, Transport};

fn batching(batch_size: usize) -> Config {
    Config {
        batch_size,
        ..config()
    }
}

#[test]
fn a_full_batch_leaves_at_once() {
    let mut h = Harness::with_config(batching(5));
    for i in 0..3 {
        h.push(&format!("['record', 'e{i}']"));
    }
    assert!(
        h.sent.is_empty(),
        "Visited Site and 3 events wait for the 5th"
    );
    h.push("['record', 'e3']");
    assert!(h.sent.is_empty(), "nothing is sent inside the push itself");
    assert_eq!(
        h.tracker().poll_timeout(),
        Some(h.clock),
        "the flush is due now"
    );
    h.advance(0);
    assert_eq!(
        h.sent.len(),
        1,
        "the 5th message leaves without waiting for the interval"
    );
    assert!(!h.sent[0].beacon);
    assert_eq!(h.sent[0].batch().len(), 5);
}

#[test]
fn waiting_messages_leave_after_the_flush_interval() {
    let mut h = Harness::new();
    h.advance(0);
    assert_eq!(
        h.sent.len(),
        0,
        "Visited Site waits to go with the page's first events"
    );
    h.push("['record', 'late']");
    h.advance(4_999);
    assert_eq!(h.sent.len(), 0);
    h.advance(1);
    assert_eq!(h.sent.len(), 1);
    h.respond_all(200);
    assert_eq!(h.delivered_events(), ["Visited Site", "late"]);
    assert_eq!(h.stored_messages(), 0, "2xx removes them from storage");
}

#[test]
fn leaving_sends_everything_waiting_by_beacon() {
    let mut h = Harness::new();
    h.push("['record', 'a']");
    h.push("['record', 'b']");
    h.leave();
    assert_eq!(h.sent.len(), 1);
    assert!(h.sent[0].beacon);
    assert_eq!(h.delivered_events(), ["Visited Site", "a", "b"]);
}

#[test]
fn bodies_stay_under_60_kb_and_the_keepalive_budget() {
    let mut h = Harness::with_config(batching(100));
    for i in 0..20 {
        h.push_value(&heavy(&format!("heavy{i}"), 4)); // ~8 KB each, ~160 KB in all
    }
    h.advance(5_000);
    assert_eq!(
        h.pending().len(),
        1,
        "a second full body would break the keepalive budget"
    );
    for _ in 0..20 {
        h.respond_all(200);
        h.advance(5_000); // what the budget held back waits for the next flush
    }
    assert_eq!(h.tracker().outbox_len(), 0);
    assert!(h.sent.len() >= 3, "160 KB needs at least 3 bodies");
    assert!(h.sent.iter().all(|s| s.raw.len() <= MAX_BODY_BYTES));
    assert!(
        h.sent
            .iter()
            .any(|s| s.raw.len() > MAX_INFLIGHT_BYTES - 10 * 1024),
        "bodies are filled up to the keepalive budget"
    );
    assert_eq!(h.delivered_events().len(), 21);
}

#[test]
fn a_large_outbox_leaves_in_several_beacons() {
    let mut h = Harness::with_config(quiet());
    for i in 0..20 {
        h.push_value(&heavy(&format!("heavy{i}"), 4));
    }
    h.config.endpoint = true;
    h.open(); // the next page load has an endpoint; the first tab is still alive
    let gone = h.current - 1;
    h.switch(gone);
    h.crash();
    h.switch(gone + 1);
    h.advance(3 * 60_000);
    h.reload(); // adopts the crashed tab's 21 messages...
    h.leave(); // ...and leaves before its first flush
    let beacons: Vec<_> = h.sent.iter().filter(|s| s.beacon).collect();
    assert!(beacons.len() >= 3, "{} beacons", beacons.len());
    assert!(beacons.iter().all(|s| s.raw.len() <= MAX_BODY_BYTES));
}

#[test]
fn without_an_endpoint_events_are_kept_and_nothing_is_sent() {
    let mut warnings = Vec::new();
    let attrs = |name: &str| (name == "key").then_some("WRITE_KEY");
    let config = Config::from_attributes(attrs, &mut |w| warnings.push(w.render()));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("trackq: ") && warnings[0].contains("endpoint"));
    let mut h = Harness::with_config(config);
    h.push("['record', 'kept']");
    h.advance(10 * 60_000);
    h.leave();
    assert!(h.sent.is_empty());
    assert_eq!(h.stored_messages(), 2);
    assert!(
        h.warnings.is_empty(),
        "the config warned already: {:?}",
        h.warnings
    );
}

#[test]
fn beacon_transport_sends_every_flush_by_beacon() {
    let mut h = Harness::with_config(Config {
        transport: Transport::Beacon,
        batch_size: 3,
        ..config()
    });
    h.push("['record', 'a']");
    h.push("['record', 'b']");
    h.advance(0);
    assert_eq!(h.sent.len(), 1, "by count");
    h.push("['record', 'c']");
    h.advance(5_000);
    assert_eq!(h.sent.len(), 2, "by time");
    h.beacon_refuse_next();
    h.push("['record', 'd']");
    h.advance(5_000);
    assert_eq!(h.sent[2].outcome, Outcome::Failed);
    assert_eq!(h.stored_messages(), 1, "a refused beacon keeps its message");
    h.advance(60_000);
    assert!(h.sent.iter().all(|s| s.beacon));
    assert_eq!(h.delivered_events(), ["Visited Site", "a", "b", "c", "d"]);
    assert_eq!(
        h.stored_messages(),
        0,
        "an accepted beacon counts as delivered"
    );
    assert_eq!(h.delivered().1, 0);
}

#[test]
fn a_burst_over_the_keepalive_budget_drains_on_answers_without_spinning_the_timer() {
    let mut h = Harness::new();
    for i in 0..1000 {
        h.push(&format!("['record', 'burst', {{'i': {i}, 'plan': 'Pro'}}]"));
    }
    h.advance(0); // would panic ("timers never settle") if the flush stayed due
    let first_round = h.sent.len();
    assert!(
        first_round > 1 && h.stored_messages() > 800,
        "the budget holds the rest back"
    );
    assert!(
        h.tracker().poll_timeout().is_some_and(|at| at > h.clock),
        "nothing is due while the budget is full"
    );
    for _ in 0..20 {
        h.respond_all(200);
    }
    assert_eq!(
        h.stored_messages(),
        0,
        "each answer sent more, no timer needed"
    );
}

/// Fuzz target `session` (a slow unit): while the budget held the rest
/// back, the flush timer came round every interval and each flush wrote
/// and gzipped the same body again, to hold it back again (5 minutes at
/// `data-flush-interval="50"`: 6,000 bodies for nothing). Only an answer
/// frees the budget, and it sends the rest itself.
#[test]
fn held_back_by_the_budget_the_flush_waits_for_an_answer() {
    let mut h = Harness::with_config(Config {
        flush_interval_ms: 50,
        ..config()
    });
    for i in 0..3 {
        h.push_value(&heavy(&format!("heavy{i}"), 14)); // ~28 KB each
    }
    h.advance(50);
    assert_eq!(h.pending().len(), 1, "the second would break the budget");
    let next = h.tracker().poll_timeout().unwrap_or(u64::MAX);
    assert!(
        next >= h.clock + 1_000,
        "no flush is due before an answer: {}",
        next - h.clock
    );
    for _ in 0..3 {
        h.respond_all(200);
    }
    assert_eq!(h.stored_messages(), 0, "each answer sent the next");
    assert_eq!(h.delivered_events().len(), 4);
}

#[test]
fn leaving_with_a_fetch_in_flight_sends_each_message_once() {
    let mut h = Harness::with_config(batching(20));
    for i in 0..24 {
        h.push(&format!("['record', 'e{i}']"));
    }
    h.advance(0); // full batches leave when the task ends
    assert_eq!(h.pending().len(), 2, "keepalive fetches in flight");
    // Chromium fails that fetch for the page as it goes, after `pagehide`:
    // the request itself outlives the page, so its messages must not go
    // again by beacon.
    h.leave();
    let ids: Vec<String> = h
        .messages()
        .iter()
        .map(|m| m["messageId"].as_str().expect("an id").to_owned())
        .collect();
    let once: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), 25, "Visited Site and 24 events, each sent once");
    assert_eq!(once.len(), ids.len());
    // They stay stored until confirmed: the next page sends what the
    // fetch carried, since its answer never came.
    h.open();
    h.settle();
    let (delivered, _) = h.delivered();
    let events = delivered.iter().filter(|m| event(m).starts_with('e'));
    assert_eq!(events.count(), 24);
    assert_eq!(h.stored_messages(), 0);
}
