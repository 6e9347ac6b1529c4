//! A crash under load: dialers log calls with idempotency keys while the serving process
//! is killed with SIGKILL and started again. Every call acknowledged with a 2xx is stored
//! exactly once, every retried call lands once, and no lead disagrees with its events.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::bench_data::RULES;
use crate::helpers::{id_of, spawn_app, TestApp};

/// `leadline serve` as its own process on the test's database.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub async fn start(app: &TestApp) -> Server {
        Self::start_with(app, &[]).await
    }

    /// Started with these settings added to its environment, on a port of its own choosing
    /// (port 0), read back from the line it logs when it listens: no other process can take
    /// the port between a test choosing it and the server binding it.
    pub async fn start_with(app: &TestApp, settings: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_leadline"))
            .arg("serve")
            .env("DATABASE_URL", &app.database_url)
            .env("LEADLINE_ADDR", "127.0.0.1:0")
            .env("LEADLINE_LOG", "warn,leadline::startup=info")
            .env("NO_COLOR", "1")
            .envs(settings.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start leadline serve");
        let stderr = child.stderr.take().expect("the server's stderr");
        let (address_tx, address_rx) = tokio::sync::oneshot::channel();
        // Read the address, then keep draining the log so the server never blocks on it.
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut address_tx = Some(address_tx);
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                let listening = line
                    .contains("Leadline is listening")
                    .then(|| line.split("address=").nth(1))
                    .flatten()
                    .and_then(|rest| rest.split_whitespace().next())
                    .map(str::to_owned);
                if let Some(address) = listening {
                    if let Some(tx) = address_tx.take() {
                        let _ = tx.send(address);
                    }
                }
            }
        });
        let address = tokio::time::timeout(Duration::from_secs(60), address_rx)
            .await
            .expect("the server did not start listening")
            .expect("the server stopped before it listened");
        let base = format!("http://{address}");
        let server = Server { child, base };
        let started = Instant::now();
        loop {
            let health = reqwest::get(format!("{}/healthz", server.base)).await;
            if health.is_ok_and(|r| r.status() == StatusCode::OK) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    /// SIGKILL: no graceful shutdown, requests in flight are cut off.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free now, for a program that cannot be told to take port 0 and say which it got
/// (nginx): another process could take it before that program binds it, which a test of
/// Leadline's own server avoids with `Server::start`.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

const CLIENTS: usize = 8;
const CALLS_PER_CLIENT: usize = 40;

#[tokio::test]
async fn calls_acknowledged_around_a_kill_9_are_stored_exactly_once() {
    let app = spawn_app().await;
    let mut leads = Vec::new();
    for n in 0..24 {
        leads.push(id_of(&app.simple_lead(&format!("Crash Lead {n}")).await));
    }
    let server = Server::start(&app).await;
    // Where the dialers send: each restart listens on a port of its own.
    let base = Arc::new(std::sync::RwLock::new(server.base.clone()));

    // Each dialer retries a call with the same key until it gets a 2xx, as a dialer should,
    // and goes on dialling (at least CALLS_PER_CLIENT calls) until the crashes are over, so
    // that they cut requests off however fast calls are logged.
    let crashing = Arc::new(AtomicBool::new(true));
    let mut dialers = Vec::new();
    for client in 0..CLIENTS {
        let (base, token, leads) = (base.clone(), app.admin_token.clone(), leads.clone());
        let crashing = crashing.clone();
        dialers.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut acknowledged = Vec::new();
            let mut retries = 0;
            let mut n = 0;
            while n < CALLS_PER_CLIENT || crashing.load(Ordering::SeqCst) {
                let key = format!("crash-{client}-{n}");
                let body = match n % 4 {
                    0 => json!({"lead_id": leads[(client * 7 + n) % leads.len()], "outcome": "connected", "intent": "clear", "talk_seconds": 60}),
                    1 => json!({"lead_id": leads[(client * 7 + n) % leads.len()], "outcome": "no_answer", "ring_seconds": 20}),
                    2 => json!({"lead_id": leads[(client * 7 + n) % leads.len()], "outcome": "connected", "intent": "unclear", "talk_seconds": 30}),
                    _ => json!({"lead_id": leads[(client * 7 + n) % leads.len()], "outcome": "busy"}),
                };
                let started = Instant::now();
                loop {
                    let sent = http
                        .post(format!("{}/api/v1/calls", base.read().unwrap()))
                        .bearer_auth(&token)
                        .header("Idempotency-Key", &key)
                        .json(&body)
                        .send()
                        .await;
                    match sent {
                        Ok(response) if response.status().is_success() => {
                            let answer: serde_json::Value = response.json().await.unwrap();
                            acknowledged.push((key, answer["call"]["id"].as_str().unwrap().to_owned()));
                            break;
                        }
                        // Cut off, not up yet, or racing another writer on the lead: try again.
                        Ok(response)
                            if response.status().is_server_error()
                                || response.status() == StatusCode::CONFLICT => {}
                        Ok(response) => panic!("{key}: {}", response.status()),
                        Err(_) => {}
                    }
                    retries += 1;
                    assert!(started.elapsed() < Duration::from_secs(90), "{key} never landed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                n += 1;
            }
            (acknowledged, retries)
        }));
    }

    // Two crashes while the dialers work, each once the server has stored calls since it started.
    let mut server = server;
    for _ in 0..2 {
        let stored_before = app.count("calls").await;
        let deadline = Instant::now() + Duration::from_secs(60);
        while app.count("calls").await < stored_before + 20 {
            assert!(Instant::now() < deadline, "no calls were stored");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        server.kill();
        server = Server::start(&app).await;
        *base.write().unwrap() = server.base.clone();
    }
    crashing.store(false, Ordering::SeqCst);

    let mut acknowledged = HashMap::new();
    let mut retries = 0;
    for dialer in dialers {
        let (calls, tried_again) = dialer.await.unwrap();
        retries += tried_again;
        for (key, id) in calls {
            assert!(acknowledged.insert(key, id).is_none());
        }
    }
    drop(server);
    assert!(retries > 0, "the crashes cut some requests off");

    let expected = acknowledged.len();
    assert!(
        expected >= CLIENTS * CALLS_PER_CLIENT,
        "every dialer logged its calls"
    );
    let ids: Vec<uuid::Uuid> = acknowledged
        .values()
        .map(|id| id.parse().unwrap())
        .collect();
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM calls WHERE id = ANY($1)")
        .bind(&ids)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        stored as usize, expected,
        "every acknowledged call is stored"
    );
    assert_eq!(
        app.count("calls").await as usize,
        expected,
        "and nothing twice"
    );
    // The storage rules the benchmark data obeys, but for two about how that data set
    // was loaded (calls in start order, every owner a rep): here an admin's dialers race.
    let loaded_only = [
        "calls went in in the order they started, as the app stores them",
        "every reference points at a row",
    ];
    for (rule, query) in RULES.iter().filter(|(rule, _)| !loaded_only.contains(rule)) {
        let broken: i64 = app.scalar(query).await;
        assert_eq!(broken, 0, "{rule}");
    }
    println!(
        "crash: {expected} calls acknowledged, {stored} stored, {retries} retries across 2 kill -9s"
    );
}
