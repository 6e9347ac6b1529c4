//! The forecast page (managers): what the open pipeline will bring this month and the next,
//! per rep and channel, beside what was won last month; the chances per stage it learned,
//! which an admin may override here.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::format::{duration, money, percent};
use super::{
    given, owner_name, render, render_status, CsrfForm, Layout, Manager, UiError, UiResult,
};
use crate::domain::forecast::{Forecast, GroupForecast};
use crate::domain::user::Role;
use crate::domain::FieldError;
use crate::i18n::{field_error, stage_name, t, t_args, Arg, Translate};
use crate::service::{forecast as service, settings};
use crate::state::AppState;
use crate::storage::users;

#[derive(Debug, Default, Deserialize)]
pub struct ForecastQuery {
    window_days: Option<String>,
    months: Option<String>,
    saved: Option<String>,
}

/// A stage's line: its name, how many closed and were won, the chances and the time left.
pub struct ChanceLine {
    pub code: String,
    pub stage: String,
    pub won_of_closed: String,
    pub learned: String,
    /// The admin's figure as the form holds it (a percentage), blank when none.
    pub override_input: String,
    pub used: String,
    pub to_decide: String,
}

/// The table by rep or by channel.
pub struct GroupTable {
    pub title: String,
    pub id: &'static str,
    pub lines: Vec<GroupLine>,
}

/// A rep's or channel's row: their name, a figure per month, later, total and last month's won.
pub struct GroupLine {
    pub name: String,
    pub months: Vec<String>,
    pub later: String,
    pub total: String,
    pub won: String,
}

#[derive(Template)]
#[template(path = "forecast.html")]
pub struct ForecastPage {
    pub layout: Layout,
    pub window_days: i64,
    pub window_choices: Vec<(i64, bool)>,
    pub months_shown: u32,
    pub month_choices: Vec<(u32, bool)>,
    /// (month, expected, leads) per month shown.
    pub months: Vec<(String, String, String)>,
    pub later: String,
    pub undated: String,
    pub total: String,
    pub open_leads: String,
    pub average_won: String,
    pub last_month: String,
    pub last_month_won: String,
    pub chances: Vec<ChanceLine>,
    /// By rep, then by channel.
    pub groups: Vec<GroupTable>,
    pub is_admin: bool,
    pub error: Option<String>,
}

fn parsed(field: &'static str, text: Option<&str>) -> Result<Option<i64>, FieldError> {
    text.map(|t| {
        t.trim()
            .parse::<i64>()
            .map_err(|_| FieldError::new(field, "error-not-number"))
    })
    .transpose()
}

fn group_lines(
    groups: &[GroupForecast],
    name: impl Fn(Option<&str>) -> String,
    currency: crate::domain::money::Currency,
) -> Vec<GroupLine> {
    groups
        .iter()
        .map(|g| GroupLine {
            name: name(g.key.as_deref()),
            months: g.months.iter().map(|m| money(*m, currency)).collect(),
            later: money(g.later, currency),
            total: money(g.expected, currency),
            won: money(g.last_period_won, currency),
        })
        .collect()
}

async fn build(
    state: &AppState,
    user: &super::UiUser,
    days: i64,
    months: u32,
    error: Option<String>,
) -> UiResult<ForecastPage> {
    let clock = settings::clock(&state.db).await?;
    let (forecast, people): (Forecast, _) = tokio::try_join!(
        service::forecast_for(state, &clock, days, months, user.scope()),
        users::list(&state.db)
    )?;
    let currency = state.config.currency;
    let zone = clock.zone;
    Ok(ForecastPage {
        layout: Layout::new(user, "dashboard"),
        window_days: days,
        window_choices: [90, 180, 365].into_iter().map(|d| (d, d == days)).collect(),
        months_shown: months,
        month_choices: [3, 6, 12].into_iter().map(|m| (m, m == months)).collect(),
        months: forecast
            .months
            .iter()
            .map(|m| {
                (
                    m.month.format("%Y-%m").to_string(),
                    money(m.expected, currency),
                    super::format::count(m.leads),
                )
            })
            .collect(),
        later: money(forecast.later, currency),
        undated: money(forecast.undated, currency),
        total: money(forecast.total, currency),
        open_leads: super::format::count(forecast.open_leads),
        average_won: forecast
            .average_won_deal
            .map_or_else(super::format::no_data, |v| money(v, currency)),
        last_month: zone
            .date_of(forecast.last_period.from)
            .format("%Y-%m")
            .to_string(),
        last_month_won: t_args(
            "forecast-last-month-won",
            &[
                (
                    "revenue",
                    Arg::from(money(forecast.last_period_won, currency)),
                ),
                ("deals", Arg::from(forecast.last_period_deals)),
            ],
        ),
        chances: forecast
            .chances
            .iter()
            .map(|c| ChanceLine {
                code: c.stage.as_str().to_owned(),
                stage: stage_name(c.stage),
                won_of_closed: t_args(
                    "forecast-won-of-closed",
                    &[("won", Arg::from(c.won)), ("closed", Arg::from(c.closed))],
                ),
                learned: percent(c.learned),
                override_input: c
                    .override_probability
                    .map(|p| format!("{}", (p * 1000.0).round() / 10.0))
                    .unwrap_or_default(),
                used: percent(Some(c.used)),
                to_decide: c
                    .seconds_to_decide
                    .map_or_else(super::format::no_data, |s| duration(s.round() as i64)),
            })
            .collect(),
        groups: vec![
            GroupTable {
                title: t("forecast-by-rep"),
                id: "forecast-reps",
                lines: group_lines(
                    &forecast.by_rep,
                    |key| match key.and_then(|k| k.parse().ok()) {
                        Some(id) => owner_name(&people, Some(id)),
                        None => t("forecast-nobody"),
                    },
                    currency,
                ),
            },
            GroupTable {
                title: t("forecast-by-channel"),
                id: "forecast-channels",
                lines: group_lines(
                    &forecast.by_channel,
                    |key| key.map_or_else(|| t("forecast-no-channel"), str::to_owned),
                    currency,
                ),
            },
        ],
        is_admin: user.role == Role::Admin,
        error,
    })
}

/// The page over the usual window, saying what was wrong with what was sent.
async fn refused(state: &AppState, user: &super::UiUser, error: &FieldError) -> UiResult<Response> {
    let page = build(
        state,
        user,
        service::WINDOW_DAYS,
        service::MONTHS,
        Some(field_error(error)),
    )
    .await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// `/forecast`: the forecast for a window and a number of months.
pub async fn page(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<ForecastQuery>,
) -> UiResult<Response> {
    let checked = parsed("window_days", given(&query.window_days))
        .and_then(|d| Ok((d, parsed("months", given(&query.months))?)))
        .and_then(|(d, m)| service::checked(d, m));
    let (days, months) = match checked {
        Ok(chosen) => chosen,
        Err(e) => return refused(&state, &user, &e).await,
    };
    let mut page = build(&state, &user, days, months, None).await?;
    if query.saved.is_some() {
        page.layout = page.layout.with_flash(Some(t("forecast-chances-saved")));
    }
    render(&page)
}

/// An admin's chances: a percentage per open stage, blank for the learned one.
pub async fn set_chances(
    State(state): State<AppState>,
    Manager(user): Manager,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> UiResult<Response> {
    if user.role != Role::Admin {
        return Err(UiError::Forbidden(t("error-page-for-admins")));
    }
    let mut chances = serde_json::Map::new();
    for stage in crate::domain::forecast::OPEN_STAGES {
        let Some((_, text)) = fields.iter().find(|(k, _)| k == stage.as_str()) else {
            continue;
        };
        let text = text.trim().trim_end_matches('%').trim().replace(',', ".");
        let value = if text.is_empty() {
            serde_json::Value::Null
        } else {
            match text.parse::<f64>() {
                Ok(percent) => serde_json::json!(percent / 100.0),
                Err(_) => serde_json::json!(text),
            }
        };
        chances.insert(stage.as_str().to_owned(), value);
    }
    match service::set_chances(&state, &chances, user.actor()).await {
        Ok(()) => Ok(Redirect::to("/forecast?saved=1").into_response()),
        Err(crate::storage::StoreError::Field(e)) => refused(&state, &user, &e).await,
        Err(other) => Err(other.into()),
    }
}
