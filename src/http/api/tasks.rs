//! `/api/v1/tasks` and `/api/v1/agenda`: tasks on leads, and a user's follow-ups and
//! tasks by when they fall due. A rep sees and changes the tasks they are to do, and
//! their own agenda; managers and admins everyone's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::page_limit;
use super::idempotent::{to_json, Retryable, ONCE};
use crate::domain::FieldError;
use crate::http::auth::Caller;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiBody, ApiPath, ApiQuery};
use crate::http::paging::{decode_cursor, encode_cursor};
use crate::service::agenda::{self, Agenda};
use crate::service::tasks::{CreateTask, UpdateTask};
use crate::state::AppState;
use crate::storage::tasks::{self as store, TaskFilter};

/// The API shows a task as it is stored, with its lead's name.
pub use crate::storage::tasks::TaskRow as Task;

/// Create a task.
#[utoipa::path(post, path = "/api/v1/tasks", operation_id = "createTask", tag = "tasks", request_body = CreateTask,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = Task), (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    let task = write
        .body::<CreateTask>()?
        .check(|b| b.validate(caller.asker()))?;
    let (user, scope) = (caller.user_id, caller.scope());
    write
        .once(&state, &caller, |tx| {
            Box::pin(async move {
                let row = store::create(tx, task, user, scope).await?;
                Ok((StatusCode::CREATED.as_u16(), to_json(&row)?))
            })
        })
        .await
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListTasks {
    /// Whose tasks (a rep sees their own whatever this says).
    pub assignee_id: Option<Uuid>,
    pub lead_id: Option<Uuid>,
    /// `false` for open tasks, `true` for done ones; both when absent.
    pub done: Option<bool>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TaskPage {
    /// In the order they fall due, undated tasks last.
    pub items: Vec<Task>,
    pub next_cursor: Option<String>,
}

/// A task's place in the list: its due time in microseconds, or `none`.
fn cursor_key(due: Option<DateTime<Utc>>) -> String {
    due.map_or_else(|| "none".to_owned(), |d| d.timestamp_micros().to_string())
}

fn parse_cursor(cursor: &str) -> Result<(Option<DateTime<Utc>>, Uuid), FieldError> {
    let (key, id) = decode_cursor(cursor)?;
    let bad = || FieldError::new("cursor", "error-bad-cursor");
    let due = match key {
        "none" => None,
        micros => Some(
            micros
                .parse::<i64>()
                .ok()
                .and_then(DateTime::from_timestamp_micros)
                .ok_or_else(bad)?,
        ),
    };
    Ok((due, id))
}

/// List tasks.
#[utoipa::path(get, path = "/api/v1/tasks", operation_id = "listTasks", tag = "tasks", params(ListTasks),
    responses((status = 200, body = TaskPage), (status = 422, body = crate::http::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListTasks>,
) -> ApiResult<Json<TaskPage>> {
    let limit = page_limit(query.limit)?;
    let after = query.cursor.as_deref().map(parse_cursor).transpose()?;
    let filter = TaskFilter {
        assignee_id: query.assignee_id,
        lead_id: query.lead_id,
        done: query.done,
    };
    let rows = store::list(&state.db, &filter, caller.scope(), after, limit).await?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| {
            rows.last()
                .map(|r| encode_cursor(&cursor_key(r.due_at), r.id))
        })
        .flatten();
    Ok(Json(TaskPage {
        items: rows,
        next_cursor,
    }))
}

/// Change or complete a task.
#[utoipa::path(patch, path = "/api/v1/tasks/{id}", operation_id = "updateTask", tag = "tasks", params(("id" = Uuid, Path)),
    request_body = UpdateTask,
    responses((status = 200, body = Task), (status = 404, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    body: ApiBody<UpdateTask>,
) -> ApiResult<Json<Task>> {
    let patch = body.check(|b| b.validate(caller.asker()))?;
    let mut tx = state.db.begin().await?;
    let row = store::update(&mut tx, id, patch, caller.user_id, caller.scope()).await?;
    tx.commit().await?;
    Ok(Json(row))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgendaQuery {
    /// Whose agenda: the caller's unless given; a rep may read only their own, a manager
    /// limited to their teams only their teams' reps'.
    pub user_id: Option<Uuid>,
    /// A team's agenda instead: its members' follow-ups and tasks together, each line
    /// naming whose it is (managers and admins).
    pub team_id: Option<Uuid>,
}

/// Read an agenda: follow-ups and tasks due.
#[utoipa::path(get, path = "/api/v1/agenda", operation_id = "getAgenda", tag = "tasks", params(AgendaQuery),
    responses((status = 200, body = Agenda), (status = 403, body = crate::http::error::Problem),
              (status = 404, body = crate::http::error::Problem)))]
pub async fn agenda(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AgendaQuery>,
) -> ApiResult<Json<Agenda>> {
    let now = Utc::now();
    if let Some(team) = query.team_id {
        caller.require_manager()?;
        let scope = caller.scope();
        return Ok(Json(
            agenda::of_team(&state, caller.user_id, scope, team, now).await?,
        ));
    }
    let whose = query.user_id.unwrap_or(caller.user_id);
    agenda::check_whose(&state, caller.user_id, caller.scope(), whose).await?;
    Ok(Json(agenda::of(&state, whose, caller.scope(), now).await?))
}
