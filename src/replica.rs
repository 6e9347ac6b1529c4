//! A streaming replica for dashboard and metrics reads: its pool, how far it lags
//! behind the primary, and whether reads may go there now.
//!
//! Every write, and every read that must see the caller's own write, stays on the
//! primary. A replica that cannot be reached, or lags more than the configured limit,
//! sends the dashboard back to the primary rather than failing it: the primary served
//! those reads before there was a replica, while a manager's missing dashboard helps nobody.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use sqlx::PgPool;

use crate::config::{
    connect_options, pool_options, with_generic_plans, DatabaseUrl, MetricsSource,
};

/// How often each node measures its replica's lag.
pub const PROBE_EVERY: Duration = Duration::from_secs(1);
/// How long a probe may take before the replica counts as unreachable.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// Lag not known (no reading yet, or the replica has replayed nothing since it started).
const LAG_UNKNOWN: u64 = u64::MAX;

/// Whether the replica has applied all the WAL it received (a server that is not in
/// recovery counts as caught up), and the age of the last transaction it applied.
/// The replica's pool and what the last probe found.
pub struct Replica {
    pool: PgPool,
    /// The same replica, for the rollup reads (`config::with_generic_plans`).
    figures: PgPool,
    max_lag: Duration,
    reachable: AtomicBool,
    /// Milliseconds, or `LAG_UNKNOWN`.
    lag_ms: AtomicU64,
    /// When a probe last found the replica caught up.
    caught_up_at: Mutex<Option<Instant>>,
    reads: AtomicU64,
    fallbacks: AtomicU64,
}

/// Whether dashboard reads may go to the replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplicaState {
    /// It answers and lags less than the limit: reads go there.
    Ok,
    /// It answers but lags more than the limit: reads go to the primary.
    Lagging,
    /// It did not answer the last probe or read: reads go to the primary.
    Unreachable,
}

/// The replica as `/healthz` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ReplicaStatus {
    pub status: ReplicaState,
    pub lag_seconds: Option<f64>,
}

impl Replica {
    /// A pool on the replica that connects when first used, so that a replica that is
    /// down at start-up does not keep the service (and its writes) from starting.
    pub fn connect_lazy(
        url: &DatabaseUrl,
        source: MetricsSource,
        pool_size: u32,
        figures_pool_size: u32,
        max_lag: Duration,
    ) -> anyhow::Result<Arc<Self>> {
        let options = connect_options(url.expose(), source)
            .with_context(|| format!("DATABASE_REPLICA_URL {} is not usable", url.redacted()))?;
        // Short: a dashboard read waits this long before it falls back to the primary.
        let pool = pool_options(pool_size, Duration::from_secs(1)).connect_lazy_with(options);
        Ok(Arc::new(Self {
            figures: with_generic_plans(&pool, figures_pool_size),
            pool,
            max_lag,
            reachable: AtomicBool::new(false),
            lag_ms: AtomicU64::new(LAG_UNKNOWN),
            caught_up_at: Mutex::new(None),
            reads: AtomicU64::new(0),
            fallbacks: AtomicU64::new(0),
        }))
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The replica for rollup reads: statements planned once per connection.
    pub fn figures_pool(&self) -> &PgPool {
        &self.figures
    }

    /// Measure the lag now, remember it and return what was found.
    ///
    /// A replica that has applied all it received lags 0. One that has not lags at most
    /// the age of the last transaction it applied, and at most the time since a probe
    /// last found it caught up: the first alone would count a quiet hour before one
    /// write as an hour of lag.
    pub async fn probe(&self) -> ReplicaStatus {
        let measured = tokio::time::timeout(
            PROBE_TIMEOUT,
            sqlx::query!(
                "SELECT NOT pg_is_in_recovery()
                            OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
                            AS caught_up,
                        extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                            AS replay_age"
            )
            .map(|r| (r.caught_up, r.replay_age))
            .fetch_one(&self.pool),
        )
        .await;
        match measured {
            Ok(Ok((caught_up, replay_age))) => {
                if !self.reachable.swap(true, Ordering::Relaxed) {
                    tracing::info!("the read replica answers");
                }
                let mut caught_up_at = self.caught_up_at.lock().unwrap_or_else(|e| e.into_inner());
                let caught_up = caught_up == Some(true);
                if caught_up {
                    *caught_up_at = Some(Instant::now());
                }
                let since_caught_up = caught_up_at.map(|t| t.elapsed().as_secs_f64());
                let lag = estimate_lag(caught_up, replay_age, since_caught_up);
                let lag_ms = lag.map_or(LAG_UNKNOWN, |s| (s.max(0.0) * 1000.0).round() as u64);
                self.lag_ms.store(lag_ms, Ordering::Relaxed);
            }
            Ok(Err(e)) => self.mark_unreachable(&e.to_string()),
            Err(_) => self.mark_unreachable("no answer in time"),
        }
        self.status()
    }

    /// Probe every `PROBE_EVERY` for as long as anything else holds the replica.
    pub fn start_probing(self: &Arc<Self>) {
        let replica = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(PROBE_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                let Some(replica) = replica.upgrade() else {
                    return;
                };
                replica.probe().await;
            }
        });
    }

    /// A read failed on the replica: send reads to the primary until a probe succeeds.
    pub fn mark_unreachable(&self, why: &str) {
        if self.reachable.swap(false, Ordering::Relaxed) {
            tracing::warn!(
                error = why,
                "the read replica is unreachable; dashboards read from the primary"
            );
        }
        self.lag_ms.store(LAG_UNKNOWN, Ordering::Relaxed);
    }

    fn lag(&self) -> Option<Duration> {
        match self.lag_ms.load(Ordering::Relaxed) {
            LAG_UNKNOWN => None,
            ms => Some(Duration::from_millis(ms)),
        }
    }

    /// What the last probe (or failed read) found.
    pub fn status(&self) -> ReplicaStatus {
        let lag = self.lag();
        let status = match (self.reachable.load(Ordering::Relaxed), lag) {
            (false, _) => ReplicaState::Unreachable,
            (true, Some(lag)) if lag <= self.max_lag => ReplicaState::Ok,
            (true, _) => ReplicaState::Lagging,
        };
        ReplicaStatus {
            status,
            // Whole milliseconds, as measured.
            lag_seconds: lag.map(|l| l.as_millis() as f64 / 1000.0),
        }
    }

    /// Whether dashboard reads may go to the replica now.
    pub fn usable(&self) -> bool {
        self.status().status == ReplicaState::Ok
    }

    /// Count a dashboard read served by the replica, or sent to the primary instead.
    pub fn count_read(&self, on_replica: bool) {
        let counter = if on_replica {
            &self.reads
        } else {
            &self.fallbacks
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Dashboard reads served by the replica and by the primary in its stead.
    pub fn read_counts(&self) -> (u64, u64) {
        (
            self.reads.load(Ordering::Relaxed),
            self.fallbacks.load(Ordering::Relaxed),
        )
    }
}

/// The replica's lag in seconds: none when it has applied all it received, else the
/// smaller of the age of the last transaction it applied and the time since it was
/// last seen caught up (either may be unknown).
fn estimate_lag(
    caught_up: bool,
    replay_age: Option<f64>,
    since_caught_up: Option<f64>,
) -> Option<f64> {
    if caught_up {
        return Some(0.0);
    }
    match (replay_age, since_caught_up) {
        (Some(age), Some(since)) => Some(age.min(since)),
        (age, since) => age.or(since),
    }
}

/// Whether a failed replica read says the replica is down, shutting down or overloaded.
pub fn is_unreachable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("57P") || c.starts_with("08")),
        _ => false,
    }
}

/// Whether the replica cancelled the read to replay WAL that conflicted with it.
pub fn is_recovery_conflict(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .and_then(|db| db.code())
        .is_some_and(|c| c == "40001")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_up_replica_lags_nothing_however_old_its_last_transaction() {
        assert_eq!(estimate_lag(true, Some(3600.0), Some(0.5)), Some(0.0));
    }

    #[test]
    fn a_quiet_hour_before_one_write_is_not_an_hour_of_lag() {
        // Last applied transaction an hour old, but caught up 1.5 s ago.
        assert_eq!(estimate_lag(false, Some(3600.0), Some(1.5)), Some(1.5));
        assert_eq!(estimate_lag(false, Some(0.2), Some(1.5)), Some(0.2));
        assert_eq!(estimate_lag(false, Some(7.0), None), Some(7.0));
        assert_eq!(estimate_lag(false, None, None), None);
    }
}
