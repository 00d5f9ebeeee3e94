//! Prints the contract between `bootstrap.js` and the wasm (`trackq::contract`)
//! as terser `--define`s, one a line: `TQ_PUSH=5`, ..., `TQ_PREFIX="tq1:"`.
//! build.sh passes each to terser, which puts the values in the snippet.
//!
//! `cargo run --example contract`

use trackq::contract::CODES;
use trackq::core::storage::keys::PREFIX;

fn main() {
    print!("{}", defines());
}

fn defines() -> String {
    let mut out = String::new();
    for (name, code) in CODES {
        out.push_str(&format!("TQ_{name}={code}\n"));
    }
    // A JavaScript string literal (the prefix is plain ASCII).
    out.push_str(&format!("TQ_PREFIX=\"{PREFIX}\"\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_define_per_code_and_the_prefix() {
        let d = defines();
        assert!(d.contains("TQ_PUSH=5\n"));
        assert!(d.ends_with("TQ_PREFIX=\"tq1:\"\n"));
        assert_eq!(d.lines().count(), CODES.len() + 1);
    }
}
