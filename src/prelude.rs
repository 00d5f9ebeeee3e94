//! What the standard prelude would give, for the `no_std` snippet build.

pub use alloc::borrow::ToOwned;
pub use alloc::format;
pub use alloc::string::String;
pub use alloc::vec::Vec;
