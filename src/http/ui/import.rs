//! The CSV import page: upload, column mapping preview, progress, and per-row errors.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::format::{count, country_choices, datetime, CountryChoice};
use super::session::check_csrf;
use super::{render, render_status, CsrfForm, Layout, Manager, UiError, UiResult};
use crate::domain::custom::CustomField;
use crate::domain::phone::Country;
use crate::http::export::{self, Cell, FileFormat};
use crate::i18n::{current, field_error, t, t_args, Arg, Translate};
use crate::importer::{
    self, field_label, BadFields, MappingError, Mode, Plan, RejectedRow, RowError, Target,
};
use crate::service::settings;
use crate::state::AppState;
use crate::storage::custom_fields;
use crate::storage::imports::{self, ImportRow};
use crate::storage::Scope;

/// Largest file the import page accepts (about half a million rows of a typical lead file).
/// The upload must arrive within the request timeout and is kept whole in `imports.content`;
/// larger files go through `leadline import leads FILE`, which streams them.
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

/// [`MAX_UPLOAD`] as the page says it.
pub const MAX_UPLOAD_MB: usize = MAX_UPLOAD / (1024 * 1024);

pub struct RecentImport {
    pub id: Uuid,
    pub file_name: String,
    /// The status's name in the reader's language.
    pub status: String,
    pub imported: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "import.html")]
pub struct ImportPage {
    pub layout: Layout,
    pub recent: Vec<RecentImport>,
    pub max_upload_mb: usize,
    /// HTML: how to import a larger file from the command line.
    pub large_file_hint: String,
    pub error: Option<String>,
}

/// An import's status (`uploaded`, `running`, `done`, `failed`, `interrupted`) as the
/// page names it.
fn status_name(status: &str) -> String {
    crate::i18n::try_message(current(), &format!("import-status-{status}"), &[])
        .unwrap_or_else(|| status.to_owned())
}

/// HTML: message `id`, escaped, with its variable `name` the command `command` in `<code>`.
fn with_command(id: &str, name: &str, command: &str) -> String {
    super::with_code(id, &[], name, command, None)
}

/// The upload did not arrive whole.
fn upload_failed(error: axum::extract::multipart::MultipartError) -> UiError {
    UiError::BadRequest(t_args(
        "import-error-upload-failed",
        &[("error", Arg::from(error.to_string()))],
    ))
}

/// A manager limited to their teams works with their own imports alone: another's file
/// holds other teams' people.
fn only_own(user: &super::UiUser) -> Option<Uuid> {
    matches!(user.scope(), Scope::Team(_)).then_some(user.id)
}

/// The import `id`, if `user` may see it.
async fn import_for(state: &AppState, user: &super::UiUser, id: Uuid) -> UiResult<ImportRow> {
    let import = imports::get(&state.db, id).await?;
    match only_own(user) {
        Some(me) if import.created_by != Some(me) => Err(UiError::NotFound("import".into())),
        _ => Ok(import),
    }
}

async fn upload_page(
    state: &AppState,
    user: &super::UiUser,
    error: Option<String>,
) -> UiResult<ImportPage> {
    imports::mark_interrupted(&state.db).await?;
    let recent = imports::recent(&state.db, only_own(user), 10)
        .await?
        .into_iter()
        .map(|i| RecentImport {
            id: i.id,
            file_name: i.file_name,
            status: status_name(&i.status),
            imported: count(i64::from(i.imported_rows)),
            when: datetime(i.created_at, user.clock.zone),
        })
        .collect();
    Ok(ImportPage {
        layout: Layout::new(user, "import"),
        recent,
        max_upload_mb: MAX_UPLOAD_MB,
        large_file_hint: with_command(
            "import-upload-large-file",
            "command",
            "leadline import leads FILE.csv",
        ),
        error,
    })
}

pub async fn page(State(state): State<AppState>, Manager(user): Manager) -> UiResult<Response> {
    render(&upload_page(&state, &user, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    csrf: Option<String>,
}

pub async fn upload(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<UploadQuery>,
    mut multipart: Multipart,
) -> UiResult<Response> {
    // A multipart body cannot be read for a field before the file: the token rides in the action URL.
    check_csrf(&user, query.csrf.as_deref())?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(upload_failed)? {
        if field.name() == Some("file") {
            let name = field
                .file_name()
                .unwrap_or("upload.csv")
                .chars()
                .take(255)
                .collect::<String>();
            let bytes = field.bytes().await.map_err(upload_failed)?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let Some((name, content)) = file.filter(|(_, c)| !c.is_empty()) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &upload_page(&state, &user, Some(t("import-error-choose-file"))).await?,
        );
    };
    if let Err(error) = importer::preview(&content, 1) {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &upload_page(&state, &user, Some(error.message_in(current()))).await?,
        );
    }
    let id = imports::create(&state.db, user.id, &name, &content).await?;
    Ok(Redirect::to(&format!("/import/{id}")).into_response())
}

pub struct Column {
    pub index: usize,
    pub header: String,
    pub choices: Vec<Choice>,
}

/// A lead field a column can hold, as its menu offers it.
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// A bad row (or a field dropped from a row) as the page lists it, in the reader's
/// language.
pub struct ErrorLine {
    pub line: u64,
    pub field: String,
    pub problem: String,
}

impl ErrorLine {
    fn of(error: &RowError, language: crate::i18n::Language) -> ErrorLine {
        ErrorLine {
            line: error.line,
            field: error.field_in(language),
            problem: error.message_in(language),
        }
    }
}

#[derive(Template)]
#[template(path = "import_show.html")]
pub struct ImportShow {
    pub layout: Layout,
    pub id: Uuid,
    pub file_name: String,
    pub status: String,
    /// `page` or `command`: where it was started, and so where it can be resumed.
    pub origin: String,
    /// Rows done for good before a cut, and the line a resume starts at (as a spreadsheet
    /// numbers it).
    pub committed: String,
    pub resume_row: String,
    pub columns: Vec<Column>,
    /// The countries a file's local numbers can be read in, the company's chosen.
    pub countries: Vec<CountryChoice>,
    pub sample: Vec<Vec<String>>,
    pub total: String,
    /// [`Self::total`] as a number, for plural forms.
    pub total_count: i64,
    pub processed: String,
    pub imported: String,
    pub percent: i64,
    pub mode: String,
    /// The progress sentence of a running import.
    pub progress: String,
    /// What an interrupted import did before it was cut.
    pub interrupted: String,
    /// HTML: how to resume an import cut on the command line.
    pub resume_hint: String,
    /// Rows that were not imported, each with its line.
    pub errors: Vec<ErrorLine>,
    /// How many rows need attention, listed or not.
    pub attention: String,
    /// [`Self::attention`] as a number, for plural forms.
    pub attention_count: i64,
    /// The bad rows can be downloaded as the file had them.
    pub has_rejected: bool,
    /// Fields dropped from rows that were imported, each with its line.
    pub warnings: Vec<ErrorLine>,
    /// How many rows had a field dropped (listed), formatted and as a number.
    pub warned: String,
    pub warned_count: i64,
    /// What went wrong beyond single rows (line 0), such as rows not listed.
    pub notes: Vec<String>,
    pub error: Option<String>,
}

/// An import's page; `chosen` re-shows a mapping that was refused, else the columns are
/// guessed from their headers.
async fn show_page(
    state: &AppState,
    user: &super::UiUser,
    id: Uuid,
    error: Option<String>,
    chosen: Option<Vec<Target>>,
) -> UiResult<ImportShow> {
    imports::mark_interrupted(&state.db).await?;
    let import = import_for(state, user, id).await?;
    let countries = if import.status == "uploaded" {
        country_choices(settings::default_country(&state.db).await?)
    } else {
        Vec::new()
    };
    let (columns, sample, total) = if import.status == "uploaded" {
        let content = imports::content(&state.db, id).await?;
        let (header, sample) = importer::preview(&content, 5)
            .map_err(|e| UiError::BadRequest(e.message_in(current())))?;
        let fields: Vec<CustomField> = custom_fields::list(&state.db, false).await?;
        let guesses = chosen.unwrap_or_else(|| Target::guess_all(&header, &fields));
        // Leadline's own fields, then each custom field, by its label.
        let targets: Vec<(Target, String)> = Target::ALL
            .into_iter()
            .map(|t| {
                let label = field_label(current(), t.as_str());
                (t, label)
            })
            .chain(
                fields
                    .iter()
                    .map(|f| (Target::Custom(f.key.clone()), f.label.clone())),
            )
            .collect();
        let columns = header
            .iter()
            .zip(guesses)
            .enumerate()
            .map(|(index, (h, guess))| Column {
                index,
                header: h.clone(),
                choices: targets
                    .iter()
                    .map(|(t, label)| Choice {
                        code: t.code(),
                        label: label.clone(),
                        selected: *t == guess,
                    })
                    .collect(),
            })
            .collect();
        (columns, sample, importer::count_rows(&content) as i64)
    } else {
        (Vec::new(), Vec::new(), i64::from(import.total_rows))
    };
    let (mut notes, errors): (Vec<RowError>, Vec<RowError>) =
        serde_json::from_value::<Vec<RowError>>(import.errors.clone())
            .unwrap_or_default()
            .into_iter()
            .partition(|e| e.line == 0);
    let (warning_notes, warnings): (Vec<RowError>, Vec<RowError>) =
        serde_json::from_value::<Vec<RowError>>(import.warnings.clone())
            .unwrap_or_default()
            .into_iter()
            .partition(|e| e.line == 0);
    notes.extend(warning_notes);
    let mut bad_lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    bad_lines.dedup();
    // Every row a finished import did not import is a bad row, listed or not.
    let attention = if import.status == "done" {
        (total - i64::from(import.imported_rows)).max(bad_lines.len() as i64)
    } else {
        bad_lines.len() as i64
    };
    let mut warned_lines: Vec<u64> = warnings.iter().map(|e| e.line).collect();
    warned_lines.dedup();
    let language = current();
    let mode = import.mode.unwrap_or_default();
    let imported_rows = i64::from(import.imported_rows);
    let progress = t_args(
        "import-progress",
        &[
            (
                "processed",
                Arg::from(count(i64::from(import.processed_rows))),
            ),
            ("total", Arg::from(count(total))),
            ("imported", Arg::from(count(imported_rows))),
            ("count", Arg::from(total)),
        ],
    );
    let interrupted = if import.status == "interrupted" {
        let mut args = vec![
            ("origin", Arg::from(import.origin.as_str())),
            (
                "committed",
                Arg::from(count(i64::from(import.committed_rows))),
            ),
            ("total", Arg::from(count(total))),
            ("count", Arg::from(total)),
        ];
        if mode == Mode::AllOrNothing.as_str() {
            t_args("import-interrupted-nothing-kept", &args)
        } else {
            args.push(("imported", Arg::from(count(imported_rows))));
            args.push(("kept", Arg::from(imported_rows)));
            t_args("import-interrupted-kept", &args)
        }
    } else {
        String::new()
    };
    Ok(ImportShow {
        layout: Layout::new(user, "import"),
        id,
        file_name: import.file_name,
        percent: if total > 0 {
            i64::from(import.processed_rows) * 100 / total
        } else {
            0
        },
        status: import.status,
        resume_hint: with_command(
            "import-resume-on-command-line",
            "command",
            &format!("leadline import leads FILE --resume {id}"),
        ),
        origin: import.origin,
        committed: count(i64::from(import.committed_rows)),
        // The line a spreadsheet gives the first row not committed: the header is line 1.
        resume_row: count(i64::from(import.committed_rows) + 2),
        has_rejected: import.rejected_rows > 0,
        columns,
        countries,
        sample,
        total: count(total),
        total_count: total,
        processed: count(i64::from(import.processed_rows)),
        imported: count(imported_rows),
        mode,
        progress,
        interrupted,
        errors: errors.iter().map(|e| ErrorLine::of(e, language)).collect(),
        warnings: warnings
            .iter()
            .map(|e| ErrorLine::of(e, language))
            .collect(),
        warned: count(warned_lines.len() as i64),
        warned_count: warned_lines.len() as i64,
        attention: count(attention),
        attention_count: attention,
        notes: notes.into_iter().map(|n| n.message_in(language)).collect(),
        error,
    })
}

/// The file an import's bad rows download as.
#[derive(Debug, Deserialize)]
pub struct ErrorsQuery {
    format: Option<String>,
}

/// `GET /import/{id}/errors?format=...`: the rows an import did not take, each with its
/// line, field and problem, to fix the file by.
pub async fn errors(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
    Query(query): Query<ErrorsQuery>,
) -> UiResult<Response> {
    let format = FileFormat::parse("format", query.format.as_deref())
        .map_err(|e| UiError::BadRequest(field_error(&e)))?;
    let import = import_for(&state, &user, id).await?;
    let language = current();
    let rows = serde_json::from_value::<Vec<RowError>>(import.errors)
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            let line = if e.line == 0 {
                Cell::Empty
            } else {
                Cell::Int(i64::try_from(e.line).unwrap_or(i64::MAX))
            };
            vec![
                line,
                Cell::Text(e.field_in(language)),
                Cell::Text(e.message_in(language)),
            ]
        })
        .collect();
    let stem = format!("leadline-import-{id}-problems");
    Ok(export::table(
        format,
        &stem,
        &["line", "field", "problem"],
        rows,
    ))
}

/// `GET /import/{id}/rejected`: the rows an import did not take, as the file had them
/// under its header, each with what is wrong with it in a last column, in the reader's
/// language; fixed, the file imports again (that column is guessed as ignored).
pub async fn rejected(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
) -> UiResult<Response> {
    let import = import_for(&state, &user, id).await?;
    let (header, rows) = imports::rejected(&state.db, id).await?;
    let header: Vec<String> = header
        .and_then(|h| serde_json::from_value(h).ok())
        .ok_or_else(|| UiError::BadRequest(t("import-error-rejected-not-kept")))?;
    let rows: Vec<RejectedRow> = serde_json::from_value(rows).unwrap_or_default();
    let language = current();
    let mut problems: HashMap<u64, Vec<String>> = HashMap::new();
    for error in serde_json::from_value::<Vec<RowError>>(import.errors).unwrap_or_default() {
        problems.entry(error.line).or_default().push(format!(
            "{}: {}",
            error.field_in(language),
            error.message_in(language)
        ));
    }
    let mut file = csv::Writer::from_writer(Vec::new());
    let written = (|| -> csv::Result<()> {
        let mut first = header.clone();
        first.push(t("import-rejected-column"));
        file.write_record(&first)?;
        for row in rows {
            // The row's own cells in its own columns, what is wrong under the last header,
            // and any cells beyond the header after it.
            let mut cells = row.cells;
            let beyond = if cells.len() > header.len() {
                cells.split_off(header.len())
            } else {
                cells.resize(header.len(), String::new());
                Vec::new()
            };
            let said = problems.get(&row.line).map(|p| p.join("; "));
            cells.push(t_args(
                "import-rejected-problems",
                &[
                    ("line", Arg::from(row.line)),
                    ("problems", Arg::from(said.unwrap_or_default())),
                ],
            ));
            cells.extend(beyond);
            file.write_record(&cells)?;
        }
        file.flush()?;
        Ok(())
    })();
    written.map_err(|e| UiError::Internal(e.into()))?;
    let body = file
        .into_inner()
        .map_err(|e| UiError::Internal(anyhow::anyhow!("{e}")))?;
    let stem = format!("leadline-import-{id}-rejected-rows");
    Ok(export::attachment(FileFormat::Csv, &stem, body.into()))
}

pub async fn show(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
) -> UiResult<Response> {
    render(&show_page(&state, &user, id, None, None).await?)
}

/// Start the import with the chosen mapping (`col_0=name`, ...) and mode.
pub async fn start(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> UiResult<Response> {
    import_for(&state, &user, id).await?;
    let content = imports::content(&state.db, id).await?;
    let (header, _) =
        importer::preview(&content, 0).map_err(|e| UiError::BadRequest(e.message_in(current())))?;
    let fields = custom_fields::list(&state.db, false).await?;
    // A custom field no longer in use (or none at all) is not imported into.
    let mapping: Vec<Target> = (0..header.len())
        .map(|i| {
            form.get(&format!("col_{i}"))
                .and_then(|t| Target::parse(t))
                .filter(|t| match t {
                    Target::Custom(key) => fields.iter().any(|f| f.key == *key),
                    _ => true,
                })
                .unwrap_or(Target::Ignore)
        })
        .collect();
    if let Err(refused) = importer::check_mapping(&mapping) {
        let error = match refused {
            MappingError::NoName => t("import-error-choose-name-column"),
            MappingError::Twice(target, columns) => t_args(
                "import-error-field-twice",
                &[
                    (
                        "field",
                        Arg::from(match &target {
                            Target::Custom(key) => fields
                                .iter()
                                .find(|f| f.key == *key)
                                .map_or_else(|| key.clone(), |f| f.label.clone()),
                            fixed => field_label(current(), fixed.as_str()),
                        }),
                    ),
                    (
                        "columns",
                        Arg::from(
                            columns
                                .iter()
                                .filter_map(|&i| header.get(i).cloned())
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ),
                ],
            ),
        };
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(&state, &user, id, Some(error), Some(mapping)).await?,
        );
    }
    let default_country = match form.get("default_country") {
        Some(code) => match Country::parse("default_country", code) {
            Ok(country) => country,
            Err(e) => {
                return render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &show_page(&state, &user, id, Some(field_error(&e)), Some(mapping)).await?,
                )
            }
        },
        None => settings::default_country(&state.db).await?,
    };
    let mode = if form.get("mode").map(String::as_str) == Some("all_or_nothing") {
        Mode::AllOrNothing
    } else {
        Mode::SkipBad
    };
    let plan = Plan {
        mapping,
        mode,
        bad_fields: BadFields::parse(form.get("bad_fields").map(String::as_str)),
        default_country,
        currency: state.config.currency,
    };
    let total = importer::count_rows(&content) as i32;
    if imports::start(&state.db, id, &plan.record(&header), total).await? {
        let recorded = importer::Recorded {
            import_id: id,
            skip_rows: 0,
            imported_before: 0,
        };
        tokio::spawn(importer::run_recorded(
            state.db.clone(),
            recorded,
            importer::Reported::default(),
            content,
            plan,
            user.actor(),
        ));
    }
    Ok(Redirect::to(&format!("/import/{id}")).into_response())
}

/// Resume an interrupted import after the rows it committed (all-or-nothing: from the
/// start), with the mapping and mode it was started with.
pub async fn resume(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    imports::mark_interrupted(&state.db).await?;
    let import = import_for(&state, &user, id).await?;
    if import.origin == "command" {
        return Err(UiError::BadRequest(t_args(
            "import-error-resume-on-command-line",
            &[("id", Arg::from(id.to_string()))],
        )));
    }
    let Some(resumed) = imports::resume(&state.db, id).await? else {
        // Resumed already, or not cut: its page says how it stands.
        return Ok(Redirect::to(&format!("/import/{id}")).into_response());
    };
    let content = imports::content(&state.db, id).await?;
    let company_country = settings::default_country(&state.db).await?;
    let (recorded, plan, previous) =
        importer::Recorded::resuming(id, resumed, company_country, state.config.currency);
    tracing::info!(%id, from_row = recorded.skip_rows + 1, "resuming an interrupted import");
    tokio::spawn(importer::run_recorded(
        state.db.clone(),
        recorded,
        previous,
        content,
        plan,
        user.actor(),
    ));
    Ok(Redirect::to(&format!("/import/{id}")).into_response())
}
