//! Consent: `optOut` with messages waiting, in flight and beaconed; an
//! opt-out in another tab; reloads while opted out; `data-consent="pending"`
//! until `optIn` or the page's end; Global Privacy Control and Do Not Track.

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, event, quiet, Harness};
use trackq::core::consent::{Reason, Settings, State};
use trackq::core::support::json::to_string;
use trackq::core::Config;

const CONSENT: &str = "tq1:consent";

fn pending() -> Config {
    let mut c = config();
    c.consent = Settings {
        pending: true,
        ..Settings::default()
    };
    c
}

/// The keys in localStorage.
fn keys(h: &Harness) -> Vec<&str> {
    h.store.keys().map(String::as_str).collect()
}

/// Only the opt-out is left in localStorage.
fn only_the_opt_out(h: &Harness) {
    assert_eq!(keys(h), vec![CONSENT], "{:?}", h.store);
    assert_eq!(h.store[CONSENT], "out");
}

/// Lets a minute pass, answering 200: how many requests were sent in it.
fn sends_in_a_minute(h: &mut Harness) -> usize {
    let before = h.sent.len();
    for _ in 0..12 {
        h.advance(5_000);
        h.respond_all(200);
    }
    h.sent.len() - before
}

/// "Visited Site" messages the collector kept (duplicates dropped).
fn visits(h: &Harness) -> usize {
    let events = h.delivered_events();
    events.iter().filter(|e| *e == "Visited Site").count()
}

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

#[test]
fn global_privacy_control_is_an_opt_out_that_stores_nothing_unless_ignored() {
    // An earlier visit without the signal left an identity.
    let mut h = Harness::new();
    h.push("['identify', 'ann@acme.test']");
    h.settle();
    h.leave();
    assert!(h.store.contains_key("tq1:uid"));

    h.page.signals.gpc = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Denied(Reason::Gpc));
    h.push("['record', 'Viewed Pricing']");
    let sent = h.sent.len();
    assert_eq!(sends_in_a_minute(&mut h), 0);
    h.leave();
    assert!(h.store.is_empty(), "{:?}", h.store);
    assert_eq!(h.sent.len(), sent);

    h.config.consent.ignore_gpc = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Granted);
    h.push("['record', 'Viewed Pricing']");
    h.settle();
    assert_eq!(visits(&h), 2);
    assert_eq!(h.delivered_events().last().unwrap(), "Viewed Pricing");
    assert!(h.store.contains_key("tq1:aid"));
}

#[test]
fn an_opt_in_outlasts_the_browsers_signals() {
    let mut h = Harness::new();
    h.leave();
    h.page.signals.gpc = true;
    h.open();
    h.push("['optIn']");
    h.reload();
    assert_eq!(h.tracker().consent(), State::Granted);
    h.push("['record', 'Viewed Pricing']");
    h.settle();
    assert_eq!(h.delivered_events().last().unwrap(), "Viewed Pricing");
    assert_eq!(visits(&h), 2, "the first page's, and the one after optIn");
}

#[test]
fn do_not_track_counts_only_with_data_respect_dnt() {
    let mut h = Harness::new();
    h.page.signals.dnt = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Granted);
    h.config.consent.respect_dnt = true;
    h.open();
    assert_eq!(h.tracker().consent(), State::Denied(Reason::Dnt));
    h.push("['record', 'Viewed Pricing']");
    h.advance(60_000);
    h.leave();
    assert!(!h.delivered_events().iter().any(|e| e == "Viewed Pricing"));
}
