//! The versioned localStorage keys trackq owns. Every key starts with
//! [`PREFIX`]; a new layout gets a new version instead of a migration.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// The prefix of every key: the shell hands the core all keys that start with it.
pub const PREFIX: &str = "tq1:";
/// The anonymous id.
pub const ANONYMOUS_ID: &str = "tq1:aid";
/// The known user id, when there is one.
pub const USER_ID: &str = "tq1:uid";
/// The last activity of the current session (ms since the epoch).
pub const SESSION: &str = "tq1:ses";
/// Prefix of a tab's heartbeat key: `tq1:hb:<tab>` holds ms since the epoch,
/// or `0` once the tab's page has gone.
pub const HEARTBEAT: &str = "tq1:hb:";
/// Prefix of an outbox chunk: `tq1:m:<tab>:<seq>` holds messages recorded
/// together, one JSON per line; `<seq>` has [`SEQ_DIGITS`] digits, so the
/// keys of a tab sort in the order they were written.
pub const MESSAGE: &str = "tq1:m:";

/// The width of a chunk's number: a tab that wrote a chunk every
/// millisecond would take 277 hours to outgrow it.
pub const SEQ_DIGITS: usize = 9;

/// The key of chunk `seq` of `tab`.
pub fn message_key(tab: &str, seq: u64) -> String {
    let mut key = crate::core::support::text::cat(&[MESSAGE, tab, ":"]);
    crate::core::support::time::push_num(&mut key, seq, SEQ_DIGITS);
    key
}

/// The tab a message key belongs to.
pub fn message_tab(key: &str) -> Option<&str> {
    Some(crate::core::support::text::split_once(key.strip_prefix(MESSAGE)?, b':').0)
}

/// The heartbeat key of `tab`.
pub fn heartbeat_key(tab: &str) -> String {
    crate::core::support::text::cat(&[HEARTBEAT, tab])
}

/// A write the shell must make to localStorage (or its in-memory fallback).
// A tag of four bytes, as `Value`'s (its niche in the String would make
// every match decode a capacity): ./build.sh on 3fe84f9's tree, the wasms 87
// / 111 bytes smaller, 55 / 12 brotli.
#[derive(Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum StoreOp {
    /// `setItem(key, value)`.
    Set(String, String),
    /// `removeItem(key)`.
    Remove(String),
    /// `removeItem` of every key that starts with [`PREFIX`] (an opt-out).
    Clear,
}

impl StoreOp {
    /// `setItem(key, value)`, both copied.
    pub fn set(key: &str, value: &str) -> StoreOp {
        StoreOp::Set(key.into(), value.into())
    }
}

/// The visitor's choice on this site: `in` (`optIn`) or `out` (`optOut`);
/// absent until one is made. An opt-out is the one key trackq keeps.
pub const CONSENT: &str = "tq1:consent";
