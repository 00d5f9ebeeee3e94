//! The rest of KISSmetrics' library on virtual time: what a page records by
//! itself (Returning, Ad Campaign Hit, Search Engine Hit, Page View with
//! single-page-app navigations, the URL API, each switch), and trackClick,
//! trackClickOnOutboundLink and trackSubmit with the facts the shell hands
//! over for a click or a submit.
#![cfg(feature = "autotrack")]

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, page_at, Harness};
use serde_json::{json, Value};
use trackq::core::autotrack::{CAMPAIGNS, PAGE_VIEWS, VISITED_SITE};
use trackq::core::limits::SESSION_TIMEOUT_MS;
use trackq::core::Config;

const LANDING: &str = "https://app.acme.test/";

/// A first visit to `url` from `referrer`, with `config`.
fn visit(config: Config, url: &str, referrer: &str) -> Harness {
    Harness::with(config, page_at(url, referrer))
}

/// Every message delivered so far after a flush, once each, as the
/// collector keeps them.
fn sent(h: &mut Harness) -> Vec<Value> {
    let interval = h.config.flush_interval_ms;
    h.advance(interval);
    h.respond_all(200);
    h.delivered().0
}

/// The event names (or message types) in order.
fn names(messages: &[Value]) -> Vec<String> {
    let name = |m: &Value| match m["type"].as_str() {
        Some("track") => event(m).to_owned(),
        Some(other) => other.to_owned(),
        None => String::new(),
    };
    messages.iter().map(name).collect()
}

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

/// A click on the element `[id, class, number]` inside `<body>`: the
/// facts as the shell hands them over.
fn click(h: &mut Harness, node: Value, href: &str, target: &str, button: u8, modified: bool) {
    let chain = json!([node, ["", null, 0], ["", null, 0]]);
    let facts = json!([chain, href, target, button, modified]).to_string();
    let now = h.now();
    h.tracker().handle_click(&facts, now);
    h.drain();
}

#[test]
fn track_click_by_id_class_or_element_on_elements_added_later() {
    let mut h = Harness::new();
    h.push("['trackClick', 'invite_link', 'Invite Friends Clicked', {'color': 'red'}]");
    h.push("['trackClick', '.play_button', 'Play Button Clicked']");
    // An Element, as the shell hands it over: its number.
    h.push_json(r#"["trackClick",-1,"Logo Clicked"]"#);
    // The shell listens on the whole document: an element added after the
    // command is matched like any other when it is clicked.
    click(&mut h, json!(["invite_link", "btn", 0]), "", "", 0, false);
    click(&mut h, json!(["", "big play_button", 0]), "", "", 0, false);
    click(&mut h, json!(["", "play", 0]), "", "", 0, false);
    click(&mut h, json!(["", null, -1]), "", "", 0, false);
    click(&mut h, json!(["invite_link", "", 0]), "", "", 2, false); // a right click
    let m = sent(&mut h);
    assert_eq!(
        names(&m),
        [
            "Visited Site",
            "Invite Friends Clicked",
            "Play Button Clicked",
            "Logo Clicked"
        ]
    );
    assert_eq!(m[1]["properties"], json!({"color": "red"}));
    assert!(h.take_warnings().is_empty());
    // A clicked element inside the target counts (a span in a link).
    let mut h = Harness::new();
    h.push("['trackClick', 'invite_link', 'Invite Friends Clicked']");
    let chain = json!([["", "icon", 0], ["invite_link", "", 0]]);
    let now = h.now();
    h.tracker()
        .handle_click(&json!([chain, "", "", 0, false]).to_string(), now);
    h.drain();
    assert_eq!(
        names(&sent(&mut h)),
        ["Visited Site", "Invite Friends Clicked"]
    );
}

#[test]
fn a_bad_track_click_is_dropped_with_one_warning() {
    let mut h = Harness::new();
    for bad in [
        "['trackClick', '', 'E']",
        "['trackClick', '.', 'E']",
        "['trackClick', 3, 'E']",
        "['trackSubmit', 'form']",
        "['trackClickOnOutboundLink', 'a', 'E', 'not props']",
    ] {
        h.push(bad);
        let warnings = h.take_warnings();
        assert_eq!(warnings.len(), 1, "{bad}: {warnings:?}");
        assert!(
            warnings[0].starts_with("trackq: command dropped: "),
            "{bad}"
        );
    }
}

#[test]
fn an_outbound_link_leaves_with_the_page_by_beacon() {
    let mut h = Harness::new();
    h.push("['trackClickOnOutboundLink', 'partner', 'Visited Partner']");
    h.push("['trackClick', '.nav', 'Nav Clicked']");
    let before = h.sent.len();
    click(
        &mut h,
        json!(["partner", "", 0]),
        "https://partner.test/",
        "",
        0,
        false,
    );
    let beacons: Vec<_> = h.sent[before..].iter().filter(|s| s.beacon).collect();
    assert_eq!(
        beacons.len(),
        1,
        "sent at the click, before the browser follows the link"
    );
    let sent_events: Vec<&str> = beacons[0].batch().iter().map(event).collect();
    assert!(sent_events.contains(&"Visited Partner"), "{sent_events:?}");

    // New tabs, downloads, other targets and non-http links leave the page
    // where it is: recorded, nothing sent at once.
    for (href, target, button, modified) in [
        ("https://partner.test/", "_blank", 0, false),
        ("https://partner.test/", "", 0, true),
        ("https://partner.test/", "", 1, false),
        ("mailto:ann@acme.test", "", 0, false),
    ] {
        let before = h.sent.len();
        click(
            &mut h,
            json!(["partner", "", 0]),
            href,
            target,
            button,
            modified,
        );
        assert_eq!(h.sent.len(), before, "{href} {target} {button} {modified}");
    }
    // A click on a link that no command watches sends nothing either.
    let before = h.sent.len();
    click(
        &mut h,
        json!(["elsewhere", "", 0]),
        "https://partner.test/",
        "",
        0,
        false,
    );
    assert_eq!(h.sent.len(), before);
    let events = names(&sent(&mut h));
    assert_eq!(events.iter().filter(|e| *e == "Visited Partner").count(), 5);
}

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
