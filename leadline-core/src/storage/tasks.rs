//! Tasks on leads (migration 0028), and the agenda: a user's follow-ups and tasks by when
//! they fall due.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::{new_id, Scope, StoreError, StoreResult};
use crate::domain::FieldError;

/// A validated task to store.
#[derive(Clone, Debug)]
pub struct NewTask {
    pub lead_id: Uuid,
    pub title: String,
    pub due_at: Option<DateTime<Utc>>,
    pub assignee_id: Uuid,
}

/// A validated change: `None` leaves a field alone, `Some(None)` clears the due time.
#[derive(Clone, Debug, Default)]
pub struct TaskPatch {
    pub lead_id: Option<Uuid>,
    pub title: Option<String>,
    pub due_at: Option<Option<DateTime<Utc>>>,
    pub assignee_id: Option<Uuid>,
    /// Done (once: done again, it keeps its first time) or open again.
    pub done: Option<bool>,
}

/// A stored task, with its lead's name.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Task)]
pub struct TaskRow {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub lead_name: String,
    pub title: String,
    pub due_at: Option<DateTime<Utc>>,
    pub assignee_id: Uuid,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub done: bool,
    pub done_at: Option<DateTime<Utc>>,
    /// Who marked it done.
    pub done_by: Option<Uuid>,
}

const TASK_COLUMNS: &str =
    "t.id, t.lead_id, l.name AS lead_name, t.title, t.due_at, t.assignee_id, \
     t.created_by, t.created_at, t.done_at IS NOT NULL AS done, t.done_at, t.done_by";

/// Who may see a task (`t`, its lead `l`): a rep the tasks they are to do on the leads
/// they may see now (a lead given to another rep since takes its tasks out of sight), a
/// limited manager the tasks on their teams' leads, other managers and admins all.
fn push_scope(q: &mut QueryBuilder<'_, Postgres>, scope: Scope) {
    if let Scope::Rep(rep) = scope {
        q.push(" AND t.assignee_id = ").push_bind(rep);
    }
    if let Some(viewer) = scope.viewer() {
        q.push(" AND (l.owner_id IS NULL OR l.owner_id IN (SELECT * FROM visible_owners(")
            .push_bind(viewer)
            .push(")))");
    }
}

/// The lead must be one the creator may see, and one the assignee may see: a rep's are
/// their own and the unassigned, a limited manager's those and their teams' reps'.
async fn check_lead_and_assignee(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    assignee_id: Uuid,
    scope: Scope,
) -> StoreResult<()> {
    // Held until the transaction ends, so that the lead cannot change hands meanwhile.
    let lead = sqlx::query!(
        "SELECT owner_id FROM leads WHERE id = $1 AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2))) FOR SHARE",
        lead_id,
        scope.viewer(),
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| FieldError::new("lead_id", "error-no-such-lead"))?;
    // A rep, or a manager limited to their teams, sees the lead only within their scope.
    let assignee = sqlx::query!(
        r#"SELECT active,
                  (role <> 'rep' AND NOT limited_to_teams OR $2::uuid IS NULL
                   OR $2 IN (SELECT * FROM visible_owners(id))) AS "sees!"
           FROM users WHERE id = $1"#,
        assignee_id,
        lead.owner_id,
    )
    .fetch_optional(&mut **tx)
    .await?
    .filter(|a| a.active)
    .ok_or_else(|| FieldError::new("assignee_id", "error-no-such-user"))?;
    if !assignee.sees {
        return Err(FieldError::new("assignee_id", "task-error-assignee-cannot-see").into());
    }
    Ok(())
}

pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    task: NewTask,
    created_by: Uuid,
    scope: Scope,
) -> StoreResult<TaskRow> {
    check_lead_and_assignee(tx, task.lead_id, task.assignee_id, scope).await?;
    let id = new_id();
    sqlx::query!(
        "INSERT INTO tasks (id, lead_id, title, due_at, assignee_id, created_by) VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        task.lead_id,
        task.title,
        task.due_at,
        task.assignee_id,
        created_by,
    )
    .execute(&mut **tx)
    .await?;
    get(&mut **tx, id, Scope::All).await
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid, scope: Scope) -> StoreResult<TaskRow> {
    let mut q = QueryBuilder::new(format!(
        "SELECT {TASK_COLUMNS} FROM tasks t JOIN leads l ON l.id = t.lead_id WHERE t.id = "
    ));
    q.push_bind(id);
    push_scope(&mut q, scope);
    q.build_query_as::<TaskRow>()
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("task"))
}

/// Change a task the caller may see; the lead and assignee checked as on create.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    patch: TaskPatch,
    done_by: Uuid,
    scope: Scope,
) -> StoreResult<TaskRow> {
    let current = {
        let mut q = QueryBuilder::new(
            "SELECT t.lead_id, t.assignee_id FROM tasks t JOIN leads l ON l.id = t.lead_id WHERE t.id = ",
        );
        q.push_bind(id);
        push_scope(&mut q, scope);
        q.push(" FOR UPDATE OF t");
        q.build_query_as::<(Uuid, Uuid)>()
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound("task"))?
    };
    if patch.lead_id.is_some() || patch.assignee_id.is_some() {
        check_lead_and_assignee(
            tx,
            patch.lead_id.unwrap_or(current.0),
            patch.assignee_id.unwrap_or(current.1),
            scope,
        )
        .await?;
    }
    let mut q = QueryBuilder::<Postgres>::new("UPDATE tasks SET id = id");
    if let Some(lead) = patch.lead_id {
        q.push(", lead_id = ").push_bind(lead);
    }
    if let Some(title) = patch.title {
        q.push(", title = ").push_bind(title);
    }
    if let Some(due) = patch.due_at {
        q.push(", due_at = ").push_bind(due);
    }
    if let Some(assignee) = patch.assignee_id {
        q.push(", assignee_id = ").push_bind(assignee);
    }
    match patch.done {
        Some(true) => {
            q.push(", done_at = coalesce(done_at, now()), done_by = coalesce(done_by, ")
                .push_bind(done_by)
                .push(")");
        }
        Some(false) => {
            q.push(", done_at = NULL, done_by = NULL");
        }
        None => {}
    }
    q.push(" WHERE id = ").push_bind(id);
    q.build().execute(&mut **tx).await?;
    get(&mut **tx, id, Scope::All).await
}

/// Task list filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct TaskFilter {
    pub assignee_id: Option<Uuid>,
    pub lead_id: Option<Uuid>,
    pub done: Option<bool>,
}

/// Tasks in the order they fall due (undated last), after the cursor `(due_at or none, id)`.
pub async fn list(
    db: impl PgExecutor<'_>,
    filter: &TaskFilter,
    scope: Scope,
    after: Option<(Option<DateTime<Utc>>, Uuid)>,
    limit: i64,
) -> StoreResult<Vec<TaskRow>> {
    let mut q = QueryBuilder::new(format!(
        "SELECT {TASK_COLUMNS} FROM tasks t JOIN leads l ON l.id = t.lead_id WHERE true"
    ));
    push_scope(&mut q, scope);
    if let Some(assignee) = filter.assignee_id {
        q.push(" AND t.assignee_id = ").push_bind(assignee);
    }
    if let Some(lead) = filter.lead_id {
        q.push(" AND t.lead_id = ").push_bind(lead);
    }
    match filter.done {
        Some(true) => {
            q.push(" AND t.done_at IS NOT NULL");
        }
        Some(false) => {
            q.push(" AND t.done_at IS NULL");
        }
        None => {}
    }
    if let Some((due, id)) = after {
        q.push(" AND (coalesce(t.due_at, 'infinity'::timestamptz), t.id) > (coalesce(")
            .push_bind(due)
            .push(", 'infinity'::timestamptz), ")
            .push_bind(id)
            .push(")");
    }
    q.push(" ORDER BY coalesce(t.due_at, 'infinity'::timestamptz), t.id LIMIT ")
        .push_bind(limit);
    Ok(q.build_query_as::<TaskRow>().fetch_all(db).await?)
}

/// What the agenda lists: a lead's follow-up, or a task.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    FollowUp,
    Task,
    /// A lost lead of the user's that came back and waits for its first call since (`at`:
    /// when it came back), or that comes back on its lost reason's day (`at`: that day);
    /// `title` is the reason it was lost for.
    Returning,
}

/// One line of a user's agenda.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct AgendaItem {
    /// Whose line it is: the lead's owner (a follow-up) or the task's assignee.
    pub user_id: Uuid,
    pub kind: AgendaKind,
    /// When it falls due; `None` for a task with no due time.
    pub at: Option<DateTime<Utc>>,
    pub lead_id: Uuid,
    pub lead_name: String,
    /// The lead's number, E.164.
    pub phone: Option<String>,
    /// The task's id and title (tasks only).
    pub task_id: Option<Uuid>,
    pub title: Option<String>,
    /// The lead asked not to be called (a task on it stays; it is not called).
    pub do_not_call: bool,
}

/// The most lines of each kind an agenda reads.
const AGENDA_LIMIT: i64 = 500;

/// The follow-ups of `users` (their open leads with a next contact before `until`, never
/// do-not-call ones) and open tasks (due before `until`, or undated; on the leads each
/// assignee may see), in the order they fall due, undated tasks last; only those on the
/// leads `reader` may see.
pub async fn agenda(
    db: impl PgExecutor<'_>,
    users: &[Uuid],
    reader: Scope,
    until: DateTime<Utc>,
) -> StoreResult<Vec<AgendaItem>> {
    let rows = sqlx::query!(
        r#"SELECT user_id AS "user_id!", kind AS "kind!", at, lead_id AS "lead_id!", lead_name AS "lead_name!", phone,
                  task_id, title, do_not_call AS "do_not_call!"
           FROM (
             (SELECT l.owner_id AS user_id, 'follow_up' AS kind, l.next_contact_at AS at, l.id AS lead_id,
                     l.name AS lead_name, l.phone, NULL::uuid AS task_id, NULL::text AS title, l.do_not_call,
                     l.owner_id AS lead_owner
              FROM leads l
              WHERE l.owner_id = ANY ($1) AND l.status = 'open' AND l.next_contact_at IS NOT NULL
                AND NOT l.do_not_call AND l.next_contact_at < $2
              ORDER BY l.next_contact_at LIMIT $3)
             UNION ALL
             (SELECT t.assignee_id, 'task', t.due_at, l.id, l.name, l.phone, t.id, t.title, l.do_not_call,
                     l.owner_id
              FROM tasks t JOIN leads l ON l.id = t.lead_id JOIN users u ON u.id = t.assignee_id
              WHERE t.assignee_id = ANY ($1) AND t.done_at IS NULL AND (t.due_at IS NULL OR t.due_at < $2)
                AND (u.role <> 'rep' AND NOT u.limited_to_teams OR l.owner_id IS NULL
                     OR l.owner_id IN (SELECT * FROM visible_owners(t.assignee_id)))
              ORDER BY t.due_at NULLS LAST LIMIT $3)
             UNION ALL
             (SELECT l.owner_id, 'returning', coalesce(l.returning_since, l.returns_at), l.id, l.name, l.phone,
                     NULL::uuid, r.label, l.do_not_call, l.owner_id
              FROM leads l LEFT JOIN lost_reasons r ON r.id = l.lost_reason_id
              WHERE l.owner_id = ANY ($1) AND NOT l.do_not_call AND NOT l.phone_bad
                AND (l.status = 'open' AND l.returning_since IS NOT NULL
                     OR l.status = 'lost' AND l.returns_at < $2)
              ORDER BY coalesce(l.returning_since, l.returns_at) LIMIT $3)
           ) a
           WHERE $4::uuid IS NULL OR a.lead_owner IS NULL OR a.lead_owner IN (SELECT * FROM visible_owners($4))
           ORDER BY at NULLS LAST, kind, lead_name, task_id"#,
        users,
        until,
        AGENDA_LIMIT,
        reader.viewer(),
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AgendaItem {
            user_id: r.user_id,
            kind: match r.kind.as_str() {
                "task" => AgendaKind::Task,
                "returning" => AgendaKind::Returning,
                _ => AgendaKind::FollowUp,
            },
            at: r.at,
            lead_id: r.lead_id,
            lead_name: r.lead_name,
            phone: r.phone,
            task_id: r.task_id,
            title: r.title,
            do_not_call: r.do_not_call,
        })
        .collect())
}
