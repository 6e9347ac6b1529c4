//! Passwords: every user changes their own (knowing the current one), and an admin
//! resets anyone else's to a generated one shown once. Either ends the user's other
//! sessions: the database ends every session of a user whose password changes
//! (migration 0019), and the browser that changed its own gets a new one at once.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::admin::users_page;
use super::{render, render_status, session, with_code, Admin, CsrfForm, Layout, UiError};
use super::{UiResult, UiUser};
use crate::credentials::{self, check_password_strength, verify_password};
use crate::domain::FieldError;
use crate::http::extract::ClientAddress;
use crate::i18n::{field_error, t, t_args, Arg, Translate};
use crate::state::AppState;
use crate::storage::{audit, login_throttle, users};

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub layout: Layout,
    pub email: String,
    /// The fewest characters a new password may have.
    pub min_chars: usize,
    pub error: Option<String>,
}

fn password_page(user: &UiUser, error: Option<String>) -> PasswordPage {
    PasswordPage {
        layout: Layout::new(user, ""),
        email: user.email.clone(),
        min_chars: credentials::MIN_PASSWORD_CHARS,
        error,
    }
}

pub async fn page(user: UiUser) -> UiResult<Response> {
    render(&password_page(&user, None))
}

/// The three fields of the form; none is ever shown again.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

/// The new password, as typed twice and strong enough.
fn new_password(form: &PasswordForm) -> Result<&str, FieldError> {
    check_password_strength("new_password", &form.new_password)?;
    if form.new_password != form.repeat_password {
        return Err(FieldError::new(
            "repeat_password",
            "password-error-mismatch",
        ));
    }
    Ok(&form.new_password)
}

/// Change the signed-in user's password: the current one checked (and counted against
/// the sign-in throttle, so a session left open cannot be used to guess it), then the
/// new one set, every session of theirs ended and this browser given a new one, in one
/// transaction.
pub async fn change(
    State(state): State<AppState>,
    user: UiUser,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> UiResult<Response> {
    let refuse = |status, error: String| render_status(status, &password_page(&user, Some(error)));
    let new = match new_password(&form) {
        Ok(new) => new.to_owned(),
        Err(e) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, field_error(&e)),
    };
    if let Some(wait) = login_throttle::begin_attempt(&state.db, &user.email, address).await? {
        let minutes = (wait + 59) / 60;
        let message = t_args("session-throttled", &[("minutes", Arg::from(minutes))]);
        let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, message)?;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return Ok(response);
    }
    let hash = users::find_for_login(&state.db, &user.email)
        .await?
        .map(|(_, hash)| hash)
        .unwrap_or_default();
    let current = form.current_password;
    let checked_hash = hash.clone();
    let new_hash = tokio::task::spawn_blocking(move || {
        verify_password(&current, &checked_hash).then(|| credentials::hash_password(&new))
    })
    .await
    .map_err(|e| UiError::Internal(e.into()))?;
    let wrong = || {
        let wrong = FieldError::new("current_password", "password-error-wrong-current");
        refuse(StatusCode::UNPROCESSABLE_ENTITY, field_error(&wrong))
    };
    let Some(new_hash) = new_hash else {
        return wrong();
    };
    let new_hash = new_hash.map_err(UiError::Internal)?;
    login_throttle::clear(&state.db, &user.email).await?;
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    // Only over the password just checked: one reset meanwhile is not overwritten.
    if !users::change_password(&mut *tx, user.id, &hash, &new_hash).await? {
        return wrong();
    }
    let cookie = session::start(&state, &mut *tx, user.id, &headers).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user.id, "password changed by its user");
    let mut response = Redirect::to("/account?changed=password").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

/// An admin's reset of another user's password: a generated one, shown once on the
/// users page, and every session of that user ended. Their own goes through the
/// password page, which asks for the current one.
pub async fn reset(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    if id == admin.id {
        let message = t("password-error-reset-yourself");
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &users_page(&state, &admin, Some(message), None).await?,
        );
    }
    let password = credentials::generate_password();
    let typed = password.clone();
    let hash = tokio::task::spawn_blocking(move || credentials::hash_password(&typed))
        .await
        .map_err(|e| UiError::Internal(e.into()))?
        .map_err(UiError::Internal)?;
    let mut tx = audit::begin_as(&state.db, admin.actor()).await?;
    let change = users::UserChange {
        password_hash: Some(&hash),
        ..users::UserChange::default()
    };
    let reset = users::update(&mut *tx, id, change).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, admin_id = %admin.id, "password reset by an admin");
    let notice = with_code(
        "password-reset-done",
        &[("email", Arg::from(reset.email.as_str()))],
        "password",
        &password,
        Some("new-password"),
    );
    let mut page = users_page(&state, &admin, None, None).await?;
    page.notice = Some(notice);
    render(&page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(new: &str, repeat: &str) -> PasswordForm {
        PasswordForm {
            current_password: "whatever it was".into(),
            new_password: new.into(),
            repeat_password: repeat.into(),
        }
    }

    #[test]
    fn the_new_password_is_typed_twice_and_long_enough() {
        assert_eq!(
            new_password(&form("a long new password", "a long new password")),
            Ok("a long new password")
        );
        assert_eq!(
            new_password(&form("a long new password", "a long new passwort"))
                .unwrap_err()
                .field,
            "repeat_password"
        );
        assert_eq!(
            new_password(&form("short", "short")).unwrap_err().field,
            "new_password"
        );
    }
}
