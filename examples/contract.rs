//! Prints the contract between the bootstrap (`src/browser/bootstrap/`) and the wasm (`trackq::contract`)
//! as terser `--define`s, one a line: `TQ_PUSH=5`, ..., `TQ_PREFIX="tq1:"`,
//! and the keys of the identity the bootstrap mirrors for `KM.i()`
//! (`TQ_AID`, `TQ_UID`).
//! build.sh passes each to terser, which puts the values in the snippet.
//!
//! `cargo run --example contract`

use trackq::contract::CODES;
use trackq::core::storage::keys::{ANONYMOUS_ID, PREFIX, USER_ID};

fn main() {
    print!("{}", defines());
}

fn defines() -> String {
    let mut out = String::new();
    for (name, code) in CODES {
        out.push_str(&format!("TQ_{name}={code}\n"));
    }
    // JavaScript string literals (the keys are plain ASCII).
    for (name, key) in [("PREFIX", PREFIX), ("AID", ANONYMOUS_ID), ("UID", USER_ID)] {
        out.push_str(&format!("TQ_{name}=\"{key}\"\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_define_per_code_and_the_prefix() {
        let d = defines();
        assert!(d.contains("TQ_PUSH=5\n"));
        assert!(d.contains("TQ_PREFIX=\"tq1:\"\n"));
        assert!(d.ends_with("TQ_UID=\"tq1:uid\"\n"));
        assert_eq!(d.lines().count(), CODES.len() + 3);
    }
}
