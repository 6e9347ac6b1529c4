//! All SQL lives here. Functions take an executor or a transaction; multi-step
//! writes run in one transaction.

pub mod audit;
pub mod board;
pub mod calls;
mod columns;
pub mod custom_fields;
pub mod forecast;
pub mod idempotency;
pub mod imports;
pub mod leads;
pub mod login_throttle;
pub mod metrics;
pub mod notifications;
pub mod queue;
pub mod reference;
pub mod rollups;
pub mod settings;
pub mod spend;
pub mod tasks;
pub mod teams;
mod timed;
pub mod touches;
pub mod users;
pub mod views;
pub mod webhooks;

use uuid::Uuid;

use crate::domain::stage::TransitionError;
use crate::domain::FieldError;

/// Why a storage operation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Field(#[from] FieldError),
    #[error("{message}")]
    Conflict {
        message: String,
        existing_id: Option<Uuid>,
    },
    #[error("{0}")]
    Forbidden(String),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl StoreError {
    pub fn conflict(message: impl Into<String>) -> Self {
        StoreError::Conflict {
            message: message.into(),
            existing_id: None,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Who did something: a user (signed in or through one of their API tokens) or a call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub token_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
}

/// Which leads a caller may see: everyone's; a rep's own and unassigned ones; or those and
/// the leads of the reps of the teams a limited manager leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Rep(Uuid),
    /// A manager limited to their teams (`users.limited_to_teams`).
    Team(Uuid),
}

impl Scope {
    /// Whose view limits the leads, as a nullable SQL parameter (`NULL` = no limit). A
    /// query keeps a lead whose owner is NULL or `IN (SELECT * FROM visible_owners($n))`
    /// (migration 0045), which is the viewer, and a limited manager's teams' reps.
    pub fn viewer(self) -> Option<Uuid> {
        match self {
            Scope::All => None,
            Scope::Rep(id) | Scope::Team(id) => Some(id),
        }
    }
}

/// The name of the constraint a database error broke, if any.
pub fn violated_constraint(err: &sqlx::Error) -> Option<&str> {
    err.as_database_error().and_then(|e| e.constraint())
}

/// A new time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
