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
//! Out of scope: cookies, consent management. (Page views and single-page-app
//! navigations are the `autotrack` feature's.)
//!
//! The snippet build (`--no-default-features --features saas,pii,autotrack`
//! for wasm32) is `no_std`: without the standard library's panic machinery,
//! Rust's formatting code stays out of the wasm.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

extern crate alloc;

pub mod contract;
pub mod core;
mod prelude;

#[cfg(target_arch = "wasm32")]
mod browser;

/// The shell in real Chromium (test-only code, kept apart from the shell).
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

// dlmalloc is ~7 KB of the snippet; a free-list allocator is a fraction of
// that and plenty for a few thousand small strings.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// A panic can only come from a bug; it traps, and the bootstrap's `try`
/// keeps the exception away from the page.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}
