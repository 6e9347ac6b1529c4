//! Touches as the API and the pages take them: checked, and a rep's logged as their own.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::tasks::Asker;
use crate::domain::call::Direction;
use crate::domain::touch::TouchKind;
use crate::domain::{optional_text, when, Checks, FieldError, FieldErrors};
use crate::storage::touches::NewTouch;

/// The most characters a touch's notes may have.
pub const NOTES_CHARS: usize = 10_000;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTouch {
    pub lead_id: Uuid,
    /// `whatsapp`, `wechat`, `telegram`, `sms`, `email` or `meeting`.
    pub kind: TouchKind,
    /// Default `outbound` (we wrote, or asked for the meeting).
    pub direction: Option<Direction>,
    /// When it happened; default now.
    pub happened_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    /// The lead's next contact, as a call's sets it.
    pub next_contact_at: Option<DateTime<Utc>>,
    /// Whose touch: the caller unless given (a rep logs their own alone).
    pub user_id: Option<Uuid>,
}

impl CreateTouch {
    pub fn validate(self, asker: Asker, now: DateTime<Utc>) -> Result<NewTouch, FieldErrors> {
        let mut checks = Checks::default();
        let user_id = checks.take(match self.user_id {
            Some(other) if other != asker.id && !asker.role.sees_everything() => {
                Err(FieldError::new("user_id", "touch-error-reps-log-their-own"))
            }
            Some(user) => Ok(user),
            None => Ok(asker.id),
        });
        let touch = NewTouch {
            lead_id: self.lead_id,
            user_id,
            kind: self.kind,
            direction: self.direction.unwrap_or(Direction::Outbound),
            happened_at: checks.take(when::happened(
                "happened_at",
                self.happened_at.unwrap_or(now),
                now,
            )),
            notes: checks.take(optional_text("notes", self.notes.as_deref(), NOTES_CHARS)),
            next_contact_at: checks.take(
                self.next_contact_at
                    .map(|at| when::planned("next_contact_at", at))
                    .transpose(),
            ),
        };
        checks.finish(touch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::Role;

    fn touch(user_id: Option<Uuid>) -> CreateTouch {
        CreateTouch {
            lead_id: Uuid::nil(),
            kind: TouchKind::Whatsapp,
            direction: None,
            happened_at: None,
            notes: Some("  Sent the price list  ".into()),
            next_contact_at: None,
            user_id,
        }
    }

    #[test]
    fn a_rep_logs_their_own_touches_and_a_manager_anyones() {
        let rep = Asker {
            id: Uuid::from_u128(1),
            role: Role::Rep,
        };
        let manager = Asker {
            id: Uuid::from_u128(2),
            role: Role::Manager,
        };
        let now = Utc::now();
        let own = touch(None).validate(rep, now).unwrap();
        assert_eq!(own.user_id, rep.id);
        assert_eq!(own.direction, Direction::Outbound);
        assert_eq!(own.happened_at, now);
        let refused = touch(Some(manager.id)).validate(rep, now).unwrap_err();
        assert_eq!(refused.first().field, "user_id");
        let theirs = touch(Some(rep.id)).validate(manager, now).unwrap();
        assert_eq!(theirs.user_id, rep.id);
    }

    #[test]
    fn a_touch_in_the_future_is_refused_by_its_field() {
        let rep = Asker {
            id: Uuid::from_u128(1),
            role: Role::Rep,
        };
        let now = Utc::now();
        let mut later = touch(None);
        later.happened_at = Some(now + chrono::Duration::days(2));
        assert_eq!(
            later.validate(rep, now).unwrap_err().first().field,
            "happened_at"
        );
    }
}
