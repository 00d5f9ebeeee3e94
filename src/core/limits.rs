//! The stated limits on what a page may push and what trackq keeps.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// Objects and arrays nested deeper than this make a command invalid (a
/// cyclic object always does).
pub const MAX_DEPTH: usize = 5;
/// Strings longer than this many bytes are cut (at a char boundary).
pub const MAX_STRING_BYTES: usize = 2048;
/// Ids (`identify`, `alias`) longer than this make the command invalid:
/// an id is sent with every later message, and kept across loads.
pub const MAX_ID_BYTES: usize = 512;
/// Objects and arrays keep at most this many entries.
pub const MAX_ENTRIES: usize = 100;
/// A message whose JSON is larger than this is dropped when recorded.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024;
/// A request body never exceeds this (the keepalive/beacon budget is 64 KiB).
pub const MAX_BODY_BYTES: usize = 60 * 1024;
/// Keepalive requests in flight together stay under this many body bytes.
/// Chromium refuses a keepalive `fetch` past 64 KiB in flight and frees a
/// request's share only when it completes; the margin keeps a beacon on
/// leaving from being refused too.
pub const MAX_INFLIGHT_BYTES: usize = 48 * 1024;
/// The outbox holds at most this many messages; the oldest go first.
pub const MAX_OUTBOX_MESSAGES: usize = 1000;
/// The outbox holds at most this many bytes of message JSON.
pub const MAX_OUTBOX_BYTES: usize = 1024 * 1024;
/// A session ends after this long without activity (ms).
pub const SESSION_TIMEOUT_MS: u64 = 30 * 60 * 1000;
/// Another tab whose heartbeat is older than this is taken as gone, and its
/// outbox is adopted (ms).
pub const TAB_STALE_MS: u64 = 2 * 60 * 1000;
/// `data-batch-size` may be from this many messages...
pub const MIN_BATCH_SIZE: u64 = 1;
/// ...to this many.
pub const MAX_BATCH_SIZE: u64 = 500;
/// `data-flush-interval` may be from this many ms...
pub const MIN_FLUSH_INTERVAL_MS: u64 = 50;
/// ...to this many (an hour).
pub const MAX_FLUSH_INTERVAL_MS: u64 = 3_600_000;
