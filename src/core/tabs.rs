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
    /// [`TAB_STALE_MS`], or a page that said goodbye), in the order of
    /// `stored`: sorted by key, that is oldest first per tab, as chunk
    /// numbers have a fixed width.
    /// A live tab keeps its own: per-tab keys mean no tab overwrites
    /// another's, and the collector drops the rare message sent by both.
    /// Returns how many messages were adopted.
    pub(super) fn adopt(&mut self, stored: &[(String, String)], now: u64) -> usize {
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
        let mut adopted = 0;
        for (key, chunk) in stored {
            if gone(key.strip_prefix(keys::HEARTBEAT)) {
                self.ops.push(StoreOp::Remove(key.clone()));
            }
            if !gone(keys::message_tab(key)) {
                continue;
            }
            let mut rest = Some(chunk.as_str());
            while let Some(lines) = rest {
                let (json, tail) = text::split_once(lines, b'\n');
                rest = tail;
                // A damaged line would make its whole batch invalid JSON.
                if json.starts_with("{\"type\":\"") && json.ends_with("}") {
                    self.enqueue(key.clone(), json.to_owned());
                    adopted += 1;
                } else {
                    self.mark_dirty(key);
                }
            }
        }
        adopted
    }

    /// Another tab wrote (`Some`) or removed (`None`) one of trackq's keys
    /// (the page's `storage` event): follow its identity and session, so a
    /// visitor busy in one tab is not given a new session in another.
    ///
    /// Two pages of a first visit opened at the same moment each make an
    /// anonymous id, and each hears of the other's: both settle on the
    /// smaller one, which the page that made it writes again (the last
    /// write may have been the other). Only in the first seconds of such a
    /// page: later, a new id from another tab is its `clearIdentity`, and is
    /// followed whatever it is.
    pub fn handle_stored(&mut self, key: &str, value: Option<&str>, now: u64) {
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
                let Some(id) = value.filter(|v| !v.is_empty()) else {
                    return;
                };
                let ours = &self.identity.anonymous_id;
                if now < self.fresh_id_until
                    && self.identity.user_id.is_none()
                    && id > ours.as_str()
                {
                    self.ops
                        .push(StoreOp::Set(keys::ANONYMOUS_ID.into(), ours.clone()));
                } else {
                    self.identity.anonymous_id = id.to_owned();
                }
            }
            _ => {}
        }
    }
}
