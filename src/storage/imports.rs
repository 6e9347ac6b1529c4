//! CSV imports: the uploaded file and the progress of its import.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use super::{new_id, StoreError, StoreResult};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ImportRow {
    pub id: Uuid,
    pub created_by: Uuid,
    pub file_name: String,
    pub status: String,
    pub mode: Option<String>,
    pub total_rows: i32,
    pub processed_rows: i32,
    pub imported_rows: i32,
    pub errors: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

const IMPORT_COLUMNS: &str =
    "id, created_by, file_name, status, mode, total_rows, processed_rows, imported_rows, errors, created_at, finished_at";

pub async fn create(
    db: impl PgExecutor<'_>,
    created_by: Uuid,
    file_name: &str,
    content: &[u8],
) -> StoreResult<Uuid> {
    let id = new_id();
    sqlx::query("INSERT INTO imports (id, created_by, file_name, content) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(created_by)
        .bind(file_name)
        .bind(content)
        .execute(db)
        .await?;
    Ok(id)
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<ImportRow> {
    sqlx::query_as::<_, ImportRow>(&format!(
        "SELECT {IMPORT_COLUMNS} FROM imports WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("import"))
}

pub async fn content(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<Vec<u8>> {
    sqlx::query_scalar("SELECT content FROM imports WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("import"))
}

pub async fn recent(db: impl PgExecutor<'_>, limit: i64) -> StoreResult<Vec<ImportRow>> {
    Ok(sqlx::query_as::<_, ImportRow>(&format!(
        "SELECT {IMPORT_COLUMNS} FROM imports ORDER BY created_at DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Mark an uploaded import as running; false if it was started already.
pub async fn start(
    db: impl PgExecutor<'_>,
    id: Uuid,
    mode: &str,
    mapping: &serde_json::Value,
    total_rows: i32,
) -> StoreResult<bool> {
    let started = sqlx::query(
        "UPDATE imports SET status = 'running', mode = $2, mapping = $3, total_rows = $4 WHERE id = $1 AND status = 'uploaded'",
    )
    .bind(id)
    .bind(mode)
    .bind(mapping)
    .bind(total_rows)
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
    sqlx::query("UPDATE imports SET processed_rows = $2, imported_rows = $3 WHERE id = $1")
        .bind(id)
        .bind(processed)
        .bind(imported)
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
    errors: &serde_json::Value,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE imports SET status = $2, processed_rows = $3, imported_rows = $4, errors = $5, finished_at = now(), \
                content = CASE WHEN $2 = 'done' THEN ''::bytea ELSE content END \
         WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(processed)
    .bind(imported)
    .bind(errors)
    .execute(db)
    .await?;
    Ok(())
}
