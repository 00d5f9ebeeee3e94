//! Every console warning trackq gives, as one type with one renderer: the
//! texts live here, and every number in them comes from
//! [`limits`](crate::core::limits) or from what happened.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

mod reasons;

use crate::core::limits::{MAX_ENTRIES, MAX_MESSAGE_BYTES, MAX_STRING_BYTES};
use crate::core::support::joined::joined;
use crate::core::support::text::{cat, num};
#[cfg(feature = "taxonomy")]
use crate::core::taxonomy::{Issue, Problem};
pub use reasons::{BadArg, BadCommand, Setting};

/// Something dropped, trimmed, refused or ignored, worth one `console.warn`.
#[derive(Clone, Debug, PartialEq, Eq)]
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

const DROPPED: &str = "trackq: command dropped: ";

impl Warning<'_> {
    /// The console line, `trackq: ` first.
    pub fn render(&self) -> String {
        // The warnings with something of their own in them; the others are
        // one text each.
        let text = match self {
            Warning::Dropped(why) => return cat(&[DROPPED, why.text()]),
            Warning::Unknown(name) => {
                return cat(&[DROPPED, "unknown command \"", name, "\""]);
            }
            Warning::TooLarge(size) => {
                return cat(&[
                    "trackq: a message of ",
                    &num(*size as u64),
                    joined!(
                        " bytes was dropped (the limit is ",
                        { MAX_MESSAGE_BYTES },
                        ")"
                    ),
                ]);
            }
            Warning::OutboxFull(lost) => {
                return cat(&[
                    "trackq: outbox full: dropped the ",
                    &num(*lost as u64),
                    " oldest unsent message(s)",
                ]);
            }
            Warning::Refused { status, dropped } => {
                return cat(&[
                    "trackq: the collector refused a batch with status ",
                    &num(u64::from(*status)),
                    ": ",
                    &num(*dropped as u64),
                    " message(s) dropped",
                ]);
            }
            #[cfg(feature = "taxonomy")]
            Warning::Invalid(event) => {
                return cat(&["trackq: ", event, ": dropped (data-validation=\"strict\")"]);
            }
            #[cfg(feature = "taxonomy")]
            Warning::Problem { event, problem } => {
                let (issue, kind) = match problem.issue {
                    Issue::Missing => ("is missing", ""),
                    Issue::WrongType(kind) => ("should be ", kind.phrase()),
                    Issue::Unplanned => ("is not in the spec (unplanned)", ""),
                };
                return cat(&[
                    "trackq: ",
                    event,
                    ": property \"",
                    &problem.property,
                    "\" ",
                    issue,
                    kind,
                ]);
            }
            Warning::Trimmed => joined!(
                "trackq: strings over ",
                { MAX_STRING_BYTES },
                " bytes or lists over ",
                { MAX_ENTRIES },
                " entries were trimmed"
            ),
            Warning::Unsendable => "trackq: dropped unsendable stored lines",
            Warning::NoEndpoint => {
                "trackq: no data-endpoint (or ?endpoint=) on the script: events are kept, not sent"
            }
            Warning::Ignored(setting) => setting.text(),
            Warning::StorageRefused => {
                "trackq: localStorage refused a write; this page keeps its events in memory"
            }
        };
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::limits::{MAX_BATCH_SIZE, MAX_DEPTH, MAX_FLUSH_INTERVAL_MS, MAX_ID_BYTES};

    #[cfg(feature = "taxonomy")]
    #[test]
    fn taxonomy_problems() {
        use crate::core::taxonomy::Kind;
        let w = |property: &str, issue| {
            let problem = Problem {
                property: property.to_owned(),
                issue,
            };
            Warning::Problem {
                event: "trial_started",
                problem: &problem,
            }
            .render()
        };
        assert_eq!(
            w("planId", Issue::Missing),
            "trackq: trial_started: property \"planId\" is missing"
        );
        assert_eq!(
            w("mrr", Issue::WrongType(Kind::Number)),
            "trackq: trial_started: property \"mrr\" should be a number"
        );
        assert_eq!(
            w("foo", Issue::Unplanned),
            "trackq: trial_started: property \"foo\" is not in the spec (unplanned)"
        );
    }

    #[test]
    fn numbers_come_from_the_limits() {
        let has = |w: Warning, n: u64| {
            let text = w.render();
            assert!(text.starts_with("trackq: "), "{text}");
            assert!(text.contains(&n.to_string()), "{text} lacks {n}");
        };
        has(Warning::Trimmed, MAX_STRING_BYTES as u64);
        has(Warning::Trimmed, MAX_ENTRIES as u64);
        has(Warning::Dropped(BadCommand::TooDeep), MAX_DEPTH as u64);
        has(Warning::Dropped(BadCommand::IdTooLong), MAX_ID_BYTES as u64);
        has(Warning::Ignored(Setting::BatchSize), MAX_BATCH_SIZE);
        has(
            Warning::Ignored(Setting::FlushInterval),
            MAX_FLUSH_INTERVAL_MS,
        );
        assert_eq!(
            Warning::TooLarge(40_000).render(),
            format!(
                "trackq: a message of 40000 bytes was dropped (the limit is {MAX_MESSAGE_BYTES})"
            )
        );
        assert_eq!(
            Warning::Ignored(Setting::FlushInterval).render(),
            "trackq: ignoring data-flush-interval (50 to 3600000 ms)"
        );
        assert_eq!(
            Warning::Unknown("fly").render(),
            "trackq: command dropped: unknown command \"fly\""
        );
    }
}
