//! The behaviour of trackq as plain Rust: no browser APIs, no clock, no
//! storage. Time, randomness and stored data come in through
//! [`tracker::Tracker`]'s `handle_*` methods; storage writes, requests and
//! warnings go out through its `poll_*` methods.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

pub mod api;
pub mod autotrack;
pub mod backoff;
pub mod command;
pub mod config;
pub mod consent;
mod delivery;
pub mod identity;
pub mod ids;
pub mod json;
pub mod json_parse;
pub mod limits;
pub mod message;
pub mod outbox;
mod persist;
#[cfg(feature = "pii")]
pub mod pii;
mod poll;
mod run;
pub mod session;
#[cfg(feature = "pii")]
pub mod sha256;
pub mod storage_keys;
mod tabs;
pub mod taxonomy;
pub mod text;
pub mod time;
mod track;
pub mod tracker;
pub mod value;
