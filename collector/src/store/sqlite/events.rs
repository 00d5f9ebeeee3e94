//! Reading events back: the page `GET /v1/events` asks for, by filter, in
//! id order, cut at the reply's byte cap.

use rusqlite::params;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};

use super::{lock, Sqlite};
use crate::store::{EventFilter, NewEvent, Page, Source, StoredRow};

impl Sqlite {
    /// The events `filter` selects, as [`crate::store::Store::events`] describes.
    pub fn events(&self, filter: &EventFilter, max_bytes: usize) -> rusqlite::Result<Page> {
        let conn = lock(&self.reader);
        let order = if filter.after.is_some() {
            "ASC"
        } else {
            "DESC"
        };
        let sql =
            format!("SELECT {COLUMNS} FROM events WHERE {FILTER} ORDER BY id {order} LIMIT ?10");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![
            filter.event,
            filter.user,
            filter.kind,
            filter.source,
            filter.since,
            filter.until,
            filter.only_problems,
            filter.after.unwrap_or(0),
            filter.before.unwrap_or(i64::MAX),
            filter.limit,
        ])?;
        let mut page = Page::default();
        while let Some(row) = rows.next()? {
            let body = row.get_ref(11)?.as_bytes().map_or(0, <[u8]>::len);
            if !page.fits(body, max_bytes) {
                break;
            }
            page.rows.push(StoredRow {
                id: row.get(0)?,
                received_at: row.get(7)?,
                message: NewEvent {
                    message_id: row.get(1)?,
                    kind: row.get(2)?,
                    event: row.get(3)?,
                    user_id: row.get(4)?,
                    anonymous_id: row.get(5)?,
                    timestamp: row.get(6)?,
                    source: row.get(8)?,
                    taxonomy: row.get(9)?,
                    problems: row.get(10)?,
                    body: row.get(11)?,
                },
            });
        }
        Ok(page)
    }
}

impl FromSql for Source {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Source> {
        let name = value.as_str()?;
        Source::from_name(name)
            .ok_or_else(|| FromSqlError::Other(format!("unknown source {name:?}").into()))
    }
}

const COLUMNS: &str = "id, message_id, type, event, user_id, anonymous_id, timestamp,
                       received_at, source, taxonomy, problems, body";
const FILTER: &str = "(?1 IS NULL OR event = ?1)
    AND (?2 IS NULL OR user_id = ?2 OR anonymous_id = ?2)
    AND (?3 IS NULL OR type = ?3)
    AND (?4 IS NULL OR source = ?4)
    AND (?5 IS NULL OR timestamp >= ?5)
    AND (?6 IS NULL OR timestamp < ?6)
    AND (?7 = 0 OR problems IS NOT NULL)
    AND id > ?8 AND id < ?9";
