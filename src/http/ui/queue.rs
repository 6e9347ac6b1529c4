//! The telemarketer's screen: the next lead, a one-screen log-call form, save and next.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::format::{clock_time, datetime, duration, opt_phone, PhoneLink};
use super::log_call::{self, outcome_label, CallFormView, LogCallForm, Place, Refused, RefusedOr};
use super::{render_status, CsrfForm, Layout, UiError, UiResult, UiUser};
use crate::domain::call::{Intent, Outcome};
use crate::domain::farming::CameBackBy;
use crate::domain::stage::Stage;
use crate::i18n::{stage_goal, stage_name, t, t_args, Arg, Translate};
use crate::service::queue::next_for;
use crate::state::AppState;
use crate::storage::calls::{self, CallFilter};
use crate::storage::leads::{self, LeadRow};
use crate::storage::queue::QueueReason;
use crate::storage::{reference, Scope};

pub struct PastCall {
    pub when: String,
    pub outcome: String,
    pub talk: String,
    pub notes: String,
}

#[derive(Template)]
#[template(path = "queue.html")]
pub struct QueuePage {
    pub layout: Layout,
    pub lead: Option<LeadRow>,
    pub phone: Option<PhoneLink>,
    pub stage: String,
    pub reason: String,
    pub goal: String,
    pub claimed_until: String,
    pub past_calls: Vec<PastCall>,
    /// The log-call form, when there is a lead.
    pub call_form: Option<CallFormView>,
    /// How a lost lead came back, and its playbook.
    pub returned: Option<ReturnedView>,
    pub error: Option<String>,
}

/// How a lost lead came back, as the queue and the lead's page say it.
pub struct ReturnedView {
    pub summary: String,
    pub playbook: Option<String>,
}

/// `back` in the reader's words and clock: where and when it was lost, for what, and what
/// brought it back.
pub fn returned_view(back: &leads::Returned, zone: crate::domain::zone::Zone) -> ReturnedView {
    let id = match back.came_back_by {
        None => "queue-returned-due",
        Some(CameBackBy::Call) => "queue-returned-by-call",
        Some(CameBackBy::Form) => "queue-returned-by-form",
        Some(CameBackBy::Import) => "queue-returned-by-import",
    };
    let summary = t_args(
        id,
        &[
            ("stage", Arg::from(stage_name(back.stage))),
            (
                "lost",
                Arg::from(super::format::opt_datetime(back.lost_at, zone)),
            ),
            (
                "reason",
                Arg::from(
                    back.lost_reason
                        .clone()
                        .unwrap_or_else(|| t("queue-returned-no-reason")),
                ),
            ),
            ("back", Arg::from(datetime(back.returned_at, zone))),
        ],
    );
    ReturnedView {
        summary,
        playbook: back.playbook.clone(),
    }
}

/// A past call's outcome, with its intent if there was one.
fn past_outcome(outcome: Outcome, intent: Option<Intent>) -> String {
    match intent {
        None => outcome_label(outcome),
        Some(intent) => t_args(
            "queue-past-call-with-intent",
            &[
                ("outcome", Arg::from(outcome_label(outcome))),
                (
                    "intent",
                    Arg::from(t(&format!(
                        "queue-past-intent-{}",
                        intent.as_str().replace('_', "-")
                    ))),
                ),
            ],
        ),
    }
}

/// Why the queue gives this lead now.
fn reason_label(reason: QueueReason) -> String {
    t(match reason {
        QueueReason::Claimed => "queue-reason-claimed",
        QueueReason::FollowUp => "queue-reason-follow-up",
        QueueReason::Returning => "queue-reason-returning",
        QueueReason::New => "queue-reason-new",
        QueueReason::Retry => "queue-reason-retry",
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    saved: Option<String>,
}

async fn build_page(
    state: &AppState,
    user: &UiUser,
    error: Option<String>,
    form: LogCallForm,
    flash: Option<String>,
) -> UiResult<QueuePage> {
    let next = next_for(state, user.id).await?;
    let lead = next.as_ref().map(|n| n.lead.clone());
    let past_calls = match &lead {
        Some(l) => {
            let filter = CallFilter {
                lead_id: Some(l.id),
                ..CallFilter::default()
            };
            calls::list(&state.db, Scope::All, &filter, None, 5)
                .await?
                .into_iter()
                .map(|c| PastCall {
                    when: datetime(c.started_at, user.clock.zone),
                    outcome: past_outcome(c.outcome, c.intent),
                    talk: if c.talk_seconds > 0 {
                        duration(i64::from(c.talk_seconds))
                    } else {
                        String::new()
                    },
                    notes: c.notes.unwrap_or_default(),
                })
                .collect()
        }
        None => Vec::new(),
    };
    let stage = lead.as_ref().map(LeadRow::stage).unwrap_or(Stage::New);
    let call_form = match &lead {
        Some(l) => {
            let reasons = reference::list_lost_reasons(&state.db, false).await?;
            Some(log_call::view(l, Place::Queue, &reasons, form))
        }
        None => None,
    };
    Ok(QueuePage {
        layout: Layout::new(user, "queue").with_flash(flash),
        phone: lead.as_ref().and_then(|l| opt_phone(l.phone.as_deref())),
        stage: stage_name(stage),
        reason: next
            .as_ref()
            .map(|n| reason_label(n.reason))
            .unwrap_or_default(),
        goal: lead
            .as_ref()
            .map(|l| stage_goal(l.stage()))
            .unwrap_or_default(),
        claimed_until: next
            .as_ref()
            .map(|n| clock_time(n.until, user.clock.zone))
            .unwrap_or_default(),
        returned: next
            .as_ref()
            .and_then(|n| n.returned.as_ref())
            .map(|back| returned_view(back, user.clock.zone)),
        past_calls,
        call_form,
        lead,
        error,
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: UiUser,
    Query(query): Query<QueueQuery>,
) -> UiResult<Response> {
    let flash = query.saved.map(|_| t("queue-saved"));
    let page = build_page(&state, &user, None, LogCallForm::default(), flash).await?;
    render_status(StatusCode::OK, &page)
}

pub async fn log_call(
    State(state): State<AppState>,
    user: UiUser,
    CsrfForm(form): CsrfForm<LogCallForm>,
) -> UiResult<Response> {
    let lead_id: Uuid = form
        .lead_id
        .parse()
        .map_err(|_| UiError::BadRequest(t("queue-error-no-lead")))?;
    match log_call::save(&state, &user, lead_id, &form).await {
        Ok(()) => Ok(Redirect::to("/queue?saved=1").into_response()),
        Err(RefusedOr::Refused(Refused::Message(message))) => {
            show_again(&state, &user, form, message).await
        }
        Err(RefusedOr::Refused(Refused::SentBefore(message))) => {
            show_again(&state, &user, LogCallForm::default(), message).await
        }
        Err(RefusedOr::Store(e)) => Err(e.into()),
    }
}

async fn show_again(
    state: &AppState,
    user: &UiUser,
    form: LogCallForm,
    error: String,
) -> UiResult<Response> {
    let page = build_page(state, user, Some(error), form, None).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Debug, Deserialize)]
pub struct SkipForm {
    lead_id: Uuid,
}

/// How long "call later" puts a lead aside.
const CALL_LATER: Duration = Duration::hours(2);

/// Put the lead aside: a follow-up in two hours, and the claim released.
pub async fn skip(
    State(state): State<AppState>,
    user: UiUser,
    CsrfForm(form): CsrfForm<SkipForm>,
) -> UiResult<Response> {
    let mut tx = state.db.begin().await?;
    let patch = leads::LeadPatch {
        next_contact_at: Some(Some(Utc::now() + CALL_LATER)),
        ..leads::LeadPatch::default()
    };
    leads::update(&mut tx, form.lead_id, patch, user.scope(), user.actor()).await?;
    let released = crate::storage::queue::release(&mut *tx, form.lead_id, user.id).await?;
    tx.commit().await?;
    if released {
        state.instruments.queue_released();
    }
    Ok(Redirect::to("/queue").into_response())
}
