//! The `data-*` attributes of the script tag: whatever they hold, the
//! settings stay in range, every warning is a `trackq:` line, and a session
//! on them keeps the invariants of `tests/harness/model/check.rs`.
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use harness::model::{Input, Model};
use trackq::core::input::Config;

/// The attributes trackq reads (as `dataset` spells them), and one it does not.
const NAMES: [&str; 9] = [
    "endpoint",
    "key",
    "batchSize",
    "flushInterval",
    "debug",
    "transport",
    "validation",
    "pii",
    "other",
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let mut attrs: Vec<(&str, String)> = Vec::new();
    for name in NAMES {
        if input.byte() % 2 == 1 {
            attrs.push((name, input.text(24)));
        }
    }
    let mut warnings: Vec<String> = Vec::new();
    let attr = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    let config = Config::from_attributes(attr, &mut |w| warnings.push(w.render()));
    assert!((1..=500).contains(&config.batch_size), "{config:?}");
    assert!(
        (50..=3_600_000).contains(&config.flush_interval_ms),
        "{config:?}"
    );
    assert!(
        warnings.iter().all(|w| w.starts_with("trackq: ")),
        "{warnings:?}"
    );
    // The endpoint is the page's to choose; sending goes to the harness.
    let mut model = Model::new(harness::Harness::with_config(config));
    for _ in 0..harness::model::MAX_STEPS {
        if input.done() {
            break;
        }
        model.step(&mut input);
        model.check();
    }
});
