//! The lead page's form for a touch other than a call (a chat, a text message, an
//! e-mail, a meeting), and how the timeline names one.

use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use super::format::parse_local_time;
use super::{UiResult, UiUser};
use crate::domain::call::Direction;
use crate::domain::touch::TouchKind;
use crate::domain::FieldError;
use crate::i18n::{field_error, t, t_args, Arg};
use crate::service::touches::CreateTouch;
use crate::state::AppState;
use crate::storage::touches::{self, TouchRow};
use crate::storage::StoreError;

/// The form as sent: the kind and direction by their codes, times on the user's clock.
#[derive(Debug, Default, Deserialize)]
pub struct TouchForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub direction: String,
    /// Empty for now.
    pub happened_at: Option<String>,
    pub notes: Option<String>,
    pub next_contact_at: Option<String>,
}

/// A kind the form offers, by its name in the reader's language.
pub struct KindChoice {
    pub code: &'static str,
    pub name: String,
}

/// Every kind, as the form offers them.
pub fn kind_choices() -> Vec<KindChoice> {
    TouchKind::ALL
        .iter()
        .map(|kind| KindChoice {
            code: kind.as_str(),
            name: kind_name(*kind),
        })
        .collect()
}

/// A kind's name: `touch-kind-<code>`.
pub fn kind_name(kind: TouchKind) -> String {
    t(&format!("touch-kind-{}", kind.as_str()))
}

/// How the timeline names a touch: "WhatsApp, from them".
pub fn describe(touch: &TouchRow) -> String {
    let id = match touch.direction {
        Direction::Outbound => "touch-from-us",
        Direction::Inbound => "touch-from-them",
    };
    t_args(id, &[("kind", Arg::from(kind_name(touch.kind)))])
}

/// Log the form's touch on this lead as the user: `Err` holds the reason it was refused,
/// in the user's language.
pub async fn log_for_lead(
    state: &AppState,
    user: &UiUser,
    lead_id: Uuid,
    form: &TouchForm,
) -> UiResult<Result<(), String>> {
    let zone = user.clock.zone;
    let checked = (|| {
        let kind = TouchKind::parse(form.kind.trim())
            .ok_or_else(|| FieldError::new("kind", "touch-error-kind"))?;
        let direction = match form.direction.trim() {
            "" => None,
            code => Some(
                Direction::parse(code)
                    .ok_or_else(|| FieldError::new("direction", "touch-error-direction"))?,
            ),
        };
        CreateTouch {
            lead_id,
            kind,
            direction,
            happened_at: parse_local_time("happened_at", form.happened_at.as_deref(), zone)?,
            notes: form.notes.clone(),
            next_contact_at: parse_local_time(
                "next_contact_at",
                form.next_contact_at.as_deref(),
                zone,
            )?,
            user_id: None,
        }
        .validate(user.asker(), Utc::now())
        .map_err(FieldError::from)
    })();
    let touch = match checked {
        Ok(touch) => touch,
        Err(e) => return Ok(Err(field_error(&e))),
    };
    let mut tx = state.db.begin().await?;
    match touches::log(&mut tx, touch, user.scope()).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Ok(()))
        }
        Err(StoreError::Field(e)) => Ok(Err(field_error(&e))),
        Err(other) => Err(other.into()),
    }
}
