//! The audit trail, for admins: every change to leads, users, tokens, settings, spend, lost
//! reasons and webhooks, with who made it and through what.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{page_limit, TimeArg};
use crate::domain::FieldError;
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::service::settings;
use crate::state::AppState;
use crate::storage::audit::{self as store, AuditFilter};

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListAudit {
    /// What changed: `lead`, `user`, `token`, `settings`, `spend`, `lost_reason` or `webhook`.
    pub entity: Option<String>,
    /// The one thing whose changes to read (its id; the settings' is the nil UUID).
    pub entity_id: Option<Uuid>,
    /// Changes this user made (through a page or one of their tokens).
    pub user_id: Option<Uuid>,
    /// Through what: `page`, `api`, `import` or `system`.
    pub via: Option<String>,
    /// Changes made at or after: an RFC 3339 time, or a date read as the company's local date.
    #[param(value_type = Option<String>)]
    pub from: Option<TimeArg>,
    /// Changes made before: a time or a company-local date, as `from`.
    #[param(value_type = Option<String>)]
    pub to: Option<TimeArg>,
    /// Entries before this one (a `next_before` from the page before).
    pub before: Option<i64>,
    /// 1 to the largest page; 50 when not given.
    pub limit: Option<i64>,
}

/// One entry of the audit trail.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who made it; null when the system did.
    pub user_id: Option<Uuid>,
    /// The API token it came through, if any.
    pub token_id: Option<Uuid>,
    /// `page`, `api`, `import` or `system`.
    pub via: String,
    /// `lead`, `user`, `token`, `settings`, `spend`, `lost_reason` or `webhook`.
    pub entity: String,
    pub entity_id: Uuid,
    /// The lead the change is to, where it is to one.
    pub lead_id: Option<Uuid>,
    /// `created`, `changed` or `deleted` (a token revoked, a spend entry deleted).
    pub action: String,
    /// Each field changed, as `{"old": …, "new": …}`; a secret (a password, a webhook's
    /// signing secret) as `{"changed": true}`, never its value.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// What the changed thing is called: a lead's or user's name, a token's name, a lost
    /// reason's label, a webhook's address.
    pub label: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub items: Vec<AuditEntry>,
    /// Pass as `before` for the next page; null on the last page.
    pub next_before: Option<i64>,
}

/// One of `known`, as the field `field` names it; else a 422 listing them.
pub fn one_of(
    field: &'static str,
    text: Option<&str>,
    known: &[&'static str],
) -> Result<Option<&'static str>, FieldError> {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    known
        .iter()
        .find(|k| **k == text)
        .map(|k| Some(*k))
        .ok_or_else(|| {
            FieldError::new(field, "error-not-one-of")
                .arg("text", text)
                .arg("known", known.join(", "))
        })
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(ListAudit),
    responses((status = 200, body = AuditPage), (status = 403, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListAudit>,
) -> ApiResult<Json<AuditPage>> {
    caller.require_admin()?;
    let limit = page_limit(query.limit)?;
    let zone = settings::clock(&state.db).await?.zone;
    let filter = AuditFilter {
        entity: one_of("entity", query.entity.as_deref(), &store::ENTITIES)?,
        entity_id: query.entity_id,
        user_id: query.user_id,
        via: one_of("via", query.via.as_deref(), &store::VIAS)?,
        since: query.from.map(|t| t.at(zone)),
        until: query.to.map(|t| t.at(zone)),
    };
    let entries = store::entries(&state.db, &filter, query.before, limit).await?;
    let next_before = (entries.len() as i64 == limit)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(Json(AuditPage {
        items: entries
            .into_iter()
            .map(|e| AuditEntry {
                id: e.id,
                at: e.at,
                user_id: e.user_id,
                token_id: e.token_id,
                via: e.via,
                entity: e.entity,
                entity_id: e.entity_id,
                lead_id: e.lead_id,
                action: e.action,
                changes: e.changes,
                label: e.label,
            })
            .collect(),
        next_before,
    }))
}
