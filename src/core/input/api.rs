//! The three command APIs trackq serves, which name their events differently.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// Which front-end a command came through; it picks the taxonomy an event
/// name is looked up in (`trial_started` means different things in two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "saas"), allow(dead_code))]
pub enum Api {
    /// `_kmq.push([...])`, the KISSmetrics JavaScript SaaS API (seed 000).
    Kissmetrics,
    /// `window._upstack('track', ...)`, camelCase properties (seed 001).
    Upstack,
    /// `_df.track(...)`, snake_case names and properties (seed 002).
    Df,
}

impl Api {
    /// The name used on the wire in `context.taxonomy`.
    pub fn name(self) -> &'static str {
        match self {
            Api::Kissmetrics => "kissmetrics",
            Api::Upstack => "upstack",
            Api::Df => "df",
        }
    }
}
