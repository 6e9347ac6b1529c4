//! Losing the database under load: while PostgreSQL restarts, the app answers 503
//! problem+json with Retry-After (never a 500, never a hang), `/healthz` says so, and
//! it recovers by itself when the database is back. Nothing acknowledged is lost.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use leadline::config::Config;
use leadline::domain::user::Role;
use leadline::embedded_pg::EmbeddedPostgres;
use leadline::startup;
use leadline::state::AppState;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{private_cluster, unique_phone, user_with_token};

/// What one request during the run got back.
struct Answer {
    status: StatusCode,
    took: Duration,
    retry_after: bool,
    problem_json: bool,
    created: Option<String>,
}

async fn request(client: &reqwest::Client, base: &str, token: &str, write: bool) -> Option<Answer> {
    let started = Instant::now();
    let request = if write {
        client
            .post(format!("{base}/api/v1/leads"))
            .json(&json!({"name": "Restart Lead", "phone": unique_phone()}))
    } else {
        client.get(format!("{base}/api/v1/leads?limit=5"))
    };
    let response = request.bearer_auth(token).send().await.ok()?;
    let status = response.status();
    let retry_after = response.headers().contains_key("retry-after");
    let problem_json = response
        .headers()
        .get("content-type")
        .is_some_and(|v| v == "application/problem+json");
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    Some(Answer {
        status,
        took: started.elapsed(),
        retry_after,
        problem_json,
        created: (status == StatusCode::CREATED).then(|| body["id"].as_str().unwrap().to_owned()),
    })
}

/// Wait until the clients have been answered `more` times more than now.
async fn answered_more(answers: &Mutex<Vec<Answer>>, more: usize) {
    let target = answers.lock().unwrap().len() + more;
    let deadline = Instant::now() + Duration::from_secs(60);
    while answers.lock().unwrap().len() < target {
        assert!(Instant::now() < deadline, "the clients were not answered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_app_answers_503_while_the_database_restarts_and_recovers_by_itself() {
    let (dir, cluster) = private_cluster(EmbeddedPostgres::start_throwaway).await;
    let port = cluster.port();
    let config = Config::for_database(&cluster.url("postgres"));
    let database = startup::connect(&config, false).await.unwrap();
    startup::migrate(&database.pool).await.unwrap();
    let (_, token) = user_with_token(
        &database.pool,
        "ops@example.com",
        "Ops",
        Role::Admin,
        "x",
        "restart",
    )
    .await;
    let pool = database.pool.clone();
    let listener = startup::bind(&config).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = startup::app(AppState::new(pool.clone(), config));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    // Four clients write and read without pause for the whole run.
    let answers = Arc::new(Mutex::new(Vec::new()));
    let running = Arc::new(AtomicBool::new(true));
    let mut clients = Vec::new();
    for n in 0..4 {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        let (answers, running) = (answers.clone(), running.clone());
        clients.push(tokio::spawn(async move {
            let mut i = 0;
            while running.load(Ordering::Relaxed) {
                if let Some(answer) = request(&client, &base, &token, (n + i) % 2 == 0).await {
                    answers.lock().unwrap().push(answer);
                }
                i += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    // Until the clients have been answered a few times with the database up.
    answered_more(&answers, 10).await;

    // The database goes away.
    let mut cluster = cluster;
    tokio::task::spawn_blocking(move || {
        cluster.stop();
        drop(cluster);
    })
    .await
    .unwrap();
    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(health.headers().contains_key("retry-after"));
    let down = request(&client, &base, &token, true).await.unwrap();
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.retry_after && down.problem_json);
    // Until the clients have been answered a few times with it down.
    answered_more(&answers, 10).await;

    // It comes back where it was; the app finds it without being told.
    let data_dir = dir.path().to_owned();
    let back = Instant::now();
    let cluster =
        tokio::task::spawn_blocking(move || EmbeddedPostgres::restart_throwaway(&data_dir, port))
            .await
            .unwrap()
            .expect("restart the private PostgreSQL");
    let recovered = loop {
        let health = client.get(format!("{base}/healthz")).send().await.unwrap();
        let write = request(&client, &base, &token, true).await.unwrap();
        if health.status() == StatusCode::OK && write.status == StatusCode::CREATED {
            break back.elapsed();
        }
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "no recovery within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Until the clients have been answered a few times since it came back.
    answered_more(&answers, 10).await;
    running.store(false, Ordering::Relaxed);
    for client in clients {
        client.await.unwrap();
    }

    let answers = std::mem::take(&mut *answers.lock().unwrap());
    let unavailable = answers
        .iter()
        .filter(|a| a.status == StatusCode::SERVICE_UNAVAILABLE)
        .count();
    for answer in &answers {
        assert!(
            answer.status.is_success() || answer.status == StatusCode::SERVICE_UNAVAILABLE,
            "only successes and 503s while the database restarts, got {}",
            answer.status
        );
        if answer.status == StatusCode::SERVICE_UNAVAILABLE {
            assert!(answer.retry_after && answer.problem_json);
        }
        assert!(
            answer.took < Duration::from_secs(10),
            "a request hung for {:?}",
            answer.took
        );
    }
    assert!(unavailable > 0, "the clients saw the database go away");
    // Every lead whose creation was acknowledged is there.
    let created: Vec<uuid::Uuid> = answers
        .iter()
        .filter_map(|a| a.created.as_deref())
        .map(|id| id.parse().unwrap())
        .collect();
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM leads WHERE id = ANY($1)")
        .bind(&created)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, created.len() as i64);
    println!(
        "database restart: {} requests, {unavailable} answered 503, {} leads acknowledged and stored; \
         recovered {:.1} s after the database was back",
        answers.len(),
        created.len(),
        recovered.as_secs_f64()
    );
    pool.close().await;
    drop(cluster);
}
