//! Several tabs on one localStorage, adoption of dead tabs' outboxes,
//! 30-minute sessions with "Visited Site", and what survives a reload.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, get, page, Harness};
use trackq::core::limits::{SESSION_TIMEOUT_MS, TAB_STALE_MS};
use trackq::core::support::json::to_string;
use trackq::core::Config;
use trackq::core::Page;

const MINUTE: u64 = 60_000;

fn quiet() -> Config {
    Config {
        endpoint: None,
        ..config()
    }
}

/// The tab tokens of the stored outbox messages (`tq1:m:<tab>:<seq>`).
fn message_tabs(h: &Harness) -> Vec<String> {
    let mut tabs: Vec<_> = h
        .store
        .keys()
        .filter_map(|k| k.strip_prefix("tq1:m:")?.split(':').next())
        .collect();
    tabs.dedup();
    tabs.into_iter().map(str::to_owned).collect()
}

fn visits(h: &Harness) -> usize {
    h.messages()
        .iter()
        .filter(|m| event(m) == "Visited Site")
        .count()
}

#[test]
fn two_tabs_deliver_every_message_exactly_once() {
    let mut h = Harness::with_config(Config {
        batch_size: 3,
        ..config()
    });
    let a = h.current;
    let b = h.second_tab();
    let mut expected = vec!["Visited Site".to_owned()];
    for i in 0..10 {
        let tab = if i % 2 == 0 { a } else { b };
        h.switch(tab);
        h.push(&format!("['record', 'tab{tab}-{i}']"));
        expected.push(format!("tab{tab}-{i}"));
        if i == 6 {
            h.respond_all(200);
        }
    }
    h.advance(0); // the task ends: open chunks are written
    assert_eq!(message_tabs(&h).len(), 2, "each tab writes its own keys");
    h.switch(a);
    h.leave();
    h.switch(b);
    h.reload();
    h.settle();
    let (delivered, _duplicates) = h.delivered();
    let mut got: Vec<_> = delivered.iter().map(|m| event(m).to_owned()).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "each message once after dedup, none lost");
    assert_eq!(h.stored_messages(), 0);
}

#[test]
fn tabs_never_overwrite_each_others_messages() {
    let mut h = Harness::with_config(quiet());
    let a = h.current;
    let b = h.second_tab();
    for i in 0..5 {
        h.switch(if i % 2 == 0 { a } else { b });
        h.push(&format!("['record', 'e{i}']"));
    }
    h.advance(0); // the task ends: open chunks are written
    assert_eq!(
        h.stored_messages(),
        6,
        "Visited Site and 5 events, none overwritten"
    );
    let stored: Vec<_> = h
        .store
        .iter()
        .filter(|(k, _)| k.starts_with("tq1:m:"))
        .map(|(_, v)| v.clone())
        .collect();
    for i in 0..5 {
        assert!(
            stored
                .iter()
                .any(|v| v.contains(&format!("\"event\":\"e{i}\""))),
            "e{i}"
        );
    }
}

#[test]
fn a_live_tab_is_not_adopted_a_stale_one_is() {
    let mut h = Harness::with_config(quiet());
    h.push("['record', 'a1']");
    h.push("['record', 'a2']");
    h.advance(MINUTE);
    let a_tab = message_tabs(&h).remove(0);
    let last_beat: u64 = h.store[&format!("tq1:hb:{a_tab}")]
        .parse()
        .expect("a heartbeat");
    h.second_tab();
    assert_eq!(
        h.tracker().outbox_len(),
        0,
        "tab a is alive: its messages stay its own"
    );
    h.switch(0);
    h.crash();
    h.switch(1);
    h.advance(last_beat + TAB_STALE_MS - 1_000 - h.clock);
    h.open();
    assert_eq!(h.tracker().outbox_len(), 0, "not stale yet");
    h.advance(2_000);
    h.open();
    assert_eq!(
        h.tracker().outbox_len(),
        3,
        "stale for over 2 minutes: adopted"
    );
    assert!(
        !h.store.contains_key(&format!("tq1:hb:{a_tab}")),
        "its heartbeat is cleaned up"
    );
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
fn a_gone_tabs_chunks_are_adopted_in_the_order_they_were_written() {
    let mut h = Harness::with_config(quiet());
    for i in 0..12 {
        h.push(&format!("['record', 'e{i}']"));
        h.advance(0); // the task ends: one chunk each
    }
    let chunks = h.store.keys().filter(|k| k.starts_with("tq1:m:")).count();
    assert!(chunks >= 12, "{chunks} chunks");
    h.crash();
    h.advance(TAB_STALE_MS + MINUTE);
    h.config = config();
    h.open();
    let events: Vec<String> = h
        .ordered_messages_after_flush()
        .iter()
        .filter_map(|m| get(m, "event").as_str().map(str::to_owned))
        .filter(|e| e.starts_with('e'))
        .collect();
    let written: Vec<String> = (0..12).map(|i| format!("e{i}")).collect();
    assert_eq!(events, written, "chunk 10 comes after chunk 9, not after 1");
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

#[test]
fn two_pages_of_a_first_visit_settle_on_one_anonymous_id() {
    for round in 0..8 {
        let mut h = Harness::new();
        h.crash();
        h.store.clear();
        h.made += round; // other seeds, so either page may make the smaller id
        let tabs = h.open_together(2);
        h.advance(1_000);
        let ids: Vec<String> = tabs
            .iter()
            .map(|&t| {
                h.switch(t);
                h.tracker().identity().anonymous_id.clone()
            })
            .collect();
        assert_eq!(ids[0], ids[1], "round {round}: one id for both pages");
        assert_eq!(h.store["tq1:aid"], ids[0], "round {round}: and in storage");
        for &t in &tabs {
            h.switch(t);
            h.push("['record', 'after']");
        }
        h.settle();
        let (messages, _) = h.delivered();
        let after: Vec<_> = messages.iter().filter(|m| event(m) == "after").collect();
        assert_eq!(after.len(), 2);
        assert!(after.iter().all(|m| m["anonymousId"] == ids[0].as_str()));
    }
}

#[test]
fn later_a_new_anonymous_id_from_another_tab_is_followed_whatever_it_is() {
    let mut h = Harness::new();
    h.second_tab();
    h.advance(60_000);
    h.push("['identify', 'ann@acme.com']");
    h.push("['clearIdentity']");
    let cleared = h.tracker().identity().anonymous_id.clone();
    h.switch(0);
    assert_eq!(h.tracker().identity().anonymous_id, cleared);
    assert_eq!(h.tracker().identity().user_id, None);
    assert_eq!(h.store["tq1:aid"], cleared);
}
