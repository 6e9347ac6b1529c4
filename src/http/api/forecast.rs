//! The forecast: what the open pipeline will bring, month by month, per rep and channel,
//! beside what was won last month (README: the forecast's method).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use crate::domain::forecast::Forecast;
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiQuery};
use crate::service::{forecast as service, settings};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ForecastQuery {
    /// Days, ending today, that the chances and step times are learned over: 30 to 730, 180
    /// when not given.
    pub window_days: Option<i64>,
    /// Months shown from this one: 1 to 12, 3 when not given.
    pub months: Option<i64>,
}

/// Forecast the pipeline.
#[utoipa::path(get, path = "/api/v1/forecast", operation_id = "getForecast", tag = "metrics", params(ForecastQuery),
    responses((status = 200, body = Forecast), (status = 403, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ForecastQuery>,
) -> ApiResult<Json<Forecast>> {
    caller.require_manager()?;
    let (days, months) = service::checked(query.window_days, query.months)?;
    let clock = settings::clock(&state.db).await?;
    Ok(Json(
        service::forecast_for(&state, &clock, days, months, caller.scope()).await?,
    ))
}

/// Set the forecast chances per stage.
///
/// An admin's chance of reaching `decide` per stage, replacing the learned one: `{"connect":
/// 0.12, "interest": null}` sets connect's and clears interest's (stages `new` to
/// `evaluate`; chances from 0 to 1). All or none.
#[utoipa::path(put, path = "/api/v1/forecast/chances", operation_id = "setForecastChances", tag = "metrics",
    request_body(content = Object, description = "An open stage's name to a chance from 0 to 1, or null"),
    responses((status = 204, description = "Set"), (status = 403, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn set_chances(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<serde_json::Map<String, serde_json::Value>>,
) -> ApiResult<StatusCode> {
    caller.require_admin()?;
    service::set_chances(&state, &body, caller.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}
