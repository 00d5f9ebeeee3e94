//! Every console warning trackq gives, as one type with one renderer: each
//! warning's code and words live here, side by side ([`Warning::says`]), and
//! every number in the words comes from [`limits`](crate::core::limits) or
//! from what happened. Production wasms print the code and the facts, the
//! rest (the `texts` feature) the words: see [`line`].

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

mod line;
mod reasons;

use crate::core::limits::{MAX_ENTRIES, MAX_MESSAGE_BYTES, MAX_STRING_BYTES};
#[cfg(feature = "taxonomy")]
use crate::core::taxonomy::{Issue, Problem};
use line::{words, Fact, Say};
use reasons::DROPPED;
pub use reasons::{BadCommand, Setting};

/// Something dropped, trimmed, refused or ignored, worth one `console.warn`.
// A four-byte tag, as `BadCommand`'s (./build.sh on 23bfd78's tree: the
// wasms 3 / 3 bytes smaller, 16 / 4 brotli).
#[derive(Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Warning<'a> {
    /// A pushed command was dropped.
    Dropped(BadCommand),
    /// A pushed command of this name was dropped: trackq does not know it.
    Unknown(&'a str),
    /// Strings or lists of a command over the limits were trimmed.
    Trimmed,
    /// A message of this many bytes was over [`MAX_MESSAGE_BYTES`].
    TooLarge(usize),
    /// The outbox's caps evicted this many unsent messages.
    OutboxFull(usize),
    /// Stored lines of gone tabs that cannot be sent were dropped.
    Unsendable,
    /// The collector refused a batch for good.
    Refused {
        /// The HTTP status.
        status: u16,
        /// How many messages it carried.
        dropped: usize,
    },
    /// `data-validation="strict"` dropped this event.
    #[cfg(feature = "taxonomy")]
    Invalid(&'a str),
    /// A problem of an event with its taxonomy.
    #[cfg(feature = "taxonomy")]
    Problem {
        /// The event.
        event: &'a str,
        /// What is wrong.
        problem: &'a Problem,
    },
    /// No endpoint: events are kept, not sent.
    NoEndpoint,
    /// A setting's value was ignored (the default is kept).
    Ignored(Setting),
    /// localStorage refused a write (reported once a page).
    StorageRefused,
}

impl Warning<'_> {
    /// Says its code, words and facts to `to`: the one place a warning's
    /// code and words are written (codes never change: README, "Warnings").
    pub(crate) fn says(&self, to: &mut impl Say) {
        use Fact::{Name, Num};
        match self {
            Warning::Dropped(why) => {
                let (code, text) = why.says();
                to.say(code, text, &[])
            }
            Warning::Unknown(name) => to.say(
                19,
                words!(DROPPED, "unknown command \"{name}\""),
                &[Name(name)],
            ),
            Warning::Trimmed => to.say(
                20,
                words!(
                    "trackq: strings over ",
                    { MAX_STRING_BYTES },
                    " bytes or lists over ",
                    { MAX_ENTRIES },
                    " entries were trimmed"
                ),
                &[],
            ),
            Warning::TooLarge(size) => to.say(
                21,
                words!(
                    "trackq: a message of {size} bytes was dropped (the limit is ",
                    { MAX_MESSAGE_BYTES },
                    ")"
                ),
                &[Num(*size as u64)],
            ),
            Warning::OutboxFull(lost) => to.say(
                22,
                words!("trackq: outbox full: dropped the {count} oldest unsent message(s)"),
                &[Num(*lost as u64)],
            ),
            Warning::Unsendable => {
                to.say(23, words!("trackq: dropped unsendable stored lines"), &[])
            }
            Warning::Refused { status, dropped } => to.say(
                24,
                words!(
                    "trackq: the collector refused a batch with status {status}: ",
                    "{count} message(s) dropped"
                ),
                &[Num(u64::from(*status)), Num(*dropped as u64)],
            ),
            #[cfg(feature = "taxonomy")]
            Warning::Invalid(event) => to.say(
                25,
                words!("trackq: {event}: dropped (data-validation=\"strict\")"),
                &[Name(event)],
            ),
            #[cfg(feature = "taxonomy")]
            Warning::Problem { event, problem } => {
                let (event, property) = (Name(event), Name(&problem.property));
                match problem.issue {
                    Issue::Missing => to.say(
                        26,
                        words!("trackq: {event}: property \"{property}\" is missing"),
                        &[event, property],
                    ),
                    Issue::WrongType(kind) => to.say(
                        27,
                        words!("trackq: {event}: property \"{property}\" should be {kind}"),
                        &[event, property, Name(kind.phrase())],
                    ),
                    Issue::Unplanned => to.say(
                        28,
                        words!(
                            "trackq: {event}: property \"{property}\" ",
                            "is not in the spec (unplanned)"
                        ),
                        &[event, property],
                    ),
                }
            }
            Warning::NoEndpoint => to.say(
                29,
                words!(
                    "trackq: no data-endpoint (or ?endpoint=) on the script: ",
                    "events are kept, not sent"
                ),
                &[],
            ),
            Warning::Ignored(setting) => {
                let (code, text) = setting.says();
                to.say(code, text, &[])
            }
            Warning::StorageRefused => to.say(
                38,
                words!(
                    "trackq: localStorage refused a write; this page keeps its events in memory"
                ),
                &[],
            ),
        }
    }

    /// The console line, `trackq: ` first (see [`Say`]).
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.says(&mut out);
        out
    }
}

#[cfg(test)]
mod tests;
