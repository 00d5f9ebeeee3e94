//! What a warning names: why a pushed command was dropped ([`BadCommand`],
//! [`BadArg`]) and which setting was ignored ([`Setting`]), each with its
//! words.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::limits::{
    MAX_BATCH_SIZE, MAX_DEPTH, MAX_FLUSH_INTERVAL_MS, MAX_ID_BYTES, MIN_BATCH_SIZE,
    MIN_FLUSH_INTERVAL_MS,
};
use crate::core::support::joined::joined;

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

impl BadCommand {
    /// Why, in words.
    pub(super) fn text(self) -> &'static str {
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
    /// The warning, in words.
    pub(super) fn text(self) -> &'static str {
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
