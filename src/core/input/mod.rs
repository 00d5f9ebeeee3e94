//! What a page hands over, converted once at the boundary: values, their
//! JSON text, the commands of the three APIs, and the snippet's settings.

mod api;
pub(crate) mod command;
mod config;
pub mod json_parse;
mod value;

pub use api::Api;
pub use config::{Config, Transport, Validation};
pub use value::{obj, Value};
