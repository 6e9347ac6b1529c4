//! Tasks as the API and the pages take them: checked, and a rep's kept to themselves.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::input::double_option;
use crate::domain::user::Role;
use crate::domain::{required_text, when, Checks, FieldError, FieldErrors};
use crate::storage::tasks::{NewTask, TaskPatch};

/// The most characters a task's title may have.
pub const TITLE_CHARS: usize = 500;

/// Who is asking: reps give tasks to themselves alone.
#[derive(Clone, Copy, Debug)]
pub struct Asker {
    pub id: Uuid,
    pub role: Role,
}

impl Asker {
    fn assignee(self, asked: Option<Uuid>) -> Result<Uuid, FieldError> {
        match asked {
            Some(other) if other != self.id && !self.role.sees_everything() => Err(
                FieldError::new("assignee_id", "task-error-reps-assign-themselves"),
            ),
            Some(asked) => Ok(asked),
            None => Ok(self.id),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    pub lead_id: Uuid,
    /// What is to be done, 1 to 500 characters.
    pub title: String,
    /// When it falls due; none for "whenever".
    pub due_at: Option<DateTime<Utc>>,
    /// Who is to do it: the caller unless given (a rep gives tasks to themselves alone).
    pub assignee_id: Option<Uuid>,
}

impl CreateTask {
    pub fn validate(self, asker: Asker) -> Result<NewTask, FieldErrors> {
        let mut checks = Checks::default();
        let task = NewTask {
            lead_id: self.lead_id,
            title: checks.take(required_text("title", &self.title, TITLE_CHARS)),
            due_at: checks.take(
                self.due_at
                    .map(|at| when::planned("due_at", at))
                    .transpose(),
            ),
            assignee_id: checks.take(asker.assignee(self.assignee_id)),
        };
        checks.finish(task)
    }
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    pub lead_id: Option<Uuid>,
    pub title: Option<String>,
    /// A time, or `null` for none.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub due_at: Option<Option<DateTime<Utc>>>,
    pub assignee_id: Option<Uuid>,
    /// `true` marks it done (a task done twice keeps its first time), `false` opens it again.
    pub done: Option<bool>,
}

impl UpdateTask {
    pub fn validate(self, asker: Asker) -> Result<TaskPatch, FieldErrors> {
        let mut checks = Checks::default();
        let patch = TaskPatch {
            lead_id: self.lead_id,
            title: checks.take(
                self.title
                    .map(|t| required_text("title", &t, TITLE_CHARS))
                    .transpose(),
            ),
            due_at: checks.take(
                self.due_at
                    .map(|due| due.map(|at| when::planned("due_at", at)).transpose())
                    .transpose(),
            ),
            assignee_id: checks.take(
                self.assignee_id
                    .map(|a| asker.assignee(Some(a)))
                    .transpose(),
            ),
            done: self.done,
        };
        checks.finish(patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rep() -> Asker {
        Asker {
            id: Uuid::from_u128(1),
            role: Role::Rep,
        }
    }

    #[test]
    fn a_rep_gives_tasks_to_themselves_and_a_manager_to_anyone() {
        let task = |assignee| CreateTask {
            lead_id: Uuid::nil(),
            title: "Send the price list".into(),
            due_at: None,
            assignee_id: assignee,
        };
        assert_eq!(task(None).validate(rep()).unwrap().assignee_id, rep().id);
        let other = Uuid::from_u128(2);
        assert_eq!(
            task(Some(other)).validate(rep()).unwrap_err().first().field,
            "assignee_id"
        );
        let manager = Asker {
            id: Uuid::from_u128(3),
            role: Role::Manager,
        };
        assert_eq!(
            task(Some(other)).validate(manager).unwrap().assignee_id,
            other
        );
    }

    #[test]
    fn a_title_is_needed_and_a_due_time_may_be_cleared() {
        let blank = CreateTask {
            lead_id: Uuid::nil(),
            title: "  ".into(),
            due_at: None,
            assignee_id: None,
        };
        assert_eq!(blank.validate(rep()).unwrap_err().first().field, "title");
        let cleared = UpdateTask {
            due_at: Some(None),
            ..UpdateTask::default()
        };
        assert_eq!(cleared.validate(rep()).unwrap().due_at, Some(None));
    }
}
