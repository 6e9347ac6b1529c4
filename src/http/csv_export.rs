//! CSV downloads: rows read a page at a time by keyset and streamed as they come, so an
//! export of any size runs in flat memory, and every cell safe to open in a spreadsheet.

use std::borrow::Cow;
use std::future::Future;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use uuid::Uuid;

use crate::storage::StoreResult;

/// Rows read per query while an export streams.
pub const PAGE: i64 = 1_000;

/// Where a page ended: (time, id), the keyset of the lists.
pub type Key = (DateTime<Utc>, Uuid);

/// A spreadsheet cell that cannot run as a formula: text that starts with `=`, `@`, a
/// tab or a carriage return, or with `+` or `-` without being a plain number (a phone
/// number in E.164 stays as it is), gets a leading apostrophe, which spreadsheets show
/// as text and do not evaluate.
pub fn inert_cell(value: &str) -> Cow<'_, str> {
    let formula = match value.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !value[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ' '),
        _ => false,
    };
    if formula {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// One CSV line of inert cells.
pub fn line<S: AsRef<str>>(record: &[S]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(record.iter().map(|v| inert_cell(v.as_ref()).into_owned()));
    writer.into_inner().unwrap_or_default()
}

/// A CSV file as an attachment named `file`.
pub fn attachment(file: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Stream `header`, then every row `fetch` gives, page after page: `fetch(after)` reads
/// the `PAGE` rows after the key `after`, `key` gives a row's key and `record` its cells.
pub fn stream<R, F, Fut>(
    header: &[&str],
    fetch: F,
    key: fn(&R) -> Key,
    record: impl Fn(R) -> Vec<String> + Send + Sync + 'static,
) -> Body
where
    R: Send + 'static,
    F: Fn(Option<Key>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = StoreResult<Vec<R>>> + Send + 'static,
{
    let first = line(header);
    let first = futures::stream::once(async move { Ok::<_, std::io::Error>(first) });
    let fetch = std::sync::Arc::new(fetch);
    let record = std::sync::Arc::new(record);
    // The state of the walk: the key after the last row sent, or None when done.
    let pages = futures::stream::unfold(Some(None), move |after| {
        let (fetch, record) = (fetch.clone(), record.clone());
        async move {
            let rows = match fetch(after?).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::error!(error = %e, "an export stopped");
                    return Some((Err(std::io::Error::other("the export stopped")), None));
                }
            };
            let next = (rows.len() as i64 == PAGE).then(|| rows.last().map(key));
            let mut chunk = Vec::new();
            for row in rows {
                chunk.extend(line(&record(row)));
            }
            Some((Ok(chunk), next))
        }
    });
    Body::from_stream(first.chain(pages))
}

#[cfg(test)]
mod tests {
    use super::inert_cell;

    #[test]
    fn cells_that_a_spreadsheet_would_evaluate_are_made_text() {
        for formula in [
            "=1+1",
            "@SUM(A1)",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(inert_cell(formula), format!("'{formula}"));
        }
        for plain in ["+15551234567", "-12.5", "Ann", "", "a=b", "1+1"] {
            assert_eq!(inert_cell(plain), plain);
        }
    }
}
