//! Validation against the KISSmetrics taxonomy (`data-validation`): warn
//! (sent with its problems and one `trackq:` warning), strict (dropped), off.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, run};
use trackq::core::{Config, Validation};

#[test]
fn validation_warn_strict_and_off() {
    let bad = "['record','Billed',{'Billing Amount':'abc'}]";
    let h = run(config(), &[bad]);
    let billed = h
        .messages()
        .into_iter()
        .find(|m| event(m) == "Billed")
        .expect("sent with its problems");
    assert_eq!(billed["context"]["taxonomy"], "kissmetrics");
    let problems =
        serde_json::json!([{"property": "Billing Amount", "problem": "expected number"}]);
    assert_eq!(billed["context"]["validation"], problems);
    assert_eq!(
        h.warnings,
        [r#"trackq: Billed: property "Billing Amount" should be a number"#]
    );

    let strict = run(
        Config {
            validation: Validation::Strict,
            ..config()
        },
        &[bad, "['billed', 1]"],
    );
    let events: Vec<_> = strict
        .messages()
        .iter()
        .map(|m| event(m).to_owned())
        .collect();
    assert_eq!(
        events,
        ["Visited Site", "Billed"],
        "the invalid one is dropped"
    );
    assert_eq!(strict.messages()[1]["properties"]["Billing Amount"], 1);
    let dropped = r#"trackq: Billed: dropped (data-validation="strict")"#;
    assert_eq!(strict.warnings, [h.warnings[0].as_str(), dropped]);

    let off = run(
        Config {
            validation: Validation::Off,
            ..config()
        },
        &[bad],
    );
    for m in off.messages() {
        assert!(
            m["context"].get("taxonomy").is_none() && m["context"].get("validation").is_none(),
            "{m}"
        );
    }
    assert!(off.warnings.is_empty(), "{:?}", off.warnings);
}
