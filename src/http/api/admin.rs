//! Users, API tokens, tags and lost reasons.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::idempotent::{to_json, Retryable, ONCE, ONCE_SECRET};
use crate::credentials;
use crate::domain::farming;
use crate::domain::lead::Email;
use crate::domain::stage::Stage;
use crate::domain::token::{parse_origin, ApiScope};
use crate::domain::user::Role;
use crate::domain::{optional_text, required_text, Checks, FieldError, FieldErrors};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use crate::storage::reference::{self, LostReasonPatch, LostReasonRow, TagRow};

use crate::storage::users::TokenLimits;
/// The API shows users and their tokens as they are stored.
pub use crate::storage::users::{TokenRow as Token, UserRow as User};
use crate::storage::{audit, users};

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "getMe", tag = "users", responses((status = 200, body = User)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<User>> {
    Ok(Json(users::get(&state.db, caller.user_id).await?))
}

/// List users.
#[utoipa::path(get, path = "/api/v1/users", operation_id = "listUsers", tag = "users",
    responses((status = 200, body = Vec<User>), (status = 403, body = crate::http::error::Problem)))]
pub async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<User>>> {
    caller.require_manager()?;
    Ok(Json(users::list(&state.db).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// At least 10 characters; omit to have one generated and returned once.
    pub password: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedUser {
    pub user: User,
    /// The generated password, shown this once; absent when one was given.
    pub password: Option<String>,
}

/// Add a user.
#[utoipa::path(post, path = "/api/v1/users", operation_id = "createUser", tag = "users", request_body = CreateUser,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE_SECRET)),
    responses((status = 201, body = CreatedUser), (status = 403, body = crate::http::error::Problem),
              (status = 409, description = "A retry of a request that generated a password", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_admin()?;
    let body = write.body::<CreateUser>()?.check(Ok::<_, ApiError>)?;
    let email = Email::parse("email", &body.email)?;
    let name = required_text("name", &body.name, 200)?;
    let generated = body.password.is_none().then(credentials::generate_password);
    let password = body
        .password
        .as_deref()
        .or(generated.as_deref())
        .unwrap_or_default();
    credentials::check_password_strength("password", password)?;
    let hash = credentials::hash_password(password).map_err(ApiError::Internal)?;
    let role = body.role;
    write
        .once_hiding(&state, &caller, "password", move |tx| {
            Box::pin(async move {
                let user = users::create(&mut **tx, email.as_str(), &name, role, &hash).await?;
                let created = CreatedUser {
                    user,
                    password: generated,
                };
                Ok((StatusCode::CREATED.as_u16(), to_json(&created)?))
            })
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    pub name: Option<String>,
    pub role: Option<Role>,
    /// Deactivated users cannot sign in and their tokens stop working.
    pub active: Option<bool>,
    pub password: Option<String>,
    /// The team the user is in; `null` takes them out of it.
    #[serde(default, deserialize_with = "crate::service::input::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub team_id: Option<Option<Uuid>>,
    /// A manager who sees only the leads and figures of the teams they lead.
    pub limited_to_teams: Option<bool>,
}

/// Change a user (role, language, zone, team, active).
#[utoipa::path(patch, path = "/api/v1/users/{id}", operation_id = "updateUser", tag = "users", params(("id" = Uuid, Path)), request_body = UpdateUser,
    responses((status = 200, body = User), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem),
              (status = 409, description = "Admins cannot demote or deactivate themselves", body = crate::http::error::Problem)))]
pub async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<UpdateUser>,
) -> ApiResult<Json<User>> {
    caller.require_admin()?;
    if id == caller.user_id
        && (body.active == Some(false) || body.role.is_some_and(|r| r != Role::Admin))
    {
        return Err(ApiError::Conflict {
            message: "you cannot demote or deactivate yourself; ask another admin".into(),
            field: Some("role".into()),
            existing_id: None,
        });
    }
    let name = body
        .name
        .map(|n| required_text("name", &n, 200))
        .transpose()?;
    let hash = match body.password.as_deref() {
        Some(p) => {
            credentials::check_password_strength("password", p)?;
            Some(credentials::hash_password(p).map_err(ApiError::Internal)?)
        }
        None => None,
    };
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    let change = users::UserChange {
        name: name.as_deref(),
        role: body.role,
        active: body.active,
        password_hash: hash.as_deref(),
        team_id: body.team_id,
        limited_to_teams: body.limited_to_teams,
    };
    let user = users::update(&mut *tx, id, change).await?;
    tx.commit().await?;
    Ok(Json(user))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EndedSessions {
    /// Browser sessions that were signed in and now are not.
    pub ended: u64,
}

/// Sign a user out of every browser.
///
/// Sign a user out of every browser, everywhere: an admin for anyone, anyone for
/// themselves. Their API tokens are not touched (revoke those one by one).
#[utoipa::path(delete, path = "/api/v1/users/{id}/sessions", operation_id = "endUserSessions", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = EndedSessions), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn end_user_sessions(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<EndedSessions>> {
    if id != caller.user_id {
        caller.require_admin()?;
    }
    users::get(&state.db, id).await?;
    let ended = users::end_sessions(&state.db, id).await?;
    Ok(Json(EndedSessions { ended }))
}

/// List API tokens.
#[utoipa::path(get, path = "/api/v1/tokens", operation_id = "listTokens", tag = "tokens",
    responses((status = 200, body = Vec<Token>), (status = 403, body = crate::http::error::Problem)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<Token>>> {
    caller.require_admin()?;
    Ok(Json(
        users::list_tokens(&state.db, None)
            .await?
            .into_iter()
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    pub name: String,
    /// Whose token it is; default the caller.
    pub user_id: Option<Uuid>,
    /// What it may do (`leads:read`, `leads:create`, `leads:write`, `calls:read`,
    /// `calls:write`, `spend:write`, `metrics:read`, `admin`), within its user's role;
    /// none given: whatever the role allows. A web form's key has `["leads:create"]`
    /// alone: its leads are nobody's until a manager gives them out.
    pub scopes: Option<Vec<String>>,
    /// When it stops working; none: when revoked.
    pub expires_at: Option<DateTime<Utc>>,
    /// The web origins (`https://www.example.co.id`) a browser may use it from, with
    /// CORS; from any other origin it is refused. None: from servers alone.
    pub allowed_origins: Option<Vec<String>>,
}

impl CreateToken {
    /// Its name and limits, checked: every bad field named.
    pub fn limits(&self, now: DateTime<Utc>) -> Result<(String, TokenLimits), FieldErrors> {
        let mut checks = Checks::default();
        let name = checks.take(required_text("name", &self.name, 100));
        let scopes = checks.take(
            self.scopes
                .as_deref()
                .map(|names| ApiScope::parse_list("scopes", names))
                .transpose(),
        );
        let expires_at = checks.take(match self.expires_at {
            Some(at) if at <= now => Err(FieldError::new("expires_at", "error-not-in-future")),
            at => Ok(at),
        });
        let origins = self.allowed_origins.as_deref().unwrap_or_default();
        let mut allowed_origins = Vec::with_capacity(origins.len());
        for (i, origin) in origins.iter().enumerate() {
            let origin = checks.take(parse_origin(&format!("allowed_origins[{i}]"), origin));
            if !origin.is_empty() && !allowed_origins.contains(&origin) {
                allowed_origins.push(origin);
            }
        }
        checks.finish((
            name,
            TokenLimits {
                scopes,
                expires_at,
                allowed_origins,
            },
        ))
    }
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub token: Token,
    /// The secret, shown this once: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// Make an API token.
#[utoipa::path(post, path = "/api/v1/tokens", operation_id = "createToken", tag = "tokens", request_body = CreateToken,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE_SECRET)),
    responses((status = 201, body = CreatedToken), (status = 403, body = crate::http::error::Problem),
              (status = 409, description = "A retry of a request that made a token", body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_admin()?;
    let body = write.body::<CreateToken>()?.check(Ok::<_, ApiError>)?;
    let (name, limits) = body.limits(Utc::now())?;
    let (secret, hash) = credentials::new_api_token();
    let user = body.user_id.unwrap_or(caller.user_id);
    write
        .once_hiding(&state, &caller, "secret", move |tx| {
            Box::pin(async move {
                let token =
                    users::create_limited_token(&mut **tx, user, &name, &hash, &limits).await?;
                Ok((
                    StatusCode::CREATED.as_u16(),
                    to_json(&CreatedToken { token, secret })?,
                ))
            })
        })
        .await
}

/// Revoke an API token.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", operation_id = "revokeToken", tag = "tokens", params(("id" = Uuid, Path)),
    responses((status = 200, body = Token), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Token>> {
    caller.require_admin()?;
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    let token = users::revoke_token(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(Json(token))
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Tag {
    pub id: Uuid,
    pub name: String,
    pub group: Option<String>,
    /// Leads carrying the tag that the caller may see (a rep: their own).
    pub leads: i64,
}

impl From<TagRow> for Tag {
    fn from(t: TagRow) -> Self {
        Tag {
            id: t.id,
            name: t.name,
            group: t.tag_group,
            leads: t.leads,
        }
    }
}

/// List tags.
#[utoipa::path(get, path = "/api/v1/tags", operation_id = "listTags", tag = "tags", responses((status = 200, body = Vec<Tag>)))]
pub async fn list_tags(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<Tag>>> {
    Ok(Json(
        reference::list_tags(&state.db, caller.scope())
            .await?
            .into_iter()
            .map(Tag::from)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutTag {
    pub name: String,
    pub group: Option<String>,
}

/// Add or regroup a tag.
#[utoipa::path(post, path = "/api/v1/tags", operation_id = "putTag", tag = "tags", request_body = PutTag,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 200, description = "Created, or its group set", body = Tag), (status = 403, body = crate::http::error::Problem)))]
pub async fn put_tag(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_manager()?;
    let body = write.body::<PutTag>()?.check(Ok::<_, ApiError>)?;
    let name = required_text("name", &body.name, 60)?;
    let group = optional_text("group", body.group.as_deref(), 60)?;
    write
        .once(&state, &caller, move |tx| {
            Box::pin(async move {
                let tag: Tag = reference::upsert_tag(&mut **tx, &name, group.as_deref())
                    .await?
                    .into();
                Ok((StatusCode::OK.as_u16(), to_json(&tag)?))
            })
        })
        .await
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LostReason {
    pub id: Uuid,
    pub label: String,
    pub active: bool,
    /// Days after which a lead lost for this reason comes back into the funnel by itself,
    /// at the stage it was lost at; null: never.
    pub return_after_days: Option<i32>,
    /// What the rep does when such a lead comes back.
    pub playbook: Option<String>,
    /// The playbook for a lead coming back at one stage in particular, by stage.
    pub stage_playbooks: BTreeMap<Stage, String>,
}

impl From<LostReasonRow> for LostReason {
    fn from(r: LostReasonRow) -> Self {
        LostReason {
            id: r.id,
            label: r.label,
            active: r.active,
            return_after_days: r.return_after_days,
            playbook: r.playbook,
            stage_playbooks: r.stage_playbooks.0,
        }
    }
}

/// List lost reasons.
#[utoipa::path(get, path = "/api/v1/lost-reasons", operation_id = "listLostReasons", tag = "lost reasons", responses((status = 200, body = Vec<LostReason>)))]
pub async fn list_lost_reasons(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<LostReason>>> {
    let all = caller.role.sees_everything();
    Ok(Json(
        reference::list_lost_reasons(&state.db, all)
            .await?
            .into_iter()
            .map(LostReason::from)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateLostReason {
    pub label: String,
}

/// Add a lost reason.
#[utoipa::path(post, path = "/api/v1/lost-reasons", operation_id = "createLostReason", tag = "lost reasons", request_body = CreateLostReason,
    params(("Idempotency-Key" = Option<String>, Header, description = ONCE)),
    responses((status = 201, body = LostReason), (status = 403, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn create_lost_reason(
    State(state): State<AppState>,
    caller: Caller,
    write: Retryable,
) -> ApiResult<Response> {
    caller.require_manager()?;
    let body = write.body::<CreateLostReason>()?.check(Ok::<_, ApiError>)?;
    let label = required_text("label", &body.label, 100)?;
    write
        .once(&state, &caller, move |tx| {
            Box::pin(async move {
                let reason: LostReason = reference::create_lost_reason(&mut **tx, &label)
                    .await?
                    .into();
                Ok((StatusCode::CREATED.as_u16(), to_json(&reason)?))
            })
        })
        .await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateLostReason {
    /// Inactive reasons stay on past leads but are no longer offered.
    pub active: Option<bool>,
    /// Days (1 to 3650) after which a lead lost for this reason comes back by itself; null:
    /// never. New days re-date the return of the leads lost for it now, from the day each
    /// was lost.
    #[serde(default, deserialize_with = "crate::service::input::double_option")]
    #[schema(value_type = Option<i64>)]
    pub return_after_days: Option<Option<i64>>,
    /// What to do when such a lead comes back (at most 2000 characters); null or blank: none.
    #[serde(default, deserialize_with = "crate::service::input::double_option")]
    #[schema(value_type = Option<String>)]
    pub playbook: Option<Option<String>>,
    /// The playbook for one stage in particular, by stage (`new` to `evaluate`, where a lead
    /// can be lost); replaces those held. A blank text drops the stage's.
    pub stage_playbooks: Option<BTreeMap<Stage, String>>,
}

impl UpdateLostReason {
    /// The change, checked: each bad field named.
    fn patch(&self) -> Result<LostReasonPatch, FieldErrors> {
        let way_back = farming::check_change(
            self.return_after_days,
            self.playbook.as_ref().map(Option::as_deref),
            self.stage_playbooks.as_ref(),
        )?;
        Ok(LostReasonPatch {
            active: self.active,
            way_back,
        })
    }
}

/// Change a lost reason: whether it is offered, and its way back.
#[utoipa::path(patch, path = "/api/v1/lost-reasons/{id}", operation_id = "updateLostReason", tag = "lost reasons", params(("id" = Uuid, Path)), request_body = UpdateLostReason,
    responses((status = 200, body = LostReason), (status = 403, body = crate::http::error::Problem), (status = 404, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn update_lost_reason(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<UpdateLostReason>,
) -> ApiResult<Json<LostReason>> {
    caller.require_manager()?;
    let patch = body.patch()?;
    let mut tx = audit::begin_as(&state.db, caller.actor()).await?;
    let reason = reference::update_lost_reason(&mut tx, id, &patch).await?;
    tx.commit().await?;
    Ok(Json(reason.into()))
}
