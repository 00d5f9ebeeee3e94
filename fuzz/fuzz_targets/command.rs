//! One pushed command, as the text the bootstrap hands over
//! (`JSON.stringify` of it): whatever it is, nothing panics, the harness's
//! checks of every output hold, and the JSON reader agrees with serde_json.
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

use trackq::core::input::json_parse::parse;
use trackq::core::support::json::to_string;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // What the reader takes, it writes back as JSON; what it refuses is
    // not JSON (a value nested too deep reads as null, so is left out).
    let parsed = parse(text, false);
    let strict = serde_json::from_str::<serde_json::Value>(text);
    if let Some(value) = &parsed.value {
        let written = to_string(value);
        // serde_json refuses numbers out of f64's range, which are JSON.
        let again = serde_json::from_str::<serde_json::Value>(&written);
        assert!(
            again.is_ok() || again.is_err_and(|e| e.to_string().contains("out of range")),
            "{text:?} was read and written back as {written:?}"
        );
    } else if !parsed.too_deep {
        assert!(strict.is_err(), "{text:?} is JSON but was refused");
    }
    let mut h = harness::Harness::new();
    h.push_json(text);
    h.advance(5_000);
    h.respond_all(200);
    let mut model = harness::model::Model::new(h);
    model.check();
});
