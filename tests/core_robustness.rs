//! What fuzzing the core found (issue 9), one test each: stored lines that
//! are too big or not messages, clocks that step or reach the top of
//! `u64`, and limits that must hold for what is sent, not only for what
//! the page pushed; a gone tab's chunk adopted by two pages. (The JSON
//! number grammar: `core_differential.rs`; the
//! shell's clamp of its clocks: `support::time`'s tests.)

mod harness;

// In Chromium (`wasm-pack test --headless --chrome`) each `#[test]` is a wasm-bindgen test.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use harness::{config, foreign_message, get, page, Harness, Outcome, Sent, FOREIGN};
use trackq::core::limits::{MAX_BODY_BYTES, MAX_ENTRIES, MAX_MESSAGE_BYTES, MAX_STRING_BYTES};
use trackq::core::storage::keys::{message_key, ANONYMOUS_ID, HEARTBEAT};
use trackq::core::support::time::iso8601;
use trackq::core::{Config, Now, Response, Tracker, Value};

/// A page that finds `lines` stored by a tab that is gone; returns it
/// with its warnings and the ids delivered once everything settled.
fn adopting(lines: &[String]) -> (Harness, Vec<String>, Vec<String>) {
    let mut h = Harness::new();
    let key = message_key(&format!("{FOREIGN}1"), 0);
    h.write_foreign(&key, Some(&lines.join("\n")));
    h.take_warnings();
    h.reload();
    h.advance(0);
    let warnings = h.take_warnings();
    h.settle();
    let (delivered, _) = h.delivered();
    let ids = delivered
        .iter()
        .map(|m| m["messageId"].as_str().unwrap_or("").to_owned());
    (h, warnings, ids.collect())
}

#[test]
fn adopted_lines_over_the_message_limit_are_dropped_with_one_warning() {
    let lines = [
        foreign_message("big", 65_000),
        foreign_message("small", 10),
        foreign_message("limit", MAX_MESSAGE_BYTES + 1),
    ];
    let (mut h, warnings, ids) = adopting(&lines);
    assert!(h.sent.iter().all(|s| s.raw.len() <= MAX_BODY_BYTES));
    assert!(ids.contains(&"small".to_owned()), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id == "big" || id == "limit"),
        "{ids:?}"
    );
    assert_eq!(warnings.len(), 1, "one for the page: {warnings:?}");
    assert!(warnings[0].contains("dropped"), "{warnings:?}");
    assert_eq!(
        h.stored_messages(),
        0,
        "nothing is left to block later pages"
    );
    h.reload();
    assert!(h.take_warnings().is_empty(), "nor warned about again");
}

#[test]
fn adopted_lines_that_are_not_one_json_object_are_dropped_with_one_warning() {
    let lines = [
        foreign_message("good", 10),
        r#"{"type":"track","messag}"#.to_owned(),
        r#"{"type":"track"} {"type":"track"}"#.to_owned(),
        r#"{"type":"track","n":01}"#.to_owned(),
        foreign_message("also good", 10),
    ];
    let (h, warnings, ids) = adopting(&lines);
    assert_eq!(ids.len(), 3, "Visited Site and the good lines: {ids:?}");
    assert!(ids.contains(&"good".to_owned()) && ids.contains(&"also good".to_owned()));
    assert_eq!(warnings.len(), 1, "one for the page: {warnings:?}");
    assert!(warnings[0].contains("dropped"), "{warnings:?}");
    assert_eq!(h.stored_messages(), 0);
}

/// Answers 200 to `tab`'s fetches in flight that carry message `id`.
fn confirm(h: &mut Harness, tab: usize, id: &str) {
    let carries = |s: &Sent| s.batch().iter().any(|m| m["messageId"] == id);
    let requests = h.sent.iter().filter(|s| s.tab == tab && !s.beacon);
    let requests = requests.filter(|s| s.outcome == Outcome::Pending && carries(s));
    let requests: Vec<u64> = requests.map(|s| s.id).collect();
    h.switch(tab);
    for request in requests {
        h.respond(request, 200);
    }
}

/// Whether `tab` sent message `id`.
fn sent_by(h: &Harness, tab: usize, id: &str) -> bool {
    let carries = |s: &Sent| s.batch().iter().any(|m| m["messageId"] == id);
    h.sent.iter().any(|s| s.tab == tab && carries(s))
}

#[test]
fn a_chunk_two_pages_adopted_brings_nothing_confirmed_back() {
    // Two pages adopt a gone tab's chunk: one after the other (the second
    // opens while the first still sends it), or in the same instant (each
    // reads the store before the other writes).
    for together in [false, true] {
        let mut h = Harness::with_config(Config {
            batch_size: 1,
            ..config()
        });
        let key = message_key(&format!("{FOREIGN}1"), 0);
        let lines = [foreign_message("x", 10), foreign_message("y", 10)];
        h.write_foreign(&key, Some(&lines.join("\n")));
        let (first, second) = if together {
            let tabs = h.open_together(2);
            (tabs[0], tabs[1])
        } else {
            let first = h.open();
            h.advance(0);
            (first, h.open())
        };
        h.advance(0);
        // Each confirms one of the two messages (if it holds it), then the
        // second dies.
        confirm(&mut h, first, "x");
        confirm(&mut h, second, "y");
        h.switch(second);
        h.crash();
        // A page opened later sends nothing confirmed again.
        let later = h.open();
        h.advance(0);
        assert!(
            !sent_by(&h, later, "x"),
            "x sent again (together: {together})"
        );
        assert!(
            !sent_by(&h, later, "y"),
            "y sent again (together: {together})"
        );
        h.settle();
        let (delivered, _) = h.delivered();
        assert!(delivered.iter().any(|m| m["messageId"] == "y"));
    }
}

#[test]
fn redacted_and_renamed_properties_are_held_to_the_string_limit() {
    // `a@b.co` (6 bytes) becomes `[redacted email]` (16): a string of
    // addresses cut to the limit grows to ~5 KB once redacted.
    let addresses = "a@b.co ".repeat(400);
    let key = format!("{}Email", "k".repeat(MAX_STRING_BYTES - 5));
    let commands = [
        Value::Arr(vec![
            Value::str("_df"),
            Value::str("track"),
            Value::str("feedback_sent"),
            Value::Obj(vec![("text".into(), Value::str(&addresses))]),
        ]),
        Value::Arr(vec![
            Value::str("_upstack"),
            Value::str("track"),
            Value::str("x"),
            Value::Obj(vec![(key.clone(), Value::str("ann@acme.com"))]),
        ]),
    ];
    let mut h = Harness::with_config(Config {
        pii_strict: true,
        ..config()
    });
    for c in &commands {
        h.push_value(c);
    }
    let messages = h.ordered_messages_after_flush();
    let props: Vec<_> = messages.iter().map(|m| get(m, "properties")).collect();
    let text = get(props[1], "text").as_str().expect("the text");
    assert!(text.starts_with("[redacted email] "), "{text:.40}");
    assert!(text.len() <= MAX_STRING_BYTES, "{} bytes", text.len());
    let (renamed, _) = &props[2].as_obj().expect("properties")[0];
    assert!(renamed.ends_with("EmailHash") || renamed.len() <= MAX_STRING_BYTES);
    assert!(
        renamed.len() <= MAX_STRING_BYTES,
        "a key of {} bytes",
        renamed.len()
    );
}

#[test]
fn the_shorthands_hold_a_message_to_100_properties() {
    let full: Vec<(String, Value)> = (0..MAX_ENTRIES)
        .map(|i| (format!("p{i}"), Value::Bool(true)))
        .collect();
    let shorthand = |args: &[Value]| {
        let mut items = args.to_vec();
        items.push(Value::Obj(full.clone()));
        Value::Arr(items)
    };
    let commands = [
        shorthand(&[Value::str("signedUp"), Value::str("Pro")]),
        shorthand(&[Value::str("upgraded"), Value::str("Pro")]),
        shorthand(&[Value::str("downgraded"), Value::str("Pro")]),
        shorthand(&[
            Value::str("billed"),
            Value::num(29.99),
            Value::str("Monthly"),
        ]),
    ];
    let mut h = Harness::new();
    for c in &commands {
        h.push_value(c);
    }
    let messages = h.ordered_messages_after_flush();
    assert_eq!(messages.len(), 1 + commands.len());
    for m in &messages[1..] {
        let props = get(m, "properties").as_obj().expect("properties");
        assert_eq!(props.len(), MAX_ENTRIES, "{:?}", get(m, "event"));
        assert!(props[0].0 == "Plan Name" || props[0].0 == "Billing Amount");
    }
    // The page's own object was within the limit: the writer keeps the
    // named properties and the page's first ones, without a warning.
    assert!(h.take_warnings().is_empty());
}

#[test]
fn timers_run_on_the_monotonic_clock_when_the_wall_clock_steps() {
    let mut h = Harness::new();
    let heartbeat = |h: &Harness| {
        let beats = h.store.iter().filter(|(k, _)| k.starts_with(HEARTBEAT));
        beats.map(|(_, v)| v.clone()).next().unwrap_or_default()
    };
    // Back an hour: the flush, the heartbeat and the retries keep their pace.
    h.step_wall(-3_600_000);
    h.push("['record', 'after the step back']");
    let wall = h.now().wall;
    h.advance(5_000);
    assert_eq!(h.pending().len(), 1, "sent after the flush interval");
    let m = h.messages().pop().expect("the event");
    assert_eq!(m["timestamp"], iso8601(wall), "stamped with the wall clock");
    h.network_error(h.pending()[0]);
    h.advance(2_000);
    assert_eq!(h.pending().len(), 1, "retried within the first backoff");
    h.respond_all(200);
    h.advance(30_000);
    let beat: u64 = heartbeat(&h).parse().expect("a heartbeat");
    assert!(
        h.now().wall - beat <= 30_000,
        "the heartbeat goes on, in wall time"
    );
    // Forward a day: nothing is due early.
    h.step_wall(86_400_000);
    h.push("['record', 'after the step forward']");
    let sent = h.sent.len();
    h.advance(4_999);
    assert_eq!(h.sent.len(), sent, "not before the flush interval");
    h.advance(1);
    assert_eq!(h.sent.len(), sent + 1);
    assert!(h
        .tracker()
        .poll_timeout()
        .is_some_and(|at| at <= h.clock + 30_000));
}

#[test]
fn times_near_the_top_of_u64_never_overflow() {
    for top in [
        Now {
            wall: u64::MAX - 1,
            mono: u64::MAX - 1,
        },
        Now {
            wall: 1_795_370_308_123,
            mono: u64::MAX,
        },
    ] {
        let mut t = Tracker::new(config(), page(), Vec::new(), [1, 2], top);
        t.handle_json(r#"["record","x"]"#, top);
        t.handle_ready(top);
        t.handle_timeout(top);
        t.handle_stored(ANONYMOUS_ID, Some("zzz"), top);
        for sent in t.poll_transmits() {
            t.handle_response(sent.id, Response::NetworkError, top);
        }
        t.handle_timeout(top);
        t.handle_visible(top);
        t.handle_hidden(true, top);
        assert!(t.poll_timeout().is_some_and(|at| at >= top.mono));
    }
}
