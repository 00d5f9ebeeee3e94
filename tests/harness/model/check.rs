//! The invariants a session keeps, checked after every step (see
//! [`super`]).

use super::super::{get, items, Outcome, FOREIGN};
use super::Model;
use std::collections::BTreeSet;
use trackq::core::input::{Transport, Value};
use trackq::core::limits::{
    MAX_ENTRIES, MAX_MESSAGE_BYTES, MAX_OUTBOX_BYTES, MAX_OUTBOX_MESSAGES, MAX_STRING_BYTES,
};
use trackq::core::storage::keys::MESSAGE;

/// How often a tab tells the others it is alive (ms): no deadline is ever
/// further away than this.
const HEARTBEAT_MS: u64 = 30_000;

impl Model {
    /// Checks the invariants after a step.
    pub fn check(&mut self) {
        let transport = self.h.config.transport;
        for s in &self.h.sent[self.seen..] {
            let body = &s.body;
            assert!(body["writeKey"].is_string(), "no writeKey: {}", s.raw);
            assert!(body["sentAt"].is_string(), "no sentAt: {}", s.raw);
            assert!(!s.batch().is_empty(), "an empty batch: {}", s.raw);
            let ordered = items(get(&s.ordered, "batch"));
            for (m, o) in s.batch().iter().zip(ordered) {
                let id = m["messageId"].as_str().expect("a messageId");
                assert!(
                    matches!(m["type"].as_str(), Some("track" | "identify" | "alias")),
                    "a message without its type: {m}"
                );
                if let Some(&(by, opened)) = self.confirmed.get(id) {
                    assert!(
                        s.tab != by && s.tab < opened,
                        "message {id}, confirmed, was sent again by tab {}",
                        s.tab
                    );
                }
                if !id.starts_with(FOREIGN) {
                    check_caps(m, o);
                }
            }
        }
        // Beacons are answered as they go: in beacon transport an accepted
        // one is a confirmation.
        for s in &self.h.sent[self.seen..] {
            if s.beacon && s.outcome == Outcome::Delivered && transport == Transport::Beacon {
                for m in s.batch() {
                    let id = m["messageId"].as_str().unwrap_or_default().to_owned();
                    self.confirmed
                        .entry(id.clone())
                        .or_insert((s.tab, self.h.tabs.len()));
                    self.resolved.insert(id);
                }
            }
        }
        self.seen = self.h.sent.len();
        let now = self.h.clock;
        for t in self.h.tabs.iter().flatten() {
            assert!(t.outbox_len() <= MAX_OUTBOX_MESSAGES);
            self.evicting |= t.outbox_len() * 2 >= MAX_OUTBOX_MESSAGES;
            let at = t.poll_timeout().expect("a heartbeat is always due");
            assert!(
                at <= now + HEARTBEAT_MS,
                "the next deadline is {} ms away",
                at - now
            );
        }
        let mut now_stored = BTreeSet::new();
        let mut bytes = 0;
        for (k, v) in self.h.store.range(MESSAGE.to_owned()..) {
            if !k.starts_with(MESSAGE) {
                break;
            }
            bytes += v.len();
            for line in v.lines() {
                if let Some(id) = message_id(line).filter(|id| !id.starts_with(FOREIGN)) {
                    now_stored.insert(id);
                }
            }
        }
        self.evicting |= bytes * 2 >= MAX_OUTBOX_BYTES;
        if !self.evicting {
            for id in self.stored.difference(&now_stored) {
                assert!(
                    self.resolved.contains(id),
                    "message {id} was lost: neither confirmed nor refused, and no longer stored"
                );
            }
        }
        self.stored.extend(now_stored);
    }
}

/// The `messageId` of a stored line, if it is a message.
fn message_id(line: &str) -> Option<String> {
    let m: serde_json::Value = serde_json::from_str(line).ok()?;
    Some(m["messageId"].as_str()?.to_owned())
}

/// The caps of what trackq records, on one sent message (`o`: the same
/// with key order and duplicate keys kept).
fn check_caps(m: &serde_json::Value, o: &Value) {
    // serde_json never writes a message longer than trackq does.
    let size = serde_json::to_string(m).map_or(0, |s| s.len());
    assert!(size <= MAX_MESSAGE_BYTES, "a message of {size} bytes");
    for part in ["properties", "traits"] {
        check_value(get(o, part), m);
    }
}

fn check_value(v: &Value, m: &serde_json::Value) {
    match v {
        Value::Str(s) => assert!(
            s.len() <= MAX_STRING_BYTES,
            "a string of {} bytes in {m}",
            s.len()
        ),
        Value::Arr(items) => {
            assert!(items.len() <= MAX_ENTRIES, "{} items in {m}", items.len());
            items.iter().for_each(|i| check_value(i, m));
        }
        Value::Obj(entries) => {
            assert!(
                entries.len() <= MAX_ENTRIES,
                "{} entries in {m}",
                entries.len()
            );
            for (k, v) in entries {
                assert!(
                    k.len() <= MAX_STRING_BYTES,
                    "a key of {} bytes in {m}",
                    k.len()
                );
                check_value(v, m);
            }
        }
        _ => {}
    }
}
