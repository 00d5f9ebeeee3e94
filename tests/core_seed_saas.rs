//! Every `window._upstack('track', ...)` example of seed 001 and every
//! `_df.track(...)` example of seed 002, read verbatim from `tests/seeds/`
//! and pushed as the shell does (`['_upstack', 'track', name, props]`).

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, get, js, Harness};
use trackq::core::support::json::to_string;
use trackq::core::Config;
use trackq::core::Value;

const UPSTACK: &str = include_str!("seeds/upstack.txt");
const DF: &str = include_str!("seeds/df.txt");

/// SHA-256 of `jane@acme.com` and `ann@acme.com` (computed with `sha256sum`).
const JANE_HASH: &str = "7bb9e30283184c3b4bbbf2262a600be7165d7e6f50e424a611aa64394e7ecdb5";
const ANN_HASH: &str = "f9669db96e65a194239696238f1c70f32c9cba34c3d842b805cf2c9e42b1f3a5";

/// The argument text of a call, up to its closing parenthesis.
fn call_args(text: &str) -> &str {
    let (mut depth, mut quote) = (0, None);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')') if depth == 0 => return &text[..i],
            (None, ')' | ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    panic!("unclosed call: {text}")
}

/// Every `<call>args)` of `doc` as the command `[api, 'track', args...]`.
fn examples(doc: &str, call: &str, api: &str) -> Vec<Value> {
    let calls = doc.split(call).skip(1);
    calls
        .map(|rest| js(&format!("['{api}', 'track', {}]", call_args(rest))))
        .collect()
}

/// Pushes `commands` on a fresh page; returns the page and the messages
/// after "Visited Site", in order.
fn send(config: Config, commands: &[Value]) -> (Harness, Vec<Value>) {
    let mut h = Harness::with_config(config);
    for c in commands {
        h.push_value(c);
    }
    h.advance(h.config.flush_interval_ms);
    h.respond_all(200);
    let mut m = h.ordered_messages();
    assert_eq!(get(&m[0], "event").as_str(), Some("Visited Site"));
    m.remove(0);
    (h, m)
}

/// One track message per example: its name, its properties as given, the
/// API's taxonomy, no invalid problem, no warning.
fn check_examples(api: &str, commands: &[Value]) -> Vec<Value> {
    let (h, messages) = send(config(), commands);
    assert_eq!(messages.len(), commands.len());
    for (command, m) in commands.iter().zip(&messages) {
        let Value::Arr(args) = command else {
            unreachable!()
        };
        let name = args[2].as_str().expect("an event name");
        assert_eq!(get(m, "type").as_str(), Some("track"), "{name}");
        assert_eq!(get(m, "event").as_str(), Some(name));
        let given = args.get(3).map_or("{}".to_owned(), to_string);
        assert_eq!(to_string(get(m, "properties")), given, "{name}");
        let context = get(m, "context");
        assert_eq!(get(context, "taxonomy").as_str(), Some(api), "{name}");
        if let Value::Arr(problems) = get(context, "validation") {
            for p in problems {
                assert_eq!(
                    get(p, "problem").as_str(),
                    Some("unplanned"),
                    "{name}: {}",
                    to_string(p)
                );
            }
        }
    }
    assert!(h.warnings.is_empty(), "{:?}", h.warnings);
    messages
}

#[test]
fn every_upstack_track_example_of_seed_001() {
    let commands = examples(UPSTACK, "window._upstack('track', ", "_upstack");
    assert_eq!(commands.len(), 35);
    let messages = check_examples("upstack", &commands);
    let created = &messages[0];
    assert_eq!(
        get(get(created, "properties"), "userEmail").as_str(),
        Some("jane@acme.com"),
        "kept unless pii_strict"
    );
}

#[test]
fn every_df_track_example_of_seed_002() {
    let commands = examples(DF, "_df.track(", "_df");
    assert_eq!(commands.len(), 21);
    let messages = check_examples("df", &commands);
    let invitation = messages
        .iter()
        .find(|m| get(m, "event").as_str() == Some("invitation_sent"))
        .expect("invitation_sent");
    assert_eq!(
        get(get(invitation, "properties"), "invitee_email_hash").as_str(),
        Some("b3a8e0e1...")
    );
}

#[test]
fn df_never_carries_a_raw_email() {
    let commands = [
        js("['_df', 'track', 'invitation_sent', {invitee_email: ' Ann@Acme.com ', role: 'member', seats_total: 8}]"),
        js("['_df', 'track', 'subscription_cancelled', {plan_id: 'p', feedback: 'mail me at ann@acme.com'}]"),
        js("['_df', 'track', 'account_created', {owner: {email: 'ann@acme.com'}, tags: ['bob@acme.com']}]"),
    ];
    let (h, messages) = send(config(), &commands);
    let props: Vec<_> = messages
        .iter()
        .map(|m| to_string(get(m, "properties")))
        .collect();
    assert_eq!(
        props[0],
        format!(r#"{{"invitee_email_hash":"{ANN_HASH}","role":"member","seats_total":8}}"#)
    );
    assert_eq!(
        props[1],
        r#"{"plan_id":"p","feedback":"mail me at [redacted email]"}"#
    );
    assert_eq!(
        props[2],
        r#"{"owner":{"email":"[redacted email]"},"tags":["[redacted email]"]}"#
    );
    assert!(
        h.sent.iter().all(|s| !s.raw.contains("acme.com")),
        "a raw email left the page"
    );
    let problems = to_string(get(get(&messages[0], "context"), "validation"));
    assert_eq!(problems, "null", "the hashed name is the planned one");
}

#[test]
fn upstack_emails_are_hashed_only_when_strict() {
    let created = examples(UPSTACK, "window._upstack('track', ", "_upstack").remove(0);
    let (_, messages) = send(
        Config {
            pii_strict: true,
            ..config()
        },
        &[created],
    );
    let props = get(&messages[0], "properties");
    assert!(get(props, "userEmail").is_null());
    assert_eq!(get(props, "userEmailHash").as_str(), Some(JANE_HASH));
}

#[test]
fn upstack_and_df_identify_work_like_identify_with_traits() {
    for api in ["_upstack", "_df"] {
        let commands = [
            js(&format!("['{api}', 'identify', 'usr_1', {{plan: 'pro'}}]")),
            js(&format!("['{api}', 'track', 'custom_thing']")),
        ];
        let (h, messages) = send(config(), &commands);
        let anonymous = h.messages()[0]["anonymousId"].clone();
        let kinds: Vec<_> = messages
            .iter()
            .map(|m| get(m, "type").as_str().unwrap_or("").to_owned())
            .collect();
        assert_eq!(kinds, ["alias", "identify", "track"], "{api}");
        assert_eq!(get(&messages[0], "previousId").as_str(), anonymous.as_str());
        assert_eq!(get(&messages[1], "userId").as_str(), Some("usr_1"));
        assert_eq!(to_string(get(&messages[1], "traits")), r#"{"plan":"pro"}"#);
        let custom = &h.messages()[3];
        assert_eq!(
            (event(custom), custom["userId"].as_str()),
            ("custom_thing", Some("usr_1"))
        );
        assert!(
            custom["context"].get("taxonomy").is_none(),
            "custom events are not checked"
        );
    }
}
