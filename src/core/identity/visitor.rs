//! [`Visitor`]: the tracker's part that knows who is visiting and since
//! when, and follows what other tabs of the site write about it.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::ids::Rng;
use super::session::Session;
use super::{Identified, Identity};
use crate::core::storage::keys::{self, StoreOp};
use crate::core::support::text;

/// How long after a first visit's page made its anonymous id another page's
/// may still replace it, if smaller (ms): see [`Visitor::observe`].
const FRESH_ID_MS: u64 = 10_000;

/// Identity and session, as this page knows them.
#[derive(Debug)]
pub(crate) struct Visitor {
    identity: Identity,
    session: Session,
    /// Until when (monotonic time) the anonymous id this page made on a
    /// first visit may still lose to one another page made at the same
    /// moment (0: never).
    fresh_id_until: u64,
}

impl Visitor {
    /// The stored anonymous id, user id and session (their values under
    /// [`keys::ANONYMOUS_ID`], [`keys::USER_ID`], [`keys::SESSION`]), or a
    /// fresh anonymous id on a first visit (written to `ops`).
    pub(crate) fn load(
        anonymous_id: Option<&str>,
        user_id: Option<&str>,
        session: Option<&str>,
        rng: &mut Rng,
        ops: &mut Vec<StoreOp>,
        now: u64,
    ) -> Visitor {
        let first_visit = anonymous_id.is_none_or(str::is_empty);
        Visitor {
            identity: Identity::load(anonymous_id, user_id, rng, ops),
            session: Session::load(session),
            fresh_id_until: if first_visit {
                now.saturating_add(FRESH_ID_MS)
            } else {
                0
            },
        }
    }

    /// Who the visitor is.
    pub(crate) fn identity(&self) -> &Identity {
        &self.identity
    }

    /// `identify`: the visitor is `id` from now on.
    pub(crate) fn identify(&mut self, id: &str, ops: &mut Vec<StoreOp>) -> Identified {
        self.identity.identify(id, ops)
    }

    /// `clearIdentity`: forgets the user, starts a new anonymous id.
    pub(crate) fn clear(&mut self, rng: &mut Rng, ops: &mut Vec<StoreOp>) {
        self.identity.clear(rng, ops);
    }

    /// Recording stopped or restarts (consent): the next activity opens a
    /// new session, and another tab's new anonymous id is followed as it is.
    pub(crate) fn forget(&mut self) {
        self.session = Session::default();
        self.fresh_id_until = 0;
    }

    /// Activity at `now`. When it opens a new session: whether the visitor
    /// had one before (is returning).
    pub(crate) fn touch(&mut self, now: u64, ops: &mut Vec<StoreOp>) -> Option<bool> {
        self.session.touch(now, ops)
    }

    /// The page is going away: writes the last activity now.
    pub(crate) fn leave(&mut self, ops: &mut Vec<StoreOp>) {
        self.session.persist(ops);
    }

    /// Another tab wrote (`Some`) or removed (`None`) `key`: follows its
    /// identity and session, so a visitor busy in one tab is not given a
    /// new session in another.
    ///
    /// Two pages of a first visit opened at the same moment each make an
    /// anonymous id, and each hears of the other's: both settle on the
    /// smaller one, which the page that made it writes again (the last
    /// write may have been the other). Only in the first seconds of such a
    /// page: later, a new id from another tab is its `clearIdentity`, and is
    /// followed whatever it is.
    pub(crate) fn observe(
        &mut self,
        key: &str,
        value: Option<&str>,
        now: u64,
        ops: &mut Vec<StoreOp>,
    ) {
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
                    ops.push(StoreOp::set(keys::ANONYMOUS_ID, ours));
                } else {
                    self.identity.anonymous_id = id.to_owned();
                }
            }
            _ => {}
        }
    }
}
