//! The embedded cluster supervised: when its postmaster is killed (kill -9, as the OOM
//! killer would), Leadline starts it again on the same port and data. Meanwhile requests
//! are answered 503 problem+json at once and `/healthz` says the database is restarting;
//! afterwards the app serves again by itself and `/metrics` counts the restart.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use leadline::config::Config;
use leadline::domain::user::Role;
use leadline::embedded_pg::EmbeddedPostgres;
use leadline::startup;
use leadline::state::AppState;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{private_cluster, user_with_token, wait_for, with_database};

/// The value of one series of a `/metrics` text, if it is there.
fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn a_killed_embedded_cluster_is_restarted_and_requests_are_refused_at_once_meanwhile() {
    leadline::telemetry::init_for_tests("warn,leadline=info");
    // Durable, as `leadline serve` runs it: a throwaway cluster's last commits (the
    // token) may not survive a kill -9.
    let (_dir, cluster) = private_cluster(EmbeddedPostgres::start).await;
    let server_url = cluster.url("postgres");
    startup::create_database_if_missing(&server_url, "supervised")
        .await
        .unwrap();
    let config = Config::for_database(&with_database(&server_url, "supervised"));
    let pool = startup::connect(&config, false).await.unwrap().pool;
    startup::migrate(&pool).await.unwrap();
    let (_, token) = user_with_token(
        &pool,
        "ops@example.com",
        "Ops",
        Role::Admin,
        "x",
        "supervision",
    )
    .await;
    let health = cluster.health();
    let state = AppState::new(pool.clone(), config.clone()).with_cluster_health(health.clone());
    let listener = startup::bind(&config).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = startup::app(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{base}{path}"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(
        get("/api/v1/leads?limit=5").await.unwrap().status(),
        StatusCode::OK
    );

    let killed = cluster.pid().expect("a running postmaster");
    let postmaster = libc::pid_t::try_from(killed).unwrap();
    // SAFETY: kill has no memory-safety preconditions; the pid is the cluster's postmaster.
    assert_eq!(unsafe { libc::kill(postmaster, libc::SIGKILL) }, 0);
    wait_for(
        "the supervisor to see it die",
        Duration::from_secs(60),
        || {
            let up = health.is_up();
            async move { !up }
        },
    )
    .await;
    // Hold the port, so that restarts fail (as they do while dying backends hold the
    // shared memory) and the outage lasts until the checks below are done.
    let port_holder = TcpListener::bind(("127.0.0.1", cluster.port()))
        .expect("the dead postmaster's port is free");

    wait_for("a 503 problem+json", Duration::from_secs(60), || async {
        let response = get("/api/v1/leads?limit=5").await.unwrap();
        let headers = response.headers();
        response.status() == StatusCode::SERVICE_UNAVAILABLE
            && headers.contains_key("retry-after")
            && headers
                .get("content-type")
                .is_some_and(|v| v == "application/problem+json")
    })
    .await;
    wait_for(
        "/healthz to say degraded",
        Duration::from_secs(60),
        || async {
            let response = get("/healthz").await.unwrap();
            let status = response.status();
            let body: Value = response.json().await.unwrap_or_default();
            status == StatusCode::SERVICE_UNAVAILABLE
                && body["status"] == "degraded"
                && body["database"] == "restarting"
        },
    )
    .await;
    drop(port_holder);

    wait_for(
        "the restarted cluster to serve a read",
        Duration::from_secs(180),
        || async { get("/api/v1/leads?limit=5").await.unwrap().status() == StatusCode::OK },
    )
    .await;
    assert_ne!(cluster.pid(), Some(killed));
    let health_body: Value = get("/healthz").await.unwrap().json().await.unwrap();
    assert_eq!(health_body["status"], "ok", "{health_body}");
    let metrics = get("/metrics").await.unwrap().text().await.unwrap();
    assert_eq!(
        metric(&metrics, "leadline_database_restarts_total"),
        Some(1.0),
        "{metrics}"
    );
    assert_eq!(
        metric(&metrics, "leadline_database_up"),
        Some(1.0),
        "{metrics}"
    );

    pool.close().await;
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}
