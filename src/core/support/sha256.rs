//! SHA-256 (FIPS 180-4), for hashing email addresses before they leave the
//! page. Our own: a crate would cost more bytes than these few lines.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// The first 32 bits of the fractional parts of the square roots (the
/// initial hash value) or, with `cube`, the cube roots (the round
/// constants) of the first primes, one a word of `out`. Computed for each
/// digest rather than written out: the 288 bytes of the tables do not
/// compress, and this took 168 bytes brotli off `dist/` (./build.sh). A
/// test checks the words against FIPS 180-4's tables.
fn root_fractions(out: &mut [u32], cube: bool) {
    let mut n = 1;
    for word in out {
        n += 1;
        while (2..n).any(|d| n % d == 0) {
            n += 1;
        }
        let p = f64::from(n);
        // Newton's method, from above (14 steps settle every one of these).
        let mut x = p;
        for _ in 0..20 {
            x = if cube {
                (x + x + p / (x * x)) / 3.0
            } else {
                (x + p / x) / 2.0
            };
        }
        *word = ((x - f64::from(x as u32)) * 4_294_967_296.0) as u32;
    }
}

/// The SHA-256 digest of `bytes` as 64 lowercase hex digits. The bytes go
/// straight into the message schedule's words, four to a word, so neither
/// the message nor its padding is ever copied.
pub fn sha256_hex(bytes: impl IntoIterator<Item = u8>) -> String {
    let mut h = Hasher {
        state: [0; 8],
        k: [0; 64],
        w: [0; 16],
        len: 0,
    };
    root_fractions(&mut h.state, false);
    root_fractions(&mut h.k, true);
    for byte in bytes {
        h.push(byte);
    }
    // Padded: 0x80, zeros up to 8 bytes short of a whole block, and the
    // length in bits as a big-endian u64 (the block's last two words).
    let bits = h.len.wrapping_mul(8);
    h.push(0x80);
    while h.len % 64 != 56 {
        h.push(0);
    }
    h.w[14] = (bits >> 32) as u32;
    h.w[15] = bits as u32;
    compress(&mut h.state, &h.k, &mut h.w);
    let mut hex = String::new();
    for word in &h.state {
        crate::core::support::text::push_hex(&mut hex, u64::from(*word), 8);
    }
    hex
}

/// A digest under way.
struct Hasher {
    state: [u32; 8],
    /// The round constants.
    k: [u32; 64],
    /// The block's words so far.
    w: [u32; 16],
    /// The bytes pushed.
    len: u64,
}

impl Hasher {
    fn push(&mut self, byte: u8) {
        // A word has had all four of its bytes shifted in before it is read.
        if let Some(word) = self.w.get_mut(self.len as usize / 4 % 16) {
            *word = *word << 8 | u32::from(byte);
        }
        self.len += 1;
        if self.len % 64 == 0 {
            compress(&mut self.state, &self.k, &mut self.w);
        }
    }
}

/// Mixes one 64-byte block, its 16 words in `w`, into `state`.
fn compress(state: &mut [u32; 8], k: &[u32; 64], w: &mut [u32; 16]) {
    // The message schedule as a window of the next 16 words, shifted once
    // a round: only constant indices, so nothing can be out of bounds.
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for k in k {
        let wi = w[0];
        let s0 = w[1].rotate_right(7) ^ w[1].rotate_right(18) ^ (w[1] >> 3);
        let s1 = w[14].rotate_right(17) ^ w[14].rotate_right(19) ^ (w[14] >> 10);
        let next = wi.wrapping_add(s0).wrapping_add(w[9]).wrapping_add(s1);
        w.rotate_left(1);
        w[15] = next;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(*k)
            .wrapping_add(wi);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip(&[a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(*v);
    }
}

#[cfg(test)]
mod tests {
    use super::{root_fractions, sha256_hex};

    #[test]
    fn the_constants_are_fips_180_4s() {
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2,
        ];
        const H0: [u32; 8] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
            0x5be0cd19,
        ];
        let mut k = [0; 64];
        root_fractions(&mut k, true);
        assert_eq!(k, K);
        let mut h0 = [0; 8];
        root_fractions(&mut h0, false);
        assert_eq!(h0, H0);
    }

    #[test]
    fn known_vectors() {
        let cases: [(&[u8], &str); 4] = [
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
            // printf %s 'ann@acme.com' | sha256sum
            (
                b"ann@acme.com",
                "f9669db96e65a194239696238f1c70f32c9cba34c3d842b805cf2c9e42b1f3a5",
            ),
        ];
        for (input, hex) in cases {
            assert_eq!(
                sha256_hex(input.to_vec()),
                hex,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn multi_block_inputs() {
        // Lengths around the padding's one-block / two-block edge
        // (`head -c N /dev/zero | tr '\0' x | sha256sum`).
        let edges = [
            (
                55,
                "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072",
            ),
            (
                56,
                "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e",
            ),
            (
                63,
                "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2",
            ),
            (
                64,
                "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c",
            ),
            (
                119,
                "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c",
            ),
        ];
        for (len, hex) in edges {
            assert_eq!(sha256_hex(vec![b'x'; len]), hex, "{len} bytes");
        }
        let million = vec![b'a'; 1_000_000];
        assert_eq!(
            sha256_hex(million),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }
}
