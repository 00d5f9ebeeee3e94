//! One wire message (Segment's batch-message shape) as JSON text.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::consent::Signals;
use crate::core::identity::Identity;
use crate::core::input::Value;
use crate::core::limits::MAX_ENTRIES;
use crate::core::support::json::{write_obj, write_str};
use crate::core::support::text::rfind;
use crate::core::support::time::iso8601;

/// The library version sent in `context.library`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the page looks like, read once by the shell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// `location.href`.
    pub url: String,
    /// `location.pathname`.
    pub path: String,
    /// `document.referrer` (may be empty).
    pub referrer: String,
    /// `document.title`.
    pub title: String,
    /// `navigator.userAgent`.
    pub user_agent: String,
    /// The URL's query parameters, decoded (`URLSearchParams`).
    #[cfg(feature = "autotrack")]
    pub query: Vec<(String, String)>,
    /// The referrer's `hostname` (empty without one).
    #[cfg(feature = "autotrack")]
    pub referrer_host: String,
    /// The referrer's query parameters, decoded.
    #[cfg(feature = "autotrack")]
    pub referrer_query: Vec<(String, String)>,
    /// The browser's privacy signals (not sent).
    pub signals: Signals,
}

/// The part of a message that differs by type.
#[derive(Clone, Copy, Debug)]
pub enum Payload<'a> {
    /// `type: "track"`.
    Track {
        /// The event name.
        event: &'a str,
        /// Its properties.
        props: &'a [(String, Value)],
        /// `context.taxonomy` and `context.validation` (already JSON; empty
        /// when the build has no tables and left the check to the collector),
        /// when the event was checked against a taxonomy or names one.
        checked: Option<(&'a str, &'a str)>,
    },
    /// `type: "identify"` with traits.
    Identify {
        /// The traits (may be empty).
        traits: &'a [(String, Value)],
    },
    /// `type: "alias"`: `previous_id` is now the current user.
    Alias {
        /// The id being linked.
        previous_id: &'a str,
    },
}

/// Writes one message.
pub fn write_message(
    page: &Page,
    who: &Identity,
    message_id: &str,
    now: u64,
    payload: Payload,
) -> String {
    let mut out = String::with_capacity(512);
    let kind = match payload {
        Payload::Track { .. } => "track",
        Payload::Identify { .. } => "identify",
        Payload::Alias { .. } => "alias",
    };
    out.push_str("{\"type\":\"");
    out.push_str(kind);
    out.push('"');
    field(&mut out, "messageId", message_id);
    field(&mut out, "timestamp", &iso8601(now));
    field(&mut out, "anonymousId", &who.anonymous_id);
    if let Some(user_id) = &who.user_id {
        field(&mut out, "userId", user_id);
    }
    let mut checked = None;
    match payload {
        Payload::Track {
            event,
            props,
            checked: c,
        } => {
            field(&mut out, "event", event);
            out.push_str(",\"properties\":");
            // The first entries only: a shorthand's named properties join
            // as many as the page may give.
            write_obj(&mut out, props.get(..MAX_ENTRIES).unwrap_or(props));
            checked = c;
        }
        Payload::Identify { traits } => {
            out.push_str(",\"traits\":");
            write_obj(&mut out, traits);
        }
        Payload::Alias { previous_id } => field(&mut out, "previousId", previous_id),
    }
    out.push_str(CONTEXT);
    write_page_context(&mut out, page);
    // (Only the SaaS builds name taxonomies: the `_kmq`-only one leaves this out.)
    if let Some((taxonomy, problems)) = checked.filter(|_| cfg!(feature = "saas")) {
        field(&mut out, "taxonomy", taxonomy);
        if !matches!(problems, "[]" | "") {
            out.push_str(",\"validation\":");
            out.push_str(problems);
        }
    }
    out.push_str("}}");
    out
}

/// What opens a message's `context` (the last `,"context":{` of a message
/// is its own: inside a JSON string every `"` is escaped).
const CONTEXT: &str = ",\"context\":{";

/// Appends what every message of `page` has in its `context`:
/// `"page":{...},"library":{...},"userAgent":"..."`.
fn write_page_context(out: &mut String, page: &Page) {
    out.push_str("\"page\":{\"url\":");
    write_str(out, &page.url);
    field(out, "path", &page.path);
    field(out, "referrer", &page.referrer);
    field(out, "title", &page.title);
    out.push_str("},\"library\":{\"name\":\"trackq\",\"version\":\"");
    out.push_str(VERSION);
    out.push_str("\"}");
    field(out, "userAgent", &page.user_agent);
}

/// The batch-level `context` of a page's bodies: what all its messages share
/// (page, library, userAgent), as the text [`write_message`] gives it.
pub fn shared_context(page: &Page) -> String {
    let mut out = String::with_capacity(256);
    write_page_context(&mut out, page);
    out
}

/// `message` as a body whose batch-level `context` is `shared` carries it,
/// in pieces to append in order: without the part of its `context` that is
/// `shared` (dropping a `context` left empty); a message with another page's
/// context stays whole. Merging `shared` back under the message's own
/// context, as Segment's batch-level `context` is, gives the message again.
fn compact<'a>(message: &'a str, shared: &str) -> [&'a str; 3] {
    let own = rfind(message, CONTEXT).and_then(|at| {
        let rest = message.get(at + CONTEXT.len()..)?.strip_prefix(shared)?;
        Some((message.get(..at)?, rest))
    });
    match own {
        Some((head, "}}")) => [head, "}", ""],
        Some((head, rest)) if rest.starts_with(',') => {
            [head, CONTEXT, rest.get(1..).unwrap_or_default()]
        }
        _ => [message, "", ""],
    }
}

/// The bytes `message` takes in a body that shares `shared`.
pub fn wire_len(message: &str, shared: Option<&str>) -> usize {
    match shared {
        Some(shared) => compact(message, shared).iter().map(|p| p.len()).sum(),
        None => message.len(),
    }
}

/// Appends `,"name":"value"` (the value escaped).
fn field(out: &mut String, name: &str, value: &str) {
    out.push_str(",\"");
    out.push_str(name);
    out.push_str("\":");
    write_str(out, value);
}

/// Writes a request body around messages that are already JSON. With a
/// `shared` context (from [`shared_context`]), the body carries it once as
/// the batch-level `context` and each message only what differs.
pub fn write_batch<'a>(
    write_key: &str,
    now: u64,
    shared: Option<&str>,
    messages: impl Iterator<Item = &'a str>,
) -> String {
    let mut out = String::from("{\"writeKey\":");
    write_str(&mut out, write_key);
    field(&mut out, "sentAt", &iso8601(now));
    if let Some(shared) = shared {
        out.push_str(CONTEXT);
        out.push_str(shared);
        out.push('}');
    }
    out.push_str(",\"batch\":[");
    for (i, m) in messages.enumerate() {
        if i > 0 {
            out.push(',');
        }
        match shared {
            Some(shared) => compact(m, shared).iter().for_each(|p| out.push_str(p)),
            None => out.push_str(m),
        }
    }
    out.push_str("]}");
    out
}

/// The body size [`write_batch`] produces for messages of `message_bytes`
/// bytes in all ([`wire_len`]), `count` of them.
pub fn batch_bytes(
    write_key: &str,
    shared: Option<&str>,
    message_bytes: usize,
    count: usize,
) -> usize {
    // {"writeKey":"…","sentAt":"2026-01-01T00:00:00.000Z","batch":[…]} plus commas;
    // escaping can only grow the key, so measure it escaped.
    let mut key = String::new();
    write_str(&mut key, write_key);
    let shared = shared.map_or(0, |s| CONTEXT.len() + s.len() + 1);
    12 + key.len() + 36 + shared + 10 + message_bytes + count.saturating_sub(1) + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_size_estimate_is_exact() {
        let msgs = ["{\"a\":1}", "{\"b\":\"é\"}"];
        let body = write_batch("K\"ey", 1_795_370_308_123, None, msgs.iter().copied());
        let total: usize = msgs.iter().map(|m| m.len()).sum();
        assert_eq!(body.len(), batch_bytes("K\"ey", None, total, msgs.len()));
        let empty = write_batch("", 0, None, ::core::iter::empty());
        assert_eq!(empty.len(), batch_bytes("", None, 0, 0));
        // Shared or not, the size is exact.
        let msgs = [
            "{\"a\":1,\"context\":{\"x\":1}}",
            "{\"b\":{\"context\":{\"x\":1}},\"context\":{\"x\":1,\"t\":2}}",
            "{\"c\":1,\"context\":{\"x\":2}}",
            "{}",
        ];
        let shared = Some("\"x\":1");
        let body = write_batch("k", 0, shared, msgs.iter().copied());
        let total: usize = msgs.iter().map(|m| wire_len(m, shared)).sum();
        assert_eq!(body.len(), batch_bytes("k", shared, total, msgs.len()));
        assert!(body.ends_with(
            "[{\"a\":1},{\"b\":{\"context\":{\"x\":1}},\"context\":{\"t\":2}},{\"c\":1,\"context\":{\"x\":2}},{}]}"
        ));
    }
}
