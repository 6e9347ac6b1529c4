//! The funnel: leads per stage (cohort or activity), lost reasons, and their velocity.

use super::*;

/// Funnel counts for the period: cohort (leads created in the period, by `max_stage`)
/// or activity (first reaches of each stage inside the period).
#[tracing::instrument(skip_all)]
pub async fn funnel_counts(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<FunnelCounts> {
    let span = Span::of(period);
    let mut counts = FunnelCounts::default();
    let lost_sql = match view {
        FunnelView::Cohort => format!(
            "SELECT u.lost_stage, coalesce(lr.label, 'Unspecified'), sum(u.leads)::int8 FROM {} \
             LEFT JOIN lost_reasons lr ON lr.id = u.lost_reason_id \
             WHERE u.lost_stage >= 0 GROUP BY 1, 2 HAVING sum(u.leads) > 0 ORDER BY 1, 3 DESC, 2",
            rollup_rows(
                Rollup::Cohort,
                "r.lost_stage, r.lost_reason_id, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
        FunnelView::Activity => format!(
            "SELECT u.stage, coalesce(lr.label, 'Unspecified'), sum(u.leads)::int8 FROM {} \
             LEFT JOIN lost_reasons lr ON lr.id = u.lost_reason_id \
             GROUP BY 1, 2 HAVING sum(u.leads) > 0 ORDER BY 1, 3 DESC, 2",
            rollup_rows(
                Rollup::Lost,
                "r.stage, r.lost_reason_id, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
    };
    counts.reached = reached(db, view, span, filters).await?;
    let lost: Vec<(i16, String, i64)> = rollup_query(&lost_sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    let velocity = velocity::stage_velocity(db, view, span, filters).await?;
    raw::add_lost(&mut counts, lost);
    match velocity {
        Some(velocity) => raw::add_velocity(&mut counts, velocity),
        // The histogram and the durations disagreed, which one snapshot rules out.
        None => raw::velocity(db, view, period, filters, &mut counts).await?,
    }
    Ok(counts)
}

/// The funnel's reached counts alone (`funnel_counts(..).reached`), for a comparison
/// with another period that shows no lost reasons or velocity.
#[tracing::instrument(skip_all)]
pub async fn funnel_reached(
    db: &mut PgConnection,
    view: FunnelView,
    period: Period,
    filters: &Filters,
) -> StoreResult<[i64; 7]> {
    reached(db, view, Span::of(period), filters).await
}

/// Leads that reached each stage in `span`: cohort rows count leads by max stage,
/// activity rows count the first reaches of each stage.
async fn reached(
    db: &mut PgConnection,
    view: FunnelView,
    span: Span,
    filters: &Filters,
) -> StoreResult<[i64; 7]> {
    let sql = match view {
        FunnelView::Cohort => format!(
            "SELECT u.max_stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
            rollup_rows(
                Rollup::Cohort,
                "r.max_stage, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
        FunnelView::Activity => format!(
            "SELECT u.stage, sum(u.leads)::int8 FROM {} GROUP BY 1",
            rollup_rows(
                Rollup::Reaches,
                "r.stage, r.leads",
                filters,
                Grain::default(),
                span
            )
        ),
    };
    let by_stage: Vec<(i16, i64)> = rollup_query(&sql, span, filters)
        .fetch_all(&mut *db)
        .await?;
    Ok(match view {
        FunnelView::Cohort => raw::reached_from_counts(&by_stage),
        FunnelView::Activity => raw::reached_at_stages(&by_stage),
    })
}
