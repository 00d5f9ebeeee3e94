//! What trackq keeps in localStorage: its versioned keys ([`keys`]), the
//! outbox in per-task chunks (`Persistence`), and this tab among the
//! site's other tabs (`Tab`, adopting the chunks of tabs that are gone).

pub mod keys;
mod persist;
mod tabs;

pub use keys::StoreOp;
pub(crate) use persist::Persistence;
pub(crate) use tabs::{adopt, Tab};
