//! The log-call form, as the call queue and every lead's page show it: one screen,
//! keyboard first (1-9 the outcome, c/u/n the intent, o/i the direction, Ctrl+Enter
//! saves), and what the call decided about the lead in the same save: a move on, lost
//! with its reason, do-not-call, a bad number, the next contact.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::format::parse_amount;
use super::format::parse_local_time;
use super::UiUser;
use crate::domain::call::{Direction, Intent, Outcome};
use crate::domain::money::Currency;
use crate::domain::stage::{Change, Stage};
use crate::domain::{optional_text, when, FieldError};
use crate::i18n::{field_error, stage_name, t, transition_error};
use crate::service::calls::{once, Key};
use crate::state::AppState;
use crate::storage::calls::{self, NewCall};
use crate::storage::leads::{self, ChangeDetails, LeadPatch, LeadRow};
use crate::storage::reference::{self, LostReasonRow};
use crate::storage::{Scope, StoreError};

/// The values typed into the form, kept when it is shown again with an error.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct LogCallForm {
    #[serde(default)]
    pub lead_id: String,
    /// This form's own key: sent twice (a double Enter, a browser's retry), it logs the
    /// call once. A new form gets a new one; a form shown again with an error keeps it.
    #[serde(default)]
    pub submission: String,
    /// `outbound` (the default) or `inbound`.
    pub direction: Option<String>,
    /// When the call started, on the user's clock; empty for now. (A lead's page
    /// offers it, for a call logged after the fact.)
    pub started_at: Option<String>,
    pub outcome: Option<String>,
    pub intent: Option<String>,
    pub talk: Option<String>,
    pub ring: Option<String>,
    pub notes: Option<String>,
    pub next_contact: Option<String>,
    pub move_to: Option<String>,
    pub deal_value: Option<String>,
    /// A lost reason (its id) when the call lost the lead, else empty.
    pub lost_reason: Option<String>,
    pub lost_note: Option<String>,
    /// A checkbox: the customer asked not to be called again.
    pub do_not_call: Option<String>,
    /// A checkbox: the number is not theirs or does not work.
    pub phone_bad: Option<String>,
}

impl LogCallForm {
    fn checked(value: &Option<String>) -> bool {
        value.as_deref().is_some_and(|v| !v.is_empty())
    }
}

/// A radio choice of the form, with its key.
pub struct KeyedChoice {
    pub value: &'static str,
    pub label: String,
    pub key: String,
    pub checked: bool,
}

/// A choice of a menu.
pub struct MenuChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The form as a page shows it.
pub struct CallFormView {
    /// Where it posts: `/queue/log` or `/leads/{id}/calls`.
    pub action: String,
    pub lead_id: Uuid,
    /// Whether it asks when the call started (a lead's page: calls logged afterwards).
    pub asks_time: bool,
    pub directions: Vec<KeyedChoice>,
    pub outcomes: Vec<KeyedChoice>,
    pub intents: Vec<KeyedChoice>,
    /// The intents' keys, as the form's hint lists them: "c, u, n".
    pub intent_keys: String,
    /// The stages the lead can move on to.
    pub forward_stages: Vec<MenuChoice>,
    pub lost_reasons: Vec<MenuChoice>,
    /// Whether the lead is open (lost and won leads are neither moved nor lost here).
    pub open: bool,
    pub do_not_call: bool,
    pub phone_bad: bool,
    /// The keys that tick do-not-call and bad number.
    pub do_not_call_key: &'static str,
    pub phone_bad_key: &'static str,
    /// The lead is do-not-call already, or its number known bad: said, not asked.
    pub already_do_not_call: bool,
    pub already_phone_bad: bool,
    /// The save button's id and words: the queue's goes on to the next lead.
    pub save_id: &'static str,
    pub save_label: String,
    /// The name of the stage at which a lead is won (and needs a deal value).
    pub decide: String,
    pub form: LogCallForm,
}

/// How a call ended, as the form's choices and the lists of calls say it.
pub fn outcome_label(outcome: Outcome) -> String {
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

/// The form for `lead`, holding what `form` holds (a new key if it has none).
/// Where a form is shown: the queue's, which goes on to the next lead, or a lead's page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Queue,
    LeadPage,
}

pub fn view(
    lead: &LeadRow,
    place: Place,
    lost_reasons: &[LostReasonRow],
    form: LogCallForm,
) -> CallFormView {
    let (action, save_id, save_label) = match place {
        Place::Queue => ("/queue/log".to_owned(), "save-next", t("queue-save-next")),
        Place::LeadPage => (
            format!("/leads/{}/calls", lead.id),
            "save-call",
            t("call-save"),
        ),
    };
    let stage = lead.stage();
    let chosen = |value: &Option<String>| value.clone().unwrap_or_default();
    let (outcome, intent, direction, move_to, lost) = (
        chosen(&form.outcome),
        chosen(&form.intent),
        chosen(&form.direction),
        chosen(&form.move_to),
        chosen(&form.lost_reason),
    );
    let intents: Vec<KeyedChoice> = Intent::ALL
        .iter()
        .map(|i| KeyedChoice {
            value: i.as_str(),
            label: intent_label(*i),
            key: i.as_str()[..1].to_owned(),
            checked: intent == i.as_str(),
        })
        .collect();
    let inbound = direction == Direction::Inbound.as_str();
    CallFormView {
        action,
        lead_id: lead.id,
        asks_time: place == Place::LeadPage,
        directions: [
            (Direction::Outbound, "o", !inbound),
            (Direction::Inbound, "i", inbound),
        ]
        .into_iter()
        .map(|(d, key, checked)| KeyedChoice {
            value: d.as_str(),
            label: t(&format!("call-direction-{}", d.as_str())),
            key: key.to_owned(),
            checked,
        })
        .collect(),
        outcomes: Outcome::ALL
            .iter()
            .enumerate()
            .map(|(i, o)| KeyedChoice {
                value: o.as_str(),
                label: outcome_label(*o),
                key: (i + 1).to_string(),
                checked: outcome == o.as_str(),
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
            .map(|s| MenuChoice {
                value: s.as_str().to_owned(),
                label: stage_name(s),
                selected: move_to == s.as_str(),
            })
            .collect(),
        lost_reasons: lost_reasons
            .iter()
            .map(|r| MenuChoice {
                value: r.id.to_string(),
                label: r.label.clone(),
                selected: lost == r.id.to_string(),
            })
            .collect(),
        open: lead.status().as_str() == "open",
        do_not_call: LogCallForm::checked(&form.do_not_call),
        phone_bad: LogCallForm::checked(&form.phone_bad),
        do_not_call_key: "d",
        phone_bad_key: "b",
        already_do_not_call: lead.do_not_call,
        already_phone_bad: lead.phone_bad,
        save_id,
        save_label,
        decide: stage_name(Stage::Decide),
        form: LogCallForm {
            submission: if form.submission.is_empty() {
                Uuid::new_v4().to_string()
            } else {
                form.submission.clone()
            },
            ..form
        },
    }
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

/// The call and what it decided, checked.
struct ValidCall {
    call: NewCall,
    move_to: Option<Stage>,
    deal_value: Option<i64>,
    lost: Option<(Uuid, Option<String>)>,
    /// When the call started, if the form said (else it starts now): the time of the
    /// moves it decided, too.
    at: Option<DateTime<Utc>>,
    do_not_call: bool,
    phone_bad: bool,
}

fn validate(
    form: &LogCallForm,
    user: &UiUser,
    lead_id: Uuid,
    currency: Currency,
    now: DateTime<Utc>,
) -> Result<ValidCall, FieldError> {
    let direction = match form.direction.as_deref().filter(|d| !d.is_empty()) {
        None => Direction::Outbound,
        Some(d) => Direction::parse(d)
            .ok_or_else(|| FieldError::new("direction", "call-error-not-direction"))?,
    };
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
    let lost = form
        .lost_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.parse::<Uuid>()
                .map_err(|_| FieldError::new("lost_reason", "leads-error-lost-reason-missing"))
        })
        .transpose()?;
    if lost.is_some() && move_to.is_some() {
        return Err(FieldError::new("lost_reason", "call-error-lost-and-moved"));
    }
    let at = parse_local_time("started_at", form.started_at.as_deref(), user.clock.zone)?
        .map(|at| when::happened("started_at", at, now))
        .transpose()?;
    Ok(ValidCall {
        call: NewCall {
            lead_id,
            rep_id: user.id,
            direction,
            started_at: at.unwrap_or(now),
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
        lost: lost
            .map(|id| optional_text("lost_note", form.lost_note.as_deref(), 2000).map(|n| (id, n)))
            .transpose()?,
        at,
        do_not_call: LogCallForm::checked(&form.do_not_call),
        phone_bad: LogCallForm::checked(&form.phone_bad),
    })
}

/// Why a form was not saved, in the reader's language: a message to show beside the
/// form as it was typed, or (`SentBefore`) beside a new, empty one.
pub enum Refused {
    Message(String),
    SentBefore(String),
}

/// Log the call the form describes on `lead_id`, and what it decided about the lead,
/// in one transaction, once per form (its `submission` key).
pub async fn save(
    state: &AppState,
    user: &UiUser,
    lead_id: Uuid,
    form: &LogCallForm,
) -> Result<(), RefusedOr> {
    let valid = validate(form, user, lead_id, state.config.currency, Utc::now())
        .map_err(|e| RefusedOr::Refused(Refused::Message(field_error(&e))))?;
    if let Some((reason, _)) = valid.lost {
        // An inactive or unknown reason is refused before anything is written.
        let known = reference::resolve_lost_reason(&state.db, &reason.to_string()).await;
        match known {
            Ok(_) => {}
            Err(StoreError::Field(_)) => {
                return Err(RefusedOr::Refused(Refused::Message(t(
                    "leads-error-lost-reason-missing",
                ))))
            }
            Err(other) => return Err(RefusedOr::Store(other)),
        }
    }
    let key = Some(form.submission.trim())
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .map(|k| format!("queue-form {k}"));
    let key = key.as_deref().map(|key| Key {
        key,
        field: "submission",
    });
    let request_hash = Sha256::digest(serde_json::to_vec(form).unwrap_or_default()).to_vec();
    let (actor, scope) = (user.actor(), user.scope());
    let logged = once::<_, StoreError>(&state.db, actor, key, &request_hash, |tx| {
        Box::pin(async move {
            let at = valid.at;
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
                        at,
                        ..ChangeDetails::default()
                    };
                    leads::change_stage(tx, lead_id, &change, &details, actor, Scope::All).await?;
                }
            }
            if let Some((reason, note)) = valid.lost {
                let details = ChangeDetails {
                    reason: note,
                    lost_reason_id: Some(reason),
                    at,
                    ..ChangeDetails::default()
                };
                leads::change_stage(tx, lead_id, &Change::MarkLost, &details, actor, Scope::All)
                    .await?;
            }
            if valid.do_not_call || valid.phone_bad {
                let patch = LeadPatch {
                    do_not_call: valid.do_not_call.then_some(true),
                    phone_bad: valid.phone_bad.then_some(true),
                    ..LeadPatch::default()
                };
                leads::update(tx, lead_id, patch, Scope::All, actor).await?;
            }
            Ok((201, serde_json::json!({"call_id": logged.row.id})))
        })
    })
    .await;
    match logged {
        // Logged now, or by the first sending of this same form.
        Ok(_) => Ok(()),
        Err(StoreError::Field(f)) if f.field == "submission" => Err(RefusedOr::Refused(
            Refused::SentBefore(t("queue-error-sent-before")),
        )),
        Err(StoreError::Field(f)) => Err(RefusedOr::Refused(Refused::Message(field_error(&f)))),
        Err(StoreError::Transition(e)) => {
            Err(RefusedOr::Refused(Refused::Message(transition_error(&e))))
        }
        Err(other) => Err(RefusedOr::Store(other)),
    }
}

/// A form refused (shown again), or a failure of the store (an error page).
pub enum RefusedOr {
    Refused(Refused),
    Store(StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::Role;
    use crate::domain::zone::Zone;
    use crate::i18n::Language;
    use crate::storage::users::UserClock;

    fn rep() -> UiUser {
        let jakarta = Zone::parse("time_zone", "Asia/Jakarta").unwrap();
        UiUser {
            id: Uuid::nil(),
            name: "Rep".into(),
            email: "rep@example.com".into(),
            role: Role::Rep,
            limited_to_teams: false,
            csrf: String::new(),
            clock: UserClock {
                zone: jakarta,
                chosen: true,
                company: jakarta,
            },
            language: Language::En,
            chose_language: false,
            unread: 0,
        }
    }

    fn form(fields: &[(&str, &str)]) -> LogCallForm {
        let pairs: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        serde_urlencoded::from_str(&pairs.join("&")).unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-12-04T05:00:00Z".parse().unwrap()
    }

    #[test]
    fn an_inbound_call_logged_afterwards_is_read_on_the_reps_clock() {
        let valid = validate(
            &form(&[
                ("outcome", "connected"),
                ("direction", "inbound"),
                ("started_at", "2026-12-04T10:15"),
                ("do_not_call", "on"),
            ]),
            &rep(),
            Uuid::nil(),
            Currency::parse("currency", "IDR").unwrap(),
            now(),
        )
        .ok()
        .unwrap();
        assert_eq!(valid.call.direction, Direction::Inbound);
        assert_eq!(
            valid.call.started_at,
            "2026-12-04T03:15:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert!(valid.do_not_call && !valid.phone_bad);
    }

    #[test]
    fn a_call_cannot_start_later_than_now_nor_both_lose_and_move_the_lead() {
        let refused = |fields: &[(&str, &str)]| {
            validate(
                &form(fields),
                &rep(),
                Uuid::nil(),
                Currency::parse("currency", "IDR").unwrap(),
                now(),
            )
            .err()
            .unwrap()
            .field
        };
        assert_eq!(
            refused(&[("outcome", "busy"), ("started_at", "2026-12-04T18:00")]),
            "started_at"
        );
        let reason = Uuid::new_v4().to_string();
        assert_eq!(
            refused(&[
                ("outcome", "connected"),
                ("move_to", "need"),
                ("lost_reason", reason.as_str())
            ]),
            "lost_reason"
        );
        assert_eq!(
            refused(&[("outcome", "busy"), ("direction", "sideways")]),
            "direction"
        );
        assert_eq!(refused(&[("direction", "inbound")]), "outcome");
    }

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
