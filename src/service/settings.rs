//! The company's settings as the API and the settings page read and change them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::calendar::{Holiday, Weekday, WorkingWeek};
use crate::domain::phone::Country;
use crate::domain::zone::Zone;
use crate::i18n::Language;
use crate::state::AppState;
use crate::storage::rollups::{self, Rebuild};
use crate::storage::settings::{self, Choices, Clock, StoredSettings};
use crate::storage::{Actor, StoreResult};

/// The company's settings.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Settings {
    /// The company's time zone (IANA): every day the figures count, every date-only
    /// parameter of the API and every 'today' begins at its local midnight.
    pub time_zone: Zone,
    /// The weekdays the team works, in week order (Monday to Friday unless changed).
    pub working_days: Vec<Weekday>,
    /// Dates nobody is expected to dial, whatever their weekday, by date.
    pub holidays: Vec<Holiday>,
    /// The country whose numbering plan reads phone numbers written without `+` (an
    /// import can name its file's own).
    pub default_country: Country,
    /// The pages' language for users whose browser asks for none Leadline speaks and who
    /// chose none: `en`, `id`, `zh-CN` or `ru`.
    #[schema(value_type = String, example = "id")]
    pub language: Language,
    /// After a change of zone, the recount of the dashboard's rollups under way (the
    /// figures are exact meanwhile, read from the raw records, only slower); absent
    /// when none is.
    pub recount: Option<Recount>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

/// A recount of the dashboard's rollups under way.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Recount {
    /// The zone it counts days in.
    pub time_zone: String,
    pub started_at: DateTime<Utc>,
    pub leads_counted: i64,
    pub leads_total: i64,
    /// From 0 to 99 while under way.
    pub percent: i64,
    /// Every lead is counted and the counts are being folded together (at ten million
    /// calls, minutes); the recount ends when they are.
    pub folding: bool,
}

impl From<Rebuild> for Recount {
    fn from(r: Rebuild) -> Self {
        Recount {
            percent: r.percent(),
            time_zone: r.time_zone,
            started_at: r.started_at,
            leads_counted: r.leads_counted,
            folding: r.folding,
            leads_total: r.leads_total,
        }
    }
}

/// A change of settings; a field left out stays as it is.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSettings {
    /// An IANA time zone such as `Asia/Jakarta`. A new zone recounts the dashboard's
    /// rollups in the background (see `recount`).
    pub time_zone: Option<Zone>,
    /// At least one day, each once.
    pub working_days: Option<Vec<Weekday>>,
    /// The whole list: it replaces the holidays there were.
    pub holidays: Option<Vec<Holiday>>,
    /// An ISO 3166 alpha-2 code such as `ID`. Numbers stored already keep their country.
    pub default_country: Option<Country>,
    /// `en`, `id`, `zh-CN` or `ru`.
    #[schema(value_type = Option<String>, example = "id")]
    pub language: Option<Language>,
}

pub async fn read(db: &PgPool) -> StoreResult<Settings> {
    let (stored, recount) =
        tokio::try_join!(settings::settings(db), rollups::rebuild_under_way(db))?;
    Ok(shown(stored, recount))
}

fn shown(stored: StoredSettings, recount: Option<Rebuild>) -> Settings {
    let choices = stored.choices;
    Settings {
        time_zone: choices.time_zone,
        working_days: choices.week.days().to_vec(),
        holidays: choices.week.holidays(),
        default_country: choices.default_country,
        language: choices.language,
        recount: recount.map(Recount::from),
        updated_at: stored.updated_at,
        updated_by: stored.updated_by,
    }
}

/// Apply `change` as `by` did, checking it whole before anything is written. A new zone
/// starts the recount of the rollups on this node at once (every node would pick it up
/// within seconds anyway).
pub async fn update(state: &AppState, change: UpdateSettings, by: Actor) -> StoreResult<Settings> {
    let stored = settings::change_settings(&state.db, by, |current| {
        let current = &current.choices;
        let days = change
            .working_days
            .unwrap_or_else(|| current.week.days().to_vec());
        let holidays = change.holidays.unwrap_or_else(|| current.week.holidays());
        Ok(Choices {
            time_zone: change.time_zone.unwrap_or(current.time_zone),
            week: WorkingWeek::new("working_days", &days, "holidays", holidays)?,
            default_country: change.default_country.unwrap_or(current.default_country),
            language: change.language.unwrap_or(current.language),
        })
    })
    .await?;
    let recount = rollups::rebuild_under_way(&state.db).await?;
    if recount.is_some() {
        let db = state.db.clone();
        tokio::spawn(async move {
            if let Err(e) = rollups::finish_rebuild(&db).await {
                tracing::warn!(error = %e, "cannot recount the rollups; a node will try again");
            }
        });
    }
    Ok(shown(stored, recount))
}

/// The working week that the figures count.
pub async fn working_week(db: &PgPool) -> StoreResult<WorkingWeek> {
    Ok(settings::settings(db).await?.choices.week)
}

/// The country that reads phone numbers written without `+`.
pub async fn default_country(db: &PgPool) -> StoreResult<Country> {
    settings::default_country(db).await
}

/// The company's clock: its zone, and whether the rollups are being recounted.
pub async fn clock(db: &PgPool) -> StoreResult<Clock> {
    settings::clock(db).await
}
