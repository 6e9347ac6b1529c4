//! Touches (migration 0030): a chat, a text message, an e-mail or a meeting with a lead,
//! logged beside its calls. A touch with a next contact time sets the lead's, as a call's
//! does; it changes nothing a call figure counts.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::timed::TimedList;
use super::{new_id, violated_constraint, Scope, StoreError, StoreResult};
use crate::domain::call::Direction;
use crate::domain::touch::TouchKind;
use crate::domain::FieldError;

/// A validated touch to store.
#[derive(Clone, Debug)]
pub struct NewTouch {
    pub lead_id: Uuid,
    pub user_id: Uuid,
    pub kind: TouchKind,
    pub direction: Direction,
    pub happened_at: DateTime<Utc>,
    pub notes: Option<String>,
    pub next_contact_at: Option<DateTime<Utc>>,
}

/// A stored touch.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Touch)]
pub struct TouchRow {
    pub id: Uuid,
    pub lead_id: Uuid,
    /// Who was in touch.
    pub user_id: Uuid,
    pub kind: TouchKind,
    pub direction: Direction,
    pub happened_at: DateTime<Utc>,
    pub notes: Option<String>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const TOUCH_COLUMNS: &str = "t.id, t.lead_id, t.user_id, t.kind, t.direction, t.happened_at, \
                             t.notes, t.next_contact_at, t.created_at";

/// Store a touch on a lead the caller may see (another rep's is "no such lead"), and set
/// the lead's next contact when the touch names one and is the lead's newest contact.
#[tracing::instrument(skip_all)]
pub async fn log(
    tx: &mut Transaction<'_, Postgres>,
    touch: NewTouch,
    scope: Scope,
) -> StoreResult<TouchRow> {
    super::teams::check_acting_for(&mut **tx, scope, touch.user_id, "user_id").await?;
    // Held until the transaction ends, so that the lead cannot change hands meanwhile.
    let visible = sqlx::query_scalar!(
        r#"SELECT last_call_at FROM leads
           WHERE id = $1 AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2))) FOR UPDATE"#,
        touch.lead_id,
        scope.viewer(),
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(last_call_at) = visible else {
        return Err(FieldError::new("lead_id", "error-no-such-lead").into());
    };
    let row = sqlx::query_as!(
        TouchRow,
        r#"INSERT INTO touches AS t (id, lead_id, user_id, kind, direction, happened_at, notes, next_contact_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           RETURNING t.id, t.lead_id, t.user_id, t.kind AS "kind: TouchKind",
                     t.direction AS "direction: Direction", t.happened_at, t.notes,
                     t.next_contact_at, t.created_at"#,
        new_id(),
        touch.lead_id,
        touch.user_id,
        touch.kind.as_str(),
        touch.direction.as_str(),
        touch.happened_at,
        touch.notes.as_deref(),
        touch.next_contact_at,
    )
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match violated_constraint(&e) {
        Some("touches_user_id_fkey") => FieldError::new("user_id", "error-no-such-user").into(),
        _ => StoreError::from(e),
    })?;
    // As with a call: a rep in touch with an unassigned lead takes it on, and the touch's
    // next contact becomes the lead's, unless a later call has set one since (a touch
    // logged afterwards).
    let newest = last_call_at.is_none_or(|last| touch.happened_at >= last);
    sqlx::query!(
        "UPDATE leads SET
             next_contact_at = CASE WHEN $3 AND $2::timestamptz IS NOT NULL THEN $2 ELSE next_contact_at END,
             owner_id = CASE WHEN owner_id IS NULL AND (SELECT u.role FROM users u WHERE u.id = $4) = 'rep'
                             THEN $4 ELSE owner_id END,
             updated_at = now()
         WHERE id = $1",
        touch.lead_id,
        touch.next_contact_at,
        newest,
        touch.user_id,
    )
    .execute(&mut **tx)
    .await?;
    Ok(row)
}

/// Touch list filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct TouchFilter {
    pub lead_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub kind: Option<TouchKind>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Touches newest first, after the keyset `after`. A rep sees their own touches and
/// every touch on the leads they own, as with calls.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    scope: Scope,
    filter: &TouchFilter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> StoreResult<Vec<TouchRow>> {
    let list = TimedList {
        alias: "t",
        user: "user_id",
        at: "happened_at",
        scope,
        lead_id: filter.lead_id,
        user_id: filter.user_id,
        from: filter.from,
        to: filter.to,
    };
    let mut q =
        QueryBuilder::<Postgres>::new(format!("SELECT {TOUCH_COLUMNS} FROM touches t WHERE true"));
    list.push_conditions(&mut q);
    if let Some(kind) = filter.kind {
        q.push(" AND t.kind = ").push_bind(kind.as_str());
    }
    list.push_page(&mut q, after, limit);
    Ok(q.build_query_as::<TouchRow>().fetch_all(db).await?)
}
