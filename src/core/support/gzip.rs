//! A small synchronous gzip encoder (RFC 1951/1952): greedy LZ77 over a
//! 32 KB window, one block of fixed Huffman codes, CRC-32 without a table.
//! Every body is compressed with it, at once (the browser's
//! `CompressionStream` answers in a later task, too late for a page that is
//! going). On a batch of messages it gives about a fifth of the text;
//! incompressible input grows by at most 1/8 (each literal byte takes up to
//! 9 bits).

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// Bytes LZ77 may look back.
const WINDOW: usize = 32 * 1024;
/// The longest match written: DEFLATE can say 258, but only by a code of
/// its own (285); up to 257, every length is in the table `code_for` reads.
const MAX_MATCH: usize = 257;
/// log2 of the hash table's size.
const HASH_BITS: u32 = 13;

/// `data`, gzip-compressed.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    // Header, little-endian: magic, deflate, no flags; no time; no extra
    // flags, unknown OS.
    bits.put(0x0008_8b1f, 32);
    bits.put(0, 32);
    bits.put(0xff00, 16);
    // The final block, fixed Huffman codes.
    bits.put(0b011, 3);
    // Where each 3-byte hash was last seen, plus one (0: never). On the
    // stack (32 KB of its 1 MiB): a zeroed Vec cost the wasm 150-174 bytes.
    let mut head = [0u32; 1 << HASH_BITS];
    let mut i = 0;
    while let Some(&byte) = data.get(i) {
        let (len, dist) = longest(data, &mut head, i);
        if len >= 3 {
            bits.length(len, dist);
            for j in i + 1..i + len {
                longest_insert(data, &mut head, j);
            }
            i += len;
        } else {
            bits.literal(u32::from(byte));
            i += 1;
        }
    }
    // The end of the block, up to a byte boundary; then the CRC-32 and the
    // size, little-endian.
    bits.literal(256);
    bits.put(0, bits.n.wrapping_neg() & 7);
    bits.put(crc32(data), 32);
    bits.put(data.len() as u32, 32);
    bits.out
}

/// The hash table's slot for the 3 bytes at `i` (`None` near the end).
fn slot<'a>(data: &[u8], head: &'a mut [u32], i: usize) -> Option<&'a mut u32> {
    let &[x, y, z] = data.get(i..i + 3)? else {
        return None;
    };
    let v = u32::from(x) << 16 | u32::from(y) << 8 | u32::from(z);
    head.get_mut((v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize)
}

/// Records position `i` in the hash table.
fn longest_insert(data: &[u8], head: &mut [u32], i: usize) {
    if let Some(slot) = slot(data, head, i) {
        *slot = i as u32 + 1;
    }
}

/// The match at `i` with the last position of the same hash: (length,
/// distance), length 0 when there is none. Records `i`.
fn longest(data: &[u8], head: &mut [u32], i: usize) -> (usize, usize) {
    let Some(slot) = slot(data, head, i) else {
        return (0, 0);
    };
    let last = ::core::mem::replace(slot, i as u32 + 1) as usize;
    if last == 0 || i - (last - 1) > WINDOW {
        return (0, 0);
    }
    let from = last - 1;
    let (Some(a), Some(b)) = (data.get(from..), data.get(i..)) else {
        return (0, 0);
    };
    let len = a
        .iter()
        .zip(b)
        .take(MAX_MATCH)
        .take_while(|(x, y)| x == y)
        .count();
    (len, i - from)
}

/// An LSB-first bit writer with DEFLATE's fixed codes.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    /// Appends the low `count` bits of `value`, least significant first.
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            // Not `push`: its copy for Vec<u8>, which nothing else in the
            // snippet uses, was 247 bytes of wasm (./build.sh: -86 and
            // -100 bytes brotli).
            self.out.extend_from_slice(&[self.acc as u8]);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Appends a Huffman code of `len` bits (codes go most significant bit
    /// first).
    fn code(&mut self, code: u32, len: u32) {
        // Bit by bit: `reverse_bits` has no wasm instruction.
        let mut reversed = 0;
        for i in 0..len {
            reversed = reversed << 1 | code >> i & 1;
        }
        self.put(reversed, len);
    }

    /// A literal/length symbol in the fixed code (RFC 1951, 3.2.6).
    fn literal(&mut self, sym: u32) {
        match sym {
            0..=143 => self.code(0x30 + sym, 8),
            144..=255 => self.code(0x190 + sym - 144, 9),
            256..=279 => self.code(sym - 256, 7),
            _ => self.code(0xc0 + sym - 280, 8),
        }
    }

    /// A match of `len` (3 to 257) bytes `dist` (1 to 32768) back.
    fn length(&mut self, len: usize, dist: usize) {
        // Length codes 257..=284: 4 codes per number of extra bits from 0 to
        // 5 (the first 8 have none).
        let (sym, base, extra) = code_for(len, 3, 257, |i| if i < 8 { 0 } else { (i - 4) / 4 });
        self.literal(sym);
        self.put((len - base) as u32, extra);
        // Distance codes 0..=29: 2 per number of extra bits (the first 4 have none).
        let (sym, base, extra) = code_for(dist, 1, 0, |i| if i < 4 { 0 } else { (i - 2) / 2 });
        self.code(sym, 5);
        self.put((dist - base) as u32, extra);
    }
}

/// The code for `value` in a table whose code `i` starts at the previous
/// code's start plus `1 << extra(i - 1)`, the first at `first`: (the code
/// plus `offset`, its start, its extra bits).
fn code_for(
    value: usize,
    first: usize,
    offset: u32,
    extra: impl Fn(u32) -> u32,
) -> (u32, usize, u32) {
    let (mut i, mut base) = (0, first);
    while base + (1 << extra(i)) <= value {
        base += 1 << extra(i);
        i += 1;
    }
    (i + offset, base, extra(i))
}

/// CRC-32 (IEEE), bit by bit: a table would cost 1 KB of the snippet.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}
