//! The lost reasons page (`/lost-reasons`, managers): the reasons a rep picks when a lead
//! is lost, and each one's way back (lead farming): after how many days a lead lost for it
//! comes back into the funnel, and the playbook for the rep who calls it then, for every
//! stage or for one in particular.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::{render, render_status, CsrfForm, Layout, Manager, UiResult, UiUser};
use crate::domain::farming::{self, can_be_lost_at};
use crate::domain::stage::Stage;
use crate::domain::{required_text, FieldError};
use crate::i18n::{field_error, labelled_field_error, stage_name, t, t_args, Arg, Translate};
use crate::state::AppState;
use crate::storage::reference::{self, LostReasonPatch, LostReasonRow};
use crate::storage::{audit, StoreError};

#[derive(Template)]
#[template(path = "lost_reasons.html")]
pub struct ReasonsPage {
    pub layout: Layout,
    pub reasons: Vec<ReasonLine>,
    pub error: Option<String>,
}

/// A reason as its row shows it.
pub struct ReasonLine {
    pub reason: LostReasonRow,
    /// The days as the input holds them (blank: never).
    pub days: String,
    /// "12 leads will come back", or nothing.
    pub waiting: String,
    /// The stages a lead can be lost at, each with its name and the playbook held for it.
    pub stages: Vec<StagePlaybook>,
}

pub struct StagePlaybook {
    pub code: &'static str,
    pub name: String,
    pub text: String,
}

async fn reasons_page(
    state: &AppState,
    user: &UiUser,
    error: Option<String>,
) -> UiResult<ReasonsPage> {
    let waiting = reference::waiting_to_return(&state.db).await?;
    let reasons = reference::list_lost_reasons(&state.db, true)
        .await?
        .into_iter()
        .map(|reason| ReasonLine {
            days: reason
                .return_after_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            waiting: waiting
                .get(&reason.id)
                .map(|n| t_args("lost-reasons-waiting", &[("leads", Arg::from(*n))]))
                .unwrap_or_default(),
            stages: Stage::ALL
                .into_iter()
                .filter(|s| can_be_lost_at(*s))
                .map(|stage| StagePlaybook {
                    code: stage.as_str(),
                    name: stage_name(stage),
                    text: reason
                        .stage_playbooks
                        .get(&stage)
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect(),
            reason,
        })
        .collect();
    Ok(ReasonsPage {
        layout: Layout::new(user, "dashboard"),
        reasons,
        error,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    saved: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<PageQuery>,
) -> UiResult<Response> {
    let mut page = reasons_page(&state, &user, None).await?;
    if query.saved.is_some() {
        page.layout = page.layout.with_flash(Some(t("lost-reasons-saved")));
    }
    render(&page)
}

/// The page again with `error` above it, as a 422.
async fn refused(state: &AppState, user: &UiUser, error: String) -> UiResult<Response> {
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &reasons_page(state, user, Some(error)).await?,
    )
}

#[derive(Debug, Deserialize)]
pub struct NewReasonForm {
    label: String,
}

pub async fn create(
    State(state): State<AppState>,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<NewReasonForm>,
) -> UiResult<Response> {
    let label = match required_text("label", &form.label, 100) {
        Ok(label) => label,
        Err(error) => return refused(&state, &user, field_error(&error)).await,
    };
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    match reference::create_lost_reason(&mut *tx, &label).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/lost-reasons?saved=1").into_response())
        }
        Err(StoreError::Field(error)) => {
            drop(tx);
            refused(&state, &user, field_error(&error)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// A reason's row as sent: whether it is offered, its days (blank: never), its playbook,
/// and a playbook per stage as `playbook_<stage>`.
#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    active: Option<String>,
    #[serde(default)]
    return_after_days: String,
    #[serde(default)]
    playbook: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

/// A form's error, a stage's playbook named as "Playbook (Interest)".
fn error_text(error: &FieldError) -> String {
    match error
        .field
        .strip_prefix("stage_playbooks.")
        .and_then(Stage::parse)
    {
        Some(stage) => labelled_field_error(
            error,
            t_args(
                "lost-reasons-stage-playbook",
                &[("stage", Arg::from(stage_name(stage)))],
            ),
        ),
        None => field_error(error),
    }
}

pub async fn update(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> UiResult<Response> {
    let days = form.return_after_days.trim();
    let days = if days.is_empty() {
        Ok(None)
    } else {
        days.parse::<i64>()
            .map(Some)
            .map_err(|_| FieldError::new("return_after_days", "error-not-number"))
    };
    let days = match days {
        Ok(days) => days,
        Err(error) => return refused(&state, &user, error_text(&error)).await,
    };
    let by_stage: BTreeMap<Stage, String> = form
        .rest
        .iter()
        .filter_map(|(name, text)| {
            let stage = Stage::parse(name.strip_prefix("playbook_")?)?;
            Some((stage, text.clone()))
        })
        .collect();
    let way_back =
        match farming::check_change(Some(days), Some(Some(&form.playbook)), Some(&by_stage)) {
            Ok(change) => change,
            Err(errors) => return refused(&state, &user, error_text(errors.first())).await,
        };
    let patch = LostReasonPatch {
        active: Some(form.active.is_some()),
        way_back,
    };
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    reference::update_lost_reason(&mut tx, id, &patch).await?;
    tx.commit().await?;
    Ok(Redirect::to("/lost-reasons?saved=1").into_response())
}
