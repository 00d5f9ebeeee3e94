//! trackq-collector: the server a team runs to try trackq, develop against
//! it, or run a small site on.
//!
//! It stores three streams in one SQLite file or one PostgreSQL database
//! ([`store`]), as the same Segment-shaped
//! messages: the snippet's beacons (`POST /v1/batch`), server-side events
//! (`POST /v1/events`, seed 001's "Server-Side Helper Pattern") and Stripe
//! webhooks mapped to SaaS events (`POST /webhooks/stripe`). It answers
//! queries (`GET /v1/events`) and serves the demo pages and the built
//! snippet.
//!
//! In scope: one process on an SQLite file, or several on one PostgreSQL,
//! dedup by `messageId`, validation against the seeds' taxonomies. Out of
//! scope: forwarding to other pipelines, TLS (put a proxy in front).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod auth;
pub mod batch;
pub mod body;
pub mod clock;
pub mod config;
pub mod envelope;
pub mod error;
pub mod inflate;
pub mod message;
pub mod problems;
pub mod query;
pub mod query_string;
pub mod routes;
pub mod server;
pub mod server_api;
pub mod static_files;
pub mod store;
pub mod stripe;
pub mod stripe_map;
pub mod stripe_sig;
pub mod taxonomy_extra;

pub use config::Config;
pub use server::{serve, spawn, Running, StartError};
