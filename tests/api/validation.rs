//! Bad input: a 4xx problem+json naming the field, and nothing written.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

async fn rows_written(app: &crate::helpers::TestApp) -> i64 {
    let mut total = 0;
    for table in [
        "leads",
        "calls",
        "stage_events",
        "spend",
        "tags",
        "idempotency_keys",
    ] {
        total += app.count(table).await;
    }
    total
}

#[tokio::test]
async fn bad_bodies_name_the_field_and_write_nothing() {
    let app = spawn_app().await;
    let lead = app.simple_lead("Existing").await;
    let lead_id = lead["id"].as_str().unwrap().to_owned();
    let before = rows_written(&app).await;
    let long = "x".repeat(201);
    let transitions = format!("/api/v1/leads/{lead_id}/transitions");
    let lost = format!("/api/v1/leads/{lead_id}/lost");
    let cases = vec![
        // Leads.
        ("/api/v1/leads", json!({}), "name"),
        ("/api/v1/leads", json!({"name": ""}), "name"),
        ("/api/v1/leads", json!({"name": "   "}), "name"),
        ("/api/v1/leads", json!({"name": 42}), "name"),
        ("/api/v1/leads", json!({"name": long}), "name"),
        (
            "/api/v1/leads",
            json!({"name": "A", "phone": "not a phone"}),
            "phone",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "email": "nope"}),
            "email",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "stage": "won"}),
            "stage",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "owner_id": "not-a-uuid"}),
            "owner_id",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "owner_id": "0190a1b2-0000-7000-8000-000000000000"}),
            "owner_id",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "deal_value": -1}),
            "deal_value",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "deal_value": "100"}),
            "deal_value",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "deal_value": 10_000_000_000_001_i64}),
            "deal_value",
        ),
        ("/api/v1/leads", json!({"name": "A", "tags": "vip"}), "tags"),
        (
            "/api/v1/leads",
            json!({"name": "A", "tags": [""]}),
            "tags[0]",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "colour": "red"}),
            "colour",
        ),
        (
            "/api/v1/leads",
            json!({"name": "A", "next_contact_at": "tomorrow"}),
            "next_contact_at",
        ),
        ("/api/v1/leads", json!({"name": "A\u{0007}"}), "name"),
        // Calls.
        ("/api/v1/calls", json!({"outcome": "busy"}), "lead_id"),
        ("/api/v1/calls", json!({"lead_id": lead_id}), "outcome"),
        (
            "/api/v1/calls",
            json!({"lead_id": "123", "outcome": "busy"}),
            "lead_id",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "hung_up"}),
            "outcome",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "intent": "clear"}),
            "intent",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "connected", "intent": "maybe"}),
            "intent",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "talk_seconds": -3}),
            "talk_seconds",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "ring_seconds": 100000}),
            "ring_seconds",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "talk_seconds": "long"}),
            "talk_seconds",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "direction": "sideways"}),
            "direction",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "started_at": "2999-01-01T00:00:00Z"}),
            "started_at",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "recording_url": "ftp://x/y"}),
            "recording_url",
        ),
        (
            "/api/v1/calls",
            json!({"lead_id": lead_id, "outcome": "busy", "notes": "n".repeat(10_001)}),
            "notes",
        ),
        // Transitions.
        (transitions.as_str(), json!({}), "to"),
        (transitions.as_str(), json!({"to": "heaven"}), "to"),
        (
            transitions.as_str(),
            json!({"to": "decide", "deal_value": -10}),
            "deal_value",
        ),
        (
            transitions.as_str(),
            json!({"to": "decide", "deal_value": i64::MAX}),
            "deal_value",
        ),
        (lost.as_str(), json!({}), "reason"),
        (lost.as_str(), json!({"reason": ""}), "reason"),
        // Spend.
        (
            "/api/v1/spend",
            json!({"amount": 1, "category": "other"}),
            "date",
        ),
        (
            "/api/v1/spend",
            json!({"date": "2026-11-01", "amount": -1, "category": "other"}),
            "amount",
        ),
        (
            "/api/v1/spend",
            json!({"date": "2026-11-01", "amount": i64::MAX, "category": "other"}),
            "amount",
        ),
        (
            "/api/v1/spend",
            json!({"date": "2026-11-01", "amount": 1, "category": "other", "channel": "c".repeat(61)}),
            "channel",
        ),
    ];
    for (path, body, field) in cases {
        let response = app.post(&app.admin_token, path, &body).await;
        let status = response.status();
        let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, field).await;
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{path} {body}: {status} {problem}"
        );
    }
    assert_eq!(rows_written(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn malformed_json_wrong_media_type_and_bad_paths_are_4xx_problems() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/leads"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::BAD_REQUEST, "body").await;

    let response = app
        .client
        .post(app.url("/api/v1/leads"))
        .bearer_auth(&app.admin_token)
        .header("content-type", "text/plain")
        .body("name=A")
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "body").await;

    let response = app.get(&app.admin_token, "/api/v1/leads/not-a-uuid").await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "id").await;
    let response = app
        .get(
            &app.admin_token,
            "/api/v1/leads/0190a1b2-0000-7000-8000-000000000000",
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let huge = json!({"name": "x".repeat(3 * 1024 * 1024)});
    let response = app.post(&app.admin_token, "/api/v1/leads", &huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("leads").await, 0);
}

#[tokio::test]
async fn bad_query_strings_name_the_parameter() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/leads?stage=heaven", "stage"),
        ("/api/v1/leads?limit=0", "limit"),
        ("/api/v1/leads?limit=abc", "limit"),
        ("/api/v1/leads?cursor=garbage", "cursor"),
        ("/api/v1/leads?owner_id=1", "owner_id"),
        ("/api/v1/leads?created_from=yesterday", "created_from"),
        ("/api/v1/leads?sort=name", "sort"),
        ("/api/v1/calls?outcome=maybe", "outcome"),
        ("/api/v1/metrics/funnel?view=sideways", "view"),
        (
            "/api/v1/metrics/funnel?from=2026-02-01&to=2026-01-01",
            "from",
        ),
        ("/api/v1/metrics/cost?from=2000-01-01&to=2026-01-01", "from"),
        ("/api/v1/spend?from=2026-02-30", "from"),
    ] {
        assert_problem(
            app.get(&app.admin_token, path).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            field,
        )
        .await;
    }
}

#[tokio::test]
async fn the_largest_amounts_still_add_up() {
    // Sums of amounts past 64 bits once made the ledger's total a 500.
    let app = spawn_app().await;
    let largest =
        json!({"date": "2026-11-02", "amount": 10_000_000_000_000_i64, "category": "advertising"});
    for _ in 0..3 {
        let response = app.post(&app.admin_token, "/api/v1/spend", &largest).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let page = app.get_ok("/api/v1/spend?from=2000-01-01").await;
    assert_eq!(page["total"], json!(30_000_000_000_000_i64));
    let lead = app.simple_lead("Big deal").await;
    let response = app
        .patch(
            &app.admin_token,
            &format!("/api/v1/leads/{}", lead["id"].as_str().unwrap()),
            &json!({"deal_value": 10_000_000_000_001_i64}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "deal_value").await;
}
