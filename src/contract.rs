//! The contract between the bootstrap (`bootstrap/`) and the wasm, by name: what the first
//! argument of the wasm's `on` export means, and the prefix of trackq's
//! localStorage keys. `cargo run --example contract` prints them as terser
//! `--define`s (`TQ_PUSH=5`, `TQ_PREFIX="tq1:"`), which build.sh hands to
//! terser: the bootstrap says `on(TQ_PUSH, json)` and never repeats a number.
//! A code the wasm does not know is ignored (`on` matches each one by name).

/// The host's timer fired.
pub const TIMER: u32 = 0;
/// The page was hidden (`visibilitychange`).
pub const HIDDEN: u32 = 1;
/// The page is being left (`pagehide`).
pub const LEAVING: u32 = 2;
/// The page is visible again (`visibilitychange`, `pageshow`).
pub const VISIBLE: u32 = 3;
/// A `fetch` ended: `text` is its id, `a` the HTTP status (0 for a network
/// error), `b` its `Retry-After` in seconds (0 when absent).
pub const RESPONSE: u32 = 4;
/// A command was pushed: `text` is its `JSON.stringify` (empty when that
/// threw: a cyclic object, a BigInt); `a` is 1 when it has a callback,
/// which the bootstrap runs once `on` has returned: what the command
/// recorded is stored by then. After `['ab', ...]` (`KM.ab()`, with the
/// `autotrack` feature), `on` returns 4 + the index of the variant.
pub const PUSH: u32 = 5;
/// Another tab changed one of trackq's keys (the `storage` event): `text` is
/// the key, then a newline and the new value unless it was removed.
pub const STORED: u32 = 6;
/// The commands the page queued before trackq loaded have been pushed.
pub const READY: u32 = 7;

/// A click or a middle click: `text` as `Tracker::handle_click` reads it,
/// `a` the mouse button (`MouseEvent.button`), `b` 1 when Ctrl, Meta, Shift
/// or Alt was down.
pub const CLICK: u32 = 8;
/// A form was submitted: `text` as `Tracker::handle_submit` reads it.
pub const SUBMIT: u32 = 9;
/// The URL changed without a load (`history.pushState`, `replaceState`,
/// `popstate`, `hashchange`): `text` is the URL, its path and the page's
/// title, each on its own line.
pub const NAVIGATED: u32 = 10;
/// Nothing happened: the page asks where consent stands (`KM.consent()`),
/// which `on` returns after every code.
pub const CONSENT: u32 = 11;
/// The wasm has loaded: `text` is what the shell starts from (the page's
/// settings, facts and stored entries: `boot` in src/browser/mod.rs says
/// how).
pub const BOOT: u32 = 12;

/// Every code with its name in the bootstrap (without the `TQ_` prefix).
pub const CODES: &[(&str, u32)] = &[
    ("TIMER", TIMER),
    ("HIDDEN", HIDDEN),
    ("LEAVING", LEAVING),
    ("VISIBLE", VISIBLE),
    ("RESPONSE", RESPONSE),
    ("PUSH", PUSH),
    ("STORED", STORED),
    ("READY", READY),
    ("CLICK", CLICK),
    ("SUBMIT", SUBMIT),
    ("NAVIGATED", NAVIGATED),
    ("CONSENT", CONSENT),
    ("BOOT", BOOT),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        for (i, (name, code)) in CODES.iter().enumerate() {
            for (other, other_code) in &CODES[i + 1..] {
                assert_ne!(name, other);
                assert_ne!(code, other_code, "{name} and {other}");
            }
        }
    }
}
