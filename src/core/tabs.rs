//! Sharing one localStorage with other tabs of the site: adopting the
//! outboxes of tabs that are gone, and following the identity and session
//! that other tabs write.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::limits::TAB_STALE_MS;
use super::storage_keys::{self as keys, StoreOp};
use super::text;
use super::tracker::Tracker;

impl Tracker {
    /// Takes over the chunks of tabs that are gone (no heartbeat for
    /// [`TAB_STALE_MS`], or a page that said goodbye), oldest first per tab.
    /// A live tab keeps its own: per-tab keys mean no tab overwrites
    /// another's, and the collector drops the rare message sent by both.
    /// Returns how many messages were adopted.
    pub(super) fn adopt(&mut self, stored: &[(String, String)], now: u64) -> usize {
        let alive = |tab: &str| {
            let beat = stored
                .iter()
                .find(|(k, _)| k.strip_prefix(keys::HEARTBEAT) == Some(tab));
            beat.and_then(|(_, v)| text::parse_u64(v))
                .is_some_and(|at| at != 0 && now.saturating_sub(at) < TAB_STALE_MS)
        };
        // Kept in order by insertion: `sort` would add its code to the snippet.
        let mut orphans: Vec<(&str, u64, &String, &String)> = Vec::new();
        for (key, json) in stored {
            let Some(tab) = keys::message_tab(key).filter(|tab| !alive(tab)) else {
                continue;
            };
            let Some(seq) = text::parse_u64(text::after_last(key, b':')) else {
                continue;
            };
            let at = orphans.partition_point(|o| (o.0, o.1) < (tab, seq));
            orphans.insert(at, (tab, seq, key, json));
        }
        let mut adopted = 0;
        for (_, _, key, chunk) in orphans {
            for json in text::split(chunk, b'\n') {
                // A damaged line would make its whole batch invalid JSON.
                if json.starts_with("{\"type\":\"") && json.ends_with('}') {
                    self.enqueue(key.clone(), json.to_owned());
                    adopted += 1;
                } else {
                    self.mark_dirty(key);
                }
            }
        }
        for (key, _) in stored
            .iter()
            .filter(|(k, _)| k.starts_with(keys::HEARTBEAT))
        {
            if key
                .strip_prefix(keys::HEARTBEAT)
                .is_some_and(|tab| !alive(tab))
            {
                self.ops.push(StoreOp::Remove(key.clone()));
            }
        }
        adopted
    }

    /// Another tab wrote (`Some`) or removed (`None`) one of trackq's keys
    /// (the page's `storage` event): follow its identity and session, so a
    /// visitor busy in one tab is not given a new session in another.
    pub fn handle_stored(&mut self, key: &str, value: Option<&str>) {
        match key {
            keys::SESSION => {
                if let Some(last) = value.and_then(text::parse_u64) {
                    self.session.observe(last);
                }
            }
            keys::USER_ID => {
                self.identity.user_id = value.filter(|v| !v.is_empty()).map(str::to_owned)
            }
            keys::ANONYMOUS_ID => {
                if let Some(id) = value.filter(|v| !v.is_empty()) {
                    self.identity.anonymous_id = id.to_owned();
                }
            }
            _ => {}
        }
    }
}
