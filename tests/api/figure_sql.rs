//! The dashboard's figure SQL is put together at run time (which rollup grain, which
//! filters, whether the period has edges read from the raw tables), so the compiler
//! cannot check it the way it checks the static queries. This runs every shape it takes,
//! through the rollups and through the raw tables, against the migrated schema: each
//! combination of the three filters with each kind of period, for every figure.

use chrono::{DateTime, TimeZone, Utc};
use leadline::domain::metrics::{FunnelView, Period};
use leadline::domain::user::Role;
use leadline::domain::zone::Zone;
use leadline::storage::metrics::{self, raw, Filters};
use leadline::storage::rollups;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{id_of, spawn_app, unique_phone};

fn at(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, minute, 0)
        .unwrap()
}

#[tokio::test]
async fn every_shape_of_the_figure_sql_runs_against_the_migrated_schema() {
    let app = spawn_app().await;
    let rep = app.user("Shape Rep", Role::Rep).await;
    // One of everything the figures read, so that each shape decodes rows, not only nothing.
    let lead = app
        .lead(json!({
            "name": "Shape Lead",
            "phone": unique_phone(),
            "source": "web",
            "tags": ["vip"],
            "owner_id": rep.id,
            "created_at": at(10, 5, 9, 0),
            "next_contact_at": at(10, 6, 9, 0),
        }))
        .await;
    app.logged_call(
        &rep.token,
        json!({"lead_id": id_of(&lead), "outcome": "connected", "intent": "clear",
                "talk_seconds": 90, "started_at": at(10, 5, 10, 30)}),
    )
    .await;
    let spend = json!({"date": "2026-10-05", "amount": 150000, "category": "advertising", "channel": "web"});
    app.post_expecting("/api/v1/spend", spend, StatusCode::CREATED)
        .await;
    // Half the rows folded into the rollups, the other half still pending deltas.
    rollups::compact(&app.db).await.unwrap();
    app.simple_lead("Pending Lead").await;

    let periods = [
        (
            "whole days",
            Period::new(at(10, 1, 0, 0), at(11, 1, 0, 0), Zone::UTC),
        ),
        (
            "edges",
            Period::new(at(10, 4, 6, 30), at(10, 20, 18, 15), Zone::UTC),
        ),
        (
            "inside one day",
            Period::new(at(10, 5, 3, 20), at(10, 5, 20, 40), Zone::UTC),
        ),
        (
            "over 180 days",
            Period::new(at(1, 1, 0, 0), at(12, 31, 0, 0), Zone::UTC),
        ),
    ];
    let mut shapes = 0;
    for channel in [None, Some("web")] {
        for owner_id in [None, Some(rep.id)] {
            for tag in [None, Some("vip")] {
                let filters = Filters {
                    channel: channel.map(String::from),
                    owners: owner_id.map(|o| vec![o]),
                    tag: tag.map(String::from),
                    tag_group: None,
                };
                for (name, period) in periods {
                    let shape = format!("{name}, {filters:?}");
                    let mut conn = app.conn().await;
                    let db = &mut *conn;
                    let now = period.to;
                    for view in [FunnelView::Cohort, FunnelView::Activity] {
                        let from_rollups = metrics::funnel_counts(db, view, period, &filters)
                            .await
                            .unwrap_or_else(|e| panic!("funnel {view:?}, {shape}: {e}"));
                        let mut from_raw = raw::funnel_counts(db, view, period, &filters)
                            .await
                            .unwrap_or_else(|e| panic!("raw funnel {view:?}, {shape}: {e}"));
                        raw::velocity(db, view, period, &filters, &mut from_raw)
                            .await
                            .unwrap_or_else(|e| panic!("raw velocity {view:?}, {shape}: {e}"));
                        assert_eq!(
                            from_rollups.reached, from_raw.reached,
                            "funnel {view:?}, {shape}"
                        );
                        metrics::funnel_reached(db, view, period, &filters)
                            .await
                            .unwrap_or_else(|e| panic!("reached {view:?}, {shape}: {e}"));
                        metrics::velocity_from_rollups(db, view, period, &filters)
                            .await
                            .unwrap_or_else(|e| panic!("velocity {view:?}, {shape}: {e}"));
                    }
                    assert_eq!(
                        metrics::call_counts(db, period, &filters).await.unwrap(),
                        raw::call_counts(db, period, &filters).await.unwrap(),
                        "calls, {shape}"
                    );
                    assert_eq!(
                        metrics::cost_inputs(db, period, &filters).await.unwrap(),
                        raw::cost_inputs(db, period, &filters).await.unwrap(),
                        "cost, {shape}"
                    );
                    let previous = period.previous();
                    let (reps, reps_before) =
                        metrics::rep_counts_compared(db, period, previous, &filters, now)
                            .await
                            .unwrap_or_else(|e| panic!("reps compared, {shape}: {e}"));
                    assert_eq!(
                        reps,
                        raw::rep_counts(db, period, &filters, now).await.unwrap(),
                        "reps, {shape}"
                    );
                    assert_eq!(
                        reps_before,
                        raw::rep_counts(db, previous, &filters, now).await.unwrap(),
                        "reps before, {shape}"
                    );
                    metrics::overdue_follow_ups(db, &filters, now, period.zone)
                        .await
                        .unwrap_or_else(|e| panic!("overdue, {shape}: {e}"));
                    shapes += 1;
                }
            }
        }
    }
    assert_eq!(shapes, 8 * periods.len());
}
