use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::Connection;

use crate::helpers::{json_of, spawn_app};

#[tokio::test]
async fn healthz_answers_without_a_token_and_checks_the_database() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert!(response.headers().contains_key("x-request-id"));
    let body = json_of(response, StatusCode::OK).await;
    assert_eq!(body["database"], "ok");

    app.db.close().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = spawn_app().await;
    // Served without a token: a client generator reads it by its address.
    let doc = json_of(
        app.client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/leads",
        "/api/v1/leads/{id}",
        "/api/v1/leads/{id}/transitions",
        "/api/v1/leads/{id}/lost",
        "/api/v1/leads/{id}/reopen",
        "/api/v1/leads/{id}/events",
        "/api/v1/calls",
        "/api/v1/spend",
        "/api/v1/queue/next",
        "/api/v1/metrics/funnel",
        "/api/v1/metrics/calls",
        "/api/v1/metrics/cost",
        "/api/v1/metrics/reps",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["Lead"]["properties"]["max_stage"].is_object());
    // Every operation has its own id, as generators name their functions by it.
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(!id.is_empty(), "{method} {path}: no operationId");
            assert!(ids.insert(id.to_owned()), "{method} {path}: {id} twice");
        }
    }
    assert!(
        ids.contains("createLead") && ids.contains("logCall"),
        "{ids:?}"
    );
}

#[tokio::test]
async fn the_openapi_document_gives_every_error_as_problem_json() {
    let app = spawn_app().await;
    let doc = app.get_ok("/api/v1/openapi.json").await;
    // A response given by reference, read where it is defined.
    let resolve = |response: &Value| -> Value {
        match response["$ref"].as_str() {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/responses/")
                    .expect("responses refer to components/responses");
                doc["components"]["responses"][name].clone()
            }
            None => response.clone(),
        }
    };
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let summary = operation["summary"].as_str().unwrap_or_default();
            assert!(!summary.is_empty(), "{method} {path}: no summary");
            let responses = operation["responses"].as_object().unwrap();
            for status in ["401", "403", "405", "429", "503"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path}: no {status}"
                );
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(
                        responses.contains_key(status),
                        "{method} {path}: no {status}"
                    );
                }
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path}: no 404");
            }
            for (status, response) in responses {
                // Answers with a body of their own, and 304 with none.
                if status.starts_with('2') || status == "304" {
                    continue;
                }
                let response = resolve(response);
                let content = response["content"].as_object().unwrap();
                assert_eq!(
                    content.keys().collect::<Vec<_>>(),
                    ["application/problem+json"],
                    "{method} {path} {status}"
                );
            }
            let too_many = resolve(&responses["429"]);
            assert!(
                too_many["headers"]["Retry-After"].is_object()
                    && too_many["headers"]["RateLimit-Remaining"].is_object(),
                "{method} {path}: 429 without its headers"
            );
        }
    }
}

#[tokio::test]
async fn unknown_routes_are_problem_json_404s() {
    let app = spawn_app().await;
    let response = app.get(&app.admin_token, "/api/v1/nothing-here").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status_for_admins_only() {
    let app = spawn_app().await;
    let rep = app.user("Metric Rep", Role::Rep).await;
    let id = crate::helpers::id_of(&app.simple_lead("Counted Lead").await);
    app.get_ok(&format!("/api/v1/leads/{id}")).await;
    app.get_ok(&format!("/api/v1/leads/{id}")).await;
    app.get(&app.admin_token, "/api/v1/leads/not-an-id").await;
    app.get(&app.admin_token, "/no/such/page/1").await;
    app.get(&rep.token, "/api/v1/queue/next").await;

    let anonymous = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get(&rep.token, "/metrics").await.status(),
        StatusCode::FORBIDDEN
    );
    let response = app.get(&app.admin_token, "/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    for line in [
        r#"leadline_http_requests_total{method="GET",route="/api/v1/leads/{id}",status="200"} 2"#,
        r#"leadline_http_requests_total{method="GET",route="/api/v1/leads/{id}",status="422"} 1"#,
        r#"leadline_http_requests_total{method="POST",route="/api/v1/leads",status="201"} 1"#,
        r#"leadline_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"leadline_http_requests_total{method="GET",route="/metrics",status="401"} 1"#,
        r#"leadline_http_request_duration_seconds_count{method="GET",route="/api/v1/leads/{id}"} 3"#,
        r#"leadline_http_request_duration_seconds_bucket{method="GET",route="/api/v1/leads/{id}",le="+Inf"} 3"#,
        r#"leadline_queue_requests_total{result="claimed"} 1"#,
        "leadline_db_pool_max_connections 10",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line} in\n{text}");
    }
    assert!(
        !text.contains(&id),
        "series are per route template, not per id"
    );
    assert!(text.contains(r#"leadline_db_pool_connections{state="idle"}"#));
    // Each request's wait for connections: every one counted, and some time waited
    // (taking a connection from the pool takes some, even from a full idle queue).
    let series = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in\n{text}"))
    };
    let route = r#"{method="GET",route="/api/v1/leads/{id}"}"#;
    assert_eq!(
        series(&format!(
            "leadline_http_request_pool_wait_share_count{route}"
        )),
        3.0
    );
    assert!(
        series(&format!(
            "leadline_http_request_pool_wait_seconds_total{route}"
        )) > 0.0
    );
    assert!(series("leadline_db_pool_acquire_seconds_count") >= 3.0);
    let rss: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("process_resident_memory_bytes "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(rss > 1e6, "{rss}");
}

#[tokio::test]
async fn a_database_migrated_before_the_edited_migrations_starts_and_catches_up() {
    let app = spawn_app().await;
    // As such a database was left: the checksums those four migrations had before their
    // edits, the reps table's index without its stage, and migration 0021 not yet run.
    for (version, checksum) in leadline::startup::EDITED_MIGRATIONS {
        sqlx::query("UPDATE _sqlx_migrations SET checksum = decode($2, 'hex') WHERE version = $1")
            .bind(version)
            .bind(checksum)
            .execute(&app.db)
            .await
            .unwrap();
    }
    for statement in [
        "DROP INDEX rollup_reaches_owners_idx",
        "CREATE INDEX rollup_reaches_owners_idx ON rollup_reaches (tag_id, source, months, day)",
        "DELETE FROM _sqlx_migrations WHERE version = 21",
    ] {
        app.execute(statement).await;
    }
    // sqlx itself refuses it (on a connection of its own: a refusal leaves the migration
    // lock held by the connection it ran on)...
    let mut conn = sqlx::PgConnection::connect(&app.database_url)
        .await
        .unwrap();
    let refused = sqlx::migrate!("./migrations").run(&mut conn).await;
    conn.close().await.unwrap();
    assert!(
        refused.is_err(),
        "the checksums were not those of the edits"
    );
    // ...Leadline takes it, and brings the index up to date.
    leadline::startup::migrate(&app.db).await.unwrap();
    let index: String = app
        .scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'rollup_reaches_owners_idx'")
        .await;
    assert!(
        index.contains("(tag_id, source, stage, months, day)"),
        "{index}"
    );
    // And a second start has nothing left to do.
    leadline::startup::migrate(&app.db).await.unwrap();
}

/// A request that waits for a connection another holds has that wait counted: from
/// before the holder lets go until it does, at least.
#[tokio::test]
async fn a_wait_for_a_held_connection_is_measured() {
    use std::time::{Duration, Instant};
    use tracing_subscriber::layer::SubscriberExt as _;

    let _hearing = tracing::subscriber::set_default(
        tracing_subscriber::registry().with(leadline::pool_wait::layer()),
    );
    let app = spawn_app().await;
    let pool = leadline::config::pool_options(1, Duration::from_secs(30))
        .connect(&app.database_url)
        .await
        .unwrap();
    let held = pool.acquire().await.unwrap();
    let (_, counted_before, _) = leadline::pool_wait::waited();
    let request = leadline::pool_wait::measured(async {
        let mut conn = pool.acquire().await?;
        sqlx::query_scalar::<_, i32>("SELECT 1")
            .fetch_one(&mut *conn)
            .await
    });
    let mut request = std::pin::pin!(request);
    assert!(
        futures::poll!(&mut request).is_pending(),
        "the pool's one connection is held"
    );
    let waiting_since = Instant::now();
    // Some work on another connection while the request waits.
    let done: i64 = sqlx::query_scalar("SELECT count(*) FROM generate_series(1, 100000)")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(done, 100_000);
    let released = Instant::now();
    drop(held);
    let (answer, waited) = request.await;
    assert_eq!(answer.unwrap(), 1);
    assert!(
        waited >= released - waiting_since,
        "waited {waited:?}, held {:?}",
        released - waiting_since
    );
    let (_, counted_after, _) = leadline::pool_wait::waited();
    assert!(counted_after > counted_before);
}
