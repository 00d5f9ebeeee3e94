//! The `_kmq` identity commands through the core: `identify` of an anonymous
//! visitor (an alias, and the user on later events), `set`, `alias` and
//! `clearIdentity`.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, get, run};
use trackq::core::support::json::to_string;

#[test]
fn identify_from_anonymous_aliases_and_later_events_carry_the_user() {
    let h = run(
        config(),
        &["['identify', 'your_identifier_here']", "['signedUp']"],
    );
    let m = h.messages();
    let anonymous = m[0]["anonymousId"].as_str().expect("anonymousId");
    let alias = m
        .iter()
        .find(|m| m["type"] == "alias")
        .expect("an alias message");
    assert_eq!(alias["previousId"], anonymous);
    assert_eq!(alias["userId"], "your_identifier_here");
    let signed = m
        .iter()
        .find(|m| event(m) == "Signed Up")
        .expect("Signed Up");
    assert_eq!(
        (signed["userId"].as_str(), signed["anonymousId"].as_str()),
        (Some("your_identifier_here"), Some(anonymous))
    );
    assert!(
        m[0].get("userId").is_none(),
        "Visited Site came before identify"
    );
}

#[test]
fn set_alias_and_clear_identity() {
    let h = run(
        config(),
        &[
            "['set', {'Plan Name': 'Pro', 'Seats': 3}]",
            "['alias', 'ann@acme.test', 'usr_42']",
            "['identify', 'usr_42']",
            "['clearIdentity']",
            "['canceled']",
        ],
    );
    let m = h.ordered_messages();
    let kinds: Vec<_> = m
        .iter()
        .map(|m| get(m, "type").as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(kinds, ["track", "identify", "alias", "alias", "track"]);
    assert_eq!(
        to_string(get(&m[1], "traits")),
        r#"{"Plan Name":"Pro","Seats":3}"#
    );
    assert_eq!(
        (
            get(&m[2], "previousId").as_str(),
            get(&m[2], "userId").as_str()
        ),
        (Some("ann@acme.test"), Some("usr_42"))
    );
    let before = get(&m[3], "anonymousId").clone();
    assert_eq!(get(&m[3], "userId").as_str(), Some("usr_42"));
    let after = &m[4];
    assert_ne!(
        get(after, "anonymousId"),
        &before,
        "clearIdentity starts a new anonymous id"
    );
    assert!(
        get(after, "userId").is_null(),
        "no userId after clearIdentity"
    );
    assert_eq!(
        h.store.get("tq1:aid").map(String::as_str),
        get(after, "anonymousId").as_str()
    );
    assert!(!h.store.contains_key("tq1:uid"));
}
