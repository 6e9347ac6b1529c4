//! The company's custom fields (`domain::custom`): defined by an admin, never deleted.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::{new_id, violated_constraint, StoreError, StoreResult};
use crate::domain::custom::{CustomField, FieldKind, MAX_FIELDS};
use crate::domain::FieldError;

struct Row {
    id: Uuid,
    key: String,
    label: String,
    kind: String,
    choices: Vec<String>,
    position: i32,
    active: bool,
}

impl From<Row> for CustomField {
    fn from(r: Row) -> Self {
        CustomField {
            id: r.id,
            key: r.key,
            label: r.label,
            // The table's CHECK admits these four alone.
            kind: FieldKind::parse(&r.kind).unwrap_or(FieldKind::Text),
            choices: r.choices,
            position: r.position,
            active: r.active,
        }
    }
}

/// Every custom field in the order they are shown; the inactive ones too when asked.
pub async fn list(db: impl PgExecutor<'_>, with_inactive: bool) -> StoreResult<Vec<CustomField>> {
    Ok(sqlx::query_as!(
        Row,
        "SELECT id, key, label, kind, choices, position, active FROM custom_fields
         WHERE active OR $1 ORDER BY position, label, key",
        with_inactive,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(CustomField::from)
    .collect())
}

/// The company's default country (its code) and every custom field, the inactive ones
/// too, in one statement: what a new or changed lead is checked against.
pub async fn with_country(db: impl PgExecutor<'_>) -> StoreResult<(String, Vec<CustomField>)> {
    let rows = sqlx::query!(
        r#"SELECT coalesce(s.default_country, 'US') AS "country!", f.id AS "id?", f.key AS "key?",
                  f.label AS "label?", f.kind AS "kind?", f.choices AS "choices?", f.position AS "position?",
                  f.active AS "active?"
           FROM company_settings s LEFT JOIN custom_fields f ON true
           ORDER BY f.position, f.label, f.key"#,
    )
    .fetch_all(db)
    .await?;
    let country = rows
        .first()
        .map(|r| r.country.clone())
        .ok_or(StoreError::NotFound("company settings"))?;
    let fields = rows
        .into_iter()
        .filter_map(|r| {
            Some(CustomField::from(Row {
                id: r.id?,
                key: r.key?,
                label: r.label?,
                kind: r.kind?,
                choices: r.choices?,
                position: r.position?,
                active: r.active?,
            }))
        })
        .collect();
    Ok((country, fields))
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<CustomField> {
    sqlx::query_as!(
        Row,
        "SELECT id, key, label, kind, choices, position, active FROM custom_fields WHERE id = $1",
        id,
    )
    .fetch_optional(db)
    .await?
    .map(CustomField::from)
    .ok_or(StoreError::NotFound("custom field"))
}

/// A new field, checked (`domain::custom::check_definition`); at most [`MAX_FIELDS`], each
/// key once.
pub async fn create(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    key: &str,
    label: &str,
    kind: FieldKind,
    choices: &[String],
    position: Option<i32>,
) -> StoreResult<CustomField> {
    // One at a time, so that two admins at once cannot pass the limit together.
    sqlx::query!("LOCK TABLE custom_fields IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut **tx)
        .await?;
    let (count, last): (i64, i32) =
        sqlx::query_as("SELECT count(*), coalesce(max(position), 0) FROM custom_fields")
            .fetch_one(&mut **tx)
            .await?;
    if count >= MAX_FIELDS as i64 {
        return Err(FieldError::new("key", "error-too-many-items")
            .arg("max", MAX_FIELDS)
            .into());
    }
    let id = new_id();
    sqlx::query!(
        "INSERT INTO custom_fields (id, key, label, kind, choices, position) VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        key,
        label,
        kind.as_str(),
        choices,
        position.unwrap_or(last + 1),
    )
    .execute(&mut **tx)
    .await
    .map_err(key_taken)?;
    get(&mut **tx, id).await
}

/// What an admin may change of a field: its label, its choices, where it is shown and
/// whether it is in use. The key and the kind stay, so that the values leads hold keep
/// their meaning.
#[derive(Clone, Debug, Default)]
pub struct FieldPatch {
    pub label: Option<String>,
    pub choices: Option<Vec<String>>,
    pub position: Option<i32>,
    pub active: Option<bool>,
}

pub async fn update(
    db: impl PgExecutor<'_>,
    id: Uuid,
    patch: &FieldPatch,
) -> StoreResult<CustomField> {
    sqlx::query_as!(
        Row,
        "UPDATE custom_fields SET label = coalesce($2, label), choices = coalesce($3, choices),
                position = coalesce($4, position), active = coalesce($5, active)
         WHERE id = $1
         RETURNING id, key, label, kind, choices, position, active",
        id,
        patch.label.as_deref(),
        patch.choices.as_deref(),
        patch.position,
        patch.active,
    )
    .fetch_optional(db)
    .await?
    .map(CustomField::from)
    .ok_or(StoreError::NotFound("custom field"))
}

fn key_taken(e: sqlx::Error) -> StoreError {
    match violated_constraint(&e) {
        Some("custom_fields_key_key") => FieldError::new("key", "error-custom-key-taken").into(),
        _ => e.into(),
    }
}
