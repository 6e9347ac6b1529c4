//! Importing leads from CSV: column mapping, per-row validation with line numbers, and
//! the two modes a user chooses between (import the good rows, or none if any is bad).

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::api::leads::CreateLead;
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

/// A bad row: its line in the file, the field and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub message: String,
}

/// The header and the first rows of a file, for the mapping preview.
pub fn preview(content: &[u8], rows: usize) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content);
    let header = reader
        .headers()
        .map_err(|e| format!("the file is not CSV: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    let sample = reader
        .records()
        .take(rows)
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .map_err(|e| format!("the file is not CSV: {e}"))
        })
        .collect::<Result<_, _>>()?;
    Ok((header, sample))
}

/// Rows in a file (not counting the header).
pub fn count_rows(content: &[u8]) -> usize {
    csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content)
        .records()
        .count()
}

/// One CSV record as a lead to create, or the first problem with it.
fn to_lead(
    record: &csv::StringRecord,
    mapping: &[Target],
    default_country: &str,
) -> Result<leads::NewLead, (String, String)> {
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
        .map_err(|e| (e.field, e.message))
}

/// Rows between progress reports.
const PROGRESS_EVERY: usize = 200;

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
    /// Bad rows, by line; in all-or-nothing mode any of them means nothing was imported.
    pub errors: Vec<RowError>,
}

/// Import `content` with `mapping`, reporting progress on `progress` as it goes.
pub async fn run(
    db: &PgPool,
    content: &[u8],
    mapping: &[Target],
    mode: Mode,
    actor: Actor,
    default_country: &str,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> Result<Summary, StoreError> {
    let mut errors: Vec<RowError> = Vec::new();
    let mut good: Vec<(u64, leads::NewLead)> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content);
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                match to_lead(&record, mapping, default_country) {
                    Ok(lead) => good.push((line, lead)),
                    Err((field, message)) => errors.push(RowError {
                        line,
                        field,
                        message,
                    }),
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    field: "row".into(),
                    message: e.to_string(),
                });
            }
        }
    }
    let total = good.len() + errors.len();
    if mode == Mode::AllOrNothing && !errors.is_empty() {
        return Ok(Summary {
            total,
            imported: 0,
            errors,
        });
    }

    let mut done = Progress {
        processed: errors.len(),
        imported: 0,
    };
    match mode {
        Mode::SkipBad => {
            for (line, lead) in good {
                let mut tx = db.begin().await?;
                match leads::create(&mut tx, lead, actor).await {
                    Ok(_) => {
                        tx.commit().await?;
                        done.imported += 1;
                    }
                    Err(e) => errors.push(row_error(line, e)?),
                }
                done.processed += 1;
                if done.processed.is_multiple_of(PROGRESS_EVERY) {
                    progress.send_replace(done);
                }
            }
        }
        Mode::AllOrNothing => {
            let mut tx = db.begin().await?;
            for (line, lead) in good {
                if let Err(e) = leads::create(&mut tx, lead, actor).await {
                    errors.push(row_error(line, e)?);
                    break;
                }
                done.processed += 1;
                if done.processed.is_multiple_of(PROGRESS_EVERY) {
                    progress.send_replace(Progress {
                        imported: 0,
                        ..done
                    });
                }
            }
            if errors.is_empty() {
                tx.commit().await?;
                done.imported = done.processed;
            }
        }
    }
    errors.sort_by_key(|e| e.line);
    progress.send_replace(Progress {
        processed: total,
        ..done
    });
    Ok(Summary {
        total,
        imported: done.imported,
        errors,
    })
}

/// Run an import recorded in `imports` (the import page), keeping its row up to date.
pub async fn run_recorded(
    db: PgPool,
    import_id: Uuid,
    content: Vec<u8>,
    mapping: Vec<Target>,
    mode: Mode,
    actor: Actor,
    default_country: String,
) {
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
    let outcome = run(
        &db,
        &content,
        &mapping,
        mode,
        actor,
        &default_country,
        &sender,
    )
    .await;
    drop(sender);
    let _ = reporter.await;
    let finished = match outcome {
        Ok(summary) => {
            let status = if mode == Mode::AllOrNothing && !summary.errors.is_empty() {
                "failed"
            } else {
                "done"
            };
            let errors = serde_json::to_value(&summary.errors).unwrap_or_default();
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
            let errors = serde_json::json!([{"line": 0, "field": "import", "message": "the import stopped on a database error; rows imported before it are kept"}]);
            imports::finish(&db, import_id, "failed", 0, 0, &errors).await
        }
    };
    if let Err(e) = finished {
        tracing::error!(error = %e, %import_id, "cannot record the end of an import");
    }
}

/// A row the database refused, as a row error; a lost connection stops the import.
fn row_error(line: u64, err: StoreError) -> Result<RowError, StoreError> {
    match err {
        StoreError::Field(f) => Ok(RowError {
            line,
            field: f.field,
            message: f.message,
        }),
        StoreError::Conflict { existing_id, .. } => Ok(RowError {
            line,
            field: "phone".into(),
            message: match existing_id {
                Some(id) => format!("duplicate: lead {id} has this phone number"),
                None => "duplicate".into(),
            },
        }),
        other => Err(other),
    }
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

    #[test]
    fn a_bad_row_names_its_field() {
        let mapping = [Target::Name, Target::Phone];
        let record = csv::StringRecord::from(vec!["Ana", "not a phone"]);
        let err = to_lead(&record, &mapping, "US").unwrap_err();
        assert_eq!(err.0, "phone");
        let record = csv::StringRecord::from(vec!["", "+12025550143"]);
        assert_eq!(to_lead(&record, &mapping, "US").unwrap_err().0, "name");
    }

    #[test]
    fn preview_reads_the_header_and_a_sample() {
        let (header, rows) = preview(b"name,phone\nAna,1\nBudi,2\nCici,3\n", 2).unwrap();
        assert_eq!(header, ["name", "phone"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(count_rows(b"name,phone\nAna,1\nBudi,2\n"), 2);
    }
}
