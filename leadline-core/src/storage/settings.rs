//! The company's settings: its working week and holidays (one row, and the holidays table).

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

use super::StoreResult;
use crate::domain::calendar::{Holiday, Weekday, WorkingWeek};

/// The working week as stored, and when and by whom it was last changed.
#[derive(Clone, Debug)]
pub struct StoredWeek {
    pub week: WorkingWeek,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

pub async fn working_week(db: &PgPool) -> StoreResult<StoredWeek> {
    let row = sqlx::query!("SELECT working_days, updated_at, updated_by FROM company_settings")
        .fetch_one(db)
        .await?;
    let holidays = holidays(db).await?;
    let days: Vec<Weekday> = row
        .working_days
        .iter()
        .filter_map(|n| Weekday::from_number(*n))
        .collect();
    // The table's checks hold what `WorkingWeek::new` checks.
    let week = WorkingWeek::new("working_days", &days, "holidays", holidays)?;
    Ok(StoredWeek {
        week,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
    })
}

async fn holidays(db: impl PgExecutor<'_>) -> StoreResult<Vec<Holiday>> {
    Ok(sqlx::query_as!(
        Holiday,
        r#"SELECT day AS "date", name FROM holidays ORDER BY day"#
    )
    .fetch_all(db)
    .await?)
}

/// Replace the working week and the holidays with `week`'s, as `by` did.
#[tracing::instrument(skip_all)]
pub async fn set_working_week(db: &PgPool, week: &WorkingWeek, by: Uuid) -> StoreResult<()> {
    let days: Vec<i16> = week.days().iter().map(|d| d.number()).collect();
    let holidays = week.holidays();
    let dates: Vec<chrono::NaiveDate> = holidays.iter().map(|h| h.date).collect();
    let names: Vec<&str> = holidays.iter().map(|h| h.name.as_str()).collect();
    let mut tx = db.begin().await?;
    sqlx::query!(
        "UPDATE company_settings SET working_days = $1, updated_at = now(), updated_by = $2",
        &days,
        by,
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM holidays")
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO holidays (day, name) SELECT * FROM unnest($1::date[], $2::text[])",
        &dates,
        &names as &[&str],
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
