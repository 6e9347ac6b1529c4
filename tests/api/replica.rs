//! A read replica on loopback: a private primary cluster and a hot standby cloned from
//! it with `pg_basebackup`, streaming. Dashboard and metrics reads are served by the
//! replica; writes, and the page right after a form post, by the primary. `/healthz`
//! and `/metrics` report the replica's lag; dashboards go back to the primary when the
//! replica lags too far or is down, and the service stays healthy meanwhile.

use std::time::{Duration, Instant};

use leadline::config::DatabaseUrl;
use leadline::credentials;
use leadline::domain::user::Role;
use leadline::embedded_pg::EmbeddedPostgres;
use leadline::storage;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::helpers::{
    browser, id_of, json_of, sign_in, spawn_app_on, unique_phone, wait_for, with_database, TestApp,
};

/// The lag above which the test's app stops reading from the replica.
const MAX_LAG_SECS: u64 = 6;
const PASSWORD: &str = "replica test password";

/// This month's dials as `GET /api/v1/metrics/calls` counts them.
async fn dials(app: &TestApp) -> i64 {
    app.get_ok("/api/v1/metrics/calls").await["current"]["dials"]
        .as_i64()
        .unwrap()
}

/// The dials on the dashboard's figures table, through its CSV export.
async fn dashboard_dials(client: &reqwest::Client, app: &TestApp) -> String {
    let csv = client
        .get(app.url("/dashboard/export.csv?table=figures"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("Dials,"))
        .unwrap_or_else(|| panic!("no dials in {csv}"));
    line.split(',').nth(1).unwrap().to_owned()
}

async fn health(app: &TestApp) -> Value {
    json_of(
        app.client.get(app.url("/healthz")).send().await.unwrap(),
        StatusCode::OK,
    )
    .await
}

/// The value of one series of `/metrics`, if it is there.
async fn metric(app: &TestApp, series: &str) -> Option<f64> {
    let text = app
        .get(&app.admin_token, "/metrics")
        .await
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn dashboards_read_from_the_replica_and_writes_with_their_pages_from_the_primary() {
    let dir = crate::helpers::cluster_dir();
    let (primary_dir, standby_dir) = (dir.path().join("primary"), dir.path().join("standby"));
    let cloning = Instant::now();
    let (primary, mut standby) = tokio::task::spawn_blocking(move || {
        // A durable primary: with synchronous_commit off, the WAL writer would hold each
        // commit back from the standby for up to its 200 ms delay.
        let primary = EmbeddedPostgres::start(&primary_dir).expect("start a primary");
        let standby =
            EmbeddedPostgres::start_standby(&standby_dir, &primary).expect("start a standby");
        (primary, standby)
    })
    .await
    .unwrap();
    eprintln!(
        "primary and standby up in {:.1} s",
        cloning.elapsed().as_secs_f64()
    );
    let standby_server = standby.url("postgres");
    let app = spawn_app_on(&primary.url("postgres"), |config, name| {
        config.database_replica_url = Some(DatabaseUrl::new(with_database(&standby_server, name)));
        config.replica_max_lag_secs = MAX_LAG_SECS;
    })
    .await;
    let database = app.database_url.rsplit('/').next().unwrap().to_owned();
    // The database was just made on the primary: the standby has it once it has replayed that.
    let replica_url = with_database(&standby_server, &database);
    wait_for(
        "the test database to reach the replica",
        Duration::from_secs(30),
        || async { PgPool::connect(&replica_url).await.is_ok() },
    )
    .await;
    let replica = PgPool::connect(&replica_url)
        .await
        .expect("the test database reaches the replica");

    let usable_after = wait_for(
        "the replica to be usable",
        Duration::from_secs(30),
        || async { health(&app).await["replica"]["status"] == "ok" },
    )
    .await;
    eprintln!(
        "replica usable {} ms after the app started",
        usable_after.as_millis()
    );

    let hash = credentials::hash_password(PASSWORD).unwrap();
    storage::users::create(
        &app.db,
        "manager@example.com",
        "Mara Manager",
        Role::Manager,
        &hash,
    )
    .await
    .unwrap();
    let manager = browser();
    let csrf = sign_in(&manager, &app.address, "manager@example.com", PASSWORD).await;

    // Writes go to the primary; the replica's dashboard shows them once it has replayed them.
    let mut leads = Vec::new();
    for n in 0..3 {
        let lead = app.simple_lead(&format!("Replica Lead {n}")).await;
        let call = json!({"lead_id": lead["id"], "outcome": "connected", "intent": "clear", "talk_seconds": 90});
        assert_eq!(
            app.log_call(&app.admin_token, call).await.status(),
            StatusCode::CREATED
        );
        leads.push(id_of(&lead));
    }
    let catch_up = wait_for(
        "the replica's dashboard to count 3 dials",
        Duration::from_secs(10),
        || async { dials(&app).await == 3 },
    )
    .await;
    eprintln!(
        "writes visible on the replica's dashboard after {} ms",
        catch_up.as_millis()
    );
    assert_eq!(dashboard_dials(&manager, &app).await, "3");
    let replica_reads = metric(&app, "leadline_dashboard_reads_total{database=\"replica\"}")
        .await
        .unwrap();
    assert!(replica_reads > 0.0, "dashboard reads went to the replica");
    assert_eq!(
        metric(&app, "leadline_dashboard_reads_total{database=\"primary\"}").await,
        Some(0.0)
    );
    assert!(metric(&app, "leadline_replica_lag_seconds").await.is_some());
    assert_eq!(metric(&app, "leadline_replica_up").await, Some(1.0));

    // How long a write takes to reach the replica, lead by lead.
    let mut delays = Vec::new();
    for n in 0..20 {
        let lead = app.simple_lead(&format!("Timed Lead {n}")).await;
        let written = Instant::now();
        wait_for(
            "the lead on the replica",
            Duration::from_secs(10),
            || async {
                sqlx::query_scalar::<_, bool>(
                    "SELECT EXISTS (SELECT 1 FROM leads WHERE id = $1::uuid)",
                )
                .bind(lead["id"].as_str().unwrap())
                .fetch_one(&replica)
                .await
                .unwrap()
            },
        )
        .await;
        delays.push(written.elapsed());
    }
    delays.sort();
    eprintln!(
        "a write reached the replica in {} ms (median of 20), {} ms at most",
        delays[10].as_micros() as f64 / 1000.0,
        delays[19].as_micros() as f64 / 1000.0
    );

    // Pause replay on the standby: the primary moves on, the replica stays where it was.
    sqlx::query("SELECT pg_wal_replay_pause()")
        .execute(&replica)
        .await
        .unwrap();
    wait_for("replay to pause", Duration::from_secs(10), || async {
        sqlx::query_scalar::<_, String>("SELECT pg_get_wal_replay_pause_state()")
            .fetch_one(&replica)
            .await
            .unwrap()
            == "paused"
    })
    .await;
    let paused = Instant::now();
    let created = manager
        .post(app.url("/leads/new"))
        .form(&[
            ("name", "Written While Paused"),
            ("phone", unique_phone().as_str()),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    // The page right after the form post reads the primary: the new lead is there.
    let page = manager.get(app.url(&location)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Written While Paused"));
    let call = json!({"lead_id": leads[0], "outcome": "no_answer", "ring_seconds": 30});
    assert_eq!(
        app.log_call(&app.admin_token, call).await.status(),
        StatusCode::CREATED
    );
    // The dashboard still shows the replica's figures, behind the primary's.
    assert_eq!(dials(&app).await, 3);
    assert_eq!(dashboard_dials(&manager, &app).await, "3");
    let on_replica: i64 =
        sqlx::query_scalar("SELECT count(*) FROM leads WHERE name = 'Written While Paused'")
            .fetch_one(&replica)
            .await
            .unwrap();
    assert_eq!(on_replica, 0, "the standby has not replayed the new lead");
    let behind = health(&app).await;
    assert_eq!(behind["status"], "ok", "{behind}");
    assert!(
        paused.elapsed() < Duration::from_secs(MAX_LAG_SECS),
        "the checks above ran while the lag was under the limit"
    );

    // Lagging past the limit: the node is degraded but healthy, and dashboards read the primary.
    wait_for(
        "the replica to lag past the limit",
        Duration::from_secs(20),
        || async { health(&app).await["replica"]["status"] == "lagging" },
    )
    .await;
    let lagging = health(&app).await;
    assert_eq!(lagging["status"], "degraded", "{lagging}");
    let lag_seen = lagging["replica"]["lag_seconds"].as_f64().unwrap();
    assert!(lag_seen > MAX_LAG_SECS as f64, "{lagging}");
    eprintln!(
        "paused for {:.1} s: /healthz reports a lag of {lag_seen:.1} s",
        paused.elapsed().as_secs_f64()
    );
    assert!(metric(&app, "leadline_replica_lag_seconds").await.unwrap() > MAX_LAG_SECS as f64);
    assert_eq!(metric(&app, "leadline_replica_usable").await, Some(0.0));
    assert_eq!(dials(&app).await, 4, "read from the primary");
    assert_eq!(dashboard_dials(&manager, &app).await, "4");
    assert!(
        metric(&app, "leadline_dashboard_reads_total{database=\"primary\"}")
            .await
            .unwrap()
            > 0.0
    );

    // Resume: the replica catches up and serves the dashboard again, with the same figures.
    sqlx::query("SELECT pg_wal_replay_resume()")
        .execute(&replica)
        .await
        .unwrap();
    let resumed = wait_for(
        "the replica to catch up",
        Duration::from_secs(10),
        || async {
            let h = health(&app).await;
            h["replica"]["status"] == "ok" && h["replica"]["lag_seconds"] == 0.0
        },
    )
    .await;
    eprintln!("caught up {} ms after replay resumed", resumed.as_millis());
    let before = metric(&app, "leadline_dashboard_reads_total{database=\"replica\"}")
        .await
        .unwrap();
    assert_eq!(dials(&app).await, 4);
    assert_eq!(dashboard_dials(&manager, &app).await, "4");
    let after = metric(&app, "leadline_dashboard_reads_total{database=\"replica\"}")
        .await
        .unwrap();
    assert!(after > before, "the replica serves the dashboard again");

    // The replica goes away: writes and dashboards carry on from the primary.
    replica.close().await;
    tokio::task::spawn_blocking(move || standby.stop())
        .await
        .unwrap();
    let down = health(&app).await;
    assert_eq!(down["status"], "degraded", "{down}");
    assert_eq!(down["replica"]["status"], "unreachable", "{down}");
    assert_eq!(down["database"], "ok", "{down}");
    assert_eq!(dials(&app).await, 4);
    assert_eq!(dashboard_dials(&manager, &app).await, "4");
    assert_eq!(metric(&app, "leadline_replica_up").await, Some(0.0));
    let lead = app.simple_lead("Written Without A Replica").await;
    let call = json!({"lead_id": lead["id"], "outcome": "busy"});
    assert_eq!(
        app.log_call(&app.admin_token, call).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(dials(&app).await, 5);
    drop(primary);
}
