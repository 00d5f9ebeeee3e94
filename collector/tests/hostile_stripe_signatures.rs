//! Stripe signature headers made to burn CPU: many `v1=` entries cost one
//! HMAC, headers past the caps are refused before hashing, and the hashing
//! stays off the async workers (`/healthz` answers meanwhile).

mod common;

use std::time::{Duration, Instant};

use common::raw_tcp::healthz_within;
use common::stripe::SECRET;
use common::Collector;
use trackq_collector::clock::unix_now;
use trackq_collector::stripe_sig::sign;

/// A 4 MB webhook body signed wrongly, with `v1s` signatures.
fn burn(c: &Collector, v1s: usize) -> (u16, Duration) {
    let payload = format!(
        "{{\"id\":\"evt_x\",\"type\":\"invoice.paid\",\"pad\":\"{}\"}}",
        "x".repeat(4 << 20)
    );
    let t = unix_now();
    let wrong = sign(payload.as_bytes(), "whsec_wrong", t);
    let v1 = wrong.split_once(",v1=").unwrap().1;
    let header = format!("t={t}{}", format!(",v1={v1}").repeat(v1s));
    let start = Instant::now();
    let r = c.post(
        "/webhooks/stripe",
        &[("Stripe-Signature", &header)],
        &payload,
    );
    (r.status, start.elapsed())
}

fn stripe_collector() -> Collector {
    Collector::start(|cfg| {
        cfg.stripe_secrets = vec![SECRET.into()];
        cfg.max_body = 8 << 20;
    })
}

#[test]
fn a_stripe_header_full_of_signatures_costs_one_hmac_and_a_huge_one_none() {
    let c = stripe_collector();
    let (status, one) = burn(&c, 1);
    assert_eq!(status, 400);
    let (status, eight) = burn(&c, 8);
    assert_eq!(status, 400);
    // Eight signatures cost about what one does: the HMAC is computed once.
    assert!(
        eight < one * 3 + Duration::from_millis(300),
        "1: {one:?}, 8: {eight:?}"
    );
    // Past the caps the header is refused before the body is even hashed.
    let t = unix_now();
    let many = format!("t={t}{}", ",v1=00".repeat(9));
    let r = c.post("/webhooks/stripe", &[("Stripe-Signature", &many)], "{}");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"],
        "Stripe-Signature header is too large or has too many signatures"
    );
    let long = format!("t={t},v1=00,v0={}", "0".repeat(64 * 1024));
    let r = c.post("/webhooks/stripe", &[("Stripe-Signature", &long)], "{}");
    assert_eq!(r.status, 400);
}

#[test]
fn healthz_answers_while_webhooks_are_being_verified() {
    // Eight secrets (rolling over) and eight v1 entries each: the most a
    // delivery can make the collector hash, done off the async workers.
    let c = Collector::start(|cfg| {
        cfg.stripe_secrets = (0..8).map(|i| format!("whsec_{i}")).collect();
        cfg.max_body = 8 << 20;
    });
    let url = c.url.clone();
    let busy: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let payload = format!("{{\"pad\":\"{}\"}}", "x".repeat(7 << 20));
                let t = unix_now();
                let wrong = sign(payload.as_bytes(), "whsec_wrong", t);
                let v1 = wrong.split_once(",v1=").unwrap().1;
                let header = format!("t={t}{}", format!(",v1={v1}").repeat(8));
                let started = Instant::now();
                let status = common::request(
                    "POST",
                    &format!("{url}/webhooks/stripe"),
                    &[("Stripe-Signature", &header)],
                    Some(&payload),
                )
                .status;
                (status, started.elapsed())
            })
        })
        .collect();
    let mut worst = Duration::ZERO;
    let mut probes = 0;
    while probes < 400 && busy.iter().any(|b| !b.is_finished()) {
        let took = healthz_within(&c, Duration::from_secs(10)).expect("healthz answered");
        worst = worst.max(took);
        probes += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut shortest = Duration::MAX;
    for b in busy {
        let (status, took) = b.join().unwrap();
        assert_eq!(status, 400);
        shortest = shortest.min(took);
    }
    // Hashing on the async workers holds a probe for about as long as a verification
    // takes; judged against that, not against a fixed time, a busy test machine slows
    // both alike.
    assert!(probes > 0, "no probe ran while the webhooks were verified");
    assert!(
        worst < shortest / 4,
        "healthz took {worst:?} while a verification took {shortest:?}"
    );
}
