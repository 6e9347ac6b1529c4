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

/// Characters a spreadsheet may take as the start of a formula: the ASCII ones, their
/// full-width forms (which an East Asian input method types, and some spreadsheets read
/// as the ASCII ones), their small forms, and the minus sign.
fn starts_formula(c: char) -> bool {
    matches!(
        c,
        '=' | '+'
            | '-'
            | '@'
            | '\t'
            | '\r'
            | '\n'
            | '\u{FF1D}'
            | '\u{FF0B}'
            | '\u{FF0D}'
            | '\u{FF20}'
            | '\u{FE66}'
            | '\u{FE62}'
            | '\u{FE63}'
            | '\u{FE6B}'
            | '\u{2212}'
    )
}

/// A spreadsheet cell that cannot run as a formula: text whose first character other
/// than spaces could start one gets a leading apostrophe, which spreadsheets show as text
/// and do not evaluate. A plain number with an ASCII sign (a phone number in E.164, a
/// negative amount) stays as it is.
pub fn inert_cell(value: &str) -> Cow<'_, str> {
    let start =
        value.trim_start_matches(|c: char| c.is_whitespace() && !matches!(c, '\t' | '\r' | '\n'));
    let formula = match start.chars().next() {
        Some('+' | '-') => {
            !start[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
                || start.len() == 1
        }
        Some(c) => starts_formula(c),
        None => false,
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
            "\n=1",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}1",
            "\u{FF20}SUM(A1)",
            "\u{FE66}1+1",
            "\u{2212}1+1",
            " =1+1",
            "\u{3000}=1+1",
            "\u{A0}@SUM(A1)",
            "-",
        ] {
            assert_eq!(inert_cell(formula), format!("'{formula}"));
        }
        for plain in ["+15551234567", "-12.5", "Ann", "", "a=b", "1+1"] {
            assert_eq!(inert_cell(plain), plain);
        }
    }
}
