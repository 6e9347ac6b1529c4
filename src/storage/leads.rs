//! Leads, their tags, and the append-only stage events that the lead row is derived from.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, Postgres, QueryBuilder, Transaction};
use uuid::Uuid;

use super::{new_id, Actor, Scope, StoreError, StoreResult};
use crate::domain::stage::{
    self, Change, EventKind, FunnelPosition, LeadStatus, Stage, Transition,
};
use crate::domain::FieldError;

/// A lead as stored, with its tag names.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LeadRow {
    pub id: Uuid,
    pub name: String,
    pub phone: Option<String>,
    pub phone_bad: bool,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    pub stage: Stage,
    pub max_stage: Stage,
    pub entry_stage: Stage,
    pub status: LeadStatus,
    pub lost_stage: Option<Stage>,
    pub lost_reason: Option<String>,
    pub deal_value: Option<i64>,
    pub referred_by: Option<Uuid>,
    pub do_not_call: bool,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub last_call_at: Option<DateTime<Utc>>,
    pub last_call_outcome: Option<String>,
    pub call_count: i32,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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

pub(crate) const LEAD_COLUMNS: &str = "l.id, l.name, l.phone, l.phone_bad, l.email, l.company, l.source, l.owner_id, \
    l.stage, l.max_stage, l.entry_stage, l.status, l.lost_stage, \
    (SELECT label FROM lost_reasons r WHERE r.id = l.lost_reason_id) AS lost_reason, \
    l.deal_value, l.referred_by, l.do_not_call, l.next_contact_at, l.notes, l.last_call_at, \
    l.last_call_outcome, l.call_count, \
    coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
              WHERE lt.lead_id = l.id), '{}') AS tags, \
    l.created_at, l.updated_at";

/// A validated new lead.
#[derive(Clone, Debug, Default)]
pub struct NewLead {
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
    /// When the lead really came in, for leads brought over from elsewhere.
    pub created_at: Option<DateTime<Utc>>,
    /// Store it even if another lead has the same phone number.
    pub allow_duplicate: bool,
}

/// A validated partial update: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct LeadPatch {
    pub name: Option<String>,
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub company: Option<Option<String>>,
    pub source: Option<Option<String>>,
    pub owner_id: Option<Option<Uuid>>,
    pub tags: Option<Vec<String>>,
    pub deal_value: Option<Option<i64>>,
    pub do_not_call: Option<bool>,
    pub next_contact_at: Option<Option<DateTime<Utc>>>,
    pub notes: Option<Option<String>>,
    pub allow_duplicate: bool,
}

/// Lead list filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct LeadFilter {
    pub stage: Option<Stage>,
    pub status: Option<LeadStatus>,
    pub owner_id: Option<Uuid>,
    pub unassigned: bool,
    pub source: Option<String>,
    pub tag: Option<String>,
    pub q: Option<String>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    /// Reached at least this stage (`max_stage >= k`): the funnel drill-down.
    pub reached: Option<Stage>,
    pub lost_at: Option<Stage>,
    pub ids: Option<Vec<Uuid>>,
}

/// Where the previous page ended: (created_at, id), newest first.
pub type LeadCursor = (DateTime<Utc>, Uuid);

#[tracing::instrument(skip_all)]
pub async fn get(db: impl PgExecutor<'_>, id: Uuid, scope: Scope) -> StoreResult<LeadRow> {
    let sql = format!(
        "SELECT {LEAD_COLUMNS} FROM leads l WHERE l.id = $1 AND ($2::uuid IS NULL OR l.owner_id IS NULL OR l.owner_id = $2)"
    );
    sqlx::query_as::<_, LeadRow>(&sql)
        .bind(id)
        .bind(scope.rep())
        .fetch_optional(db)
        .await?
        .ok_or(StoreError::NotFound("lead"))
}

#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    scope: Scope,
    filter: &LeadFilter,
    after: Option<LeadCursor>,
    limit: i64,
) -> StoreResult<Vec<LeadRow>> {
    let mut q =
        QueryBuilder::<Postgres>::new(format!("SELECT {LEAD_COLUMNS} FROM leads l WHERE true"));
    if let Some(rep) = scope.rep() {
        q.push(" AND (l.owner_id IS NULL OR l.owner_id = ")
            .push_bind(rep)
            .push(")");
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
    if let Some(text) = &filter.q {
        let pattern = format!("%{}%", escape_like(text));
        q.push(" AND l.id IN (SELECT s.lead_id FROM lead_search s WHERE s.text ILIKE ")
            .push_bind(pattern)
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
    if let Some((created_at, id)) = after {
        q.push(" AND (l.created_at, l.id) < (")
            .push_bind(created_at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(" ORDER BY l.created_at DESC, l.id DESC LIMIT ")
        .push_bind(limit);
    Ok(q.build_query_as::<LeadRow>().fetch_all(db).await?)
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
    sqlx::query(
        "SELECT pg_advisory_xact_lock_shared($2, $3), pg_advisory_xact_lock(hashtextextended($1, 0))",
    )
    .bind(phone)
    .bind(PHONE_NUMBERS_LOCK.0)
    .bind(PHONE_NUMBERS_LOCK.1)
    .execute(&mut **tx)
    .await?;
    Ok(sqlx::query_as(
        "SELECT id, ($3::uuid IS NULL OR owner_id IS NULL OR owner_id = $3) FROM leads \
             WHERE phone = $1 AND ($2::uuid IS NULL OR id <> $2) ORDER BY created_at LIMIT 1",
    )
    .bind(phone)
    .bind(except)
    .bind(scope.rep())
    .fetch_optional(&mut **tx)
    .await?)
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

async fn check_owner(tx: &mut Transaction<'_, Postgres>, owner_id: Uuid) -> StoreResult<()> {
    let active: Option<bool> = sqlx::query_scalar("SELECT active FROM users WHERE id = $1")
        .bind(owner_id)
        .fetch_optional(&mut **tx)
        .await?;
    match active {
        Some(true) => Ok(()),
        Some(false) => Err(FieldError::new("owner_id", "that user is deactivated").into()),
        None => Err(FieldError::new("owner_id", "no such user").into()),
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
        check_owner(tx, owner).await?;
    }
    // A referrer is credited with a move, so it must be a lead the caller may change;
    // another rep's lead is answered exactly like one that does not exist.
    if let Some(referrer) = new.referred_by {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM leads WHERE id = $1 AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id = $2))",
        )
        .bind(referrer)
        .bind(scope.rep())
        .fetch_one(&mut **tx)
        .await?;
        if !exists {
            return Err(FieldError::new("referred_by", "no such lead").into());
        }
    }
    let entry = new.entry_stage.unwrap_or(Stage::New);
    let position = FunnelPosition::entering_at(entry, new.deal_value.is_some());
    if position.status == LeadStatus::Won && new.deal_value.is_none() {
        return Err(FieldError::new(
            "deal_value",
            "a lead entering at decide or later is won and needs a deal value",
        )
        .into());
    }
    let id = new_id();
    let created_at: DateTime<Utc> = match new.created_at {
        Some(at) => at,
        None => {
            sqlx::query_scalar("SELECT now()")
                .fetch_one(&mut **tx)
                .await?
        }
    };
    sqlx::query(
        "INSERT INTO leads (id, name, phone, email, company, source, owner_id, stage, max_stage, entry_stage, status, \
                            deal_value, referred_by, do_not_call, next_contact_at, notes, won_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8, $9, $10, $11, $12, $13, $14, \
                 CASE WHEN $9 = 'won' THEN $15 END, $15, $15)",
    )
    .bind(id)
    .bind(&new.name)
    .bind(&new.phone)
    .bind(&new.email)
    .bind(&new.company)
    .bind(&new.source)
    .bind(new.owner_id)
    .bind(entry.index())
    .bind(position.status.as_str())
    .bind(new.deal_value)
    .bind(new.referred_by)
    .bind(new.do_not_call)
    .bind(new.next_contact_at)
    .bind(&new.notes)
    .bind(created_at)
    .execute(&mut **tx)
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
    )
    .await?;
    record_reaches(tx, id, Stage::New, entry, created_at).await?;
    set_tags(tx, id, &new.tags).await?;
    if let Some(referrer) = new.referred_by {
        credit_referral(tx, referrer, id, actor).await?;
    }
    Ok(id)
}

/// Leads bound for [`create_many`], encoded as rows of its staging table in `COPY` text format.
///
/// Only what a CSV row can carry is staged: name, phone, e-mail, company, source, tags and
/// notes. A lead with an owner, a referrer, an entry stage, a deal value, a creation time or
/// `allow_duplicate` goes through [`create`].
#[derive(Debug, Default)]
pub struct StagedLeads {
    copy: Vec<u8>,
    rows: usize,
    tag_names: BTreeSet<String>,
    /// The first staged lead with each phone number.
    first_with_phone: HashMap<String, Uuid>,
    /// Later rows with a number staged already: (line, id of the first lead with it).
    repeats: Vec<(u64, Uuid)>,
}

impl StagedLeads {
    /// Stage the lead found on `line`. A number already staged is not staged again: that
    /// row is a duplicate of the first one (or of the lead that one duplicates).
    pub fn push(&mut self, line: u64, new: &NewLead) {
        debug_assert!(
            new.owner_id.is_none()
                && new.referred_by.is_none()
                && new.entry_stage.is_none()
                && new.deal_value.is_none()
                && new.created_at.is_none()
                && new.next_contact_at.is_none()
                && !new.do_not_call
                && !new.allow_duplicate,
            "only what a CSV row carries can be staged"
        );
        if let Some(phone) = &new.phone {
            if let Some(first) = self.first_with_phone.get(phone) {
                self.repeats.push((line, *first));
                return;
            }
        }
        let id = new_id();
        if let Some(phone) = &new.phone {
            self.first_with_phone.insert(phone.clone(), id);
        }
        let out = &mut self.copy;
        out.extend_from_slice(line.to_string().as_bytes());
        out.push(b'\t');
        out.extend_from_slice(
            id.hyphenated()
                .encode_lower(&mut Uuid::encode_buffer())
                .as_bytes(),
        );
        copy_field(out, Some(&new.name));
        copy_field(out, new.phone.as_deref());
        copy_field(out, new.email.as_deref());
        copy_field(out, new.company.as_deref());
        copy_field(out, new.source.as_deref());
        copy_field(out, new.notes.as_deref());
        let mut tags = String::from("{");
        for (i, tag) in new.tags.iter().enumerate() {
            if i > 0 {
                tags.push(',');
            }
            tags.push('"');
            for c in tag.chars() {
                if c == '"' || c == '\\' {
                    tags.push('\\');
                }
                tags.push(c);
            }
            tags.push('"');
            self.tag_names.insert(tag.clone());
        }
        tags.push('}');
        copy_field(out, Some(&tags));
        out.push(b'\n');
        self.rows += 1;
    }

    /// Leads staged, not counting repeated numbers.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0 && self.repeats.is_empty()
    }
}

/// One tab-separated field in `COPY` text format; `None` is NULL.
fn copy_field(out: &mut Vec<u8>, value: Option<&str>) {
    out.push(b'\t');
    let Some(value) = value else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for &b in value.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// What to do with the other staged leads when some are duplicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDuplicate {
    CreateOthers,
    CreateNone,
}

/// What [`create_many`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreatedMany {
    pub created: u64,
    /// Rows not created because another lead has their number: (line, that lead's id).
    pub duplicates: Vec<(u64, Uuid)>,
}

/// Create the staged leads as [`create`] would, set-based: `COPY` into a temporary staging
/// table, drop the rows whose number another lead has, then `INSERT ... SELECT` into leads,
/// stage_events, stage_reaches, tags and lead_tags. Keep in step with `create`.
#[tracing::instrument(skip_all, fields(rows = staged.len()))]
pub async fn create_many(
    tx: &mut Transaction<'_, Postgres>,
    staged: &StagedLeads,
    actor: Actor,
    on_duplicate: OnDuplicate,
) -> StoreResult<CreatedMany> {
    // No create may check a number until this transaction has committed its leads.
    sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
        .bind(PHONE_NUMBERS_LOCK.0)
        .bind(PHONE_NUMBERS_LOCK.1)
        .execute(&mut **tx)
        .await?;
    // Many short statements: compiling them would cost more than it saves.
    sqlx::query("SET LOCAL jit = off")
        .execute(&mut **tx)
        .await?;
    // One staging table per transaction, emptied after each chunk: a table per chunk would
    // hold a handful of locks each until the commit of an all-or-nothing import.
    let staging_exists: bool =
        sqlx::query_scalar("SELECT to_regclass('pg_temp.lead_import') IS NOT NULL")
            .fetch_one(&mut **tx)
            .await?;
    if !staging_exists {
        sqlx::query(
            "CREATE TEMP TABLE lead_import (line bigint NOT NULL, id uuid NOT NULL, name text NOT NULL, \
             phone text, email text, company text, source text, notes text, tags text[] NOT NULL) ON COMMIT DROP",
        )
        .execute(&mut **tx)
        .await?;
    }
    let mut copy = tx.copy_in_raw("COPY lead_import FROM STDIN").await?;
    copy.send(staged.copy.as_slice()).await?;
    copy.finish().await?;

    // The earliest lead with the number, as `create` reports it. The scalar subqueries run
    // per row on leads_phone_idx whatever the statistics say about the freshly loaded table.
    let found: Vec<(i64, Uuid, Uuid)> = sqlx::query_as(
        "DELETE FROM lead_import i \
         WHERE i.phone IS NOT NULL AND (SELECT true FROM leads l WHERE l.phone = i.phone LIMIT 1) \
         RETURNING i.line, i.id, \
                   (SELECT (array_agg(l.id ORDER BY l.created_at, l.id))[1] FROM leads l WHERE l.phone = i.phone)",
    )
    .fetch_all(&mut **tx)
    .await?;
    let existing: HashMap<Uuid, Uuid> = found.iter().map(|&(_, id, lead)| (id, lead)).collect();
    let mut duplicates: Vec<(u64, Uuid)> = found
        .iter()
        .map(|&(line, _, lead)| (line as u64, lead))
        .chain(
            staged
                .repeats
                .iter()
                .map(|&(line, first)| (line, existing.get(&first).copied().unwrap_or(first))),
        )
        .collect();
    duplicates.sort_unstable();
    if on_duplicate == OnDuplicate::CreateNone && !duplicates.is_empty() {
        sqlx::query("TRUNCATE lead_import")
            .execute(&mut **tx)
            .await?;
        return Ok(CreatedMany {
            created: 0,
            duplicates,
        });
    }

    let entry = Stage::New;
    let position = FunnelPosition::entering_at(entry, false);
    let created = sqlx::query(
        "INSERT INTO leads (id, name, phone, email, company, source, owner_id, stage, max_stage, entry_stage, status, \
                            deal_value, referred_by, do_not_call, next_contact_at, notes, won_at, created_at, updated_at) \
         SELECT id, name, phone, email, company, source, NULL, $1, $1, $1, $2, \
                NULL, NULL, false, NULL, notes, NULL, now(), now() \
         FROM lead_import ORDER BY line",
    )
    .bind(entry.index())
    .bind(position.status.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    sqlx::query(
        "INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, reason, lost_reason_id, deal_value, \
                                   actor_user_id, actor_token_id, actor_call_id, created_at) \
         SELECT id, NULL, $1, $2, NULL, NULL, NULL, $3, $4, $5, now() FROM lead_import ORDER BY line",
    )
    .bind(entry.index())
    .bind(EventKind::Create.as_str())
    .bind(actor.user_id)
    .bind(actor.token_id)
    .bind(actor.call_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO stage_reaches (lead_id, stage, reached_at) \
         SELECT i.id, s::smallint, now() FROM lead_import i CROSS JOIN generate_series($1::int, $2::int) s",
    )
    .bind(Stage::New.index())
    .bind(entry.index())
    .execute(&mut **tx)
    .await?;
    if !staged.tag_names.is_empty() {
        let names: Vec<&str> = staged.tag_names.iter().map(String::as_str).collect();
        let ids: Vec<Uuid> = names.iter().map(|_| new_id()).collect();
        sqlx::query(
            "INSERT INTO tags (id, name) \
             SELECT n.id, n.name FROM unnest($1::uuid[], $2::text[]) AS n(id, name) \
             WHERE n.name IN (SELECT unnest(tags) FROM lead_import) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(&ids)
        .bind(&names)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO lead_tags (lead_id, tag_id) \
             SELECT i.id, t.id FROM lead_import i CROSS JOIN LATERAL unnest(i.tags) AS n(name) \
             JOIN tags t ON t.name = n.name \
             ON CONFLICT DO NOTHING",
        )
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("TRUNCATE lead_import")
        .execute(&mut **tx)
        .await?;
    Ok(CreatedMany {
        created,
        duplicates,
    })
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
) -> StoreResult<()> {
    lock_position(tx, id, scope).await?;
    if let (Some(Some(phone)), false) = (&patch.phone, patch.allow_duplicate) {
        if let Some(existing) = lead_with_phone(tx, phone, Some(id), scope).await? {
            return Err(duplicate_phone(existing));
        }
    }
    if let Some(Some(owner)) = patch.owner_id {
        check_owner(tx, owner).await?;
    }
    if let Some(None) = patch.deal_value {
        let won: bool = sqlx::query_scalar("SELECT status = 'won' FROM leads WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        if won {
            return Err(FieldError::new("deal_value", "a won lead keeps a deal value").into());
        }
    }
    let mut q = QueryBuilder::<Postgres>::new("UPDATE leads SET updated_at = now()");
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
    if let Some(next) = patch.next_contact_at {
        q.push(", next_contact_at = ").push_bind(next);
    }
    if let Some(notes) = &patch.notes {
        q.push(", notes = ").push_bind(notes.clone());
    }
    q.push(" WHERE id = ").push_bind(id);
    q.build().execute(&mut **tx).await?;
    if let Some(tags) = &patch.tags {
        set_tags(tx, id, tags).await?;
    }
    Ok(())
}

/// Replace a lead's tags, creating tags that do not exist yet.
async fn set_tags(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    tags: &[String],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM lead_tags WHERE lead_id = $1")
        .bind(lead_id)
        .execute(&mut **tx)
        .await?;
    if tags.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = tags.iter().map(|_| new_id()).collect();
    sqlx::query(
        "INSERT INTO tags (id, name) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (name) DO NOTHING",
    )
    .bind(&ids)
    .bind(tags)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO lead_tags (lead_id, tag_id) SELECT $1, id FROM tags WHERE name = ANY($2) ON CONFLICT DO NOTHING")
        .bind(lead_id)
        .bind(tags)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Lock a lead's row for the rest of the transaction and read its funnel position.
pub async fn lock_position(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    scope: Scope,
) -> StoreResult<FunnelPosition> {
    lock_positions(tx, &[id], scope)
        .await?
        .remove(&id)
        .ok_or(StoreError::NotFound("lead"))
}

/// Lock the rows of the leads `ids` that `scope` may see, in id order (so that two
/// transactions locking overlapping sets never deadlock), and read their positions.
pub async fn lock_positions(
    tx: &mut Transaction<'_, Postgres>,
    ids: &[Uuid],
    scope: Scope,
) -> StoreResult<HashMap<Uuid, FunnelPosition>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: Uuid,
        stage: Stage,
        max_stage: Stage,
        status: LeadStatus,
        lost_stage: Option<Stage>,
        deal_value: Option<i64>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, stage, max_stage, status, lost_stage, deal_value FROM leads \
         WHERE id = ANY($1) AND ($2::uuid IS NULL OR owner_id IS NULL OR owner_id = $2) ORDER BY id FOR UPDATE",
    )
    .bind(ids)
    .bind(scope.rep())
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let position = FunnelPosition {
                stage: row.stage,
                max_stage: row.max_stage,
                status: row.status,
                lost_stage: row.lost_stage,
                has_deal_value: row.deal_value.is_some(),
            };
            (row.id, position)
        })
        .collect())
}

/// What comes with a stage change besides the change itself.
#[derive(Clone, Debug, Default)]
pub struct ChangeDetails {
    pub reason: Option<String>,
    pub lost_reason_id: Option<Uuid>,
    pub deal_value: Option<i64>,
    /// When the change happened, if earlier than now (a call logged after the fact);
    /// never before the lead was created.
    pub at: Option<DateTime<Utc>>,
}

/// Apply a stage change under the lead's row lock: the event and the lead row change together.
#[tracing::instrument(skip_all)]
pub async fn change_stage(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    change: &Change,
    details: &ChangeDetails,
    actor: Actor,
    scope: Scope,
) -> StoreResult<EventRow> {
    let position = lock_position(tx, id, scope).await?;
    let transition = stage::apply(position, change)?;
    persist_transition(tx, id, &transition, details, actor).await
}

/// Write a transition worked out under the lead's row lock: the lead row, first
/// reaches and the event.
pub(super) async fn persist_transition(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    t: &Transition,
    details: &ChangeDetails,
    actor: Actor,
) -> StoreResult<EventRow> {
    let ChangeDetails {
        reason,
        lost_reason_id,
        deal_value,
        at,
    } = details;
    let (reason, lost_reason_id, deal_value) = (reason.as_deref(), *lost_reason_id, *deal_value);
    let now: DateTime<Utc> = sqlx::query_scalar(
        "SELECT greatest(coalesce($2, now()), created_at) FROM leads WHERE id = $1",
    )
    .bind(id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE leads SET stage = $2, max_stage = $3, status = $4, lost_stage = $5, \
             lost_reason_id = CASE WHEN $4 = 'lost' THEN $6 END, \
             deal_value = coalesce($7, deal_value), \
             won_at = CASE WHEN $4 = 'won' THEN coalesce(won_at, $8) ELSE won_at END, \
             lost_at = CASE WHEN $4 = 'lost' THEN $8 END, \
             claimed_by = CASE WHEN $4 = 'open' THEN claimed_by END, \
             updated_at = now() \
         WHERE id = $1",
    )
    .bind(id)
    .bind(t.after.stage.index())
    .bind(t.after.max_stage.index())
    .bind(t.after.status.as_str())
    .bind(t.after.lost_stage.map(Stage::index))
    .bind(lost_reason_id)
    .bind(deal_value)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    if let Some((first, last)) = t.newly_reached {
        record_reaches(tx, id, first, last, now).await?;
    }
    insert_event(
        tx,
        id,
        Some(t.from),
        t.to,
        t.kind,
        reason,
        lost_reason_id,
        deal_value,
        actor,
        now,
    )
    .await
}

/// A stage move a logged call makes (see `automatic_moves`), at the call's start.
pub(super) struct CallMove<'t> {
    pub lead_id: Uuid,
    pub transition: &'t Transition,
    pub at: DateTime<Utc>,
    pub call_id: Uuid,
}

/// Write `moves`, in order, as `persist_transition` would one by one, in four
/// statements whatever their number: each lead is updated once, to where its last
/// move leaves it; the first reaches and the events of all moves are inserted in
/// order. Calls only take open leads forward, so a lead's intermediate rows differ
/// from its last only in stage, and the triggers see the same net change.
pub(super) async fn persist_call_moves(
    tx: &mut Transaction<'_, Postgres>,
    moves: &[CallMove<'_>],
    actor: Actor,
) -> StoreResult<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let lead_ids: Vec<Uuid> = moves.iter().map(|m| m.lead_id).collect();
    let created: HashMap<Uuid, DateTime<Utc>> = sqlx::query_as::<_, (Uuid, DateTime<Utc>)>(
        "SELECT id, created_at FROM leads WHERE id = ANY($1)",
    )
    .bind(&lead_ids)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    // A move is dated at the call, but never before the lead was created.
    let at: Vec<DateTime<Utc>> = moves
        .iter()
        .map(|m| created.get(&m.lead_id).map_or(m.at, |c| m.at.max(*c)))
        .collect();
    let mut last: HashMap<Uuid, usize> = HashMap::new();
    for (i, m) in moves.iter().enumerate() {
        last.insert(m.lead_id, i);
    }
    let finals: Vec<usize> = last.into_values().collect();
    sqlx::query(
        "UPDATE leads l SET stage = f.stage, max_stage = f.max_stage, status = f.status, lost_stage = f.lost_stage, \
             lost_reason_id = NULL, \
             won_at = CASE WHEN f.status = 'won' THEN coalesce(l.won_at, f.at) ELSE l.won_at END, \
             lost_at = CASE WHEN f.status = 'lost' THEN f.at END, \
             claimed_by = CASE WHEN f.status = 'open' THEN l.claimed_by END, \
             updated_at = now() \
         FROM unnest($1::uuid[], $2::int2[], $3::int2[], $4::text[], $5::int2[], $6::timestamptz[]) \
              AS f (id, stage, max_stage, status, lost_stage, at) \
         WHERE l.id = f.id",
    )
    .bind(finals.iter().map(|&i| moves[i].lead_id).collect::<Vec<_>>())
    .bind(finals.iter().map(|&i| moves[i].transition.after.stage.index()).collect::<Vec<_>>())
    .bind(finals.iter().map(|&i| moves[i].transition.after.max_stage.index()).collect::<Vec<_>>())
    .bind(finals.iter().map(|&i| moves[i].transition.after.status.as_str()).collect::<Vec<_>>())
    .bind(finals.iter().map(|&i| moves[i].transition.after.lost_stage.map(Stage::index)).collect::<Vec<_>>())
    .bind(finals.iter().map(|&i| at[i]).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    let reaching: Vec<(Uuid, i32, i32, DateTime<Utc>)> = moves
        .iter()
        .zip(&at)
        .filter_map(|(m, at)| {
            let (first, last) = m.transition.newly_reached?;
            Some((m.lead_id, first.index().into(), last.index().into(), *at))
        })
        .collect();
    sqlx::query(
        "INSERT INTO stage_reaches (lead_id, stage, reached_at) \
         SELECT r.lead_id, s::smallint, r.at \
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::timestamptz[]) WITH ORDINALITY AS r (lead_id, first, last, at, n) \
         CROSS JOIN LATERAL generate_series(r.first, r.last) s \
         ORDER BY r.n, s \
         ON CONFLICT DO NOTHING",
    )
    .bind(reaching.iter().map(|r| r.0).collect::<Vec<_>>())
    .bind(reaching.iter().map(|r| r.1).collect::<Vec<_>>())
    .bind(reaching.iter().map(|r| r.2).collect::<Vec<_>>())
    .bind(reaching.iter().map(|r| r.3).collect::<Vec<_>>())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, actor_user_id, actor_token_id, actor_call_id, \
                                   created_at) \
         SELECT e.lead_id, e.from_stage, e.to_stage, e.kind, $5, $6, e.call_id, e.at \
         FROM unnest($1::uuid[], $2::int2[], $3::int2[], $4::text[], $7::uuid[], $8::timestamptz[]) WITH ORDINALITY \
              AS e (lead_id, from_stage, to_stage, kind, call_id, at, n) \
         ORDER BY e.n",
    )
    .bind(&lead_ids)
    .bind(moves.iter().map(|m| m.transition.from.index()).collect::<Vec<_>>())
    .bind(moves.iter().map(|m| m.transition.to.index()).collect::<Vec<_>>())
    .bind(moves.iter().map(|m| m.transition.kind.as_str()).collect::<Vec<_>>())
    .bind(actor.user_id)
    .bind(actor.token_id)
    .bind(moves.iter().map(|m| m.call_id).collect::<Vec<_>>())
    .bind(&at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn record_reaches(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    first: Stage,
    last: Stage,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO stage_reaches (lead_id, stage, reached_at) SELECT $1, s::smallint, $4 FROM generate_series($2::int, $3::int) s \
         ON CONFLICT DO NOTHING",
    )
    .bind(lead_id)
    .bind(first.index())
    .bind(last.index())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_event(
    tx: &mut Transaction<'_, Postgres>,
    lead_id: Uuid,
    from: Option<Stage>,
    to: Stage,
    kind: EventKind,
    reason: Option<&str>,
    lost_reason_id: Option<Uuid>,
    deal_value: Option<i64>,
    actor: Actor,
    at: DateTime<Utc>,
) -> StoreResult<EventRow> {
    let row = sqlx::query_as::<_, EventRow>(
        "INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, reason, lost_reason_id, deal_value, \
                                   actor_user_id, actor_token_id, actor_call_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         RETURNING id, lead_id, from_stage, to_stage, kind, reason, \
                   (SELECT label FROM lost_reasons WHERE id = $6) AS lost_reason, deal_value, \
                   actor_user_id, actor_token_id, actor_call_id, created_at",
    )
    .bind(lead_id)
    .bind(from.map(Stage::index))
    .bind(to.index())
    .bind(kind.as_str())
    .bind(reason)
    .bind(lost_reason_id)
    .bind(deal_value)
    .bind(actor.user_id)
    .bind(actor.token_id)
    .bind(actor.call_id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub lead_id: Uuid,
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub kind: EventKind,
    pub reason: Option<String>,
    pub lost_reason: Option<String>,
    pub deal_value: Option<i64>,
    pub actor_user_id: Option<Uuid>,
    pub actor_token_id: Option<Uuid>,
    pub actor_call_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[tracing::instrument(skip_all)]
pub async fn events(db: impl PgExecutor<'_>, lead_id: Uuid) -> StoreResult<Vec<EventRow>> {
    Ok(sqlx::query_as::<_, EventRow>(
        "SELECT e.id, e.lead_id, e.from_stage, e.to_stage, e.kind, e.reason, r.label AS lost_reason, e.deal_value, \
                e.actor_user_id, e.actor_token_id, e.actor_call_id, e.created_at \
         FROM stage_events e LEFT JOIN lost_reasons r ON r.id = e.lost_reason_id \
         WHERE e.lead_id = $1 ORDER BY e.id",
    )
    .bind(lead_id)
    .fetch_all(db)
    .await?)
}
