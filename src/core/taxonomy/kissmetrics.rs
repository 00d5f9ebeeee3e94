//! The KISSmetrics SaaS events of seed 000 (`_kmq`), in the table format
//! of [`super`]. Property names hold spaces, hence the `,` separator.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

/// The events the JavaScript SaaS API records: `signedUp`, `upgraded` and
/// `downgraded` take an optional `Plan Name`, `billed` requires its
/// `Billing Amount`, and `Visited Site` is recorded by the session code.
pub(super) const TABLE: &str = "\
Signed Up,Plan Name:s
Upgraded,Plan Name:s
Downgraded,Plan Name:s
Canceled
Billed,Billing Amount:n!,Billing Description:s
Visited Site,URL:s,Referrer:s
";
