//! The audit trail, for admins: every change to leads, users, tokens, settings, spend, lost
//! reasons and webhooks, with who made it and through what.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{next_before, page_limit, TimeArg};
use crate::domain::FieldError;
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::service::settings;
use crate::state::AppState;
use crate::storage::audit::{self as store, AuditFilter, Entry};

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

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub items: Vec<Entry>,
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

/// Read the audit trail.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "listAuditEntries", tag = "audit", params(ListAudit),
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
    Ok(Json(AuditPage {
        next_before: next_before(&entries, limit, |e| e.id),
        items: entries,
    }))
}
