//! The rows: a message ready to be stored, a stored one as read back, and
//! what `GET /v1/events` asks for and gets.

/// Where a stored event came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `POST /v1/batch`, the snippet's beacons.
    Batch,
    /// `POST /v1/events`, the server-side API.
    Server,
    /// `POST /webhooks/stripe`.
    Stripe,
}

impl Source {
    /// The name stored in the `source` column.
    pub fn name(self) -> &'static str {
        match self {
            Source::Batch => "batch",
            Source::Server => "server",
            Source::Stripe => "stripe",
        }
    }

    /// The source a `source` column names; `None` for a name no collector
    /// writes.
    pub fn from_name(name: &str) -> Option<Source> {
        [Source::Batch, Source::Server, Source::Stripe]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// One message ready to be stored, or as it was stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    /// The message's `messageId`, unique across the store.
    pub message_id: String,
    /// `track`, `identify`, `alias`, ...
    pub kind: String,
    /// The event name of a `track`.
    pub event: Option<String>,
    /// `userId`, once known.
    pub user_id: Option<String>,
    /// `anonymousId`.
    pub anonymous_id: Option<String>,
    /// When it happened, normalised by [`crate::clock::normalize`].
    pub timestamp: String,
    /// Which endpoint it came through.
    pub source: Source,
    /// The taxonomy it was checked against, if any.
    pub taxonomy: Option<String>,
    /// The validation problems as a JSON array, `None` when there are none.
    pub problems: Option<String>,
    /// The whole message as JSON text.
    pub body: String,
}

/// One stored event as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRow {
    /// Grows with every insert; the paging cursor.
    pub id: i64,
    /// When the collector stored it.
    pub received_at: String,
    /// The message, as it was stored.
    pub message: NewEvent,
}

/// What `GET /v1/events` asks for.
#[derive(Clone, Debug)]
pub struct EventFilter {
    /// Event name.
    pub event: Option<String>,
    /// `userId` or `anonymousId`.
    pub user: Option<String>,
    /// Message type.
    pub kind: Option<String>,
    /// `batch`, `server` or `stripe`.
    pub source: Option<String>,
    /// Earliest timestamp (stored shape), included.
    pub since: Option<String>,
    /// Latest timestamp (stored shape), excluded.
    pub until: Option<String>,
    /// Only events with problems.
    pub only_problems: bool,
    /// Rows with a larger id, oldest first.
    pub after: Option<i64>,
    /// Rows with a smaller id, newest first.
    pub before: Option<i64>,
    /// Most rows.
    pub limit: u32,
}

impl Default for EventFilter {
    fn default() -> EventFilter {
        EventFilter {
            event: None,
            user: None,
            kind: None,
            source: None,
            since: None,
            until: None,
            only_problems: false,
            after: None,
            before: None,
            limit: 100,
        }
    }
}

/// A page of rows, and whether it was cut short at the byte cap.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// The rows, in the order asked for.
    pub rows: Vec<StoredRow>,
    /// True when more rows matched but the page reached its byte cap.
    pub cut: bool,
    /// What the rows so far count against the byte cap.
    bytes: usize,
}

impl Page {
    /// Whether one more row, whose stored message is `message_bytes` long,
    /// fits under `max_bytes` (the first row always does): counted if so,
    /// else the page is cut there.
    pub fn fits(&mut self, message_bytes: usize, max_bytes: usize) -> bool {
        let size = message_bytes + ROW_OVERHEAD;
        if !self.rows.is_empty() && self.bytes.saturating_add(size) > max_bytes {
            self.cut = true;
            return false;
        }
        self.bytes = self.bytes.saturating_add(size);
        true
    }
}

/// Bytes a reply spends on an event besides its stored message (columns,
/// problems), counted against the reply's byte cap.
pub const ROW_OVERHEAD: usize = 512;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_read_back_from_its_name() {
        for s in [Source::Batch, Source::Server, Source::Stripe] {
            assert_eq!(Source::from_name(s.name()), Some(s));
        }
        assert_eq!(Source::from_name("Batch"), None);
    }

    #[test]
    fn a_page_takes_its_first_row_whatever_its_size_then_stops_at_the_cap() {
        let row = StoredRow {
            id: 1,
            received_at: String::new(),
            message: NewEvent {
                message_id: "m".into(),
                kind: "track".into(),
                event: None,
                user_id: None,
                anonymous_id: None,
                timestamp: String::new(),
                source: Source::Batch,
                taxonomy: None,
                problems: None,
                body: String::new(),
            },
        };
        let mut page = Page::default();
        assert!(page.fits(5000, 1000));
        page.rows.push(row.clone());
        assert!(!page.fits(0, 1000) && page.cut);
        let mut page = Page::default();
        for _ in 0..2 {
            assert!(page.fits(100, 2 * (100 + ROW_OVERHEAD)));
            page.rows.push(row.clone());
        }
        assert!(!page.fits(0, 2 * (100 + ROW_OVERHEAD)) && page.cut);
    }
}
