//! The company's settings as the API and the settings page read and change them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::calendar::{Holiday, Weekday, WorkingWeek};
use crate::storage::settings::{self, StoredWeek};
use crate::storage::StoreResult;

/// The company's settings.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Settings {
    /// The weekdays the team works, in week order (Monday to Friday unless changed).
    pub working_days: Vec<Weekday>,
    /// Dates nobody is expected to dial, whatever their weekday, by date.
    pub holidays: Vec<Holiday>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

/// A change of settings; a field left out stays as it is.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSettings {
    /// At least one day, each once.
    pub working_days: Option<Vec<Weekday>>,
    /// The whole list: it replaces the holidays there were.
    pub holidays: Option<Vec<Holiday>>,
}

pub async fn read(db: &PgPool) -> StoreResult<Settings> {
    Ok(shown(settings::working_week(db).await?))
}

fn shown(stored: StoredWeek) -> Settings {
    Settings {
        working_days: stored.week.days().to_vec(),
        holidays: stored.week.holidays(),
        updated_at: stored.updated_at,
        updated_by: stored.updated_by,
    }
}

/// Apply `change` as `by` did, checking it whole before anything is written.
pub async fn update(db: &PgPool, change: UpdateSettings, by: Uuid) -> StoreResult<Settings> {
    let stored = settings::change_working_week(db, by, |current| {
        let days = change
            .working_days
            .unwrap_or_else(|| current.days().to_vec());
        let holidays = change.holidays.unwrap_or_else(|| current.holidays());
        WorkingWeek::new("working_days", &days, "holidays", holidays)
    })
    .await?;
    Ok(shown(stored))
}

/// The working week that the figures count.
pub async fn working_week(db: &PgPool) -> StoreResult<WorkingWeek> {
    Ok(settings::working_week(db).await?.week)
}
