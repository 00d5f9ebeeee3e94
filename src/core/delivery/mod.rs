//! Getting the outbox to the collector: the outbox itself ([`outbox`]),
//! batches by count and bytes, the keepalive budget of the requests in
//! flight, beacons on leave, what each answer means (`answer.rs`), and
//! when to try again ([`backoff`]).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

mod answer;
pub(crate) mod backoff;
mod inflight;
mod later;
pub(crate) mod outbox;

use crate::core::input::Config;
use crate::core::limits::MAX_BODY_BYTES;
use crate::core::message::Body;
use crate::core::support::gzip::gzip;
pub(crate) use answer::Answer;
pub use answer::Response;
use backoff::Backoff;
use inflight::{InFlight, Request};
pub use later::Later;
use later::Registration;
use outbox::{Outbox, State};

/// A request the shell must send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    /// Pass it back to [`crate::core::Tracker::handle_response`] or
    /// [`crate::core::Tracker::handle_beacon`].
    pub id: u64,
    /// The body: JSON text, or its gzip ([`Encoding`]).
    pub body: Vec<u8>,
    /// What `body` is and what the shell does with it.
    pub encoding: Encoding,
    /// Send with `navigator.sendBeacon` (else `fetch` with `keepalive`).
    pub beacon: bool,
}

/// How a body goes on the wire. Neither form sets a header (a beacon
/// cannot, and a `Content-Encoding` would cost a CORS preflight): the
/// collector knows gzip by its magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)] // the shell hands it to the bootstrap as 0 or 1
pub enum Encoding {
    /// JSON text (`data-gzip="off"`), sent as `text/plain`.
    Json,
    /// Gzip bytes.
    Gzip,
}

/// A body written ([`Delivery::write`]).
pub(crate) struct Written {
    /// The body as it goes.
    body: Vec<u8>,
    /// What it is.
    encoding: Encoding,
    /// Its size as JSON.
    bytes: usize,
    /// The messages it holds.
    count: usize,
}

/// The tracker's part that sends: requests in flight, the batch size in
/// force, the backoff.
#[derive(Debug)]
pub(crate) struct Delivery {
    inflight: InFlight,
    next_request: u64,
    backoff: Backoff,
    /// After a 413, batches hold at most this many messages until one succeeds.
    split_limit: Option<usize>,
    /// A flush stopped at the keepalive budget: send the rest on an answer.
    held_back: bool,
    /// The batch-level `context` of every body (what this page's messages
    /// share), unless each message carries its own.
    shared: Option<String>,
    /// What is registered with `fetchLater`.
    later: Registration,
    /// The page is being left (`pagehide`, until it shows again).
    leaving: bool,
}

impl Delivery {
    /// Delivery for a page whose bodies carry `shared` as their batch-level
    /// `context` (see [`crate::core::message::shared_context`]).
    pub(crate) fn new(shared: Option<String>) -> Delivery {
        Delivery {
            inflight: InFlight::default(),
            next_request: 1,
            backoff: Backoff::default(),
            split_limit: None,
            held_back: false,
            shared,
            later: Registration::default(),
            leaving: false,
        }
    }

    /// No `fetch` is in flight.
    pub(crate) fn idle(&self) -> bool {
        self.inflight.is_empty()
    }

    /// A full batch waits: the flush is due now.
    pub(crate) fn batch_ready(&self, config: &Config, outbox: &Outbox) -> bool {
        outbox.waiting() >= self.batch_limit(config)
    }

    /// A flush stopped at the keepalive budget: only an answer frees it,
    /// and that answer sends the rest ([`Delivery::take_held_back`]).
    pub(crate) fn held_back(&self) -> bool {
        self.held_back
    }

    fn batch_limit(&self, config: &Config) -> usize {
        self.split_limit
            .unwrap_or(config.batch_size)
            .min(config.batch_size)
    }

    /// Sends what waits by `fetch`, as far as the keepalive budget allows.
    pub(crate) fn send(
        &mut self,
        config: &Config,
        outbox: &mut Outbox,
        now: u64,
        transmits: &mut Vec<Transmit>,
    ) {
        let limit = self.batch_limit(config);
        while outbox.waiting() > 0 {
            let budget = self.inflight.budget();
            let Some((transmit, request)) =
                self.take_batch(config, outbox, now, limit, budget, false)
            else {
                break;
            };
            if !self.inflight.is_empty() && request.bytes > budget {
                // Over the keepalive budget: wait for an answer to free it.
                outbox.set_state(request.id, State::Waiting);
                self.held_back = true;
                break;
            }
            self.inflight.push(request);
            transmits.push(transmit);
        }
    }

    /// Sends every waiting message by beacon, in bodies of at most
    /// [`MAX_BODY_BYTES`].
    pub(crate) fn send_beacons(
        &mut self,
        config: &Config,
        outbox: &mut Outbox,
        now: u64,
        transmits: &mut Vec<Transmit>,
    ) {
        while let Some((transmit, _)) =
            self.take_batch(config, outbox, now, usize::MAX, MAX_BODY_BYTES, true)
        {
            transmits.push(transmit);
        }
    }

    /// Marks a batch of waiting messages as the next request and writes its
    /// body.
    fn take_batch(
        &mut self,
        config: &Config,
        outbox: &mut Outbox,
        now: u64,
        max_count: usize,
        max_bytes: usize,
        beacon: bool,
    ) -> Option<(Transmit, Request)> {
        let id = self.next_request;
        let Written {
            body,
            encoding,
            bytes,
            count,
        } = self.write(config, outbox, Some(id), now, max_count, max_bytes)?;
        self.next_request += 1;
        let transmit = Transmit {
            id,
            body,
            encoding,
            beacon,
        };
        Some((transmit, Request { id, bytes, count }))
    }

    /// Writes the oldest messages [`Outbox::fill`] hands over for `request`
    /// into one body, within `max_count` and `max_bytes`, and encodes it
    /// (`None` when none). (One writer for fetches, beacons and `fetchLater`: one
    /// instance of `fill` in the snippet.)
    fn write(
        &self,
        config: &Config,
        outbox: &mut Outbox,
        request: Option<u64>,
        now: u64,
        max_count: usize,
        max_bytes: usize,
    ) -> Option<Written> {
        let mut body = Body::new(&config.write_key, now, self.shared.as_deref());
        outbox.fill(request, |m| body.add(m, max_count, max_bytes));
        let count = body.count();
        if count == 0 {
            return None;
        }
        let body = body.finish();
        // The keepalive budget is kept in JSON bytes: gzip only makes it safer.
        let bytes = body.len();
        let (body, encoding) = encode(config, body);
        Some(Written {
            body,
            encoding,
            bytes,
            count,
        })
    }

    /// Registers the oldest unconfirmed messages (not beaconed) with
    /// `fetchLater`, in one body, or withdraws the registration when none
    /// is left. Only where the shell has `fetchLater`.
    pub(crate) fn register_later(&mut self, config: &Config, outbox: &mut Outbox, now: u64) {
        if !config.fetch_later {
            return;
        }
        let body = self.write(config, outbox, None, now, usize::MAX, MAX_BODY_BYTES);
        self.later.set(body);
    }

    /// Withdraws the `fetchLater` registration (beacons carry its messages).
    pub(crate) fn cancel_later(&mut self) {
        self.later.cancel();
    }

    /// The change to the `fetchLater` registration the shell must make.
    pub(crate) fn take_later(&mut self) -> Option<Later> {
        self.later.take()
    }

    /// The page is being left (`pagehide`), or shows again.
    pub(crate) fn set_leaving(&mut self, leaving: bool) {
        self.leaving = leaving;
    }
}

/// A body as it goes: gzip, unless `data-gzip="off"`.
fn encode(config: &Config, body: String) -> (Vec<u8>, Encoding) {
    // Compressed here, at once, rather than by the browser's
    // CompressionStream: its answer comes in a later task, and a fetch
    // flushed just before the page goes then never leaves (bench.mjs, a
    // burst then leaving in the same task: the 188 messages of the
    // fetches still being compressed waited for the next visit, 812/1000
    // arrived within 3 s).
    match config.gzip {
        false => (body.into_bytes(), Encoding::Json),
        true => (gzip(body.as_bytes()), Encoding::Gzip),
    }
}
