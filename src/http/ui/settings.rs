//! The settings page (admins): the time zone, the working week and the holidays, the
//! country that reads local phone numbers, and the company's language.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;

use super::account::{language_choices, LanguageChoice};
use super::format::{country_choices, datetime, CountryChoice};
use super::{render, render_status, Admin, CsrfForm, Layout, UiResult, UiUser};
use crate::domain::calendar::{Holiday, Weekday};
use crate::domain::phone::Country;
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::i18n::{field_error, t, t_args, Arg, Translate};
use crate::service::settings::{self, Recount, Settings, UpdateSettings};
use crate::state::AppState;
use crate::storage::StoreError;

pub struct DayBox {
    pub name: &'static str,
    pub label: String,
    pub working: bool,
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
pub struct SettingsPage {
    pub layout: Layout,
    /// The company's zone, or the one typed.
    pub time_zone: String,
    pub zones: Vec<&'static str>,
    pub countries: Vec<CountryChoice>,
    /// The company's language (its tag), or the one typed.
    pub language: String,
    pub languages: Vec<LanguageChoice>,
    pub recount: Option<Recount>,
    pub days: Vec<DayBox>,
    /// The holidays as the text area holds them, one a line.
    pub holidays: String,
    pub updated: String,
    pub error: Option<String>,
    pub saved: bool,
}

impl SettingsPage {
    /// What the notice of a recount under way says.
    fn recount_text(&self) -> String {
        let Some(recount) = &self.recount else {
            return String::new();
        };
        let zone = ("zone", Arg::from(&recount.time_zone));
        if recount.folding {
            t_args("settings-recount-folding", &[zone])
        } else {
            t_args(
                "settings-recount-progress",
                &[
                    zone,
                    ("percent", Arg::from(recount.percent)),
                    ("counted", Arg::from(recount.leads_counted)),
                    ("total", Arg::from(recount.leads_total)),
                ],
            )
        }
    }
}

/// A weekday's name (message `settings-day-<day>`).
fn label(day: Weekday) -> String {
    t(&format!("settings-day-{}", day.as_str()))
}

fn page(user: &UiUser, shown: &Settings, holidays: String, saved: bool) -> SettingsPage {
    SettingsPage {
        layout: Layout::new(user, "admin"),
        time_zone: shown.time_zone.to_string(),
        zones: Zone::all().collect(),
        countries: country_choices(shown.default_country),
        language: shown.language.tag().to_owned(),
        languages: language_choices(),
        recount: shown.recount.clone(),
        days: Weekday::ALL
            .iter()
            .map(|&day| DayBox {
                name: day.as_str(),
                label: label(day),
                working: shown.working_days.contains(&day),
            })
            .collect(),
        holidays,
        updated: datetime(shown.updated_at, user.clock.zone),
        error: None,
        saved,
    }
}

fn holiday_lines(holidays: &[Holiday]) -> String {
    holidays
        .iter()
        .map(|h| format!("{} {}\n", h.date, h.name))
        .collect()
}

pub async fn show(State(state): State<AppState>, Admin(user): Admin) -> UiResult<Response> {
    let current = settings::read(&state.db).await?;
    let holidays = holiday_lines(&current.holidays);
    render(&page(&user, &current, holidays, false))
}

/// The form's fields: a box named after each working weekday that is ticked, and the
/// holidays' text area.
type SettingsForm = HashMap<String, String>;

fn ticked_days(form: &SettingsForm) -> Vec<Weekday> {
    Weekday::ALL
        .iter()
        .copied()
        .filter(|day| form.contains_key(day.as_str()))
        .collect()
}

/// The text area's holidays: each non-empty line a date (YYYY-MM-DD) and a name.
fn parse_holidays(text: &str) -> Result<Vec<Holiday>, FieldError> {
    let mut holidays = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| {
            FieldError::new("holidays", "settings-holiday-not-a-date")
                .arg("line", n + 1)
                .arg("date", date.to_owned())
        })?;
        holidays.push(Holiday {
            date,
            name: name.trim().to_owned(),
        });
    }
    Ok(holidays)
}

pub async fn save(
    State(state): State<AppState>,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> UiResult<Response> {
    let typed = form.get("holidays").cloned().unwrap_or_default();
    // A form without the zone's field leaves the zone as it is.
    let typed_zone = form.get("time_zone").cloned();
    let zone = typed_zone
        .as_deref()
        .map(|z| Zone::parse("time_zone", z))
        .transpose();
    let change = zone.and_then(|time_zone| {
        Ok(UpdateSettings {
            time_zone,
            working_days: Some(ticked_days(&form)),
            holidays: Some(parse_holidays(&typed)?),
            default_country: form
                .get("default_country")
                .map(|c| Country::parse("default_country", c))
                .transpose()?,
            language: form
                .get("language")
                .map(|l| crate::domain::parse_language("language", l))
                .transpose()?,
        })
    });
    let saved = match change {
        Ok(change) => settings::update(&state, change, user.actor()).await,
        Err(e) => Err(StoreError::Field(e)),
    };
    match saved {
        Ok(now) => {
            let holidays = holiday_lines(&now.holidays);
            render(&page(&user, &now, holidays, true))
        }
        Err(StoreError::Field(e)) => {
            // Show the page as it was typed, with what is wrong.
            let mut shown = settings::read(&state.db).await?;
            shown.working_days = ticked_days(&form);
            let mut refused = page(&user, &shown, typed, false);
            if let Some(typed_zone) = typed_zone {
                refused.time_zone = typed_zone;
            }
            if let Some(typed_language) = form.get("language") {
                refused.language = typed_language.clone();
            }
            refused.error = Some(field_error(&e));
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &refused)
        }
        Err(other) => Err(other.into()),
    }
}
