//! Looking at what the harness recorded: the collector's view, the
//! messages in order, the store, the warnings; and checks of wire formats.

use super::js::get;
use super::{Harness, Outcome};
use std::collections::BTreeSet;
use trackq::core::storage::keys::MESSAGE;
use trackq::core::Value;

impl Harness {
    /// What the collector kept: every message of a delivered request, once
    /// per `messageId`, in arrival order; and how many duplicates it dropped.
    pub fn delivered(&self) -> (Vec<serde_json::Value>, usize) {
        let mut seen = BTreeSet::new();
        let (mut kept, mut duplicates) = (Vec::new(), 0);
        for s in self.sent.iter().filter(|s| s.outcome == Outcome::Delivered) {
            for m in s.batch() {
                if seen.insert(m["messageId"].as_str().expect("an id").to_owned()) {
                    kept.push(m.clone());
                } else {
                    duplicates += 1;
                }
            }
        }
        (kept, duplicates)
    }

    /// The event names of [`Harness::delivered`], in delivery order.
    pub fn delivered_events(&self) -> Vec<String> {
        let (messages, _) = self.delivered();
        messages.iter().map(|m| event(m).to_owned()).collect()
    }

    /// Every message of every request (duplicates included), in order.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        self.sent
            .iter()
            .flat_map(|s| s.batch().iter().cloned())
            .collect()
    }

    /// The messages of every request with key order kept.
    pub fn ordered_messages(&self) -> Vec<Value> {
        let batches = self.sent.iter().map(|s| get(&s.ordered, "batch"));
        batches.flat_map(|b| items(b).to_vec()).collect()
    }

    /// The outbox messages in localStorage.
    pub fn stored_messages(&self) -> usize {
        let chunks = self.store.iter().filter(|(k, _)| k.starts_with(MESSAGE));
        chunks.map(|(_, v)| v.lines().count()).sum()
    }

    /// The warnings so far, emptied.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Flushes what waits now, confirms it, and returns its messages (key order kept).
    pub fn ordered_messages_after_flush(&mut self) -> Vec<Value> {
        let before = self.sent.len();
        self.advance(self.config.flush_interval_ms);
        self.respond_all(200);
        let batches = self.sent[before..].iter().map(|s| get(&s.ordered, "batch"));
        batches.flat_map(|b| items(b).to_vec()).collect()
    }
}

/// A track message's `event`.
pub fn event(m: &serde_json::Value) -> &str {
    m["event"].as_str().unwrap_or("")
}

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lower-case hex.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    let hex = |c: &u8| c.is_ascii_digit() || (b'a'..=b'f').contains(c);
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                hex(c)
            }
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub fn is_iso(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:dd.dddZ";
    b.len() == shape.len()
        && b.iter().zip(shape).all(|(c, p)| {
            if *p == b'd' {
                c.is_ascii_digit()
            } else {
                c == p
            }
        })
}

/// The items of an array value (none for anything else).
pub fn items(v: &Value) -> &[Value] {
    match v {
        Value::Arr(items) => items,
        _ => &[],
    }
}
