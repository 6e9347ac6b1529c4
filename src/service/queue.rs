//! The call queue: the next lead for a rep, claimed for them in one transaction.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::state::AppState;
use crate::storage::leads::{self, LeadRow};
use crate::storage::queue::{self as store, QueueReason};
use crate::storage::{Scope, StoreResult};

/// How long a rep's claim on the lead they were given lasts.
pub const CLAIM_MINUTES: i64 = 10;
/// How long to wait before retrying a lead whose last call went unanswered.
pub const RETRY_AFTER_MINUTES: i64 = 120;

/// A lead handed to a rep.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub lead: LeadRow,
    pub reason: QueueReason,
    /// Until then no other rep is offered this lead.
    pub until: DateTime<Utc>,
    /// How it came back, for a lost lead that did (`QueueReason::Returning`).
    pub returned: Option<leads::Returned>,
}

/// Claim the next lead for `rep`; `None` when there is nobody to call.
pub async fn next_for(state: &AppState, rep: Uuid) -> StoreResult<Option<Claimed>> {
    let mut tx = state.db.begin().await?;
    let claimed = store::claim_next(&mut tx, rep, RETRY_AFTER_MINUTES, CLAIM_MINUTES).await?;
    state.instruments.queue_asked(claimed.is_some());
    let claimed = match claimed {
        Some((id, reason, until)) => Some(Claimed {
            lead: leads::get(&mut *tx, id, Scope::All).await?,
            returned: match reason {
                QueueReason::Returning => leads::returned(&mut *tx, id).await?,
                _ => None,
            },
            reason,
            until,
        }),
        None => None,
    };
    tx.commit().await?;
    Ok(claimed)
}
