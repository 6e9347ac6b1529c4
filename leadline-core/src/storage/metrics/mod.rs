//! The counts and sums behind SPEC section 4.
//!
//! Every period reads the day rollups of migration 0003 for the whole local days inside
//! it (every period the dashboard offers, and the API's default, is whole days): the
//! rollup rows of the grain the filters ask for plus the deltas not yet compacted, so
//! the cost follows the days, channels and reps in the period, never the rows. A
//! period that starts or ends inside a day adds what those hours hold, read from the
//! raw tables by their time indexes (`Span`), but for calls, whose whole hours there
//! come from an hour rollup (migration 0016), and velocity's durations, which come
//! from the pairs rollup by lead. The raw tables (`raw`) are also the
//! definitions the rollups are tested against. Two figures do not add up across days
//! and have rollups of their own (migration 0006): stage velocity, from histograms of
//! the durations and the few durations of the buckets its percentiles fall in, and
//! leads advanced, from advances counted with the day of the lead's previous advance.
//! Overdue follow-ups are a snapshot at a moment, from a rollup of open follow-ups by
//! the day they fall on (migration 0011), completed by the leads due earlier that
//! same day.
//!
//! This module holds how a period is read (`Span`, `Rollup`, the edges' SQL); each
//! family of figures has a room of its own: `funnel`, `calls` (with cost's inputs),
//! `reps` and `velocity`, and `raw` the definitions they are tested against.

mod calls;
mod funnel;
pub mod raw;
mod recovery;
mod reps;
mod velocity;

pub use calls::{call_counts, cost_inputs};
pub use funnel::{funnel_counts, funnel_reached};
pub use recovery::{recovery_counts, recovery_per_owner};
pub use reps::{overdue_follow_ups, rep_counts, rep_counts_compared};
pub use velocity::velocity_from_rollups;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::domain::metrics::{
    CallCounts, CostInputs, FunnelCounts, FunnelView, Period, RepCounts, TouchCounts,
};
use crate::domain::zone::Zone;
use crate::storage::StoreResult;

/// The dashboard filters. `owners` selects those owners' leads, and for call figures the
/// calls those reps made: one rep, a team's reps, or a limited manager's (`None`: all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub channel: Option<String>,
    pub owners: Option<Vec<Uuid>>,
    pub tag: Option<String>,
    /// Leads with any tag of this group. The rollups keep no row per group (a lead may
    /// carry two tags of one), so the figures read the raw tables under it.
    pub tag_group: Option<String>,
}

/// A period as the rollups read it: the whole local days inside it from the rollups, and
/// the hours before its first midnight and after its last (`edges`) from the raw tables,
/// but for calls, whose edges read their whole hours from the hour rollup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    /// The first and the day after the last whole day ($1, $2).
    days: (NaiveDate, NaiveDate),
    /// For a period that starts or ends inside a day: `[from, start)` and `[end, to)`
    /// ($8 to $11), where `[start, end)` are its whole days; a period inside one day is
    /// all edge, with `start = end = to`.
    edges: Option<[DateTime<Utc>; 4]>,
    /// The zone the days and hours are counted in: the rollups' own.
    zone: Zone,
}

impl Span {
    fn of(period: Period) -> Span {
        let zone = period.zone;
        let (from, to) = (period.from, period.to);
        let first = match zone.date_of(from) {
            day if zone.start_of(day) == from => day,
            day => day + chrono::Days::new(1),
        };
        let last = zone.date_of(to);
        if first > last {
            return Span {
                days: (last, last),
                edges: Some([from, to, to, to]),
                zone,
            };
        }
        let (start, end) = (zone.start_of(first), zone.start_of(last));
        Span {
            days: (first, last),
            edges: (from != start || to != end).then_some([from, start, end, to]),
            zone,
        }
    }
}

/// The whole local hours inside each edge (`[$12, $13)` and `[$14, $15)` of the calls
/// statements), or for an edge that holds none the empty range at its end.
fn whole_hours(edges: [DateTime<Utc>; 4], zone: Zone) -> [DateTime<Utc>; 4] {
    let hour = TimeDelta::hours(1);
    let inside = |from: DateTime<Utc>, to: DateTime<Utc>| {
        let start = match zone.hour_start(from) {
            f if f == from => f,
            f => f + hour,
        };
        let end = zone.hour_start(to);
        if start < end {
            (start, end)
        } else {
            (to, to)
        }
    };
    let (first, last) = (inside(edges[0], edges[1]), inside(edges[2], edges[3]));
    [first.0, first.1, last.0, last.1]
}

/// `column` (a time) in one of the span's edges.
fn in_edges(column: &str) -> String {
    format!("({column} >= $8 AND {column} < $9 OR {column} >= $10 AND {column} < $11)")
}

/// `column` (a time) in one of the edges but outside their whole hours (`whole_hours`).
fn in_edges_between_hours(column: &str) -> String {
    format!(
        "({column} >= $8 AND {column} < $12 OR {column} >= $13 AND {column} < $9 \
          OR {column} >= $10 AND {column} < $14 OR {column} >= $15 AND {column} < $11)"
    )
}

/// The calls rollup's columns that readers sum or group by, as its edges give them.
const CALLS_COLUMNS: &str = "r.owner_id, r.dials, r.connected, r.intent_clear, r.intent_unclear, \
     r.intent_none, r.talk_seconds, r.unanswered_ring_seconds, r.unanswered_without_ring, r.do_not_call, \
     r.touches_chat, r.touches_sms, r.touches_email, r.touches_meeting";

/// The lead `l` as the rollups count it, as `x` (see `Rollup::edge_rows`).
const LEAD_AS_COUNTED: &str = "CROSS JOIN LATERAL (SELECT (rollup_lead_of(l, NULL)).*) x";

/// Whether the lead `lead_id` carries the tag the filters name ($5), if they name one:
/// the tag's id is looked up once, and the lead's tag by the key of `lead_tags`.
/// `OFFSET 0` keeps the planner from hashing all the tag's leads instead: its generic
/// plan expects thousands of rows where a period's edges hold a few hundred, and it
/// hashed the 165,476 leads of one tag at 10M calls (50 ms, against 3 to 12 for the
/// lookups).
fn has_filter_tag(lead_id: &str) -> String {
    format!(
        "($5::text IS NULL OR EXISTS (SELECT 1 FROM lead_tags lt \
                                      WHERE lt.lead_id = {lead_id} AND lt.tag_id = {FILTER_TAG_ID} OFFSET 0))"
    )
}

/// `raw::LEAD_FILTER` as the rollup reads apply it to the few leads of a period's
/// edges, with the tag by `has_filter_tag`.
fn lead_filter() -> String {
    format!(
        "($3::text IS NULL OR l.source = $3) AND ($4::uuid[] IS NULL OR l.owner_id = ANY ($4)) AND {}",
        has_filter_tag("l.id")
    )
}

/// `raw::CALL_FILTER` for the calls (or touches) `alias` of the minutes outside an
/// edge's whole hours, `owner` their rep's column: the lead is looked up only for a
/// channel, and its tag by `has_filter_tag`.
fn minute_call_filter(alias: &str, owner: &str) -> String {
    format!(
        "($4::uuid[] IS NULL OR {alias}.{owner} = ANY ($4)) \
         AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM leads l WHERE l.id = {alias}.lead_id AND l.source = $3)) \
         AND {}",
        has_filter_tag(&format!("{alias}.lead_id"))
    )
}

/// The nil uuid, which the rollups count a missing owner or lost reason under.
const NIL: &str = "'00000000-0000-0000-0000-000000000000'::uuid";

/// The rollups the dashboard reads, each with the rows it would hold for the edges of
/// a period, computed from the raw tables with the filters ($3 to $5) applied.
#[derive(Clone, Copy)]
enum Rollup {
    Cohort,
    Reaches,
    Lost,
    Calls,
    VelocityCohort,
    VelocityActivity,
    RecoveryCohort,
    RecoveryActivity,
}

impl Rollup {
    /// The columns that count (summed by readers), as opposed to the keys.
    fn counts(self) -> &'static [&'static str] {
        match self {
            Rollup::Cohort | Rollup::Reaches => &["leads", "revenue"],
            Rollup::Lost => &["leads"],
            Rollup::Calls => &[
                "dials",
                "connected",
                "intent_clear",
                "intent_unclear",
                "intent_none",
                "talk_seconds",
                "unanswered_ring_seconds",
                "unanswered_without_ring",
                "do_not_call",
                "touches_chat",
                "touches_sms",
                "touches_email",
                "touches_meeting",
            ],
            Rollup::VelocityCohort | Rollup::VelocityActivity => &["pairs"],
            Rollup::RecoveryCohort | Rollup::RecoveryActivity => {
                &["lost", "returned", "recovered", "won", "revenue"]
            }
        }
    }

    fn table(self) -> &'static str {
        match self {
            Rollup::Cohort => "rollup_cohort",
            Rollup::Reaches => "rollup_reaches",
            Rollup::Lost => "rollup_lost",
            Rollup::Calls => "rollup_calls",
            Rollup::VelocityCohort => "rollup_velocity_cohort",
            Rollup::VelocityActivity => "rollup_velocity_activity",
            Rollup::RecoveryCohort => "rollup_recovery_cohort",
            Rollup::RecoveryActivity => "rollup_recovery_activity",
        }
    }

    /// The edges' rows, under the names of the rollup's columns that readers sum or
    /// group by. Velocity's come from the `edge_pairs` of the statement that reads them
    /// (`velocity`). Calls' whole hours come from the hour rollup (migration 0016) at
    /// the grain the filters and `grain` ask for, as the days do.
    fn edge_rows(self, filters: &Filters, grain: Grain) -> String {
        let lead_filter = lead_filter();
        match self {
            // A lead counts under what `rollup_lead_of` (migration 0003) makes of it.
            // Called in the select list of a subquery, PostgreSQL inlines the function
            // into plain expressions; as a function in FROM it would be a function scan
            // per lead (2.4 ms instead of 0.5 for the 1,891 leads of a 30-day period's
            // hours at 10M calls).
            Rollup::Cohort => format!(
                "SELECT x.source, x.owner_id, x.max_stage, x.lost_stage, x.lost_reason_id, 1 AS leads, x.revenue \
                 FROM leads l {LEAD_AS_COUNTED} WHERE {} AND {lead_filter}",
                in_edges("l.created_at")
            ),
            Rollup::Reaches => format!(
                "SELECT x.source, x.owner_id, s.stage, 1 AS leads, \
                        CASE WHEN s.stage = 5 THEN x.revenue ELSE 0 END AS revenue \
                 FROM stage_reaches s JOIN leads l ON l.id = s.lead_id {LEAD_AS_COUNTED} \
                 WHERE {} AND {lead_filter}",
                in_edges("s.reached_at")
            ),
            Rollup::Lost => format!(
                "SELECT x.source, x.owner_id, e.to_stage AS stage, \
                        coalesce(e.lost_reason_id, {NIL}) AS lost_reason_id, 1 AS leads \
                 FROM stage_events e JOIN leads l ON l.id = e.lead_id {LEAD_AS_COUNTED} \
                 WHERE e.kind = 'lost' AND {} AND {lead_filter}",
                in_edges("e.created_at")
            ),
            Rollup::Calls => format!(
                "SELECT c.rep_id AS owner_id, 1 AS dials, \
                        CASE WHEN c.outcome = 'connected' THEN 1 ELSE 0 END AS connected, \
                        CASE WHEN c.intent = 'clear' THEN 1 ELSE 0 END AS intent_clear, \
                        CASE WHEN c.intent = 'unclear' THEN 1 ELSE 0 END AS intent_unclear, \
                        CASE WHEN c.intent = 'none' THEN 1 ELSE 0 END AS intent_none, \
                        CASE WHEN c.outcome = 'connected' THEN c.talk_seconds ELSE 0 END AS talk_seconds, \
                        CASE WHEN c.outcome <> 'connected' THEN coalesce(c.ring_seconds, 0) ELSE 0 END \
                            AS unanswered_ring_seconds, \
                        CASE WHEN c.outcome <> 'connected' AND c.ring_seconds IS NULL THEN 1 ELSE 0 END \
                            AS unanswered_without_ring, \
                        CASE WHEN c.do_not_call THEN 1 ELSE 0 END AS do_not_call, \
                        0 AS touches_chat, 0 AS touches_sms, 0 AS touches_email, 0 AS touches_meeting \
                 FROM calls c WHERE {} AND {} \
                 UNION ALL \
                 SELECT t.user_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
                        CASE WHEN t.kind IN ('whatsapp', 'wechat', 'telegram') THEN 1 ELSE 0 END, \
                        CASE WHEN t.kind = 'sms' THEN 1 ELSE 0 END, \
                        CASE WHEN t.kind = 'email' THEN 1 ELSE 0 END, \
                        CASE WHEN t.kind = 'meeting' THEN 1 ELSE 0 END \
                 FROM touches t WHERE {} AND {} \
                 UNION ALL {}",
                in_edges_between_hours("c.started_at"),
                minute_call_filter("c", "rep_id"),
                in_edges_between_hours("t.happened_at"),
                minute_call_filter("t", "user_id"),
                hour_rows(filters, grain)
            ),
            Rollup::VelocityCohort | Rollup::VelocityActivity => {
                "SELECT e.stage, e.bucket, 1 AS pairs FROM edge_pairs e".to_owned()
            }
            Rollup::RecoveryCohort => recovery::edge_rows(FunnelView::Cohort),
            Rollup::RecoveryActivity => recovery::edge_rows(FunnelView::Activity),
        }
    }
}

/// The calls rollup's hour rows and pending hour deltas for the edges' whole hours
/// ($12 to $15), at the grain the filters and `grain` ask for: a range of the key per
/// edge, as `period_rows` reads the days.
fn hour_rows(filters: &Filters, grain: Grain) -> String {
    let (in_rollup, in_delta) = grain_conditions(filters, grain);
    format!(
        "SELECT {CALLS_COLUMNS} FROM rollup_calls_hours r WHERE r.hour >= $12 AND r.hour < $13 AND {in_rollup} \
         UNION ALL \
         SELECT {CALLS_COLUMNS} FROM rollup_calls_hours r WHERE r.hour >= $14 AND r.hour < $15 AND {in_rollup} \
         UNION ALL \
         SELECT {CALLS_COLUMNS} FROM rollup_calls_hours_delta r \
         WHERE (r.hour >= $12 AND r.hour < $13 OR r.hour >= $14 AND r.hour < $15) AND {in_delta}"
    )
}

/// Which rows of a rollup to read: grouped per channel and / or per owner, or summed.
#[derive(Clone, Copy, Default)]
struct Grain {
    per_channel: bool,
    per_owner: bool,
}

/// The month rows a period of `days` reads ($6, $7: the first and the day after the last
/// day of their months), the rest of its days read as day rows, added or taken away.
///
/// A month row holds the sum of its month's day rows (the fold writes both from the
/// same deltas), so the days of a period are its months' rows, plus the day rows of its
/// days outside them, minus the day rows of the months' days outside the period. At
/// either end the read takes the month (and subtracts the days it overshoots) or not
/// (and adds the days inside), whichever reads fewer rows: a period from 5 December
/// reads December's month row less four day rows rather than 27 day rows. A month row
/// is weighed as two days' rows (it holds every key its days hold). With no month rows
/// to read, the range is empty at the period's end, and day rows cover it all.
fn months_read(days: (NaiveDate, NaiveDate)) -> (NaiveDate, NaiveDate) {
    let (from, to) = days;
    let first_of = |d: NaiveDate| d.with_day(1).expect("the first of a month");
    let next_month = |d: NaiveDate| {
        first_of(d)
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX)
    };
    let starts = if from.day() == 1 {
        vec![from]
    } else {
        vec![next_month(from), first_of(from)]
    };
    let ends = if to.day() == 1 {
        vec![to]
    } else {
        vec![first_of(to), next_month(to)]
    };
    let distance = |a: NaiveDate, b: NaiveDate| (a - b).num_days().abs();
    let months = |start: NaiveDate, end: NaiveDate| {
        i64::from(end.year() - start.year()) * 12 + i64::from(end.month())
            - i64::from(start.month())
    };
    let mut best = ((to, to), distance(from, to));
    for &start in &starts {
        for &end in &ends {
            // No month row read: nothing may be taken away.
            if start >= end {
                continue;
            }
            let rows = 2 * months(start, end) + distance(from, start) + distance(to, end);
            if rows < best.1 {
                best = ((start, end), rows);
            }
        }
    }
    best.0
}

/// The id of the tag the filters name ($5), for a condition on a `tag_id` column.
const FILTER_TAG_ID: &str = "(SELECT t.id FROM tags t WHERE t.name = $5)";

/// The conditions on a rollup (alias `r`) and on its deltas that select the grain
/// the filters ($3 channel, $4 owner, $5 tag name) and `grain` ask for.
fn grain_conditions(filters: &Filters, grain: Grain) -> (String, String) {
    let tag = if filters.tag.is_some() {
        format!("r.tag_id = {FILTER_TAG_ID}")
    } else {
        "r.tag_id IS NULL".to_owned()
    };
    // In the rollup, NULL is the row for all channels / owners; deltas are per channel and owner.
    let (source, delta_source) = match (&filters.channel, grain.per_channel) {
        (Some(_), _) => ("r.source = $3", "r.source = $3"),
        (None, true) => ("r.source IS NOT NULL", "true"),
        (None, false) => ("r.source IS NULL", "true"),
    };
    let (owner, delta_owner) = match (&filters.owners, grain.per_owner) {
        (Some(_), _) => ("r.owner_id = ANY ($4)", "r.owner_id = ANY ($4)"),
        (None, true) => ("r.owner_id IS NOT NULL", "true"),
        (None, false) => ("r.owner_id IS NULL", "true"),
    };
    (
        format!("{tag} AND {source} AND {owner}"),
        format!("{tag} AND {delta_source} AND {delta_owner}"),
    )
}

/// `SELECT columns FROM table r` for the rows of the period meeting `conditions`: month
/// rows for the months `months_read` chose ($6, $7), day rows for the period's days
/// outside them ($1 to $6 and $7 to $2), and the day rows of those months' days outside
/// the period ($6 to $1 and $2 to $7) with their `counts` (columns summed) negated.
/// Five ranges of the rollup's key, one statement each, so that each is a plain index
/// range (an OR of them made the planner read the whole grain); of a range and its
/// negation one is always empty.
fn period_rows(table: &str, columns: &str, counts: &[&str], conditions: &str) -> String {
    let negated = columns
        .split(',')
        .map(str::trim)
        .map(|column| {
            let name = column.strip_prefix("r.").unwrap_or(column);
            if counts.contains(&name) {
                format!("-{column}")
            } else {
                column.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    [
        (columns, "r.months AND r.day >= $6 AND r.day < $7"),
        (columns, "NOT r.months AND r.day >= $1 AND r.day < $6"),
        (columns, "NOT r.months AND r.day >= $7 AND r.day < $2"),
        (&negated, "NOT r.months AND r.day >= $6 AND r.day < $1"),
        (&negated, "NOT r.months AND r.day >= $2 AND r.day < $7"),
    ]
    .map(|(columns, days)| format!("SELECT {columns} FROM {table} r WHERE {days} AND {conditions}"))
    .join(" UNION ALL ")
}

/// `(SELECT columns FROM rollup ... UNION ALL SELECT columns FROM its deltas ...) u`:
/// the rows of `rollup` for the span's whole days ($1, $2; the months read, $6, $7) at
/// the grain the filters and `grain` ask for, and those its edges would add, if any.
/// `columns` are over alias `r`.
fn rollup_rows(
    rollup: Rollup,
    columns: &str,
    filters: &Filters,
    grain: Grain,
    span: Span,
) -> String {
    let table = rollup.table();
    let (in_rollup, in_delta) = grain_conditions(filters, grain);
    let edges = match span.edges {
        Some(_) => format!(
            " UNION ALL SELECT {columns} FROM ({}) r",
            rollup.edge_rows(filters, grain)
        ),
        None => String::new(),
    };
    format!(
        "({} \
          UNION ALL \
          SELECT {columns} FROM {table}_delta r WHERE r.day >= $1 AND r.day < $2 AND {in_delta}{edges}) u",
        period_rows(table, columns, rollup.counts(), &in_rollup)
    )
}

/// A query over the period's days ($1, $2) and the filters ($3, $4, $5).
fn filtered_query<'q, O>(
    sql: &'q str,
    days: (NaiveDate, NaiveDate),
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    sqlx::query_as::<_, O>(sql)
        .bind(days.0)
        .bind(days.1)
        .bind(filters.channel.as_deref())
        .bind(filters.owners.as_deref())
        .bind(filters.tag.as_deref())
}

/// A query over `rollup_rows`: `filtered_query` over the span's whole days, the months
/// read for them ($6, $7), and its edges ($8 to $11) if it has any.
fn rollup_query<'q, O>(
    sql: &'q str,
    span: Span,
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let months = months_read(span.days);
    let query = filtered_query(sql, span.days, filters)
        .bind(months.0)
        .bind(months.1);
    match span.edges {
        Some(edges) => edges.into_iter().fold(query, |query, t| query.bind(t)),
        None => query,
    }
}

/// A query over the calls rollup's `rollup_rows`: `rollup_query`, and if the span has
/// edges, their whole hours ($12 to $15).
fn calls_query<'q, O>(
    sql: &'q str,
    span: Span,
    filters: &'q Filters,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
{
    let query = rollup_query(sql, span, filters);
    match span.edges {
        Some(edges) => whole_hours(edges, span.zone)
            .into_iter()
            .fold(query, |query, t| query.bind(t)),
        None => query,
    }
}

/// The sums of [`CallCounts`] in the order of its fields (its touches' last, chat, sms,
/// email, meeting), as both the rollups' read and the raw one select them.
pub(super) type CallSums = (
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

pub(super) fn call_counts_of(row: CallSums) -> CallCounts {
    CallCounts {
        dials: row.0,
        connected: row.1,
        intent_clear: row.2,
        intent_unclear: row.3,
        intent_none: row.4,
        talk_seconds: row.5,
        unanswered_ring_seconds: row.6,
        unanswered_without_ring: row.7,
        do_not_call: row.8,
        touches: TouchCounts {
            chat: row.9,
            sms: row.10,
            email: row.11,
            meeting: row.12,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_its_whole_days_and_the_hours_at_either_end() {
        let at = |d, h| {
            NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
                .and_utc()
        };
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let span = |from, to| Span::of(Period::new(from, to, Zone::UTC));
        // Midnight to midnight: days alone.
        assert_eq!(
            span(at(1, 0), at(20, 0)),
            Span {
                days: (day(1), day(20)),
                edges: None,
                zone: Zone::UTC,
            }
        );
        // From 09:00 on the 1st to 15:00 on the 20th: the 2nd to the 19th, and two edges.
        assert_eq!(
            span(at(1, 9), at(20, 15)),
            Span {
                days: (day(2), day(20)),
                edges: Some([at(1, 9), at(2, 0), at(20, 0), at(20, 15)]),
                zone: Zone::UTC,
            }
        );
        // One edge empty when one end is at midnight.
        assert_eq!(
            span(at(1, 0), at(3, 6)).edges,
            Some([at(1, 0), at(1, 0), at(3, 0), at(3, 6)])
        );
        // Across one midnight: no whole day, the hours on each side.
        assert_eq!(
            span(at(1, 18), at(2, 6)),
            Span {
                days: (day(2), day(2)),
                edges: Some([at(1, 18), at(2, 0), at(2, 0), at(2, 6)]),
                zone: Zone::UTC,
            }
        );
        // Inside one day: all edge, the whole days empty.
        assert_eq!(
            span(at(5, 6), at(5, 18)),
            Span {
                days: (day(5), day(5)),
                edges: Some([at(5, 6), at(5, 18), at(5, 18), at(5, 18)]),
                zone: Zone::UTC,
            }
        );
    }

    #[test]
    fn the_calls_of_an_edge_are_its_whole_hours_and_the_minutes_around_them() {
        let at = |d, h, m, s| {
            NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, m, s)
                .unwrap()
                .and_utc()
        };
        // The whole hours of one edge, `[from, to)`, with the other edge empty.
        let hours = |from, to| {
            let hours = whole_hours([from, to, to, to], Zone::UTC);
            assert_eq!(hours[2..], [to, to], "an empty edge has no hours");
            (hours[0], hours[1])
        };
        // 09:30 to midnight: 10:00 to midnight. Midnight to 14:45: midnight to 14:00.
        assert_eq!(
            hours(at(1, 9, 30, 0), at(2, 0, 0, 0)),
            (at(1, 10, 0, 0), at(2, 0, 0, 0))
        );
        assert_eq!(
            hours(at(20, 0, 0, 0), at(20, 14, 45, 0)),
            (at(20, 0, 0, 0), at(20, 14, 0, 0))
        );
        // On the hour: every hour whole, nothing left for the raw tables.
        assert_eq!(
            hours(at(1, 6, 0, 0), at(1, 18, 0, 0)),
            (at(1, 6, 0, 0), at(1, 18, 0, 0))
        );
        // No whole hour inside: the empty range at the edge's end, so the raw tables
        // read all of it.
        assert_eq!(
            hours(at(5, 10, 15, 0), at(5, 10, 50, 0)),
            (at(5, 10, 50, 0), at(5, 10, 50, 0))
        );
        assert_eq!(
            hours(at(5, 10, 59, 59), at(5, 11, 0, 1)),
            (at(5, 11, 0, 1), at(5, 11, 0, 1))
        );
        // Fractions of a second count: 08:00:00.5 starts the whole hours at 09:00.
        let late = at(7, 8, 0, 0) + TimeDelta::milliseconds(500);
        assert_eq!(
            hours(late, at(8, 0, 0, 0)),
            (at(7, 9, 0, 0), at(8, 0, 0, 0))
        );
        // Each edge has its own hours.
        assert_eq!(
            whole_hours(
                [
                    at(1, 9, 30, 0),
                    at(2, 0, 0, 0),
                    at(20, 0, 0, 0),
                    at(20, 14, 45, 0)
                ],
                Zone::UTC
            ),
            [
                at(1, 10, 0, 0),
                at(2, 0, 0, 0),
                at(20, 0, 0, 0),
                at(20, 14, 0, 0)
            ]
        );
    }

    #[test]
    fn days_and_hours_are_the_zones_own() {
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc)
        };
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let jakarta = Zone::parse("time_zone", "Asia/Jakarta").unwrap();
        // 4 and 5 December in Jakarta: two whole days, no edge.
        let span = Span::of(Period::days(day(4), day(6), jakarta));
        assert_eq!((span.days, span.edges), ((day(4), day(6)), None));
        // From 09:30 WIB on the 4th (02:30Z): the 5th whole, the hours after 10:00 WIB.
        let span = Span::of(Period::new(
            at("2026-12-04T02:30:00Z"),
            at("2026-12-05T17:00:00Z"),
            jakarta,
        ));
        assert_eq!(span.days, (day(5), day(6)));
        let edges = span.edges.unwrap();
        assert_eq!(
            whole_hours(edges, jakarta)[..2],
            [at("2026-12-04T03:00:00Z"), at("2026-12-04T17:00:00Z")]
        );
        // Kolkata's hours begin at half past in UTC.
        let kolkata = Zone::parse("time_zone", "Asia/Kolkata").unwrap();
        let hours = whole_hours(
            [
                at("2026-12-04T10:10:00Z"),
                at("2026-12-04T18:30:00Z"),
                at("2026-12-04T18:30:00Z"),
                at("2026-12-04T18:30:00Z"),
            ],
            kolkata,
        );
        assert_eq!(hours[0], at("2026-12-04T10:30:00Z"));
    }

    #[test]
    fn a_period_reads_the_fewest_rows_of_months_and_days() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Two years from the 24th: the 23 whole months and the last November's row
        // less its last seven days, and seven days of the first November.
        assert_eq!(
            months_read((day(2024, 11, 24), day(2026, 11, 24))),
            (day(2024, 12, 1), day(2026, 12, 1))
        );
        // A year from the 5th: December's month row less four days, and the six
        // days of the last December.
        assert_eq!(
            months_read((day(2025, 12, 5), day(2026, 12, 7))),
            (day(2025, 12, 1), day(2026, 12, 1))
        );
        // Thirty days from 6 November: November less five days, and six of December.
        assert_eq!(
            months_read((day(2026, 11, 6), day(2026, 12, 6))),
            (day(2026, 11, 1), day(2026, 12, 1))
        );
        // To the 28th: the month, less the days after it.
        assert_eq!(
            months_read((day(2026, 10, 1), day(2026, 10, 29))),
            (day(2026, 10, 1), day(2026, 11, 1))
        );
        // From the first of a month to the first of another: months only.
        assert_eq!(
            months_read((day(2026, 10, 1), day(2026, 12, 1))),
            (day(2026, 10, 1), day(2026, 12, 1))
        );
        // Days in the middle of a month: day rows alone, the months' range empty.
        assert_eq!(
            months_read((day(2026, 10, 5), day(2026, 10, 20))),
            (day(2026, 10, 20), day(2026, 10, 20))
        );
        assert_eq!(
            months_read((day(2026, 10, 25), day(2026, 11, 3))),
            (day(2026, 11, 3), day(2026, 11, 3))
        );
    }

    #[test]
    fn days_outside_the_period_are_taken_away_by_their_counts() {
        let sql = period_rows(
            "rollup_cohort",
            "r.source, r.max_stage, r.leads, r.revenue",
            Rollup::Cohort.counts(),
            "true",
        );
        assert_eq!(sql.matches(" UNION ALL ").count(), 4);
        assert!(sql.contains(
            "SELECT r.source, r.max_stage, -r.leads, -r.revenue FROM rollup_cohort r \
             WHERE NOT r.months AND r.day >= $6 AND r.day < $1"
        ));
    }
}
