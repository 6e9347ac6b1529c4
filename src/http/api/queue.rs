//! `/api/v1/queue`: the next lead for the calling rep.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::leads::Lead;
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::ApiPath;
use crate::i18n::Language;
use crate::service::queue::{next_for, Claimed};
use crate::state::AppState;
use crate::storage::queue::{self as store, QueueReason};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NextLead {
    /// Null when there is nobody to call.
    pub lead: Option<Lead>,
    pub reason: Option<QueueReason>,
    /// Until then no other rep is offered this lead.
    pub claimed_until: Option<DateTime<Utc>>,
    /// What to get out of this conversation, for the lead's stage.
    pub goal: Option<String>,
    /// For a lost lead that came back (`reason` `returning`): when and why it was lost, what
    /// brought it back, and the playbook of its lost reason for the stage.
    pub returned: Option<crate::storage::leads::Returned>,
}

impl From<Option<Claimed>> for NextLead {
    fn from(claimed: Option<Claimed>) -> Self {
        match claimed {
            Some(c) => NextLead {
                goal: Some(c.lead.stage().goal_in(Language::En)),
                lead: Some(c.lead),
                reason: Some(c.reason),
                claimed_until: Some(c.until),
                returned: c.returned,
            },
            None => NextLead {
                lead: None,
                reason: None,
                claimed_until: None,
                goal: None,
                returned: None,
            },
        }
    }
}

/// Take the next lead to call.
#[utoipa::path(get, path = "/api/v1/queue/next", operation_id = "nextInQueue", tag = "queue",
    responses((status = 200, description = "The next lead to call, claimed for the caller", body = NextLead)))]
pub async fn next(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<NextLead>> {
    Ok(Json(next_for(&state, caller.user_id).await?.into()))
}

/// Release a claimed lead.
#[utoipa::path(delete, path = "/api/v1/queue/claims/{lead_id}", operation_id = "releaseQueueClaim", tag = "queue", params(("lead_id" = Uuid, Path)),
    responses((status = 204, description = "The lead goes back to the queue"), (status = 404, body = crate::http::error::Problem)))]
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(lead_id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    if store::release(&state.db, lead_id, caller.user_id).await? {
        state.instruments.queue_released();
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(crate::http::error::ApiError::NotFound("claim".into()))
    }
}
