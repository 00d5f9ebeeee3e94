//! Page View on virtual time (KISSmetrics' library, `data-page-views`): on
//! load and on each single-page-app navigation the shell hands over, and the
//! page later messages carry.
#![cfg(feature = "autotrack")]

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, names, sent, visit, LANDING};
use serde_json::json;
use trackq::core::autotrack::PAGE_VIEWS;
use trackq::core::Config;

#[test]
fn page_views_on_load_and_on_single_page_app_navigations() {
    let mut h = visit(config(), LANDING, "https://news.acme.test/");
    let now = h.now();
    h.tracker()
        .handle_navigation(&format!("{LANDING}#/a"), "/", "A", now);
    assert_eq!(names(&sent(&mut h)), ["Visited Site"], "off by default");

    let on = Config {
        auto: config().auto | PAGE_VIEWS,
        ..config()
    };
    let mut h = visit(on, LANDING, "https://news.acme.test/");
    for (url, path, title) in [
        ("https://app.acme.test/pricing", "/pricing", "Pricing"),
        ("https://app.acme.test/pricing", "/pricing", "Pricing"), // replaceState of the state
        ("https://app.acme.test/pricing#plans", "/pricing", "Pricing"),
    ] {
        let now = h.now();
        h.tracker().handle_navigation(url, path, title, now);
        h.drain();
    }
    h.push("['record', 'Chose Plan']");
    let m = sent(&mut h);
    assert_eq!(
        names(&m),
        [
            "Visited Site",
            "Page View",
            "Page View",
            "Page View",
            "Chose Plan"
        ]
    );
    let viewed = |i: usize| {
        (
            m[i]["properties"]["Viewed URL"].clone(),
            m[i]["properties"]["Referrer"].clone(),
        )
    };
    assert_eq!(
        viewed(1),
        (json!(LANDING), json!("https://news.acme.test/"))
    );
    assert_eq!(
        viewed(2),
        (json!("https://app.acme.test/pricing"), json!(LANDING))
    );
    assert_eq!(
        viewed(3),
        (
            json!("https://app.acme.test/pricing#plans"),
            json!("https://app.acme.test/pricing")
        )
    );
    let page = &m[4]["context"]["page"];
    assert_eq!(
        (
            &page["url"],
            &page["path"],
            &page["title"],
            &page["referrer"]
        ),
        (
            &json!("https://app.acme.test/pricing#plans"),
            &json!("/pricing"),
            &json!("Pricing"),
            &json!("https://app.acme.test/pricing")
        ),
        "later messages carry the page navigated to"
    );
}
