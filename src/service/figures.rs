//! The dashboard's figures, read where they may be: from the rollups (or the raw tables,
//! with `LEADLINE_METRICS_SOURCE=raw`, and while the rollups are recounted after a change
//! of time zone), on the replica when it is usable, and turned into SPEC section 4's
//! figures. The API and the pages both read them here, with the company's `Clock`.
//!
//! A request reads all its figures on one connection, one statement after another
//! (`read`). Sent at once, a page's two dozen statements took up to 19 connections, so
//! a few managers opening the dashboard together queued for the pool's connections
//! rather than for the server's CPU.

use std::future::Future;

use chrono::Utc;
use futures::future::BoxFuture;
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, Postgres};

use crate::config::MetricsSource;
use crate::domain::metrics::{
    self, CallStats, CostStats, Funnel, FunnelView, Period, Recovery, RecoveryCounts, RepsReport,
};
use crate::state::{AppState, ReadPlans};
use crate::storage::metrics::{self as store, Filters};
use crate::storage::settings::{self as stored_settings, Clock};
use crate::storage::StoreResult;

/// Where a request's figures come from: the rollups, or the raw tables (with
/// `LEADLINE_METRICS_SOURCE=raw`, while the rollups are recounted after a change of time
/// zone, and for a tag group, which no rollup keeps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Rollups,
    Raw,
}

impl Source {
    pub fn of(state: &AppState, clock: &Clock, filters: &Filters) -> Self {
        if state.config.metrics_source == MetricsSource::Raw
            || clock.rebuild.is_some()
            || filters.tag_group.is_some()
        {
            Source::Raw
        } else {
            Source::Rollups
        }
    }

    /// How its statements are planned: the rollups' once, whatever the period (a
    /// period's hours outside whole days are small ranges of the raw tables' time
    /// indexes), the raw tables' on every execution.
    fn plans(self) -> ReadPlans {
        match self {
            Source::Rollups => ReadPlans::Generic,
            Source::Raw => ReadPlans::PerExecution,
        }
    }
}

/// Run `reads` with one connection (`AppState::read`: the replica's when it is usable),
/// for figures from `source` under `filters`, one statement after another. A request
/// holds one connection of the figures' pool however many statements it runs, so the
/// pool's size is how many requests read at once.
pub async fn read<'f, T, F, Fut>(
    state: &AppState,
    source: Source,
    filters: &'f Filters,
    reads: F,
) -> StoreResult<T>
where
    F: Fn(Figures<'f>) -> Fut,
    Fut: Future<Output = StoreResult<T>>,
{
    state
        .read(source.plans(), |db| {
            reads(Figures {
                db,
                source,
                filters,
            })
        })
        .await
}

/// Two sets of reads for one request (a period's and the one before's, say): from the
/// rollups on one connection, one after the other, as `read`; from the raw tables, whose
/// `GROUP BY`s take seconds each, on two connections at once, so that the request waits
/// for the longer set rather than for both.
pub async fn read_two<'f, A, B, F, G>(
    state: &AppState,
    source: Source,
    filters: &'f Filters,
    first: F,
    second: G,
) -> StoreResult<(A, B)>
where
    F: for<'c> Fn(&'c mut Figures<'f>) -> BoxFuture<'c, StoreResult<A>>,
    G: for<'c> Fn(&'c mut Figures<'f>) -> BoxFuture<'c, StoreResult<B>>,
{
    let (first, second) = (&first, &second);
    match source {
        Source::Rollups => {
            read(state, source, filters, |mut f| async move {
                Ok((first(&mut f).await?, second(&mut f).await?))
            })
            .await
        }
        Source::Raw => {
            tokio::try_join!(
                read(state, source, filters, |mut f| async move {
                    first(&mut f).await
                }),
                read(state, source, filters, |mut f| async move {
                    second(&mut f).await
                }),
            )
        }
    }
}

/// The reps table for a period and the one before it: from the rollups in one read,
/// which counts the overdue follow-ups once for both; from the raw tables a period on
/// each of two connections at once (`read_two`).
pub async fn reps(
    state: &AppState,
    source: Source,
    filters: &Filters,
    period: Period,
) -> StoreResult<(RepsReport, RepsReport)> {
    match source {
        Source::Rollups => {
            read(state, source, filters, |mut f| async move {
                f.reps(period).await
            })
            .await
        }
        Source::Raw => {
            read_two(
                state,
                source,
                filters,
                move |f| Box::pin(f.reps_in(period)),
                move |f| Box::pin(f.reps_in(period.previous())),
            )
            .await
        }
    }
}

/// The figures of one request, read on its one connection (`read`).
pub struct Figures<'f> {
    db: PoolConnection<Postgres>,
    source: Source,
    filters: &'f Filters,
}

impl Figures<'_> {
    /// The connection, for the lookups a page shows beside its figures.
    pub fn db(&mut self) -> &mut PgConnection {
        &mut self.db
    }

    pub async fn funnel(&mut self, period: Period, view: FunnelView) -> StoreResult<Funnel> {
        let (db, filters) = (&mut *self.db, self.filters);
        let counts = if self.source == Source::Raw {
            store::raw::funnel_counts(db, view, period, filters).await?
        } else {
            store::funnel_counts(db, view, period, filters).await?
        };
        Ok(metrics::funnel(view, period, counts))
    }

    /// The funnel's reached counts alone, for a comparison with the period before.
    pub async fn reached(&mut self, period: Period, view: FunnelView) -> StoreResult<[i64; 7]> {
        let (db, filters) = (&mut *self.db, self.filters);
        if self.source == Source::Raw {
            store::raw::funnel_reached(db, view, period, filters).await
        } else {
            store::funnel_reached(db, view, period, filters).await
        }
    }

    /// Recovery (lead farming): per stage, what came of the leads lost there, beside
    /// the funnel's `reached` of the same view for the uplift.
    pub async fn recovery(&mut self, period: Period, view: FunnelView) -> StoreResult<Recovery> {
        let counts = self.recovery_counts(period, view).await?;
        let reached = self.reached(period, view).await?;
        Ok(metrics::recovery(view, period, counts, reached))
    }

    /// The recovery counts alone, for a page that has the funnel's `reached` already.
    pub async fn recovery_counts(
        &mut self,
        period: Period,
        view: FunnelView,
    ) -> StoreResult<[RecoveryCounts; 7]> {
        let (db, filters) = (&mut *self.db, self.filters);
        if self.source == Source::Raw {
            store::raw::recovery_counts(db, view, period, filters).await
        } else {
            store::recovery_counts(db, view, period, filters).await
        }
    }

    pub async fn calls(&mut self, period: Period) -> StoreResult<CallStats> {
        let (db, filters) = (&mut *self.db, self.filters);
        let counts = if self.source == Source::Raw {
            store::raw::call_counts(db, period, filters).await?
        } else {
            store::call_counts(db, period, filters).await?
        };
        Ok(metrics::call_stats(period, counts))
    }

    pub async fn cost(&mut self, period: Period) -> StoreResult<CostStats> {
        let (db, filters) = (&mut *self.db, self.filters);
        let inputs = if self.source == Source::Raw {
            store::raw::cost_inputs(db, period, filters).await?
        } else {
            store::cost_inputs(db, period, filters).await?
        };
        Ok(metrics::cost_stats(period, inputs))
    }

    /// The reps table for a period and the one before it, on the company's working
    /// week.
    pub async fn reps(&mut self, period: Period) -> StoreResult<(RepsReport, RepsReport)> {
        let previous = period.previous();
        if self.source == Source::Raw {
            return Ok((self.reps_in(period).await?, self.reps_in(previous).await?));
        }
        let (db, filters, now) = (&mut *self.db, self.filters, Utc::now());
        let (counts, counts_before) =
            store::rep_counts_compared(db, period, previous, filters, now).await?;
        let week = stored_settings::stored_settings(db).await?.choices.week;
        Ok((
            metrics::reps_report(period, counts, &week),
            metrics::reps_report(previous, counts_before, &week),
        ))
    }

    /// The reps table for one period, on the company's working week.
    pub async fn reps_in(&mut self, period: Period) -> StoreResult<RepsReport> {
        let (db, filters, now) = (&mut *self.db, self.filters, Utc::now());
        let counts = if self.source == Source::Raw {
            store::raw::rep_counts(db, period, filters, now).await?
        } else {
            store::rep_counts(db, period, filters, now).await?
        };
        let week = stored_settings::stored_settings(db).await?.choices.week;
        Ok(metrics::reps_report(period, counts, &week))
    }

    /// The tag breakdown: the funnel and the channel spend of each tag's and each tag
    /// group's cohort, read from the raw tables (a group's leads are counted once however
    /// many of its tags they carry, which the per-tag rollups cannot tell), whatever the
    /// source: read it with `Source::Raw`.
    pub async fn tags(&mut self, period: Period) -> StoreResult<metrics::TagBreakdown> {
        let (tags, groups) = store::raw::tag_counts(&mut self.db, period, self.filters).await?;
        Ok(metrics::TagBreakdown {
            period,
            tags: tags.into_iter().map(metrics::tag_figures).collect(),
            groups: groups.into_iter().map(metrics::tag_figures).collect(),
        })
    }
}
