//! The dashboard's figures, read where they may be: from the rollups (or the raw tables,
//! with `LEADLINE_METRICS_SOURCE=raw`, and while the rollups are recounted after a change
//! of time zone), on the replica when it is usable, and turned into SPEC section 4's
//! figures. The API and the pages both read them here, with the company's `Clock`.

use chrono::Utc;

use super::settings;
use crate::config::MetricsSource;
use crate::domain::metrics::{
    self, CallStats, CostStats, Funnel, FunnelView, Period, Recovery, RecoveryCounts, RepsReport,
};
use crate::state::{AppState, ReadPlans};
use crate::storage::metrics::{self as store, Filters};
use crate::storage::settings::Clock;
use crate::storage::StoreResult;

fn from_raw(state: &AppState, clock: &Clock, filters: &Filters) -> bool {
    state.config.metrics_source == MetricsSource::Raw
        || clock.rebuild.is_some()
        || filters.tag_group.is_some()
}

/// How the reads are planned: the rollups' once, whatever the period (a period's
/// hours outside whole days are small ranges of the raw tables' time indexes), the
/// raw source's on every execution.
fn plans(raw: bool) -> ReadPlans {
    if raw {
        ReadPlans::PerExecution
    } else {
        ReadPlans::Generic
    }
}

// The four reads below write nothing and may be a moment behind: they go to the
// replica when there is a usable one (`AppState::read`).

pub async fn funnel_for(
    state: &AppState,
    clock: &Clock,
    period: Period,
    view: FunnelView,
    filters: &Filters,
) -> StoreResult<Funnel> {
    let raw = from_raw(state, clock, filters);
    let counts = state
        .read(plans(raw), |db| async move {
            if raw {
                store::raw::funnel_counts(&db, view, period, filters).await
            } else {
                store::funnel_counts(&db, view, period, filters).await
            }
        })
        .await?;
    Ok(metrics::funnel(view, period, counts))
}

/// Recovery (lead farming): per stage, what came of the leads lost there, beside the
/// funnel's `reached` of the same view for the uplift.
pub async fn recovery_for(
    state: &AppState,
    clock: &Clock,
    period: Period,
    view: FunnelView,
    filters: &Filters,
) -> StoreResult<Recovery> {
    let (counts, reached) = tokio::try_join!(
        recovery_counts_for(state, clock, period, view, filters),
        reached_for(state, clock, period, view, filters)
    )?;
    Ok(metrics::recovery(view, period, counts, reached))
}

/// The recovery counts alone, for a page that has the funnel's `reached` already.
pub async fn recovery_counts_for(
    state: &AppState,
    clock: &Clock,
    period: Period,
    view: FunnelView,
    filters: &Filters,
) -> StoreResult<[RecoveryCounts; 7]> {
    let raw = from_raw(state, clock, filters);
    state
        .read(plans(raw), |db| async move {
            if raw {
                store::raw::recovery_counts(&db, view, period, filters).await
            } else {
                store::recovery_counts(&db, view, period, filters).await
            }
        })
        .await
}

/// The funnel's reached counts alone, for the page's comparison with the period before.
pub async fn reached_for(
    state: &AppState,
    clock: &Clock,
    period: Period,
    view: FunnelView,
    filters: &Filters,
) -> StoreResult<[i64; 7]> {
    let raw = from_raw(state, clock, filters);
    state
        .read(plans(raw), |db| async move {
            if raw {
                store::raw::funnel_reached(&db, view, period, filters).await
            } else {
                store::funnel_reached(&db, view, period, filters).await
            }
        })
        .await
}

pub async fn calls_for(
    state: &AppState,
    clock: &Clock,
    period: Period,
    filters: &Filters,
) -> StoreResult<CallStats> {
    let raw = from_raw(state, clock, filters);
    let counts = state
        .read(plans(raw), |db| async move {
            if raw {
                store::raw::call_counts(&db, period, filters).await
            } else {
                store::call_counts(&db, period, filters).await
            }
        })
        .await?;
    Ok(metrics::call_stats(period, counts))
}

pub async fn cost_for(
    state: &AppState,
    clock: &Clock,
    period: Period,
    filters: &Filters,
) -> StoreResult<CostStats> {
    let raw = from_raw(state, clock, filters);
    let inputs = state
        .read(plans(raw), |db| async move {
            if raw {
                store::raw::cost_inputs(&db, period, filters).await
            } else {
                store::cost_inputs(&db, period, filters).await
            }
        })
        .await?;
    Ok(metrics::cost_stats(period, inputs))
}

/// The reps table for a period and the one before it.
pub async fn reps_for(
    state: &AppState,
    clock: &Clock,
    period: Period,
    filters: &Filters,
) -> StoreResult<(RepsReport, RepsReport)> {
    let (raw, now, previous) = (
        from_raw(state, clock, filters),
        Utc::now(),
        period.previous(),
    );
    let (counts, counts_before) = state
        .read(plans(raw), |db| async move {
            if raw {
                tokio::try_join!(
                    store::raw::rep_counts(&db, period, filters, now),
                    store::raw::rep_counts(&db, previous, filters, now)
                )
            } else {
                store::rep_counts_compared(&db, period, previous, filters, now).await
            }
        })
        .await?;
    let week = settings::working_week(&state.db).await?;
    Ok((
        metrics::reps_report(period, counts, &week),
        metrics::reps_report(previous, counts_before, &week),
    ))
}

/// The tag breakdown: the funnel and the channel spend of each tag's and each tag group's
/// cohort, read from the raw tables (a group's leads are counted once however many of its
/// tags they carry, which the per-tag rollups cannot tell).
pub async fn tags_for(
    state: &AppState,
    period: Period,
    filters: &Filters,
) -> StoreResult<metrics::TagBreakdown> {
    let (tags, groups) = state
        .read(ReadPlans::PerExecution, |db| async move {
            store::raw::tag_counts(&db, period, filters).await
        })
        .await?;
    Ok(metrics::TagBreakdown {
        period,
        tags: tags.into_iter().map(metrics::tag_figures).collect(),
        groups: groups.into_iter().map(metrics::tag_figures).collect(),
    })
}
