//! What a page records by itself when a visitor lands, on virtual time
//! (KISSmetrics' library): Ad Campaign Hit, Search Engine Hit, the URL API,
//! Returning on every later session, and the switch of each.
#![cfg(feature = "autotrack")]

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, names, sent, visit, Harness, LANDING};
use serde_json::{json, Value};
use trackq::core::autotrack::{CAMPAIGNS, VISITED_SITE};
use trackq::core::limits::SESSION_TIMEOUT_MS;
use trackq::core::Config;

#[test]
fn a_campaign_url_records_ad_campaign_hit_after_visited_site() {
    let url = "https://app.acme.test/?utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale&utm_term=crm+tool&gclid=Cj0";
    let mut h = visit(config(), url, "");
    let m = sent(&mut h);
    assert_eq!(names(&m), ["Visited Site", "Ad Campaign Hit"]);
    assert_eq!(
        m[1]["properties"],
        json!({"Campaign Source": "newsletter", "Campaign Medium": "email",
               "Campaign Name": "spring sale", "Campaign Terms": "crm tool"})
    );
    // gclid alone is a hit too; other parameters are not.
    let mut h = visit(config(), "https://app.acme.test/?gclid=Cj0", "");
    assert_eq!(names(&sent(&mut h)), ["Visited Site", "Ad Campaign Hit"]);
    let mut h = visit(config(), "https://app.acme.test/?plan=pro", "");
    assert_eq!(names(&sent(&mut h)), ["Visited Site"]);
}

#[test]
fn a_search_engine_referrer_records_search_engine_hit() {
    let mut h = visit(
        config(),
        LANDING,
        "https://www.google.co.uk/search?q=crm+tool&hl=en",
    );
    let m = sent(&mut h);
    assert_eq!(names(&m), ["Visited Site", "Search Engine Hit"]);
    assert_eq!(
        m[1]["properties"],
        json!({"Search Engine": "Google", "Search Terms": "crm tool"})
    );
    let mut h = visit(config(), LANDING, "https://duckduckgo.com/");
    let m = sent(&mut h);
    assert_eq!(m[1]["properties"], json!({"Search Engine": "DuckDuckGo"}));
    for other in [
        "https://mail.google.com/mail/u/0/",
        "https://news.acme.test/?q=crm",
    ] {
        let mut h = visit(config(), LANDING, other);
        assert_eq!(names(&sent(&mut h)), ["Visited Site"], "{other}");
    }
}

#[test]
fn the_url_api_identifies_then_records() {
    let url =
        "https://app.acme.test/?kmi=ann%40acme.test&kme=Opened+Newsletter&km_Issue=42&km_Plan=Pro";
    let mut h = visit(config(), url, "");
    let m = sent(&mut h);
    assert_eq!(names(&m), ["alias", "Visited Site", "Opened Newsletter"]);
    assert_eq!(m[0]["userId"], "ann@acme.test");
    assert_eq!(
        m[1]["userId"], "ann@acme.test",
        "Visited Site names who came"
    );
    assert_eq!(m[2]["properties"], json!({"Issue": "42", "Plan": "Pro"}));
    // Properties without an event are set on the visitor (like `identify`,
    // before "Visited Site").
    let mut h = visit(config(), "https://app.acme.test/?km_Plan=Pro", "");
    let m = sent(&mut h);
    assert_eq!(names(&m), ["identify", "Visited Site"]);
    assert_eq!(m[0]["traits"], json!({"Plan": "Pro"}));
}

#[test]
fn every_session_after_the_first_is_returning() {
    let mut h = Harness::new();
    h.push("['record', 'Viewed Pricing']");
    h.advance(SESSION_TIMEOUT_MS + 60_000);
    h.push("['record', 'Viewed Pricing']");
    h.advance(SESSION_TIMEOUT_MS + 60_000);
    h.reload();
    let m = sent(&mut h);
    let visits: Vec<&Value> = m.iter().filter(|m| event(m) == "Visited Site").collect();
    assert_eq!(visits.len(), 3);
    assert_eq!(visits[0]["properties"].get("Returning"), None, "the first");
    assert_eq!(visits[1]["properties"]["Returning"], 1, "on the same page");
    assert_eq!(visits[2]["properties"]["Returning"], 1, "after a reload");
}

#[test]
fn each_automatic_event_can_be_switched_off() {
    let url = "https://app.acme.test/?utm_source=g&kme=Came";
    let off = Config {
        auto: config().auto & !(VISITED_SITE | CAMPAIGNS),
        ..config()
    };
    let mut h = visit(off, url, "https://www.bing.com/search?q=acme");
    assert_eq!(names(&sent(&mut h)), ["Search Engine Hit", "Came"]);
    let none = Config {
        auto: 0,
        ..config()
    };
    let mut h = visit(none, url, "https://www.bing.com/search?q=acme");
    h.push("['record', 'Own Event']");
    assert_eq!(names(&sent(&mut h)), ["Own Event"]);
}
