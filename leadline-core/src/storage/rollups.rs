//! Upkeep of the dashboard rollups: every write adds its deltas in its own transaction;
//! `compact` folds them into the rollup rows, and `rebuild` recomputes everything from
//! the raw tables. The tables come from the migrations; the functions and triggers that
//! keep them are defined once, in `sql/rollups.sql` (`startup::migrate` applies it).

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::StoreResult;
use crate::domain::zone::Zone;

/// How a rollup's rows are laid out in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grain {
    /// A row per day and filter set, and beside them rows for whole months (`months`).
    DaysAndMonths,
    /// A row per local hour and filter set: the ends of periods that start or end inside a day.
    Hours,
    /// A row per lead and stage (and tag): the exact durations velocity ranks.
    LeadPairs,
    /// A row per stage and filter set, for the leads as they are now: no time, so the
    /// company's zone changes none of them.
    Now,
}

/// One of the tables the dashboard reads instead of the raw ones.
#[derive(Clone, Copy, Debug)]
pub struct Rollup {
    pub table: &'static str,
    /// Where writes leave their signed changes until compaction folds them in; none where
    /// the write keeps the table itself.
    pub delta: Option<&'static str>,
    pub grain: Grain,
    /// The columns a row is unique by.
    pub keys: &'static [&'static str],
    /// What the figures read from it.
    pub holds: &'static str,
}

/// The filter sets every day and hour row is kept at, a tag (or none), a channel (or all)
/// and an owner (or all), followed by a rollup's own keys.
macro_rules! keyed {
    ($($key:literal),*) => { &["tag_id", "source", "owner_id", $($key),*] };
}

/// Every rollup, the one list that compaction's upkeep, the rebuild, the benchmark data
/// and the tests go by; `tests/api/rollups.rs` checks it against the database.
pub const ROLLUPS: [Rollup; 14] = [
    Rollup {
        table: "rollup_cohort",
        delta: Some("rollup_cohort_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "max_stage", "lost_stage", "lost_reason_id"),
        holds: "leads by the day they came in, with how far each got and where and why it was lost: the cohort funnel, cost per lead",
    },
    Rollup {
        table: "rollup_reaches",
        delta: Some("rollup_reaches_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "stage"),
        holds: "leads reaching each stage, by the day they reached it: the activity funnel, deals won",
    },
    Rollup {
        table: "rollup_lost",
        delta: Some("rollup_lost_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "stage", "lost_reason_id"),
        holds: "leads lost at each stage and for each reason, by the day they were lost",
    },
    Rollup {
        table: "rollup_calls",
        delta: Some("rollup_calls_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day"),
        holds: "calls by the day they started (the owner is the rep who called): dials, connects, intents, talk and ring time; and beside them touches other than calls by kind (the owner is who was in touch)",
    },
    Rollup {
        table: "rollup_calls_hours",
        delta: Some("rollup_calls_hours_delta"),
        grain: Grain::Hours,
        keys: keyed!("hour"),
        holds: "the same counts as rollup_calls, by the hour",
    },
    Rollup {
        table: "rollup_advanced",
        delta: Some("rollup_advanced_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "prev_day"),
        holds: "leads moved forward, by the day they moved and the day they last moved before: the reps table's leads advanced",
    },
    Rollup {
        table: "rollup_velocity_cohort",
        delta: Some("rollup_velocity_cohort_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "stage", "bucket"),
        holds: "a histogram of the time from stage to stage, by the day the lead came in",
    },
    Rollup {
        table: "rollup_velocity_activity",
        delta: Some("rollup_velocity_activity_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "stage", "bucket"),
        holds: "the same histogram, by the day the later stage was reached",
    },
    Rollup {
        table: "rollup_follow_ups",
        delta: Some("rollup_follow_ups_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day"),
        holds: "open leads with a follow-up, by the day it falls due: overdue follow-ups",
    },
    Rollup {
        table: "rollup_recovery_cohort",
        delta: Some("rollup_recovery_cohort_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "stage"),
        holds: "lead farming by the day the lead came in: per stage, leads lost there, come back, recovered, won and their revenue",
    },
    Rollup {
        table: "rollup_recovery_activity",
        delta: Some("rollup_recovery_activity_delta"),
        grain: Grain::DaysAndMonths,
        keys: keyed!("months", "day", "stage"),
        holds: "the same, by the day of the lead's first loss at the stage",
    },
    Rollup {
        table: "velocity_pairs",
        delta: None,
        grain: Grain::LeadPairs,
        keys: &["lead_id", "stage"],
        holds: "each lead's time from one stage to the next: the exact median and p90 inside a histogram bucket",
    },
    Rollup {
        table: "velocity_tag_pairs",
        delta: None,
        grain: Grain::LeadPairs,
        keys: &["lead_id", "tag_id", "stage"],
        holds: "the same durations, once per tag of the lead",
    },
    Rollup {
        table: "rollup_board",
        delta: Some("rollup_board_delta"),
        grain: Grain::Now,
        keys: keyed!("stage"),
        holds: "open leads and their deal values per stage: the pipeline board's column totals",
    },
];

/// The delta tables, which compaction empties and readers scan on every request.
pub fn delta_tables() -> impl Iterator<Item = &'static str> {
    ROLLUPS.iter().filter_map(|r| r.delta)
}

/// `names` as one comma-separated SQL list.
fn listed(names: impl Iterator<Item = &'static str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

/// How often a serving node folds pending deltas into the rollups.
pub const COMPACT_EVERY: Duration = Duration::from_secs(2);

/// Fold the pending deltas into the rollups. Returns how many delta rows were folded,
/// or `None` when another node or command was compacting at the time.
pub async fn compact(db: &PgPool) -> StoreResult<Option<i64>> {
    let folded: i64 = sqlx::query_scalar!(r#"SELECT rollup_compact() AS "folded!""#)
        .fetch_one(db)
        .await?;
    Ok((folded >= 0).then_some(folded))
}

/// Once this many rows were folded since the last vacuum (in one compaction, or in the
/// small ones of steady writes), the delta tables are vacuumed at once rather than when
/// autovacuum comes round, if it ever does (a server may run without it): readers scan
/// their dead rows meanwhile. At 10M calls, 30,000 calls logged left 200,000 dead rows in
/// `rollup_calls_delta` and made the dashboard's calls figures 0.1 ms or 20-50 ms by turns.
const VACUUM_AFTER: i64 = 50_000;

/// How many leads a step of a recount counts; writes wait while it does (1.3 s at 10
/// calls a lead on a machine of two cores).
const REBUILD_STEP: i32 = 10_000;

/// A recount of the rollups: the one under way, or the last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebuild {
    pub id: i64,
    /// The zone it counts the days in.
    pub time_zone: String,
    pub reason: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub leads_total: i64,
    pub leads_counted: i64,
    /// Every lead is counted, and the counts are being folded together; the recount ends
    /// when they are.
    pub folding: bool,
}

impl Rebuild {
    /// How far it has got, from 0 to 100.
    pub fn percent(&self) -> i64 {
        if self.finished_at.is_some() || self.leads_total == 0 {
            100
        } else {
            (self.leads_counted * 100 / self.leads_total).min(99)
        }
    }
}

/// The recount under way, if there is one: the figures come from the raw tables until it
/// has finished.
pub async fn rebuild_under_way(db: &PgPool) -> StoreResult<Option<Rebuild>> {
    Ok(sqlx::query_as!(
        Rebuild,
        r#"SELECT id, time_zone, reason, started_at, finished_at, leads_total, leads_counted,
                  counted_through = rollup_all_counted() AS "folding!"
           FROM rollup_rebuilds WHERE finished_at IS NULL"#
    )
    .fetch_optional(db)
    .await?)
}

/// Empty the rollups and start counting them again in `zone`, in the caller's
/// transaction; `finish_rebuild` (which every serving node runs, `rebuild_forever`) does
/// the counting. Writes wait until the transaction ends.
pub async fn start_rebuild(conn: &mut PgConnection, zone: Zone, reason: &str) -> StoreResult<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT rollup_rebuild_start($1, $2) AS "id!""#,
        zone.name(),
        reason
    )
    .fetch_one(conn)
    .await?)
}

/// Count the recount under way to its end, a step at a time, logging how far it has got.
/// Returns the recount when this call finished it, `None` when there was none (or another
/// node finished it).
pub async fn finish_rebuild(db: &PgPool) -> StoreResult<Option<Rebuild>> {
    let Some(mut rebuild) = rebuild_under_way(db).await? else {
        return Ok(None);
    };
    tracing::info!(
        time_zone = %rebuild.time_zone,
        reason = %rebuild.reason,
        leads = rebuild.leads_total,
        "recounting the rollups; the figures are read from the raw tables meanwhile"
    );
    let mut logged = std::time::Instant::now();
    loop {
        let counted: i64 = sqlx::query_scalar!(
            r#"SELECT rollup_rebuild_step($1) AS "counted!""#,
            REBUILD_STEP
        )
        .fetch_one(db)
        .await?;
        match counted {
            -1 => return Ok(None),
            0 => break,
            _ => {}
        }
        rebuild.leads_counted += counted;
        if logged.elapsed() >= Duration::from_secs(5) {
            logged = std::time::Instant::now();
            tracing::info!(
                time_zone = %rebuild.time_zone,
                counted = rebuild.leads_counted,
                of = rebuild.leads_total,
                percent = rebuild.percent(),
                "recounting the rollups"
            );
        }
    }
    // Every step's deltas, and the writes' meanwhile, folded at once; the recount ends
    // with the fold (the figures are read from the raw tables until then).
    tracing::info!(
        time_zone = %rebuild.time_zone,
        "every lead is recounted; folding the counts together"
    );
    let started = std::time::Instant::now();
    let folded: i64 = sqlx::query_scalar!(r#"SELECT rollup_rebuild_finish() AS "folded!""#)
        .fetch_one(db)
        .await?;
    if folded < 0 {
        // Another node finished it, or a change of zone overtook it.
        return Ok(None);
    }
    tracing::info!(
        folded,
        seconds = started.elapsed().as_secs_f64(),
        "the recount's counts are folded"
    );
    // The newest recount: a change of zone meanwhile may have overtaken this one.
    let finished = sqlx::query_as!(
        Rebuild,
        r#"SELECT id, time_zone, reason, started_at, finished_at, leads_total, leads_counted,
                  counted_through = rollup_all_counted() AS "folding!"
           FROM rollup_rebuilds ORDER BY id DESC LIMIT 1"#
    )
    .fetch_one(db)
    .await?;
    vacuum(db).await?;
    tracing::info!(
        time_zone = %finished.time_zone,
        leads = finished.leads_counted,
        "the rollups are recounted; the figures are read from them again"
    );
    Ok(Some(finished))
}

/// Recount every rollup from the raw tables in the zone they are kept in, while writes go
/// on, then vacuum and analyze the result. Returns the number of leads counted.
pub async fn rebuild(db: &PgPool) -> StoreResult<i64> {
    let zone: String = sqlx::query_scalar!(r#"SELECT rollup_zone() AS "zone!""#)
        .fetch_one(db)
        .await?;
    let mut tx = db.begin().await?;
    start_rebuild(&mut tx, Zone::parse("time_zone", &zone)?, "rebuild").await?;
    tx.commit().await?;
    Ok(finish_rebuild(db)
        .await?
        .map(|r| r.leads_counted)
        .unwrap_or_default())
}

/// Every rollup row a recount wrote is new: until a vacuum marks their pages all-visible,
/// the readers' index-only scans visit the table for each entry (the 730-day funnel at
/// 10M calls took 0.7 s instead of 60 ms). Autovacuum would come round in time, or never
/// where it is off; this does it at once.
async fn vacuum(db: &PgPool) -> StoreResult<()> {
    let tables = listed(ROLLUPS.iter().map(|r| r.table));
    sqlx::query(&format!("VACUUM (ANALYZE) {tables}"))
        .execute(db)
        .await?;
    vacuum_deltas(db).await
}

/// Finish any recount under way, checking every `COMPACT_EVERY`: after a change of time
/// zone, and after a node that was counting stopped.
pub async fn rebuild_forever(db: PgPool) {
    let mut ticks = tokio::time::interval(COMPACT_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if let Err(e) = finish_rebuild(&db).await {
            tracing::warn!(error = %e, "cannot recount the rollups; trying again");
        }
    }
}

/// Reclaim the delta tables' dead rows (after a recount, or a burst of writes such as an
/// import), and give their emptied pages back: a recount leaves a million dead rows in
/// them (130 MB for the cohort's at 10M calls), which every scan of a delta table reads
/// until then. VACUUM gives the pages back only if no one asks for the table meanwhile,
/// and every node's compaction asks for it every two seconds: so the compactions are held
/// off (they skip their turn, as when another node compacts) while it runs.
pub async fn vacuum_deltas(db: &PgPool) -> StoreResult<()> {
    let mut conn = db.acquire().await?;
    sqlx::query!("SELECT pg_advisory_lock(hashtext('leadline.rollup_compact'))")
        .execute(&mut *conn)
        .await?;
    let vacuumed = sqlx::query(&format!("VACUUM (ANALYZE) {}", listed(delta_tables())))
        .execute(&mut *conn)
        .await;
    sqlx::query_scalar!(
        r#"SELECT pg_advisory_unlock(hashtext('leadline.rollup_compact')) AS "unlocked!""#
    )
    .fetch_one(&mut *conn)
    .await?;
    vacuumed?;
    Ok(())
}

/// Compact every `COMPACT_EVERY` until the process ends; a failure is logged and the
/// next round tries again (readers stay exact meanwhile, only a little slower).
pub async fn compact_forever(db: PgPool) {
    let mut ticks = tokio::time::interval(COMPACT_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut unvacuumed = 0;
    loop {
        ticks.tick().await;
        match compact(&db).await {
            Ok(Some(folded)) if folded > 0 => {
                tracing::debug!(folded, "rollups compacted");
                unvacuumed += folded;
                if unvacuumed > VACUUM_AFTER {
                    match vacuum_deltas(&db).await {
                        Ok(()) => unvacuumed = 0,
                        Err(e) => tracing::warn!(error = %e, "cannot vacuum the rollup deltas"),
                    }
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot compact the rollups"),
        }
    }
}
