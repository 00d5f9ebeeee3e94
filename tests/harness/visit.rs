//! Whole visits in one call, for the suites that look only at what a page
//! sent: a page with commands pushed and everything sent, a first visit to a
//! URL from a referrer, and what it delivered after a flush.

use super::{event, page_at, Harness};
use serde_json::Value;
use trackq::core::Config;

/// A fresh page with `config`, the commands pushed, everything sent.
pub fn run(config: Config, commands: &[&str]) -> Harness {
    let mut h = Harness::with_config(config);
    for c in commands {
        h.push(c);
    }
    h.advance(h.config.flush_interval_ms);
    h.respond_all(200);
    h
}

/// The landing page of [`visit`]s that need no query.
pub const LANDING: &str = "https://app.acme.test/";

/// A first visit to `url` from `referrer`, with `config`.
pub fn visit(config: Config, url: &str, referrer: &str) -> Harness {
    Harness::with(config, page_at(url, referrer))
}

/// Every message delivered so far after a flush, once each, as the
/// collector keeps them.
pub fn sent(h: &mut Harness) -> Vec<Value> {
    let interval = h.config.flush_interval_ms;
    h.advance(interval);
    h.respond_all(200);
    h.delivered().0
}

/// The event names (or message types) in order.
pub fn names(messages: &[Value]) -> Vec<String> {
    let name = |m: &Value| match m["type"].as_str() {
        Some("track") => event(m).to_owned(),
        Some(other) => other.to_owned(),
        None => String::new(),
    };
    messages.iter().map(name).collect()
}
