//! Small stand-ins for what std would give, each chosen for the snippet's
//! size: building texts and numbers, ISO 8601 times, the JSON writer,
//! SHA-256 and a gzip encoder.

pub mod gzip;
pub(crate) mod joined;
pub mod json;
#[cfg(feature = "pii")]
pub mod sha256;
pub mod text;
pub mod time;
