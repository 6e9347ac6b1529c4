//! The spend ledger page: what was spent, on what, through which channel.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::format::money;
use super::format::parse_amount;
use super::{render_status, CsrfForm, Layout, Manager, UiError, UiResult};
use crate::domain::money::{Currency, SpendCategory};
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::http::export::{self, Cell, FileFormat};
use crate::i18n::{field_error, t, Translate};
use crate::service::spend::CreateSpend;
use crate::state::AppState;
use crate::storage::audit;
use crate::storage::spend::{self, SpendFilter};
use crate::storage::users;

#[derive(Debug, Default, Deserialize)]
pub struct SpendQuery {
    month: Option<String>,
    format: Option<String>,
}

pub struct SpendLine {
    pub id: Uuid,
    pub date: String,
    pub amount: String,
    pub category: String,
    pub channel: String,
    pub note: String,
    /// The rep it was for, if it names one.
    pub rep: String,
    pub by: String,
}

/// A spend category: its code (the form's value) and its name in the reader's language.
pub struct CategoryChoice {
    pub code: String,
    pub name: String,
}

/// A category's name, as menus and tables show it.
fn category_name(category: SpendCategory) -> String {
    t(&format!("spend-category-{}", category.as_str()))
}

#[derive(Debug, Default, Deserialize)]
pub struct SpendForm {
    date: Option<String>,
    amount: Option<String>,
    category: Option<String>,
    channel: Option<String>,
    note: Option<String>,
    rep_id: Option<String>,
    month: Option<String>,
}

#[derive(Template)]
#[template(path = "spend.html")]
pub struct SpendPage {
    pub layout: Layout,
    pub month: String,
    pub previous_month: String,
    pub next_month: String,
    pub lines: Vec<SpendLine>,
    pub total: String,
    pub by_category: Vec<(String, String)>,
    pub categories: Vec<CategoryChoice>,
    /// The people an entry may be for: (id, name, chosen).
    pub reps: Vec<(String, String, bool)>,
    pub form: SpendForm,
    pub error: Option<String>,
    pub today: String,
    /// An amount as the reader's language writes it, for the amount field's hint.
    pub amount_example: String,
}

/// The month asked for, else this month on the company's clock (`zone`): spend is dated
/// by the company's books.
fn month_start(text: Option<&str>, zone: Zone) -> NaiveDate {
    let today = zone.date_of(Utc::now());
    text.and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or_else(|| today.with_day(1).unwrap_or(today))
}

fn next_month(day: NaiveDate) -> NaiveDate {
    (day + Duration::days(32)).with_day(1).unwrap_or(day)
}

/// A month's entries, the most a month is expected to hold in an export.
const MONTH_ROWS: i64 = 100_000;

/// `GET /spend/export?month=...&format=...`: the month's entries as CSV (the default), CSV
/// for Excel or XLSX, with their amounts as numbers.
pub async fn export(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<SpendQuery>,
) -> UiResult<Response> {
    let format = FileFormat::parse("format", query.format.as_deref())
        .map_err(|e| UiError::BadRequest(field_error(&e)))?;
    let month = month_start(query.month.as_deref(), user.clock.company);
    let filter = SpendFilter {
        from: Some(month),
        to: Some(next_month(month)),
        ..SpendFilter::default()
    };
    let (rows, people) = tokio::try_join!(
        spend::list(&state.db, &filter, None, MONTH_ROWS),
        users::list(&state.db)
    )?;
    let currency = state.config.currency;
    let rows = rows
        .into_iter()
        .map(|r| {
            vec![
                Cell::Date(r.spent_on),
                Cell::Money(r.amount, currency),
                Cell::text(r.category.as_str()),
                Cell::opt_text(r.channel),
                Cell::opt_text(
                    r.rep_id
                        .and_then(|id| people.iter().find(|u| u.id == id))
                        .map(|u| u.name.clone()),
                ),
                Cell::opt_text(r.note),
                Cell::opt_text(
                    r.created_by
                        .and_then(|id| people.iter().find(|u| u.id == id))
                        .map(|u| u.name.clone()),
                ),
            ]
        })
        .collect();
    let stem = format!("leadline-spend-{}", month.format("%Y-%m"));
    Ok(export::table(format, &stem, SPEND_HEADER, rows))
}

const SPEND_HEADER: &[&str] = &[
    "date", "amount", "category", "channel", "rep", "note", "added by",
];

async fn build(
    state: &AppState,
    user: &crate::http::ui::UiUser,
    month: NaiveDate,
    form: SpendForm,
    error: Option<String>,
) -> UiResult<SpendPage> {
    let filter = SpendFilter {
        from: Some(month),
        to: Some(next_month(month)),
        ..SpendFilter::default()
    };
    let rows = spend::list(&state.db, &filter, None, 1000).await?;
    let people = users::list(&state.db).await?;
    let currency = state.config.currency;
    let total: i64 = rows.iter().map(|r| r.amount).sum();
    let by_category = SpendCategory::ALL
        .iter()
        .map(|c| {
            (
                category_name(*c),
                money(
                    rows.iter()
                        .filter(|r| r.category == *c)
                        .map(|r| r.amount)
                        .sum(),
                    currency,
                ),
            )
        })
        .collect();
    Ok(SpendPage {
        layout: Layout::new(user, "spend"),
        month: month.format("%Y-%m").to_string(),
        previous_month: (month - Duration::days(1)).format("%Y-%m").to_string(),
        next_month: next_month(month).format("%Y-%m").to_string(),
        lines: rows
            .into_iter()
            .map(|r| SpendLine {
                id: r.id,
                date: super::format::day(r.spent_on),
                amount: money(r.amount, currency),
                category: category_name(r.category),
                channel: r.channel.unwrap_or_default(),
                note: r.note.unwrap_or_default(),
                rep: r
                    .rep_id
                    .and_then(|id| people.iter().find(|u| u.id == id))
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                by: r
                    .created_by
                    .and_then(|id| people.iter().find(|u| u.id == id))
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        total: money(total, currency),
        by_category,
        categories: SpendCategory::ALL
            .iter()
            .map(|c| CategoryChoice {
                code: c.as_str().to_owned(),
                name: category_name(*c),
            })
            .collect(),
        reps: people
            .iter()
            .filter(|u| u.active)
            .map(|u| {
                let id = u.id.to_string();
                let chosen = form.rep_id.as_deref() == Some(id.as_str());
                (id, u.name.clone(), chosen)
            })
            .collect(),
        form,
        error,
        today: user.clock.company.date_of(Utc::now()).to_string(),
        amount_example: super::format::amount_input(2_000_000, state.config.currency),
    })
}

pub async fn page(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<SpendQuery>,
) -> UiResult<Response> {
    let month = month_start(query.month.as_deref(), user.clock.company);
    render_status(
        StatusCode::OK,
        &build(&state, &user, month, SpendForm::default(), None).await?,
    )
}

fn validate(
    form: &SpendForm,
    currency: Currency,
) -> Result<crate::storage::spend::NewSpend, FieldError> {
    let date = form
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .ok_or_else(|| FieldError::new("date", "spend-error-choose-date"))?;
    let amount = parse_amount("amount", form.amount.as_deref(), currency)?
        .ok_or_else(|| FieldError::new("amount", "spend-error-enter-amount"))?;
    let category = form
        .category
        .as_deref()
        .and_then(SpendCategory::parse)
        .ok_or_else(|| FieldError::new("category", "spend-error-choose-category"))?;
    let rep_id = match form.rep_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(
            id.parse()
                .map_err(|_| FieldError::new("rep_id", "error-no-such-user"))?,
        ),
    };
    CreateSpend {
        date,
        amount,
        category,
        channel: form.channel.clone(),
        note: form.note.clone(),
        rep_id,
    }
    .validate()
    .map_err(FieldError::from)
}

pub async fn create(
    State(state): State<AppState>,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<SpendForm>,
) -> UiResult<Response> {
    match validate(&form, state.config.currency) {
        Ok(entry) => {
            let mut tx = audit::begin_as(&state.db, user.actor()).await?;
            spend::create(&mut *tx, &entry, user.id).await?;
            tx.commit().await?;
            Ok(
                Redirect::to(&format!("/spend?month={}", entry.spent_on.format("%Y-%m")))
                    .into_response(),
            )
        }
        Err(e) => {
            let month = month_start(form.month.as_deref(), user.clock.company);
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &build(&state, &user, month, form, Some(field_error(&e))).await?,
            )
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    month: Option<String>,
}

pub async fn delete(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> UiResult<Response> {
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    spend::delete(&mut *tx, id, user.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/spend?month={}", form.month.unwrap_or_default())).into_response())
}
