//! Every console warning trackq gives, as one type with one renderer: the
//! texts live here, and every number in them comes from
//! [`limits`](crate::core::limits) or from what happened.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::limits::{
    MAX_BATCH_SIZE, MAX_DEPTH, MAX_ENTRIES, MAX_FLUSH_INTERVAL_MS, MAX_ID_BYTES, MAX_MESSAGE_BYTES,
    MAX_STRING_BYTES, MIN_BATCH_SIZE, MIN_FLUSH_INTERVAL_MS,
};
use crate::core::support::joined::joined;
use crate::core::support::text::{cat, num};
#[cfg(feature = "taxonomy")]
use crate::core::taxonomy::{Issue, Problem};

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

/// Why a pushed command was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadCommand {
    /// Not an array (or an empty one).
    NotAnArray,
    /// The first item is not a string.
    NameNotString,
    /// `record` without an event name.
    RecordNeedsName,
    /// `set` without an object.
    SetNeedsObject,
    /// `identify` without an id.
    IdentifyNeedsId,
    /// `alias` without two ids.
    AliasNeedsIds,
    /// An id over [`MAX_ID_BYTES`].
    IdTooLong,
    /// A positional argument of a KISSmetrics shorthand is wrong.
    Arg(BadArg),
    /// Properties that are not an object.
    PropsNotObject,
    /// Nested deeper than [`MAX_DEPTH`], or cyclic.
    TooDeep,
    /// `trackClick`/`trackSubmit` without an element id, `.class` or `Element`.
    #[cfg(feature = "autotrack")]
    BadTarget,
    /// `trackClick`/`trackSubmit` without an event name.
    #[cfg(feature = "autotrack")]
    BindNeedsName,
    /// `ab` (`KM.ab()`) without a test name and a list of variants.
    #[cfg(feature = "autotrack")]
    AbNeedsVariants,
    /// `_upstack`/`_df` `track` without an event name.
    #[cfg(feature = "saas")]
    TrackNeedsName,
    /// `_upstack`/`_df` `identify` without a user id.
    #[cfg(feature = "saas")]
    IdentifyNeedsUserId,
    /// `_upstack`/`_df` called with something else than a method name.
    #[cfg(feature = "saas")]
    NotAMethod,
}

/// Which positional argument of a KISSmetrics shorthand is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadArg {
    /// A plan name that is neither a string nor null.
    PlanName,
    /// `billed` without a numeric amount.
    BilledAmount,
    /// A billing description that is neither a string nor null.
    BillingDescription,
}

/// A setting read from the script (`data-*`, or its URL's query).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// `data-batch-size`.
    BatchSize,
    /// `data-flush-interval`.
    FlushInterval,
    /// `data-transport`.
    Transport,
    /// `data-context`.
    Context,
    /// `data-gzip`.
    Gzip,
    /// `data-fetch-later`.
    FetchLater,
    /// `data-validation`.
    #[cfg(feature = "saas")]
    Validation,
    /// `data-pii`.
    #[cfg(feature = "pii")]
    Pii,
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

impl BadCommand {
    /// Why, in words.
    fn text(self) -> &'static str {
        match self {
            BadCommand::NotAnArray => "a command must be an array like ['record', 'Event']",
            BadCommand::NameNotString => "the command name must be a string",
            BadCommand::RecordNeedsName => "record needs an event name",
            BadCommand::SetNeedsObject => "set needs an object of properties",
            BadCommand::IdentifyNeedsId => "identify needs a non-empty id",
            BadCommand::AliasNeedsIds => "alias needs two ids",
            BadCommand::IdTooLong => joined!("ids are limited to ", { MAX_ID_BYTES }, " bytes"),
            BadCommand::Arg(BadArg::PlanName) => "the plan name must be a string or null",
            BadCommand::Arg(BadArg::BilledAmount) => "billed needs a numeric amount",
            BadCommand::Arg(BadArg::BillingDescription) => {
                "the billing description must be a string or null"
            }
            BadCommand::PropsNotObject => "properties must be an object",
            BadCommand::TooDeep => joined!(
                "properties nested more than ",
                { MAX_DEPTH },
                " levels deep (or cyclic)"
            ),
            #[cfg(feature = "autotrack")]
            BadCommand::BadTarget => "the target must be an element id, a .class or an Element",
            #[cfg(feature = "autotrack")]
            BadCommand::BindNeedsName => "an event name is needed",
            #[cfg(feature = "autotrack")]
            BadCommand::AbNeedsVariants => "ab needs a test name and a list of variants",
            #[cfg(feature = "saas")]
            BadCommand::TrackNeedsName => "track needs an event name",
            #[cfg(feature = "saas")]
            BadCommand::IdentifyNeedsUserId => "identify needs a non-empty user id",
            #[cfg(feature = "saas")]
            BadCommand::NotAMethod => "the first argument must be 'track' or 'identify'",
        }
    }
}

impl Setting {
    fn text(self) -> &'static str {
        match self {
            Setting::BatchSize => joined!(
                "trackq: ignoring data-batch-size (",
                { MIN_BATCH_SIZE },
                " to ",
                { MAX_BATCH_SIZE },
                ")"
            ),
            Setting::FlushInterval => joined!(
                "trackq: ignoring data-flush-interval (",
                { MIN_FLUSH_INTERVAL_MS },
                " to ",
                { MAX_FLUSH_INTERVAL_MS },
                " ms)"
            ),
            Setting::Transport => "trackq: ignoring data-transport (fetch or beacon)",
            Setting::Context => "trackq: ignoring data-context (batch or message)",
            Setting::Gzip => "trackq: ignoring data-gzip (on or off)",
            Setting::FetchLater => "trackq: ignoring data-fetch-later (on or off)",
            #[cfg(feature = "saas")]
            Setting::Validation => "trackq: ignoring data-validation (warn, strict or off)",
            #[cfg(feature = "pii")]
            Setting::Pii => "trackq: ignoring data-pii (standard or strict)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
