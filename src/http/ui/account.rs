//! The signed-in user's own page: which clock the pages show and read times in. At a first
//! sign-in from a browser set to another zone than the company's, it offers that zone.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{render, render_status, session, CsrfForm, Layout, UiResult, UiUser};
use crate::domain::zone::Zone;
use crate::state::AppState;
use crate::storage;

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub layout: Layout,
    pub email: String,
    /// The zone chosen, or empty for the company's.
    pub time_zone: String,
    pub company_zone: String,
    pub zones: Vec<&'static str>,
    /// The browser's zone, offered at a first sign-in.
    pub offer: Option<String>,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct AccountQuery {
    pub offer: Option<String>,
    pub next: Option<String>,
}

fn page(user: &UiUser, chosen: String, offer: Option<String>, next: String) -> AccountPage {
    AccountPage {
        layout: Layout::new(user, ""),
        email: user.email.clone(),
        time_zone: chosen,
        company_zone: user.clock.company.to_string(),
        zones: Zone::all().collect(),
        offer,
        next,
        error: None,
    }
}

/// Where to go after the page: a path of this site, else (empty) the page itself.
fn local(next: Option<&str>) -> String {
    session::local_path(next).unwrap_or_default().to_owned()
}

pub async fn show(user: UiUser, Query(query): Query<AccountQuery>) -> UiResult<Response> {
    let chosen = if user.clock.chosen {
        user.clock.zone.to_string()
    } else {
        String::new()
    };
    let offer = query
        .offer
        .as_deref()
        .and_then(|z| Zone::parse("offer", z).ok())
        .map(|z| z.to_string());
    render(&page(&user, chosen, offer, local(query.next.as_deref())))
}

#[derive(Debug, Deserialize)]
pub struct AccountForm {
    /// An IANA zone, or empty for the company's.
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub next: String,
}

pub async fn save(
    State(state): State<AppState>,
    user: UiUser,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> UiResult<Response> {
    let typed = form.time_zone.trim();
    let zone = if typed.is_empty() {
        Ok(None)
    } else {
        Zone::parse("time_zone", typed).map(Some)
    };
    match zone {
        Ok(zone) => {
            storage::users::set_time_zone(&state.db, user.id, zone).await?;
            let next = local(Some(&form.next));
            let to = if next.is_empty() {
                "/account".to_owned()
            } else {
                next
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let mut refused = page(&user, typed.to_owned(), None, local(Some(&form.next)));
            refused.error = Some(e.to_string());
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &refused)
        }
    }
}
