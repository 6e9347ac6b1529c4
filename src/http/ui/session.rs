//! Signing in and out, the session cookie, and CSRF checks on forms.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use rand::distributions::{Alphanumeric, DistString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use uuid::Uuid;

use super::{render_status, UiError, UiResult};
use crate::credentials::{token_hash, verify_password};
use crate::domain::user::Role;
use crate::domain::zone::Zone;
use crate::http::extract::ClientAddress;
use crate::i18n::{self, t, t_args, Arg, Asked, Language, Translate};
use crate::state::AppState;
use crate::storage::users::UserClock;
use crate::storage::{self, login_throttle, Actor, Scope};

pub const SESSION_COOKIE: &str = "ll_session";
const LOGIN_CSRF_COOKIE: &str = "ll_login_csrf";
const SESSION_HOURS: i32 = 12;
/// How long the sign-in page's choice of language is kept: a year.
const LANGUAGE_COOKIE_SECONDS: i64 = 365 * 24 * 3600;

/// The signed-in user of a page request.
#[derive(Clone, Debug)]
pub struct UiUser {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A manager who sees only their teams' leads and figures.
    pub limited_to_teams: bool,
    pub csrf: String,
    /// The zone every time on the pages is shown and typed in: the user's, else the
    /// company's.
    pub clock: UserClock,
    /// The language the pages speak to them: their own, else the browser's, else the
    /// company's.
    pub language: Language,
    /// Whether they chose it themselves.
    pub chose_language: bool,
    /// Their unread notifications when the request came.
    pub unread: i64,
}

impl UiUser {
    pub fn scope(&self) -> Scope {
        storage::users::scope_of(self.id, self.role, self.limited_to_teams)
    }

    /// Who asks, as the tasks and touches they may give or log are checked.
    pub fn asker(&self) -> crate::service::tasks::Asker {
        crate::service::tasks::Asker {
            id: self.id,
            role: self.role,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.id),
            token_id: None,
            call_id: None,
        }
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether a cookie set in answer to this request must be `Secure`: always when the
/// configuration says so, and whenever the request came over HTTPS (a proxy in front
/// says so with `X-Forwarded-Proto` or `Forwarded`). A client that claims HTTPS over
/// plain HTTP only gets a cookie its browser will not send back.
fn secure_cookies(state: &AppState, headers: &HeaderMap) -> bool {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase)
    };
    state.config.secure_cookies
        || header("x-forwarded-proto")
            .is_some_and(|p| p.split(',').next().map(str::trim) == Some("https"))
        || header("forwarded").is_some_and(|f| f.contains("proto=https"))
}

/// Equal secrets, compared in time that does not depend on where they differ.
fn same_secret(given: &str, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

impl FromRequestParts<AppState> for UiUser {
    type Rejection = UiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<UiUser>() {
            return Ok(user.clone());
        }
        let next = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let secret =
            cookie(&parts.headers, SESSION_COOKIE).ok_or(UiError::SignIn { next: next.clone() })?;
        let signed_in = storage::users::session_user(&state.db, &token_hash(secret))
            .await?
            .ok_or(UiError::SignIn { next })?;
        let speech = signed_in.speech;
        let asked = parts.extensions.get::<Asked>().copied().unwrap_or_default();
        let language = asked.for_user(speech.own, speech.company);
        i18n::adopt(language);
        let user = UiUser {
            role: signed_in.user.role(),
            limited_to_teams: signed_in.user.limited_to_teams,
            id: signed_in.user.id,
            name: signed_in.user.name,
            email: signed_in.user.email,
            csrf: signed_in.csrf_token,
            clock: signed_in.clock,
            language,
            chose_language: speech.own.is_some(),
            unread: signed_in.unread,
        };
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

/// A urlencoded form whose `csrf` field must match the session's token.
pub struct CsrfForm<T>(pub T);

/// The `csrf` field of a urlencoded body.
fn csrf_field(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = UiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let user = UiUser::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| UiError::BadRequest(t("session-form-unreadable")))?;
        if !csrf_field(&bytes).is_some_and(|given| same_secret(&given, &user.csrf)) {
            return Err(UiError::Csrf);
        }
        let form =
            crate::http::extract::parse_query::<T>(std::str::from_utf8(&bytes).unwrap_or(""))
                .map_err(UiError::from)?;
        Ok(CsrfForm(form))
    }
}

/// Check a CSRF token that came another way (a multipart form's action URL).
pub fn check_csrf(user: &UiUser, token: Option<&str>) -> UiResult<()> {
    if token.is_some_and(|given| same_secret(given, &user.csrf)) {
        Ok(())
    } else {
        Err(UiError::Csrf)
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
    /// The language picked on this page, if one was: signing in makes it the user's.
    picked: String,
}

/// A language the sign-in page offers, by its own name.
struct LanguageLink {
    tag: &'static str,
    name: &'static str,
    href: String,
    current: bool,
}

impl LoginPage {
    /// The languages to switch the page to, each a link back to it keeping `next`.
    fn languages(&self) -> Vec<LanguageLink> {
        let current = i18n::current();
        Language::ALL
            .into_iter()
            .map(|language| {
                let mut href = format!("/login?language={}", super::url_escape(language.tag()));
                if self.next != "/" {
                    href.push_str("&next=");
                    href.push_str(&super::url_escape(&self.next));
                }
                LanguageLink {
                    tag: language.tag(),
                    name: language.native_name(),
                    href,
                    current: language == current,
                }
            })
            .collect()
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    /// A language chosen on the page (`en`, `id`, `zh-CN`, `ru`), kept in a cookie.
    language: Option<String>,
}

/// `next` if it is a path of this site (never another host's), else nothing.
pub(super) fn local_path(next: Option<&str>) -> Option<&str> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
}

/// Only local paths are followed after signing in.
fn safe_next(next: Option<&str>) -> String {
    local_path(next).unwrap_or("/").to_owned()
}

pub async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: axum::extract::Query<LoginQuery>,
) -> UiResult<Response> {
    let secure = secure_cookies(&state, &headers);
    // A language chosen here is spoken from this page on, and kept for the next visits.
    let chosen = query.language.as_deref().and_then(Language::from_tag);
    if let Some(language) = chosen {
        i18n::adopt(language);
    }
    let csrf = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
    let page = LoginPage {
        csrf: csrf.clone(),
        next: safe_next(query.next.as_deref()),
        email: String::new(),
        error: None,
        picked: chosen.map(|l| l.tag().to_owned()).unwrap_or_default(),
    };
    let mut response = render_status(StatusCode::OK, &page)?;
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, &csrf, 3600, secure),
    );
    if let Some(language) = chosen {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(
                i18n::COOKIE,
                language.tag(),
                LANGUAGE_COOKIE_SECONDS,
                secure,
            ),
        );
    }
    Ok(response)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    /// Missing is refused like a wrong token, not as an unreadable form.
    #[serde(default)]
    csrf: String,
    next: Option<String>,
    /// The browser's time zone (IANA), filled in by the page's script where it runs.
    browser_zone: Option<String>,
    /// The language picked on the sign-in page just now, if one was.
    language: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    axum::Form(form): axum::Form<LoginForm>,
) -> UiResult<Response> {
    let planted = cookie(&headers, LOGIN_CSRF_COOKIE);
    if form.csrf.is_empty() || !planted.is_some_and(|c| same_secret(&form.csrf, c)) {
        return Err(UiError::Csrf);
    }
    let email = form.email.trim().to_lowercase();
    // Counted as a failure before the password is checked, and the same for unknown
    // e-mails, so that neither guessing at once nor the answer tells which accounts exist.
    if let Some(wait) = login_throttle::begin_attempt(&state.db, &email, address).await? {
        let minutes = (wait + 59) / 60;
        let page = LoginPage {
            csrf: form.csrf,
            next: safe_next(form.next.as_deref()),
            email: form.email,
            error: Some(t_args(
                "session-throttled",
                &[("minutes", Arg::from(minutes))],
            )),
            picked: form.language.clone().unwrap_or_default(),
        };
        let mut response = render_status(StatusCode::TOO_MANY_REQUESTS, &page)?;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return Ok(response);
    }
    let found = storage::users::find_for_login(&state.db, &email).await?;
    // Verify against a fixed hash when there is no such user, so timing does not tell.
    let hash = found
        .as_ref()
        .map_or_else(|| DUMMY_HASH.clone(), |(_, h)| h.clone());
    let password = form.password.clone();
    let valid = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| UiError::Internal(e.into()))?;
    let user = match found {
        Some((user, _)) if valid && user.active => user,
        _ => {
            let page = LoginPage {
                csrf: form.csrf,
                next: safe_next(form.next.as_deref()),
                email: form.email,
                error: Some(t("session-no-match")),
                picked: form.language.clone().unwrap_or_default(),
            };
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    login_throttle::clear(&state.db, &email).await?;
    // A language picked on the sign-in page just now becomes theirs; one picked on an
    // earlier visit (kept in the cookie) only if they have none.
    let picked = form.language.as_deref().and_then(Language::from_tag);
    if let Some(language) = picked {
        storage::users::set_language(&state.db, user.id, Some(language)).await?;
    } else if let Some(chosen) = Asked::of(&headers).chosen {
        if !storage::users::has_language(&state.db, user.id).await? {
            storage::users::set_language(&state.db, user.id, Some(chosen)).await?;
        }
    }
    // A fresh session on every sign-in, and the old one (if any) ended.
    if let Some(old) = cookie(&headers, SESSION_COOKIE) {
        storage::users::delete_session(&state.db, &token_hash(old)).await?;
    }
    let session_cookie = start(&state, &state.db, user.id, &headers).await?;
    let next = safe_next(form.next.as_deref());
    let offer = offered_zone(&state, user.id, form.browser_zone.as_deref()).await?;
    let to = match offer {
        // A user who has not chosen a clock yet, in a browser set to another zone than
        // the company's, is asked which to see times in.
        Some(zone) => format!(
            "/account?offer={}&next={}",
            super::url_escape(zone.name()),
            super::url_escape(&next)
        ),
        None => next,
    };
    let mut response = Redirect::to(&to).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session_cookie);
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, "", 0, secure_cookies(&state, &headers)),
    );
    Ok(response)
}

/// A new session of `user_id`, stored through `db` (a transaction, where it must stand
/// or fall with other writes), and the cookie that carries it to this browser.
pub async fn start(
    state: &AppState,
    db: impl sqlx::PgExecutor<'_>,
    user_id: Uuid,
    headers: &HeaderMap,
) -> UiResult<HeaderValue> {
    let secret = Alphanumeric.sample_string(&mut rand::thread_rng(), 43);
    let csrf = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
    storage::users::create_session(db, user_id, &token_hash(&secret), &csrf, SESSION_HOURS).await?;
    let max_age = i64::from(SESSION_HOURS) * 3600;
    Ok(set_cookie(
        SESSION_COOKIE,
        &secret,
        max_age,
        secure_cookies(state, headers),
    ))
}

/// The browser's zone, to offer to a user who has not chosen one, where it is not the
/// company's.
async fn offered_zone(
    state: &AppState,
    user_id: Uuid,
    browser: Option<&str>,
) -> UiResult<Option<Zone>> {
    let Some(browser) = browser.and_then(|b| Zone::parse("browser_zone", b).ok()) else {
        return Ok(None);
    };
    if storage::users::has_time_zone(&state.db, user_id).await? {
        return Ok(None);
    }
    let company = storage::settings::clock(&state.db).await?.zone;
    Ok((browser != company).then_some(browser))
}

/// A real argon2 hash of a random password, verified against when the e-mail is unknown.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    crate::credentials::hash_password(&crate::credentials::generate_password()).unwrap_or_default()
});

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        storage::users::delete_session(&state.db, &token_hash(secret)).await?;
    }
    Ok(signed_out(&state, &headers))
}

/// End every session of the signed-in user, on every device, this one included.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    storage::users::end_sessions(&state.db, user.id).await?;
    Ok(signed_out(&state, &headers))
}

/// Back to the sign-in page, the session cookie cleared.
fn signed_out(state: &AppState, headers: &HeaderMap) -> Response {
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, secure_cookies(state, headers)),
    );
    response
}
