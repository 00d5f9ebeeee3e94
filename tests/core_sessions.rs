//! 30-minute sessions with "Visited Site" (kept open by activity in any
//! tab, named by a queued identify), and what survives a reload. (Several
//! tabs on one localStorage: `core_tabs.rs`.)

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, get, page, Harness};
use trackq::core::limits::SESSION_TIMEOUT_MS;
use trackq::core::support::json::to_string;
use trackq::core::Page;

const MINUTE: u64 = 60_000;

fn visits(h: &Harness) -> usize {
    h.messages()
        .iter()
        .filter(|m| event(m) == "Visited Site")
        .count()
}

#[test]
fn visited_site_once_per_session() {
    let mut h = Harness::new();
    let first = h.ordered_messages_after_flush();
    assert_eq!(first.len(), 1);
    let expected = format!(
        r#"{{"URL":"{}","Referrer":"{}"}}"#,
        page().url,
        page().referrer
    );
    assert_eq!(to_string(get(&first[0], "properties")), expected);
    assert_eq!(
        to_string(get(get(&first[0], "context"), "taxonomy")),
        r#""kissmetrics""#
    );
    h.advance(20 * MINUTE);
    h.push("['record', 'active']");
    h.advance(20 * MINUTE);
    h.reload();
    h.push("['record', 'after reload']");
    h.settle();
    assert_eq!(
        visits(&h),
        1,
        "40 minutes after the start but 20 after the last activity"
    );
    h.advance(SESSION_TIMEOUT_MS + MINUTE);
    h.push("['record', 'back']");
    h.settle();
    let events: Vec<_> = h.delivered_events();
    assert_eq!(
        events,
        [
            "Visited Site",
            "active",
            "after reload",
            "Visited Site",
            "back"
        ]
    );
    h.advance(SESSION_TIMEOUT_MS + MINUTE);
    h.reload();
    h.settle();
    assert_eq!(
        visits(&h),
        3,
        "a reload after 30 idle minutes opens a session"
    );
}

#[test]
fn visited_site_has_no_referrer_when_there_is_none() {
    let page = Page {
        referrer: String::new(),
        ..page()
    };
    let url = page.url.clone();
    let mut h = Harness::with(config(), page);
    let m = h.ordered_messages_after_flush();
    assert_eq!(
        to_string(get(&m[0], "properties")),
        format!(r#"{{"URL":"{url}"}}"#)
    );
}

#[test]
fn identity_survives_reloads_and_keys_are_versioned() {
    let mut h = Harness::new();
    h.push("['identify', 'ann']");
    h.reload();
    h.push("['record', 'x']");
    h.crash();
    h.open();
    h.push("['record', 'y']");
    h.advance(3 * MINUTE);
    h.reload();
    h.settle();
    let (m, _) = h.delivered();
    let anonymous = h.store["tq1:aid"].clone();
    assert!(
        m.iter().all(|m| m["anonymousId"] == *anonymous),
        "one anonymousId throughout"
    );
    let after: Vec<_> = m
        .iter()
        .filter(|m| ["x", "y"].contains(&event(m)))
        .collect();
    assert_eq!(after.len(), 2);
    assert!(
        after.iter().all(|m| m["userId"] == "ann"),
        "the user id is remembered"
    );
    assert!(
        h.store.keys().all(|k| k.starts_with("tq1:")),
        "{:?}",
        h.store.keys()
    );
}

#[test]

fn activity_in_any_tab_keeps_the_session_open() {
    let mut h = Harness::new();
    let idle = h.second_tab();
    h.switch(0);
    for _ in 0..4 {
        h.advance(10 * MINUTE);
        h.push("['record', 'busy']");
    }
    h.switch(idle);
    h.push("['record', 'idle tab']");
    h.settle();
    assert_eq!(
        visits(&h),
        1,
        "the visitor was active 10 minutes ago, in another tab"
    );
}

#[test]
fn a_queued_identify_names_who_visited() {
    let mut h = Harness::new();
    h.leave();
    h.advance(SESSION_TIMEOUT_MS + MINUTE);
    h.open_with_queue(&["['identify', 'ann@acme.com']", "['record', 'Opened App']"]);
    h.settle();
    let (messages, _) = h.delivered();
    let since_alias: Vec<_> = messages
        .iter()
        .skip_while(|m| m["type"] != "alias")
        .map(|m| {
            (
                m["type"].as_str(),
                m["event"].as_str(),
                m["userId"].as_str(),
            )
        })
        .collect();
    let ann = Some("ann@acme.com");
    assert_eq!(
        since_alias,
        [
            (Some("alias"), None, ann),
            (Some("track"), Some("Visited Site"), ann),
            (Some("track"), Some("Opened App"), ann),
        ],
        "the queued identify ran before the session started"
    );
}

/// The `userId` of each delivered "Visited Site", in order.
fn visitors(h: &Harness) -> Vec<Option<String>> {
    let (messages, _) = h.delivered();
    let visits = messages.iter().filter(|m| event(m) == "Visited Site");
    visits
        .map(|m| m["userId"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn the_last_queued_identify_names_who_visited_and_only_events_start_sessions() {
    let mut h = Harness::new();
    h.leave();
    h.advance(SESSION_TIMEOUT_MS + MINUTE);
    // Seed 000's page as written from the seed: its placeholder identify,
    // then the site's own, then a trait and an event, all queued.
    h.open_with_queue(&[
        "['identify', 'your_identifier_here']",
        "['identify', 'ann@acme.com']",
        "['set', {'Plan': 'Pro'}]",
        "['signedUp', 'Pro']",
    ]);
    h.settle();
    let ann = Some("ann@acme.com".to_owned());
    assert_eq!(visitors(&h), [None, ann.clone()]);
    // Long after, identity commands open no session (they are not events
    // in KISSmetrics either); the next event does.
    h.advance(SESSION_TIMEOUT_MS + MINUTE);
    h.push("['identify', 'bob@acme.com']");
    h.push("['set', {'Plan': 'Team'}]");
    h.push("['alias', 'bob@acme.com', 'user_7']");
    h.push("['clearIdentity']");
    h.push("['identify', 'bob@acme.com']");
    h.settle();
    assert_eq!(visitors(&h), [None, ann.clone()]);
    h.push("['record', 'Back Again']");
    h.settle();
    assert_eq!(visitors(&h), [None, ann, Some("bob@acme.com".to_owned())]);
    let events = h.delivered_events();
    let tail: Vec<_> = events.iter().rev().take(2).rev().collect();
    assert_eq!(tail, ["Visited Site", "Back Again"]);
}

#[test]
fn a_page_that_queued_nothing_starts_its_session_when_ready() {
    let mut h = Harness::new();
    h.leave();
    h.advance(SESSION_TIMEOUT_MS + MINUTE);
    h.open_with_queue(&[]);
    h.settle();
    let visited = h.delivered_events();
    let visited = visited.iter().filter(|e| *e == "Visited Site").count();
    assert_eq!(visited, 2, "one Visited Site for each of the two sessions");
}
