//! SPEC section 4 through the API, on data whose answers are worked out here.

use futures::future::join_all;
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, json_of, spawn_app, TestApp};

const OCTOBER: &str = "from=2026-10-01&to=2026-11-01";

/// The figures `which` for `query`, as the holder of `token` sees them.
async fn metrics_as(app: &TestApp, token: &str, which: &str, query: &str) -> Value {
    json_of(
        app.get(token, &format!("/api/v1/metrics/{which}?{query}"))
            .await,
        StatusCode::OK,
    )
    .await
}

/// The figures `which` for `query`, as the admin sees them.
async fn metrics(app: &TestApp, which: &str, query: &str) -> Value {
    metrics_as(app, &app.admin_token, which, query).await
}

async fn spend(app: &TestApp, date: &str, amount: i64, category: &str, channel: Option<&str>) {
    let body = json!({"date": date, "amount": amount, "category": category, "channel": channel});
    app.post_expecting("/api/v1/spend", body, StatusCode::CREATED)
        .await;
}

/// Create leads concurrently, in chunks, returning them in order.
async fn leads(app: &TestApp, bodies: Vec<Value>) -> Vec<Value> {
    let mut created = Vec::with_capacity(bodies.len());
    for chunk in bodies.chunks(25) {
        created.extend(join_all(chunk.iter().map(|b| app.lead(b.clone()))).await);
    }
    created
}

fn stage<'a>(funnel: &'a Value, name: &str) -> &'a Value {
    funnel["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == name)
        .unwrap()
}

#[tokio::test]
async fn the_specs_worked_example() {
    let app = spawn_app().await;
    let reps = [
        app.user("Rep One", Role::Rep).await,
        app.user("Rep Two", Role::Rep).await,
        app.user("Rep Three", Role::Rep).await,
    ];
    // 600 leads created in October: 74 won, 421 more interested, 105 never got further.
    let mut bodies = Vec::new();
    for i in 0..600 {
        let created_at = format!("2026-10-{:02}T10:00:00Z", 1 + i % 30);
        let body = match i {
            0..74 => {
                json!({"name": format!("Won {i}"), "stage": "decide", "deal_value": 100_000, "created_at": created_at})
            }
            74..495 => {
                json!({"name": format!("Interested {i}"), "stage": "interest", "created_at": created_at})
            }
            _ => json!({"name": format!("Cold {i}"), "created_at": created_at}),
        };
        bodies.push(body);
    }
    let created = leads(&app, bodies).await;
    // 3 reps x 150 dials x 22 working days = 9,900 dials, sent by a dialer in batches.
    let mut calls = Vec::new();
    for i in 0..9_900 {
        let lead = &created[i % created.len()];
        let rep = &reps[i % 3];
        let day = 1 + (i / 450) % 30;
        calls.push(
            json!({"lead_id": lead["id"], "rep_id": rep.id, "outcome": "no_answer",
                          "started_at": format!("2026-10-{day:02}T09:00:00Z")}),
        );
    }
    for batch in calls.chunks(1000) {
        let answer = app
            .post_expecting(
                "/api/v1/calls/batch",
                json!({"calls": batch}),
                StatusCode::CREATED,
            )
            .await;
        assert_eq!(answer["count"], batch.len());
    }
    // Salaries 3 x 20,000.00 and telephony 3 x 4,000.00 = 72,000.00.
    for _ in 0..3 {
        spend(&app, "2026-10-31", 2_000_000, "salaries", None).await;
        spend(&app, "2026-10-31", 400_000, "telephony", None).await;
    }

    let cost = metrics(&app, "cost", OCTOBER).await;
    let current = &cost["current"];
    assert_eq!(current["spend"], 7_200_000);
    assert_eq!(current["cost_per_call"], 727);
    let interest = current["cost_per_stage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "interest")
        .unwrap();
    assert_eq!(interest["cost"], 14_545);
    assert_eq!(current["cost_per_deal"], 97_297);
    assert_eq!(current["cost_per_lead"], 12_000);
    assert_eq!(current["revenue"], 7_400_000);
    // September had nothing: no data, not zero.
    assert_eq!(cost["previous"]["cost_per_call"], Value::Null);
    assert_eq!(cost["previous"]["roi"], Value::Null);

    let reps_report = metrics(&app, "reps", OCTOBER).await;
    assert_eq!(reps_report["current"]["working_days"], 22);
    for rep in reps_report["current"]["reps"].as_array().unwrap() {
        assert_eq!(rep["dials"], 3_300);
        assert_eq!(rep["dials_per_day"], 150.0);
        assert_eq!(rep["effectiveness"], 0.0);
        assert_eq!(rep["flags"], json!(["low_effectiveness"]));
    }
}

#[tokio::test]
async fn funnel_counts_skips_as_passing_and_regressions_do_not_lower_reach() {
    let app = spawn_app().await;
    let at = "2026-10-10T10:00:00Z";
    let a = app.lead(json!({"name": "Skipper", "created_at": at})).await;
    let b = app
        .lead(json!({"name": "Regressor", "created_at": at}))
        .await;
    let c = app.lead(json!({"name": "Loser", "created_at": at})).await;
    app.lead(json!({"name": "Idle", "created_at": at})).await;
    // Created in September: not in October's cohort.
    app.lead(json!({"name": "Older", "created_at": "2026-09-20T10:00:00Z"}))
        .await;

    app.moved(&id_of(&a), json!({"to": "evaluate"})).await;
    app.moved(&id_of(&b), json!({"to": "need"})).await;
    app.moved(&id_of(&b), json!({"to": "connect", "reason": "went quiet"}))
        .await;
    app.moved(&id_of(&c), json!({"to": "interest"})).await;
    let lost = format!("/api/v1/leads/{}/lost", id_of(&c));
    app.post_expecting(&lost, json!({"reason": "No budget"}), StatusCode::OK)
        .await;

    let funnel = metrics(&app, "funnel", OCTOBER).await;
    let current = &funnel["current"];
    assert_eq!(current["view"], "cohort");
    let reached: Vec<i64> = current["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reached"].as_i64().unwrap())
        .collect();
    // new 4; connect a,b,c; interest a,b,c; need a,b; evaluate a.
    assert_eq!(reached, [4, 3, 3, 2, 1, 0, 0]);
    assert_eq!(stage(current, "new")["step_conversion"], Value::Null);
    assert_eq!(stage(current, "connect")["step_conversion"], 0.75);
    assert_eq!(stage(current, "need")["overall_conversion"], 0.5);
    assert_eq!(
        stage(current, "decide")["step_conversion"],
        0.0,
        "0 of 1 evaluating decided"
    );
    assert_eq!(
        stage(current, "referral")["step_conversion"],
        Value::Null,
        "0 / 0 is no data"
    );
    assert_eq!(stage(current, "interest")["lost"], 1);
    assert_eq!(
        stage(current, "interest")["lost_reasons"],
        json!([{"reason": "No budget", "leads": 1}])
    );
    assert_eq!(stage(current, "connect")["lost"], 0);

    // September's cohort is the one older lead.
    let previous = &funnel["previous"];
    // October has 31 days, so the period before it is the 31 days before it.
    assert_eq!(previous["period"]["from"], "2026-08-31T00:00:00Z");
    assert_eq!(stage(previous, "new")["reached"], 1);
    assert_eq!(stage(previous, "connect")["reached"], 0);

    // The activity view counts first reaches inside the period: the moves happened today, not in October.
    let activity = metrics(&app, "funnel", &format!("{OCTOBER}&view=activity")).await;
    assert_eq!(stage(&activity["current"], "new")["reached"], 4);
    assert_eq!(stage(&activity["current"], "connect")["reached"], 0);
    let today = metrics(&app, "funnel", "view=activity").await;
    assert_eq!(stage(&today["current"], "connect")["reached"], 3);
    assert_eq!(stage(&today["current"], "need")["reached"], 2);
    assert_eq!(stage(&today["current"], "interest")["lost"], 1);
}

#[tokio::test]
async fn channel_filters_restrict_leads_and_spend_and_unchannelled_spend_counts_only_in_totals() {
    let app = spawn_app().await;
    let at = "2026-10-05T10:00:00Z";
    leads(
        &app,
        vec![
            json!({"name": "W1", "source": "web", "created_at": at}),
            json!({"name": "W2", "source": "web", "created_at": at}),
            json!({"name": "A1", "source": "ads", "created_at": at}),
            json!({"name": "N1", "created_at": at}),
        ],
    )
    .await;
    spend(&app, "2026-10-05", 10_000, "advertising", Some("web")).await;
    spend(&app, "2026-10-06", 30_000, "advertising", Some("ads")).await;
    spend(&app, "2026-10-07", 60_000, "salaries", None).await;

    let all = metrics(&app, "cost", OCTOBER).await;
    assert_eq!(all["current"]["spend"], 100_000);
    assert_eq!(all["current"]["cost_per_lead"], 25_000);
    let by_channel = all["current"]["cost_per_lead_by_channel"]
        .as_array()
        .unwrap();
    assert_eq!(
        by_channel,
        &vec![
            json!({"channel": "ads", "spend": 30_000, "leads": 1, "cost_per_lead": 30_000}),
            json!({"channel": "web", "spend": 10_000, "leads": 2, "cost_per_lead": 5_000}),
        ]
    );

    let web = metrics(&app, "cost", &format!("{OCTOBER}&channel=web")).await;
    assert_eq!(
        web["current"]["spend"], 10_000,
        "salaries without a channel are not web's"
    );
    assert_eq!(web["current"]["cost_per_lead"], 5_000);
    let web_funnel = metrics(&app, "funnel", &format!("{OCTOBER}&channel=web")).await;
    assert_eq!(stage(&web_funnel["current"], "new")["reached"], 2);
}

#[tokio::test]
async fn call_figures_follow_their_definitions() {
    let app = spawn_app().await;
    let rep = app.user("Caller Rep", Role::Rep).await;
    let lead = app.simple_lead("Callee").await;
    let dnc = app.lead(json!({"name": "DNC", "do_not_call": true})).await;
    let at = |d: u32| format!("2026-10-{d:02}T09:00:00Z");
    let calls = vec![
        json!({"lead_id": lead["id"], "outcome": "connected", "intent": "clear", "talk_seconds": 300, "ring_seconds": 10, "started_at": at(5)}),
        json!({"lead_id": lead["id"], "outcome": "connected", "intent": "none", "talk_seconds": 100, "started_at": at(5)}),
        json!({"lead_id": lead["id"], "outcome": "no_answer", "ring_seconds": 25, "started_at": at(6)}),
        json!({"lead_id": lead["id"], "outcome": "busy", "started_at": at(6)}),
        json!({"lead_id": dnc["id"], "outcome": "rejected", "started_at": at(7)}),
        // September: the previous period.
        json!({"lead_id": lead["id"], "outcome": "no_answer", "started_at": "2026-09-15T09:00:00Z"}),
    ];
    for call in calls {
        app.logged_call(&rep.token, call).await;
    }
    let figures = metrics(&app, "calls", OCTOBER).await;
    let c = &figures["current"];
    assert_eq!(c["dials"], 5);
    assert_eq!(c["connected"], 2);
    assert_eq!(c["connect_rate"], 0.4);
    assert_eq!(c["intent"]["clear"], 1);
    assert_eq!(c["intent"]["none"], 1);
    assert_eq!(c["intent"]["clear_rate"], 0.5);
    assert_eq!(c["talk_seconds"], 400);
    assert_eq!(c["mean_talk_seconds"], 200.0);
    // 25 s logged, plus 40 s each for the busy and rejected calls logged without ring time.
    assert_eq!(c["unanswered_seconds"], 105);
    assert_eq!(c["do_not_call_calls"], 1);
    assert_eq!(figures["previous"]["dials"], 1);
    assert_eq!(figures["previous"]["unanswered_seconds"], 40);

    // A rep sees only their own figures.
    let other = app.user("Other Rep", Role::Rep).await;
    let theirs = metrics_as(&app, &other.token, "calls", OCTOBER).await;
    assert_eq!(theirs["current"]["dials"], 0);
    assert_eq!(theirs["current"]["connect_rate"], Value::Null);
    let peek = app
        .get(
            &other.token,
            &format!("/api/v1/metrics/calls?{OCTOBER}&owner_id={}", rep.id),
        )
        .await;
    assert_eq!(peek.status(), StatusCode::FORBIDDEN);

    let reps = metrics(&app, "reps", OCTOBER).await;
    let row = reps["current"]["reps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rep_id"] == json!(rep.id))
        .unwrap()
        .clone();
    assert_eq!(row["dials"], 5);
    assert_eq!(row["effectiveness"], 0.2);
    // 5 dials over 22 working days is far below the norm; 20% effectiveness is above the usual range.
    assert_eq!(row["flags"], json!(["below_norm", "high_effectiveness"]));
}

#[tokio::test]
async fn rollup_reads_connect_without_jit_or_parallel_workers_and_raw_reads_keep_the_servers() {
    use leadline::config::{connect_options, MetricsSource};
    use sqlx::{ConnectOptions, Connection};

    async fn settings(options: sqlx::postgres::PgConnectOptions) -> (String, String) {
        let mut conn = options.connect().await.expect("connect");
        let jit: String = sqlx::query_scalar("SHOW jit")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let workers: String = sqlx::query_scalar("SHOW max_parallel_workers_per_gather")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        conn.close().await.ok();
        (jit, workers)
    }
    let url = crate::helpers::server_url();
    let server = settings(url.parse().unwrap()).await;
    assert_eq!(
        settings(connect_options(url, MetricsSource::Rollups).unwrap()).await,
        ("off".to_owned(), "0".to_owned())
    );
    assert_eq!(
        settings(connect_options(url, MetricsSource::Raw).unwrap()).await,
        server
    );
}

#[tokio::test]
async fn rollup_reads_plan_each_statement_once_and_other_reads_per_execution() {
    use leadline::config::Config;
    use leadline::state::{AppState, ReadPlans};

    let app = spawn_app().await;
    let state = AppState::new(app.db.clone(), Config::for_database(&app.database_url));
    let mode = |plans| {
        state.read(plans, |mut db| async move {
            Ok(sqlx::query_scalar::<_, String>("SHOW plan_cache_mode")
                .fetch_one(&mut *db)
                .await?)
        })
    };
    assert_eq!(
        mode(ReadPlans::Generic).await.unwrap(),
        "force_generic_plan"
    );
    assert_eq!(mode(ReadPlans::PerExecution).await.unwrap(), "auto");
    // The writes' pool keeps the server's setting.
    let primary: String = sqlx::query_scalar("SHOW plan_cache_mode")
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(primary, "auto");
}
