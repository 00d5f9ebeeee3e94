//! Texts joined at compile time from words and numbers ([`joined!`]): a
//! warning says its limits in words taken from `limits.rs`, at no cost in
//! the snippet. (Joined at run time, each piece is one more address and
//! length in the code: measured 120 B brotli larger on the `_kmq` build.)

/// One piece of a joined text.
#[derive(Clone, Copy)]
pub enum Piece {
    /// Words.
    S(&'static str),
    /// A number, in decimal.
    N(u64),
}

const fn digits(mut n: u64) -> usize {
    let mut count = 1;
    while n >= 10 {
        n /= 10;
        count += 1;
    }
    count
}

/// The length of `pieces` joined.
pub const fn len(pieces: &[Piece]) -> usize {
    let (mut total, mut i) = (0, 0);
    while i < pieces.len() {
        total += match pieces[i] {
            Piece::S(s) => s.len(),
            Piece::N(n) => digits(n),
        };
        i += 1;
    }
    total
}

/// `pieces` joined, as bytes (`L` is [`len`] of them).
pub const fn join<const L: usize>(pieces: &[Piece]) -> [u8; L] {
    let mut out = [0; L];
    let (mut at, mut i) = (0, 0);
    while i < pieces.len() {
        match pieces[i] {
            Piece::S(s) => {
                let s = s.as_bytes();
                let mut j = 0;
                while j < s.len() {
                    out[at] = s[j];
                    at += 1;
                    j += 1;
                }
            }
            Piece::N(n) => {
                let width = digits(n);
                let mut j = width;
                let mut n = n;
                while j > 0 {
                    j -= 1;
                    out[at + j] = b'0' + (n % 10) as u8;
                    n /= 10;
                }
                at += width;
            }
        }
        i += 1;
    }
    out
}

/// A `&'static str` joined at compile time from words (string literals or
/// constants) and numbers (`{n}`, any constant that fits a `u64`):
/// `joined!("ids are limited to ", {MAX_ID_BYTES}, " bytes")`.
macro_rules! joined {
    ($($piece:tt),+ $(,)?) => {{
        use $crate::core::support::joined::{join, len, Piece};
        const PIECES: &[Piece] = &[$($crate::core::support::joined::joined!(@piece $piece)),+];
        const BYTES: [u8; len(PIECES)] = join::<{ len(PIECES) }>(PIECES);
        const TEXT: &str = match ::core::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => "",
        };
        TEXT
    }};
    (@piece {$n:expr}) => { Piece::N($n as u64) };
    (@piece $s:expr) => { Piece::S($s) };
}
pub(crate) use joined;

#[cfg(test)]
mod tests {
    #[test]
    fn joins_words_and_numbers() {
        const MAX: usize = 2048;
        assert_eq!(joined!("over ", { MAX }, " bytes"), "over 2048 bytes");
        assert_eq!(
            joined!({ 0 }, "-", { 10 }, "-", { u64::MAX }),
            "0-10-18446744073709551615"
        );
        assert_eq!(joined!("only words"), "only words");
    }
}
