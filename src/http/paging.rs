//! Keyset paging, the same on the API and the pages: a cursor names the sort key and id
//! of the last row of the previous page.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::FieldError;

/// An opaque keyset cursor: the sort key and id of the last row of the previous page.
pub fn encode_cursor(key: &str, id: Uuid) -> String {
    format!("{key}~{id}")
}

pub fn decode_cursor(cursor: &str) -> Result<(&str, Uuid), FieldError> {
    cursor
        .split_once('~')
        .and_then(|(key, id)| Some((key, id.parse().ok()?)))
        .ok_or_else(|| FieldError::new("cursor", "error-bad-cursor"))
}

pub fn time_cursor(cursor: Option<&str>) -> Result<Option<(DateTime<Utc>, Uuid)>, FieldError> {
    cursor
        .map(|c| {
            let (key, id) = decode_cursor(c)?;
            let micros: i64 = key
                .parse()
                .map_err(|_| FieldError::new("cursor", "error-bad-cursor"))?;
            let at = DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| FieldError::new("cursor", "error-bad-cursor"))?;
            Ok((at, id))
        })
        .transpose()
}

/// The `before` of the page after a page of `limit` rows newest first, read by id: the last
/// row's id when the page is full, else none.
pub fn next_before<T>(rows: &[T], limit: i64, id: impl Fn(&T) -> i64) -> Option<i64> {
    (rows.len() as i64 == limit)
        .then(|| rows.last().map(id))
        .flatten()
}

pub fn next_time_cursor<T>(
    rows: &[T],
    limit: i64,
    key: impl Fn(&T) -> (DateTime<Utc>, Uuid),
) -> Option<String> {
    (rows.len() as i64 == limit)
        .then(|| {
            rows.last().map(|r| {
                let (at, id) = key(r);
                encode_cursor(&at.timestamp_micros().to_string(), id)
            })
        })
        .flatten()
}
