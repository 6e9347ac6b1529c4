//! The forecast (`domain::forecast`), read for the API and the forecast page alike.

use chrono::Utc;

use super::figures::{self, Source};
use crate::domain::forecast::{self, Forecast};
use crate::domain::metrics::FunnelView;
use crate::domain::stage::Stage;
use crate::domain::FieldError;
use crate::state::AppState;
use crate::storage::forecast as store;
use crate::storage::metrics::Filters;
use crate::storage::settings::Clock;
use crate::storage::{teams, Scope, StoreResult};

/// The window learned over when none is asked for: half a year.
pub const WINDOW_DAYS: i64 = 180;
/// The months shown when none are asked for: this one and the next two.
pub const MONTHS: u32 = 3;

/// A window of `days` (30 to 730) and `months` shown (1 to 12), checked.
pub fn checked(days: Option<i64>, months: Option<i64>) -> Result<(i64, u32), FieldError> {
    let days = days.unwrap_or(WINDOW_DAYS);
    if !(30..=730).contains(&days) {
        return Err(FieldError::new("window_days", "error-out-of-range")
            .arg("min", 30)
            .arg("max", 730));
    }
    let months = months.unwrap_or(i64::from(MONTHS));
    let months = u32::try_from(months)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| {
            FieldError::new("months", "error-out-of-range")
                .arg("min", 1)
                .arg("max", 12)
        })?;
    Ok((days, months))
}

/// The forecast over a window of `days` ending today, for `months` months from this one.
/// Within `scope`: a manager limited to their teams sees their teams' pipeline, learned
/// from their teams' funnel.
pub async fn forecast_for(
    state: &AppState,
    clock: &Clock,
    days: i64,
    months: u32,
    scope: Scope,
) -> StoreResult<Forecast> {
    let now = Utc::now();
    let zone = clock.zone;
    let window = forecast::window(now, days, zone);
    let last_period = forecast::last_month(now, zone);
    let db = &state.db;
    let filters = Filters {
        owners: teams::visible_owners(db, scope).await?,
        ..Filters::default()
    };
    let owners = filters.owners.as_deref();
    let source = Source::of(state, clock, &filters);
    let (closed, overrides, average, funnel, won) = tokio::try_join!(
        store::closed_by_stage(db, window, owners),
        store::overrides(db),
        store::average_won(db, window, owners),
        figures::read(state, source, &filters, |mut f| async move {
            f.funnel(window, FunnelView::Activity).await
        }),
        store::won_in(db, last_period, owners),
    )?;
    let mut step_medians = [None; 7];
    for stage in &funnel.stages {
        if let Some(slot) = step_medians.get_mut(stage.stage.index() as usize) {
            *slot = stage.velocity_median_seconds;
        }
    }
    let chances = forecast::chances(&closed, &overrides, &step_medians);
    let mut weights = store::Weights {
        chance: [0.0; 5],
        to_decide: [None; 5],
        average: average.unwrap_or(0),
    };
    for (k, c) in chances.iter().enumerate() {
        weights.chance[k] = c.used;
        weights.to_decide[k] = c.seconds_to_decide;
    }
    let this_month = forecast::month_after(zone.date_of(now), 0);
    let rows = store::pipeline(db, &weights, owners, now, this_month, zone.name()).await?;
    Ok(forecast::forecast(
        window,
        chances,
        average,
        this_month,
        months,
        &rows,
        last_period,
        &won,
    ))
}

/// Set or clear the admins' chances named in `chances` (an open stage's name to a share
/// from 0 to 1, or null), all or none.
pub async fn set_chances(
    state: &AppState,
    chances: &serde_json::Map<String, serde_json::Value>,
    actor: crate::storage::Actor,
) -> StoreResult<()> {
    let mut checked = Vec::new();
    for (name, value) in chances {
        let stage = Stage::parse(name)
            .filter(|s| forecast::OPEN_STAGES.contains(s))
            .ok_or_else(|| {
                FieldError::new("chances", "error-forecast-stage").arg("stage", name.as_str())
            })?;
        let probability = match value {
            serde_json::Value::Null => None,
            v => Some(
                v.as_f64()
                    .filter(|p| (0.0..=1.0).contains(p))
                    .ok_or_else(|| {
                        FieldError::new("chances", "error-forecast-chance")
                            .arg("stage", name.as_str())
                    })?,
            ),
        };
        checked.push((stage, probability));
    }
    let mut tx = crate::storage::audit::begin_as(&state.db, actor).await?;
    for (stage, probability) in checked {
        store::set_override(&mut *tx, stage, probability, actor.user_id).await?;
    }
    tx.commit().await?;
    Ok(())
}
