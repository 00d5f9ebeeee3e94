//! Draining the tabs' outputs into the simulated world, checking on the way
//! the invariants the shell relies on: storage before sending, body sizes,
//! the keepalive budget, `tq1:` keys, `trackq:` warnings.

use std::collections::BTreeSet;

use trackq::core::limits::{MAX_BODY_BYTES, MAX_INFLIGHT_BYTES};
use trackq::core::storage::keys::{StoreOp, MESSAGE, PREFIX};
use trackq::core::{Later, Log};

use super::{read_body, wire, Harness, Outcome, Sent, FOREIGN};

impl Harness {
    /// Applies every tab's storage writes, then records its transmits (a
    /// beacon is answered at once, as `sendBeacon` does), then its logs,
    /// until nothing is left; checks the invariants on the way.
    pub fn drain(&mut self) {
        for tab in 0..self.tabs.len() {
            while self.drain_tab(tab) {}
        }
    }

    fn drain_tab(&mut self, tab: usize) -> bool {
        let now = self.now();
        let Some(tracker) = self.tabs[tab].as_mut() else {
            return false;
        };
        let mut busy = false;
        let mut changed = Vec::new();
        for op in tracker.poll_stores() {
            busy = true;
            match op {
                StoreOp::Set(k, v) => {
                    assert!(k.starts_with(PREFIX), "unversioned key {k}");
                    changed.push((k.clone(), Some(v.clone())));
                    self.persisted.extend(message_ids(&k, &v));
                    self.store.insert(k, v);
                }
                StoreOp::Remove(k) => {
                    changed.push((k.clone(), None));
                    self.store.remove(&k);
                }
                StoreOp::Clear => {
                    let ours = self.store.keys().filter(|k| k.starts_with(PREFIX));
                    let ours: Vec<String> = ours.cloned().collect();
                    for k in ours {
                        self.store.remove(&k);
                        changed.push((k, None));
                    }
                }
            }
        }
        // The browser's `storage` event: every other open tab sees the write.
        for (other, t) in self.tabs.iter_mut().enumerate() {
            if let (true, Some(t)) = (other != tab, t.as_mut()) {
                for (k, v) in &changed {
                    t.handle_stored(k, v.as_deref(), now);
                }
            }
        }
        let Some(tracker) = self.tabs[tab].as_mut() else {
            return busy;
        };
        let mut beacons = Vec::new();
        for t in tracker.poll_transmits() {
            busy = true;
            let wire = t.body.len();
            let raw = wire::text(&t.body, t.encoding);
            assert!(raw.len() <= MAX_BODY_BYTES, "a body of {} bytes", raw.len());
            // What the collector reads: the batch's context in each message.
            let (body, ordered) = read_body(&raw);
            stored_before(&self.persisted, &body, &format!("sent by tab {tab}"));
            let outcome = if t.beacon {
                Outcome::Delivered
            } else {
                Outcome::Pending
            };
            let sent = Sent {
                tab,
                id: t.id,
                raw,
                wire,
                gzip: t.encoding == trackq::core::Encoding::Gzip,
                body,
                ordered,
                beacon: t.beacon,
                outcome,
            };
            self.sent.push(sent);
            if t.beacon {
                beacons.push((self.sent.len() - 1, t.id));
            }
        }
        match tracker.poll_later() {
            Some(Later::Register { body, encoding }) => {
                let raw = wire::text(&body, encoding);
                let (parsed, _) = read_body(&raw);
                stored_before(
                    &self.persisted,
                    &parsed,
                    &format!("registered by tab {tab}"),
                );
                self.later.insert(tab, (body, encoding));
                self.registrations += 1;
            }
            Some(Later::Cancel) => {
                assert!(self.later.remove(&tab).is_some(), "nothing to withdraw");
            }
            None => {}
        }
        #[cfg(feature = "autotrack")]
        if let Some(answer) = tracker.poll_answer() {
            self.answers.push(answer);
        }
        for log in tracker.poll_logs() {
            busy = true;
            match log {
                Log::Warn(w) => {
                    assert!(w.starts_with("trackq: "), "warning without prefix: {w}");
                    self.warnings.push(w);
                }
                Log::Debug(d) => self.debug.push(d),
            }
        }
        let inflight: usize = self.pending_of(tab).map(|s| s.raw.len()).sum();
        assert!(inflight <= MAX_INFLIGHT_BYTES, "{inflight} bytes in flight");
        for (index, id) in beacons {
            let accepted = self.refuse_beacons == 0;
            self.refuse_beacons = self.refuse_beacons.saturating_sub(1);
            if !accepted {
                self.sent[index].outcome = Outcome::Failed;
            }
            if let Some(tracker) = self.tabs[tab].as_mut() {
                tracker.handle_beacon(id, accepted, now);
            }
        }
        busy
    }
}

/// Checks that every message of `body` was stored before it was `what`
/// (sent, registered).
fn stored_before(persisted: &BTreeSet<String>, body: &serde_json::Value, what: &str) {
    for m in body["batch"].as_array().expect("a batch") {
        let id = m["messageId"].as_str().expect("a messageId");
        assert!(
            persisted.contains(id),
            "message {id} {what} before it was stored"
        );
    }
}

/// The `messageId`s of the messages in the store entry `key` (trackq's
/// own lines must be messages; another writer's need not).
pub(super) fn message_ids(key: &str, value: &str) -> Vec<String> {
    if !key.starts_with(MESSAGE) {
        return Vec::new();
    }
    let foreign = key.starts_with(&[MESSAGE, FOREIGN].concat());
    let mut ids = Vec::new();
    for line in value.lines() {
        let m = serde_json::from_str::<serde_json::Value>(line);
        let id = m.as_ref().ok().and_then(|m| m["messageId"].as_str());
        match id {
            Some(id) => ids.push(id.to_owned()),
            None => assert!(foreign, "a stored line without a messageId: {line}"),
        }
    }
    ids
}
