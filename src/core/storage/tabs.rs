//! Sharing one localStorage with other tabs of the site: this tab's
//! heartbeat, and adopting the outboxes of tabs that are gone. (Following
//! the identity and session other tabs write is the visitor's part.)

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::keys::{self, StoreOp};
use super::Persistence;
use crate::core::delivery::outbox::Outbox;
use crate::core::identity::ids::Rng;
use crate::core::input::{json_parse, Value};
use crate::core::limits::{MAX_MESSAGE_BYTES, TAB_STALE_MS};
use crate::core::support::text::{self, num};

/// How often a tab tells others it is alive (ms).
const HEARTBEAT_MS: u64 = 30_000;

/// This tab: a random name, and a heartbeat other tabs read.
#[derive(Debug)]
pub(crate) struct Tab {
    id: String,
}

impl Tab {
    /// A new tab with a random name.
    pub(crate) fn new(rng: &mut Rng) -> Tab {
        Tab { id: rng.token() }
    }

    /// The tab's name, in its keys.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// Tells other tabs this one is alive at `wall` (the wall clock: other
    /// pages read it); returns when to do it again (monotonic, from `now`).
    pub(crate) fn beat(&self, wall: u64, now: u64, ops: &mut Vec<StoreOp>) -> u64 {
        ops.push(StoreOp::Set(keys::heartbeat_key(&self.id), num(wall)));
        now.saturating_add(HEARTBEAT_MS)
    }

    /// The page is being left: a heartbeat at 0, so other tabs may adopt
    /// its outbox at once.
    pub(crate) fn leave(&self, ops: &mut Vec<StoreOp>) {
        self.beat(0, 0, ops);
    }
}

/// Takes over the chunks of tabs that are gone (`now`: the wall clock, as
/// heartbeats are written) (no heartbeat for
/// [`TAB_STALE_MS`], or a page that said goodbye), in the order of
/// `stored`: sorted by key, that is oldest first per tab, as chunk
/// numbers have a fixed width. Removes their heartbeats.
/// A live tab keeps its own: per-tab keys mean no tab overwrites
/// another's, and the collector drops the rare message sent by both.
/// Pages that adopted the same chunk (or a live tab's, judged gone) follow
/// each other's rewrites of it ([`Outbox::follow`]).
/// Returns how many messages were adopted, and whether a line was dropped.
pub(crate) fn adopt(
    stored: &[(String, String)],
    now: u64,
    persistence: &mut Persistence,
    outbox: &mut Outbox,
    ops: &mut Vec<StoreOp>,
) -> (usize, bool) {
    // Whether `tab` (if any) is a tab that is gone.
    let gone = |tab: Option<&str>| {
        let Some(tab) = tab else {
            return false;
        };
        let beat = stored
            .iter()
            .find(|(k, _)| k.strip_prefix(keys::HEARTBEAT) == Some(tab));
        match beat.and_then(|(_, v)| text::parse_u64(v)) {
            Some(at) => at == 0 || now.saturating_sub(at) >= TAB_STALE_MS,
            None => true,
        }
    };
    let (mut adopted, mut dropped) = (0, false);
    for (key, chunk) in stored {
        // A key is a heartbeat's or a chunk's, never both: one call of
        // `gone` (called twice, the wasm kept it as a function of its own).
        let beat = key.strip_prefix(keys::HEARTBEAT);
        if !gone(beat.or(keys::message_tab(key))) {
            continue;
        }
        if beat.is_some() {
            ops.push(StoreOp::Remove(key.clone()));
            continue;
        }
        let mut rest = Some(chunk.as_str());
        while let Some(lines) = rest {
            let (json, tail) = text::split_once(lines, b'\n');
            rest = tail;
            // Only lines that are one JSON object within the message
            // limit: a damaged one would make its whole batch invalid JSON,
            // a huge one a body no browser sends, for good.
            let parsed = json_parse::parse(json, false);
            if json.len() <= MAX_MESSAGE_BYTES
                && matches!(parsed.value, Some(Value::Obj(_)))
                && !parsed.too_deep
            {
                persistence.enqueue(outbox, key.clone(), json.to_owned());
                adopted += 1;
            } else {
                dropped |= !json.is_empty();
                persistence.mark_dirty(key);
            }
        }
    }
    (adopted, dropped)
}
