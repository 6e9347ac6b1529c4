//! Stage velocity: the median and p90 time from stage to stage, from the histogram
//! rollups and the exact durations of the buckets the percentiles fall in.

use super::*;

/// Stage velocity from the rollups alone: `None` where they cannot answer it (histogram
/// and durations disagreeing), and `funnel_counts` reads the raw tables instead. Tests check that the rollups answer by themselves.
pub async fn velocity_from_rollups(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<Option<Vec<(i16, f64, f64)>>> {
    stage_velocity(db, view, Span::of(period), filters).await
}

/// Periods longer than this read velocity durations in order of duration, shorter ones by day.
const LONG_VELOCITY_PERIOD: chrono::TimeDelta = chrono::TimeDelta::days(180);

/// Stage velocity per stage: `(stage, median, p90)` seconds, as `raw::velocity`'s
/// `percentile_cont(0.5)` and `percentile_disc(0.9)` give them, in one statement (one
/// snapshot). The histogram rollup gives each stage's number of durations `n` and
/// the bucket each wanted rank falls in; the durations at those ranks are read from
/// the bucket's index. The ranks are computed in float8, as PostgreSQL's ordered-set
/// aggregates compute them: for the median the values at floor and ceil of
/// 0.5 (n - 1), for p90 the ceil(0.9 n)-th. `None` if a rank finds no duration,
/// which one snapshot rules out.
///
/// A probe walks its bucket from the nearer end, so it passes at most half of it, and
/// the median's two neighbouring ranks are one probe when they share a bucket.
pub(super) async fn stage_velocity(
    db: &mut PgConnection,
    view: FunnelView,
    span: Span,
    filters: &Filters,
) -> StoreResult<Option<Vec<(i16, f64, f64)>>> {
    let days = span.days;
    let lead_filter = lead_filter();
    // The edges' durations, from the pairs rollup (migration 0006) by lead: one lookup
    // per lead created (cohort) or per stage reached (activity) in the edges, where
    // pairing the raw reaches took two. For the activity view its dimensions filter the
    // pairs, as they do for the whole days; only a tag needs the lead's tags.
    let (rollup, day, edge_pairs) = match view {
        FunnelView::Cohort => (
            Rollup::VelocityCohort,
            "created_day",
            format!(
                "FROM leads l JOIN velocity_pairs p ON p.lead_id = l.id WHERE {} AND {lead_filter}",
                in_edges("l.created_at")
            ),
        ),
        FunnelView::Activity => (
            Rollup::VelocityActivity,
            "reached_day",
            format!(
                "FROM stage_reaches b JOIN velocity_pairs p ON p.lead_id = b.lead_id AND p.stage = b.stage \
                 WHERE {} AND ($3::text IS NULL OR p.source = $3) AND ($4::uuid[] IS NULL OR p.owner_id = ANY ($4)) \
                   AND {}",
                in_edges("b.reached_at"),
                has_filter_tag("p.lead_id")
            ),
        ),
    };
    // A short period's durations are one range of the by-day index (migration 0008),
    // sorted on the spot; over a long one most of a bucket is in the period, and walking
    // the bucket in order of duration (`velocity_pairs_rank_idx`) reads less. `+ 0`
    // keeps the planner off the by-day index.
    let in_period = if days.1 - days.0 > LONG_VELOCITY_PERIOD {
        format!("p.{day} + 0")
    } else {
        format!("p.{day}")
    };
    // Only the filters asked for, so that a rep's, a channel's or a tag's durations are
    // a range of their own rank index (migrations 0009, 0014) or, over a short period, of
    // their own by-day index (0013, 0014) instead of a walk past everyone's. Over a long
    // period the planner may take the by-day index too and sort the bucket's durations:
    // at 10M calls that costs what the rank index does (BENCHMARKS.md, seventh run).
    // A tag's durations are copies, one per tag of the lead, in a table of their own.
    let (pairs, tag) = match filters.tag {
        Some(_) => (
            "velocity_tag_pairs",
            format!("p.tag_id = {FILTER_TAG_ID} AND "),
        ),
        None => ("velocity_pairs", String::new()),
    };
    let mut in_bucket = format!(
        "{tag}p.stage = q.stage AND p.bucket = q.bucket AND {in_period} >= $1 AND {in_period} < $2"
    );
    if filters.channel.is_some() {
        in_bucket.push_str(" AND p.source = $3");
    }
    if filters.owners.is_some() {
        in_bucket.push_str(" AND p.owner_id = ANY ($4)");
    }
    // A bucket's durations: the whole days' and, when the period has edges, theirs.
    let (edges, durations) = match span.edges {
        Some(_) => (
            format!(
                "edge_pairs AS MATERIALIZED (SELECT p.stage, p.bucket, p.seconds {edge_pairs}), "
            ),
            format!(
                "(SELECT p.seconds FROM {pairs} p WHERE {in_bucket} \
                  UNION ALL \
                  SELECT e.seconds FROM edge_pairs e WHERE e.stage = q.stage AND e.bucket = q.bucket) p"
            ),
        ),
        None => (String::new(), format!("{pairs} p WHERE {in_bucket}")),
    };
    // `probes` holds, per stage, bucket and percentile, the durations from the first
    // rank wanted there to the last (`first`, `last` counted within the bucket), read
    // upwards from the bucket's bottom or downwards from its top, whichever is nearer.
    let sql = format!(
        "WITH {edges}histogram AS ( \
             SELECT u.stage, u.bucket, sum(u.pairs)::int8 AS pairs FROM {rows} \
             GROUP BY 1, 2 HAVING sum(u.pairs) <> 0), \
         buckets AS ( \
             SELECT h.*, (sum(h.pairs) OVER (PARTITION BY h.stage ORDER BY h.bucket))::int8 - h.pairs AS below, \
                    (sum(h.pairs) OVER (PARTITION BY h.stage))::int8 AS n \
             FROM histogram h), \
         ranks AS ( \
             SELECT DISTINCT b.stage, b.n, x.which, x.rank FROM buckets b \
             CROSS JOIN LATERAL (VALUES \
                 (1, floor(0.5::float8 * (b.n - 1)::float8)::int8), \
                 (2, ceil(0.5::float8 * (b.n - 1)::float8)::int8), \
                 (3, greatest(ceil(0.9::float8 * b.n::float8)::int8, 1) - 1)) x (which, rank)), \
         probes AS MATERIALIZED ( \
             SELECT q.*, CASE WHEN q.first <= q.pairs - 1 - q.last \
                 THEN ARRAY(SELECT p.seconds FROM {durations} \
                            ORDER BY p.seconds OFFSET q.first LIMIT q.last - q.first + 1) \
                 ELSE ARRAY(SELECT d.seconds FROM ( \
                                SELECT p.seconds FROM {durations} \
                                ORDER BY p.seconds DESC OFFSET q.pairs - 1 - q.last LIMIT q.last - q.first + 1) d \
                            ORDER BY d.seconds) \
                 END AS seconds \
             FROM (SELECT b.stage, b.bucket, b.below, b.pairs, r.which = 3 AS p90, \
                          min(r.rank) - b.below AS first, max(r.rank) - b.below AS last \
                   FROM ranks r JOIN buckets b \
                     ON b.stage = r.stage AND r.rank >= b.below AND r.rank < b.below + b.pairs \
                   GROUP BY 1, 2, 3, 4, 5) q) \
         SELECT r.stage, r.n, r.which, q.seconds[r.rank - q.below - q.first + 1] \
         FROM ranks r JOIN probes q ON q.stage = r.stage AND q.p90 = (r.which = 3) \
             AND r.rank >= q.below + q.first AND r.rank <= q.below + q.last \
         ORDER BY 1, 3",
        rows = rollup_rows(
            rollup,
            "r.stage, r.bucket, r.pairs",
            filters,
            Grain::default(),
            span
        )
    );
    let rows: Vec<(i16, i64, i32, Option<f64>)> = rollup_query(&sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    let mut by_stage: BTreeMap<i16, (i64, [Option<f64>; 3])> = BTreeMap::new();
    for (stage, n, which, seconds) in rows {
        let entry = by_stage.entry(stage).or_insert((n, [None; 3]));
        if let Some(slot) = usize::try_from(which - 1)
            .ok()
            .and_then(|i| entry.1.get_mut(i))
        {
            *slot = seconds;
        }
    }
    let mut velocity = Vec::with_capacity(by_stage.len());
    for (stage, (n, values)) in by_stage {
        let [Some(low), Some(high), Some(p90)] = values else {
            tracing::warn!(stage, "velocity histogram and durations disagree");
            return Ok(None);
        };
        velocity.push((stage, median_between(n, low, high), p90));
    }
    Ok(Some(velocity))
}

/// `percentile_cont(0.5)` of `n` sorted values, from the two values at floor and
/// ceil of 0.5 (n - 1): PostgreSQL's interpolation, `low + proportion * (high - low)`.
fn median_between(n: i64, low: f64, high: f64) -> f64 {
    let position = 0.5 * (n - 1) as f64;
    let first = position.floor();
    if first == position.ceil() {
        low
    } else {
        low + (position - first) * (high - low)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_interpolates_as_postgresql_does() {
        // An odd count has a middle value; an even one lies halfway between two.
        assert_eq!(median_between(5, 3.0, 3.0), 3.0);
        assert_eq!(median_between(4, 2.0, 3.0), 2.5);
        assert_eq!(median_between(2, 10.0, 20.0), 15.0);
        assert_eq!(median_between(1, 7.0, 7.0), 7.0);
    }
}
