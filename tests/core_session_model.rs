#![cfg(not(target_arch = "wasm32"))]
//! The session model of the fuzz target `session` (`tests/harness/model/`),
//! run on inputs from a seeded generator: a few thousand whole sessions
//! (commands, time, answers, reloads, tabs, other writers) with the
//! invariants checked after every step, on every `cargo test`.

mod harness;
mod rng;

use harness::model;
use rng::Rng;

/// Sessions run; `TRACKQ_SESSIONS` runs more (or fewer).
fn cases() -> u64 {
    let n = std::env::var("TRACKQ_SESSIONS").ok();
    n.and_then(|n| n.parse().ok()).unwrap_or(2_000)
}

/// A failing session's input, as printed: replay it alone with
/// `TRACKQ_SESSION=<hex> cargo test -p trackq --test core_session_model`.
fn replay() -> Option<Vec<u8>> {
    Some(from_hex(&std::env::var("TRACKQ_SESSION").ok()?))
}

/// The bytes `hex` spells.
fn from_hex(hex: &str) -> Vec<u8> {
    let byte = |i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    (0..hex.len()).step_by(2).map(byte).collect()
}

/// Inputs the fuzz target `session` failed on, replayed on every run.
const FOUND: &[&str] = &[
    // Issue 9, finding 8: a message of an adopted chunk, confirmed, was
    // sent again by a page opened later.
    "2f6d2774712b29392b2b5b2bab0007002b2bab2b010000000000002b1774\
     71313a6d3a2b2b2b2b2b31feffff5b2b5b5b5b6d275b705b5b5b4444444444434444444444442e44\
     44445bf33a5b74712b292b5b5b5b2b5b2bab0007002b2bab5b2b01",
    // A registration kept while a round of fetches was answered held a
    // message one answer confirmed; the tab crashed, fetchLater sent it.
    "fec1fa3ac120ffffffffffffffffffffff7469746c65ffffffffffff29ffa658fa3a\
     0a327a33734f7b3171740a423f5802012bff279e1e0e0000252547474747479204fa3a0a327a\
     33734f7b3171740a423f322e73c04e732a",
    // A body registered with fetchLater and withdrawn before the shell took
    // it: the shell was told to withdraw a registration it never had.
    "2473ff2830d3cb60730a7910000000f3f3f3f3f3f3f3f3f3f331f30a2f2322f14965e50a74fd\
     fdfdfdfdfdfdfdfdfdfdfdfffffffffffffffffdfdfdfdfdfdfdfdfdfdfdfdfdfdffffffffff\
     fffffffdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdf6fdfdfdfdfdfdfd\
     fdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfffffffffffffffffdfdfdfdfdfd\
     fdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdf6fdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfd\
     fdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfd716d657373616765495b5b5b5b5bfdfdfdfdfdfdfdfd\
     fdfdfdfdfdfdfdfd716d657373616765495b5b5b5b5bfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfd\
     fdfdfdfdfdfdfdfd",
];

#[test]
fn what_the_fuzzer_found_stays_fixed() {
    for hex in FOUND {
        model::run(&from_hex(hex));
    }
}

#[test]
fn random_sessions_keep_every_invariant() {
    if let Some(bytes) = replay() {
        return model::run(&bytes);
    }
    let mut rng = Rng(0x7472_6163_6b71_0001);
    for case in 0..cases() {
        let len = 8 + rng.next() % 200;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let run = std::panic::catch_unwind(|| model::run(&bytes));
        if let Err(e) = run {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            eprintln!("session {case} failed; its input: {hex}");
            std::panic::resume_unwind(e);
        }
    }
}
