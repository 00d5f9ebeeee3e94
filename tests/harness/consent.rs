//! Consent, as the privacy suites check it: the `data-consent="pending"`
//! config, what an opt-out leaves in localStorage, and what is sent.

use super::{config, Harness};
use trackq::core::consent::Settings;
use trackq::core::Config;

/// The key of the visitor's choice in localStorage.
pub const CONSENT: &str = "tq1:consent";

/// The test config with `data-consent="pending"`.
pub fn pending() -> Config {
    let mut c = config();
    c.consent = Settings {
        pending: true,
        ..Settings::default()
    };
    c
}

/// The keys in localStorage.
fn keys(h: &Harness) -> Vec<&str> {
    h.store.keys().map(String::as_str).collect()
}

/// Only the opt-out is left in localStorage.
pub fn only_the_opt_out(h: &Harness) {
    assert_eq!(keys(h), vec![CONSENT], "{:?}", h.store);
    assert_eq!(h.store[CONSENT], "out");
}

/// Lets a minute pass, answering 200: how many requests were sent in it.
pub fn sends_in_a_minute(h: &mut Harness) -> usize {
    let before = h.sent.len();
    for _ in 0..12 {
        h.advance(5_000);
        h.respond_all(200);
    }
    h.sent.len() - before
}

/// "Visited Site" messages the collector kept (duplicates dropped).
pub fn visits(h: &Harness) -> usize {
    let events = h.delivered_events();
    events.iter().filter(|e| *e == "Visited Site").count()
}
