//! Leads created in bulk, for imports: staged as COPY rows and written set-wise, the
//! twin of `create` for one lead.

use super::*;

/// Leads bound for [`create_many`], encoded as rows of its staging table in `COPY` text format.
///
/// Only what a CSV row can carry is staged: name, phone, e-mail, company, source, owner,
/// entry stage, deal value, do-not-call, next contact, tags, notes, custom fields and
/// another system's id (an owner the caller
/// checked is active). A lead with a referrer, a creation time or `allow_duplicate` goes
/// through [`create`].
#[derive(Debug, Default)]
pub struct StagedLeads {
    copy: Vec<u8>,
    rows: usize,
    tag_names: BTreeSet<String>,
    /// The first staged lead with each phone number.
    first_with_phone: HashMap<String, Uuid>,
    /// Later rows with a number staged already: (line, id of the first lead with it).
    repeats: Vec<(u64, Uuid)>,
    /// The other systems' ids staged, each once.
    external_ids: BTreeSet<String>,
    /// Later rows with an `external_id` staged already: their lines.
    external_repeats: Vec<u64>,
}

impl StagedLeads {
    /// Stage the lead found on `line`. A number already staged is not staged again: that
    /// row is a duplicate of the first one (or of the lead that one duplicates).
    pub fn push(&mut self, line: u64, new: &NewLead) {
        debug_assert!(
            new.referred_by.is_none() && new.created_at.is_none() && !new.allow_duplicate,
            "only what a CSV row carries can be staged"
        );
        if let Some(phone) = &new.phone {
            if let Some(first) = self.first_with_phone.get(phone) {
                self.repeats.push((line, *first));
                return;
            }
        }
        if let Some(external_id) = &new.external_id {
            if !self.external_ids.insert(external_id.clone()) {
                self.external_repeats.push(line);
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
        let entry = new.entry_stage.unwrap_or(Stage::New);
        let position = FunnelPosition::entering_at(entry, new.deal_value.is_some());
        let owner = new.owner_id.map(|o| o.hyphenated().to_string());
        copy_field(out, owner.as_deref());
        copy_field(out, Some(&entry.index().to_string()));
        copy_field(out, Some(position.status.as_str()));
        copy_field(out, new.deal_value.map(|v| v.to_string()).as_deref());
        copy_field(out, Some(if new.do_not_call { "t" } else { "f" }));
        let next_contact = new.next_contact_at.map(|at| at.to_rfc3339());
        copy_field(out, next_contact.as_deref());
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
        let custom = serde_json::Value::Object(new.custom.clone()).to_string();
        copy_field(out, Some(&custom));
        copy_field(out, new.external_id.as_deref());
        out.push(b'\n');
        self.rows += 1;
    }

    /// Leads staged, not counting repeated numbers.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0 && self.repeats.is_empty() && self.external_repeats.is_empty()
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
    /// Rows not created because another lead (or an earlier row) has their `external_id`.
    pub external_duplicates: Vec<u64>,
    /// Rows not created because a lost lead has their number: that lead came back by itself
    /// (line, the lead).
    pub came_back: Vec<(u64, Uuid)>,
}

/// Create the staged leads as [`create`] would, set-based: `COPY` into a temporary staging
/// table, drop the rows whose number another lead has, then `INSERT ... SELECT` into leads,
/// stage_events, stage_reaches, tags and lead_tags. Keep in step with `create`. Each lead's
/// history says it was imported, by `actor`, from the import `import_id` where one is on record.
#[tracing::instrument(skip_all, fields(rows = staged.len()))]
pub async fn create_many(
    tx: &mut Transaction<'_, Postgres>,
    staged: &StagedLeads,
    actor: Actor,
    import_id: Option<Uuid>,
    on_duplicate: OnDuplicate,
) -> StoreResult<CreatedMany> {
    // No create may check a number until this transaction has committed its leads.
    sqlx::query!(
        "SELECT pg_advisory_xact_lock($1, $2)",
        PHONE_NUMBERS_LOCK.0,
        PHONE_NUMBERS_LOCK.1
    )
    .execute(&mut **tx)
    .await?;
    // Many short statements: compiling them would cost more than it saves.
    sqlx::query!("SET LOCAL jit = off")
        .execute(&mut **tx)
        .await?;
    // One staging table per transaction, emptied after each chunk: a table per chunk would
    // hold a handful of locks each until the commit of an all-or-nothing import.
    let staging_exists: bool = sqlx::query_scalar!(
        r#"SELECT to_regclass('pg_temp.lead_import') IS NOT NULL AS "exists!""#
    )
    .fetch_one(&mut **tx)
    .await?;
    // The statements on the staging table are checked by the tests, not the compiler
    // (`sqlx::query`, not `query!`): the table is temporary, made here in the transaction,
    // and the schema that `.sqlx/` describes has no such table.
    if !staging_exists {
        sqlx::query(
            "CREATE TEMP TABLE lead_import (line bigint NOT NULL, id uuid NOT NULL, name text NOT NULL, \
             phone text, email text, company text, source text, notes text, owner_id uuid, \
             entry_stage smallint NOT NULL, status text NOT NULL, deal_value bigint, do_not_call boolean NOT NULL, \
             next_contact_at timestamptz, tags text[] NOT NULL, custom jsonb NOT NULL, external_id text) \
             ON COMMIT DROP",
        )
        .execute(&mut **tx)
        .await?;
    }
    let mut copy = tx.copy_in_raw("COPY lead_import FROM STDIN").await?;
    copy.send(staged.copy.as_slice()).await?;
    copy.finish().await?;

    // A lost lead with the number has come back by itself (lead farming): it reopens, and
    // the row makes no second lead. The latest lost, as `lost_with_phone` finds it.
    let returning: Vec<(i64, Uuid, Uuid)> = sqlx::query_as(
        "DELETE FROM lead_import i \
         WHERE i.phone IS NOT NULL \
           AND (SELECT true FROM leads l WHERE l.phone = i.phone AND l.status = 'lost' AND NOT l.do_not_call LIMIT 1) \
         RETURNING i.line, i.id, \
                   (SELECT l.id FROM leads l WHERE l.phone = i.phone AND l.status = 'lost' AND NOT l.do_not_call \
                    ORDER BY l.lost_at DESC NULLS LAST, l.id LIMIT 1)",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut came_back = Vec::new();
    for &(line, _, lead) in &returning {
        if super::come_back(tx, lead, CameBackBy::Import)
            .await?
            .is_some()
        {
            came_back.push((line as u64, lead));
        }
    }
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
    let existing: HashMap<Uuid, Uuid> = found
        .iter()
        .chain(&returning)
        .map(|&(_, id, lead)| (id, lead))
        .collect();
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
    // Another system's id is one lead's: a row whose id a lead has is not created.
    let taken: Vec<i64> = sqlx::query_scalar(
        "DELETE FROM lead_import i \
         WHERE i.external_id IS NOT NULL AND EXISTS (SELECT 1 FROM leads l WHERE l.external_id = i.external_id) \
         RETURNING i.line",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut external_duplicates: Vec<u64> = taken
        .into_iter()
        .map(|line| line as u64)
        .chain(staged.external_repeats.iter().copied())
        .collect();
    external_duplicates.sort_unstable();
    if on_duplicate == OnDuplicate::CreateNone
        && !(duplicates.is_empty() && external_duplicates.is_empty())
    {
        sqlx::query("TRUNCATE lead_import")
            .execute(&mut **tx)
            .await?;
        return Ok(CreatedMany {
            created: 0,
            duplicates,
            external_duplicates,
            came_back,
        });
    }

    let created = sqlx::query(
        "INSERT INTO leads (id, name, phone, email, company, source, owner_id, stage, max_stage, entry_stage, status, \
                            deal_value, referred_by, do_not_call, next_contact_at, notes, won_at, created_at, updated_at, \
                            custom, external_id) \
         SELECT id, name, phone, email, company, source, owner_id, entry_stage, entry_stage, entry_stage, status, \
                deal_value, NULL, do_not_call, next_contact_at, notes, \
                CASE WHEN status = $1 THEN now() END, now(), now(), custom, external_id \
         FROM lead_import ORDER BY line",
    )
    .bind(LeadStatus::Won.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    sqlx::query(
        "INSERT INTO stage_events (lead_id, from_stage, to_stage, kind, reason, lost_reason_id, deal_value, \
                                   actor_user_id, actor_token_id, actor_call_id, created_at) \
         SELECT id, NULL, entry_stage, $1, NULL, NULL, deal_value, $2, $3, $4, now() FROM lead_import ORDER BY line",
    )
    .bind(EventKind::Create.as_str())
    .bind(actor.user_id)
    .bind(actor.token_id)
    .bind(actor.call_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, actor_token_id, via, entity, entity_id, lead_id, action, changes) \
         SELECT $1, $2, 'import', 'lead', id, id, 'created', \
                jsonb_build_object('import', jsonb_build_object( \
                    'id', $3::uuid, 'file', (SELECT file_name FROM imports WHERE id = $3), 'line', line)) \
         FROM lead_import ORDER BY line",
    )
    .bind(actor.user_id)
    .bind(actor.token_id)
    .bind(import_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO stage_reaches (lead_id, stage, reached_at) \
         SELECT i.id, s::smallint, now() FROM lead_import i CROSS JOIN LATERAL generate_series($1::int, i.entry_stage::int) s",
    )
    .bind(i32::from(Stage::New.index()))
    .execute(&mut **tx)
    .await?;
    // Each owner hears of their new leads, as from `create`, unless they imported them.
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, lead_id, actor_id) \
         SELECT owner_id, 'lead_assigned', id, $1 FROM lead_import \
         WHERE owner_id IS NOT NULL AND owner_id IS DISTINCT FROM $1 ORDER BY line",
    )
    .bind(actor.user_id)
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
        external_duplicates,
        came_back,
    })
}
