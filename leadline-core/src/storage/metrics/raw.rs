//! The counts and sums behind SPEC section 4, read straight from the raw tables: the
//! definitions the rollups must always agree with, the fallback where the velocity
//! rollups disagree, and the baseline the benchmarks compare against.
//! Each query says which definition it feeds; the formulas themselves are in
//! `domain::metrics`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use super::{call_counts_of, CallSums, Filters};
use crate::domain::metrics::{
    CallCounts, CostInputs, FunnelCounts, FunnelView, NotApplicable, Period, ReasonCount,
    RecoveryCounts, RepCounts, TagCounts,
};
use crate::storage::StoreResult;

/// How many of the most frequent lost reasons to report per stage.
const TOP_LOST_REASONS: i64 = 3;

/// Lead filter over alias `l`, parameters $3 channel, $4 owner, $5 tag.
const LEAD_FILTER: &str = "($3::text IS NULL OR l.source = $3) \
    AND ($4::uuid[] IS NULL OR l.owner_id = ANY ($4)) \
    AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
                                     WHERE lt.lead_id = l.id AND t.name = $5)) \
    AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
                                     WHERE lt.lead_id = l.id AND t.tag_group = $6))";

/// The touches other than calls in the period, with the call filter: the owner is the
/// user who was in touch.
const TOUCHES: &str = "SELECT t.kind FROM touches t JOIN leads l ON l.id = t.lead_id \
    WHERE t.happened_at >= $1 AND t.happened_at < $2 \
    AND ($3::text IS NULL OR l.source = $3) \
    AND ($4::uuid[] IS NULL OR t.user_id = ANY ($4)) \
    AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt JOIN tags tg ON tg.id = lt.tag_id \
                                     WHERE lt.lead_id = l.id AND tg.name = $5)) \
    AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt JOIN tags tg ON tg.id = lt.tag_id \
                                     WHERE lt.lead_id = l.id AND tg.tag_group = $6))";

/// Call filter over aliases `c` and `l`, same parameters; the owner is the calling rep.
const CALL_FILTER: &str = "($3::text IS NULL OR l.source = $3) \
    AND ($4::uuid[] IS NULL OR c.rep_id = ANY ($4)) \
    AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
                                     WHERE lt.lead_id = l.id AND t.name = $5)) \
    AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
                                     WHERE lt.lead_id = l.id AND t.tag_group = $6))";

fn query_with_filters<'q, O>(
    sql: &'q str,
    period: Period,
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    sqlx::query_as::<_, O>(sql)
        .bind(period.from)
        .bind(period.to)
        .bind(filters.channel.as_deref())
        .bind(filters.owners.as_deref())
        .bind(filters.tag.as_deref())
        .bind(filters.tag_group.as_deref())
}

/// `reached(k)` from per-stage counts: a lead counted at stage j has passed every k <= j.
pub(super) fn reached_from_counts(at_stage: &[(i16, i64)]) -> [i64; 7] {
    let mut reached = [0i64; 7];
    for &(stage, count) in at_stage {
        for slot in reached.iter_mut().take(stage.clamp(0, 6) as usize + 1) {
            *slot += count;
        }
    }
    reached
}

/// `reached(k)` from the number of first reaches of each stage.
pub(super) fn reached_at_stages(reaches: &[(i16, i64)]) -> [i64; 7] {
    let mut reached = [0i64; 7];
    for &(stage, count) in reaches {
        reached[stage.clamp(0, 6) as usize] = count;
    }
    reached
}

/// The funnel's reached counts alone: cohort leads by `max_stage`, or first reaches
/// of each stage inside the period.
#[tracing::instrument(skip_all)]
pub async fn funnel_reached(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<[i64; 7]> {
    match view {
        FunnelView::Cohort => {
            // reached(k) = cohort leads with max_stage >= k.
            let sql = format!(
                "SELECT l.max_stage, count(*) FROM leads l \
                 WHERE l.created_at >= $1 AND l.created_at < $2 AND {LEAD_FILTER} GROUP BY l.max_stage"
            );
            let by_max: Vec<(i16, i64)> = query_with_filters(&sql, period, filters)
                .fetch_all(&mut *db)
                .await?;
            Ok(reached_from_counts(&by_max))
        }
        FunnelView::Activity => {
            // reached(k) = leads first reaching k inside the period, whenever created.
            let sql = format!(
                "SELECT s.stage, count(*) FROM stage_reaches s JOIN leads l ON l.id = s.lead_id \
                 WHERE s.reached_at >= $1 AND s.reached_at < $2 AND {LEAD_FILTER} GROUP BY s.stage"
            );
            let by_stage: Vec<(i16, i64)> = query_with_filters(&sql, period, filters)
                .fetch_all(&mut *db)
                .await?;
            Ok(reached_at_stages(&by_stage))
        }
    }
}

/// Funnel counts for the period: cohort (leads created in the period, by `max_stage`)
/// or activity (first reaches of each stage inside the period).
#[tracing::instrument(skip_all)]
pub async fn funnel_counts(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<FunnelCounts> {
    let mut counts = FunnelCounts {
        reached: funnel_reached(db, view, period, filters).await?,
        ..FunnelCounts::default()
    };
    match view {
        FunnelView::Cohort => {
            // lost_at(k) = cohort leads lost (now) while at stage k.
            let sql = format!(
                "SELECT l.lost_stage, coalesce(r.label, 'Unspecified'), count(*) FROM leads l \
                 LEFT JOIN lost_reasons r ON r.id = l.lost_reason_id \
                 WHERE l.created_at >= $1 AND l.created_at < $2 AND l.status = 'lost' AND {LEAD_FILTER} \
                 GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
            );
            let lost: Vec<(i16, String, i64)> = query_with_filters(&sql, period, filters)
                .fetch_all(&mut *db)
                .await?;
            add_lost(&mut counts, lost);
        }
        FunnelView::Activity => {
            // lost_at(k) = leads marked lost inside the period while at stage k.
            let sql = format!(
                "SELECT e.to_stage, coalesce(r.label, 'Unspecified'), count(*) FROM stage_events e \
                 JOIN leads l ON l.id = e.lead_id LEFT JOIN lost_reasons r ON r.id = e.lost_reason_id \
                 WHERE e.kind = 'lost' AND e.created_at >= $1 AND e.created_at < $2 AND {LEAD_FILTER} \
                 GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
            );
            let lost: Vec<(i16, String, i64)> = query_with_filters(&sql, period, filters)
                .fetch_all(&mut *db)
                .await?;
            add_lost(&mut counts, lost);
        }
    }
    velocity(db, view, period, filters, &mut counts).await?;
    Ok(counts)
}

/// Stage velocity: median and p90 seconds from the first reach of k-1 to the first
/// reach of k, through the time indexes on `leads` and `stage_reaches`.
#[tracing::instrument(skip_all)]
pub async fn velocity(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
    counts: &mut FunnelCounts,
) -> StoreResult<()> {
    match view {
        FunnelView::Cohort => {
            // Over cohort leads.
            let sql = format!(
                "SELECT b.stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.reached_at - a.reached_at))::float8, \
                        percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM b.reached_at - a.reached_at))::float8 \
                 FROM leads l JOIN stage_reaches a ON a.lead_id = l.id JOIN stage_reaches b ON b.lead_id = l.id AND b.stage = a.stage + 1 \
                 WHERE l.created_at >= $1 AND l.created_at < $2 AND {LEAD_FILTER} GROUP BY b.stage"
            );
            let velocity: Vec<(i16, f64, f64)> = query_with_filters(&sql, period, filters)
                .fetch_all(&mut *db)
                .await?;
            add_velocity(counts, velocity);
        }
        FunnelView::Activity => {
            // Velocity of the reaches that happened inside the period.
            let sql = format!(
                "SELECT b.stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.reached_at - a.reached_at))::float8, \
                        percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM b.reached_at - a.reached_at))::float8 \
                 FROM stage_reaches b JOIN stage_reaches a ON a.lead_id = b.lead_id AND a.stage = b.stage - 1 \
                 JOIN leads l ON l.id = b.lead_id \
                 WHERE b.reached_at >= $1 AND b.reached_at < $2 AND {LEAD_FILTER} GROUP BY b.stage"
            );
            let velocity: Vec<(i16, f64, f64)> = query_with_filters(&sql, period, filters)
                .fetch_all(&mut *db)
                .await?;
            add_velocity(counts, velocity);
        }
    }
    Ok(())
}

pub(super) fn add_lost(counts: &mut FunnelCounts, rows: Vec<(i16, String, i64)>) {
    for (stage, reason, leads) in rows {
        let k = stage.clamp(0, 6) as usize;
        counts.lost_at[k] += leads;
        if (counts.lost_reasons[k].len() as i64) < TOP_LOST_REASONS {
            counts.lost_reasons[k].push(ReasonCount { reason, leads });
        }
    }
}

pub(super) fn add_velocity(counts: &mut FunnelCounts, rows: Vec<(i16, f64, f64)>) {
    for (stage, median, p90) in rows {
        counts.velocity[stage.clamp(0, 6) as usize] = Some((median, p90));
    }
}

/// Sums over calls started in the period.
#[tracing::instrument(skip_all)]
pub async fn call_counts(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<CallCounts> {
    let sql = format!(
        "SELECT count(*), \
                count(*) FILTER (WHERE c.outcome = 'connected'), \
                count(*) FILTER (WHERE c.intent = 'clear'), \
                count(*) FILTER (WHERE c.intent = 'unclear'), \
                count(*) FILTER (WHERE c.intent = 'none'), \
                coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'connected'), 0)::int8, \
                coalesce(sum(c.ring_seconds) FILTER (WHERE c.outcome <> 'connected'), 0)::int8, \
                count(*) FILTER (WHERE c.outcome <> 'connected' AND c.ring_seconds IS NULL), \
                count(*) FILTER (WHERE c.do_not_call), \
                (SELECT count(*) FILTER (WHERE t.kind IN ('whatsapp', 'wechat', 'telegram')) FROM ({TOUCHES}) t), \
                (SELECT count(*) FILTER (WHERE t.kind = 'sms') FROM ({TOUCHES}) t), \
                (SELECT count(*) FILTER (WHERE t.kind = 'email') FROM ({TOUCHES}) t), \
                (SELECT count(*) FILTER (WHERE t.kind = 'meeting') FROM ({TOUCHES}) t) \
         FROM calls c JOIN leads l ON l.id = c.lead_id \
         WHERE c.started_at >= $1 AND c.started_at < $2 AND {CALL_FILTER}"
    );
    let row: CallSums = query_with_filters(&sql, period, filters)
        .fetch_one(&mut *db)
        .await?;
    Ok(call_counts_of(row))
}

/// Spend, dials, cohort reach and revenue for the cost figures.
#[tracing::instrument(skip_all)]
pub async fn cost_inputs(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<CostInputs> {
    let spend_by_channel = spend_by_channel(db, period, filters).await?;
    let sql = format!(
        "SELECT l.source, l.max_stage, count(*), coalesce(sum(l.deal_value) FILTER (WHERE l.status = 'won'), 0)::int8 \
         FROM leads l WHERE l.created_at >= $1 AND l.created_at < $2 AND {LEAD_FILTER} GROUP BY 1, 2"
    );
    let cohort: Vec<(Option<String>, i16, i64, i64)> = query_with_filters(&sql, period, filters)
        .fetch_all(&mut *db)
        .await?;
    let by_max: Vec<(i16, i64)> = cohort.iter().map(|(_, stage, n, _)| (*stage, *n)).collect();
    let revenue = cohort.iter().map(|(_, _, _, revenue)| revenue).sum();
    Ok(CostInputs {
        spend: spend_by_channel.iter().map(|(_, amount)| amount).sum(),
        dials: call_counts(db, period, filters).await?.dials,
        reached: reached_from_counts(&by_max),
        revenue,
        channels: channel_rows(
            &spend_by_channel,
            cohort
                .iter()
                .map(|(source, _, leads, _)| (source.clone(), *leads)),
        ),
        not_applicable: not_applicable(filters),
    })
}

/// Why the cost figures cannot divide the spend by the leads `filters` choose, if they cannot.
pub(super) fn not_applicable(filters: &Filters) -> Option<NotApplicable> {
    (filters.tag.is_some() || filters.tag_group.is_some()).then_some(NotApplicable::TagFilter)
}

/// Ledger spend in the period by channel (`None`: entries with no channel). Entries
/// are dated: one counts when its day falls in the period. With a channel filter, only
/// that channel's entries count; with an owner filter, only the entries naming that rep.
/// Spend is never traced to tags ([`NotApplicable::TagFilter`]).
pub(super) async fn spend_by_channel(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<Vec<(Option<String>, i64)>> {
    Ok(sqlx::query!(
        r#"SELECT channel, sum(amount)::int8 AS "spend!" FROM spend
           WHERE deleted_at IS NULL AND spent_on >= $1 AND spent_on < $2
             AND ($3::text IS NULL OR channel = $3) AND ($4::uuid[] IS NULL OR rep_id = ANY ($4))
           GROUP BY channel"#,
        period.first_day(),
        period.end_day(),
        filters.channel.as_deref(),
        filters.owners.as_deref(),
    )
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .map(|r| (r.channel, r.spend))
    .collect())
}

/// The per-channel cost rows, (channel, spend, cohort leads), by channel name:
/// every channel with spend or leads in the period.
pub(super) fn channel_rows(
    spend_by_channel: &[(Option<String>, i64)],
    leads_by_channel: impl Iterator<Item = (Option<String>, i64)>,
) -> Vec<(String, i64, i64)> {
    let mut channels: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (channel, amount) in spend_by_channel {
        if let Some(channel) = channel {
            channels.entry(channel.clone()).or_default().0 += amount;
        }
    }
    for (source, leads) in leads_by_channel {
        if let Some(source) = source {
            channels.entry(source).or_default().1 += leads;
        }
    }
    channels
        .into_iter()
        .map(|(name, (spend, leads))| (name, spend, leads))
        .collect()
}

/// Per-rep sums for the period: every active rep, and anyone else who made calls in it.
#[tracing::instrument(skip_all)]
pub async fn rep_counts(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
    now: DateTime<Utc>,
) -> StoreResult<Vec<RepCounts>> {
    let sql = format!(
        "WITH call_sums AS ( \
             SELECT c.rep_id, count(*) AS dials, \
                    count(*) FILTER (WHERE c.outcome = 'connected') AS connected, \
                    count(*) FILTER (WHERE c.intent = 'clear') AS connected_clear, \
                    coalesce(sum(c.talk_seconds) FILTER (WHERE c.outcome = 'connected'), 0)::int8 AS talk_seconds \
             FROM calls c JOIN leads l ON l.id = c.lead_id \
             WHERE c.started_at >= $1 AND c.started_at < $2 AND {CALL_FILTER} GROUP BY c.rep_id), \
         advanced AS ( \
             SELECT l.owner_id AS rep_id, count(DISTINCT e.lead_id) AS leads_advanced FROM stage_events e \
             JOIN leads l ON l.id = e.lead_id \
             WHERE e.kind IN ('advance', 'skip') AND e.created_at >= $1 AND e.created_at < $2 AND {LEAD_FILTER} \
             GROUP BY l.owner_id), \
         deals AS ( \
             SELECT l.owner_id AS rep_id, count(*) AS deals_won, \
                    coalesce(sum(l.deal_value) FILTER (WHERE l.status = 'won'), 0)::int8 AS revenue \
             FROM stage_reaches s JOIN leads l ON l.id = s.lead_id \
             WHERE s.stage = 5 AND s.reached_at >= $1 AND s.reached_at < $2 AND {LEAD_FILTER} GROUP BY l.owner_id), \
         overdue AS ( \
             SELECT l.owner_id AS rep_id, count(*) AS overdue FROM leads l \
             WHERE l.status = 'open' AND l.next_contact_at < $7 AND {LEAD_FILTER} GROUP BY l.owner_id) \
         SELECT u.id, u.name, coalesce(cs.dials, 0), coalesce(cs.connected, 0), coalesce(cs.connected_clear, 0), \
                coalesce(cs.talk_seconds, 0), coalesce(a.leads_advanced, 0), coalesce(d.deals_won, 0), \
                coalesce(d.revenue, 0), coalesce(o.overdue, 0) \
         FROM users u \
         LEFT JOIN call_sums cs ON cs.rep_id = u.id LEFT JOIN advanced a ON a.rep_id = u.id \
         LEFT JOIN deals d ON d.rep_id = u.id LEFT JOIN overdue o ON o.rep_id = u.id \
         WHERE ((u.role = 'rep' AND u.active) OR cs.rep_id IS NOT NULL) AND ($4::uuid[] IS NULL OR u.id = ANY ($4)) \
         ORDER BY u.name, u.id"
    );
    #[allow(clippy::type_complexity)]
    let rows: Vec<(Uuid, String, i64, i64, i64, i64, i64, i64, i64, i64)> =
        query_with_filters(&sql, period, filters)
            .bind(now)
            .fetch_all(&mut *db)
            .await?;
    let recovery = recovery_per_owner(db, period, filters).await?;
    let reps = rows
        .into_iter()
        .map(|r| RepCounts {
            rep_id: r.0,
            name: r.1,
            dials: r.2,
            connected: r.3,
            connected_clear: r.4,
            talk_seconds: r.5,
            leads_advanced: r.6,
            deals_won: r.7,
            revenue: r.8,
            overdue_follow_ups: r.9,
            lost: 0,
            recovered: 0,
        })
        .collect();
    Ok(super::recovery::with_recovery(reps, &recovery))
}

/// The tag breakdown's counts, read from the raw tables (exact, as a tag group needs): per
/// tag and per tag group, the cohort leads by furthest stage, the won deals' values, and
/// the channel spend they carry (their channel's spend in the period over its cohort leads,
/// both under the channel and owner filters). A lead with two tags of one group counts once
/// in the group.
#[tracing::instrument(skip_all)]
pub async fn tag_counts(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<(Vec<TagCounts>, Vec<TagCounts>)> {
    let untagged = Filters {
        tag: None,
        tag_group: None,
        ..filters.clone()
    };
    let spend = spend_by_channel(db, period, filters).await?;
    let sql = format!(
        "SELECT coalesce(l.source, ''), count(*) FROM leads l \
         WHERE l.created_at >= $1 AND l.created_at < $2 AND {LEAD_FILTER} GROUP BY 1"
    );
    let channel_leads: Vec<(String, i64)> = query_with_filters(&sql, period, &untagged)
        .fetch_all(&mut *db)
        .await?;
    let share: BTreeMap<String, f64> = channel_leads
        .into_iter()
        .filter(|(_, leads)| *leads > 0)
        .map(|(source, leads)| {
            let spent = spend
                .iter()
                .filter(|(channel, _)| channel.as_deref() == Some(source.as_str()))
                .map(|(_, amount)| *amount)
                .sum::<i64>();
            (source, spent as f64 / leads as f64)
        })
        .collect();
    let cohort = format!(
        "WITH cohort AS ( \
             SELECT l.id, coalesce(l.source, '') AS source, l.max_stage, \
                    CASE WHEN l.status = 'won' THEN coalesce(l.deal_value, 0) ELSE 0 END AS won_value \
             FROM leads l WHERE l.created_at >= $1 AND l.created_at < $2 AND {LEAD_FILTER}), \
         tagged AS ( \
             SELECT t.tag_group, t.name, c.id, c.source, c.max_stage, c.won_value \
             FROM cohort c JOIN lead_tags lt ON lt.lead_id = c.id JOIN tags t ON t.id = lt.tag_id)"
    );
    let per_tag = format!(
        "{cohort} SELECT tag_group, name, source, max_stage, count(*), sum(won_value)::int8 \
         FROM tagged GROUP BY 1, 2, 3, 4"
    );
    let per_group = format!(
        "{cohort} SELECT tag_group, NULL::text, source, max_stage, count(*), sum(won_value)::int8 \
         FROM (SELECT DISTINCT tag_group, id, source, max_stage, won_value FROM tagged \
               WHERE tag_group IS NOT NULL) g GROUP BY 1, 2, 3, 4"
    );
    type Row = (Option<String>, Option<String>, String, i16, i64, i64);
    let tags: Vec<Row> = query_with_filters(&per_tag, period, filters)
        .fetch_all(&mut *db)
        .await?;
    let groups: Vec<Row> = query_with_filters(&per_group, period, filters)
        .fetch_all(&mut *db)
        .await?;
    let sum = |rows: Vec<Row>| -> Vec<TagCounts> {
        // (group, tag) to (leads by furthest stage, revenue, channel spend).
        type Sums = (Vec<(i16, i64)>, i64, f64);
        let mut by_key: BTreeMap<(Option<String>, Option<String>), Sums> = BTreeMap::new();
        for (group, tag, source, max_stage, leads, revenue) in rows {
            let entry = by_key.entry((group, tag)).or_default();
            entry.0.push((max_stage, leads));
            entry.1 += revenue;
            entry.2 += leads as f64 * share.get(&source).copied().unwrap_or(0.0);
        }
        by_key
            .into_iter()
            .map(
                |((group, tag), (by_max, revenue, channel_spend))| TagCounts {
                    group,
                    tag,
                    reached: reached_from_counts(&by_max),
                    revenue,
                    channel_spend,
                },
            )
            .collect()
    };
    Ok((sum(tags), sum(groups)))
}

/// Each lead's first loss at each stage, the recovery definitions of SPEC section 4 over it
/// (returned: a `return` or `reopen` at the stage after it; recovered: an advance or skip
/// past the stage after that), for the cohort (leads created in the period) or the activity
/// view (first losses inside the period), under the filters.
fn farmed(view: FunnelView) -> String {
    let (cohort, activity) = match view {
        FunnelView::Cohort => ("l.created_at >= $1 AND l.created_at < $2", "true"),
        FunnelView::Activity => ("true", "f.created_at >= $1 AND f.created_at < $2"),
    };
    format!(
        "WITH first_losses AS ( \
             SELECT DISTINCT ON (e.lead_id, e.to_stage) e.lead_id, e.to_stage AS stage, e.id, e.created_at \
             FROM stage_events e JOIN leads l ON l.id = e.lead_id \
             WHERE e.kind = 'lost' AND {cohort} AND {LEAD_FILTER} \
             ORDER BY e.lead_id, e.to_stage, e.id), \
         farmed AS ( \
             SELECT f.stage, l.owner_id, l.max_stage, l.status, l.deal_value, \
                    back.id IS NOT NULL AS returned, \
                    EXISTS (SELECT 1 FROM stage_events a WHERE a.lead_id = f.lead_id AND a.id > back.id \
                            AND a.kind IN ('advance', 'skip') AND a.to_stage > f.stage) AS recovered \
             FROM first_losses f JOIN leads l ON l.id = f.lead_id \
             LEFT JOIN LATERAL (SELECT b.id FROM stage_events b \
                                WHERE b.lead_id = f.lead_id AND b.id > f.id AND b.kind IN ('return', 'reopen') \
                                  AND b.to_stage = f.stage ORDER BY b.id LIMIT 1) back ON true \
             WHERE {activity})"
    )
}

/// Recovery counts per stage for the period, `[k]` for stage k.
#[tracing::instrument(skip_all)]
pub async fn recovery_counts(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<[RecoveryCounts; 7]> {
    let sql = format!(
        "{} SELECT stage, count(*), count(*) FILTER (WHERE returned), count(*) FILTER (WHERE recovered), \
                   count(*) FILTER (WHERE recovered AND max_stage >= 5), \
                   coalesce(sum(deal_value) FILTER (WHERE recovered AND status = 'won'), 0)::int8 \
            FROM farmed GROUP BY stage",
        farmed(view)
    );
    let rows = query_with_filters(&sql, period, filters)
        .fetch_all(&mut *db)
        .await?;
    Ok(super::recovery::by_stage(rows))
}

/// Per owner, the leads first lost at a stage in the period and of them those recovered,
/// summed over the stages: `(owner, lost, recovered)`.
#[tracing::instrument(skip_all)]
pub async fn recovery_per_owner(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<Vec<(Uuid, i64, i64)>> {
    let sql = format!(
        "{} SELECT owner_id, count(*), count(*) FILTER (WHERE recovered) FROM farmed \
            WHERE owner_id IS NOT NULL GROUP BY owner_id",
        farmed(FunnelView::Activity)
    );
    Ok(query_with_filters(&sql, period, filters)
        .fetch_all(&mut *db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::reached_from_counts;

    #[test]
    fn a_lead_that_reached_k_counts_for_every_stage_below() {
        // Two leads at max stage 0, one skipped straight to 4, one at 6.
        assert_eq!(
            reached_from_counts(&[(0, 2), (4, 1), (6, 1)]),
            [4, 2, 2, 2, 2, 1, 1]
        );
    }
}
