//! Leads, their tags, and the append-only stage events that the lead row is derived from.
//! Creating, reading and changing one lead is here; `bulk` creates many at once, `stages`
//! moves a lead along the funnel.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::{audit, new_id, notifications, Actor, Scope, StoreError, StoreResult};
use crate::domain::call::Outcome;
use crate::domain::farming::CameBackBy;
use crate::domain::stage::{
    self, Change, EventKind, FunnelPosition, LeadStatus, Stage, Transition,
};
use crate::domain::FieldError;

mod bulk;
mod bulk_change;
mod erase;
mod merge;
mod returns;
mod stages;

pub use bulk::{create_many, CreatedMany, OnDuplicate, StagedLeads};
pub use bulk_change::{
    bulk_targets, change_many, fail_bulk_change, make_queued_bulk_change, queue_bulk_change,
    queued_bulk_change, queued_bulk_changes, BulkChange, QueuedChange, Selection,
};
pub use erase::{erase, ImportedRow, ERASED_NAME};
pub use merge::{merge, Merged};
pub use returns::{
    come_back, come_back_by_phone, lost_with_phone, return_due, returned, returns_at, Returned,
};
pub use stages::{change_stage, events, lock_position, lock_positions, ChangeDetails, EventRow};
use stages::{insert_event, persist_transition, record_reaches};
pub(in crate::storage) use stages::{persist_call_moves, CallMove};

/// A lead, with its tag names.
// The API shows the row as it is stored, as `Lead`.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Lead)]
pub struct LeadRow {
    pub id: Uuid,
    /// Another system's id for the lead, unique where given.
    pub external_id: Option<String>,
    pub name: String,
    /// E.164.
    pub phone: Option<String>,
    /// The number proved invalid or out of service; the queue skips it.
    pub phone_bad: bool,
    pub email: Option<String>,
    pub company: Option<String>,
    /// The channel the lead came from.
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    pub stage: Stage,
    pub max_stage: Stage,
    pub entry_stage: Stage,
    pub status: LeadStatus,
    pub lost_stage: Option<Stage>,
    pub lost_reason: Option<String>,
    /// Minor units.
    pub deal_value: Option<i64>,
    pub referred_by: Option<Uuid>,
    pub do_not_call: bool,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub last_call_at: Option<DateTime<Utc>>,
    pub last_call_outcome: Option<Outcome>,
    pub call_count: i32,
    pub tags: Vec<String>,
    /// The company's custom fields (`GET /api/v1/custom-fields`) by key: text and choices
    /// as strings, numbers as numbers, dates as `YYYY-MM-DD`.
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    pub custom: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the person's data was erased on their request; the lead is an anonymous husk.
    pub erased_at: Option<DateTime<Utc>>,
}

impl LeadRow {
    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn max_stage(&self) -> Stage {
        self.max_stage
    }

    pub fn status(&self) -> LeadStatus {
        self.status
    }
}

/// A query checked at compile time whose rows are [`LeadRow`]s: `$head`, the columns of
/// the lead `l` (with its lost reason's label and its tags), then `$tail`. The list of
/// filters (`list`) is built at run time from [`LEAD_COLUMNS`], the same columns.
macro_rules! query_lead {
    ($head:literal, $tail:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            $crate::storage::leads::LeadRow,
            $head
                + r#" l.id, l.external_id, l.name, l.phone, l.phone_bad, l.email, l.company, l.source, l.owner_id,
                      l.stage AS "stage: crate::domain::stage::Stage",
                      l.max_stage AS "max_stage: crate::domain::stage::Stage",
                      l.entry_stage AS "entry_stage: crate::domain::stage::Stage",
                      l.status AS "status: crate::domain::stage::LeadStatus",
                      l.lost_stage AS "lost_stage: crate::domain::stage::Stage",
                      (SELECT label FROM lost_reasons r WHERE r.id = l.lost_reason_id) AS lost_reason,
                      l.deal_value, l.referred_by, l.do_not_call, l.next_contact_at, l.notes,
                      l.last_call_at,
                      l.last_call_outcome AS "last_call_outcome: crate::domain::call::Outcome",
                      l.call_count,
                      coalesce((SELECT array_agg(t.name ORDER BY t.name)
                                FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id
                                WHERE lt.lead_id = l.id), '{}') AS "tags!",
                      l.custom, l.created_at, l.updated_at, l.erased_at "#
                + $tail
            $(, $arg)*
        )
    };
}
pub(crate) use query_lead;

const LEAD_COLUMNS: &str = "l.id, l.external_id, l.name, l.phone, l.phone_bad, l.email, l.company, l.source, l.owner_id, \
    l.stage, l.max_stage, l.entry_stage, l.status, l.lost_stage, \
    (SELECT label FROM lost_reasons r WHERE r.id = l.lost_reason_id) AS lost_reason, \
    l.deal_value, l.referred_by, l.do_not_call, l.next_contact_at, l.notes, l.last_call_at, \
    l.last_call_outcome, l.call_count, \
    coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
              WHERE lt.lead_id = l.id), '{}') AS tags, \
    l.custom, l.created_at, l.updated_at, l.erased_at";

/// A validated new lead.
#[derive(Clone, Debug, Default)]
pub struct NewLead {
    pub external_id: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    pub entry_stage: Option<Stage>,
    pub tags: Vec<String>,
    pub deal_value: Option<i64>,
    pub referred_by: Option<Uuid>,
    pub do_not_call: bool,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    /// Custom fields' values by key, checked (`domain::custom::check_values`), none `null`.
    pub custom: serde_json::Map<String, serde_json::Value>,
    /// When the lead really came in, for leads brought over from elsewhere.
    pub created_at: Option<DateTime<Utc>>,
    /// Store it even if another lead has the same phone number.
    pub allow_duplicate: bool,
}

/// A validated partial update: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct LeadPatch {
    pub external_id: Option<Option<String>>,
    pub name: Option<String>,
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub company: Option<Option<String>>,
    pub source: Option<Option<String>>,
    pub owner_id: Option<Option<Uuid>>,
    /// Every tag the lead is to have (replacing its tags).
    pub tags: Option<Vec<String>>,
    /// Tags to give the lead beside its own; two clients adding at once both keep theirs.
    pub add_tags: Vec<String>,
    /// Tags to take off the lead.
    pub remove_tags: Vec<String>,
    pub deal_value: Option<Option<i64>>,
    pub do_not_call: Option<bool>,
    /// The number is wrong (a rep's word after a call); a new number clears it.
    pub phone_bad: Option<bool>,
    pub next_contact_at: Option<Option<DateTime<Utc>>>,
    pub notes: Option<Option<String>>,
    /// The customer who brought this lead; setting one credits them with a referral.
    pub referred_by: Option<Option<Uuid>>,
    /// Custom fields' values to set by key, checked; `null` clears one. Those not named
    /// stay as they are.
    pub custom: Option<serde_json::Map<String, serde_json::Value>>,
    pub allow_duplicate: bool,
}

/// Lead list filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct LeadFilter {
    pub stage: Option<Stage>,
    pub status: Option<LeadStatus>,
    pub owner_id: Option<Uuid>,
    /// Owned by a member of this team.
    pub team_id: Option<Uuid>,
    pub unassigned: bool,
    pub source: Option<String>,
    pub tag: Option<String>,
    /// Text the name, number, e-mail or company holds.
    pub q: Option<String>,
    /// `q`'s digits when it is a number as typed (`Phone::search_digits`): then the leads
    /// whose text holds these digits match, rather than those holding `q` as typed.
    pub q_phone: Option<String>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    /// Reached at least this stage (`max_stage >= k`): the funnel drill-down.
    pub reached: Option<Stage>,
    pub lost_at: Option<Stage>,
    pub ids: Option<Vec<Uuid>>,
    /// Changed at or after: the change feed, which lists in the order leads last changed
    /// (oldest change first) instead of newest first.
    pub updated_since: Option<DateTime<Utc>>,
    /// The lead another system knows by this id.
    pub external_id: Option<String>,
    /// Custom fields that hold exactly these values (by key, as stored).
    pub custom: serde_json::Map<String, serde_json::Value>,
}

/// Where the previous page ended: (created_at, id), newest first.
pub type LeadCursor = (DateTime<Utc>, Uuid);

#[tracing::instrument(skip_all)]
pub async fn get(db: impl PgExecutor<'_>, id: Uuid, scope: Scope) -> StoreResult<LeadRow> {
    query_lead!(
        "SELECT",
        "FROM leads l WHERE l.id = $1 AND ($2::uuid IS NULL OR l.owner_id IS NULL OR l.owner_id IN (SELECT * FROM visible_owners($2)))",
        id,
        scope.viewer(),
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("lead"))
}

/// How many of the newest search rows a search looks through for its page before it sorts
/// all its matches instead (`search`).
const SEARCH_WALK: i64 = 5_000;

#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_> + Copy,
    scope: Scope,
    filter: &LeadFilter,
    after: Option<LeadCursor>,
    limit: i64,
) -> StoreResult<Vec<LeadRow>> {
    if let (Some(text), None) = (&filter.q, filter.updated_since) {
        return search(db, scope, filter, text, after, limit).await;
    }
    let mut q =
        QueryBuilder::<Postgres>::new(format!("SELECT {LEAD_COLUMNS} FROM leads l WHERE true"));
    push_filter(&mut q, scope, filter);
    // Newest first; the change feed in the order of the changes (`leads_updated_at_idx`).
    let (key, order, past) = match filter.updated_since {
        Some(_) => ("(l.updated_at, l.id)", "l.updated_at, l.id", ">"),
        None => ("(l.created_at, l.id)", "l.created_at DESC, l.id DESC", "<"),
    };
    if let Some((at, id)) = after {
        q.push(format!(" AND {key} {past} ("))
            .push_bind(at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(format!(" ORDER BY {order} LIMIT ")).push_bind(limit);
    Ok(q.build_query_as::<LeadRow>().fetch_all(db).await?)
}

/// A page of the leads whose text holds `text`, newest first, from `lead_search`, which
/// holds each lead's date beside its text (migration 0052).
///
/// First the newest [`SEARCH_WALK`] search rows are read in order and the matches among
/// them kept: a common word fills the page within a few hundred. When they hold fewer
/// than a page, every match comes from the trigram index and is sorted by its date in
/// `lead_search`. Either way `leads` is read only for the rows that pass the text, and its
/// other filters are checked there. Left to the planner as one statement, an estimate it
/// cannot make for `LIKE '%…%'` chose between the two plans, and a wrong choice cost
/// seconds at 1M leads.
async fn search(
    db: impl PgExecutor<'_> + Copy,
    scope: Scope,
    filter: &LeadFilter,
    text: &str,
    after: Option<LeadCursor>,
    limit: i64,
) -> StoreResult<Vec<LeadRow>> {
    let walked = search_page(db, scope, filter, text, after, limit, Some(SEARCH_WALK)).await?;
    if walked.len() as i64 >= limit {
        return Ok(walked);
    }
    search_page(db, scope, filter, text, after, limit, None).await
}

/// One page of a search: within the newest `walk` search rows after `after`, or among all
/// the matches when `walk` is `None`.
async fn search_page(
    db: impl PgExecutor<'_>,
    scope: Scope,
    filter: &LeadFilter,
    text: &str,
    after: Option<LeadCursor>,
    limit: i64,
    walk: Option<i64>,
) -> StoreResult<Vec<LeadRow>> {
    let mut q = QueryBuilder::<Postgres>::new(format!(
        "SELECT {LEAD_COLUMNS} FROM (SELECT s.lead_id, s.created_at, s.text FROM lead_search s WHERE true"
    ));
    if walk.is_none() {
        push_text(&mut q, filter, text);
    }
    if let Some((at, id)) = after {
        q.push(" AND (s.created_at, s.lead_id) < (")
            .push_bind(at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    if let Some(from) = filter.created_from {
        q.push(" AND s.created_at >= ").push_bind(from);
    }
    if let Some(to) = filter.created_to {
        q.push(" AND s.created_at < ").push_bind(to);
    }
    q.push(" ORDER BY s.created_at DESC, s.lead_id DESC");
    match walk {
        // The text is tried on the rows the walk read: inside, it would let the planner
        // walk on until it found a page, however far that is.
        Some(rows) => {
            q.push(" LIMIT ").push_bind(rows);
            q.push(") s JOIN leads l ON l.id = s.lead_id WHERE true");
            push_text(&mut q, filter, text);
        }
        // All the matches, sorted: the fence keeps the planner from walking the date's
        // index for them, the plan the walk has just found too sparse.
        None => {
            q.push(" OFFSET 0) s JOIN leads l ON l.id = s.lead_id WHERE true");
        }
    }
    push_lead_filter(&mut q, scope, filter);
    q.push(" ORDER BY s.created_at DESC, s.lead_id DESC LIMIT ")
        .push_bind(limit);
    Ok(q.build_query_as::<LeadRow>().fetch_all(db).await?)
}

/// The conditions on `leads l` that `scope` and `filter` put, each starting with AND: the
/// list's, its export's and a bulk change's.
pub(crate) fn push_filter(q: &mut QueryBuilder<'_, Postgres>, scope: Scope, filter: &LeadFilter) {
    if let Some(text) = &filter.q {
        q.push(" AND l.id IN (SELECT s.lead_id FROM lead_search s WHERE true");
        push_text(q, filter, text);
        q.push(")");
    }
    push_lead_filter(q, scope, filter);
}

/// The condition on `lead_search s` of a search for `text` (`filter.q`), starting with AND.
fn push_text(q: &mut QueryBuilder<'_, Postgres>, filter: &LeadFilter, text: &str) {
    // A number as typed is looked for by its digits alone, as the numbers are stored:
    // its brackets, dashes and trunk prefix are in no lead's text, and a second pattern
    // would be a second scan of the index. The text is in lower case (`lead_search_text`),
    // and the term is put in lower case by the same rules.
    match &filter.q_phone {
        Some(digits) => q.push(" AND s.text LIKE ").push_bind(format!("%{digits}%")),
        None => q
            .push(" AND s.text LIKE lower(")
            .push_bind(format!("%{}%", escape_like(text)))
            .push(")"),
    };
}

/// `push_filter`'s conditions but the text's.
fn push_lead_filter(q: &mut QueryBuilder<'_, Postgres>, scope: Scope, filter: &LeadFilter) {
    if let Some(viewer) = scope.viewer() {
        q.push(" AND (l.owner_id IS NULL OR l.owner_id IN (SELECT * FROM visible_owners(")
            .push_bind(viewer)
            .push(")))");
    }
    if let Some(stage) = filter.stage {
        q.push(" AND l.stage = ").push_bind(stage.index());
    }
    if let Some(reached) = filter.reached {
        q.push(" AND l.max_stage >= ").push_bind(reached.index());
    }
    if let Some(lost_at) = filter.lost_at {
        q.push(" AND l.status = 'lost' AND l.lost_stage = ")
            .push_bind(lost_at.index());
    }
    if let Some(status) = filter.status {
        q.push(" AND l.status = ").push_bind(status.as_str());
    }
    if let Some(owner) = filter.owner_id {
        q.push(" AND l.owner_id = ").push_bind(owner);
    }
    if let Some(team) = filter.team_id {
        q.push(" AND l.owner_id IN (SELECT u.id FROM users u WHERE u.team_id = ")
            .push_bind(team)
            .push(")");
    }
    if filter.unassigned {
        q.push(" AND l.owner_id IS NULL");
    }
    if let Some(source) = &filter.source {
        q.push(" AND l.source = ").push_bind(source.clone());
    }
    if let Some(tag) = &filter.tag {
        q.push(" AND EXISTS (SELECT 1 FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.lead_id = l.id AND t.name = ")
            .push_bind(tag.clone())
            .push(")");
    }
    if let Some(from) = filter.created_from {
        q.push(" AND l.created_at >= ").push_bind(from);
    }
    if let Some(to) = filter.created_to {
        q.push(" AND l.created_at < ").push_bind(to);
    }
    if let Some(ids) = &filter.ids {
        q.push(" AND l.id = ANY(").push_bind(ids.clone()).push(")");
    }
    if let Some(since) = filter.updated_since {
        q.push(" AND l.updated_at >= ").push_bind(since);
    }
    if let Some(external_id) = &filter.external_id {
        q.push(" AND l.external_id = ")
            .push_bind(external_id.clone());
    }
    if !filter.custom.is_empty() {
        // Containment, by `leads_custom_idx`.
        q.push(" AND l.custom @> ")
            .push_bind(serde_json::Value::Object(filter.custom.clone()));
    }
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The advisory lock (in the two-key space, apart from the per-number locks) that a
/// single create holds shared and a bulk import holds exclusively while it checks numbers.
const PHONE_NUMBERS_LOCK: (i32, i32) = (0x4C45_4144, 1);

/// Another lead with this phone number, if any: its id, and whether `scope` may see it.
async fn lead_with_phone(
    tx: &mut Transaction<'_, Postgres>,
    phone: &str,
    except: Option<Uuid>,
    scope: Scope,
) -> StoreResult<Option<(Uuid, bool)>> {
    // Serialise creates of the same number so that two at once cannot both miss each other,
    // and wait for a bulk import that is checking many numbers at once (`create_many`).
    sqlx::query!(
        "SELECT pg_advisory_xact_lock_shared($2, $3), pg_advisory_xact_lock(hashtextextended($1, 0))",
        phone,
        PHONE_NUMBERS_LOCK.0,
        PHONE_NUMBERS_LOCK.1,
    )
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query!(
        r#"SELECT id, ($3::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($3))) AS "visible!" FROM leads
           WHERE phone = $1 AND ($2::uuid IS NULL OR id <> $2) ORDER BY created_at LIMIT 1"#,
        phone,
        except,
        scope.viewer(),
    )
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| (r.id, r.visible)))
}

/// The leads with this (normalised) number, oldest first, each with whether a user of
/// `scope` may see it: a number typed to log a call finds its lead.
pub async fn with_phone(
    db: impl PgExecutor<'_>,
    phone: &str,
    scope: Scope,
) -> StoreResult<Vec<(Uuid, bool)>> {
    Ok(sqlx::query!(
        r#"SELECT id, ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2))) AS "visible!" FROM leads
           WHERE phone = $1 ORDER BY created_at, id LIMIT 50"#,
        phone,
        scope.viewer(),
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.visible))
    .collect())
}

/// The conflict of a number another lead has. A lead the caller may not see is not named:
/// its id would tell a rep which leads exist on another rep's list.
fn duplicate_phone((existing, visible): (Uuid, bool)) -> StoreError {
    if visible {
        StoreError::Conflict {
            message: format!(
                "another lead ({existing}) has this phone number; send \"allow_duplicate\": true to store it anyway"
            ),
            existing_id: Some(existing),
        }
    } else {
        StoreError::Conflict {
            message: "another rep's lead has this phone number; send \"allow_duplicate\": true to store it anyway"
                .into(),
            existing_id: None,
        }
    }
}

/// A lead may go to an active user, and within a limited scope only to one whose leads
/// the scope sees: a limited manager gives leads to their teams' reps, not away.
async fn check_owner(
    tx: &mut Transaction<'_, Postgres>,
    owner_id: Uuid,
    scope: Scope,
) -> StoreResult<()> {
    let owner = sqlx::query!(
        r#"SELECT active, ($2::uuid IS NULL OR id IN (SELECT * FROM visible_owners($2))) AS "in_scope!"
           FROM users WHERE id = $1"#,
        owner_id,
        scope.viewer(),
    )
    .fetch_optional(&mut **tx)
    .await?;
    match owner {
        Some(o) if !o.in_scope => {
            Err(FieldError::new("owner_id", "error-owner-outside-teams").into())
        }
        Some(o) if o.active => Ok(()),
        Some(_) => Err(FieldError::new("owner_id", "error-owner-deactivated").into()),
        None => Err(FieldError::new("owner_id", "error-no-such-user").into()),
    }
}

/// Create a lead, its entry event and first reaches, its tags, and the referral move.
/// `create_many` is its set-based twin for imports: keep the two in step.
#[tracing::instrument(skip_all)]
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    new: NewLead,
    actor: Actor,
    scope: Scope,
) -> StoreResult<Uuid> {
    if let (Some(phone), false) = (&new.phone, new.allow_duplicate) {
        if let Some(existing) = lead_with_phone(tx, phone, None, scope).await? {
            return Err(duplicate_phone(existing));
        }
    }
    if let Some(owner) = new.owner_id {
        check_owner(tx, owner, scope).await?;
    }
    if let Some(referrer) = new.referred_by {
        check_referrer(tx, referrer, scope).await?;
    }
    let entry = new.entry_stage.unwrap_or(Stage::New);
    let position = FunnelPosition::entering_at(entry, new.deal_value.is_some());
    if position.status == LeadStatus::Won && new.deal_value.is_none() {
        return Err(FieldError::new("deal_value", "error-entry-needs-deal-value").into());
    }
    let id = new_id();
    // Created now (the transaction's time) unless the caller says when.
    let created_at = sqlx::query_scalar!(
        "INSERT INTO leads (id, name, phone, email, company, source, owner_id, stage, max_stage, entry_stage, status,
                            deal_value, referred_by, do_not_call, next_contact_at, notes, won_at, created_at, updated_at,
                            external_id, custom)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8, $9, $10, $11, $12, $13, $14,
                 CASE WHEN $9 = 'won' THEN coalesce($15::timestamptz, now()) END,
                 coalesce($15::timestamptz, now()), coalesce($15::timestamptz, now()), $16, $17)
         RETURNING created_at",
        id,
        &new.name,
        new.phone.as_deref(),
        new.email.as_deref(),
        new.company.as_deref(),
        new.source.as_deref(),
        new.owner_id,
        entry.index(),
        position.status.as_str(),
        new.deal_value,
        new.referred_by,
        new.do_not_call,
        new.next_contact_at,
        new.notes.as_deref(),
        new.created_at,
        new.external_id.as_deref(),
        serde_json::Value::Object(new.custom.clone()),
    )
    .fetch_one(&mut **tx)
    .await?;
    insert_event(
        tx,
        id,
        None,
        entry,
        EventKind::Create,
        None,
        None,
        new.deal_value,
        actor,
        created_at,
        None,
    )
    .await?;
    record_reaches(tx, id, Stage::New, entry, created_at).await?;
    change_tags(tx, id, &new.tags, &[]).await?;
    if let Some(referrer) = new.referred_by {
        credit_referral(tx, referrer, id, actor).await?;
    }
    if let Some(owner) = new.owner_id {
        notifications::lead_assigned(tx, id, owner, actor).await?;
    }
    Ok(id)
}

/// A referrer is credited with a move, so it must be a lead the caller may change;
/// another rep's lead is answered exactly like one that does not exist.
async fn check_referrer(
    tx: &mut Transaction<'_, Postgres>,
    referrer: Uuid,
    scope: Scope,
) -> StoreResult<()> {
    let exists: bool = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM leads
                          WHERE id = $1 AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2))))
                  AS "exists!""#,
        referrer,
        scope.viewer(),
    )
    .fetch_one(&mut **tx)
    .await?;
    if exists {
        Ok(())
    } else {
        Err(FieldError::new("referred_by", "error-no-such-lead").into())
    }
}

/// A lead named beside another: its referrer, or a lead it referred.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadName {
    pub id: Uuid,
    pub name: String,
    /// E.164.
    pub phone: Option<String>,
}

/// Who referred a lead and whom it referred, as far as `scope` may see them: the
/// referrer is `None` when there is none or it is another rep's lead.
#[tracing::instrument(skip_all)]
pub async fn referrals(
    db: &sqlx::PgPool,
    lead: &LeadRow,
    scope: Scope,
) -> StoreResult<(Option<LeadName>, Vec<LeadName>)> {
    let referrer = match lead.referred_by {
        Some(referrer) => {
            sqlx::query_as!(
                LeadName,
                "SELECT id, name, phone FROM leads
                 WHERE id = $1 AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2)))",
                referrer,
                scope.viewer(),
            )
            .fetch_optional(db)
            .await?
        }
        None => None,
    };
    let referred = sqlx::query_as!(
        LeadName,
        "SELECT id, name, phone FROM leads
         WHERE referred_by = $1 AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2)))
         ORDER BY created_at, id LIMIT 100",
        lead.id,
        scope.viewer(),
    )
    .fetch_all(db)
    .await?;
    Ok((referrer, referred))
}

/// The lead with this number that `scope` may see, the first one stored.
#[tracing::instrument(skip_all)]
pub async fn visible_with_phone(
    db: impl PgExecutor<'_>,
    phone: &str,
    scope: Scope,
) -> StoreResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM leads
         WHERE phone = $1 AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2)))
         ORDER BY created_at, id LIMIT 1",
        phone,
        scope.viewer(),
    )
    .fetch_optional(db)
    .await?)
}

/// Other leads with the lead's number, the likeliest duplicates of it, as far as `scope`
/// reaches; oldest first.
pub async fn with_same_phone(
    db: impl PgExecutor<'_>,
    id: Uuid,
    scope: Scope,
) -> StoreResult<Vec<LeadName>> {
    Ok(sqlx::query_as!(
        LeadName,
        "SELECT d.id, d.name, d.phone FROM leads l JOIN leads d ON d.phone = l.phone AND d.id <> l.id
         WHERE l.id = $1 AND ($2::uuid IS NULL OR d.owner_id IS NULL OR d.owner_id IN (SELECT * FROM visible_owners($2)))
         ORDER BY d.created_at, d.id LIMIT 20",
        id,
        scope.viewer(),
    )
    .fetch_all(db)
    .await?)
}

/// A won customer who brought a new lead moves on to `referral`.
async fn credit_referral(
    tx: &mut Transaction<'_, Postgres>,
    referrer: Uuid,
    referred: Uuid,
    actor: Actor,
) -> StoreResult<()> {
    let position = lock_position(tx, referrer, Scope::All).await?;
    if position.status == LeadStatus::Won && position.stage < Stage::Referral {
        let change = Change::MoveTo {
            to: Stage::Referral,
            reason: None,
            sets_deal_value: false,
        };
        let transition = stage::apply(position, &change)?;
        let details = ChangeDetails {
            reason: Some(format!("referred lead {referred}")),
            ..ChangeDetails::default()
        };
        persist_transition(tx, referrer, &transition, &details, actor).await?;
    }
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    patch: LeadPatch,
    scope: Scope,
    actor: Actor,
) -> StoreResult<()> {
    lock_position(tx, id, scope).await?;
    audit::act_as(tx, actor).await?;
    // An erased person stays erased: the husk takes no name, number, e-mail, company or notes.
    let personal = [
        (
            "name",
            patch.name.as_deref().is_some_and(|n| n != ERASED_NAME),
        ),
        ("phone", matches!(patch.phone, Some(Some(_)))),
        ("email", matches!(patch.email, Some(Some(_)))),
        ("company", matches!(patch.company, Some(Some(_)))),
        ("notes", matches!(patch.notes, Some(Some(_)))),
        (
            "custom",
            patch
                .custom
                .as_ref()
                .is_some_and(|c| c.values().any(|v| !v.is_null())),
        ),
    ];
    if let Some((field, _)) = personal.iter().find(|(_, set)| *set) {
        let erased = sqlx::query_scalar!("SELECT erased_at FROM leads WHERE id = $1", id)
            .fetch_one(&mut **tx)
            .await?;
        if erased.is_some() {
            return Err(FieldError::new(*field, "error-lead-erased").into());
        }
    }
    if let (Some(Some(phone)), false) = (&patch.phone, patch.allow_duplicate) {
        if let Some(existing) = lead_with_phone(tx, phone, Some(id), scope).await? {
            return Err(duplicate_phone(existing));
        }
    }
    // The new owner, when the lead changes hands: they are told.
    let mut assigned = None;
    if let Some(Some(owner)) = patch.owner_id {
        check_owner(tx, owner, scope).await?;
        let before = sqlx::query_scalar!("SELECT owner_id FROM leads WHERE id = $1", id)
            .fetch_one(&mut **tx)
            .await?;
        if before != Some(owner) {
            assigned = Some(owner);
        }
    }
    if let Some(None) = patch.deal_value {
        let won: bool = sqlx::query_scalar!(
            r#"SELECT status = 'won' AS "won!" FROM leads WHERE id = $1"#,
            id
        )
        .fetch_one(&mut **tx)
        .await?;
        if won {
            return Err(FieldError::new("deal_value", "error-won-keeps-deal-value").into());
        }
    }
    // A new referrer is credited once the lead names them.
    let mut credited = None;
    if let Some(Some(referrer)) = patch.referred_by {
        if referrer == id {
            return Err(FieldError::new("referred_by", "error-referrer-is-the-lead").into());
        }
        check_referrer(tx, referrer, scope).await?;
        let before = sqlx::query_scalar!("SELECT referred_by FROM leads WHERE id = $1", id)
            .fetch_one(&mut **tx)
            .await?;
        if before != Some(referrer) {
            credited = Some(referrer);
        }
    }
    let mut q = QueryBuilder::<Postgres>::new("UPDATE leads SET updated_at = now()");
    if let Some(external_id) = &patch.external_id {
        q.push(", external_id = ").push_bind(external_id.clone());
    }
    if let Some(name) = &patch.name {
        q.push(", name = ").push_bind(name.clone());
    }
    if let Some(phone) = &patch.phone {
        q.push(", phone_bad = false, phone = ")
            .push_bind(phone.clone());
    }
    if let Some(email) = &patch.email {
        q.push(", email = ").push_bind(email.clone());
    }
    if let Some(company) = &patch.company {
        q.push(", company = ").push_bind(company.clone());
    }
    if let Some(source) = &patch.source {
        q.push(", source = ").push_bind(source.clone());
    }
    if let Some(owner) = patch.owner_id {
        q.push(", owner_id = ").push_bind(owner);
    }
    if let Some(value) = patch.deal_value {
        q.push(", deal_value = ").push_bind(value);
    }
    if let Some(dnc) = patch.do_not_call {
        q.push(", do_not_call = ").push_bind(dnc);
    }
    if let Some(bad) = patch.phone_bad {
        q.push(", phone_bad = ").push_bind(bad);
    }
    if let Some(next) = patch.next_contact_at {
        q.push(", next_contact_at = ").push_bind(next);
    }
    if let Some(notes) = &patch.notes {
        q.push(", notes = ").push_bind(notes.clone());
    }
    if let Some(referrer) = patch.referred_by {
        q.push(", referred_by = ").push_bind(referrer);
    }
    if let Some(custom) = &patch.custom {
        // Those given replace the lead's own; a `null` takes one away.
        let (set, cleared): (serde_json::Map<_, _>, serde_json::Map<_, _>) =
            custom.clone().into_iter().partition(|(_, v)| !v.is_null());
        let cleared: Vec<String> = cleared.into_iter().map(|(k, _)| k).collect();
        q.push(", custom = (custom || ")
            .push_bind(serde_json::Value::Object(set))
            .push(") - ")
            .push_bind(cleared)
            .push("::text[]");
    }
    q.push(" WHERE id = ").push_bind(id);
    q.build().execute(&mut **tx).await?;
    if patch.tags.is_some() || !patch.add_tags.is_empty() || !patch.remove_tags.is_empty() {
        // Read under the lead's lock: a concurrent change of its tags waits for this one.
        let before = sqlx::query_scalar!(
            r#"SELECT coalesce(array_agg(t.name ORDER BY t.name), '{}') AS "names!"
               FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.lead_id = $1"#,
            id
        )
        .fetch_one(&mut **tx)
        .await?;
        let mut after = match &patch.tags {
            Some(tags) => tags.clone(),
            None => before
                .iter()
                .chain(&patch.add_tags)
                .filter(|t| !patch.remove_tags.contains(t))
                .cloned()
                .collect(),
        };
        after.sort();
        after.dedup();
        let added: Vec<String> = after
            .iter()
            .filter(|t| !before.contains(t))
            .cloned()
            .collect();
        let removed: Vec<String> = before.into_iter().filter(|t| !after.contains(t)).collect();
        change_tags(tx, id, &added, &removed).await?;
        if !added.is_empty() || !removed.is_empty() {
            audit::record_tags(tx, &[id], &added, &removed).await?;
        }
    }
    if let Some(owner) = assigned {
        notifications::lead_assigned(tx, id, owner, actor).await?;
    }
    if let Some(referrer) = credited {
        credit_referral(tx, referrer, id, actor).await?;
    }
    Ok(())
}

/// Give a lead the tags `added` (creating those that do not exist yet) and take `removed`
/// off it; the tags it keeps are not touched.
async fn change_tags(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    added: &[String],
    removed: &[String],
) -> StoreResult<()> {
    if !removed.is_empty() {
        sqlx::query!(
            "DELETE FROM lead_tags lt USING tags t
             WHERE lt.lead_id = $1 AND lt.tag_id = t.id AND t.name = ANY($2)",
            lead_id,
            removed,
        )
        .execute(&mut **tx)
        .await?;
    }
    if added.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = added.iter().map(|_| new_id()).collect();
    sqlx::query!(
        "INSERT INTO tags (id, name) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (name) DO NOTHING",
        &ids,
        added,
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO lead_tags (lead_id, tag_id) SELECT $1, id FROM tags WHERE name = ANY($2) ON CONFLICT DO NOTHING",
        lead_id,
        added,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A lead that is gone: a merge removed it into another.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Tombstone {
    pub id: Uuid,
    /// The lead it was merged into.
    pub merged_into: Option<Uuid>,
    pub deleted_at: DateTime<Utc>,
}

/// The leads deleted at or after `since` that `scope` could see, oldest first, after
/// the cursor `after` (deleted_at, id).
pub async fn deleted(
    db: impl PgExecutor<'_>,
    scope: Scope,
    since: Option<DateTime<Utc>>,
    after: Option<LeadCursor>,
    limit: i64,
) -> StoreResult<Vec<Tombstone>> {
    let (after_at, after_id) = after.unzip();
    Ok(sqlx::query_as!(
        Tombstone,
        "SELECT t.id, t.merged_into, t.deleted_at FROM lead_tombstones t
         WHERE ($1::uuid IS NULL OR t.owner_id IS NULL OR t.owner_id IN (SELECT * FROM visible_owners($1)))
           AND ($2::timestamptz IS NULL OR t.deleted_at >= $2)
           AND ($3::timestamptz IS NULL OR (t.deleted_at, t.id) > ($3, $4::uuid))
         ORDER BY t.deleted_at, t.id
         LIMIT $5",
        scope.viewer(),
        since,
        after_at,
        after_id,
        limit,
    )
    .fetch_all(db)
    .await?)
}

/// The lead another system knows as `external_id`, locked for the rest of `tx`, and
/// whether `scope` may see it. Calls for the same id wait for each other, so that two
/// upserts at once create one lead.
pub async fn by_external_id(
    tx: &mut Transaction<'_, Postgres>,
    external_id: &str,
    scope: Scope,
) -> StoreResult<Option<(Uuid, bool)>> {
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('external_id:' || $1, 0))",
        external_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query!(
        r#"SELECT id, ($2::uuid IS NULL OR owner_id IS NULL OR owner_id IN (SELECT * FROM visible_owners($2))) AS "visible!"
           FROM leads WHERE external_id = $1 FOR UPDATE"#,
        external_id,
        scope.viewer(),
    )
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| (r.id, r.visible)))
}
