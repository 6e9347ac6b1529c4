//! CSV imports: the uploaded file and the progress of its import.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use super::{new_id, StoreError, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ImportRow {
    pub id: Uuid,
    pub created_by: Option<Uuid>,
    pub file_name: String,
    pub status: String,
    pub mode: Option<String>,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub imported_rows: i32,
    pub errors: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub origin: String,
    /// Rows stored for good before the import was cut (skip-bad mode).
    pub committed_rows: i32,
    /// How many times the import was resumed.
    pub resumed: i32,
    /// Fields dropped from rows that were imported: `[{"line", "field", "message", ...}]`.
    pub warnings: serde_json::Value,
    /// What a bad optional field does: `reject_row` (also when `None`) or `drop_field`.
    pub bad_fields: Option<String>,
    /// Bad rows kept as the file had them (see [`rejected`]).
    pub rejected_rows: i32,
}

/// What an import reports: its bad rows (`[{"line", "field", "message", "id", "args"}]`,
/// line 0 a note about the whole import), the fields it dropped from rows it imported (the
/// same shape), and its bad rows as the file had them (`[{"line", "cells"}]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Reports {
    pub errors: serde_json::Value,
    pub warnings: serde_json::Value,
    pub rejected: serde_json::Value,
}

impl Reports {
    /// Only notes or bad rows, without their cells.
    pub fn errors(errors: serde_json::Value) -> Reports {
        Reports {
            errors,
            warnings: serde_json::json!([]),
            rejected: serde_json::json!([]),
        }
    }
}

/// How often a running import says it is alive.
pub const HEARTBEAT_SECONDS: u64 = 5;
/// How long a running import may be silent before it counts as cut.
const SILENT_SECONDS: f64 = 30.0;

/// Mark the running imports whose heartbeat stopped (their server or command was
/// killed) as `interrupted`, with the rows they committed; how many there were.
pub async fn mark_interrupted(db: impl PgExecutor<'_>) -> StoreResult<u64> {
    let cut = sqlx::query!(
        "UPDATE imports SET status = 'interrupted', finished_at = now(),
                processed_rows = committed_rows,
                imported_rows = CASE WHEN mode = 'all_or_nothing' THEN 0 ELSE imported_rows END
         WHERE status = 'running'
           AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1))",
        SILENT_SECONDS,
    )
    .execute(db)
    .await?
    .rows_affected();
    if cut > 0 {
        tracing::warn!(
            imports = cut,
            "imports whose process stopped are marked interrupted"
        );
    }
    Ok(cut)
}

/// A running import is alive.
pub async fn beat(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE imports SET heartbeat_at = now() WHERE id = $1 AND status = 'running'",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A chunk's rows are stored: in the chunk's own transaction, record how far the file
/// is done, so that a resumed import starts exactly after them.
pub async fn chunk_committed(
    db: impl PgExecutor<'_>,
    id: Uuid,
    committed_rows: i32,
    imported_rows: i32,
    new: &Reports,
) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE imports SET committed_rows = $2, processed_rows = $2, imported_rows = $3,
                errors = CASE WHEN jsonb_array_length($4) > 0 THEN errors || $4 ELSE errors END,
                warnings = CASE WHEN jsonb_array_length($5) > 0 THEN warnings || $5 ELSE warnings END,
                rejected = CASE WHEN jsonb_array_length($6) > 0 THEN rejected || $6 ELSE rejected END,
                heartbeat_at = now()
         WHERE id = $1",
        id,
        committed_rows,
        imported_rows,
        &new.errors,
        &new.warnings,
        &new.rejected,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Record an import run from the command line, running from the start.
pub async fn create_command(
    db: impl PgExecutor<'_>,
    file_name: &str,
    file_sha256: &[u8],
    plan: &Plan,
) -> StoreResult<Uuid> {
    let id = new_id();
    sqlx::query!(
        "INSERT INTO imports (id, file_name, content, status, mode, mapping, default_country, origin,
                              file_sha256, heartbeat_at, bad_fields, header)
         VALUES ($1, $2, ''::bytea, 'running', $3, $4, $5, 'command', $6, now(), $7, $8)",
        id,
        file_name,
        &plan.mode,
        &plan.mapping,
        &plan.default_country,
        file_sha256,
        &plan.bad_fields,
        &plan.header,
    )
    .execute(db)
    .await?;
    Ok(id)
}

/// How an import reads its file, as recorded for a resume: its mode, its mapping of columns
/// to fields, the country that reads its local phone numbers, what a bad optional field
/// does, and the file's header (which the download of its bad rows starts with).
#[derive(Clone, Debug)]
pub struct Plan {
    pub mode: String,
    pub mapping: serde_json::Value,
    pub default_country: String,
    pub bad_fields: String,
    pub header: serde_json::Value,
}

/// Where a resumed import starts again.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Resumed {
    pub mode: Option<String>,
    pub mapping: Option<serde_json::Value>,
    /// `None` for an import recorded before imports had their own country.
    pub default_country: Option<String>,
    pub committed_rows: i32,
    pub imported_rows: i32,
    pub errors: serde_json::Value,
    pub file_sha256: Option<Vec<u8>>,
    /// `None` for an import recorded before a bad field could be dropped.
    pub bad_fields: Option<String>,
    pub warnings: serde_json::Value,
    pub rejected: serde_json::Value,
}

/// Set an interrupted import running again; `None` if it is not interrupted (already
/// resumed by someone else, say). All-or-nothing imports committed nothing and start over.
pub async fn resume(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<Option<Resumed>> {
    Ok(sqlx::query_as!(
        Resumed,
        r#"UPDATE imports SET status = 'running', resumed = resumed + 1, heartbeat_at = now(), finished_at = NULL,
                errors = CASE WHEN mode = 'all_or_nothing' THEN '[]'::jsonb ELSE errors END,
                warnings = CASE WHEN mode = 'all_or_nothing' THEN '[]'::jsonb ELSE warnings END,
                rejected = CASE WHEN mode = 'all_or_nothing' THEN '[]'::jsonb ELSE rejected END
         WHERE id = $1 AND status = 'interrupted'
         RETURNING mode, mapping, default_country,
                   CASE WHEN mode = 'all_or_nothing' THEN 0 ELSE committed_rows END AS "committed_rows!",
                   CASE WHEN mode = 'all_or_nothing' THEN 0 ELSE imported_rows END AS "imported_rows!",
                   errors, file_sha256, bad_fields, warnings, rejected"#,
        id,
    )
    .fetch_optional(db)
    .await?)
}

/// Give a resumed import back as it was, interrupted (it was asked to resume from
/// another file).
pub async fn give_back(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE imports SET status = 'interrupted' WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The interrupted command-line imports of the file with this SHA-256, newest first.
pub async fn interrupted_of_file(
    db: impl PgExecutor<'_>,
    file_sha256: &[u8],
) -> StoreResult<Vec<ImportRow>> {
    Ok(sqlx::query_as!(
        ImportRow,
        r#"SELECT id, created_by, file_name, status, mode, total_rows, processed_rows, imported_rows, errors, created_at, finished_at, origin, committed_rows, resumed, warnings, bad_fields, jsonb_array_length(rejected) AS "rejected_rows!" FROM imports
         WHERE status = 'interrupted' AND origin = 'command' AND file_sha256 = $1 ORDER BY created_at DESC"#,
        file_sha256,
    )
    .fetch_all(db)
    .await?)
}

pub async fn create(
    db: impl PgExecutor<'_>,
    created_by: Uuid,
    file_name: &str,
    content: &[u8],
) -> StoreResult<Uuid> {
    let id = new_id();
    sqlx::query!(
        "INSERT INTO imports (id, created_by, file_name, content) VALUES ($1, $2, $3, $4)",
        id,
        created_by,
        file_name,
        content,
    )
    .execute(db)
    .await?;
    Ok(id)
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<ImportRow> {
    sqlx::query_as!(
        ImportRow,
        r#"SELECT id, created_by, file_name, status, mode, total_rows, processed_rows, imported_rows, errors, created_at, finished_at, origin, committed_rows, resumed, warnings, bad_fields, jsonb_array_length(rejected) AS "rejected_rows!" FROM imports WHERE id = $1"#,
        id,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("import"))
}

/// An import's bad rows as its file had them, and the file's header (`None` for an import
/// recorded before they were kept).
pub async fn rejected(
    db: impl PgExecutor<'_>,
    id: Uuid,
) -> StoreResult<(Option<serde_json::Value>, serde_json::Value)> {
    let row = sqlx::query!("SELECT header, rejected FROM imports WHERE id = $1", id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("import"))?;
    Ok((row.header, row.rejected))
}

pub async fn content(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<Vec<u8>> {
    sqlx::query_scalar!("SELECT content FROM imports WHERE id = $1", id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("import"))
}

/// Store `content` as the import's file with its line `line` blanked (a person erased), and
/// drop what its reports said of that line.
pub async fn blank_line(
    db: impl PgExecutor<'_>,
    id: Uuid,
    content: &[u8],
    line: i64,
) -> StoreResult<()> {
    sqlx::query!(
        r#"UPDATE imports
           SET content = $2,
               warnings = coalesce((SELECT jsonb_agg(w) FROM jsonb_array_elements(warnings) w
                                    WHERE (w ->> 'line')::int8 IS DISTINCT FROM $3), '[]'),
               errors = CASE jsonb_typeof(errors) WHEN 'array' THEN
                            coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(errors) e
                                      WHERE (e ->> 'line')::int8 IS DISTINCT FROM $3), '[]')
                        ELSE errors END
           WHERE id = $1"#,
        id,
        content,
        line,
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The newest imports, or `by` one user's alone.
pub async fn recent(
    db: impl PgExecutor<'_>,
    by: Option<Uuid>,
    limit: i64,
) -> StoreResult<Vec<ImportRow>> {
    Ok(sqlx::query_as!(
        ImportRow,
        r#"SELECT id, created_by, file_name, status, mode, total_rows, processed_rows, imported_rows, errors, created_at, finished_at, origin, committed_rows, resumed, warnings, bad_fields, jsonb_array_length(rejected) AS "rejected_rows!" FROM imports
           WHERE $1::uuid IS NULL OR created_by = $1 ORDER BY created_at DESC LIMIT $2"#,
        by,
        limit,
    )
    .fetch_all(db)
    .await?)
}

/// Mark an uploaded import as running; false if it was started already.
pub async fn start(
    db: impl PgExecutor<'_>,
    id: Uuid,
    plan: &Plan,
    total_rows: i32,
) -> StoreResult<bool> {
    let started = sqlx::query!(
        "UPDATE imports SET status = 'running', mode = $2, mapping = $3, default_country = $4,
                total_rows = $5, heartbeat_at = now(), bad_fields = $6, header = $7
         WHERE id = $1 AND status = 'uploaded'",
        id,
        &plan.mode,
        &plan.mapping,
        &plan.default_country,
        total_rows,
        &plan.bad_fields,
        &plan.header,
    )
    .execute(db)
    .await?
    .rows_affected();
    Ok(started == 1)
}

pub async fn progress(
    db: impl PgExecutor<'_>,
    id: Uuid,
    processed: i32,
    imported: i32,
) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE imports SET processed_rows = $2, imported_rows = $3, heartbeat_at = now() WHERE id = $1",
        id,
        processed,
        imported,
    )
        .execute(db)
        .await?;
    Ok(())
}

pub async fn finish(
    db: impl PgExecutor<'_>,
    id: Uuid,
    status: &str,
    processed: i32,
    imported: i32,
    reports: &Reports,
) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE imports SET status = $2, processed_rows = $3, imported_rows = $4, errors = $5, finished_at = now(),
                warnings = $6, rejected = $7,
                content = CASE WHEN $2 = 'done' THEN ''::bytea ELSE content END
         WHERE id = $1",
        id,
        status,
        processed,
        imported,
        &reports.errors,
        &reports.warnings,
        &reports.rejected,
    )
    .execute(db)
    .await?;
    Ok(())
}
