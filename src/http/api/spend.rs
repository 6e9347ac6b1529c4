//! `/api/v1/spend`: the spend ledger (managers and admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::page_limit;
use super::idempotent::{to_json, Retryable, ONCE};
use crate::domain::lead::channel;
use crate::domain::money::SpendCategory;
use crate::domain::FieldError;
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::paging::{decode_cursor, encode_cursor};
use crate::service::spend::CreateSpend;
use crate::state::AppState;
use crate::storage::audit;
use crate::storage::spend::{self as store, SpendFilter};

/// The API shows a spend entry as it is stored.
pub use crate::storage::spend::SpendRow as Spend;

/// Record spend.
#[utoipa::path(post, path = "/api/v1/spend", operation_id = "createSpend", tag = "spend", request_body = CreateSpend,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = Spend), (status = 403, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_manager()?;
    let entry = write.body::<CreateSpend>()?.check(CreateSpend::validate)?;
    let user = caller.user_id;
    write
        .once(&state, &caller, |tx| {
            Box::pin(async move {
                let row = store::create(&mut **tx, &entry, user).await?;
                Ok((StatusCode::CREATED.as_u16(), to_json(&row)?))
            })
        })
        .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListSpend {
    /// Entries dated on or after.
    pub from: Option<NaiveDate>,
    /// Entries dated before.
    pub to: Option<NaiveDate>,
    pub category: Option<SpendCategory>,
    pub channel: Option<String>,
    /// Entries for this rep.
    pub rep_id: Option<Uuid>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SpendPage {
    pub items: Vec<Spend>,
    pub next_cursor: Option<String>,
    /// Sum of all entries matching the filters (not just this page), minor units.
    pub total: i64,
}

/// List spend.
#[utoipa::path(get, path = "/api/v1/spend", operation_id = "listSpend", tag = "spend", params(ListSpend),
    responses((status = 200, body = SpendPage), (status = 403, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListSpend>,
) -> ApiResult<Json<SpendPage>> {
    caller.require_manager()?;
    let limit = page_limit(query.limit)?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| {
            let (key, id) = decode_cursor(c)?;
            let day = key
                .parse::<NaiveDate>()
                .map_err(|_| FieldError::new("cursor", "error-bad-cursor"))?;
            Ok::<_, FieldError>((day, id))
        })
        .transpose()?;
    let filter = SpendFilter {
        from: query.from,
        to: query.to,
        category: query.category,
        channel: query
            .channel
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| channel("channel", c))
            .transpose()?,
        rep_id: query.rep_id,
    };
    let rows = store::list(&state.db, &filter, after, limit).await?;
    let total = store::total(&state.db, &filter).await?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| {
            rows.last()
                .map(|r| encode_cursor(&r.spent_on.to_string(), r.id))
        })
        .flatten();
    Ok(Json(SpendPage {
        items: rows,
        next_cursor,
        total,
    }))
}

/// Delete a spend entry.
#[utoipa::path(delete, path = "/api/v1/spend/{id}", operation_id = "deleteSpend", tag = "spend", params(("id" = Uuid, Path)),
    responses((status = 204, description = "Deleted (kept in the ledger's history with who deleted it)"),
              (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    caller.require_manager()?;
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    store::delete(&mut *tx, id, caller.user_id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
