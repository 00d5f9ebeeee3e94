//! One wire message (Segment's batch-message shape) as JSON text.

#[allow(unused_imports)] // the standard prelude has these outside the snippet build
use crate::prelude::*;

use crate::core::consent::Signals;
use crate::core::identity::Identity;
use crate::core::input::Value;
use crate::core::limits::MAX_ENTRIES;
use crate::core::support::json::{prop, write_obj, write_str};
use crate::core::support::text::rfind;
use crate::core::support::time::iso8601;

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
    /// `type: "alias"`: `previous_id` is now the user `to`.
    Alias {
        /// The id being linked; `None` for the visitor's anonymous id.
        previous_id: Option<&'a str>,
        /// The user id it is linked to; `None` for the current user's.
        to: Option<&'a str>,
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
    let mut out = String::new();
    let kind = match payload {
        Payload::Track { .. } => "track",
        Payload::Identify { .. } => "identify",
        Payload::Alias { .. } => "alias",
    };
    out.push('{');
    prop(&mut out, "type", kind);
    prop(&mut out, "messageId", message_id);
    prop(&mut out, "timestamp", &iso8601(now));
    prop(&mut out, "anonymousId", &who.anonymous_id);
    if let Payload::Alias { to: Some(to), .. } = payload {
        prop(&mut out, "userId", to);
    } else if let Some(user_id) = &who.user_id {
        prop(&mut out, "userId", user_id);
    }
    let mut checked = None;
    match payload {
        Payload::Track {
            event,
            props,
            checked: c,
        } => {
            prop(&mut out, "event", event);
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
        Payload::Alias { previous_id, .. } => {
            let previous_id = previous_id.unwrap_or(&who.anonymous_id);
            prop(&mut out, "previousId", previous_id)
        }
    }
    out.push_str(CONTEXT);
    write_page_context(&mut out, page);
    // (Only the SaaS builds name taxonomies: the `_kmq`-only one leaves this out.)
    if let Some((taxonomy, problems)) = checked.filter(|_| cfg!(feature = "saas")) {
        prop(&mut out, "taxonomy", taxonomy);
        // Only the tables find problems: a build without them sends none.
        if cfg!(feature = "taxonomy") && !matches!(problems, "[]" | "") {
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
    prop(out, "path", &page.path);
    prop(out, "referrer", &page.referrer);
    prop(out, "title", &page.title);
    // The library and its version, one literal.
    out.push_str(concat!(
        "},\"library\":{\"name\":\"trackq\",\"version\":\"",
        env!("CARGO_PKG_VERSION"),
        "\"}"
    ));
    prop(out, "userAgent", &page.user_agent);
}

/// The batch-level `context` of a page's bodies: what all its messages share
/// (page, library, userAgent), as the text [`write_message`] gives it.
pub fn shared_context(page: &Page) -> String {
    let mut out = String::new();
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
        // (`0..`, not `..`: one instance of str::get less in the wasm)
        Some((message.get(0..at)?, rest))
    });
    match own {
        Some((head, "}}")) => [head, "}", ""],
        Some((head, rest)) if rest.starts_with(',') => {
            [head, CONTEXT, rest.get(1..).unwrap_or_default()]
        }
        _ => [message, "", ""],
    }
}

/// A request body being written around messages that are already JSON:
/// `{"writeKey":…,"sentAt":…,"batch":[…]}`. With a `shared` context (from
/// [`shared_context`]), the body carries it once as the batch-level
/// `context` and each message only what differs.
pub struct Body<'a> {
    out: String,
    shared: Option<&'a str>,
    count: usize,
}

impl<'a> Body<'a> {
    /// A body of no message yet, sent at `now`.
    pub fn new(write_key: &str, now: u64, shared: Option<&'a str>) -> Body<'a> {
        let mut out = String::from("{\"writeKey\":");
        write_str(&mut out, write_key);
        prop(&mut out, "sentAt", &iso8601(now));
        if let Some(shared) = shared {
            out.push_str(CONTEXT);
            out.push_str(shared);
            out.push('}');
        }
        out.push_str(",\"batch\":[");
        Body {
            out,
            shared,
            count: 0,
        }
    }

    /// Appends `message` if the body then holds at most `max_count`
    /// messages and, finished, at most `max_bytes` bytes; the first message
    /// always goes in. Whether it went in.
    pub fn add(&mut self, message: &str, max_count: usize, max_bytes: usize) -> bool {
        let [a, b, c] = match self.shared {
            Some(shared) => compact(message, shared),
            None => [message, "", ""],
        };
        if self.count > 0 {
            // The comma before it, and the closing `]}`.
            let len = self.out.len() + 1 + a.len() + b.len() + c.len() + 2;
            if self.count >= max_count || len > max_bytes {
                return false;
            }
            self.out.push(',');
        }
        self.out.push_str(a);
        self.out.push_str(b);
        self.out.push_str(c);
        self.count += 1;
        true
    }

    /// How many messages it holds.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The finished body.
    pub fn finish(mut self) -> String {
        self.out.push_str("]}");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(shared: Option<&str>, msgs: &[&str], max_count: usize, max_bytes: usize) -> String {
        let mut body = Body::new("K\"ey", 1_795_370_308_123, shared);
        let taken = msgs
            .iter()
            .take_while(|m| body.add(m, max_count, max_bytes));
        assert_eq!(taken.count(), body.count());
        body.finish()
    }

    #[test]
    fn bodies_hold_what_fits_their_limits_and_always_one() {
        let msgs = ["{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}"];
        let all = body(None, &msgs, usize::MAX, usize::MAX);
        assert_eq!(
            all,
            "{\"writeKey\":\"K\\\"ey\",\"sentAt\":\"2026-11-22T17:58:28.123Z\",\"batch\":[{\"a\":1},{\"b\":\"é\"},{\"c\":3}]}"
        );
        // Exactly at the byte limit all go; a byte less, the last stays out.
        assert_eq!(body(None, &msgs, usize::MAX, all.len()), all);
        let two = body(None, &msgs, usize::MAX, all.len() - 1);
        assert!(two.ends_with("{\"b\":\"é\"}]}"), "{two}");
        assert_eq!(body(None, &msgs, 2, usize::MAX), two);
        assert!(body(None, &msgs, 0, 0).ends_with("[{\"a\":1}]}"));
        let empty = Body::new("", 0, None);
        assert_eq!((empty.count(), empty.finish().ends_with("[]}")), (0, true));
    }

    #[test]
    fn a_shared_context_is_said_once_and_counted_as_sent() {
        let msgs = [
            "{\"a\":1,\"context\":{\"x\":1}}",
            "{\"b\":{\"context\":{\"x\":1}},\"context\":{\"x\":1,\"t\":2}}",
            "{\"c\":1,\"context\":{\"x\":2}}",
            "{}",
        ];
        let shared = Some("\"x\":1");
        let all = body(shared, &msgs, usize::MAX, usize::MAX);
        assert!(all.contains(",\"context\":{\"x\":1},\"batch\":["), "{all}");
        assert!(all.ends_with(
            "[{\"a\":1},{\"b\":{\"context\":{\"x\":1}},\"context\":{\"t\":2}},{\"c\":1,\"context\":{\"x\":2}},{}]}"
        ));
        assert_eq!(body(shared, &msgs, usize::MAX, all.len()), all);
        let three = body(shared, &msgs, usize::MAX, all.len() - 1);
        assert!(three.ends_with("\"context\":{\"x\":2}}]}"), "{three}");
    }
}
