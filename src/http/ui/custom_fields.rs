//! Custom fields on the pages: the admin's page that defines them (`/admin/custom-fields`),
//! and how a lead's form and page show them.

use chrono::NaiveDate;
use serde_json::Value;

use super::format;
use crate::domain::custom::{CustomField, FieldKind};
use crate::domain::FieldError;
use crate::i18n::{field_error, labelled_field_error, Translate};
use crate::service::leads::LeadRules;
use crate::storage::leads::LeadRow;

/// The prefix of a custom field's input in a lead's form: `custom:<key>`.
pub const INPUT_PREFIX: &str = "custom:";

/// A custom field as a lead's form shows it.
pub struct CustomInput {
    pub key: String,
    pub label: String,
    /// `text`, `number`, `date` or `choice`.
    pub kind: &'static str,
    /// As the input holds it: a number plain, a date as `YYYY-MM-DD`.
    pub value: String,
    /// A choice field's options, the one held marked.
    pub options: Vec<(String, bool)>,
}

/// The active custom fields as inputs, each holding what `held` gives for it.
pub fn inputs(rules: &LeadRules, held: impl Fn(&CustomField) -> String) -> Vec<CustomInput> {
    rules
        .active_fields()
        .map(|field| {
            let value = held(field);
            CustomInput {
                key: field.key.clone(),
                label: field.label.clone(),
                kind: field.kind.as_str(),
                options: field
                    .choices
                    .iter()
                    .map(|c| (c.clone(), *c == value))
                    .collect(),
                value,
            }
        })
        .collect()
}

/// A stored value as an input holds it.
pub fn input_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A lead's custom fields as its page shows them, in order: each field's label and its
/// value in the reader's language (numbers grouped, dates written out).
pub fn details(rules: &LeadRules, lead: &LeadRow) -> Vec<(String, String)> {
    rules
        .custom_fields
        .iter()
        .filter_map(|field| {
            let value = lead.custom.get(&field.key)?;
            Some((field.label.clone(), shown(field, value)))
        })
        .collect()
}

/// One value as a page shows it.
pub fn shown(field: &CustomField, value: &Value) -> String {
    match (field.kind, value) {
        (FieldKind::Number, Value::Number(n)) => {
            n.as_f64().map_or_else(|| n.to_string(), format::number)
        }
        (FieldKind::Date, Value::String(text)) => {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| text.clone(), format::day)
        }
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}

/// A form's error as the page shows it, a custom field named by its label.
pub fn error_text(rules: &LeadRules, error: &FieldError) -> String {
    let field = error
        .field
        .strip_prefix("custom.")
        .and_then(|key| rules.custom_fields.iter().find(|f| f.key == key));
    match field {
        Some(field) => labelled_field_error(error, field.label.clone()),
        None => field_error(error),
    }
}

// ---------------------------------------------------------------- the admin's page

#[derive(askama::Template)]
#[template(path = "admin_custom_fields.html")]
pub struct FieldsPage {
    pub layout: super::Layout,
    pub fields: Vec<FieldLine>,
    /// The kinds a new field may be, by code, with their names.
    pub kinds: Vec<(&'static str, String)>,
    pub error: Option<String>,
}

/// A field as its row shows it.
pub struct FieldLine {
    pub field: CustomField,
    pub kind_name: String,
    /// The choices as the row's box holds them, one a line.
    pub choices_text: String,
}

fn kind_name(kind: FieldKind) -> String {
    crate::i18n::t(&format!("custom-fields-kind-{}", kind.as_str()))
}

async fn fields_page(
    state: &crate::state::AppState,
    user: &super::UiUser,
    error: Option<String>,
) -> super::UiResult<FieldsPage> {
    let fields = crate::storage::custom_fields::list(&state.db, true)
        .await?
        .into_iter()
        .map(|field| FieldLine {
            kind_name: kind_name(field.kind),
            choices_text: field.choices.join("\n"),
            field,
        })
        .collect();
    Ok(FieldsPage {
        layout: super::Layout::new(user, "admin"),
        fields,
        kinds: FieldKind::ALL
            .iter()
            .map(|k| (k.as_str(), kind_name(*k)))
            .collect(),
        error,
    })
}

pub async fn page(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    super::Admin(user): super::Admin,
) -> super::UiResult<axum::response::Response> {
    super::render(&fields_page(&state, &user, None).await?)
}

/// The lines of a box of choices, one a line.
fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, serde::Deserialize)]
pub struct NewFieldForm {
    label: String,
    #[serde(default)]
    key: Option<String>,
    kind: String,
    #[serde(default)]
    choices: Option<String>,
}

/// Answer the page again with `error` above it, as a 422.
async fn refused(
    state: &crate::state::AppState,
    user: &super::UiUser,
    error: &FieldError,
) -> super::UiResult<axum::response::Response> {
    super::render_status(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        &fields_page(state, user, Some(field_error(error))).await?,
    )
}

pub async fn create(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    super::Admin(user): super::Admin,
    super::CsrfForm(form): super::CsrfForm<NewFieldForm>,
) -> super::UiResult<axum::response::Response> {
    use crate::domain::custom;
    let Some(kind) = FieldKind::parse(&form.kind) else {
        let error = FieldError::new("kind", "error-not-one-of")
            .arg("text", form.kind.clone())
            .arg("known", "text, number, date, choice");
        return refused(&state, &user, &error).await;
    };
    let key = match form.key.as_deref().filter(|k| !k.trim().is_empty()) {
        Some(key) => custom::parse_key("key", key),
        None => Ok(custom::key_from_label(&form.label)),
    };
    let checked = key
        .map_err(crate::domain::FieldErrors::from)
        .and_then(|key| {
            let (label, choices) =
                custom::check_definition(&form.label, kind, &lines(form.choices.as_deref()))?;
            Ok((key, label, choices))
        });
    let (key, label, choices) = match checked {
        Ok(checked) => checked,
        Err(errors) => return refused(&state, &user, errors.first()).await,
    };
    let mut tx = crate::storage::audit::begin_as(&state.db, user.actor()).await?;
    match crate::storage::custom_fields::create(&mut tx, &key, &label, kind, &choices, None).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(axum::response::IntoResponse::into_response(
                axum::response::Redirect::to("/admin/custom-fields"),
            ))
        }
        Err(crate::storage::StoreError::Field(error)) => {
            drop(tx);
            refused(&state, &user, &error).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, serde::Deserialize)]
pub struct FieldForm {
    label: String,
    #[serde(default)]
    choices: Option<String>,
    #[serde(default)]
    active: Option<String>,
}

pub async fn update(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    super::Admin(user): super::Admin,
    axum::extract::Path(id): axum::extract::Path<uuid::Uuid>,
    super::CsrfForm(form): super::CsrfForm<FieldForm>,
) -> super::UiResult<axum::response::Response> {
    let field = crate::storage::custom_fields::get(&state.db, id).await?;
    let choices = (field.kind == FieldKind::Choice).then(|| lines(form.choices.as_deref()));
    let (label, choices) =
        match crate::domain::custom::check_change(&field, Some(&form.label), choices.as_deref()) {
            Ok(checked) => checked,
            Err(errors) => return refused(&state, &user, errors.first()).await,
        };
    let patch = crate::storage::custom_fields::FieldPatch {
        label,
        choices,
        position: None,
        active: Some(form.active.is_some()),
    };
    let mut tx = crate::storage::audit::begin_as(&state.db, user.actor()).await?;
    crate::storage::custom_fields::update(&mut *tx, id, &patch).await?;
    tx.commit().await?;
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to("/admin/custom-fields"),
    ))
}
