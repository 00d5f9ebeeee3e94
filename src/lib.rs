//! trackq: a browser tracking snippet for SaaS products.
//!
//! A site loads one `<script>`; pages push commands on `_kmq`, call
//! `_upstack(...)` or `_df.track(...)`; trackq turns them into Segment-shaped
//! messages, keeps them in localStorage until the collector confirms them,
//! and sends them in batches (`fetch` with `keepalive`, `sendBeacon` when the
//! page goes away).
//!
//! [`core`] holds all behaviour as plain Rust driven by `handle_*`/`poll_*`
//! calls; the `browser` module (wasm32 only) adapts it to a page.
//! Out of scope: page-view/SPA routing, cookies, consent management.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod browser;

// dlmalloc is ~7 KB of the snippet; a free-list allocator is a fraction of
// that and plenty for a few thousand small strings.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
