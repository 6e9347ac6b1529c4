//! Downloads of the tables, in the format the reader asks for: CSV for programs, CSV for
//! Excel (the same with a byte-order mark, so that Excel on Windows reads UTF-8), or XLSX
//! with typed cells (numbers, money, rates, times) written by `rust_xlsxwriter`.
//!
//! Rows are read a page at a time by keyset: a CSV streams as they come, in flat memory
//! whatever its size; an XLSX sheet is written row by row to temporary files (the
//! writer's constant-memory mode) and sent once whole. Every text cell is made safe to
//! open in a spreadsheet.

use std::borrow::Cow;
use std::future::Future;

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use futures::StreamExt;
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};
use serde::Deserialize;
use uuid::Uuid;

use crate::domain::money::Currency;
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::storage::StoreResult;

/// Rows read per query while an export runs.
pub const PAGE: i64 = 1_000;

/// Data rows an XLSX sheet holds (Excel's 1,048,576 rows, less the header).
pub const XLSX_ROWS: usize = 1_048_575;

/// Where a page ended: (time, id), the keyset of the lists.
pub type Key = (DateTime<Utc>, Uuid);

/// The file a download is written as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// UTF-8 CSV without a byte-order mark, for programs.
    #[default]
    Csv,
    /// CSV for Excel: with a UTF-8 byte-order mark, so that Excel reads its letters right,
    /// and in a language that writes decimals with a comma, `;` between fields and `,` in
    /// numbers, as Excel reads them there.
    ExcelCsv,
    /// An Excel workbook with typed cells.
    Xlsx,
}

impl FileFormat {
    pub fn parse(field: &str, text: Option<&str>) -> Result<FileFormat, FieldError> {
        match text.map(str::trim).unwrap_or("") {
            "" | "csv" => Ok(FileFormat::Csv),
            "excel_csv" => Ok(FileFormat::ExcelCsv),
            "xlsx" => Ok(FileFormat::Xlsx),
            other => Err(FieldError::new(field, "error-unknown-file-format").arg("text", other)),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv | FileFormat::ExcelCsv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            FileFormat::Csv | FileFormat::ExcelCsv => "text/csv; charset=utf-8",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// One cell of an exported table, typed: a CSV writes it plainly (numbers with a `.`
/// and no grouping, times in RFC 3339 with their offset), an XLSX as a cell of its type.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A plain number such as dials per working day.
    Number(f64),
    /// An amount in minor units of `Currency`.
    Money(i64, Currency),
    /// A rate or a relative change: 0.385 for 38.5%.
    Rate(f64),
    /// A moment, shown on `Zone`'s clock.
    At(DateTime<Utc>, Zone),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn opt_text(value: Option<String>) -> Cell {
        value.map_or(Cell::Empty, Cell::Text)
    }

    pub fn opt_int(value: Option<i64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Int)
    }

    pub fn opt_rate(value: Option<f64>) -> Cell {
        value
            .filter(|v| v.is_finite())
            .map_or(Cell::Empty, Cell::Rate)
    }

    pub fn opt_number(value: Option<f64>) -> Cell {
        value
            .filter(|v| v.is_finite())
            .map_or(Cell::Empty, Cell::Number)
    }

    pub fn opt_money(minor: Option<i64>, currency: Currency) -> Cell {
        minor.map_or(Cell::Empty, |m| Cell::Money(m, currency))
    }

    pub fn opt_at(at: Option<DateTime<Utc>>, zone: Zone) -> Cell {
        at.map_or(Cell::Empty, |t| Cell::At(t, zone))
    }

    /// The cell as a CSV in `dialect` holds it.
    fn plain(&self, dialect: Dialect) -> Cow<'_, str> {
        let decimal = |number: String| -> Cow<'_, str> {
            if dialect.decimal_comma {
                number.replace('.', ",").into()
            } else {
                number.into()
            }
        };
        match self {
            Cell::Text(text) => inert_cell(text),
            Cell::Int(n) => n.to_string().into(),
            Cell::Number(n) => decimal(n.to_string()),
            Cell::Money(minor, currency) => decimal(currency.plain(*minor)),
            Cell::Rate(r) => decimal(r.to_string()),
            Cell::At(at, zone) => zone.rfc3339(*at).into(),
            Cell::Date(day) => day.to_string().into(),
            Cell::Empty => "".into(),
        }
    }
}

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

/// How a CSV is written. For programs: `,` between fields, `.` in numbers. For Excel:
/// after a byte-order mark, and with the list separator and decimal sign of the reader's
/// regional settings, which Excel reads a CSV with: `;` and `,` where the reader's
/// language writes decimals with a comma (Indonesian, Russian), as CLDR says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    bom: bool,
    delimiter: u8,
    decimal_comma: bool,
}

impl Dialect {
    /// The dialect of `format` for the request's reader.
    pub fn of(format: FileFormat) -> Dialect {
        let decimal_comma = format == FileFormat::ExcelCsv && crate::i18n::writes_decimal_comma();
        Dialect {
            bom: format == FileFormat::ExcelCsv,
            delimiter: if decimal_comma { b';' } else { b',' },
            decimal_comma,
        }
    }
}

/// One CSV line.
pub fn line(record: &[Cell], dialect: Dialect) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter)
        .from_writer(Vec::new());
    let _ = writer.write_record(record.iter().map(|c| c.plain(dialect).into_owned()));
    writer.into_inner().unwrap_or_default()
}

fn header_cells(header: &[impl AsRef<str>]) -> Vec<Cell> {
    header.iter().map(|h| Cell::text(h.as_ref())).collect()
}

/// UTF-8's byte-order mark, which tells Excel how to read a CSV.
const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// A file named `stem` plus the format's extension, as an attachment.
pub fn attachment(format: FileFormat, stem: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{}\"", format.extension()),
            ),
        ],
        body,
    )
        .into_response()
}

/// A whole table (the dashboard's: a few rows) as a file.
pub fn table(format: FileFormat, stem: &str, header: &[&str], rows: Vec<Vec<Cell>>) -> Response {
    match format {
        FileFormat::Csv | FileFormat::ExcelCsv => {
            let dialect = Dialect::of(format);
            let mut body = if dialect.bom {
                BOM.to_vec()
            } else {
                Vec::new()
            };
            body.extend(line(&header_cells(header), dialect));
            for row in &rows {
                body.extend(line(row, dialect));
            }
            attachment(format, stem, body.into())
        }
        FileFormat::Xlsx => {
            let written = Sheet::new(header).and_then(|mut sheet| {
                for row in &rows {
                    sheet.row(row)?;
                }
                sheet.finish()
            });
            match written {
                Ok(bytes) => attachment(format, stem, bytes.into()),
                Err(e) => xlsx_failed(e),
            }
        }
    }
}

fn xlsx_failed(e: XlsxError) -> Response {
    tracing::error!(error = %e, "cannot write an XLSX file");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "the spreadsheet could not be written; try CSV",
    )
        .into_response()
}

/// Every row `fetch` gives, page after page, as a file: `fetch(after)` reads the `PAGE`
/// rows after the key `after`, `key` gives a row's key and `record` its cells. A CSV
/// streams; an XLSX is sent once written, or refused if it would pass Excel's rows.
pub async fn rows<R, F, Fut>(
    format: FileFormat,
    stem: &str,
    header: &[impl AsRef<str> + Sync],
    fetch: F,
    key: fn(&R) -> Key,
    record: impl Fn(R) -> Vec<Cell> + Send + Sync + 'static,
) -> Response
where
    R: Send + 'static,
    F: Fn(Option<Key>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = StoreResult<Vec<R>>> + Send + 'static,
{
    match format {
        FileFormat::Csv | FileFormat::ExcelCsv => {
            let body = stream(Dialect::of(format), header, fetch, key, record);
            attachment(format, stem, body)
        }
        FileFormat::Xlsx => match workbook(header, fetch, key, record).await {
            Ok(Some(bytes)) => attachment(format, stem, bytes.into()),
            Ok(None) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "format: these are more rows than an Excel sheet holds ({XLSX_ROWS}); \
                     download them as CSV, or narrow the filters"
                ),
            )
                .into_response(),
            Err(Failure::Store(e)) => {
                tracing::error!(error = %e, "an export stopped");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the export stopped; try again",
                )
                    .into_response()
            }
            Err(Failure::Xlsx(e)) => xlsx_failed(e),
        },
    }
}

enum Failure {
    Store(crate::storage::StoreError),
    Xlsx(XlsxError),
}

/// The rows as a workbook's bytes; `None` if there are more than a sheet holds. Each page
/// is written on a blocking thread, so that a sheet of a million rows never holds up the
/// requests served beside it.
async fn workbook<R, F, Fut>(
    header: &[impl AsRef<str> + Sync],
    fetch: F,
    key: fn(&R) -> Key,
    record: impl Fn(R) -> Vec<Cell> + Send + Sync + 'static,
) -> Result<Option<Vec<u8>>, Failure>
where
    R: Send + 'static,
    F: Fn(Option<Key>) -> Fut,
    Fut: Future<Output = StoreResult<Vec<R>>>,
{
    let record = std::sync::Arc::new(record);
    let mut sheet = Sheet::new(header).map_err(Failure::Xlsx)?;
    let mut after = None;
    loop {
        let page = fetch(after).await.map_err(Failure::Store)?;
        let full = page.len() as i64 == PAGE;
        after = page.last().map(key);
        if sheet.rows + page.len() > XLSX_ROWS {
            return Ok(None);
        }
        let record = record.clone();
        sheet = blocking(move || {
            for row in page {
                sheet.row(&record(row))?;
            }
            Ok(sheet)
        })
        .await?;
        if !full {
            break;
        }
    }
    Ok(Some(blocking(move || sheet.finish()).await?))
}

/// `work` on a blocking thread.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, XlsxError> + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Failure::Xlsx(XlsxError::IoError(std::io::Error::other(e))))?
        .map_err(Failure::Xlsx)
}

/// A sheet being written: a bold header row that stays in view, then typed rows.
struct Sheet {
    workbook: Workbook,
    rows: usize,
    formats: Formats,
}

struct Formats {
    header: CellFormat,
    rate: CellFormat,
    at: CellFormat,
    date: CellFormat,
    /// Money, by the currency's minor digits (0 to 3).
    money: [CellFormat; 4],
}

impl Sheet {
    fn new(header: &[impl AsRef<str>]) -> Result<Sheet, XlsxError> {
        let mut workbook = Workbook::new();
        let formats = Formats {
            header: CellFormat::new().set_bold(),
            rate: CellFormat::new().set_num_format("0.0%"),
            at: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
            money: [
                CellFormat::new().set_num_format("#,##0"),
                CellFormat::new().set_num_format("#,##0.0"),
                CellFormat::new().set_num_format("#,##0.00"),
                CellFormat::new().set_num_format("#,##0.000"),
            ],
        };
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        for (col, name) in header.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, name.as_ref(), &formats.header)?;
            sheet.set_column_width(col as u16, 16)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Sheet {
            workbook,
            rows: 0,
            formats,
        })
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        let row = (self.rows + 1) as u32;
        let sheet: &mut Worksheet = self.workbook.worksheet_from_index(0)?;
        let f = &self.formats;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(row, col, inert_cell(text))?;
                }
                Cell::Int(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col, *n)?;
                }
                Cell::Money(minor, currency) => {
                    let digits = currency.digits().min(3);
                    sheet.write_number_with_format(
                        row,
                        col,
                        currency.major(*minor),
                        &f.money[usize::from(digits)],
                    )?;
                }
                Cell::Rate(r) => {
                    sheet.write_number_with_format(row, col, *r, &f.rate)?;
                }
                Cell::At(at, zone) => {
                    sheet.write_datetime_with_format(row, col, zone.local(*at), &f.at)?;
                }
                Cell::Date(day) => {
                    sheet.write_datetime_with_format(row, col, *day, &f.date)?;
                }
                Cell::Empty => {}
            }
        }
        self.rows += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        let mut bytes = Vec::new();
        self.workbook.save_to_writer(&mut bytes)?;
        Ok(bytes)
    }
}

/// Stream `header`, then every row `fetch` gives, page after page, as CSV in `dialect`.
fn stream<R, F, Fut>(
    dialect: Dialect,
    header: &[impl AsRef<str>],
    fetch: F,
    key: fn(&R) -> Key,
    record: impl Fn(R) -> Vec<Cell> + Send + Sync + 'static,
) -> Body
where
    R: Send + 'static,
    F: Fn(Option<Key>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = StoreResult<Vec<R>>> + Send + 'static,
{
    let mut first = if dialect.bom {
        BOM.to_vec()
    } else {
        Vec::new()
    };
    first.extend(line(&header_cells(header), dialect));
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
                chunk.extend(line(&record(row), dialect));
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
