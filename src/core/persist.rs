//! Persisting the outbox in chunks. A localStorage write costs about as
//! much as everything else an event does, so messages recorded together
//! (a page's burst, one task) are written under one key, one JSON message
//! per line (the writer escapes every newline inside a message). A chunk
//! is written when the task ends (a timer due at once), before any send,
//! and when the page is hidden; it is rewritten only when some of its
//! messages are confirmed or evicted. The cost of a `push` does not grow
//! with the outbox.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::storage_keys::{self as keys, StoreOp};
use super::text::{cat, num};
use super::tracker::Tracker;

/// A chunk is closed and written once it holds this many bytes, so no
/// single write is large.
const MAX_CHUNK_BYTES: usize = 32 * 1024;

impl Tracker {
    /// Adds a new message to the outbox, in the open chunk.
    pub(super) fn stash(&mut self, json: String, now: u64) {
        let key = keys::message_key(&self.tab, self.chunk);
        self.chunk_bytes += json.len() + 1;
        self.mark_dirty(&key);
        self.enqueue(key, json);
        if self.chunk_bytes > MAX_CHUNK_BYTES {
            self.persist();
        } else if self.persist_at.is_none() {
            self.persist_at = Some(now);
        }
    }

    /// Chunk `key` no longer matches what is stored.
    pub(super) fn mark_dirty(&mut self, key: &str) {
        if !self.dirty.iter().any(|k| k == key) {
            self.dirty.push(key.to_owned());
        }
    }

    /// Writes every chunk that changed (removing the empty ones) and closes
    /// the open chunk: later messages start a new one.
    pub(super) fn persist(&mut self) {
        self.persist_at = None;
        for key in ::core::mem::take(&mut self.dirty) {
            let mut text = String::new();
            for json in self.outbox.with_key(&key) {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(json);
            }
            self.ops.push(if text.is_empty() {
                StoreOp::Remove(key)
            } else {
                StoreOp::Set(key, text)
            });
        }
        if self.chunk_bytes > 0 {
            self.chunk += 1;
            self.chunk_bytes = 0;
        }
        let lost = ::core::mem::take(&mut self.evicted_unsent);
        if lost > 0 {
            let lost = num(lost as u64);
            self.warn(cat(&[
                "trackq: outbox full: dropped the ",
                &lost,
                " oldest unsent message(s)",
            ]));
        }
    }
}
