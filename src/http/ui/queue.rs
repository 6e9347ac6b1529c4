//! The telemarketer's screen: the next lead, a one-screen log-call form, save and next.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::format::parse_amount;
use super::format::{clock_time, datetime, duration, opt_phone, PhoneLink};
use super::{render_status, CsrfForm, Layout, UiError, UiResult, UiUser};
use crate::domain::call::{Direction, Intent, Outcome};
use crate::domain::money::Currency;
use crate::domain::stage::{Change, Stage};
use crate::domain::zone::Zone;
use crate::domain::{optional_text, when, FieldError};
use crate::i18n::{field_error, stage_goal, stage_name, t, t_args, Arg, Translate};
use crate::service::calls::{once, Key};
use crate::service::queue::next_for;
use crate::state::AppState;
use crate::storage::calls::{self, CallFilter, NewCall};
use crate::storage::leads::{self, ChangeDetails, LeadRow};
use crate::storage::queue::QueueReason;
use crate::storage::{Scope, StoreError};

pub struct Option3 {
    pub value: &'static str,
    pub label: String,
    pub key: String,
    pub checked: bool,
}

/// A stage the lead can be moved on to, as the menu offers it.
pub struct StageChoice {
    pub code: &'static str,
    pub name: String,
    pub selected: bool,
}

pub struct PastCall {
    pub when: String,
    pub outcome: String,
    pub talk: String,
    pub notes: String,
}

/// The values typed into the form, kept when it is shown again with an error.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct LogCallForm {
    pub lead_id: String,
    /// This form's own key: sent twice (a double Enter, a browser's retry), it logs the
    /// call once. A new form gets a new one; a form shown again with an error keeps it.
    #[serde(default)]
    pub submission: String,
    pub outcome: Option<String>,
    pub intent: Option<String>,
    pub talk: Option<String>,
    pub ring: Option<String>,
    pub notes: Option<String>,
    pub next_contact: Option<String>,
    pub move_to: Option<String>,
    pub deal_value: Option<String>,
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
    pub outcomes: Vec<Option3>,
    pub intents: Vec<Option3>,
    /// The intents' keys, as the form's hint lists them: "c, u, n".
    pub intent_keys: String,
    pub forward_stages: Vec<StageChoice>,
    /// The name of the stage at which a lead is won (and needs a deal value).
    pub decide: String,
    pub error: Option<String>,
    pub form: LogCallForm,
}

/// How a call ended, as the form's choices and the list of last calls say it.
fn outcome_label(outcome: Outcome) -> String {
    t(&format!(
        "queue-outcome-{}",
        outcome.as_str().replace('_', "-")
    ))
}

/// What a connected lead intends, as the form's choices say it.
fn intent_label(intent: Intent) -> String {
    t(&format!(
        "queue-intent-{}",
        intent.as_str().replace('_', "-")
    ))
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
    let chosen_outcome = form.outcome.clone().unwrap_or_default();
    let chosen_intent = form.intent.clone().unwrap_or_default();
    let chosen_move = form.move_to.clone().unwrap_or_default();
    let intents: Vec<Option3> = Intent::ALL
        .iter()
        .map(|i| Option3 {
            value: i.as_str(),
            label: intent_label(*i),
            key: i.as_str()[..1].to_owned(),
            checked: chosen_intent == i.as_str(),
        })
        .collect();
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
            .map(|n| clock_time(n.until, user.clock.zone))
            .unwrap_or_default(),
        past_calls,
        outcomes: Outcome::ALL
            .iter()
            .enumerate()
            .map(|(i, o)| Option3 {
                value: o.as_str(),
                label: outcome_label(*o),
                key: (i + 1).to_string(),
                checked: chosen_outcome == o.as_str(),
            })
            .collect(),
        intent_keys: intents
            .iter()
            .map(|i| i.key.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        intents,
        forward_stages: Stage::ALL
            .into_iter()
            .filter(|s| *s > stage)
            .map(|s| StageChoice {
                code: s.as_str(),
                name: stage_name(s),
                selected: chosen_move == s.as_str(),
            })
            .collect(),
        decide: stage_name(Stage::Decide),
        lead,
        error,
        form: LogCallForm {
            submission: if form.submission.is_empty() {
                Uuid::new_v4().to_string()
            } else {
                form.submission.clone()
            },
            ..form
        },
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

/// "1:30", "90" or "2m" as seconds.
pub fn parse_seconds(field: &str, text: Option<&str>) -> Result<Option<i32>, FieldError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let bad = || FieldError::new(field, "queue-error-not-duration").arg("text", text);
    let seconds = if let Some((m, s)) = text.split_once(':') {
        let (m, s): (i64, i64) = (
            m.trim().parse().map_err(|_| bad())?,
            s.trim().parse().map_err(|_| bad())?,
        );
        if !(0..60).contains(&s) {
            return Err(bad());
        }
        m.checked_mul(60)
            .and_then(|m| m.checked_add(s))
            .ok_or_else(bad)?
    } else if let Some(m) = text.strip_suffix('m') {
        m.trim()
            .parse::<i64>()
            .map_err(|_| bad())?
            .checked_mul(60)
            .ok_or_else(bad)?
    } else {
        text.trim_end_matches('s')
            .trim()
            .parse::<i64>()
            .map_err(|_| bad())?
    };
    if !(0..=86_400).contains(&seconds) {
        return Err(bad());
    }
    Ok(Some(seconds as i32))
}

/// A `datetime-local` value, read on `zone`'s clock (the user's), or an empty field.
pub fn parse_local_time(
    field: &str,
    text: Option<&str>,
    zone: Zone,
) -> Result<Option<DateTime<Utc>>, FieldError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map(|t| Some(zone.instant(t)))
        .map_err(|_| FieldError::new(field, "queue-error-not-date-time").arg("text", text))
}

struct ValidCall {
    call: NewCall,
    move_to: Option<Stage>,
    deal_value: Option<i64>,
}

fn validate(
    form: &LogCallForm,
    user: &UiUser,
    lead_id: Uuid,
    currency: Currency,
) -> Result<ValidCall, FieldError> {
    let outcome = form
        .outcome
        .as_deref()
        .and_then(Outcome::parse)
        .ok_or_else(|| FieldError::new("outcome", "queue-error-choose-outcome"))?;
    let intent = match outcome {
        Outcome::Connected => form
            .intent
            .as_deref()
            .filter(|i| !i.is_empty())
            .map(|i| {
                Intent::parse(i).ok_or_else(|| FieldError::new("intent", "queue-error-not-intent"))
            })
            .transpose()?,
        _ => None,
    };
    let move_to = form
        .move_to
        .as_deref()
        .filter(|m| !m.is_empty())
        .map(|m| Stage::parse(m).ok_or_else(|| FieldError::new("move_to", "queue-error-not-stage")))
        .transpose()?;
    Ok(ValidCall {
        call: NewCall {
            lead_id,
            rep_id: user.id,
            direction: Direction::Outbound,
            started_at: Utc::now(),
            ring_seconds: parse_seconds("ring", form.ring.as_deref())?,
            talk_seconds: parse_seconds("talk", form.talk.as_deref())?.unwrap_or(0),
            outcome,
            intent,
            notes: optional_text("notes", form.notes.as_deref(), 10_000)?,
            next_contact_at: parse_local_time(
                "next_contact",
                form.next_contact.as_deref(),
                user.clock.zone,
            )?
            .map(|at| when::planned("next_contact", at))
            .transpose()?,
            recording_url: None,
        },
        move_to,
        deal_value: parse_amount("deal_value", form.deal_value.as_deref(), currency)?,
    })
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
    let valid = match validate(&form, &user, lead_id, state.config.currency) {
        Ok(v) => v,
        Err(e) => return show_again(&state, &user, form, field_error(&e)).await,
    };
    let key = Some(form.submission.trim())
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(|k| format!("queue-form {k}"));
    let key = key.as_deref().map(|key| Key {
        key,
        field: "submission",
    });
    let request_hash = Sha256::digest(serde_json::to_vec(&form).unwrap_or_default()).to_vec();
    let actor = user.actor();
    let scope = user.scope();
    let logged = once::<_, StoreError>(&state.db, user.id, key, &request_hash, |tx| {
        Box::pin(async move {
            let logged = calls::log(tx, valid.call, actor, scope).await?;
            if let Some(to) = valid.move_to {
                // The call itself may already have moved the lead that far.
                if to > logged.stage_after {
                    let change = Change::MoveTo {
                        to,
                        reason: None,
                        sets_deal_value: valid.deal_value.is_some(),
                    };
                    let details = ChangeDetails {
                        deal_value: valid.deal_value,
                        ..ChangeDetails::default()
                    };
                    leads::change_stage(tx, lead_id, &change, &details, actor, Scope::All).await?;
                }
            }
            Ok((201, serde_json::json!({"call_id": logged.row.id})))
        })
    })
    .await;
    match logged {
        // Logged now, or by the first sending of this same form.
        Ok(_) => {}
        Err(StoreError::Field(f)) if f.field == "submission" => {
            let message = t("queue-error-sent-before");
            return show_again(&state, &user, LogCallForm::default(), message).await;
        }
        Err(StoreError::Field(f)) => return show_again(&state, &user, form, field_error(&f)).await,
        Err(StoreError::Transition(e)) => {
            return show_again(&state, &user, form, crate::i18n::transition_error(&e)).await
        }
        Err(other) => return Err(other.into()),
    }
    Ok(Redirect::to("/queue?saved=1").into_response())
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
    leads::update(&mut tx, form.lead_id, patch, user.scope()).await?;
    let released = crate::storage::queue::release(&mut *tx, form.lead_id, user.id).await?;
    tx.commit().await?;
    if released {
        state.instruments.queue_released();
    }
    Ok(Redirect::to("/queue").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_typed_the_way_reps_type_them() {
        assert_eq!(parse_seconds("talk", Some("90")), Ok(Some(90)));
        assert_eq!(parse_seconds("talk", Some("1:30")), Ok(Some(90)));
        assert_eq!(parse_seconds("talk", Some("2m")), Ok(Some(120)));
        assert_eq!(parse_seconds("talk", Some(" ")), Ok(None));
        assert!(parse_seconds("talk", Some("1:75")).is_err());
        assert!(parse_seconds("talk", Some("-4")).is_err());
        assert!(parse_seconds("talk", Some("abc")).is_err());
        // Minutes that overflow when turned into seconds are refused, not wrapped.
        assert!(parse_seconds("talk", Some("153722867280912931:00")).is_err());
        assert!(parse_seconds("talk", Some("9223372036854775807:59")).is_err());
        assert!(parse_seconds("talk", Some("153722867280912931m")).is_err());
    }
}
