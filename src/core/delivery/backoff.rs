//! When to try again after a failed send: capped exponential backoff with
//! full jitter, never sooner than the collector's `Retry-After`.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::identity::ids::Rng;

/// The first retry waits up to this long (ms).
const BASE_MS: u64 = 1_000;
/// No retry waits longer than this (ms).
const CAP_MS: u64 = 5 * 60 * 1000;

/// Consecutive failures so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Backoff {
    failures: u32,
}

impl Backoff {
    /// The delay before the next attempt (ms), counting one more failure.
    /// `retry_after_ms` is the collector's own request, capped like the rest.
    pub(crate) fn next_delay(&mut self, rng: &mut Rng, retry_after_ms: Option<u64>) -> u64 {
        let ceiling = BASE_MS
            .saturating_mul(1 << self.failures.min(20))
            .min(CAP_MS);
        self.failures = self.failures.saturating_add(1);
        // Full jitter between half the ceiling and the ceiling: tabs that
        // failed together do not come back together.
        let jittered = ceiling / 2 + rng.below(ceiling / 2 + 1);
        jittered.max(retry_after_ms.unwrap_or(0).min(CAP_MS))
    }

    /// A send succeeded: start over.
    pub(crate) fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_then_caps_and_honours_retry_after() {
        let mut rng = Rng::new([3, 4]);
        let mut b = Backoff::default();
        let first = b.next_delay(&mut rng, None);
        assert!((500..=1000).contains(&first), "{first}");
        let second = b.next_delay(&mut rng, None);
        assert!((1000..=2000).contains(&second), "{second}");
        for _ in 0..30 {
            assert!(b.next_delay(&mut rng, None) <= CAP_MS);
        }
        b.reset();
        assert_eq!(b.next_delay(&mut rng, Some(30_000)), 30_000);
        assert_eq!(b.next_delay(&mut rng, Some(u64::MAX)), CAP_MS);
    }
}
