//! A whole session decoded from bytes: commands, time (the wall clock
//! stepping too), answers, beacons, hiding, reloads, crashes, tabs and
//! other writers of the store, with
//! the invariants checked after every step. The fuzz target `session`
//! feeds it libFuzzer's bytes; `tests/core_session_model.rs` feeds it a
//! seeded generator's, so `cargo test` runs the same model.
//!
//! Invariants (beyond those [`Harness::drain`] checks on every output):
//! - every body is a batch: `writeKey`, `sentAt`, a non-empty `batch` of
//!   messages with a `type` and a `messageId`;
//! - what trackq itself records holds the caps: at most [`MAX_ENTRIES`]
//!   entries and [`MAX_STRING_BYTES`] a string or key at every level of
//!   `properties`/`traits`, at most [`MAX_MESSAGE_BYTES`] a message, at
//!   most [`MAX_OUTBOX_MESSAGES`] in an outbox;
//! - the next deadline of every tab is at most a heartbeat away;
//! - a message confirmed (2xx) is never sent again by the tab that sent it
//!   nor by a tab opened after the confirmation;
//! - a message stored and neither confirmed nor refused for good is still
//!   stored (across reloads and crashes), unless the caps may have evicted.

mod check;
mod input;

pub use input::{command, config_from, Input};

use super::{foreign_message, Harness, Outcome, FOREIGN};
use std::collections::{BTreeMap, BTreeSet};
use trackq::core::limits::MAX_MESSAGE_BYTES;
use trackq::core::storage::keys;
use trackq::core::Response;

/// Steps a session runs at most.
pub const MAX_STEPS: usize = 60;

/// Runs the session `data` describes.
pub fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let config = config_from(&mut input);
    let mut model = Model::new(Harness::with_config(config));
    for _ in 0..MAX_STEPS {
        if input.done() {
            break;
        }
        model.step(&mut input);
        model.check();
    }
}

/// A harness and what the invariants need to remember.
pub struct Model {
    /// The world.
    pub h: Harness,
    /// Requests looked at so far (`h.sent[..seen]`).
    seen: usize,
    /// Confirmed message ids: the tab that sent them, and how many tabs
    /// had been opened when it was confirmed.
    confirmed: BTreeMap<String, (usize, usize)>,
    /// Ids confirmed or refused for good.
    resolved: BTreeSet<String>,
    /// Ids of trackq's own messages ever seen in the store.
    stored: BTreeSet<String>,
    /// The caps may have evicted something: losses are no longer checked.
    evicting: bool,
    /// Foreign chunks written so far.
    foreign: usize,
}

impl Model {
    /// A model over `h`.
    pub fn new(h: Harness) -> Model {
        Model {
            h,
            seen: 0,
            confirmed: BTreeMap::new(),
            resolved: BTreeSet::new(),
            stored: BTreeSet::new(),
            evicting: false,
            foreign: 0,
        }
    }

    /// The current tab, opening one if every tab is closed.
    fn ensure_open(&mut self) {
        if self.h.tabs[self.h.current].is_none() {
            match self.h.tabs.iter().position(Option::is_some) {
                Some(tab) => self.h.current = tab,
                None => {
                    self.h.open();
                }
            }
        }
    }

    /// Decodes and applies one step.
    pub fn step(&mut self, input: &mut Input) {
        self.ensure_open();
        match input.byte() % 25 {
            0..=5 => {
                let command = command(input);
                self.h.push_value(&command);
            }
            6 => {
                let text = input.text(64);
                self.h.push_json(&text);
            }
            7 => self.h.push_json(""),
            8 | 9 => {
                let ms = input.pick(&[0, 1, 49, 50, 999, 1_000, 4_999, 5_000]);
                self.h.advance(ms);
            }
            10 => {
                let ms = input.pick(&[30_000, 60_000, 120_000, 300_000, 31 * 60_000]);
                self.h.advance(ms);
            }
            11..=13 => self.respond(input),
            14 => self.h.hide(),
            15 => self.h.show(),
            16 => {
                self.h.reload();
            }
            17 => {
                self.h.crash();
                if input.byte() % 2 == 0 {
                    self.h.open();
                }
            }
            18 => {
                self.h.open();
            }
            19 => {
                let open: Vec<usize> = (0..self.h.tabs.len())
                    .filter(|&t| self.h.tabs[t].is_some())
                    .collect();
                let tab = input.pick(&open);
                self.h.switch(tab);
            }
            20 => self.h.beacon_refuse_next(),
            21 => self.foreign_chunk(input),
            22 => self.foreign_write(input),
            23 => {
                let ms = input.pick(&[-3_600_000, -86_400_000, -1_000, 60_000, 3_600_000]);
                self.h.step_wall(ms);
            }
            _ => {
                self.confirm_all();
                self.h.advance(self.h.config.flush_interval_ms);
            }
        }
    }

    /// Answers one pending fetch of an open tab.
    fn respond(&mut self, input: &mut Input) {
        let pending: Vec<(usize, u64)> = self
            .h
            .sent
            .iter()
            .filter(|s| s.outcome == Outcome::Pending && !s.beacon)
            .map(|s| (s.tab, s.id))
            .collect();
        if pending.is_empty() {
            return;
        }
        let (tab, id) = input.pick(&pending);
        let status = input.pick(&[200, 200, 204, 400, 404, 408, 413, 429, 500, 503, 0]);
        let retry_after_ms = input.pick(&[None, Some(0), Some(2_000), Some(u64::MAX)]);
        let response = match status {
            0 => Response::NetworkError,
            status => Response::Status {
                status,
                retry_after_ms,
            },
        };
        let sent = self.h.sent.iter().find(|s| s.tab == tab && s.id == id);
        let batch = sent.map(|s| s.batch().to_vec()).unwrap_or_default();
        // What each answer means (README, "Delivery"): 2xx confirms; 408,
        // 429, 5xx, a network error and a 413 of several messages retry;
        // any other status drops the batch.
        let retried =
            matches!(status, 0 | 408 | 429 | 500..=599) || status == 413 && batch.len() > 1;
        for m in &batch {
            let mid = m["messageId"].as_str().unwrap_or_default().to_owned();
            if (200..300).contains(&status) {
                self.confirmed
                    .entry(mid.clone())
                    .or_insert((tab, self.h.tabs.len()));
            }
            if !retried {
                self.resolved.insert(mid);
            }
        }
        let current = self.h.current;
        self.h.current = tab;
        self.h.respond_with(id, response);
        self.h.current = current;
    }

    /// Answers every pending fetch with 200.
    fn confirm_all(&mut self) {
        let tabs = self.h.tabs.len();
        for s in self.h.sent.iter().filter(|s| s.outcome == Outcome::Pending) {
            for m in s.batch() {
                let id = m["messageId"].as_str().unwrap_or_default().to_owned();
                self.confirmed.entry(id.clone()).or_insert((s.tab, tabs));
                self.resolved.insert(id);
            }
        }
        self.h.respond_all(200);
    }

    /// Another writer (an older version, a page script) left a chunk
    /// under a tab that is gone: valid messages, damaged lines, a line over
    /// the message limit, blank lines.
    fn foreign_chunk(&mut self, input: &mut Input) {
        self.foreign += 1;
        let tab = format!("{FOREIGN}{}", self.foreign);
        let mut lines = Vec::new();
        for i in 0..=input.below(4) {
            let id = format!("{tab}-{i}");
            lines.push(match input.byte() % 6 {
                0 | 1 => foreign_message(&id, input.pick(&[0, 10, 2_000])),
                2 => r#"{"type":"track","messag}"#.to_owned(),
                3 => foreign_message(&id, input.pick(&[MAX_MESSAGE_BYTES, 65_000])),
                4 => String::new(),
                _ => input.text(40),
            });
        }
        let key = keys::message_key(&tab, 0);
        self.h.write_foreign(&key, Some(&lines.join("\n")));
        if input.byte() % 2 == 0 {
            let beat = self.h.now().wall.to_string();
            self.h
                .write_foreign(&keys::heartbeat_key(&tab), Some(&beat));
        }
    }

    /// Another tab (or a script) writes one of trackq's keys.
    fn foreign_write(&mut self, input: &mut Input) {
        let key = input.pick(&[keys::SESSION, keys::USER_ID, keys::ANONYMOUS_ID]);
        let now = self.h.now().wall.to_string();
        let value = input.pick(&[None, Some(""), Some("0"), Some("x"), Some(now.as_str())]);
        let value = value.map(str::to_owned);
        if key != keys::SESSION || input.byte() % 2 == 0 {
            self.h.write_foreign(key, value.as_deref());
        }
    }
}
