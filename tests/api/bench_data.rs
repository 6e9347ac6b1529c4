//! `leadline bench-data`: a small benchmark data set agrees with itself the way the storage
//! rules leave a database, the dashboard reads it, and the same seed loads the same rows.

use chrono::NaiveDate;
use leadline_generators::bench_data::{self, Plan};
use serde_json::json;
use sqlx::PgPool;

use crate::helpers::spawn_app;

fn small_plan() -> Plan {
    Plan {
        leads: 2_000,
        calls: 20_000,
        end: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        ..Plan::default()
    }
}

/// Each rule as a query counting the rows that break it.
pub(crate) const RULES: [(&str, &str); 18] = [
    (
        "every lead has one create event, its first",
        "SELECT count(*) FROM leads l WHERE (SELECT count(*) FROM stage_events e WHERE e.lead_id = l.id AND e.kind = 'create') <> 1 \
         OR (SELECT e.kind FROM stage_events e WHERE e.lead_id = l.id ORDER BY e.id LIMIT 1) <> 'create'",
    ),
    (
        "every lead reached stage 0 when it came in",
        "SELECT count(*) FROM leads l WHERE NOT EXISTS \
         (SELECT 1 FROM stage_reaches r WHERE r.lead_id = l.id AND r.stage = 0 AND r.reached_at = l.created_at)",
    ),
    (
        "max_stage is the furthest stage reached, and every stage below it was reached",
        "SELECT count(*) FROM leads l WHERE l.max_stage <> (SELECT max(r.stage) FROM stage_reaches r WHERE r.lead_id = l.id) \
         OR l.max_stage + 1 <> (SELECT count(*) FROM stage_reaches r WHERE r.lead_id = l.id)",
    ),
    (
        "the stage is where the last event left the lead",
        "SELECT count(*) FROM leads l WHERE l.stage <> (SELECT e.to_stage FROM stage_events e WHERE e.lead_id = l.id ORDER BY e.id DESC LIMIT 1)",
    ),
    (
        "call_count counts the lead's calls",
        "SELECT count(*) FROM leads l WHERE l.call_count <> (SELECT count(*) FROM calls c WHERE c.lead_id = l.id)",
    ),
    (
        "the last-call fields are the newest call's",
        "SELECT count(*) FROM leads l WHERE l.call_count > 0 AND NOT EXISTS \
         (SELECT 1 FROM calls c WHERE c.lead_id = l.id AND c.started_at = l.last_call_at AND c.outcome = l.last_call_outcome \
          AND c.intent IS NOT DISTINCT FROM l.last_call_intent \
          AND NOT EXISTS (SELECT 1 FROM calls d WHERE d.lead_id = l.id AND d.started_at > c.started_at))",
    ),
    (
        "won leads have a deal value and reached decide when they were won",
        "SELECT count(*) FROM leads l WHERE l.status = 'won' AND (l.deal_value IS NULL OR NOT EXISTS \
         (SELECT 1 FROM stage_reaches r WHERE r.lead_id = l.id AND r.stage = 5 AND r.reached_at = l.won_at))",
    ),
    (
        "lost leads were lost at their stage, for their reason, by their last event",
        "SELECT count(*) FROM leads l WHERE l.status = 'lost' AND NOT EXISTS \
         (SELECT 1 FROM stage_events e WHERE e.lead_id = l.id AND e.kind = 'lost' AND e.to_stage = l.lost_stage \
          AND e.lost_reason_id = l.lost_reason_id AND e.created_at = l.lost_at \
          AND e.id = (SELECT max(f.id) FROM stage_events f WHERE f.lead_id = l.id))",
    ),
    (
        "calls start after their lead came in",
        "SELECT count(*) FROM calls c JOIN leads l ON l.id = c.lead_id WHERE c.started_at <= l.created_at",
    ),
    (
        "a lead's events follow each other in time",
        "SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (PARTITION BY lead_id ORDER BY id) AS backwards \
         FROM stage_events) e WHERE backwards",
    ),
    (
        "a move made by a call names a call of that lead, by its rep, and is dated by it",
        "SELECT count(*) FROM stage_events e LEFT JOIN calls c ON c.id = e.actor_call_id WHERE e.actor_call_id IS NOT NULL \
         AND (c.id IS NULL OR c.lead_id <> e.lead_id OR c.started_at <> e.created_at OR c.rep_id <> e.actor_user_id)",
    ),
    (
        "a connected call moved every new lead on to connect",
        "SELECT count(*) FROM leads l WHERE l.entry_stage = 0 AND l.max_stage = 0 \
         AND EXISTS (SELECT 1 FROM calls c WHERE c.lead_id = l.id AND c.outcome = 'connected')",
    ),
    (
        "stage changes by hand are advances and skips forward, one reach per stage passed",
        "SELECT count(*) FROM stage_events e WHERE e.kind IN ('advance', 'skip') AND \
         (e.to_stage <= e.from_stage OR (e.kind = 'advance') <> (e.to_stage = e.from_stage + 1) \
          OR (SELECT count(*) FROM stage_reaches r WHERE r.lead_id = e.lead_id AND r.stage > e.from_stage \
              AND r.stage <= e.to_stage AND r.reached_at = e.created_at) <> e.to_stage - e.from_stage)",
    ),
    (
        "calls went in in the order they started, as the app stores them",
        "SELECT count(*) FROM (SELECT started_at < lag(started_at) OVER (ORDER BY ctid) AS earlier FROM calls) c WHERE earlier",
    ),
    (
        "a call is flagged do-not-call only on a lead that asked not to be called",
        "SELECT count(*) FROM calls c JOIN leads l ON l.id = c.lead_id WHERE c.do_not_call AND NOT l.do_not_call",
    ),
    (
        "a bad phone is one a dead-number call found",
        "SELECT count(*) FROM leads l WHERE l.phone_bad <> EXISTS \
         (SELECT 1 FROM calls c WHERE c.lead_id = l.id AND c.outcome IN ('invalid_number', 'out_of_service'))",
    ),
    (
        "every lead has its search text and date, and only leads have one",
        "SELECT count(*) FROM leads l FULL JOIN lead_search s ON s.lead_id = l.id \
         WHERE l.id IS NULL OR s.lead_id IS NULL OR s.text <> lead_search_text(l.name, l.phone, l.email, l.company) \
         OR s.created_at <> l.created_at",
    ),
    (
        "every reference points at a row",
        "SELECT (SELECT count(*) FROM leads l WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = l.owner_id AND u.role = 'rep') \
                 OR NOT EXISTS (SELECT 1 FROM leads r WHERE r.id = coalesce(l.referred_by, l.id)) \
                 OR NOT EXISTS (SELECT 1 FROM lost_reasons r WHERE r.id = coalesce(l.lost_reason_id, r.id))) \
              + (SELECT count(*) FROM calls c WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.rep_id)) \
              + (SELECT count(*) FROM stage_events e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.actor_user_id)) \
              + (SELECT count(*) FROM lead_tags t WHERE NOT EXISTS (SELECT 1 FROM tags g WHERE g.id = t.tag_id)) \
              + (SELECT count(*) FROM spend s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.created_by))",
    ),
];

async fn fingerprint(db: &PgPool, table: &str) -> String {
    sqlx::query_scalar(&format!(
        "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {table} t"
    ))
    .fetch_one(db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_small_data_set_is_consistent_and_the_same_seed_loads_the_same_rows() {
    let app = spawn_app().await;
    let plan = small_plan();
    let summary = bench_data::generate(&app.db, &plan).await.unwrap();
    assert_eq!(summary.rows("leads"), 2_000);
    assert_eq!(summary.rows("calls"), 20_000);
    assert_eq!(app.count("leads").await, 2_000);
    assert_eq!(app.count("calls").await, 20_000);
    assert_eq!(
        app.count("stage_events").await,
        summary.rows("stage_events") as i64
    );
    // The test's admin, the manager and fifty reps.
    assert_eq!(app.count("users").await, 52);

    // Every kind of history is there to check.
    let (won, lost, referred, do_not_call, skips): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE status = 'won'), count(*) FILTER (WHERE status = 'lost'), \
                count(*) FILTER (WHERE referred_by IS NOT NULL), count(*) FILTER (WHERE do_not_call), \
                (SELECT count(*) FROM stage_events WHERE kind = 'skip') \
         FROM leads",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(
        won > 0 && lost > 0 && referred > 0 && do_not_call > 0 && skips > 0,
        "{won} won, {lost} lost, {referred} referred, {do_not_call} do-not-call, {skips} skips"
    );

    for (rule, sql) in RULES {
        let broken: i64 = app.scalar(sql).await;
        assert_eq!(broken, 0, "{rule}");
    }

    // The dashboard sees every lead in the cohort and every dial.
    let period = "from=2024-03-02&to=2026-03-02";
    let funnel = app
        .get_ok(&format!("/api/v1/metrics/funnel?{period}"))
        .await;
    assert_eq!(funnel["current"]["stages"][0]["reached"], 2_000);
    let calls = app.get_ok(&format!("/api/v1/metrics/calls?{period}")).await;
    assert_eq!(calls["current"]["dials"], 20_000);

    let other = spawn_app().await;
    bench_data::generate(&other.db, &plan).await.unwrap();
    for table in [
        "leads",
        "calls",
        "stage_events",
        "stage_reaches",
        "lead_tags",
        "spend",
    ] {
        assert_eq!(
            fingerprint(&app.db, table).await,
            fingerprint(&other.db, table).await,
            "{table}"
        );
    }
}

#[tokio::test]
async fn a_database_with_leads_is_refused_and_left_alone() {
    let app = spawn_app().await;
    app.lead(json!({"name": "Real Customer"})).await;
    let plan = Plan {
        leads: 10,
        calls: 50,
        ..small_plan()
    };
    let refused = bench_data::generate(&app.db, &plan)
        .await
        .expect_err("a database with leads is refused");
    assert!(
        refused.to_string().contains("already holds leads"),
        "{refused}"
    );
    assert_eq!(app.count("leads").await, 1);
    assert_eq!(app.count("users").await, 1);
}
