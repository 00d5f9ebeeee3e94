//! A whole session (commands, time, answers, reloads, tabs, other writers
//! of the store) decoded from the input, with the invariants of
//! `tests/harness/model/check.rs` checked after every step.
#![no_main]

#[path = "../../tests/harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::model::run(data));
