//! The signed-in user's own page: which clock the pages show and read times in, and
//! which language they speak. At a first sign-in from a browser set to another zone than
//! the company's, it offers that zone.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{render, render_status, session, CsrfForm, Layout, UiResult, UiUser};
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::i18n::{self, Asked, Language, Translate};
use crate::state::AppState;
use crate::storage;
use crate::storage::users::UserClock;

/// A language the menu offers, by its own name.
pub struct LanguageChoice {
    pub tag: &'static str,
    pub name: &'static str,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub layout: Layout,
    pub email: String,
    /// The zone chosen, or empty for the company's.
    pub time_zone: String,
    pub company_zone: String,
    pub zones: Vec<&'static str>,
    /// The language chosen (its tag), or empty for the browser's, else the company's.
    pub language: String,
    /// What the empty choice speaks now, by its own name.
    pub default_language: &'static str,
    pub languages: Vec<LanguageChoice>,
    /// The browser's zone, offered at a first sign-in.
    pub offer: Option<String>,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct AccountQuery {
    pub offer: Option<String>,
    pub next: Option<String>,
    /// `password` after the user changed theirs.
    pub changed: Option<String>,
}

/// The menu's languages, each by its own name.
pub fn language_choices() -> Vec<LanguageChoice> {
    Language::ALL
        .into_iter()
        .map(|l| LanguageChoice {
            tag: l.tag(),
            name: l.native_name(),
        })
        .collect()
}

/// The page, its menus set to `chosen` (zone) and `language` (tag).
async fn page(
    state: &AppState,
    user: &UiUser,
    headers: &HeaderMap,
    chosen: String,
    language: String,
    offer: Option<String>,
    next: String,
) -> UiResult<AccountPage> {
    let company = storage::settings::language(&state.db).await?;
    Ok(AccountPage {
        layout: Layout::new(user, ""),
        email: user.email.clone(),
        time_zone: chosen,
        company_zone: user.clock.company.to_string(),
        zones: Zone::all().collect(),
        language,
        default_language: Asked::of(headers).for_user(None, company).native_name(),
        languages: language_choices(),
        offer,
        next,
        error: None,
    })
}

/// Where to go after the page: a path of this site, else (empty) the page itself.
fn local(next: Option<&str>) -> String {
    session::local_path(next).unwrap_or_default().to_owned()
}

/// The zone the user chose, or empty for the company's.
fn chosen_zone(user: &UiUser) -> String {
    if user.clock.chosen {
        user.clock.zone.to_string()
    } else {
        String::new()
    }
}

/// The language the user chose (its tag), or empty.
fn chosen_language(user: &UiUser) -> String {
    if user.chose_language {
        user.language.tag().to_owned()
    } else {
        String::new()
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    Query(query): Query<AccountQuery>,
) -> UiResult<Response> {
    let offer = query
        .offer
        .as_deref()
        .and_then(|z| Zone::parse("offer", z).ok())
        .map(|z| z.to_string());
    let mut shown = page(
        &state,
        &user,
        &headers,
        chosen_zone(&user),
        chosen_language(&user),
        offer,
        local(query.next.as_deref()),
    )
    .await?;
    if query.changed.as_deref() == Some("password") {
        shown.layout = shown.layout.with_flash(Some(i18n::t("password-changed")));
    }
    render(&shown)
}

#[derive(Debug, Deserialize)]
pub struct AccountForm {
    /// An IANA zone, or empty for the company's; left as it is when the form lacks it.
    pub time_zone: Option<String>,
    /// A language's tag, or empty for the browser's, else the company's; left as it is
    /// when the form lacks it.
    pub language: Option<String>,
    #[serde(default)]
    pub next: String,
}

/// An optional choice: empty is none (`Ok(None)`), else `parse`d.
fn optional<T>(
    typed: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if typed.is_empty() {
        Ok(None)
    } else {
        parse(typed).map(Some)
    }
}

pub async fn save(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> UiResult<Response> {
    let typed_zone = form.time_zone.as_deref().map(str::trim);
    let typed_language = form.language.as_deref().map(str::trim);
    let checked = (|| {
        let zone = typed_zone
            .map(|z| optional(z, |z| Zone::parse("time_zone", z)))
            .transpose()?;
        let language = typed_language
            .map(|l| optional(l, |l| crate::domain::parse_language("language", l)))
            .transpose()?;
        Ok::<_, FieldError>((zone, language))
    })();
    let next = local(Some(&form.next));
    let (zone, language) = match checked {
        Ok(choices) => choices,
        Err(e) => {
            let mut refused = page(
                &state,
                &user,
                &headers,
                typed_zone.map_or_else(|| chosen_zone(&user), str::to_owned),
                typed_language.map_or_else(|| chosen_language(&user), str::to_owned),
                None,
                next,
            )
            .await?;
            refused.error = Some(i18n::field_error(&e));
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &refused);
        }
    };
    if let Some(zone) = zone {
        storage::users::set_time_zone(&state.db, user.id, zone).await?;
    }
    if let Some(language) = language {
        storage::users::set_language(&state.db, user.id, language).await?;
    }
    if !next.is_empty() {
        return Ok(Redirect::to(&next).into_response());
    }
    // The page again, as saved, in the language now theirs.
    let mut me = user.clone();
    if let Some(zone) = zone {
        me.clock = UserClock {
            zone: zone.unwrap_or(user.clock.company),
            chosen: zone.is_some(),
            company: user.clock.company,
        };
    }
    if let Some(language) = language {
        let company = storage::settings::language(&state.db).await?;
        me.language = Asked::of(&headers).for_user(language, company);
        me.chose_language = language.is_some();
    }
    i18n::adopt(me.language);
    let mut saved = page(
        &state,
        &me,
        &headers,
        chosen_zone(&me),
        chosen_language(&me),
        None,
        next,
    )
    .await?;
    saved.layout = saved.layout.with_flash(Some(i18n::t("account-saved")));
    render(&saved)
}
