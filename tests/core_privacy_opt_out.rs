//! `optOut`: with messages waiting, in flight and beaconed; in another tab;
//! reloads while opted out, and `optIn` after it.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{event, only_the_opt_out, quiet, sends_in_a_minute, Harness, CONSENT};
use trackq::core::consent::{Reason, State};
use trackq::core::support::json::to_string;

#[test]
fn opting_out_drops_waiting_in_flight_and_beaconed_messages_and_keeps_only_the_choice() {
    let mut h = Harness::new();
    h.push("['record', 'In Flight']");
    h.advance(5_000);
    let in_flight = h.pending();
    assert_eq!(in_flight.len(), 1);
    h.push("['record', 'Beaconed']");
    h.hide();
    assert!(h.sent.last().unwrap().beacon);
    h.show();
    h.push("['record', 'Waiting']");
    h.advance(0);
    assert_eq!(
        h.stored_messages(),
        4,
        "Visited Site, In Flight, Beaconed, Waiting"
    );
    let sent = h.sent.len();

    h.push("['optOut']");
    assert_eq!(h.tracker().consent(), State::Denied(Reason::OptOut));
    assert_eq!(h.tracker().outbox_len(), 0);
    only_the_opt_out(&h);
    // The request in flight is not recalled; its failure is not retried.
    h.respond(in_flight[0], 500);
    h.push("['record', 'After']");
    h.push("['identify', 'ann@acme.test']");
    h.hide();
    assert_eq!(sends_in_a_minute(&mut h), 0);
    assert_eq!(h.sent.len(), sent);
    only_the_opt_out(&h);
    // What had been sent arrived; nothing of what waited did.
    let events = h.delivered_events();
    assert!(!events.iter().any(|e| e == "Waiting" || e == "After"));

    // The next visit sends nothing, not even the beaconed messages again.
    h.reload();
    assert_eq!(h.tracker().consent(), State::Denied(Reason::OptOut));
    h.push("['record', 'Next Visit']");
    assert_eq!(sends_in_a_minute(&mut h), 0);
    only_the_opt_out(&h);
}

#[test]
fn an_opt_out_in_another_tab_stops_this_one_and_removes_its_outbox() {
    let mut h = Harness::with_config(quiet());
    let a = h.current;
    h.push("['record', 'In A']");
    h.advance(0);
    let b = h.second_tab();
    h.push("['record', 'In B']");
    h.advance(0);
    assert!(h.stored_messages() >= 2);
    h.switch(a);
    h.push("['optOut']");
    only_the_opt_out(&h);
    h.switch(b);
    assert_eq!(h.tracker().consent(), State::Denied(Reason::OptOut));
    assert_eq!(h.tracker().outbox_len(), 0);
    h.push("['record', 'Later In B']");
    h.advance(60_000);
    h.hide();
    only_the_opt_out(&h);
}

#[test]
fn a_reload_while_opted_out_removes_leftovers_and_opt_in_starts_a_new_visitor() {
    let mut h = Harness::new();
    h.push("['identify', 'ann@acme.test']");
    h.settle();
    let old_id = h.tracker().identity().anonymous_id.clone();
    h.push("['optOut']");
    // A chunk another tab left (say, written while this one opted out).
    let chunk = to_string(&h.ordered_messages()[0]);
    h.store.insert("tq1:m:gone:000000001".into(), chunk);
    h.store.insert("tq1:hb:gone".into(), "0".into());
    h.reload();
    only_the_opt_out(&h);
    assert_eq!(sends_in_a_minute(&mut h), 0);

    let sent = h.sent.len();
    h.push("['optIn']");
    assert_eq!(h.tracker().consent(), State::Granted);
    assert_eq!(h.store[CONSENT], "in");
    let identity = h.tracker().identity().clone();
    assert_ne!(identity.anonymous_id, old_id, "a new anonymous id");
    assert_eq!(identity.user_id, None);
    assert_eq!(h.store["tq1:aid"], identity.anonymous_id);
    h.push("['record', 'Back']");
    h.settle();
    let new: Vec<_> = h.sent[sent..]
        .iter()
        .flat_map(|s| s.batch().to_vec())
        .collect();
    let names: Vec<_> = new.iter().map(event).collect();
    assert_eq!(names, vec!["Visited Site", "Back"]);
    assert!(new
        .iter()
        .all(|m| m["anonymousId"] == identity.anonymous_id.as_str() && m["userId"].is_null()));
}
