//! What each answer means: 2xx confirms, 408/429/5xx and network errors
//! retry with backoff, 413 splits, other 4xx drop; refused and accepted
//! beacons; and no message lost however often the page reloads.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, Harness, Outcome};
use trackq::core::Config;
use trackq::core::Response;

/// A page whose Visited Site and `events` are in one pending fetch.
fn in_flight(events: usize) -> Harness {
    let mut h = Harness::new();
    for i in 0..events {
        h.push(&format!("['record', 'e{i}']"));
    }
    h.advance(5_000);
    assert_eq!(h.pending().len(), 1);
    h
}

/// Steps from deadline to deadline until a new request goes; returns how long it took.
fn time_to_next_send(h: &mut Harness) -> u64 {
    let (before, start) = (h.sent.len(), h.clock);
    while h.sent.len() == before {
        let next = h.tracker().poll_timeout().expect("a timer is armed");
        assert!(next - start <= 10 * 60_000, "nothing was resent");
        h.advance(next.max(h.clock) - h.clock);
    }
    h.clock - start
}

#[test]
fn two_hundreds_confirm_and_remove_from_storage() {
    for status in [200, 202, 204] {
        let mut h = in_flight(2);
        assert_eq!(h.stored_messages(), 3, "stored until confirmed");
        h.respond(h.pending()[0], status);
        assert_eq!(h.stored_messages(), 0);
        assert_eq!(h.delivered_events(), ["Visited Site", "e0", "e1"]);
        assert!(h.warnings.is_empty());
    }
}

#[test]
fn transient_failures_retry_with_growing_jittered_backoff() {
    let failures: [Response; 5] = [
        Response::Status {
            status: 408,
            retry_after_ms: None,
        },
        Response::Status {
            status: 429,
            retry_after_ms: None,
        },
        Response::Status {
            status: 500,
            retry_after_ms: None,
        },
        Response::Status {
            status: 503,
            retry_after_ms: None,
        },
        Response::NetworkError,
    ];
    for failure in failures {
        let mut h = in_flight(1);
        let mut delays = Vec::new();
        for ceiling in [1_000, 2_000, 4_000, 8_000] {
            h.respond_with(h.pending()[0], failure);
            assert_eq!(h.stored_messages(), 2, "{failure:?} keeps the messages");
            let delay = time_to_next_send(&mut h);
            assert!(
                (ceiling / 2..=ceiling).contains(&delay),
                "{failure:?}: {delay} ms, ceiling {ceiling}"
            );
            delays.push(delay);
        }
        assert!(
            delays.windows(2).all(|w| w[0] < w[1]),
            "{failure:?}: {delays:?}"
        );
        h.respond(h.pending()[0], 200);
        assert_eq!(h.delivered().0.len(), 2);
        h.push("['record', 'next']");
        h.advance(5_000);
        h.respond_with(h.pending()[0], failure);
        let delay = time_to_next_send(&mut h);
        assert!(delay <= 1_000, "a success resets the backoff: {delay} ms");
        assert!(h.warnings.is_empty(), "{:?}", h.warnings);
    }
}

#[test]
fn retry_after_is_honoured() {
    let mut h = in_flight(1);
    let id = h.pending()[0];
    h.respond_with(
        id,
        Response::Status {
            status: 429,
            retry_after_ms: Some(30_000),
        },
    );
    let delay = time_to_next_send(&mut h);
    assert!((30_000..31_000).contains(&delay), "{delay} ms");
}

#[test]
fn a_413_splits_the_batch_and_a_single_message_413_is_dropped() {
    let mut h = in_flight(3);
    h.respond(h.pending()[0], 413);
    h.advance(0);
    let sizes: Vec<_> = h.sent[1..].iter().map(|s| s.batch().len()).collect();
    assert_eq!(sizes, [2, 2], "4 messages go again as two halves, at once");
    let ids = h.pending();
    h.respond(ids[0], 413);
    h.respond(ids[1], 200);
    h.advance(0);
    let sizes: Vec<_> = h.sent[3..].iter().map(|s| s.batch().len()).collect();
    assert_eq!(sizes, [1, 1]);
    let ids = h.pending();
    h.respond(ids[0], 413);
    assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    assert!(
        h.warnings[0].contains("413") && h.warnings[0].contains("1 message"),
        "{}",
        h.warnings[0]
    );
    h.respond(ids[1], 200);
    assert_eq!(h.delivered_events(), ["e1", "e2", "e0"]);
    assert_eq!(h.stored_messages(), 0);
}

#[test]
fn other_4xx_drop_the_batch_with_a_warning_and_later_batches_go() {
    for status in [400, 401, 403, 404, 422] {
        let mut h = in_flight(1);
        h.respond(h.pending()[0], status);
        assert_eq!(h.stored_messages(), 0, "{status}: dropped for good");
        assert_eq!(h.warnings.len(), 1);
        assert!(
            h.warnings[0].contains(&status.to_string()),
            "{}",
            h.warnings[0]
        );
        h.push("['record', 'later']");
        h.advance(5_000);
        h.respond_all(200);
        assert_eq!(h.delivered_events(), ["later"], "{status}");
    }
}

#[test]
fn a_refused_beacon_keeps_its_messages_for_a_later_fetch() {
    let mut h = Harness::new();
    h.push("['record', 'a']");
    h.beacon_refuse_next();
    h.hide();
    assert_eq!(h.sent[0].outcome, Outcome::Failed);
    assert_eq!(h.stored_messages(), 2);
    h.show();
    let delay = time_to_next_send(&mut h);
    assert!(delay <= 1_000, "{delay}");
    assert!(!h.sent[1].beacon);
    h.respond_all(200);
    assert_eq!(h.delivered_events(), ["Visited Site", "a"]);
    assert_eq!(h.stored_messages(), 0);
}

#[test]
fn a_refused_beacon_on_leave_is_sent_by_the_next_page() {
    let mut h = Harness::new();
    h.push("['record', 'a']");
    h.beacon_refuse_next();
    h.reload();
    h.settle();
    assert_eq!(h.delivered_events(), ["Visited Site", "a"]);
    assert_eq!(h.stored_messages(), 0);
}

#[test]
fn beaconed_messages_stay_stored_and_are_confirmed_after_a_reload() {
    let mut h = Harness::new();
    h.push("['record', 'a']");
    h.reload();
    assert!(h.sent[0].beacon);
    assert_eq!(h.stored_messages(), 2, "a beacon is never confirmed");
    h.advance(0);
    assert!(!h.sent[1].beacon, "the next page sends them again by fetch");
    h.respond_all(200);
    assert_eq!(h.stored_messages(), 0, "confirmed at last");
    assert_eq!(h.delivered_events(), ["Visited Site", "a"]);
    assert_eq!(h.delivered().1, 2, "the collector drops the second copies");
}

/// A tiny deterministic generator for the reload loop.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn no_message_is_lost_across_reloads_crashes_and_failures() {
    for seed in 0..20 {
        let mut rng = Lcg(seed);
        let mut h = Harness::with_config(Config {
            batch_size: 4,
            ..config()
        });
        let mut pushed = 0;
        for _ in 0..60 {
            match rng.below(12) {
                0..=4 => {
                    h.push(&format!("['record', 'n{pushed}']"));
                    pushed += 1;
                }
                5 => h.advance(rng.below(8_000)),
                6 | 7 => {
                    if let Some(&id) = h.pending().first() {
                        let answers = [200, 200, 500, 429, 0];
                        match answers[rng.below(5) as usize] {
                            0 => h.network_error(id),
                            status => h.respond(id, status),
                        }
                    }
                }
                8 => drop(h.reload()),
                9 => {
                    h.crash();
                    h.open();
                }
                10 => h.beacon_refuse_next(),
                _ => {
                    h.hide();
                    h.show();
                }
            }
        }
        h.advance(3 * 60_000); // crashed tabs go stale...
        h.reload(); // ...and the next page adopts them
        h.settle();
        let delivered = h.delivered_events();
        for n in 0..pushed {
            assert!(
                delivered.contains(&format!("n{n}")),
                "seed {seed}: n{n} lost"
            );
        }
        assert_eq!(h.stored_messages(), 0, "seed {seed}");
        assert!(h
            .sent
            .iter()
            .all(|s| s.outcome != Outcome::Pending || s.tab == h.current));
    }
}
