//! The reps table: each rep's calls, leads advanced, deals and overdue follow-ups.

use super::*;

/// Periods up to this long read the advances that have an earlier one by day, longer
/// ones by the span since the earlier one.
const SHORT_ADVANCES_PERIOD: chrono::TimeDelta = chrono::TimeDelta::days(62);

/// Per-rep sums for the period: every active rep, and anyone else who made calls in it.
#[tracing::instrument(skip_all)]
pub async fn rep_counts(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
    now: DateTime<Utc>,
) -> StoreResult<Vec<RepCounts>> {
    let span = Span::of(period);
    let sums = rep_sums(db, span, filters).await?;
    let overdue = overdue_follow_ups(db, filters, now, period.zone).await?;
    let recovery = super::recovery_per_owner(db, period, filters).await?;
    Ok(super::recovery::with_recovery(
        with_overdue(sums, &overdue),
        &recovery,
    ))
}

/// The reps table for `period` and for `previous`, as `rep_counts` gives each. Overdue
/// follow-ups are a snapshot at `now`, the same for both periods: read once.
#[tracing::instrument(skip_all)]
pub async fn rep_counts_compared(
    db: &mut PgConnection,
    period: Period,
    previous: Period,
    filters: &Filters,
    now: DateTime<Utc>,
) -> StoreResult<(Vec<RepCounts>, Vec<RepCounts>)> {
    let sums = rep_sums(db, Span::of(period), filters).await?;
    let sums_before = rep_sums(db, Span::of(previous), filters).await?;
    let overdue = overdue_follow_ups(db, filters, now, period.zone).await?;
    let recovery = super::recovery_per_owner(db, period, filters).await?;
    let recovery_before = super::recovery_per_owner(db, previous, filters).await?;
    Ok((
        super::recovery::with_recovery(with_overdue(sums, &overdue), &recovery),
        super::recovery::with_recovery(with_overdue(sums_before, &overdue), &recovery_before),
    ))
}

/// Open leads of each owner whose follow-up time is before `now`, whatever the period:
/// from the follow-ups rollup (migration 0011), its month rows before now's month and
/// day rows before today (months and days of `zone`, the rollups' own), with the pending deltas before today, and today's follow-ups
/// before `now` from the leads (`leads_follow_up_due_idx`). Leads with no owner come
/// back under the nil uuid (the rollup's) or none (today's), and count for no rep.
#[tracing::instrument(skip_all)]
pub async fn overdue_follow_ups(
    db: &mut PgConnection,
    filters: &Filters,
    now: DateTime<Utc>,
    zone: Zone,
) -> StoreResult<Vec<(Option<Uuid>, i64)>> {
    let today = zone.date_of(now);
    let this_month = today.with_day(1).expect("the first of a month");
    let per_owner = Grain {
        per_channel: false,
        per_owner: true,
    };
    let (rollup, delta) = grain_conditions(filters, per_owner);
    let lead_filter = lead_filter();
    let sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8 FROM ( \
             SELECT r.owner_id, r.leads FROM rollup_follow_ups r WHERE r.months AND r.day < $1 AND {rollup} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_follow_ups r \
             WHERE NOT r.months AND r.day >= $1 AND r.day < $2 AND {rollup} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_follow_ups_delta r WHERE r.day < $2 AND {delta} \
             UNION ALL \
             SELECT l.owner_id, 1 FROM leads l \
             WHERE l.status = 'open' AND l.next_contact_at >= $6 AND l.next_contact_at < $7 AND {lead_filter} \
         ) u GROUP BY 1 HAVING sum(u.leads) <> 0"
    );
    let midnight = zone.start_of(today);
    Ok(filtered_query(&sql, (this_month, today), filters)
        .bind(midnight)
        .bind(now)
        .fetch_all(&mut *db)
        .await?)
}

/// Each rep's overdue follow-ups from `overdue_follow_ups`' rows.
fn with_overdue(mut reps: Vec<RepCounts>, overdue: &[(Option<Uuid>, i64)]) -> Vec<RepCounts> {
    let overdue: HashMap<Uuid, i64> = overdue
        .iter()
        .filter_map(|&(owner, n)| owner.map(|o| (o, n)))
        .collect();
    for rep in &mut reps {
        rep.overdue_follow_ups = overdue.get(&rep.rep_id).copied().unwrap_or_default();
    }
    reps
}

/// `rep_counts` from the rollups, but for overdue follow-ups (left at 0).
async fn rep_sums(
    db: &mut PgConnection,
    span: Span,
    filters: &Filters,
) -> StoreResult<Vec<RepCounts>> {
    let per_owner = Grain {
        per_channel: false,
        per_owner: true,
    };
    let calls_sql = format!(
        "SELECT u.owner_id, sum(u.dials)::int8, sum(u.connected)::int8, sum(u.intent_clear)::int8, \
                sum(u.talk_seconds)::int8 FROM {} GROUP BY 1 HAVING sum(u.dials) > 0",
        rollup_rows(
            Rollup::Calls,
            "r.owner_id, r.dials, r.connected, r.intent_clear, r.talk_seconds",
            filters,
            per_owner,
            span
        )
    );
    let deals_sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} WHERE u.stage = 5 GROUP BY 1",
        rollup_rows(
            Rollup::Reaches,
            "r.owner_id, r.stage, r.leads, r.revenue",
            filters,
            per_owner,
            span
        )
    );
    // A lead advanced in the period when one of its advances there has no earlier
    // advance, or one before the period: and only its first advance there has. An
    // advance with an earlier one counts when the period starts in the span between
    // them. A short period's advances are few, and found by day
    // (`rollup_advanced_owners_later_idx`, or the key for one rep); over a long one the
    // GiST index finds the few spans across its start. (Given both forms at once, the
    // planner's generic plan took the day range over two years: a p95 of 33 ms, not 9.)
    let (rollup, delta) = grain_conditions(filters, per_owner);
    let (days, lead_filter) = (span.days, lead_filter());
    let later = if days.1 - days.0 > SHORT_ADVANCES_PERIOD {
        "daterange(r.prev_day, r.day, '(]') @> $1 AND r.day < $2"
    } else {
        "NOT r.months AND r.prev_day < $1 AND r.day >= $1 AND r.day < $2"
    };
    // The edges add the leads that advanced there and not in the whole days between.
    let edges = match span.edges {
        Some(_) => format!(
            "UNION ALL \
             SELECT coalesce(l.owner_id, {NIL}), 1 FROM leads l \
             WHERE l.id IN (SELECT e.lead_id FROM stage_events e \
                            WHERE e.kind IN ('advance', 'skip') AND {}) \
               AND NOT EXISTS (SELECT 1 FROM stage_events e WHERE e.lead_id = l.id \
                               AND e.kind IN ('advance', 'skip') AND e.created_at >= $9 AND e.created_at < $10) \
               AND {lead_filter}",
            in_edges("e.created_at")
        ),
        None => String::new(),
    };
    let advanced_sql = format!(
        "SELECT u.owner_id, sum(u.leads)::int8 FROM ( \
             {} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_advanced r \
             WHERE r.prev_day IS NOT NULL AND {later} AND {rollup} \
             UNION ALL \
             SELECT r.owner_id, r.leads FROM rollup_advanced_delta r \
             WHERE r.day >= $1 AND r.day < $2 AND (r.prev_day IS NULL OR r.prev_day < $1) AND {delta} \
             {edges}) u \
         GROUP BY 1",
        period_rows(
            "rollup_advanced",
            "r.owner_id, r.leads",
            &["leads"],
            &format!("r.prev_day IS NULL AND {rollup}")
        )
    );
    let calls: Vec<(Uuid, i64, i64, i64, i64)> = calls_query(&calls_sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    let deals: Vec<(Uuid, i64, i64)> = rollup_query(&deals_sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    let advanced: Vec<(Uuid, i64)> = rollup_query(&advanced_sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    let deals: HashMap<Uuid, (i64, i64)> = deals
        .into_iter()
        .map(|(owner, leads, revenue)| (owner, (leads, revenue)))
        .collect();
    let advanced: HashMap<Uuid, i64> = advanced.into_iter().collect();

    let callers: Vec<Uuid> = calls.iter().map(|c| c.0).collect();
    let people: Vec<(Uuid, String)> = sqlx::query!(
        "SELECT u.id, u.name FROM users u
         WHERE ((u.role = 'rep' AND u.active) OR u.id = ANY($1)) AND ($2::uuid[] IS NULL OR u.id = ANY ($2))
         ORDER BY u.name, u.id",
        &callers,
        filters.owners.as_deref(),
    )
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect();
    let calls: BTreeMap<Uuid, (i64, i64, i64, i64)> = calls
        .into_iter()
        .map(|(rep, dials, connected, clear, talk)| (rep, (dials, connected, clear, talk)))
        .collect();
    Ok(people
        .into_iter()
        .map(|(rep_id, name)| {
            let (dials, connected, connected_clear, talk_seconds) =
                calls.get(&rep_id).copied().unwrap_or_default();
            let (deals_won, revenue) = deals.get(&rep_id).copied().unwrap_or_default();
            RepCounts {
                rep_id,
                name,
                dials,
                connected,
                connected_clear,
                talk_seconds,
                leads_advanced: advanced.get(&rep_id).copied().unwrap_or_default(),
                deals_won,
                revenue,
                overdue_follow_ups: 0,
                lost: 0,
                recovered: 0,
            }
        })
        .collect())
}
