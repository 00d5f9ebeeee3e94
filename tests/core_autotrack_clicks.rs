//! trackClick and trackClickOnOutboundLink on virtual time (KISSmetrics'
//! library), with the facts the shell hands over for a click; and the
//! warning for a bad click or submit command.
#![cfg(feature = "autotrack")]

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{event, names, sent, Harness};
use serde_json::{json, Value};

/// A click on the element `[id, class, number]` inside `<body>`: the
/// facts as the shell hands them over.
fn click(h: &mut Harness, node: Value, href: &str, target: &str, button: u8, modified: bool) {
    let chain = json!([node, ["", null, 0], ["", null, 0]]);
    let facts = json!([chain, href, target]).to_string();
    let now = h.now();
    h.tracker().handle_click(&facts, button, modified, now);
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
        .handle_click(&json!([chain, "", ""]).to_string(), 0, false, now);
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
