//! What an answer to a request means: a `fetch`'s status or failure, a
//! beacon taken or refused; smaller batches after a 413, the backoff after
//! a failure.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::outbox::{Outbox, State};
use super::Delivery;
use crate::core::identity::ids::Rng;
use crate::core::input::{Config, Transport};

/// How a `fetch` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// The collector answered with this status; `retry_after_ms` from its
    /// `Retry-After` header.
    Status {
        /// The HTTP status.
        status: u16,
        /// `Retry-After`, in ms.
        retry_after_ms: Option<u64>,
    },
    /// No answer (offline, DNS, CORS, aborted).
    NetworkError,
}

/// What the tracker must do about an answered request's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Delivered: forget them.
    Delivered,
    /// Waiting again: try after the backoff (or the collector's
    /// `Retry-After`, in ms).
    Retry(Option<u64>),
    /// Refused for good with this status: forget them, with a warning.
    Refused(u16),
    /// Nothing more (waiting again in smaller batches, or beaconed).
    Kept,
}

impl Delivery {
    /// What `sendBeacon` returned for request `id`.
    pub(crate) fn beacon_answered(
        &mut self,
        id: u64,
        accepted: bool,
        config: &Config,
        outbox: &mut Outbox,
    ) -> Answer {
        if !accepted {
            outbox.set_state(id, State::Waiting);
            Answer::Retry(None)
        } else if config.transport == Transport::Beacon {
            Answer::Delivered
        } else {
            outbox.set_state(id, State::Beaconed);
            Answer::Kept
        }
    }

    /// How `fetch` request `id` ended (`None` if it is not ours).
    pub(crate) fn answered(
        &mut self,
        id: u64,
        response: Response,
        outbox: &mut Outbox,
    ) -> Option<Answer> {
        let request = self.inflight.take(id)?;
        let (state, answer) = match response {
            Response::Status {
                status: 200..=299, ..
            } => {
                self.backoff.reset();
                // Smaller batches until the split ones have all gone.
                if outbox.waiting() == 0 {
                    self.split_limit = None;
                }
                return Some(Answer::Delivered);
            }
            Response::Status { status: 413, .. } if request.count > 1 => {
                self.split_limit = Some(request.count.div_ceil(2));
                (State::Waiting, Answer::Kept)
            }
            Response::Status {
                status: 408 | 429 | 500..=599,
                retry_after_ms,
            } => (State::Waiting, Answer::Retry(retry_after_ms)),
            // Chromium fails a page's fetches as it goes, but a keepalive
            // request outlives the page: its messages are kept for the
            // next page, as a beacon's are, not beaconed again.
            Response::NetworkError if self.leaving => (State::Beaconed, Answer::Kept),
            Response::NetworkError => (State::Waiting, Answer::Retry(None)),
            Response::Status { status, .. } => return Some(Answer::Refused(status)),
        };
        outbox.set_state(id, state);
        Some(answer)
    }

    /// The delay before trying again (ms), counting one more failure.
    pub(crate) fn retry_delay(&mut self, rng: &mut Rng, retry_after_ms: Option<u64>) -> u64 {
        self.backoff.next_delay(rng, retry_after_ms)
    }

    /// Whether a flush stopped at the keepalive budget (and forgets it): an
    /// answer freed some, so the rest may go.
    pub(crate) fn take_held_back(&mut self) -> bool {
        ::core::mem::take(&mut self.held_back)
    }
}
