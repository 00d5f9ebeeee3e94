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

use super::keys::{self, StoreOp};
use crate::core::delivery::outbox::{Entry, Outbox, State};

/// A chunk is closed and written once it holds this many bytes, so no
/// single write is large.
const MAX_CHUNK_BYTES: usize = 32 * 1024;

/// This tab's outbox as stored: the open chunk and the chunks to rewrite.
#[derive(Debug, Default)]
pub(crate) struct Persistence {
    /// The open chunk's number, and its size so far.
    chunk: u64,
    chunk_bytes: usize,
    /// Chunks whose stored text is out of date.
    dirty: Vec<String>,
    /// Unsent messages the caps evicted since the last write.
    evicted_unsent: usize,
}

impl Persistence {
    /// Adds a new message of `tab` to the outbox, in the open chunk. True
    /// when that chunk is full and should be written now (else: when the
    /// task ends).
    pub(crate) fn stash(&mut self, tab: &str, outbox: &mut Outbox, json: String) -> bool {
        let key = keys::message_key(tab, self.chunk);
        self.chunk_bytes += json.len() + 1;
        self.mark_dirty(&key);
        self.enqueue(outbox, key, json);
        self.chunk_bytes > MAX_CHUNK_BYTES
    }

    /// Adds a stored message to the outbox, forgetting what the caps evict.
    pub(crate) fn enqueue(&mut self, outbox: &mut Outbox, key: String, json: String) {
        outbox.push(key, json, self);
    }

    /// The outbox let `e` go (evicted by its caps when `evicted`, else
    /// confirmed or refused): its chunk is to be rewritten.
    pub(crate) fn gone(&mut self, e: &Entry, evicted: bool) {
        // Counted, and reported once when the chunk is written: a burst
        // past the cap must not cost a console line per event.
        self.evicted_unsent += usize::from(evicted && !matches!(e.state, State::Beaconed));
        self.mark_dirty(&e.key);
    }

    /// Chunk `key` no longer matches what is stored.
    pub(crate) fn mark_dirty(&mut self, key: &str) {
        if !self.dirty.iter().any(|k| k == key) {
            self.dirty.push(key.to_owned());
        }
    }

    /// Writes every chunk that changed (removing the empty ones) and closes
    /// the open chunk: later messages start a new one. Returns how many
    /// unsent messages the caps evicted since the last write.
    pub(crate) fn write(&mut self, outbox: &Outbox, ops: &mut Vec<StoreOp>) -> usize {
        // Last first: each key taken out, not cloned (the order of writes to
        // different keys does not matter).
        while let Some(key) = self.dirty.pop() {
            let text = outbox.chunk(&key);
            ops.push(if text.is_empty() {
                StoreOp::Remove(key)
            } else {
                StoreOp::Set(key, text)
            });
        }
        if self.chunk_bytes > 0 {
            self.chunk += 1;
            self.chunk_bytes = 0;
        }
        ::core::mem::take(&mut self.evicted_unsent)
    }
}
