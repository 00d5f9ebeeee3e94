//! The outbox: messages persisted one key each, waiting, in flight, or
//! beaconed, until the collector confirms them.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::limits::{MAX_OUTBOX_BYTES, MAX_OUTBOX_MESSAGES};
use crate::core::storage::Persistence;
use crate::core::support::text::split_once;

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Not sent yet, or sent and failed.
    Waiting,
    /// Part of request `id`.
    InFlight(u64),
    /// Sent by a beacon while the page was leaving: no confirmation will
    /// come, so it stays stored and goes again on the next page load.
    Beaconed,
}

impl State {
    /// Part of request `id`. (`matches!` here and below rather than `==`:
    /// no call to the derived `eq` in the snippet.)
    fn of(self, id: u64) -> bool {
        matches!(self, State::InFlight(i) if i == id)
    }
}

/// Which entries [`Outbox::drop_where`] removes.
#[derive(Clone, Copy)]
enum Hit<'a> {
    /// The one at this position.
    At(usize),
    /// Those of request `id`.
    Request(u64),
    /// Those of chunk `key` that are not lines of `text`.
    Unlisted { key: &'a str, text: &'a str },
}

/// One stored message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its localStorage key.
    pub key: String,
    /// Its JSON.
    pub json: String,
    /// Where it stands.
    pub state: State,
}

/// Messages in the order they were recorded.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    entries: Vec<Entry>,
    bytes: usize,
    // Kept up to date so the push path stays O(1) however long the outbox.
    waiting: usize,
}

impl Outbox {
    /// Appends a message; tells `persistence` of the entries evicted to
    /// respect the caps (beaconed ones first: they have most likely arrived
    /// already).
    pub(crate) fn push(&mut self, key: String, json: String, persistence: &mut Persistence) {
        self.bytes += json.len();
        self.waiting += 1;
        self.entries.push(Entry {
            key,
            json,
            state: State::Waiting,
        });
        while self.entries.len() > MAX_OUTBOX_MESSAGES || self.bytes > MAX_OUTBOX_BYTES {
            let victim = self
                .entries
                .iter()
                .position(|e| matches!(e.state, State::Beaconed))
                .or_else(|| {
                    self.entries
                        .iter()
                        .position(|e| matches!(e.state, State::Waiting))
                })
                .unwrap_or(0);
            if self.drop_where(Hit::At(victim), Some(persistence)) == 0 {
                break;
            }
        }
    }

    /// Removes the entries `hit` picks, telling `persistence` of each, if
    /// any (evicted with [`Hit::At`]); returns how many. (What to remove is
    /// said by a [`Hit`] rather than a closure, and whom to tell by a
    /// `Persistence` rather than a `dyn FnMut`: no closure, shim or vtable
    /// in the snippet.)
    fn drop_where(&mut self, hit: Hit, mut persistence: Option<&mut Persistence>) -> usize {
        // The kept entries moved down over the dropped ones, in order, then
        // the tail cut: no `retain`, whose closure the wasm kept as a
        // function of its own, and no `swap` by index, with its bounds checks
        // (./build.sh: -26 / -52 bytes brotli).
        let (mut i, mut kept) = (0, 0);
        while let Some(e) = self.entries.get(i) {
            let drop = match hit {
                Hit::At(at) => i == at,
                Hit::Request(id) => e.state.of(id),
                Hit::Unlisted { key, text } => e.key == key && !has_line(text, &e.json),
            };
            if drop {
                self.bytes -= e.json.len();
                self.waiting -= usize::from(matches!(e.state, State::Waiting));
                if let Some(p) = persistence.as_mut() {
                    p.gone(e, matches!(hit, Hit::At(_)));
                }
            } else {
                if let Some([first, .., last]) = self.entries.get_mut(kept..=i) {
                    ::core::mem::swap(first, last);
                }
                kept += 1;
            }
            i += 1;
        }
        self.entries.truncate(kept);
        i - kept
    }

    /// The text of chunk `key`: the JSON of its messages, in order, one a
    /// line (empty when none is left).
    pub fn chunk(&self, key: &str) -> String {
        let mut text = String::new();
        for e in &self.entries {
            if e.key == key {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&e.json);
            }
        }
        text
    }

    /// Messages waiting to be sent.
    pub fn waiting(&self) -> usize {
        self.waiting
    }

    /// All messages held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Hands the oldest messages to `add`, in order, until it refuses one.
    /// With `Some(id)`, the waiting ones, which become part of request
    /// `id`; with `None`, those not beaconed (waiting or in flight), which
    /// stay as they are.
    pub fn fill(&mut self, request: Option<u64>, mut add: impl FnMut(&str) -> bool) {
        for e in self.entries.iter_mut() {
            let pick = match e.state {
                State::Waiting => true,
                State::InFlight(_) => request.is_none(),
                State::Beaconed => false,
            };
            if !pick {
                continue;
            }
            if !add(&e.json) {
                break;
            }
            if let Some(id) = request {
                e.state = State::InFlight(id);
                self.waiting -= 1;
            }
        }
    }

    /// Removes the messages of request `id` (confirmed, or refused for
    /// good), telling `persistence` of each; returns how many.
    pub(crate) fn remove(&mut self, id: u64, persistence: &mut Persistence) -> usize {
        self.drop_where(Hit::Request(id), Some(persistence))
    }

    /// Another page wrote chunk `key` as `text` (empty: removed it): it
    /// adopted the same chunk and confirmed, refused or evicted what is no
    /// longer there. Forgets those here too, so that this page neither
    /// sends them again nor writes them back for a later page to send.
    pub fn follow(&mut self, key: &str, text: &str) {
        self.drop_where(Hit::Unlisted { key, text }, None);
    }

    /// Moves the messages of request `id` to `state`; returns how many.
    pub fn set_state(&mut self, id: u64, state: State) -> usize {
        let mut n = 0;
        for e in self.entries.iter_mut().filter(|e| e.state.of(id)) {
            e.state = state;
            n += 1;
        }
        if matches!(state, State::Waiting) {
            self.waiting += n;
        }
        n
    }
}

/// Whether `line` is one of the lines of `text`.
// The same walk as autotrack's `has_word` with another separator: one
// function for both made the wasms larger (brotli +31 / +23).
fn has_line(text: &str, line: &str) -> bool {
    let mut rest = Some(text);
    while let Some(lines) = rest {
        let (first, tail) = split_once(lines, b'\n');
        if first == line {
            return true;
        }
        rest = tail;
    }
    false
}

#[cfg(test)]
mod tests;
