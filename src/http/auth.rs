//! Who is calling: a bearer API token on the API. Role checks of SPEC section 5.

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::header::{AUTHORIZATION, ORIGIN};
use axum::http::request::Parts;
use uuid::Uuid;

use super::cors::AllowedOrigin;
use super::error::ApiError;
use super::rate_limit::TokenStanding;
use super::scopes;
use crate::credentials::token_hash;
use crate::domain::token::ApiScope;
use crate::domain::user::Role;
use crate::state::AppState;
use crate::storage::{self, Actor, Scope};

/// The authenticated caller of an API request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: Uuid,
    pub name: String,
    pub role: Role,
    /// A manager who sees only their teams' leads and figures.
    pub limited_to_teams: bool,
    pub token_id: Option<Uuid>,
    /// What the token may do; `None`: whatever the role allows.
    pub scopes: Option<Vec<ApiScope>>,
}

impl Caller {
    /// The leads this caller may see.
    pub fn scope(&self) -> Scope {
        storage::users::scope_of(self.user_id, self.role, self.limited_to_teams)
    }

    /// Who asks, as the tasks and touches they may give or log are checked.
    pub fn asker(&self) -> crate::service::tasks::Asker {
        crate::service::tasks::Asker {
            id: self.user_id,
            role: self.role,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user_id),
            token_id: self.token_id,
            call_id: None,
        }
    }

    /// A web form's key: it may create leads and nothing else, and the leads it creates
    /// are nobody's until a manager gives them out.
    pub fn is_form_key(&self) -> bool {
        self.scopes.as_deref() == Some(&[ApiScope::LeadsCreate])
    }

    /// Managers and admins only.
    pub fn require_manager(&self) -> Result<(), ApiError> {
        if self.role.sees_everything() {
            Ok(())
        } else {
            Err(ApiError::forbidden("this needs the manager or admin role"))
        }
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::forbidden("this needs the admin role"))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let secret = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or(ApiError::Unauthorized)?;
        let (token_id, user, grant) =
            storage::users::authenticate_token(&state.db, &token_hash(secret))
                .await?
                .ok_or(ApiError::Unauthorized)?;
        // A token limited to some web origins is refused from a page of any other; from
        // another server (no Origin) it is used as any token.
        if let Some(origin) = parts.headers.get(ORIGIN).and_then(|o| o.to_str().ok()) {
            if grant
                .allowed_origins
                .iter()
                .any(|allowed| allowed == origin)
            {
                if let Some(slot) = parts.extensions.get::<AllowedOrigin>() {
                    slot.set(origin.to_owned());
                }
            } else if !grant.allowed_origins.is_empty() {
                return Err(ApiError::forbidden(format!(
                    "this token may not be used from {origin}"
                )));
            }
        }
        // Counted once the token is known, against the token's own allowance.
        if let Some(standing) = state.rate_limits.count_token(token_id) {
            if let Some(slot) = parts.extensions.get::<TokenStanding>() {
                slot.set(standing);
            }
            if standing.retry_after.is_some() {
                return Err(ApiError::TooManyRequests);
            }
        }
        if let (Some(scopes), Some(route)) = (&grant.scopes, parts.extensions.get::<MatchedPath>())
        {
            if let Some(needed) = scopes::needed(&parts.method, route.as_str()) {
                if !scopes.contains(&needed) {
                    return Err(ApiError::MissingScope(needed));
                }
            }
        }
        let caller = Caller {
            user_id: user.id,
            role: user.role(),
            limited_to_teams: user.limited_to_teams,
            name: user.name,
            token_id: Some(token_id),
            scopes: grant.scopes,
        };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}
