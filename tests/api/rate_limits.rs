//! Rate limits on the API: per token and per client address, with their headers.

use leadline::domain::user::Role;
use reqwest::StatusCode;

use crate::helpers::{server_url, spawn_app_on};

fn header(response: &reqwest::Response, name: &str) -> u64 {
    response.headers()[name]
        .to_str()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number"))
}

#[tokio::test]
async fn a_token_gets_its_minutes_worth_then_429s_with_retry_after() {
    let app = spawn_app_on(server_url(), |config, _| {
        config.rate_limit_per_token = 3;
        config.rate_limit_per_address = 0;
    })
    .await;
    let rep = app.user("Limited Rep", Role::Rep).await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let response = app.get(&app.admin_token, "/api/v1/me").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "ratelimit-limit"), 3);
        assert_eq!(response.headers()["ratelimit-policy"], "3;w=60");
        remaining.push(header(&response, "ratelimit-remaining"));
    }
    assert_eq!(remaining, [2, 1, 0]);

    let refused = app.get(&app.admin_token, "/api/v1/me").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = header(&refused, "retry-after");
    assert!((1..=20).contains(&wait), "Retry-After {wait}");
    assert_eq!(header(&refused, "ratelimit-remaining"), 0);
    assert!(header(&refused, "ratelimit-reset") >= wait);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(problem["status"], 429);
    assert!(problem["type"].as_str().unwrap().ends_with("/rate-limited"));

    // A refused write stores nothing.
    let leads = app.count("leads").await;
    let refused = app
        .post(
            &app.admin_token,
            "/api/v1/leads",
            &serde_json::json!({"name": "Not stored"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("leads").await, leads);

    // Another token has its own minute; the document, read without one, counts against
    // no token (and addresses are not limited here).
    let other = app.get(&rep.token, "/api/v1/me").await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_eq!(header(&other, "ratelimit-remaining"), 2);
    let document = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(document.status(), StatusCode::OK);
    assert!(document.headers().get("ratelimit-limit").is_none());
}

#[tokio::test]
async fn an_address_is_limited_whatever_tokens_it_uses() {
    let app = spawn_app_on(server_url(), |config, _| {
        config.rate_limit_per_token = 100;
        config.rate_limit_per_address = 4;
    })
    .await;
    let first = app.user("First Rep", Role::Rep).await;
    let second = app.user("Second Rep", Role::Rep).await;
    let mut statuses = Vec::new();
    for token in [&first.token, &second.token, "ll_not-a-token", &first.token] {
        statuses.push(app.get(token, "/api/v1/me").await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 401, 200]);
    // The tighter of the two is what the headers say: here the address's.
    let refused = app.get(&second.token, "/api/v1/me").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&refused, "ratelimit-limit"), 4);
    assert!(header(&refused, "retry-after") >= 1);
    // Pages in the browser are not the API's to limit.
    let login = app.client.get(app.url("/login")).send().await.unwrap();
    assert_eq!(login.status(), StatusCode::OK);
}
