//! Other systems' ids: upsert by `external_id`, and batches of up to 1,000 leads, all or
//! nothing.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, id_of, json_of, problem_fields, spawn_app, unique_phone, TestApp,
};

async fn put(app: &TestApp, token: &str, external_id: &str, body: Value) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/v1/external-leads/{external_id}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_external_id_makes_one_lead_and_then_changes_it() {
    let app = spawn_app().await;
    let phone = unique_phone();
    let first = put(
        &app,
        &app.admin_token,
        "hubspot-501",
        json!({"name": "Hadi", "phone": phone, "tags": ["hubspot"]}),
    )
    .await;
    let created = json_of(first, StatusCode::CREATED).await;
    assert_eq!(created["external_id"], "hubspot-501");
    // The same id again changes that lead, with the fields given, and keeps the rest.
    let second = put(
        &app,
        &app.admin_token,
        "hubspot-501",
        json!({"name": "Hadi Pratama", "company": "CV Jaya"}),
    )
    .await;
    let changed = json_of(second, StatusCode::OK).await;
    assert_eq!(changed["id"], created["id"]);
    assert_eq!(changed["name"], "Hadi Pratama");
    assert_eq!(changed["company"], "CV Jaya");
    assert_eq!(changed["phone"], created["phone"]);
    assert_eq!(changed["tags"], json!(["hubspot"]));
    assert_eq!(app.count("leads").await, 1);
    let found = app.get_ok("/api/v1/leads?external_id=hubspot-501").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);

    // Creating another lead with a taken id is a conflict naming it; so is a body naming
    // another id than its address.
    let taken = app
        .admin_post(
            "/api/v1/leads",
            json!({"name": "Other", "external_id": "hubspot-501"}),
        )
        .await;
    assert_problem(taken, StatusCode::CONFLICT, "external_id").await;
    let differs = put(
        &app,
        &app.admin_token,
        "hubspot-501",
        json!({"name": "x", "external_id": "hubspot-502"}),
    )
    .await;
    assert_problem(differs, StatusCode::UNPROCESSABLE_ENTITY, "external_id").await;

    // Many upserts of one new id at once make one lead.
    let racing = (0..6).map(|i| {
        put(
            &app,
            &app.admin_token,
            "dialer-77",
            json!({"name": format!("Racer {i}")}),
        )
    });
    let statuses: Vec<u16> = futures::future::join_all(racing)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 201),
        "{statuses:?}"
    );
    let racers: i64 = app
        .scalar("SELECT count(*) FROM leads WHERE external_id = 'dialer-77'")
        .await;
    assert_eq!(racers, 1);

    // A rep cannot reach another rep's lead through its id, nor learn which it is.
    let rep = app.user("Upsert Rep", Role::Rep).await;
    let other = app.user("Other Rep", Role::Rep).await;
    put(&app, &other.token, "form-9", json!({"name": "Theirs"})).await;
    let refused = put(&app, &rep.token, "form-9", json!({"name": "Mine now"})).await;
    let problem = assert_problem(refused, StatusCode::CONFLICT, "external_id").await;
    assert!(problem.get("existing_id").is_none(), "{problem}");
}

#[tokio::test]
async fn a_batch_is_stored_whole_or_names_every_bad_lead() {
    let app = spawn_app().await;
    let existing = put(
        &app,
        &app.admin_token,
        "crm-1",
        json!({"name": "Indah", "phone": unique_phone()}),
    )
    .await;
    let existing = json_of(existing, StatusCode::CREATED).await;
    let before = app.count("leads").await;

    // Every bad field of every lead, each named; nothing stored.
    let bad = json!({"leads": [
        {"name": "Good one", "external_id": "crm-2"},
        {"name": "", "email": "nope"},
        {"name": "Bad phone", "phone": "12"},
    ]});
    let problem = assert_problem(
        app.admin_post("/api/v1/leads/batch", bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "leads[1].name",
    )
    .await;
    assert_eq!(
        problem_fields(&problem),
        ["leads[1].name", "leads[1].email", "leads[2].phone"]
    );
    assert_eq!(app.count("leads").await, before);

    // A lead that cannot be stored (a number another lead has) stops the whole batch.
    let taken = existing["phone"].as_str().unwrap();
    let clash = json!({"leads": [{"name": "Fine"}, {"name": "Clash", "phone": taken}]});
    assert_problem(
        app.admin_post("/api/v1/leads/batch", clash).await,
        StatusCode::CONFLICT,
        "leads[1].phone",
    )
    .await;
    assert_eq!(app.count("leads").await, before);

    // A good batch: new leads created, a known id changed.
    let leads: Vec<Value> = (0..250)
        .map(|i| json!({"name": format!("Batch {i}"), "external_id": format!("crm-b{i}"), "source": "crm"}))
        .chain([json!({"name": "Indah Permata", "external_id": "crm-1"})])
        .collect();
    let done = json_of(
        app.admin_post("/api/v1/leads/batch", json!({"leads": leads}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (done["created"].as_i64(), done["updated"].as_i64()),
        (Some(250), Some(1))
    );
    assert_eq!(done["leads"][250]["id"], existing["id"]);
    assert_eq!(done["leads"][250]["created"], false);
    assert_eq!(app.count("leads").await, before + 250);
    let indah = app
        .get_ok(&format!("/api/v1/leads/{}", id_of(&existing)))
        .await;
    assert_eq!(indah["name"], "Indah Permata");

    // Too many, or none, is refused naming the list.
    let too_many: Vec<Value> = (0..1001)
        .map(|i| json!({"name": format!("L{i}")}))
        .collect();
    for leads in [json!([]), json!(too_many)] {
        assert_problem(
            app.admin_post("/api/v1/leads/batch", json!({ "leads": leads }))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "leads",
        )
        .await;
    }
}
