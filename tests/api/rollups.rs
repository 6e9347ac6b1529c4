//! The dashboard rollups against the raw-table definitions: after random writes of
//! every kind, with compactions in between, every figure read through the rollups
//! equals the same figure recomputed from the raw tables; and so it does again
//! after `rollups rebuild`.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use leadline::domain::metrics::{FunnelView, Period};
use leadline::domain::user::Role;
use leadline::domain::zone::Zone;
use leadline::importer;
use leadline::service::farming;
use leadline::storage::board::{self, BoardFilter};
use leadline::storage::leads::{self, BulkChange, Selection};
use leadline::storage::metrics::{self, raw, Filters};
use leadline::storage::{reference, rollups, Actor, Scope};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{id_of, server_url, spawn_app, spawn_app_on, unique_phone, TestApp, TestUser};

const CHANNELS: [&str; 3] = ["google ads", "facebook", "walk-in"];
const TAGS: [&str; 3] = ["vip", "cold", "jakarta"];
const STAGES: [&str; 7] = [
    "new", "connect", "interest", "need", "evaluate", "decide", "referral",
];
const OUTCOMES: [&str; 5] = ["connected", "no_answer", "busy", "voicemail", "rejected"];

fn october(rng: &mut StdRng) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap()
        + Duration::minutes(rng.gen_range(0..61 * 24 * 60))
}

/// A call's start: four in ten on 17 October, at any second (so that the periods
/// inside that day have calls in their whole hours and in the minutes around them),
/// the rest as `october`.
fn call_start(rng: &mut StdRng) -> DateTime<Utc> {
    if rng.gen_bool(0.4) {
        Utc.with_ymd_and_hms(2026, 10, 17, 0, 0, 0).unwrap()
            + Duration::seconds(rng.gen_range(0..24 * 60 * 60))
    } else {
        october(rng)
    }
}

/// A follow-up time around the moments the reps table is read at (`NOWS`): months
/// before, days of the same month, the same day before and after, and later.
fn follow_up(rng: &mut StdRng) -> DateTime<Utc> {
    if rng.gen_bool(0.3) {
        Utc.with_ymd_and_hms(2026, 11, 15, 0, 0, 0).unwrap()
            + Duration::minutes(rng.gen_range(0..24 * 60))
    } else {
        Utc.with_ymd_and_hms(2026, 8, 20, 0, 0, 0).unwrap()
            + Duration::minutes(rng.gen_range(0..120 * 24 * 60))
    }
}

/// The moments overdue follow-ups are counted at: the first of a month at midnight,
/// the middle of a day, its last minute, and a later month.
const NOWS: [(i32, u32, u32, u32, u32); 5] = [
    (2026, 11, 15, 12, 0),
    (2026, 11, 1, 0, 0),
    (2026, 11, 15, 0, 0),
    (2026, 11, 15, 23, 59),
    (2026, 12, 3, 8, 30),
];

fn maybe<'a, T>(rng: &mut StdRng, items: &'a [T]) -> Option<&'a T> {
    rng.gen_bool(0.8).then(|| items.choose(rng).unwrap())
}

fn some_tags(rng: &mut StdRng) -> Vec<&'static str> {
    TAGS.iter().copied().filter(|_| rng.gen_bool(0.3)).collect()
}

/// One random write through the API; refusals by the funnel rules are fine.
async fn random_write(app: &TestApp, rng: &mut StdRng, reps: &[TestUser], leads: &mut Vec<String>) {
    let pick = rng.gen_range(0..100);
    if leads.is_empty() || pick < 20 {
        let mut body = json!({
            "name": format!("Lead {}", leads.len()),
            "phone": unique_phone(),
            "created_at": october(rng),
            "tags": some_tags(rng),
        });
        if let Some(channel) = maybe(rng, &CHANNELS) {
            body["source"] = json!(channel);
        }
        if let Some(rep) = maybe(rng, reps) {
            body["owner_id"] = json!(rep.id);
        }
        if rng.gen_bool(0.4) {
            body["next_contact_at"] = json!(follow_up(rng));
        }
        if rng.gen_bool(0.2) {
            body["stage"] = json!(STAGES[rng.gen_range(1..7)]);
            body["deal_value"] = json!(rng.gen_range(1..500) * 1000);
        }
        leads.push(id_of(&app.lead(body).await));
        return;
    }
    if (88..=91).contains(&pick) {
        bulk_write(app, rng, reps, leads).await;
        return;
    }
    let lead = leads.choose(rng).unwrap().clone();
    let rep = reps.choose(rng).unwrap();
    let response = match pick {
        48..=54 => {
            // A touch other than a call: counted beside the calls, in none of their figures.
            let kinds = ["whatsapp", "wechat", "telegram", "sms", "email", "meeting"];
            let body = json!({
                "lead_id": lead,
                "kind": kinds.choose(rng).unwrap(),
                "happened_at": call_start(rng),
                "user_id": rep.id,
            });
            app.admin_post("/api/v1/touches", body).await
        }
        20..=47 => {
            let outcome = *OUTCOMES.choose(rng).unwrap();
            let mut body = json!({
                "lead_id": lead,
                "outcome": outcome,
                "started_at": call_start(rng),
            });
            if outcome == "connected" {
                body["intent"] = json!(["clear", "unclear", "none"][rng.gen_range(0..3)]);
                body["talk_seconds"] = json!(rng.gen_range(5..600));
            } else if rng.gen_bool(0.7) {
                body["ring_seconds"] = json!(rng.gen_range(0..60));
            }
            if rng.gen_bool(0.5) {
                body["next_contact_at"] = json!(follow_up(rng));
            }
            body["rep_id"] = json!(rep.id);
            // A call in from a lost lead brings it back by itself.
            if rng.gen_bool(0.2) {
                body["direction"] = json!("inbound");
            }
            app.log_call(&app.admin_token, body).await
        }
        55..=74 => {
            let mut body = json!({"to": STAGES[rng.gen_range(0..7)]});
            if rng.gen_bool(0.5) {
                body["deal_value"] = json!(rng.gen_range(1..500) * 1000);
            }
            app.move_to(&lead, body).await
        }
        75..=82 => {
            let reason = ["No budget", "Chose a competitor", "Bad timing"][rng.gen_range(0..3)];
            app.admin_post(
                &format!("/api/v1/leads/{lead}/lost"),
                json!({"reason": reason}),
            )
            .await
        }
        83..=87 => {
            app.admin_post(&format!("/api/v1/leads/{lead}/reopen"), json!({}))
                .await
        }
        _ => {
            // Move the lead to another channel, owner, set of tags or follow-up time.
            let body = match rng.gen_range(0..4) {
                0 => json!({"source": maybe(rng, &CHANNELS)}),
                1 => json!({"owner_id": maybe(rng, reps).map(|r| r.id)}),
                2 => json!({"next_contact_at": rng.gen_bool(0.8).then(|| follow_up(rng))}),
                _ => json!({"tags": some_tags(rng)}),
            };
            app.admin_patch(&format!("/api/v1/leads/{lead}"), body)
                .await
        }
    };
    let status = response.status();
    assert!(
        status.is_success()
            || status == StatusCode::CONFLICT
            || status == StatusCode::UNPROCESSABLE_ENTITY,
        "a write answered {status}: {}",
        response.text().await.unwrap_or_default()
    );
}

/// A bulk change of the leads list to a few leads at once: given to another owner (or
/// none), tagged, untagged or lost, in one transaction.
async fn bulk_write(app: &TestApp, rng: &mut StdRng, reps: &[TestUser], leads: &[String]) {
    let count = rng.gen_range(1..=5).min(leads.len());
    let ids = leads
        .choose_multiple(rng, count)
        .map(|id| id.parse().unwrap())
        .collect();
    let change = match rng.gen_range(0..4) {
        0 => BulkChange::Reassign(maybe(rng, reps).map(|r| r.id)),
        1 => BulkChange::AddTag((*TAGS.choose(rng).unwrap()).to_owned()),
        2 => BulkChange::RemoveTag((*TAGS.choose(rng).unwrap()).to_owned()),
        _ => {
            let reason = ["No budget", "Chose a competitor", "Bad timing"][rng.gen_range(0..3)];
            let reason_id = reference::resolve_lost_reason(&app.db, reason)
                .await
                .unwrap();
            BulkChange::MarkLost {
                reason_id,
                note: None,
            }
        }
    };
    let mut tx = app.db.begin().await.unwrap();
    leads::change_many(
        &mut tx,
        Scope::All,
        &Selection::Leads(ids),
        &change,
        Actor::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Every figure, for a set of periods and filters, through the rollups and raw.
/// Days and hours are `zone`'s, the company's.
async fn assert_rollups_match_raw(app: &TestApp, reps: &[TestUser], when: &str, zone: Zone) {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let day = |d: u32, m: u32| zone.start_of(date(2026, m, d));
    let hour = |d: u32, m: u32, h: u32, min: u32| {
        zone.instant(date(2026, m, d).and_hms_opt(h, min, 0).unwrap())
    };
    let written = Utc::now().with_nanosecond(0).unwrap();
    let midnight = |t: DateTime<Utc>| zone.start_of(zone.date_of(t));
    let periods = [
        Period::new(day(1, 10), day(1, 11), zone),
        Period::new(day(5, 10), day(20, 10), zone),
        Period::new(day(1, 9), day(1, 12), zone),
        Period::new(day(17, 10), day(18, 10), zone),
        // Longer than 180 days: velocity walks the durations in order, not by day.
        Period::new(day(1, 1), zone.start_of(date(2027, 1, 1)), zone),
        // Periods that start or end inside a day: whole days from the rollups, the
        // hours at either end from the raw tables. Inside one day, across one midnight,
        // and a partial end after whole months.
        Period::new(hour(5, 10, 6, 30), hour(20, 10, 18, 15), zone),
        Period::new(hour(17, 10, 3, 0), hour(17, 10, 21, 0), zone),
        Period::new(hour(31, 10, 22, 0), hour(1, 11, 2, 0), zone),
        // Calls read the whole hours of those ends from the hour rollup and the
        // minutes around them from the raw table.
        Period::new(hour(17, 10, 3, 20), hour(17, 10, 20, 40), zone),
        Period::new(hour(17, 10, 9, 50), hour(20, 10, 3, 10), zone),
        Period::new(day(1, 9), hour(30, 11, 13, 45), zone),
        // Stage moves are dated when they are made: the days around the writes, the
        // hours around them, and a long period ending in them.
        Period::new(
            midnight(written - Duration::days(2)),
            midnight(written + Duration::days(1)),
            zone,
        ),
        Period::new(
            written - Duration::hours(50),
            written + Duration::hours(1),
            zone,
        ),
        Period::new(hour(1, 1, 10, 0), written + Duration::hours(3), zone),
        // The night New York's clocks go back (1 November 2026, a 25-hour day there), and
        // hours across its repeated 01:00.
        Period::new(day(1, 11), day(2, 11), zone),
        Period::new(hour(31, 10, 23, 10), hour(1, 11, 3, 20), zone),
    ];
    let mut filter_sets = vec![Filters::default()];
    for channel in CHANNELS {
        filter_sets.push(Filters {
            channel: Some(channel.into()),
            ..Filters::default()
        });
    }
    for rep in reps {
        filter_sets.push(Filters {
            owners: Some(vec![rep.id]),
            ..Filters::default()
        });
    }
    // A team's reps: their rows summed.
    filter_sets.push(Filters {
        owners: Some(vec![reps[0].id, reps[1].id]),
        ..Filters::default()
    });
    for tag in TAGS {
        filter_sets.push(Filters {
            tag: Some(tag.into()),
            ..Filters::default()
        });
    }
    filter_sets.push(Filters {
        channel: Some(CHANNELS[0].into()),
        owners: Some(vec![reps[0].id]),
        tag: Some(TAGS[0].into()),
        tag_group: None,
    });
    filter_sets.push(Filters {
        tag: Some("no such tag".into()),
        ..Filters::default()
    });
    let at = |(y, m, d, h, min): (i32, u32, u32, u32, u32)| {
        zone.instant(date(y, m, d).and_hms_opt(h, min, 0).unwrap())
    };
    let now = at(NOWS[0]);
    let mut conn = app.conn().await;
    let db = &mut *conn;
    assert_tag_pairs_follow(app, when).await;
    assert_board_matches_raw(app, reps, when).await;
    // Overdue follow-ups at other moments: the period does not change them.
    let reps_now = metrics::rep_counts(db, periods[0], &Filters::default(), now)
        .await
        .unwrap();
    assert!(
        reps_now.iter().all(|r| r.overdue_follow_ups > 0),
        "{when}: every rep has overdue follow-ups to count: {reps_now:?}"
    );
    for moment in NOWS.into_iter().skip(1).map(at) {
        for filters in &filter_sets {
            assert_eq!(
                metrics::rep_counts(db, periods[0], filters, moment)
                    .await
                    .unwrap(),
                raw::rep_counts(db, periods[0], filters, moment)
                    .await
                    .unwrap(),
                "reps at {moment}, {when}: {filters:?}"
            );
        }
    }
    for period in periods {
        for filters in &filter_sets {
            let context = format!("{when}: {period:?} {filters:?}");
            for view in [FunnelView::Cohort, FunnelView::Activity] {
                let funnel = metrics::funnel_counts(db, view, period, filters)
                    .await
                    .unwrap();
                assert_eq!(
                    funnel,
                    raw::funnel_counts(db, view, period, filters).await.unwrap(),
                    "funnel {view:?}, {context}"
                );
                // The reached counts alone, as the page reads them for the period before.
                assert_eq!(
                    (
                        metrics::funnel_reached(db, view, period, filters)
                            .await
                            .unwrap(),
                        raw::funnel_reached(db, view, period, filters)
                            .await
                            .unwrap()
                    ),
                    (funnel.reached, funnel.reached),
                    "funnel reached {view:?}, {context}"
                );
                // Recovery (lead farming) by the stage where leads were lost.
                assert_eq!(
                    metrics::recovery_counts(db, view, period, filters)
                        .await
                        .unwrap(),
                    raw::recovery_counts(db, view, period, filters)
                        .await
                        .unwrap(),
                    "recovery {view:?}, {context}"
                );
                // And the velocity in it came from the rollups, not from the raw fallback.
                assert!(
                    metrics::velocity_from_rollups(db, view, period, filters)
                        .await
                        .unwrap()
                        .is_some(),
                    "velocity {view:?} from the rollups, {context}"
                );
            }
            assert_eq!(
                metrics::call_counts(db, period, filters).await.unwrap(),
                raw::call_counts(db, period, filters).await.unwrap(),
                "calls, {context}"
            );
            assert_eq!(
                metrics::cost_inputs(db, period, filters).await.unwrap(),
                raw::cost_inputs(db, period, filters).await.unwrap(),
                "cost, {context}"
            );
            let reps = metrics::rep_counts(db, period, filters, now).await.unwrap();
            assert_eq!(
                reps,
                raw::rep_counts(db, period, filters, now).await.unwrap(),
                "reps, {context}"
            );
            // The two periods side by side, the overdue snapshot read once.
            let previous = period.previous();
            assert_eq!(
                metrics::rep_counts_compared(db, period, previous, filters, now)
                    .await
                    .unwrap(),
                (
                    reps,
                    raw::rep_counts(db, previous, filters, now).await.unwrap()
                ),
                "reps with the period before, {context}"
            );
        }
    }
}

#[tokio::test]
async fn rollups_equal_the_raw_tables_after_random_writes() {
    rollups_equal_the_raw_tables_in(Zone::UTC, 20261123).await;
}

#[tokio::test]
async fn rollups_equal_the_raw_tables_after_random_writes_in_jakarta() {
    rollups_equal_the_raw_tables_in(zone("Asia/Jakarta"), 20261204).await;
}

#[tokio::test]
async fn rollups_equal_the_raw_tables_after_random_writes_in_new_york() {
    rollups_equal_the_raw_tables_in(zone("America/New_York"), 20261101).await;
}

fn zone(name: &str) -> Zone {
    Zone::parse("time_zone", name).unwrap()
}

/// The board's column totals through its rollup equal the open leads counted, for every
/// filter the board offers and as a rep sees them (their own and unassigned leads).
async fn assert_board_matches_raw(app: &TestApp, reps: &[TestUser], when: &str) {
    let mut filters = vec![
        BoardFilter::default(),
        BoardFilter {
            unassigned: true,
            ..BoardFilter::default()
        },
        BoardFilter {
            tag: Some("no such tag".into()),
            ..BoardFilter::default()
        },
        BoardFilter {
            owner_id: Some(reps[0].id),
            source: Some(CHANNELS[0].into()),
            tag: Some(TAGS[0].into()),
            ..BoardFilter::default()
        },
    ];
    filters.extend(CHANNELS.iter().map(|c| BoardFilter {
        source: Some((*c).into()),
        ..BoardFilter::default()
    }));
    filters.extend(TAGS.iter().map(|t| BoardFilter {
        tag: Some((*t).into()),
        unassigned: t == &TAGS[2],
        ..BoardFilter::default()
    }));
    filters.extend(reps.iter().map(|r| BoardFilter {
        owner_id: Some(r.id),
        ..BoardFilter::default()
    }));
    // A team of the first two reps, led by a manager limited to it.
    let team: Option<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM teams WHERE name = 'Oracle team'")
            .fetch_optional(&app.db)
            .await
            .unwrap();
    let (team, lead) = match team {
        Some(team) => (
            team,
            sqlx::query_scalar("SELECT manager_id FROM teams WHERE id = $1")
                .bind(team)
                .fetch_one(&app.db)
                .await
                .unwrap(),
        ),
        None => {
            let lead = app
                .user("Oracle Lead", leadline::domain::user::Role::Manager)
                .await
                .id;
            let team: uuid::Uuid = sqlx::query_scalar(
                "INSERT INTO teams (id, name, manager_id) VALUES (gen_random_uuid(), 'Oracle team', $1) RETURNING id",
            )
            .bind(lead)
            .fetch_one(&app.db)
            .await
            .unwrap();
            sqlx::query("UPDATE users SET team_id = $1 WHERE id = ANY($2)")
                .bind(team)
                .bind(vec![reps[0].id, reps[1].id])
                .execute(&app.db)
                .await
                .unwrap();
            sqlx::query("UPDATE users SET limited_to_teams = true WHERE id = $1")
                .bind(lead)
                .execute(&app.db)
                .await
                .unwrap();
            (team, lead)
        }
    };
    filters.push(BoardFilter {
        team_id: Some(team),
        ..BoardFilter::default()
    });
    let scopes = [
        Scope::All,
        Scope::Rep(reps[0].id),
        Scope::Rep(reps[1].id),
        Scope::Team(lead),
    ];
    let mut open = 0;
    for scope in scopes {
        for filter in &filters {
            let raw = board::raw_totals(&app.db, scope, filter).await.unwrap();
            assert_eq!(
                board::totals(&app.db, scope, filter).await.unwrap(),
                raw,
                "the board's totals {when}, {scope:?}, {filter:?}"
            );
            open += raw.iter().map(|t| t.leads).sum::<i64>();
        }
    }
    assert!(open > 0, "the board holds open leads {when}");
}

/// Random writes in a company whose days are `zone`'s; every figure through the rollups
/// equals the raw one with deltas pending, after compaction, after a rebuild and after a
/// deleted tag.
async fn rollups_equal_the_raw_tables_in(zone: Zone, seed: u64) {
    let app = spawn_app_on(server_url(), |config, _| config.time_zone = zone).await;
    let reps = vec![
        app.user("Rina Rep", Role::Rep).await,
        app.user("Sam Rep", Role::Rep).await,
    ];
    let mut rng = StdRng::seed_from_u64(seed);
    let mut leads = Vec::new();
    for n in 0..400 {
        random_write(&app, &mut rng, &reps, &mut leads).await;
        if n % 37 == 36 {
            rollups::compact(&app.db).await.unwrap();
        }
        if n == 250 {
            // Half a year on, the leads lost so far for a reason with a way back return.
            let later = Utc::now() + Duration::days(200);
            let returned = farming::return_due(&app.db, later).await.unwrap();
            assert!(returned > 0, "some lost leads return on their day");
        }
    }
    let long = Period::new(
        zone.start_of(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        Utc::now() + Duration::days(1),
        zone,
    );
    let farmed = raw::recovery_counts(
        &mut *app.conn().await,
        FunnelView::Activity,
        long,
        &Filters::default(),
    )
    .await
    .unwrap();
    assert!(
        farmed.iter().any(|c| c.recovered > 0) && farmed.iter().any(|c| c.returned > c.recovered),
        "the writes recover some lost leads and leave others returned only: {farmed:?}"
    );
    let pending: i64 = app.scalar("SELECT count(*) FROM rollup_calls_delta").await;
    assert!(
        pending > 0,
        "some deltas are left uncompacted, so both paths are read"
    );
    assert_rollups_match_raw(&app, &reps, "with pending deltas", zone).await;

    // Duplicates merged: the survivor takes the others' calls, touches, tags, events and
    // reaches, and every figure is what the raw tables make of the leads as they are now.
    for _ in 0..6 {
        let survivor = leads.swap_remove(rng.gen_range(0..leads.len()));
        let from: Vec<String> = (0..rng.gen_range(1..3))
            .map(|_| leads.swap_remove(rng.gen_range(0..leads.len())))
            .collect();
        let merged = app
            .post(
                &app.admin_token,
                &format!("/api/v1/leads/{survivor}/merge"),
                &json!({ "from": from }),
            )
            .await;
        assert_eq!(merged.status(), reqwest::StatusCode::OK);
        leads.push(survivor);
    }
    assert_rollups_match_raw(&app, &reps, "after merges", zone).await;
    assert_tag_pairs_follow(&app, "after merges").await;

    let pending = pending_total(&app).await;
    assert_eq!(rollups::compact(&app.db).await.unwrap(), Some(pending));
    assert_eq!(pending_total(&app).await, 0);
    assert_rollups_match_raw(&app, &reps, "after compaction", zone).await;
    assert_call_hours_refill_alike(&app, "after compaction").await;
    // What a node does after folding a burst: the emptied delta tables are vacuumed.
    rollups::vacuum_deltas(&app.db).await.unwrap();
    assert_rollups_match_raw(&app, &reps, "after vacuuming the deltas", zone).await;

    let leads_counted = rollups::rebuild(&app.db).await.unwrap();
    assert_eq!(leads_counted, app.count("leads").await);
    assert_eq!(pending_total(&app).await, 0);
    let delta_pages: i64 = sqlx::query_scalar(
        "SELECT sum(pg_relation_size(t::regclass))::int8 FROM unnest($1::text[]) t",
    )
    .bind(rollups::delta_tables().collect::<Vec<_>>())
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        delta_pages, 0,
        "a rebuild leaves no dead delta rows to scan"
    );
    assert_rollups_match_raw(&app, &reps, "after a rebuild", zone).await;
    assert_call_hours_refill_alike(&app, "after a rebuild").await;

    // Leadline deletes no tag, but the schema lets an administrator: the tag's leads
    // leave its figures, and its copies of their durations go with it.
    let deleted = sqlx::query("DELETE FROM tags WHERE name = $1")
        .bind(TAGS[1])
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(deleted.rows_affected(), 1);
    assert_rollups_match_raw(&app, &reps, "after deleting a tag", zone).await;
}

/// With no deltas pending, the calls' hour rows are what migration 0016's fill makes of
/// the calls table (rows that net to no calls aside), at every grain. Checked in a
/// transaction that is rolled back.
async fn assert_call_hours_refill_alike(app: &TestApp, when: &str) {
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query(
        "CREATE TEMP TABLE folded ON COMMIT DROP AS SELECT * FROM rollup_calls_hours \
         WHERE dials <> 0 OR touches_chat <> 0 OR touches_sms <> 0 OR touches_email <> 0 OR touches_meeting <> 0",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query("TRUNCATE rollup_calls_hours")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("SELECT rollup_fill_calls_hours()")
        .execute(&mut *tx)
        .await
        .unwrap();
    let (rows, missing, extra): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM folded), \
                (SELECT count(*) FROM (SELECT * FROM rollup_calls_hours EXCEPT ALL SELECT * FROM folded) m), \
                (SELECT count(*) FROM (SELECT * FROM folded EXCEPT ALL SELECT * FROM rollup_calls_hours) e)",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert!(rows > 100, "{when}: calls in many hours ({rows} rows)");
    assert_eq!(
        (missing, extra),
        (0, 0),
        "{when}: hour rows the fill makes that compaction did not, and the other way, of {rows}"
    );
}

/// `velocity_tag_pairs` holds exactly one copy of each velocity pair per tag of its lead.
async fn assert_tag_pairs_follow(app: &TestApp, when: &str) {
    let (copies, missing, extra): (i64, i64, i64) = sqlx::query_as(
        "WITH wanted AS (SELECT lt.tag_id, p.* FROM velocity_pairs p JOIN lead_tags lt USING (lead_id)) \
         SELECT (SELECT count(*) FROM velocity_tag_pairs), \
                (SELECT count(*) FROM (SELECT * FROM wanted EXCEPT ALL SELECT * FROM velocity_tag_pairs) m), \
                (SELECT count(*) FROM (SELECT * FROM velocity_tag_pairs EXCEPT ALL SELECT * FROM wanted) e)",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(copies > 0, "{when}: some tagged leads have durations");
    assert_eq!(
        (missing, extra),
        (0, 0),
        "{when}: tag copies of the velocity pairs missing and extra, of {copies}"
    );
}

/// Delta rows not yet folded into the rollups, in every delta table.
pub async fn pending_total(app: &TestApp) -> i64 {
    let mut total = 0;
    for table in rollups::delta_tables() {
        total += app.count(table).await;
    }
    total
}

/// The registry of rollups is what the database holds: every derived table and delta
/// table is in it, each unique by the keys it says.
#[tokio::test]
async fn the_registry_of_rollups_is_what_the_database_holds() {
    let app = spawn_app().await;
    let in_database: Vec<String> = sqlx::query_scalar(
        "SELECT relname::text FROM pg_class WHERE relkind = 'r' \
         AND relnamespace = 'public'::regnamespace \
         AND (relname LIKE 'rollup\\_%' OR relname LIKE 'velocity\\_%pairs') \
         AND relname <> 'rollup_rebuilds' ORDER BY 1",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let mut registered: Vec<String> = rollups::ROLLUPS
        .iter()
        .flat_map(|r| std::iter::once(r.table).chain(r.delta))
        .map(str::to_owned)
        .collect();
    registered.sort();
    assert_eq!(registered, in_database);
    for rollup in rollups::ROLLUPS {
        // The key of its unique constraint or primary key, in order.
        let keys: Vec<String> = sqlx::query_scalar(
            "SELECT a.attname::text FROM pg_index i \
             CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(att, ord) \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att \
             WHERE i.indrelid = $1::regclass AND i.indisunique AND k.ord <= i.indnkeyatts \
             ORDER BY i.indisprimary, k.ord",
        )
        .bind(rollup.table)
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert_eq!(keys, rollup.keys, "{}", rollup.table);
    }
}

/// A lead's rollup rows follow it when it changes hands, with nothing left behind.
#[tokio::test]
async fn a_lead_moved_to_another_owner_and_channel_takes_its_figures_along() {
    let app = spawn_app().await;
    let (ana, budi) = (
        app.user("Ana Rep", Role::Rep).await,
        app.user("Budi Rep", Role::Rep).await,
    );
    let lead = app
        .lead(
            json!({"name": "Moving", "phone": unique_phone(), "source": "facebook",
                     "owner_id": ana.id, "tags": ["vip"], "created_at": "2026-10-02T09:00:00Z"}),
        )
        .await;
    let id = id_of(&lead);
    let logged = app
        .log_call(
            &ana.token,
            json!({"lead_id": id, "outcome": "connected", "intent": "clear", "talk_seconds": 90,
                   "started_at": "2026-10-03T10:00:00Z"}),
        )
        .await;
    assert_eq!(logged.status(), StatusCode::CREATED);
    rollups::compact(&app.db).await.unwrap();
    let moved = app
        .admin_patch(
            &format!("/api/v1/leads/{id}"),
            json!({"owner_id": budi.id, "source": "google ads", "tags": []}),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    rollups::compact(&app.db).await.unwrap();

    let october = Period::new(
        Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        Zone::UTC,
    );
    let cohort = |filters: Filters| metrics_cohort(&app, october, filters);
    assert_eq!(
        cohort(Filters {
            owners: Some(vec![ana.id]),
            ..Filters::default()
        })
        .await,
        0
    );
    assert_eq!(
        cohort(Filters {
            owners: Some(vec![budi.id]),
            ..Filters::default()
        })
        .await,
        1
    );
    assert_eq!(
        cohort(Filters {
            channel: Some("facebook".into()),
            ..Filters::default()
        })
        .await,
        0
    );
    assert_eq!(
        cohort(Filters {
            tag: Some("vip".into()),
            ..Filters::default()
        })
        .await,
        0
    );
    for (channel, dials) in [("facebook", 0), ("google ads", 1)] {
        let filters = Filters {
            channel: Some(channel.into()),
            ..Filters::default()
        };
        let counts = metrics::call_counts(&mut *app.conn().await, october, &filters)
            .await
            .unwrap();
        assert_eq!(counts.dials, dials, "{channel}");
    }
}

async fn metrics_cohort(app: &TestApp, period: Period, filters: Filters) -> i64 {
    metrics::funnel_counts(&mut *app.conn().await, FunnelView::Cohort, period, &filters)
        .await
        .unwrap()
        .reached[0]
}

/// The velocity pairs are exactly those the reaches make, and the histograms count
/// them: for leads imported at `new`, whose reaches look up no pair, once calls move
/// them on; for a lead entering further on; and for a lead whose reach of `new` is
/// written again behind its later ones, which pairs with its reach of `connect` as
/// before.
#[tokio::test]
async fn velocity_pairs_are_what_the_reaches_make() {
    let app = spawn_app().await;
    let rep = app.user("Rina Rep", Role::Rep).await;
    let file = b"name,phone\nAna,+12125550101\nBudi,+12125550102\nCici,+12125550103\n";
    let (progress, _) = tokio::sync::watch::channel(importer::Progress::default());
    let plan = importer::Plan::new(
        vec![importer::Target::Name, importer::Target::Phone],
        importer::Mode::SkipBad,
        crate::helpers::us(),
    );
    let summary = importer::run(&app.db, file, &plan, Actor::default(), &progress)
        .await
        .unwrap();
    assert_eq!(summary.imported, 3);
    assert_eq!(pairs_and_counted(&app).await, (0, 0, 0, 0));

    let imported: Vec<uuid::Uuid> = sqlx::query_scalar("SELECT id FROM leads ORDER BY name")
        .fetch_all(&app.db)
        .await
        .unwrap();
    for (lead, intent) in imported.iter().zip(["clear", "none", "clear"]) {
        let logged = app
            .log_call(
                &app.admin_token,
                json!({"lead_id": lead, "rep_id": rep.id, "outcome": "connected",
                       "intent": intent, "talk_seconds": 60}),
            )
            .await;
        assert_eq!(logged.status(), StatusCode::CREATED);
    }
    app.lead(json!({"name": "Dewi", "phone": "+12125550104", "stage": "need"}))
        .await;
    // Ana and Cici: new -> connect -> interest; Budi: new -> connect; Dewi: three pairs.
    assert_eq!(pairs_and_counted(&app).await, (8, 0, 0, 8));

    // Ana's reach of `new` taken away (the lead recounted without it) and written again.
    let ana = imported[0];
    let reached_at: DateTime<Utc> = sqlx::query_scalar(
        "DELETE FROM stage_reaches WHERE lead_id = $1 AND stage = 0 RETURNING reached_at",
    )
    .bind(ana)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(pairs_and_counted(&app).await, (7, 0, 0, 7));
    sqlx::query("INSERT INTO stage_reaches (lead_id, stage, reached_at) VALUES ($1, 0, $2)")
        .bind(ana)
        .bind(reached_at)
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(pairs_and_counted(&app).await, (8, 0, 0, 8));
}

/// The velocity pairs stored, those missing and extra against `velocity_pairs_of` over
/// every lead, and the pairs the cohort histogram counts (pending deltas included).
async fn pairs_and_counted(app: &TestApp) -> (i64, i64, i64, i64) {
    sqlx::query_as(
        "WITH wanted AS (SELECT * FROM velocity_pairs_of(ARRAY(SELECT id FROM leads))) \
         SELECT (SELECT count(*) FROM velocity_pairs), \
                (SELECT count(*) FROM (SELECT * FROM wanted EXCEPT ALL SELECT * FROM velocity_pairs) m), \
                (SELECT count(*) FROM (SELECT * FROM velocity_pairs EXCEPT ALL SELECT * FROM wanted) e), \
                (SELECT coalesce(sum(pairs), 0)::int8 FROM ( \
                     SELECT pairs, tag_id, source, owner_id FROM rollup_velocity_cohort \
                     UNION ALL SELECT pairs, tag_id, source, owner_id FROM rollup_velocity_cohort_delta) h \
                 WHERE tag_id IS NULL AND source IS NOT NULL AND owner_id IS NOT NULL)",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// What runs in the database is sql/rollups.sql: the same functions and triggers, none
/// left over from the migrations that built them, with the bodies the file gives.
#[tokio::test]
async fn the_database_runs_the_current_definition_of_the_rollups() {
    let app = spawn_app().await;
    let text = leadline::startup::ROLLUP_DEFINITIONS;
    let named = |prefix: &str| -> Vec<String> {
        let mut names: Vec<String> = text
            .lines()
            .map(str::trim_start)
            .filter_map(name_after(prefix))
            .collect();
        names.sort();
        names
    };
    let functions_in_file = named("CREATE OR REPLACE FUNCTION ");
    let triggers_in_file = named("CREATE OR REPLACE TRIGGER ");
    let functions_in_database: Vec<String> = sqlx::query_scalar(
        "SELECT p.proname::text FROM pg_proc p \
         WHERE p.pronamespace = 'public'::regnamespace \
           AND (p.proname LIKE 'rollup%' OR p.proname LIKE 'velocity%') \
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') \
         ORDER BY 1",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let triggers_in_database: Vec<String> = sqlx::query_scalar(
        "SELECT t.tgname::text FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid \
         WHERE NOT t.tgisinternal AND (p.proname LIKE 'rollup%' OR p.proname LIKE 'velocity%') ORDER BY 1",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(functions_in_database, functions_in_file);
    assert_eq!(triggers_in_database, triggers_in_file);

    // Applying the file again changes no body and no trigger: they are the file's.
    let bodies = "SELECT string_agg(pg_get_functiondef(p.oid), E'\\n' ORDER BY p.proname) FROM pg_proc p \
                  WHERE p.pronamespace = 'public'::regnamespace AND (p.proname LIKE 'rollup%' OR p.proname LIKE 'velocity%') \
                    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')";
    let triggers = "SELECT string_agg(pg_get_triggerdef(t.oid), E'\\n' ORDER BY t.tgname) FROM pg_trigger t \
                    JOIN pg_proc p ON p.oid = t.tgfoid \
                    WHERE NOT t.tgisinternal AND (p.proname LIKE 'rollup%' OR p.proname LIKE 'velocity%')";
    let mut tx = app.db.begin().await.unwrap();
    let before: (String, String) = sqlx::query_as(&format!("SELECT ({bodies}), ({triggers})"))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    sqlx::raw_sql(text).execute(&mut *tx).await.unwrap();
    let after: (String, String) = sqlx::query_as(&format!("SELECT ({bodies}), ({triggers})"))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert!(
        before == after,
        "the database runs something else than sql/rollups.sql"
    );

    // And it knows which text it runs.
    let recorded: Vec<u8> = app
        .scalar("SELECT sha256 FROM derived_definitions WHERE name = 'rollups'")
        .await;
    use sha2::Digest;
    assert_eq!(recorded, sha2::Sha256::digest(text.as_bytes()).to_vec());
}

/// The name after `prefix` on a line that starts with it.
fn name_after(prefix: &str) -> impl Fn(&str) -> Option<String> + '_ {
    move |line: &str| {
        line.strip_prefix(prefix).map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
    }
}
