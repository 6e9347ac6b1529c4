//! The company's settings: its working week and holidays (one row, and the holidays table).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::StoreResult;
use crate::domain::calendar::{Holiday, Weekday, WorkingWeek};
use crate::domain::FieldError;

/// The working week as stored, and when and by whom it was last changed.
#[derive(Clone, Debug)]
pub struct StoredWeek {
    pub week: WorkingWeek,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

pub async fn working_week(db: &PgPool) -> StoreResult<StoredWeek> {
    let mut conn = db.acquire().await?;
    stored_week(&mut conn).await
}

async fn stored_week(conn: &mut PgConnection) -> StoreResult<StoredWeek> {
    let row = sqlx::query!("SELECT working_days, updated_at, updated_by FROM company_settings")
        .fetch_one(&mut *conn)
        .await?;
    let holidays = sqlx::query_as!(
        Holiday,
        r#"SELECT day AS "date", name FROM holidays ORDER BY day"#
    )
    .fetch_all(&mut *conn)
    .await?;
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

/// Change the working week as `by` did: `change` gets the week as it is and answers the
/// week to store. The settings row stays locked from the read to the write, so two changes
/// at once (one of the days, one of the holidays) cannot undo each other.
#[tracing::instrument(skip_all)]
pub async fn change_working_week(
    db: &PgPool,
    by: Uuid,
    change: impl FnOnce(WorkingWeek) -> Result<WorkingWeek, FieldError>,
) -> StoreResult<StoredWeek> {
    let mut tx = db.begin().await?;
    sqlx::query!("SELECT only_row FROM company_settings FOR UPDATE")
        .fetch_one(&mut *tx)
        .await?;
    let week = change(stored_week(&mut tx).await?.week)?;
    let days: Vec<i16> = week.days().iter().map(|d| d.number()).collect();
    let holidays = week.holidays();
    let dates: Vec<NaiveDate> = holidays.iter().map(|h| h.date).collect();
    let names: Vec<&str> = holidays.iter().map(|h| h.name.as_str()).collect();
    let updated_at = sqlx::query_scalar!(
        "UPDATE company_settings SET working_days = $1, updated_at = now(), updated_by = $2
         RETURNING updated_at",
        &days,
        by,
    )
    .fetch_one(&mut *tx)
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
    Ok(StoredWeek {
        week,
        updated_at,
        updated_by: Some(by),
    })
}
