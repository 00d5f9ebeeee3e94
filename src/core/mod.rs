//! The behaviour of trackq as plain Rust: no browser APIs, no clock, no
//! storage. Time, randomness and stored data come in through [`Tracker`]'s
//! `handle_*` methods; storage writes, requests and warnings go out through
//! its `poll_*` methods.
//!
//! By concept: [`input`] (what a page hands over: values, JSON, commands,
//! settings), `identity` (who the visitor is, sessions), [`storage`]
//! (localStorage keys, the persisted outbox, other tabs), `delivery` (the
//! outbox, batches, responses, retries), `message` (the wire format),
//! [`taxonomy`] and `pii` (checks on events), [`support`] (small stand-ins
//! for std that keep the snippet small), and `tracker`, which owns one part
//! of each and is driven by the shell. What the outside uses is re-exported
//! here.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

#[cfg(feature = "autotrack")]
pub mod autotrack;
pub mod consent;
mod delivery;
mod identity;
pub mod input;
pub mod limits;
mod message;
#[cfg(feature = "pii")]
mod pii;
pub mod storage;
pub mod support;
pub mod taxonomy;
mod tracker;
mod warning;

pub use delivery::{Encoding, Later, Response, Transmit};
pub use identity::Identity;
pub use input::{Api, Config, Transport, Validation, Value};
pub use message::Page;
pub use storage::StoreOp;
pub use support::time::Now;
pub use tracker::{Log, Tracker};
pub use warning::{BadCommand, Setting, Warning};
