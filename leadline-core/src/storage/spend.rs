//! The spend ledger (SPEC section 3). Entries are never erased: a delete records who and when.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgExecutor, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{new_id, StoreError, StoreResult};
use crate::domain::money::SpendCategory;
use crate::domain::FieldError;

#[derive(Clone, Debug)]
pub struct NewSpend {
    pub spent_on: NaiveDate,
    pub amount: i64,
    pub category: SpendCategory,
    pub channel: Option<String>,
    pub note: Option<String>,
    /// The rep it was for (their salary, their telephony).
    pub rep_id: Option<Uuid>,
}

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Spend)]
pub struct SpendRow {
    pub id: Uuid,
    #[serde(rename = "date")]
    pub spent_on: NaiveDate,
    /// Minor units.
    pub amount: i64,
    pub category: SpendCategory,
    pub channel: Option<String>,
    pub note: Option<String>,
    /// The rep it was for: a dashboard filtered to reps divides only their spend.
    pub rep_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

const SPEND_COLUMNS: &str =
    "id, spent_on, amount, category, channel, note, rep_id, created_by, created_at";

#[tracing::instrument(skip_all)]
pub async fn create(
    db: impl PgExecutor<'_>,
    entry: &NewSpend,
    created_by: Uuid,
) -> StoreResult<SpendRow> {
    sqlx::query_as!(
        SpendRow,
        r#"INSERT INTO spend (id, spent_on, amount, category, channel, note, rep_id, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           RETURNING id, spent_on, amount, category AS "category: SpendCategory", channel, note,
                     rep_id, created_by, created_at"#,
        new_id(),
        entry.spent_on,
        entry.amount,
        entry.category.as_str(),
        entry.channel.as_deref(),
        entry.note.as_deref(),
        entry.rep_id,
        created_by,
    )
    .fetch_one(db)
    .await
    .map_err(|e| match super::violated_constraint(&e) {
        Some("spend_rep_id_fkey") => FieldError::new("rep_id", "error-no-such-user").into(),
        _ => StoreError::from(e),
    })
}

#[derive(Clone, Debug, Default)]
pub struct SpendFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub category: Option<SpendCategory>,
    pub channel: Option<String>,
    pub rep_id: Option<Uuid>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &SpendFilter,
    after: Option<(NaiveDate, Uuid)>,
    limit: i64,
) -> StoreResult<Vec<SpendRow>> {
    let mut q = QueryBuilder::<Postgres>::new(format!(
        "SELECT {SPEND_COLUMNS} FROM spend WHERE deleted_at IS NULL"
    ));
    if let Some(from) = filter.from {
        q.push(" AND spent_on >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        q.push(" AND spent_on < ").push_bind(to);
    }
    if let Some(category) = filter.category {
        q.push(" AND category = ").push_bind(category.as_str());
    }
    if let Some(channel) = &filter.channel {
        q.push(" AND channel = ").push_bind(channel.clone());
    }
    if let Some(rep_id) = filter.rep_id {
        q.push(" AND rep_id = ").push_bind(rep_id);
    }
    if let Some((day, id)) = after {
        q.push(" AND (spent_on, id) < (")
            .push_bind(day)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(" ORDER BY spent_on DESC, id DESC LIMIT ")
        .push_bind(limit);
    Ok(q.build_query_as::<SpendRow>().fetch_all(db).await?)
}

#[tracing::instrument(skip_all)]
pub async fn delete(db: impl PgExecutor<'_>, id: Uuid, deleted_by: Uuid) -> StoreResult<()> {
    let deleted = sqlx::query!(
        "UPDATE spend SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL",
        id,
        deleted_by,
    )
    .execute(db)
    .await?
    .rows_affected();
    if deleted == 0 {
        return Err(StoreError::NotFound("spend entry"));
    }
    Ok(())
}

/// The sum of the entries a filter selects.
pub async fn total(db: impl PgExecutor<'_>, filter: &SpendFilter) -> StoreResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT coalesce(sum(amount), 0)::int8 AS "total!" FROM spend WHERE deleted_at IS NULL
           AND ($1::date IS NULL OR spent_on >= $1) AND ($2::date IS NULL OR spent_on < $2)
           AND ($3::text IS NULL OR category = $3) AND ($4::text IS NULL OR channel = $4)
           AND ($5::uuid IS NULL OR rep_id = $5)"#,
        filter.from,
        filter.to,
        filter.category.map(SpendCategory::as_str),
        filter.channel.as_deref(),
        filter.rep_id,
    )
    .fetch_one(db)
    .await?)
}
