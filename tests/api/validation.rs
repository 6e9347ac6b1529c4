//! Bad input: a 4xx problem+json naming the field, and nothing written.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, id_of, spawn_app};

/// `base` with the fields of `change` set over it.
fn with(mut base: Value, change: Value) -> Value {
    let Value::Object(change) = change else {
        panic!("not an object: {change}")
    };
    base.as_object_mut().unwrap().extend(change);
    base
}

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
    let id = id_of(&app.simple_lead("Existing").await);
    let before = rows_written(&app).await;
    let long = "x".repeat(201);
    let transitions = format!("/api/v1/leads/{id}/transitions");
    let lost = format!("/api/v1/leads/{id}/lost");
    // Each body is valid but for the one field named.
    let lead = |change: Value| with(json!({"name": "A"}), change);
    let call = |change: Value| with(json!({"lead_id": id, "outcome": "busy"}), change);
    let spend = |change: Value| {
        with(
            json!({"date": "2026-11-01", "amount": 1, "category": "other"}),
            change,
        )
    };
    let cases = [
        (
            "/api/v1/leads",
            vec![
                ("name", json!({})),
                ("name", json!({"name": ""})),
                ("name", json!({"name": "   "})),
                ("name", json!({"name": 42})),
                ("name", json!({"name": long})),
                ("phone", lead(json!({"phone": "not a phone"}))),
                ("email", lead(json!({"email": "nope"}))),
                ("stage", lead(json!({"stage": "won"}))),
                ("owner_id", lead(json!({"owner_id": "not-a-uuid"}))),
                (
                    "owner_id",
                    lead(json!({"owner_id": "0190a1b2-0000-7000-8000-000000000000"})),
                ),
                ("deal_value", lead(json!({"deal_value": -1}))),
                ("deal_value", lead(json!({"deal_value": "100"}))),
                (
                    "deal_value",
                    lead(json!({"deal_value": 10_000_000_000_001_i64})),
                ),
                ("tags", lead(json!({"tags": "vip"}))),
                ("tags[0]", lead(json!({"tags": [""]}))),
                ("colour", lead(json!({"colour": "red"}))),
                (
                    "next_contact_at",
                    lead(json!({"next_contact_at": "tomorrow"})),
                ),
                ("name", json!({"name": "A\u{0007}"})),
            ],
        ),
        (
            "/api/v1/calls",
            vec![
                ("lead_id", json!({"outcome": "busy"})),
                ("outcome", json!({"lead_id": id})),
                ("lead_id", call(json!({"lead_id": "123"}))),
                ("outcome", call(json!({"outcome": "hung_up"}))),
                ("intent", call(json!({"intent": "clear"}))),
                (
                    "intent",
                    call(json!({"outcome": "connected", "intent": "maybe"})),
                ),
                ("talk_seconds", call(json!({"talk_seconds": -3}))),
                ("ring_seconds", call(json!({"ring_seconds": 100000}))),
                ("talk_seconds", call(json!({"talk_seconds": "long"}))),
                ("direction", call(json!({"direction": "sideways"}))),
                (
                    "started_at",
                    call(json!({"started_at": "2999-01-01T00:00:00Z"})),
                ),
                ("recording_url", call(json!({"recording_url": "ftp://x/y"}))),
                ("notes", call(json!({"notes": "n".repeat(10_001)}))),
            ],
        ),
        (
            transitions.as_str(),
            vec![
                ("to", json!({})),
                ("to", json!({"to": "heaven"})),
                ("deal_value", json!({"to": "decide", "deal_value": -10})),
                (
                    "deal_value",
                    json!({"to": "decide", "deal_value": i64::MAX}),
                ),
            ],
        ),
        (
            lost.as_str(),
            vec![("reason", json!({})), ("reason", json!({"reason": ""}))],
        ),
        (
            "/api/v1/spend",
            vec![
                ("date", json!({"amount": 1, "category": "other"})),
                ("amount", spend(json!({"amount": -1}))),
                ("amount", spend(json!({"amount": i64::MAX}))),
                ("channel", spend(json!({"channel": "c".repeat(61)}))),
            ],
        ),
    ];
    for (path, bodies) in cases {
        for (field, body) in bodies {
            let response = app.admin_post(path, body.clone()).await;
            let status = response.status();
            let problem = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, field).await;
            assert!(
                problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
                "{path} {body}: {status} {problem}"
            );
        }
    }
    assert_eq!(rows_written(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn malformed_json_wrong_media_type_and_bad_paths_are_4xx_problems() {
    let app = spawn_app().await;
    for (content_type, body, status) in [
        ("application/json", "{\"name\": ", StatusCode::BAD_REQUEST),
        ("text/plain", "name=A", StatusCode::UNSUPPORTED_MEDIA_TYPE),
    ] {
        let response = app
            .client
            .post(app.url("/api/v1/leads"))
            .bearer_auth(&app.admin_token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_problem(response, status, "body").await;
    }

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
    let response = app.admin_post("/api/v1/leads", huge).await;
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
        let response = app.admin_post("/api/v1/spend", largest.clone()).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let page = app.get_ok("/api/v1/spend?from=2000-01-01").await;
    assert_eq!(page["total"], json!(30_000_000_000_000_i64));
    let lead = app.simple_lead("Big deal").await;
    app.patch_refused(
        &format!("/api/v1/leads/{}", lead["id"].as_str().unwrap()),
        json!({"deal_value": 10_000_000_000_001_i64}),
        "deal_value",
    )
    .await;
}

/// The fields a 422 names, in its `errors` list, in order.
async fn fields_named(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = response.json().await.unwrap();
    let errors = problem["errors"].as_array().expect("errors");
    assert_eq!(problem["field"], errors[0]["field"], "{problem}");
    errors
        .iter()
        .map(|e| {
            assert!(!e["message"].as_str().unwrap().is_empty(), "{e}");
            e["field"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn one_answer_names_every_bad_field_of_a_body() {
    let app = spawn_app().await;
    let before = rows_written(&app).await;
    // Four fields wrong by the lead's rules: all four named at once.
    let bad_values = json!({"name": " ", "phone": "12", "email": "not mail",
                            "deal_value": -5, "notes": "fine"});
    assert_eq!(
        fields_named(app.admin_post("/api/v1/leads", bad_values).await).await,
        ["name", "phone", "email", "deal_value"]
    );
    // Wrong shapes (a stage that does not exist, a number as text, an unknown field, a
    // missing name) are named together too, in the order the body gives them.
    let bad_shapes = json!({"stage": "nowhere", "deal_value": "lots", "colour": "red"});
    assert_eq!(
        fields_named(app.admin_post("/api/v1/leads", bad_shapes).await).await,
        ["colour", "deal_value", "stage", "name"]
    );
    let lead = id_of(&app.simple_lead("Wulan Sari").await);
    // A shape error (a time that is not one) comes first, then the lead's own rules.
    let patch = json!({"name": "", "email": "@", "next_contact_at": "yesterday"});
    assert_eq!(
        fields_named(
            app.admin_patch(&format!("/api/v1/leads/{lead}"), patch)
                .await
        )
        .await,
        ["next_contact_at", "name", "email"]
    );
    // Calls with three bad fields, and a batch whose two calls are wrong.
    let call = json!({"lead_id": lead, "outcome": "no_answer", "intent": "clear",
                      "talk_seconds": -1, "recording_url": "ftp://x"});
    assert_eq!(
        fields_named(app.log_call(&app.admin_token, call).await).await,
        ["intent", "recording_url", "talk_seconds"]
    );
    let call = json!({"lead_id": lead, "outcome": "no_answer", "intent": "clear",
                      "ring_seconds": 100000, "recording_url": "ftp://x"});
    assert_eq!(
        fields_named(app.log_call(&app.admin_token, call).await).await,
        ["intent", "recording_url", "ring_seconds"]
    );
    let batch = json!({"calls": [
        {"lead_id": lead, "outcome": "no_answer"},
        {"lead_id": lead, "outcome": "no_answer", "intent": "unclear"},
        {"lead_id": lead, "outcome": "connected", "recording_url": "mailto:x", "started_at": "2999-01-01T00:00:00Z"},
    ]});
    assert_eq!(
        fields_named(app.admin_post("/api/v1/calls/batch", batch).await).await,
        [
            "calls[1].intent",
            "calls[2].started_at",
            "calls[2].recording_url"
        ]
    );
    // Query parameters as well.
    assert_eq!(
        fields_named(
            app.get(
                &app.admin_token,
                "/api/v1/leads?limit=many&stage=nowhere&colour=red"
            )
            .await
        )
        .await,
        ["limit", "stage", "colour"]
    );
    assert_eq!(
        rows_written(&app).await,
        before + 2,
        "only the lead made above"
    );
}
