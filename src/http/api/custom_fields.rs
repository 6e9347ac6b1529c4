//! `/api/v1/custom-fields`: the fields a company records on its leads beyond Leadline's
//! own. An admin defines them; everyone reads them, to know the keys of a lead's `custom`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use uuid::Uuid;

use super::idempotent::{to_json, Retryable, ONCE};
use crate::domain::custom::{self, CustomField, FieldKind};
use crate::domain::Checks;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{require_json, ApiBody, ApiPath};
use crate::state::AppState;
use crate::storage::audit;
use crate::storage::custom_fields::{self as store, FieldPatch};

/// List the custom fields.
///
/// Every field, in the order the pages show them; an inactive one is no longer filled
/// in, and the values leads hold of it stay.
#[utoipa::path(get, path = "/api/v1/custom-fields", operation_id = "listCustomFields", tag = "custom fields",
    responses((status = 200, body = Vec<CustomField>)))]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
) -> ApiResult<Json<Vec<CustomField>>> {
    Ok(Json(store::list(&state.db, true).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomField {
    /// How the API, the import and web forms name it: 1 to 40 lowercase letters, digits or
    /// `_`, starting with a letter; made from the label when left out. It never changes.
    pub key: Option<String>,
    pub label: String,
    pub kind: FieldKind,
    /// The values a `choice` field offers, in order (at least one).
    pub choices: Option<Vec<String>>,
    /// Where it is shown among the others, ascending; after the last when left out.
    pub position: Option<i32>,
}

/// Add a custom field.
#[utoipa::path(post, path = "/api/v1/custom-fields", operation_id = "createCustomField", tag = "custom fields",
    request_body = CreateCustomField,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = CustomField), (status = 403, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_admin()?;
    let (key, label, kind, choices, position) =
        write.body::<CreateCustomField>()?.check(|body| {
            let mut checks = Checks::default();
            let key = match &body.key {
                Some(key) => checks.take(custom::parse_key("key", key)),
                None => custom::key_from_label(&body.label),
            };
            let choices = body.choices.unwrap_or_default();
            let (label, choices) = match custom::check_definition(&body.label, body.kind, &choices)
            {
                Ok(checked) => checked,
                Err(errors) => {
                    checks.add_all(errors);
                    Default::default()
                }
            };
            checks.finish((key, label, body.kind, choices, body.position))
        })?;
    write
        .once(&state, &caller, move |tx| {
            Box::pin(async move {
                let field = store::create(tx, &key, &label, kind, &choices, position).await?;
                Ok((StatusCode::CREATED.as_u16(), to_json(&field)?))
            })
        })
        .await
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomField {
    pub label: Option<String>,
    /// A `choice` field's values, replacing them; leads keep the values they hold.
    pub choices: Option<Vec<String>>,
    pub position: Option<i32>,
    /// `false`: no longer filled in (the values leads hold stay); `true`: in use again.
    pub active: Option<bool>,
}

/// Change a custom field.
///
/// Its key and kind stay as they were made, so that the values leads hold keep their
/// meaning.
#[utoipa::path(patch, path = "/api/v1/custom-fields/{id}", operation_id = "updateCustomField", tag = "custom fields",
    params(("id" = Uuid, Path)), request_body = UpdateCustomField,
    responses((status = 200, body = CustomField), (status = 403, body = crate::http::error::Problem),
              (status = 404, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<CustomField>> {
    caller.require_admin()?;
    require_json(&headers)?;
    let field = store::get(&state.db, id).await?;
    let patch =
        ApiBody::<UpdateCustomField>::parse(&body)?.check(|body| checked_patch(&field, body))?;
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    let changed = store::update(&mut *tx, id, &patch).await?;
    tx.commit().await?;
    Ok(Json(changed))
}

/// A change to `field`, checked as a new field's label and choices are.
fn checked_patch(field: &CustomField, body: UpdateCustomField) -> Result<FieldPatch, ApiError> {
    let (label, choices) =
        custom::check_change(field, body.label.as_deref(), body.choices.as_deref())?;
    Ok(FieldPatch {
        label,
        choices,
        position: body.position,
        active: body.active,
    })
}
