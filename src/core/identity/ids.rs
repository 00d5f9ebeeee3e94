//! Random identifiers: UUID v4 text from a generator seeded by the shell.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::support::text::push_hex;

/// A small PRNG (xorshift128+). The shell seeds it from
/// `crypto.getRandomValues`, so ids are unpredictable across pages while the
/// core itself stays deterministic under test.
#[derive(Clone, Debug)]
pub struct Rng {
    s0: u64,
    s1: u64,
}

impl Rng {
    /// A generator from 128 bits of seed (an all-zero seed is replaced).
    pub fn new(seed: [u64; 2]) -> Rng {
        let [s0, s1] = seed;
        if s0 | s1 == 0 {
            Rng {
                s0: 0x9e37_79b9_7f4a_7c15,
                s1: 0xbf58_476d_1ce4_e5b9,
            }
        } else {
            Rng { s0, s1 }
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.s0;
        let y = self.s1;
        self.s0 = y;
        x ^= x << 23;
        self.s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
        self.s1.wrapping_add(y)
    }

    /// A uniform value in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    /// A random UUID v4 in its 36-character text form.
    pub fn uuid(&mut self) -> String {
        let hi = (self.next_u64() & !0xf000) | 0x4000;
        let lo = (self.next_u64() & !(0xc << 60)) | (0x8 << 60);
        let mut out = String::new();
        // 8-4-4-4-12 digits.
        push_hex(&mut out, hi >> 32, 8);
        out.push('-');
        push_hex(&mut out, hi >> 16, 4);
        out.push('-');
        push_hex(&mut out, hi, 4);
        out.push('-');
        push_hex(&mut out, lo >> 48, 4);
        out.push('-');
        push_hex(&mut out, lo, 12);
        out
    }

    /// A short random token (12 hex digits, 48 bits) naming this tab.
    pub fn token(&mut self) -> String {
        let mut out = String::new();
        push_hex(&mut out, self.next_u64(), 12);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_v4_and_distinct() {
        let mut rng = Rng::new([1, 2]);
        let a = rng.uuid();
        let b = rng.uuid();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let bytes = a.as_bytes();
        assert_eq!(bytes[14], b'4');
        assert!(matches!(bytes[19], b'8' | b'9' | b'a' | b'b'), "{a}");
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn uuids_are_the_random_bits_in_8_4_4_4_12_digits() {
        let mut bits = Rng::new([3, 4]);
        let (hi, lo) = (bits.next_u64(), bits.next_u64());
        let (hi, lo) = ((hi & !0xf000) | 0x4000, (lo & !(0xc << 60)) | (0x8 << 60));
        let expected = format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            hi >> 16 & 0xffff,
            hi & 0xffff,
            lo >> 48,
            lo & 0xffff_ffff_ffff
        );
        assert_eq!(Rng::new([3, 4]).uuid(), expected);
    }

    #[test]
    fn same_seed_same_ids() {
        assert_eq!(Rng::new([5, 6]).uuid(), Rng::new([5, 6]).uuid());
        assert_ne!(Rng::new([0, 0]).next_u64(), 0);
    }
}
