//! `data-consent="pending"`: events held in memory until `optIn` (in this
//! tab or another), `optOut` or the page's end.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{event, only_the_opt_out, pending, sends_in_a_minute, Harness, CONSENT};
use trackq::core::consent::State;

#[test]
fn pending_keeps_events_in_memory_until_opt_in_then_stores_and_sends_them() {
    let mut h = Harness::with_config(pending());
    h.leave(); // a first page that got no answer (it left nothing behind)
    h.open_with_queue(&[
        "['identify', 'ann@acme.test']",
        "['record', 'Viewed Pricing']",
    ]);
    h.push("['set', {'Plan': 'Pro'}]");
    h.hide();
    h.show();
    assert_eq!(h.tracker().consent(), State::Pending);
    assert_eq!(sends_in_a_minute(&mut h), 0);
    assert!(h.store.is_empty(), "nothing stored: {:?}", h.store);

    h.push("['optIn']");
    assert_eq!(h.store[CONSENT], "in");
    assert_eq!(h.store["tq1:uid"], "ann@acme.test");
    assert!(h.store.contains_key("tq1:aid") && h.store.contains_key("tq1:ses"));
    h.settle();
    let messages = h.messages();
    let kinds: Vec<_> = messages
        .iter()
        .map(|m| (m["type"].as_str().unwrap(), event(m)))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("alias", ""),
            ("track", "Visited Site"),
            ("track", "Viewed Pricing"),
            ("identify", ""),
        ]
    );
    let aid = h.tracker().identity().anonymous_id.clone();
    assert!(messages.iter().all(|m| m["anonymousId"] == aid.as_str()));

    // Later pages run at once, pending or not.
    h.reload();
    assert_eq!(h.tracker().consent(), State::Granted);
    h.push("['record', 'Next Page']");
    h.settle();
    assert_eq!(h.delivered_events().last().unwrap(), "Next Page");
    assert_eq!(h.tracker().identity().anonymous_id, aid);
}

#[test]
fn pending_then_the_page_ends_writes_nothing_and_sends_nothing() {
    let mut h = Harness::with_config(pending());
    h.push("['identify', 'ann@acme.test']");
    h.push("['record', 'Viewed Pricing']");
    h.leave();
    assert!(h.store.is_empty(), "{:?}", h.store);
    assert!(h.sent.is_empty());
    // The next page starts pending again, with nothing of the last one.
    h.open();
    assert_eq!(h.tracker().consent(), State::Pending);
    assert_eq!(h.tracker().identity().user_id, None);
    h.push("['optIn']");
    h.settle();
    assert_eq!(h.delivered_events(), vec!["Visited Site"]);
}

#[test]
fn pending_then_opt_out_drops_what_was_held() {
    let mut h = Harness::with_config(pending());
    h.push("['record', 'Viewed Pricing']");
    h.push("['optOut']");
    only_the_opt_out(&h);
    h.push("['optIn']");
    h.settle();
    assert_eq!(h.delivered_events(), vec!["Visited Site"]);
}

#[test]
fn an_opt_in_in_another_tab_releases_a_pending_tab() {
    let mut h = Harness::with_config(pending());
    let a = h.current;
    h.push("['record', 'In A']");
    let b = h.second_tab();
    h.push("['record', 'In B']");
    assert!(h.store.is_empty());
    h.push("['optIn']");
    h.switch(a);
    assert_eq!(h.tracker().consent(), State::Granted);
    h.settle();
    h.switch(b);
    h.settle();
    let mut events = h.delivered_events();
    events.sort();
    assert_eq!(events, vec!["In A", "In B", "Visited Site", "Visited Site"]);
    assert_eq!(h.stored_messages(), 0);
}
