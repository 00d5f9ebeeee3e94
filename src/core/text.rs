//! Building warning texts without `format!`: the snippet leaves Rust's
//! formatting machinery out, which is several KB of every page's download.

use crate::prelude::*;

/// The parts, joined.
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `n` in decimal.
pub fn num(n: u64) -> String {
    let mut out = String::new();
    super::time::push_num(&mut out, n, 1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_prints_numbers() {
        assert_eq!(cat(&["a", "", "bc"]), "abc");
        assert_eq!(num(0), "0");
        assert_eq!(num(u64::MAX), "18446744073709551615");
    }
}
