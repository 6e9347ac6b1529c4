//! The company's settings: its time zone, working week and holidays, and the country that
//! reads local phone numbers (one row, and the holidays table).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::rollups::{self, Rebuild};
use super::{audit, Actor, StoreResult};
use crate::domain::calendar::{Holiday, Weekday, WorkingWeek};
use crate::domain::phone::Country;
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::i18n::Language;

/// What the company has chosen.
#[derive(Clone, Debug)]
pub struct Choices {
    pub time_zone: Zone,
    pub week: WorkingWeek,
    /// The country whose numbering plan reads phone numbers written without `+`.
    pub default_country: Country,
    /// The language of the pages for users whose browser asks for none Leadline speaks.
    pub language: Language,
}

/// The settings as stored, and when and by whom they were last changed.
#[derive(Clone, Debug)]
pub struct StoredSettings {
    pub choices: Choices,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

/// The company's clock as the figures need it: its zone, and the recount of the rollups
/// under way after a change of zone, if any (the figures come from the raw tables
/// meanwhile).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    pub zone: Zone,
    pub rebuild: Option<Rebuild>,
}

/// The company's zone (UTC before the first start chose one) and any recount under way.
pub async fn clock(db: &PgPool) -> StoreResult<Clock> {
    let row = sqlx::query!(
        r#"SELECT coalesce(s.time_zone, 'UTC') AS "time_zone!",
                  r.id AS "id?", r.time_zone AS "rebuild_zone?", r.reason AS "reason?",
                  r.started_at AS "started_at?", r.leads_total AS "leads_total?",
                  r.leads_counted AS "leads_counted?",
                  r.counted_through = rollup_all_counted() AS "folding?"
           FROM company_settings s
           LEFT JOIN rollup_rebuilds r ON r.finished_at IS NULL"#
    )
    .fetch_one(db)
    .await?;
    let rebuild = match (row.id, row.rebuild_zone, row.reason, row.started_at) {
        (Some(id), Some(time_zone), Some(reason), Some(started_at)) => Some(Rebuild {
            id,
            time_zone,
            reason,
            started_at,
            finished_at: None,
            leads_total: row.leads_total.unwrap_or_default(),
            leads_counted: row.leads_counted.unwrap_or_default(),
            folding: row.folding.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Clock {
        zone: stored_zone(&row.time_zone)?,
        rebuild,
    })
}

fn stored_zone(name: &str) -> Result<Zone, FieldError> {
    Zone::parse("time_zone", name)
}

/// The country whose numbering plan reads phone numbers written without `+` (the US
/// before the first start chose one).
pub async fn default_country(db: &PgPool) -> StoreResult<Country> {
    let code = sqlx::query_scalar!(
        r#"SELECT coalesce(default_country, 'US') AS "code!" FROM company_settings"#
    )
    .fetch_one(db)
    .await?;
    Ok(Country::parse("default_country", &code)?)
}

/// The company's language (English before the first start chose one).
pub async fn language(db: &PgPool) -> StoreResult<Language> {
    let tag = sqlx::query_scalar!("SELECT language FROM company_settings")
        .fetch_one(db)
        .await?;
    Ok(Language::from_stored(tag.as_deref()).unwrap_or_default())
}

pub async fn settings(db: &PgPool) -> StoreResult<StoredSettings> {
    let mut conn = db.acquire().await?;
    stored_settings(&mut conn).await
}

/// The company's settings, read on this connection.
pub async fn stored_settings(conn: &mut PgConnection) -> StoreResult<StoredSettings> {
    let row = sqlx::query!(
        r#"SELECT coalesce(time_zone, 'UTC') AS "time_zone!", working_days,
                  coalesce(default_country, 'US') AS "default_country!", language,
                  updated_at, updated_by
           FROM company_settings"#
    )
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
    Ok(StoredSettings {
        choices: Choices {
            time_zone: stored_zone(&row.time_zone)?,
            week,
            default_country: Country::parse("default_country", &row.default_country)?,
            language: Language::from_stored(row.language.as_deref()).unwrap_or_default(),
        },
        updated_at: row.updated_at,
        updated_by: row.updated_by,
    })
}

/// Change the settings as `by` did (no one: Leadline itself), in the audit trail too: `change` gets the settings
/// as they are and answers the choices to store. The
/// settings row stays locked from the read to the write, so two changes at once (one of
/// the days, one of the holidays) cannot undo each other. A new zone starts a recount of
/// the rollups in the same transaction (`rollups::start_rebuild`).
#[tracing::instrument(skip_all)]
pub async fn change_settings(
    db: &PgPool,
    by: Actor,
    change: impl FnOnce(&StoredSettings) -> Result<Choices, FieldError>,
) -> StoreResult<StoredSettings> {
    let mut tx = audit::begin_as(db, by).await?;
    sqlx::query!("SELECT only_row FROM company_settings FOR UPDATE")
        .fetch_one(&mut *tx)
        .await?;
    let before = stored_settings(&mut tx).await?;
    let choices = change(&before)?;
    let listed = |week: &WorkingWeek| -> Vec<String> {
        week.holidays()
            .iter()
            .map(|h| format!("{} {}", h.date, h.name))
            .collect()
    };
    let (old_holidays, new_holidays) = (listed(&before.choices.week), listed(&choices.week));
    if old_holidays != new_holidays {
        let changes = serde_json::json!({"holidays": {"old": old_holidays, "new": new_holidays}});
        audit::record(&mut tx, "settings", audit::SETTINGS_ID, changes).await?;
    }
    recount_if_moved(&mut tx, choices.time_zone).await?;
    let days: Vec<i16> = choices.week.days().iter().map(|d| d.number()).collect();
    let holidays = choices.week.holidays();
    let dates: Vec<NaiveDate> = holidays.iter().map(|h| h.date).collect();
    let names: Vec<&str> = holidays.iter().map(|h| h.name.as_str()).collect();
    let updated_at = sqlx::query_scalar!(
        "UPDATE company_settings SET time_zone = $1, working_days = $2, default_country = $3,
                language = $4, updated_at = now(), updated_by = $5
         RETURNING updated_at",
        choices.time_zone.name(),
        &days,
        choices.default_country.code(),
        choices.language.tag(),
        by.user_id,
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
    Ok(StoredSettings {
        choices,
        updated_at,
        updated_by: by.user_id,
    })
}

/// Start recounting the rollups in `zone` unless they are counted in it already.
async fn recount_if_moved(conn: &mut PgConnection, zone: Zone) -> StoreResult<()> {
    let counted_in: String = sqlx::query_scalar!(r#"SELECT rollup_zone() AS "zone!""#)
        .fetch_one(&mut *conn)
        .await?;
    if counted_in != zone.name() {
        let reason = format!("time zone changed to {zone}");
        rollups::start_rebuild(conn, zone, &reason).await?;
    }
    Ok(())
}

/// At a start, give the company the zone, the default country and the language it was
/// started with (`LEADLINE_TIME_ZONE`, `LEADLINE_DEFAULT_COUNTRY`, `LEADLINE_LANGUAGE`)
/// where it has none yet. Returns the company's zone.
pub async fn settle_first_start(
    db: &PgPool,
    configured_zone: Zone,
    configured_country: Country,
    configured_language: Language,
) -> StoreResult<Zone> {
    let mut tx = db.begin().await?;
    let chosen: Option<String> =
        sqlx::query_scalar!("SELECT time_zone FROM company_settings FOR UPDATE")
            .fetch_one(&mut *tx)
            .await?;
    let zone = match chosen {
        Some(name) => stored_zone(&name)?,
        None => {
            recount_if_moved(&mut tx, configured_zone).await?;
            configured_zone
        }
    };
    sqlx::query!(
        "UPDATE company_settings SET time_zone = $1,
                default_country = coalesce(default_country, $2),
                language = coalesce(language, $3)
         WHERE time_zone IS NULL OR default_country IS NULL OR language IS NULL",
        zone.name(),
        configured_country.code(),
        configured_language.tag(),
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(zone)
}
