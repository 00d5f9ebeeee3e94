//! Who the visitor is: an anonymous id from the first visit, a user id once
//! identified ([`Identity`]), the session ([`session`]), both kept up to
//! date with other tabs ([`Visitor`]); random ids ([`ids`]); a visitor's
//! A/B test variants (`ab`, with the `autotrack` feature).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

#[cfg(feature = "autotrack")]
pub(crate) mod ab;
pub(crate) mod ids;
pub(crate) mod session;
mod visitor;

pub(crate) use visitor::Visitor;

use crate::core::storage::keys::{StoreOp, ANONYMOUS_ID, USER_ID};
use ids::Rng;

/// The ids every message carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Random, persisted, replaced by `clearIdentity`.
    pub anonymous_id: String,
    /// Set by `identify`, persisted.
    pub user_id: Option<String>,
}

/// What an `identify` changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identified {
    /// The same user as before: nothing to send.
    Unchanged,
    /// An anonymous visitor became known: link the two with an alias.
    FromAnonymous,
    /// Another known user took over.
    Switched,
}

impl Identity {
    /// The stored identity, or a fresh anonymous one (written to `ops`).
    pub(crate) fn load(
        anonymous_id: Option<&str>,
        user_id: Option<&str>,
        rng: &mut Rng,
        ops: &mut Vec<StoreOp>,
    ) -> Identity {
        let anonymous_id = match anonymous_id {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => {
                let id = rng.uuid();
                ops.push(StoreOp::set(ANONYMOUS_ID, &id));
                id
            }
        };
        Identity {
            anonymous_id,
            user_id: user_id.filter(|id| !id.is_empty()).map(str::to_owned),
        }
    }

    /// The visitor is `id` from now on.
    pub(crate) fn identify(&mut self, id: &str, ops: &mut Vec<StoreOp>) -> Identified {
        let outcome = match self.user_id.as_deref() {
            Some(current) if current == id => return Identified::Unchanged,
            Some(_) => Identified::Switched,
            None => Identified::FromAnonymous,
        };
        self.user_id = Some(id.to_owned());
        ops.push(StoreOp::set(USER_ID, id));
        outcome
    }

    /// Forgets the user and starts a new anonymous id.
    pub(crate) fn clear(&mut self, rng: &mut Rng, ops: &mut Vec<StoreOp>) {
        self.user_id = None;
        self.anonymous_id = rng.uuid();
        ops.push(StoreOp::Remove(USER_ID.into()));
        ops.push(StoreOp::set(ANONYMOUS_ID, &self.anonymous_id));
    }
}
