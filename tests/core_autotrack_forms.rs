//! trackSubmit on virtual time (KISSmetrics' library), with the facts the
//! shell hands over for a submit: the fields it captures and never captures,
//! who submitted, `data-form-fields="off"`, and the PII guard.
#![cfg(feature = "autotrack")]

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, names, sent, Harness};
use serde_json::{json, Value};
use trackq::core::Config;

/// A submit of the form `signup_form` with `fields`.
fn submit(h: &mut Harness, fields: Value) {
    let chain = json!([["signup_form", "", 0], ["", null, 0]]);
    let now = h.now();
    h.tracker()
        .handle_submit(&json!([chain, fields]).to_string(), now);
    h.drain();
}

fn signup_fields() -> Value {
    json!([
        ["name", "text", "Ann", ""],
        ["email", "email", "ann@acme.test", ""],
        ["password", "password", "hunter2", "km_include"],
        ["csrf", "hidden", "t0k3n", ""],
        ["about", "textarea", "hello", ""],
        ["cc_num", "text", "x", "km_include"],
        ["billing_zip", "text", "94105", ""],
        ["coupon", "text", "FREE10", "km_ignore"],
        ["card", "text", "4111 1111 1111 1111", ""],
        ["tax_id", "text", "078-05-1120", "km_include"],
        ["newsletter", "checkbox", "on", "", false],
        ["plan", "radio", "pro", "", true],
        ["go", "submit", "Sign up", ""],
        ["", "text", "no name", ""]
    ])
}

#[test]
fn track_submit_captures_the_fields_it_may_and_identifies_the_visitor() {
    let mut h = Harness::new();
    h.push("['trackSubmit', 'signup_form', 'Signed Up Form', {'variation': 'single page'}]");
    submit(&mut h, signup_fields());
    let m = sent(&mut h);
    assert_eq!(names(&m), ["Visited Site", "alias", "Signed Up Form"]);
    assert_eq!(
        m[1]["userId"], "ann@acme.test",
        "the email field names the visitor"
    );
    assert_eq!(
        m[2]["properties"],
        json!({"variation": "single page", "name": "Ann", "email": "ann@acme.test",
               "cc_num": "x", "plan": "pro"})
    );
    assert_eq!(m[2]["userId"], "ann@acme.test");
    let raw: String = h.sent.iter().map(|s| s.raw.as_str()).collect();
    for secret in [
        "hunter2",
        "t0k3n",
        "hello",
        "94105",
        "FREE10",
        "4111",
        "078-05-1120",
        "no name",
    ] {
        assert!(!raw.contains(secret), "{secret} was sent");
    }

    // A known visitor is not re-identified by a form.
    let mut h = Harness::new();
    h.push("['identify', 'user_42']");
    h.push("['trackSubmit', 'signup_form', 'Signed Up Form']");
    submit(&mut h, signup_fields());
    let m = sent(&mut h);
    assert_eq!(names(&m), ["Visited Site", "alias", "Signed Up Form"]);
    assert_eq!(m[2]["userId"], "user_42");
}

#[test]
fn form_fields_off_captures_none() {
    let off = Config {
        auto: config().auto & !trackq::core::autotrack::FORM_FIELDS,
        ..config()
    };
    let mut h = Harness::with_config(off);
    h.push("['trackSubmit', 'signup_form', 'Signed Up Form', {'variation': 'b'}]");
    submit(&mut h, signup_fields());
    // Another form is not the one watched.
    let chain = json!([["other_form", "", 0]]);
    let now = h.now();
    h.tracker()
        .handle_submit(&json!([chain, signup_fields()]).to_string(), now);
    h.drain();
    let m = sent(&mut h);
    assert_eq!(names(&m), ["Visited Site", "Signed Up Form"]);
    assert_eq!(m[1]["properties"], json!({"variation": "b"}));
}

#[test]
fn a_form_follows_the_pii_guard() {
    // `data-pii="strict"`: an email in a captured field is redacted like any
    // `_kmq` property; ids are not changed, so the email field still names
    // the visitor.
    let strict = Config {
        pii_strict: true,
        ..config()
    };
    let mut h = Harness::with_config(strict);
    h.push("['trackSubmit', 'signup_form', 'Signed Up Form']");
    let note = json!(["note", "text", "write to ann@acme.test", ""]);
    let fields = json!([
        ["name", "text", "Ann", ""],
        ["email", "email", "ann@acme.test", ""],
        note
    ]);
    submit(&mut h, fields.clone());
    let m = sent(&mut h);
    assert_eq!(names(&m), ["Visited Site", "alias", "Signed Up Form"]);
    assert_eq!(m[1]["userId"], "ann@acme.test");
    assert_eq!(
        m[2]["properties"],
        json!({"name": "Ann", "email": "[redacted email]", "note": "write to [redacted email]"})
    );

    // Standard: kept as the visitor typed them.
    let mut h = Harness::new();
    h.push("['trackSubmit', 'signup_form', 'Signed Up Form']");
    submit(&mut h, fields);
    let m = sent(&mut h);
    assert_eq!(
        m[2]["properties"],
        json!({"name": "Ann", "email": "ann@acme.test", "note": "write to ann@acme.test"})
    );
}
