//! Importing leads from CSV: column mapping, per-row validation with line numbers, and
//! the two modes a user chooses between (import the good rows, or none if any is bad).

use std::io::Read;

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::phone::Country;
use crate::domain::FieldError;
use crate::i18n::{try_message, Arg, Language};
use crate::service::leads::CreateLead;
use crate::storage::{imports, leads, Actor, StoreError};

/// What a CSV column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Name,
    Phone,
    Email,
    Company,
    Source,
    Tags,
    Notes,
    Ignore,
}

impl Target {
    pub const ALL: [Target; 8] = [
        Target::Name,
        Target::Phone,
        Target::Email,
        Target::Company,
        Target::Source,
        Target::Tags,
        Target::Notes,
        Target::Ignore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Target::Name => "name",
            Target::Phone => "phone",
            Target::Email => "email",
            Target::Company => "company",
            Target::Source => "source",
            Target::Tags => "tags",
            Target::Notes => "notes",
            Target::Ignore => "ignore",
        }
    }

    pub fn parse(text: &str) -> Option<Target> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// A first guess from the column's header.
    pub fn guess(header: &str) -> Target {
        let h = header.trim().to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
        if has(&["phone", "mobile", "tel", "number", "hp", "电话", "手机"]) {
            Target::Phone
        } else if has(&["mail"]) {
            Target::Email
        } else if has(&["company", "organi", "business", "perusahaan", "公司"]) {
            Target::Company
        } else if has(&["source", "channel", "campaign", "sumber", "渠道"]) {
            Target::Source
        } else if has(&["tag", "label"]) {
            Target::Tags
        } else if has(&["note", "comment", "catatan", "备注"]) {
            Target::Notes
        } else if has(&["name", "nama", "contact", "姓名", "名"]) {
            Target::Name
        } else {
            Target::Ignore
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Import the good rows; report the bad ones.
    SkipBad,
    /// Import nothing if any row is bad.
    AllOrNothing,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::SkipBad => "skip_bad",
            Mode::AllOrNothing => "all_or_nothing",
        }
    }
}

/// A bad row: its line in the file, the field and what is wrong. Kept in the import's
/// record (`imports.errors`) as `{"line", "field", "message", "id", "args"}`: `message` in
/// English (what the API and older readers read), `id` and `args` the Fluent message that
/// says it in the reader's language. Rows recorded before messages had ids have only
/// `message`. Line 0 is a note about the whole import rather than a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The message's variables: name -> string or number.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub args: serde_json::Map<String, serde_json::Value>,
}

impl RowError {
    /// Line `line` is bad as `error` says.
    pub fn new(line: u64, error: &FieldError) -> Self {
        let args = error
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => serde_json::Value::from(text.clone()),
                    Arg::Number(n) => serde_json::Value::from(*n),
                };
                (name.to_string(), value)
            })
            .collect();
        RowError {
            line,
            field: error.field.clone(),
            message: error.message(),
            id: Some(error.id.to_string()),
            args,
        }
    }

    /// A note about the whole import (line 0) rather than a row.
    pub fn note(error: &FieldError) -> Self {
        Self::new(0, error)
    }

    /// What is wrong, in English.
    pub fn message(&self) -> String {
        self.message.clone()
    }

    /// What is wrong, in `language`; as recorded for a row recorded without a message id.
    pub fn message_in(&self, language: Language) -> String {
        let Some(id) = &self.id else {
            return self.message.clone();
        };
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    serde_json::Value::String(text) => Arg::Text(text.clone()),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(n) => Arg::Number(n),
                        None => Arg::Text(n.to_string()),
                    },
                    other => Arg::Text(other.to_string()),
                };
                (name.as_str(), value)
            })
            .collect();
        try_message(language, id, &args).unwrap_or_else(|| self.message.clone())
    }

    /// The field's name in `language` (`import-field-<field>`), else as recorded.
    pub fn field_in(&self, language: Language) -> String {
        field_label(language, &self.field)
    }
}

/// A lead field's (or a note's subject's) name in `language`, as the import page and its
/// errors download show it; a field without a message as it is.
pub fn field_label(language: Language, field: &str) -> String {
    try_message(
        language,
        &format!("import-field-{}", field.replace('_', "-")),
        &[],
    )
    .unwrap_or_else(|| field.to_owned())
}

/// The file is not CSV, as the csv library found.
fn not_csv(error: &csv::Error) -> FieldError {
    FieldError::new("file", "import-error-not-csv").arg("error", error.to_string())
}

/// The note an import stopped by a database error leaves (line 0), for its record.
pub fn stopped_note() -> serde_json::Value {
    let note = RowError::note(&FieldError::new("import", "import-note-stopped"));
    serde_json::to_value([note]).unwrap_or_default()
}

/// The header and the first rows of a file, for the mapping preview.
pub fn preview(content: &[u8], rows: usize) -> Result<(Vec<String>, Vec<Vec<String>>), FieldError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content);
    let header = reader
        .headers()
        .map_err(|e| not_csv(&e))?
        .iter()
        .map(str::to_owned)
        .collect();
    let sample = reader
        .records()
        .take(rows)
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .map_err(|e| not_csv(&e))
        })
        .collect::<Result<_, _>>()?;
    Ok((header, sample))
}

/// The header row of a file, read from its start; what is wrong in English (the command
/// line's).
pub fn read_header(reader: impl Read) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    Ok(reader
        .headers()
        .map_err(|e| not_csv(&e).message())?
        .iter()
        .map(str::to_owned)
        .collect())
}

/// Rows in a file (not counting the header); quick enough for the page to count a large
/// upload before importing it, so that its progress can show a percentage.
pub fn count_rows(content: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content);
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return rows,
            Ok(true) | Err(_) => rows += 1,
        }
    }
}

/// The line a record starts on as a spreadsheet numbers its rows: the header is line 1
/// and the first data row line 2, whatever the file's line endings (the reader's own line
/// count is one short after a CRLF) and however many lines a quoted cell spans.
fn line_of(position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| p.record() + 1)
}

/// One CSV record as a lead to create, or the first problem with it.
pub fn to_lead(
    record: &csv::StringRecord,
    mapping: &[Target],
    default_country: Country,
) -> Result<leads::NewLead, FieldError> {
    let mut lead = CreateLead {
        name: String::new(),
        phone: None,
        email: None,
        company: None,
        source: None,
        owner_id: None,
        stage: None,
        tags: None,
        deal_value: None,
        referred_by: None,
        do_not_call: None,
        next_contact_at: None,
        notes: None,
        created_at: None,
        allow_duplicate: None,
    };
    for (value, target) in record.iter().zip(mapping) {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match target {
            Target::Name => lead.name = value.to_owned(),
            Target::Phone => lead.phone = Some(value.to_owned()),
            Target::Email => lead.email = Some(value.to_owned()),
            Target::Company => lead.company = Some(value.to_owned()),
            Target::Source => lead.source = Some(value.to_owned()),
            Target::Tags => {
                lead.tags = Some(
                    value
                        .split([',', ';'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect(),
                )
            }
            Target::Notes => lead.notes = Some(value.to_owned()),
            Target::Ignore => {}
        }
    }
    lead.validate(default_country)
}

/// How a file is read: which lead field each column holds, what bad rows do, and the
/// country that reads its phone numbers written without a country code.
#[derive(Clone, Debug)]
pub struct Plan {
    pub mapping: Vec<Target>,
    pub mode: Mode,
    pub default_country: Country,
}

impl Plan {
    /// The plan as the import's record keeps it.
    pub fn record(&self) -> imports::Plan {
        imports::Plan {
            mode: self.mode.as_str().to_owned(),
            mapping: serde_json::to_value(&self.mapping).unwrap_or_default(),
            default_country: self.default_country.code(),
        }
    }
}

/// Rows validated and written together; in skip-bad mode each chunk is one transaction.
pub const CHUNK_ROWS: usize = 10_000;

/// Bad rows listed in a summary; any more are only counted.
pub const MAX_LISTED_ERRORS: usize = 10_000;

/// How far an import has got: rows checked and rows imported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub processed: usize,
    pub imported: usize,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    pub imported: usize,
    /// Bad rows, by line, the first [`MAX_LISTED_ERRORS`] of them; in all-or-nothing mode
    /// any of them means nothing was imported.
    pub errors: Vec<RowError>,
    /// Bad rows beyond those listed.
    pub unlisted_errors: usize,
}

impl Summary {
    /// Add a chunk's bad rows, listing them in line order while there is room.
    fn add_errors(&mut self, mut errors: Vec<RowError>) {
        errors.sort_by_key(|e| e.line);
        for error in errors {
            if self.errors.len() < MAX_LISTED_ERRORS {
                self.errors.push(error);
            } else {
                self.unlisted_errors += 1;
            }
        }
    }

    pub fn bad_rows(&self) -> usize {
        self.errors.len() + self.unlisted_errors
    }
}

/// Import `content` with `mapping`, reporting progress on `progress` as it goes.
pub async fn run(
    db: &PgPool,
    content: &[u8],
    plan: &Plan,
    actor: Actor,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> Result<Summary, StoreError> {
    let reader = std::io::Cursor::new(content.to_vec());
    run_resumable(db, reader, plan, actor, None, progress).await
}

/// An import recorded in `imports`, which a cut leaves resumable: where this run starts.
#[derive(Clone, Copy, Debug)]
pub struct Recorded {
    pub import_id: Uuid,
    /// Data rows already committed by earlier runs, skipped by this one.
    pub skip_rows: usize,
    /// Leads those rows created.
    pub imported_before: usize,
}

impl Recorded {
    /// How an interrupted import goes on: where, with the plan it started with, after the
    /// bad rows its earlier runs reported. An import cut before its country was recorded
    /// reads numbers in `company_country`, as it did.
    pub fn resuming(
        import_id: Uuid,
        resumed: imports::Resumed,
        company_country: Country,
    ) -> (Recorded, Plan, Vec<RowError>) {
        let mapping = resumed
            .mapping
            .and_then(|m| serde_json::from_value(m).ok())
            .unwrap_or_default();
        let mode = match resumed.mode.as_deref() {
            Some("all_or_nothing") => Mode::AllOrNothing,
            _ => Mode::SkipBad,
        };
        let recorded = Recorded {
            import_id,
            skip_rows: usize::try_from(resumed.committed_rows).unwrap_or(0),
            imported_before: usize::try_from(resumed.imported_rows).unwrap_or(0),
        };
        let default_country = resumed
            .default_country
            .and_then(|c| Country::parse("default_country", &c).ok())
            .unwrap_or(company_country);
        let previous = serde_json::from_value(resumed.errors).unwrap_or_default();
        let plan = Plan {
            mapping,
            mode,
            default_country,
        };
        (recorded, plan, previous)
    }
}

/// A chunk of rows read and checked.
#[derive(Default)]
struct Chunk {
    rows: usize,
    good: leads::StagedLeads,
    bad: Vec<RowError>,
}

/// Import the CSV that `reader` yields, streaming: a blocking thread reads and checks rows
/// a chunk ahead while the previous chunk is written, so memory stays flat however big the
/// file. An import recorded in `imports` (`recorded`) skips the rows its earlier runs
/// committed, and in skip-bad mode records each chunk's rows in the chunk's transaction;
/// progress and the summary count the whole file, earlier runs included.
pub async fn run_resumable<R: Read + Send + 'static>(
    db: &PgPool,
    reader: R,
    plan: &Plan,
    actor: Actor,
    recorded: Option<Recorded>,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> Result<Summary, StoreError> {
    let (sender, mut chunks) = tokio::sync::mpsc::channel(1);
    let (mapping, country) = (plan.mapping.clone(), plan.default_country);
    let skip = recorded.map_or(0, |r| r.skip_rows);
    let reading =
        tokio::task::spawn_blocking(move || read_chunks(reader, &mapping, country, skip, &sender));
    let beating = recorded.map(|r| {
        let db = db.clone();
        tokio::spawn(async move {
            let every = std::time::Duration::from_secs(imports::HEARTBEAT_SECONDS);
            loop {
                tokio::time::sleep(every).await;
                let _ = imports::beat(&db, r.import_id).await;
            }
        })
    });
    let outcome = write_chunks(db, &mut chunks, plan.mode, actor, recorded, progress).await;
    if let Some(beating) = beating {
        beating.abort();
    }
    // A writer that stopped early stops the reader at its next chunk.
    drop(chunks);
    if let Err(e) = reading.await {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
    }
    outcome
}

/// Read and check the rows, sending them on in chunks; stops when the receiver is gone.
fn read_chunks<R: Read>(
    reader: R,
    mapping: &[Target],
    default_country: Country,
    skip_rows: usize,
    chunks: &tokio::sync::mpsc::Sender<Chunk>,
) {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let mut record = csv::StringRecord::new();
    let mut chunk = Chunk::default();
    let mut skipped = 0;
    loop {
        let read = reader.read_record(&mut record);
        // Rows an earlier run committed: read past them, counted as the writer counted them.
        if skipped < skip_rows
            && !matches!(&read, Ok(false))
            && !matches!(&read, Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)))
        {
            skipped += 1;
            continue;
        }
        match read {
            Ok(false) => break,
            Ok(true) => {
                let line = line_of(record.position());
                match to_lead(&record, mapping, default_country) {
                    Ok(lead) => chunk.good.push(line, &lead),
                    Err(error) => chunk.bad.push(RowError::new(line, &error)),
                }
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                chunk.rows += 1;
                let error = FieldError::new("file", "import-error-unreadable-rest")
                    .arg("error", e.to_string());
                chunk.bad.push(RowError::new(line_of(e.position()), &error));
                break;
            }
            Err(e) => chunk.bad.push(RowError::new(
                line_of(e.position()),
                &FieldError::text("row", e.to_string()),
            )),
        }
        chunk.rows += 1;
        if chunk.rows == CHUNK_ROWS && chunks.blocking_send(std::mem::take(&mut chunk)).is_err() {
            return;
        }
    }
    if chunk.rows > 0 {
        let _ = chunks.blocking_send(chunk);
    }
}

/// Write the chunks as they come: skip-bad commits each chunk's good rows; all-or-nothing
/// writes in one transaction, stops writing at the first bad row (still checking the rest
/// for the report) and commits only if there was none.
async fn write_chunks(
    db: &PgPool,
    chunks: &mut tokio::sync::mpsc::Receiver<Chunk>,
    mode: Mode,
    actor: Actor,
    recorded: Option<Recorded>,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> Result<Summary, StoreError> {
    let mut summary = Summary {
        total: recorded.map_or(0, |r| r.skip_rows),
        ..Summary::default()
    };
    let mut whole_file = match mode {
        Mode::SkipBad => None,
        Mode::AllOrNothing => Some(db.begin().await?),
    };
    let mut written = recorded.map_or(0, |r| r.imported_before);
    while let Some(chunk) = chunks.recv().await {
        let mut errors = chunk.bad;
        let writing = whole_file.is_none() || (summary.bad_rows() == 0 && errors.is_empty());
        // In skip-bad mode a chunk's rows and the record of how far the file is done are
        // committed together: a cut between chunks loses nothing and repeats nothing.
        let mut chunk_tx = match (&whole_file, recorded) {
            (None, Some(_)) => Some(db.begin().await?),
            (None, None) if writing && !chunk.good.is_empty() => Some(db.begin().await?),
            _ => None,
        };
        let on_duplicate = match whole_file {
            Some(_) => leads::OnDuplicate::CreateNone,
            None => leads::OnDuplicate::CreateOthers,
        };
        let tx = whole_file.as_mut().or(chunk_tx.as_mut());
        if let (true, false, Some(tx)) = (writing, chunk.good.is_empty(), tx) {
            let outcome = leads::create_many(tx, &chunk.good, actor, on_duplicate).await?;
            written += outcome.created as usize;
            errors.extend(
                outcome
                    .duplicates
                    .into_iter()
                    .map(|(line, existing)| duplicate_row(line, existing)),
            );
        }
        errors.sort_by_key(|e| e.line);
        if let Some(mut tx) = chunk_tx {
            if let Some(recorded) = recorded {
                let listed = MAX_LISTED_ERRORS.saturating_sub(summary.errors.len());
                let new_errors =
                    serde_json::to_value(&errors[..errors.len().min(listed)]).unwrap_or_default();
                imports::chunk_committed(
                    &mut *tx,
                    recorded.import_id,
                    to_i32(summary.total + chunk.rows),
                    to_i32(written),
                    &new_errors,
                )
                .await?;
            }
            tx.commit().await?;
        }
        summary.total += chunk.rows;
        summary.add_errors(errors);
        progress.send_replace(Progress {
            processed: summary.total,
            imported: if whole_file.is_some() { 0 } else { written },
        });
    }
    if let Some(tx) = whole_file {
        if summary.bad_rows() == 0 {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
            written = 0;
        }
    }
    summary.imported = written;
    progress.send_replace(Progress {
        processed: summary.total,
        imported: written,
    });
    Ok(summary)
}

/// Run an import recorded in `imports` (the import page), keeping its row up to date.
/// `recorded` says where it starts (a resumed import skips the rows committed before) and
/// `previous_errors` are the bad rows its earlier runs reported.
pub async fn run_recorded(
    db: PgPool,
    recorded: Recorded,
    previous_errors: Vec<RowError>,
    content: Vec<u8>,
    plan: Plan,
    actor: Actor,
) {
    let import_id = recorded.import_id;
    let (sender, mut receiver) = tokio::sync::watch::channel(Progress::default());
    let reporter = {
        let db = db.clone();
        tokio::spawn(async move {
            while receiver.changed().await.is_ok() {
                let p = *receiver.borrow_and_update();
                let _ =
                    imports::progress(&db, import_id, p.processed as i32, p.imported as i32).await;
            }
        })
    };
    let outcome = run_resumable(
        &db,
        std::io::Cursor::new(content),
        &plan,
        actor,
        Some(recorded),
        &sender,
    )
    .await;
    let last = *sender.borrow();
    drop(sender);
    let _ = reporter.await;
    let finished = match outcome {
        Ok(summary) => {
            let status = if plan.mode == Mode::AllOrNothing && summary.bad_rows() > 0 {
                "failed"
            } else {
                "done"
            };
            let mut errors = previous_errors;
            errors.extend(summary.errors);
            if summary.unlisted_errors > 0 {
                let unlisted = i64::try_from(summary.unlisted_errors).unwrap_or(i64::MAX);
                errors.push(RowError::note(
                    &FieldError::new("file", "import-note-unlisted").arg("count", unlisted),
                ));
            }
            let errors = serde_json::to_value(&errors).unwrap_or_default();
            imports::finish(
                &db,
                import_id,
                status,
                summary.total as i32,
                summary.imported as i32,
                &errors,
            )
            .await
        }
        Err(err) => {
            tracing::error!(error = %err, %import_id, "import stopped");
            let errors = stopped_note();
            imports::finish(
                &db,
                import_id,
                "failed",
                last.processed as i32,
                last.imported as i32,
                &errors,
            )
            .await
        }
    };
    if let Err(e) = finished {
        tracing::error!(error = %e, %import_id, "cannot record the end of an import");
    }
}

/// A row count for an `integer` column (a file has far fewer than 2^31 rows).
fn to_i32(rows: usize) -> i32 {
    i32::try_from(rows).unwrap_or(i32::MAX)
}

/// A row whose phone number another lead has.
fn duplicate_row(line: u64, existing: Uuid) -> RowError {
    let error =
        FieldError::new("phone", "import-error-duplicate-phone").arg("lead", existing.to_string());
    RowError::new(line, &error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_several_languages_are_guessed() {
        assert_eq!(Target::guess("Full name"), Target::Name);
        assert_eq!(Target::guess("Nomor HP"), Target::Phone);
        assert_eq!(Target::guess("E-mail"), Target::Email);
        assert_eq!(Target::guess("公司"), Target::Company);
        assert_eq!(Target::guess("Lead source"), Target::Source);
        assert_eq!(Target::guess("whatever"), Target::Ignore);
    }

    fn us() -> Country {
        Country::parse("default_country", "US").unwrap()
    }

    #[test]
    fn a_bad_row_names_its_field() {
        let mapping = [Target::Name, Target::Phone];
        let record = csv::StringRecord::from(vec!["Ana", "not a phone"]);
        let err = to_lead(&record, &mapping, us()).unwrap_err();
        assert_eq!(err.field, "phone");
        let record = csv::StringRecord::from(vec!["", "+12025550143"]);
        assert_eq!(to_lead(&record, &mapping, us()).unwrap_err().field, "name");
    }

    #[test]
    fn a_bad_row_is_recorded_with_its_message_id_and_read_in_any_language() {
        let error = FieldError::new("phone", "import-error-duplicate-phone").arg("lead", "abc");
        let row = RowError::new(7, &error);
        let stored = serde_json::to_value([&row]).unwrap();
        assert_eq!(
            stored,
            serde_json::json!([{
                "line": 7,
                "field": "phone",
                "message": "duplicate: lead abc has this phone number",
                "id": "import-error-duplicate-phone",
                "args": {"lead": "abc"},
            }])
        );
        let read: Vec<RowError> = serde_json::from_value(stored).unwrap();
        assert_eq!(read, [row]);
        let note =
            RowError::note(&FieldError::new("file", "import-note-unlisted").arg("count", 12));
        assert_eq!(
            note.message_in(Language::En),
            "12 more bad rows are not listed"
        );
        // Recorded before rows had message ids: read as recorded.
        let old: RowError = serde_json::from_value(
            serde_json::json!({"line": 3, "field": "name", "message": "must not be empty"}),
        )
        .unwrap();
        assert_eq!(old.id, None);
        assert_eq!(old.message_in(Language::Ru), "must not be empty");
    }

    #[test]
    fn preview_reads_the_header_and_a_sample() {
        let (header, rows) = preview(b"name,phone\nAna,1\nBudi,2\nCici,3\n", 2).unwrap();
        assert_eq!(header, ["name", "phone"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(count_rows(b"name,phone\nAna,1\nBudi,2\n"), 2);
    }
}
