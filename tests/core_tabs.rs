//! Several tabs on one localStorage: every message delivered once and never
//! overwritten, dead tabs' outboxes adopted (a live tab's never), and the
//! pages of one visitor settling on one anonymous id. (Sessions and what
//! survives a reload: `core_sessions.rs`.)

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, get, quiet, Harness};
use trackq::core::limits::TAB_STALE_MS;
use trackq::core::Config;

const MINUTE: u64 = 60_000;

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
