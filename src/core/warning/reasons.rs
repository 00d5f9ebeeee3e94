//! What a warning names: why a pushed command was dropped ([`BadCommand`])
//! and which setting was ignored ([`Setting`]), each with its
//! code and its words.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use super::line::words;
use crate::core::limits::{
    MAX_BATCH_SIZE, MAX_DEPTH, MAX_FLUSH_INTERVAL_MS, MAX_ID_BYTES, MIN_BATCH_SIZE,
    MIN_FLUSH_INTERVAL_MS,
};

/// Why a pushed command was dropped.
// Four bytes instead of one, as `Value`'s tag: the command reader's results
// (`Result<String, BadCommand>` and the like) move as whole words instead of
// a byte and the bytes around it (./build.sh on b1215fd's tree: the wasms
// 177 / 246 bytes smaller, 25 / 137 brotli).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
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
    /// A plan name (`signedUp`, `upgraded`, `downgraded`) that is neither a
    /// string nor null.
    PlanName,
    /// `billed` without a numeric amount.
    BilledAmount,
    /// A billing description (`billed`) that is neither a string nor null.
    BillingDescription,
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

/// The words every dropped command's warning starts with.
pub(super) const DROPPED: &str = "trackq: command dropped: ";

impl BadCommand {
    /// Its warning's code and words (see [`Line`](super::line::Line)).
    pub(super) fn says(self) -> (u8, &'static str) {
        match self {
            BadCommand::NotAnArray => (
                1,
                words!(
                    DROPPED,
                    "a command must be an array like ['record', 'Event']"
                ),
            ),
            BadCommand::NameNotString => (2, words!(DROPPED, "the command name must be a string")),
            BadCommand::RecordNeedsName => (3, words!(DROPPED, "record needs an event name")),
            BadCommand::SetNeedsObject => (4, words!(DROPPED, "set needs an object of properties")),
            BadCommand::IdentifyNeedsId => (5, words!(DROPPED, "identify needs a non-empty id")),
            BadCommand::AliasNeedsIds => (6, words!(DROPPED, "alias needs two ids")),
            BadCommand::IdTooLong => (
                7,
                words!(DROPPED, "ids are limited to ", { MAX_ID_BYTES }, " bytes"),
            ),
            BadCommand::PlanName => (8, words!(DROPPED, "the plan name must be a string or null")),
            BadCommand::BilledAmount => (9, words!(DROPPED, "billed needs a numeric amount")),
            BadCommand::BillingDescription => (
                10,
                words!(DROPPED, "the billing description must be a string or null"),
            ),
            BadCommand::PropsNotObject => (11, words!(DROPPED, "properties must be an object")),
            BadCommand::TooDeep => (
                12,
                words!(
                    DROPPED,
                    "properties nested more than ",
                    { MAX_DEPTH },
                    " levels deep (or cyclic)"
                ),
            ),
            #[cfg(feature = "autotrack")]
            BadCommand::BadTarget => (
                13,
                words!(
                    DROPPED,
                    "the target must be an element id, a .class or an Element"
                ),
            ),
            #[cfg(feature = "autotrack")]
            BadCommand::BindNeedsName => (14, words!(DROPPED, "an event name is needed")),
            #[cfg(feature = "autotrack")]
            BadCommand::AbNeedsVariants => (
                15,
                words!(DROPPED, "ab needs a test name and a list of variants"),
            ),
            #[cfg(feature = "saas")]
            BadCommand::TrackNeedsName => (16, words!(DROPPED, "track needs an event name")),
            #[cfg(feature = "saas")]
            BadCommand::IdentifyNeedsUserId => {
                (17, words!(DROPPED, "identify needs a non-empty user id"))
            }
            #[cfg(feature = "saas")]
            BadCommand::NotAMethod => (
                18,
                words!(DROPPED, "the first argument must be 'track' or 'identify'"),
            ),
        }
    }
}

impl Setting {
    /// Its warning's code and words (see [`Line`](super::line::Line)).
    pub(super) fn says(self) -> (u8, &'static str) {
        match self {
            Setting::BatchSize => (
                30,
                words!(
                    "trackq: ignoring data-batch-size (",
                    { MIN_BATCH_SIZE },
                    " to ",
                    { MAX_BATCH_SIZE },
                    ")"
                ),
            ),
            Setting::FlushInterval => (
                31,
                words!(
                    "trackq: ignoring data-flush-interval (",
                    { MIN_FLUSH_INTERVAL_MS },
                    " to ",
                    { MAX_FLUSH_INTERVAL_MS },
                    " ms)"
                ),
            ),
            Setting::Transport => (
                32,
                words!("trackq: ignoring data-transport (fetch or beacon)"),
            ),
            Setting::Context => (
                33,
                words!("trackq: ignoring data-context (batch or message)"),
            ),
            Setting::Gzip => (34, words!("trackq: ignoring data-gzip (on or off)")),
            Setting::FetchLater => (35, words!("trackq: ignoring data-fetch-later (on or off)")),
            #[cfg(feature = "saas")]
            Setting::Validation => (
                36,
                words!("trackq: ignoring data-validation (warn, strict or off)"),
            ),
            #[cfg(feature = "pii")]
            Setting::Pii => (37, words!("trackq: ignoring data-pii (standard or strict)")),
        }
    }
}
