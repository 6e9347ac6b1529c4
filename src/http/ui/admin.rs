//! Admin pages: users and API tokens.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use super::format::{datetime, opt_datetime};
use super::{render, render_status, with_code, Admin, CsrfForm, Layout, UiResult, UiUser};
use crate::credentials;
use crate::domain::lead::Email;
use crate::domain::token::ApiScope;
use crate::domain::user::Role;
use crate::domain::{required_text, FieldError, FieldErrors};
use crate::http::api::admin::CreateToken;
use crate::i18n::{field_error, t, Arg, Translate};
use crate::state::AppState;
use crate::storage::teams::{self, TeamRow};
use crate::storage::users::{self, UserRow};
use crate::storage::{audit, StoreError};

#[derive(Template)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    pub layout: Layout,
    pub users: Vec<UserRow>,
    pub teams: Vec<TeamRow>,
    pub me: Uuid,
    pub roles: Vec<&'static str>,
    pub error: Option<String>,
    /// HTML: what was just done, with a generated password shown this once (a user
    /// added, a password reset).
    pub notice: Option<String>,
}

/// A role's name, as the admin pages show it (message `admin-role-<role>`).
pub fn role_name(role: &str) -> String {
    t(&format!("admin-role-{role}"))
}

impl UsersPage {
    fn role_name(&self, role: &str) -> String {
        role_name(role)
    }
}

/// HTML: the notice of a just-created user, their password in `<code>`.
fn created_notice(email: &str, password: &str) -> String {
    with_code(
        "admin-users-created",
        &[("email", Arg::from(email))],
        "password",
        password,
        Some("new-password"),
    )
}

/// The users page, with an error or a just-created user's e-mail and password.
pub(super) async fn users_page(
    state: &AppState,
    user: &UiUser,
    error: Option<String>,
    created: Option<(String, String)>,
) -> UiResult<UsersPage> {
    Ok(UsersPage {
        layout: Layout::new(user, "admin"),
        users: users::list(&state.db).await?,
        teams: teams::list(&state.db).await?,
        me: user.id,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
        error,
        notice: created.map(|(email, password)| created_notice(&email, &password)),
    })
}

pub async fn users(State(state): State<AppState>, Admin(user): Admin) -> UiResult<Response> {
    render(&users_page(&state, &user, None, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    email: String,
    name: String,
    role: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> UiResult<Response> {
    let checked = (|| {
        let email = Email::parse("email", &form.email)?;
        let name = required_text("name", &form.name, 200)?;
        let role = Role::parse(&form.role)
            .ok_or_else(|| FieldError::new("role", "admin-users-choose-role"))?;
        Ok::<_, FieldError>((email, name, role))
    })();
    let (email, name, role) = match checked {
        Ok(c) => c,
        Err(e) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &users_page(&state, &user, Some(field_error(&e)), None).await?,
            )
        }
    };
    let password = credentials::generate_password();
    let hash = credentials::hash_password(&password).map_err(super::UiError::Internal)?;
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    match users::create(&mut *tx, email.as_str(), &name, role, &hash).await {
        Ok(created) => {
            tx.commit().await?;
            render(&users_page(&state, &user, None, Some((created.email, password))).await?)
        }
        Err(StoreError::Field(e)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &users_page(&state, &user, Some(field_error(&e)), None).await?,
        ),
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct UpdateUserForm {
    role: Option<String>,
    active: Option<String>,
    /// The team form: a team's id, or empty for none.
    team_id: Option<String>,
    /// With the team form, a manager's box: set when ticked, absent when not.
    limited_to_teams: Option<String>,
}

pub async fn update_user(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<UpdateUserForm>,
) -> UiResult<Response> {
    let role = form.role.as_deref().and_then(Role::parse);
    let active = form.active.as_deref().map(|a| a == "true");
    if id == user.id && (active == Some(false) || role.is_some_and(|r| r != Role::Admin)) {
        let message = t("admin-users-not-yourself");
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &users_page(&state, &user, Some(message), None).await?,
        );
    }
    let team_id = match form.team_id.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(team) => {
            Some(Some(team.parse::<Uuid>().map_err(|_| {
                super::UiError::BadRequest(t("leads-error-bad-team"))
            })?))
        }
    };
    let change = users::UserChange {
        role,
        active,
        team_id,
        limited_to_teams: team_id.map(|_| form.limited_to_teams.is_some()),
        ..users::UserChange::default()
    };
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    match users::update(&mut *tx, id, change).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/users").into_response())
        }
        Err(StoreError::Field(e)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &users_page(&state, &user, Some(field_error(&e)), None).await?,
        ),
        Err(other) => Err(other.into()),
    }
}

/// End every session of a user (a lost laptop, a shared computer).
pub async fn sign_out_user(
    State(state): State<AppState>,
    Admin(_): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    users::get(&state.db, id).await?;
    users::end_sessions(&state.db, id).await?;
    Ok(Redirect::to("/admin/users").into_response())
}

pub struct TokenLine {
    pub id: Uuid,
    pub name: String,
    pub owner: String,
    /// Its scopes, or empty for everything the role allows.
    pub scopes: Vec<String>,
    pub origins: Vec<String>,
    pub expires: String,
    pub created: String,
    pub last_used: String,
    pub revoked: String,
}

#[derive(Template)]
#[template(path = "admin_tokens.html")]
pub struct TokensPage {
    pub layout: Layout,
    pub tokens: Vec<TokenLine>,
    /// Every scope a token may be limited to, by its code.
    pub scopes: Vec<&'static str>,
    pub users: Vec<UserRow>,
    pub error: Option<String>,
    /// A just-created token's secret, shown once.
    pub secret: Option<String>,
    /// A just-created web form's key in a contact form to paste into the company's site.
    pub form_snippet: Option<String>,
}

impl TokensPage {
    fn role_name(&self, role: &str) -> String {
        role_name(role)
    }

    /// HTML: what the API's tokens are for, the header they go in as `<code>`.
    fn intro(&self) -> String {
        with_code(
            "admin-tokens-intro",
            &[],
            "header",
            "Authorization: Bearer <token>",
            None,
        )
    }

    /// HTML: the notice of a just-created token, its secret in `<code>`.
    fn created_notice(&self) -> String {
        self.secret
            .as_ref()
            .map(|secret| {
                with_code(
                    "admin-tokens-created",
                    &[],
                    "token",
                    secret,
                    Some("new-token"),
                )
            })
            .unwrap_or_default()
    }
}

async fn tokens_page(
    state: &AppState,
    user: &UiUser,
    error: Option<String>,
    secret: Option<String>,
) -> UiResult<TokensPage> {
    let people = users::list(&state.db).await?;
    let tokens = users::list_tokens(&state.db, None)
        .await?
        .into_iter()
        .map(|t| TokenLine {
            id: t.id,
            owner: people
                .iter()
                .find(|u| u.id == t.user_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            name: t.name,
            scopes: t.scopes.unwrap_or_default(),
            origins: t.allowed_origins,
            expires: opt_datetime(t.expires_at, user.clock.zone),
            created: datetime(t.created_at, user.clock.zone),
            last_used: opt_datetime(t.last_used_at, user.clock.zone),
            revoked: opt_datetime(t.revoked_at, user.clock.zone),
        })
        .collect();
    Ok(TokensPage {
        layout: Layout::new(user, "admin"),
        tokens,
        scopes: ApiScope::ALL.iter().map(|s| s.as_str()).collect(),
        users: people.into_iter().filter(|u| u.active).collect(),
        error,
        secret,
        form_snippet: None,
    })
}

/// A contact form for the company's site, posting to this server's `/capture` (at
/// `leadline`, the origin the admin reaches it by) with the web form's key `secret`.
fn form_snippet(leadline: &str, secret: &str, site: &str) -> String {
    let field = |name: &str, label_id: &str, kind: &str| {
        format!(
            "  <label>{} <input name=\"{name}\" type=\"{kind}\"></label>\n",
            t(label_id)
        )
    };
    format!(
        "<form method=\"post\" action=\"{leadline}/capture\">\n\
         \x20 <input type=\"hidden\" name=\"key\" value=\"{secret}\">\n\
         \x20 <input type=\"hidden\" name=\"redirect\" value=\"{site}/\">\n\
         \x20 <input name=\"{honeypot}\" style=\"display:none\" tabindex=\"-1\" autocomplete=\"off\">\n\
         {name}{phone}{email}{company}\
         \x20 <label>{notes} <textarea name=\"notes\"></textarea></label>\n\
         \x20 <button>{send}</button>\n\
         </form>",
        honeypot = crate::http::capture::HONEYPOT,
        name = field("name", "field-name", "text"),
        phone = field("phone", "field-phone", "tel"),
        email = field("email", "field-email", "email"),
        company = field("company", "field-company", "text"),
        notes = t("field-notes"),
        send = t("admin-tokens-form-send"),
    )
}

pub async fn tokens(State(state): State<AppState>, Admin(user): Admin) -> UiResult<Response> {
    render(&tokens_page(&state, &user, None, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct NewTokenForm {
    name: String,
    user_id: Uuid,
    /// When it stops working, on the admin's clock; empty: when revoked.
    #[serde(default)]
    expires_at: Option<String>,
    /// The web origins a browser may use it from, one a line.
    #[serde(default)]
    allowed_origins: Option<String>,
    /// The scopes ticked, as `scope:leads:read=on`; the CSRF token comes along.
    #[serde(flatten)]
    ticked: std::collections::HashMap<String, String>,
}

impl NewTokenForm {
    /// The form as the API's request: no scope ticked is every scope of the role.
    fn request(&self, zone: crate::domain::zone::Zone) -> Result<CreateToken, FieldError> {
        let mut scopes: Vec<String> = self
            .ticked
            .keys()
            .filter_map(|k| k.strip_prefix("scope:"))
            .map(str::to_owned)
            .collect();
        scopes.sort();
        let origins: Vec<String> = self
            .allowed_origins
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        Ok(CreateToken {
            name: self.name.clone(),
            user_id: Some(self.user_id),
            scopes: (!scopes.is_empty()).then_some(scopes),
            expires_at: super::format::parse_local_time(
                "expires_at",
                self.expires_at.as_deref(),
                zone,
            )?,
            allowed_origins: (!origins.is_empty()).then_some(origins),
        })
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    Admin(user): Admin,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<NewTokenForm>,
) -> UiResult<Response> {
    let checked = form
        .request(user.clock.zone)
        .map_err(FieldErrors::from)
        .and_then(|request| request.limits(Utc::now()));
    let (name, limits) = match checked {
        Ok(checked) => checked,
        Err(e) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &tokens_page(&state, &user, Some(field_error(e.first())), None).await?,
            )
        }
    };
    let (secret, hash) = credentials::new_api_token();
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    users::create_limited_token(&mut *tx, form.user_id, &name, &hash, &limits).await?;
    tx.commit().await?;
    let is_form_key = limits.scopes.as_deref() == Some(&[ApiScope::LeadsCreate])
        && !limits.allowed_origins.is_empty();
    // The page's own form was posted from Leadline as the admin reaches it.
    let leadline = headers
        .get(axum::http::header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| o.starts_with("http"));
    let mut page = tokens_page(&state, &user, None, Some(secret.clone())).await?;
    if let (true, Some(leadline), Some(site)) =
        (is_form_key, leadline, limits.allowed_origins.first())
    {
        page.form_snippet = Some(form_snippet(leadline, &secret, site));
    }
    render(&page)
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    users::revoke_token(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/tokens").into_response())
}
