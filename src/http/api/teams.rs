//! Teams: a manager and the reps they lead. Admins make and change them; members join
//! through `PATCH /api/v1/users/{id}` (`team_id`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use super::idempotent::{to_json, Retryable, ONCE};
use crate::domain::required_text;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath};
use crate::service::input::double_option;
use crate::state::AppState;
use crate::storage::{audit, teams};

/// The API shows a team as it is stored.
pub use crate::storage::teams::TeamRow as Team;

/// List teams.
///
/// Every team; for a manager limited to their teams, those they lead.
#[utoipa::path(get, path = "/api/v1/teams", operation_id = "listTeams", tag = "teams",
    responses((status = 200, body = Vec<Team>), (status = 403, body = crate::http::error::Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<Team>>> {
    caller.require_manager()?;
    Ok(Json(teams::visible_to(&state.db, caller.scope()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTeam {
    pub name: String,
    /// A manager or an admin.
    pub manager_id: Option<Uuid>,
}

/// Add a team.
#[utoipa::path(post, path = "/api/v1/teams", operation_id = "createTeam", tag = "teams", request_body = CreateTeam,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = Team), (status = 403, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_admin()?;
    let body = write.body::<CreateTeam>()?.check(Ok::<_, ApiError>)?;
    let name = required_text("name", &body.name, 100)?;
    let manager = body.manager_id;
    write
        .once(&state, &caller, move |tx| {
            Box::pin(async move {
                let team = teams::create(tx, &name, manager).await?;
                Ok((StatusCode::CREATED.as_u16(), to_json(&team)?))
            })
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTeam {
    pub name: Option<String>,
    /// `null` leaves the team without a manager.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub manager_id: Option<Option<Uuid>>,
}

/// Change a team.
#[utoipa::path(patch, path = "/api/v1/teams/{id}", operation_id = "updateTeam", tag = "teams", params(("id" = Uuid, Path)), request_body = UpdateTeam,
    responses((status = 200, body = Team), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<UpdateTeam>,
) -> ApiResult<Json<Team>> {
    caller.require_admin()?;
    let name = body
        .name
        .map(|n| required_text("name", &n, 100))
        .transpose()?;
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    let team = teams::update(&mut tx, id, name.as_deref(), body.manager_id).await?;
    tx.commit().await?;
    Ok(Json(team))
}

/// Delete a team.
///
/// Delete a team; its members are then in no team.
#[utoipa::path(delete, path = "/api/v1/teams/{id}", operation_id = "deleteTeam", tag = "teams", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<StatusCode> {
    caller.require_admin()?;
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    teams::delete(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
