//! The browser UI: server-rendered pages that work without JavaScript, behind cookie
//! sessions stored in PostgreSQL, with a CSRF token on every form.

pub mod account;
pub mod admin;
pub mod agenda;
pub mod audit;
pub mod board;
pub mod custom_fields;
pub mod dashboard;
pub mod forecast;
pub mod format;
pub mod import;
pub mod leads;
pub mod log_call;
pub mod lost_reasons;
pub mod notifications;
pub mod password;
pub mod queue;
pub mod session;
pub mod settings;
pub mod spend;
pub mod teams;
pub mod touches;
pub mod views;
pub mod webhooks;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::domain::user::Role;
use crate::http::error::ApiError;
use crate::i18n::{self, escape, t, t_args, Arg, Translate};
use crate::state::AppState;
use crate::storage::StoreError;
pub use session::{CsrfForm, UiUser};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(session::login_page).post(session::login))
        .route("/logout", post(session::logout))
        .route("/logout/everywhere", post(session::logout_everywhere))
        .route("/dashboard", get(dashboard::page))
        .route("/dashboard/export", get(dashboard::export))
        .route("/dashboard/tags", get(dashboard::tags::page))
        .route("/forecast", get(forecast::page))
        .route("/forecast/chances", post(forecast::set_chances))
        .route("/dashboard/export.csv", get(dashboard::export))
        .route("/queue", get(queue::page))
        .route("/queue/log", post(queue::log_call))
        .route("/queue/skip", post(queue::skip))
        .route("/leads", get(leads::list))
        .route("/leads/export", get(leads::export))
        .route("/leads/export.csv", get(leads::export))
        .route("/leads/new", get(leads::new_form).post(leads::create))
        .route("/leads/bulk", post(leads::bulk))
        .route("/leads/bulk/{id}", get(leads::bulk_progress))
        .route("/dial", get(leads::dial))
        .route("/leads/{id}", get(leads::show).post(leads::update))
        .route("/leads/{id}/calls", post(leads::log_call))
        .route("/leads/{id}/tasks", post(leads::add_task))
        .route("/leads/{id}/touches", post(leads::add_touch))
        .route("/board", get(board::page))
        .route("/views", post(views::save))
        .route("/views/{id}/delete", post(views::remove))
        .route("/agenda", get(agenda::page))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read", post(notifications::read_all))
        .route("/notifications/events", get(notifications::events))
        .route("/notifications/{id}/open", post(notifications::open))
        .route("/tasks/{id}/done", post(agenda::done))
        .route("/leads/{id}/move", post(leads::move_stage))
        .route("/leads/{id}/lost", post(leads::mark_lost))
        .route("/leads/{id}/reopen", post(leads::reopen))
        .route("/leads/{id}/erase", post(leads::erase))
        .route("/leads/{id}/merge", post(leads::merge))
        .route(
            "/lost-reasons",
            get(lost_reasons::page).post(lost_reasons::create),
        )
        .route("/lost-reasons/{id}", post(lost_reasons::update))
        .route("/spend", get(spend::page).post(spend::create))
        .route("/spend/export", get(spend::export))
        .route("/spend/{id}/delete", post(spend::delete))
        .route("/import", get(import::page))
        .route("/import/{id}", get(import::show).post(import::start))
        .route("/import/{id}/resume", post(import::resume))
        .route("/import/{id}/errors", get(import::errors))
        .route("/import/{id}/rejected", get(import::rejected))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/users/{id}", post(admin::update_user))
        .route("/admin/users/{id}/sign-out", post(admin::sign_out_user))
        .route("/admin/teams", get(teams::page).post(teams::create))
        .route(
            "/admin/custom-fields",
            get(custom_fields::page).post(custom_fields::create),
        )
        .route("/admin/custom-fields/{id}", post(custom_fields::update))
        .route("/admin/teams/{id}", post(teams::update))
        .route("/admin/teams/{id}/delete", post(teams::delete))
        .route(
            "/admin/tokens",
            get(admin::tokens).post(admin::create_token),
        )
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        .route("/admin/settings", get(settings::show).post(settings::save))
        .route("/admin/audit", get(audit::page))
        .route("/account", get(account::show).post(account::save))
        .route(
            "/account/password",
            get(password::page).post(password::change),
        )
        .route("/admin/users/{id}/password", post(password::reset))
        .route(
            "/admin/webhooks",
            get(webhooks::page).post(webhooks::create),
        )
        .route("/admin/webhooks/{id}", post(webhooks::update))
        .route("/admin/webhooks/{id}/delete", post(webhooks::delete))
        .route(
            "/admin/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            post(webhooks::redeliver),
        )
        .route(
            "/static/app.css",
            get(|| static_file(include_str!("../../../static/app.css"), "text/css")),
        )
        .route(
            "/static/app.js",
            get(|| static_file(include_str!("../../../static/app.js"), "text/javascript")),
        )
        .route("/api/docs", get(api_docs))
        .route(
            "/static/api-docs.js",
            get(|| {
                static_file(
                    include_str!("../../../static/api-docs.js"),
                    "text/javascript",
                )
            }),
        )
        .route(
            "/static/vendor/swagger-ui-5.36.0/swagger-ui-bundle.js",
            get(|| {
                vendored_file(
                    include_str!("../../../static/vendor/swagger-ui-5.36.0/swagger-ui-bundle.js"),
                    "text/javascript",
                )
            }),
        )
        .route(
            "/static/vendor/swagger-ui-5.36.0/swagger-ui.css",
            get(|| {
                vendored_file(
                    include_str!("../../../static/vendor/swagger-ui-5.36.0/swagger-ui.css"),
                    "text/css",
                )
            }),
        )
}

/// The API reference: the OpenAPI document rendered by Swagger UI. Open to anyone, as
/// the document is; trying an operation needs a token.
#[derive(Template)]
#[template(path = "api_docs.html")]
struct ApiDocsPage;

async fn api_docs() -> UiResult<Response> {
    render(&ApiDocsPage)
}

/// Static assets are compiled into the binary, so one file is the whole deployment.
async fn static_file(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A vendored library under a path that names its version: it never changes there.
async fn vendored_file(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

/// Managers land on the dashboard, reps on their call queue.
async fn home(user: UiUser) -> Redirect {
    if user.role.sees_everything() {
        Redirect::to("/dashboard")
    } else {
        Redirect::to("/queue")
    }
}

/// What a page can fail with; each renders as a page of its own.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error("sign in first")]
    SignIn { next: String },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("the form has expired or did not come from Leadline; go back, reload and try again")]
    Csrf,
    #[error("{0}")]
    BadRequest(String),
    #[error("this form was sent from another site; open Leadline itself and send it from there")]
    CrossSite,
    #[error("what was sent is too large")]
    TooLarge,
    #[error("that took too long and was stopped; try again")]
    TimedOut,
    #[error("the database is unavailable; try again in a moment")]
    Unavailable,
    #[error("something went wrong on our side; it has been logged")]
    Internal(#[source] anyhow::Error),
}

pub type UiResult<T> = Result<T, UiError>;

impl From<StoreError> for UiError {
    fn from(err: StoreError) -> Self {
        // The database's "changed at the same moment" is said on the page in its words.
        let raced = matches!(&err, StoreError::Db(_));
        match ApiError::from(err) {
            ApiError::Conflict { .. } if raced => UiError::BadRequest(t("error-page-conflict")),
            other => other.into(),
        }
    }
}

impl From<ApiError> for UiError {
    fn from(err: ApiError) -> Self {
        match err {
            ApiError::NotFound(what) => UiError::NotFound(what),
            ApiError::Forbidden(m) => UiError::Forbidden(m),
            ApiError::Unavailable => UiError::Unavailable,
            ApiError::TimedOut => UiError::TimedOut,
            ApiError::PayloadTooLarge(_) => UiError::TooLarge,
            ApiError::Internal(e) => UiError::Internal(e),
            ApiError::Invalid(e) => UiError::BadRequest(i18n::field_error(e.first())),
            ApiError::Conflict {
                existing_id: Some(id),
                ..
            } => UiError::BadRequest(i18n::t_args(
                "leads-error-duplicate-phone",
                &[("id", i18n::Arg::Text(id.to_string()))],
            )),
            ApiError::Conflict { field: Some(f), .. } if f == "phone" => {
                UiError::BadRequest(t("leads-error-duplicate-phone-hidden"))
            }
            other => UiError::BadRequest(other.to_string()),
        }
    }
}

impl From<sqlx::Error> for UiError {
    fn from(err: sqlx::Error) -> Self {
        StoreError::Db(err).into()
    }
}

impl From<askama::Error> for UiError {
    fn from(err: askama::Error) -> Self {
        UiError::Internal(err.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: String,
    message: String,
}

impl UiError {
    /// What the error page says, in the request's language.
    fn page_message(&self) -> String {
        match self {
            // Never shown: answered with a redirect to the sign-in page.
            UiError::SignIn { .. } => self.to_string(),
            UiError::Forbidden(m) | UiError::BadRequest(m) => m.clone(),
            UiError::NotFound(what) => {
                let id = format!("error-page-not-found-{}", what.replace([' ', '_'], "-"));
                i18n::try_message(i18n::current(), &id, &[])
                    .unwrap_or_else(|| t_args("error-page-not-found", &[("what", Arg::from(what))]))
            }
            UiError::Csrf => t("error-page-csrf"),
            UiError::CrossSite => t("error-page-cross-site"),
            UiError::TooLarge => t("error-page-too-large"),
            UiError::TimedOut => t("error-page-timed-out"),
            UiError::Unavailable => t("error-page-unavailable"),
            UiError::Internal(_) => t("error-page-internal"),
        }
    }
}

/// The error page's title: the status's name (`error-page-status-<code>`).
fn status_title(status: StatusCode) -> String {
    i18n::try_message(
        i18n::current(),
        &format!("error-page-status-{}", status.as_u16()),
        &[],
    )
    .unwrap_or_else(|| t("error-page-status"))
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let status = match &self {
            UiError::SignIn { next } => {
                let target = format!("/login?next={}", url_escape(next));
                return Redirect::to(&target).into_response();
            }
            UiError::Forbidden(_) => StatusCode::FORBIDDEN,
            UiError::NotFound(_) => StatusCode::NOT_FOUND,
            UiError::Csrf | UiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            UiError::CrossSite => StatusCode::FORBIDDEN,
            UiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UiError::TimedOut => StatusCode::REQUEST_TIMEOUT,
            UiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            UiError::Internal(source) => {
                tracing::error!(error = %format!("{source:#}"), "page failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let page = ErrorPage {
            title: status_title(status),
            message: self.page_message(),
        };
        let body = page.render().unwrap_or_else(|_| page.message.clone());
        let mut response = (status, Html(body)).into_response();
        if matches!(self, UiError::Unavailable) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        }
        response
    }
}

/// HTML: message `id` (with `args`) escaped, and its variable `name` the secret or code
/// `code` in a `<code>` element (with the `id` attribute `code_id`, if any), as a page
/// shows a token or a header name inside a sentence. Output with `|safe`.
pub fn with_code(
    id: &str,
    args: &[(&str, Arg)],
    name: &str,
    code: &str,
    code_id: Option<&str>,
) -> String {
    const MARKER: &str = "\u{E000}code\u{E001}";
    let mut all: Vec<(&str, Arg)> = args.to_vec();
    all.push((name, Arg::from(MARKER)));
    let element = match code_id {
        Some(code_id) => format!("<code id=\"{}\">{}</code>", escape(code_id), escape(code)),
        None => format!("<code>{}</code>", escape(code)),
    };
    escape(&t_args(id, &all)).replacen(MARKER, &element, 1)
}

/// Percent-encode a value for a query string.
pub fn url_escape(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A form or query field as typed, trimmed; blank is `None`.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// An owner filter as the list and the board take it: a user's id, or `none` (whose
/// leads no one owns, which this answers as no user).
pub fn owner_filter(value: &Option<String>) -> UiResult<Option<uuid::Uuid>> {
    given(value)
        .filter(|o| *o != "none")
        .map(|o| {
            o.parse()
                .map_err(|_| UiError::BadRequest(t("leads-error-bad-owner")))
        })
        .transpose()
}

/// A team filter as the lists, the board, the agenda and the dashboard take it.
pub fn team_filter(value: &Option<String>) -> UiResult<Option<uuid::Uuid>> {
    given(value)
        .map(|team| {
            team.parse()
                .map_err(|_| UiError::BadRequest(t("leads-error-bad-team")))
        })
        .transpose()
}

/// The name of the user `id` among `owners`; empty for no one.
pub fn owner_name(owners: &[crate::storage::users::UserRow], id: Option<uuid::Uuid>) -> String {
    id.and_then(|id| owners.iter().find(|u| u.id == id))
        .map(|u| u.name.clone())
        .unwrap_or_default()
}

/// Render a template as a 200 page.
pub fn render(template: &impl Template) -> UiResult<Response> {
    Ok(Html(template.render()?).into_response())
}

/// Render a template with a status (a form shown again with its errors is 422).
pub fn render_status(status: StatusCode, template: &impl Template) -> UiResult<Response> {
    Ok((status, Html(template.render()?)).into_response())
}

/// The navigation and identity every page's layout shows.
pub struct Layout {
    pub user_name: String,
    pub is_manager: bool,
    pub is_admin: bool,
    pub csrf: String,
    pub active: &'static str,
    pub flash: Option<String>,
    /// The zone the page's times are in, as the header names it.
    pub zone: String,
    /// The user's unread notifications, as the header counts them, and in words.
    pub unread: i64,
    pub unread_label: String,
}

impl Layout {
    pub fn new(user: &UiUser, active: &'static str) -> Self {
        Layout {
            user_name: user.name.clone(),
            is_manager: user.role.sees_everything(),
            is_admin: user.role == Role::Admin,
            csrf: user.csrf.clone(),
            active,
            flash: None,
            zone: user.clock.zone.to_string(),
            unread: user.unread,
            unread_label: notifications::unread_label(user.unread),
        }
    }

    pub fn with_flash(mut self, flash: Option<String>) -> Self {
        self.flash = flash;
        self
    }
}

/// The signed-in user, if their role passes `allowed`; otherwise a 403 page saying who
/// the page is for (message `for_whom`).
async fn signed_in_as(
    parts: &mut axum::http::request::Parts,
    state: &AppState,
    allowed: fn(Role) -> bool,
    for_whom: &str,
) -> Result<UiUser, UiError> {
    let user = UiUser::from_request_parts(parts, state).await?;
    if allowed(user.role) {
        Ok(user)
    } else {
        Err(UiError::Forbidden(t(for_whom)))
    }
}

/// Parts-only extractor that requires a manager or admin.
pub struct Manager(pub UiUser);

impl FromRequestParts<AppState> for Manager {
    type Rejection = UiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in_as(
            parts,
            state,
            Role::sees_everything,
            "error-page-for-managers",
        )
        .await
        .map(Manager)
    }
}

/// Parts-only extractor that requires an admin.
pub struct Admin(pub UiUser);

impl FromRequestParts<AppState> for Admin {
    type Rejection = UiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in_as(
            parts,
            state,
            |role| role == Role::Admin,
            "error-page-for-admins",
        )
        .await
        .map(Admin)
    }
}
