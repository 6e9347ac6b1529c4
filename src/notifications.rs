//! Notifications on every node: one LISTEN connection per node passes the users whose
//! notifications changed to the pages open on it (`Notices`), and the sweep that
//! announces follow-ups and tasks falling due (`sweep_forever`).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use crate::storage::notifications::{self as store, CHANNEL};

/// How often the sweep looks for follow-ups and tasks fallen due.
const SWEEP_EVERY: Duration = Duration::from_secs(15);
/// Read notifications are kept this long.
const KEEP_READ: Duration = Duration::from_secs(90 * 24 * 60 * 60);
const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);
/// Changes waiting for slow pages; a page that falls further behind looks again.
const BACKLOG: usize = 1024;

/// What a page's stream is woken with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// This user's notifications changed.
    User(Uuid),
    /// Anyone's may have: the LISTEN connection was lost, and changes with it.
    Anyone,
}

impl Changed {
    pub fn concerns(self, user: Uuid) -> bool {
        match self {
            Changed::User(id) => id == user,
            Changed::Anyone => true,
        }
    }
}

/// The node's end of the notification channel: pages subscribe to hear whose
/// notifications changed, on any node.
pub struct Notices {
    changes: broadcast::Sender<Changed>,
    listening: OnceLock<()>,
    closing: watch::Sender<bool>,
}

impl Default for Notices {
    fn default() -> Self {
        Notices {
            changes: broadcast::channel(BACKLOG).0,
            listening: OnceLock::new(),
            closing: watch::channel(false).0,
        }
    }
}

impl Notices {
    /// Hear of changes from now on; the first subscriber starts the node's listener.
    pub fn subscribe(&self, db: &PgPool) -> broadcast::Receiver<Changed> {
        let receiver = self.changes.subscribe();
        self.listening.get_or_init(|| {
            tokio::spawn(listen_forever(db.clone(), self.changes.clone()));
        });
        receiver
    }

    /// Resolves when the node is shutting down, so that open streams end.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// End every open stream (the node is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// Pass each NOTIFY on `CHANNEL` to the node's pages; after a lost connection, wake them
/// all to look again.
async fn listen_forever(db: PgPool, changes: broadcast::Sender<Changed>) {
    loop {
        let mut listener = match PgListener::connect_with(&db).await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!(error = %e, "notifications: cannot connect to LISTEN; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "notifications: cannot LISTEN; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        // Whatever changed before this LISTEN (or while it was down) is looked for again.
        let _ = changes.send(Changed::Anyone);
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => {
                    let changed = notification
                        .payload()
                        .parse::<Uuid>()
                        .map_or(Changed::Anyone, Changed::User);
                    // No page open on this node is no error.
                    let _ = changes.send(changed);
                }
                // The connection was lost; the listener reconnects on the next call.
                Ok(None) => {
                    let _ = changes.send(Changed::Anyone);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "notifications: LISTEN failed; reconnecting");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}

/// Announce follow-ups and tasks as they fall due, and prune old read notifications,
/// until the task is dropped. Every node runs it; one sweeps at a time.
pub async fn sweep_forever(db: PgPool) {
    let mut pruned_at: Option<Instant> = None;
    let mut every = tokio::time::interval(SWEEP_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match store::sweep_due(&db).await {
            Ok(Some(n)) if n > 0 => {
                tracing::info!(notifications = n, "follow-ups and tasks fell due")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "notifications: the sweep failed"),
        }
        if pruned_at.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            match store::prune(&db, KEEP_READ).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(notifications = n, "pruned old read notifications"),
                Err(e) => tracing::warn!(error = %e, "notifications: pruning failed"),
            }
            pruned_at = Some(Instant::now());
        }
    }
}
