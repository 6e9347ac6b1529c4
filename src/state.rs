//! What every handler can reach: the pools, the replica, the embedded cluster's health,
//! the configuration and the counters; and how a dashboard read picks its pool.

use std::future::Future;
use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

use crate::config::{self, Config};
use crate::embedded_pg::ClusterHealth;
use crate::instruments::Instruments;
use crate::notifications::Notices;
use crate::rate_limits::RateLimits;
use crate::replica::{self, Replica};
use crate::storage::{StoreError, StoreResult};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The primary: every write, and every read that must see one.
    pub db: PgPool,
    /// The primary for the dashboard's rollup reads (`ReadPlans::Generic`).
    pub figures: PgPool,
    /// Where dashboard and metrics reads go when it is usable (`read`).
    pub replica: Option<Arc<Replica>>,
    /// The embedded cluster's health, when Leadline runs one: while it is down and being
    /// restarted, requests are answered 503 at once (`unavailable`).
    pub database: Option<Arc<ClusterHealth>>,
    pub config: Arc<Config>,
    pub instruments: Arc<Instruments>,
    /// Whose notifications changed, heard on this node from every node.
    pub notices: Arc<Notices>,
    /// This node's count of API requests per token and per address.
    pub rate_limits: Arc<RateLimits>,
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> Self {
        Self {
            figures: config::with_generic_plans(&db, config.figures_pool_size),
            db,
            replica: None,
            database: None,
            rate_limits: Arc::new(RateLimits::new(
                config.rate_limit_per_token,
                config.rate_limit_per_address,
                config.capture_per_address,
            )),
            config: Arc::new(config),
            instruments: Arc::default(),
            notices: Arc::default(),
        }
    }

    /// Send dashboard and metrics reads to this replica (see `read`).
    pub fn with_replica(mut self, replica: Arc<Replica>) -> Self {
        self.replica = Some(replica);
        self
    }

    /// Answer 503 at once while this embedded cluster is down (see `unavailable`).
    pub fn with_cluster_health(mut self, health: Arc<ClusterHealth>) -> Self {
        self.database = Some(health);
        self
    }

    /// Run a dashboard or metrics read, which writes nothing and may be a little behind,
    /// with one connection: the replica's when it is usable, else the primary's. A read
    /// the replica cannot answer (down, overloaded, or cancelled to replay WAL) runs
    /// again on the primary. `plans` picks the pools: see `ReadPlans`.
    pub async fn read<T, F, Fut>(&self, plans: ReadPlans, query: F) -> StoreResult<T>
    where
        F: Fn(PoolConnection<Postgres>) -> Fut,
        Fut: Future<Output = StoreResult<T>>,
    {
        let primary = match plans {
            ReadPlans::Generic => &self.figures,
            ReadPlans::PerExecution => &self.db,
        };
        let Some(replica) = self.replica.as_ref() else {
            return query(primary.acquire().await?).await;
        };
        if replica.usable() {
            let pool = match plans {
                ReadPlans::Generic => replica.figures_pool(),
                ReadPlans::PerExecution => replica.pool(),
            };
            let answered = match pool.acquire().await {
                Ok(db) => query(db).await,
                Err(e) => Err(e.into()),
            };
            match answered {
                Err(StoreError::Db(e)) if replica::is_unreachable(&e) => {
                    replica.mark_unreachable(&e.to_string());
                }
                Err(StoreError::Db(e)) if replica::is_recovery_conflict(&e) => {
                    tracing::info!("a dashboard read conflicted with replay on the replica; reading from the primary");
                }
                answered => {
                    replica.count_read(true);
                    return answered;
                }
            }
        }
        replica.count_read(false);
        query(primary.acquire().await?).await
    }
}

/// How the statements of a dashboard read are planned, and so which pool runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadPlans {
    /// Once per connection (`config::with_generic_plans`): the rollup reads, whose
    /// plans are the same index ranges whatever the period.
    Generic,
    /// On every execution: the raw tables' GROUP BY reads, whose best plan depends on
    /// the period (a generic plan took a 2-year cost read at 10M calls from 6.5 s to
    /// 24 s), and small lookups.
    PerExecution,
}
