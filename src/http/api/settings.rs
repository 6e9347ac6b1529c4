//! `/api/v1/settings`: the company's settings (everyone reads them, admins change them).

use axum::extract::State;
use axum::Json;

use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::ApiJson;
use crate::service::settings::{self, Settings, UpdateSettings};
use crate::state::AppState;

/// Read the company's settings.
#[utoipa::path(get, path = "/api/v1/settings", operation_id = "getSettings", tag = "settings",
    responses((status = 200, body = Settings), (status = 401, body = crate::http::error::Problem)))]
pub async fn get(State(state): State<AppState>, _caller: Caller) -> ApiResult<Json<Settings>> {
    Ok(Json(settings::read(&state.db).await?))
}

/// Change the company's settings.
#[utoipa::path(patch, path = "/api/v1/settings", operation_id = "updateSettings", tag = "settings", request_body = UpdateSettings,
    responses((status = 200, body = Settings), (status = 403, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<UpdateSettings>,
) -> ApiResult<Json<Settings>> {
    caller.require_admin()?;
    Ok(Json(settings::update(&state, body, caller.actor()).await?))
}
