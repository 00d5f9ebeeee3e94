//! The `fetch` requests on their way, and the keepalive budget they use.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::limits::{MAX_BODY_BYTES, MAX_INFLIGHT_BYTES};

/// One request on its way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    /// What [`crate::core::Transmit::id`] called it.
    pub(crate) id: u64,
    /// Its body's size.
    pub(crate) bytes: usize,
    /// The messages it carries.
    pub(crate) count: usize,
}

/// Requests sent and not yet answered.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    requests: Vec<Request>,
}

impl InFlight {
    /// Whether none is on its way.
    pub(crate) fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// How large the next body may be: at most [`MAX_BODY_BYTES`], and
    /// within what the requests on their way leave of the keepalive budget.
    pub(crate) fn budget(&self) -> usize {
        let mut busy = 0;
        for r in &self.requests {
            busy += r.bytes;
        }
        MAX_BODY_BYTES.min(MAX_INFLIGHT_BYTES.saturating_sub(busy))
    }

    /// `request` is on its way.
    pub(crate) fn push(&mut self, request: Request) {
        self.requests.push(request);
    }

    /// Request `id` was answered: forgets it (`None` if it is not ours).
    pub(crate) fn take(&mut self, id: u64) -> Option<Request> {
        let pos = self.requests.iter().position(|r| r.id == id)?;
        Some(self.requests.swap_remove(pos))
    }
}
