//! Calls and the inputs of cost: dials, connects, intents, talk time, spend and leads.

use super::*;

/// Sums over calls started in the period.
#[tracing::instrument(skip_all)]
pub async fn call_counts(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<CallCounts> {
    let span = Span::of(period);
    let sql = format!(
        "SELECT coalesce(sum(dials), 0)::int8, coalesce(sum(connected), 0)::int8, \
                coalesce(sum(intent_clear), 0)::int8, coalesce(sum(intent_unclear), 0)::int8, \
                coalesce(sum(intent_none), 0)::int8, coalesce(sum(talk_seconds), 0)::int8, \
                coalesce(sum(unanswered_ring_seconds), 0)::int8, \
                coalesce(sum(unanswered_without_ring), 0)::int8, coalesce(sum(do_not_call), 0)::int8, \
                coalesce(sum(touches_chat), 0)::int8, coalesce(sum(touches_sms), 0)::int8, \
                coalesce(sum(touches_email), 0)::int8, coalesce(sum(touches_meeting), 0)::int8 \
         FROM {}",
        rollup_rows(
            Rollup::Calls,
            "r.dials, r.connected, r.intent_clear, r.intent_unclear, r.intent_none, r.talk_seconds, \
             r.unanswered_ring_seconds, r.unanswered_without_ring, r.do_not_call, r.touches_chat, \
             r.touches_sms, r.touches_email, r.touches_meeting",
            filters,
            Grain::default(),
            span
        )
    );
    let row: CallSums = calls_query(&sql, span, filters).fetch_one(&mut *db).await?;
    Ok(call_counts_of(row))
}

/// Spend, dials, cohort reach and revenue for the cost figures. The ledger is small
/// and read as it is; see `raw::cost_inputs` for what counts.
#[tracing::instrument(skip_all)]
pub async fn cost_inputs(
    db: &mut PgConnection,
    period: Period,
    filters: &Filters,
) -> StoreResult<CostInputs> {
    let span = Span::of(period);
    let per_channel = Grain {
        per_channel: true,
        per_owner: false,
    };
    let sql = format!(
        "SELECT u.source, u.max_stage, sum(u.leads)::int8, sum(u.revenue)::int8 FROM {} \
         GROUP BY 1, 2 HAVING sum(u.leads) <> 0",
        rollup_rows(
            Rollup::Cohort,
            "r.source, r.max_stage, r.leads, r.revenue",
            filters,
            per_channel,
            span
        )
    );
    let spend_by_channel = raw::spend_by_channel(db, period, filters).await?;
    let cohort: Vec<(String, i16, i64, i64)> = rollup_query(&sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    let calls = call_counts(db, period, filters).await?;
    let by_max: Vec<(i16, i64)> = cohort.iter().map(|(_, stage, n, _)| (*stage, *n)).collect();
    let revenue = cohort.iter().map(|(_, _, _, revenue)| revenue).sum();
    // Leads with no channel are counted under '' and belong to no channel's row.
    let cohort_by_channel = cohort
        .iter()
        .filter(|(source, _, _, _)| !source.is_empty())
        .map(|(source, _, leads, _)| (Some(source.clone()), *leads));
    Ok(CostInputs {
        spend: spend_by_channel.iter().map(|(_, amount)| amount).sum(),
        dials: calls.dials,
        reached: raw::reached_from_counts(&by_max),
        revenue,
        channels: raw::channel_rows(&spend_by_channel, cohort_by_channel),
        not_applicable: raw::not_applicable(filters),
    })
}
