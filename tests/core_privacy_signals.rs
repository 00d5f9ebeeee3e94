//! The browser's privacy signals: Global Privacy Control (unless
//! `data-gpc="ignore"`), Do Not Track with `data-respect-dnt`, and an
//! `optIn` that outlasts them.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{sends_in_a_minute, visits, Harness};
use trackq::core::consent::{Reason, State};

#[test]
fn global_privacy_control_is_an_opt_out_that_stores_nothing_unless_ignored() {
    // An earlier visit without the signal left an identity.
    let mut h = Harness::new();
    h.push("['identify', 'ann@acme.test']");
    h.settle();
    h.leave();
    assert!(h.store.contains_key("tq1:uid"));

    h.page.signals.gpc = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Denied(Reason::Gpc));
    h.push("['record', 'Viewed Pricing']");
    let sent = h.sent.len();
    assert_eq!(sends_in_a_minute(&mut h), 0);
    h.leave();
    assert!(h.store.is_empty(), "{:?}", h.store);
    assert_eq!(h.sent.len(), sent);

    h.config.consent.ignore_gpc = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Granted);
    h.push("['record', 'Viewed Pricing']");
    h.settle();
    assert_eq!(visits(&h), 2);
    assert_eq!(h.delivered_events().last().unwrap(), "Viewed Pricing");
    assert!(h.store.contains_key("tq1:aid"));
}

#[test]
fn an_opt_in_outlasts_the_browsers_signals() {
    let mut h = Harness::new();
    h.leave();
    h.page.signals.gpc = true;
    h.open();
    h.push("['optIn']");
    h.reload();
    assert_eq!(h.tracker().consent(), State::Granted);
    h.push("['record', 'Viewed Pricing']");
    h.settle();
    assert_eq!(h.delivered_events().last().unwrap(), "Viewed Pricing");
    assert_eq!(visits(&h), 2, "the first page's, and the one after optIn");
}

#[test]
fn do_not_track_counts_only_with_data_respect_dnt() {
    let mut h = Harness::new();
    h.page.signals.dnt = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Granted);
    h.config.consent.respect_dnt = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Denied(Reason::Dnt));
    h.push("['record', 'Viewed Pricing']");
    h.advance(60_000);
    h.leave();
    assert!(!h.delivered_events().iter().any(|e| e == "Viewed Pricing"));
}
