use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, id_of, json_of, spawn_app, unique_phone};

#[tokio::test]
async fn managers_keep_the_ledger_and_a_delete_records_who_did_it() {
    let app = spawn_app().await;
    let manager = app.user("Maya Manager", Role::Manager).await;
    let entry = json_of(
        app.post(&manager.token, "/api/v1/spend", &json!({"date": "2026-11-02", "amount": 2000000, "category": "salaries", "note": "Rita"})).await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        app.post(&manager.token, "/api/v1/spend", &json!({"date": "2026-11-03", "amount": 150000, "category": "advertising", "channel": "Google Ads"})).await,
        StatusCode::CREATED,
    )
    .await;
    let page = json_of(
        app.get(
            &manager.token,
            "/api/v1/spend?from=2026-11-01&to=2026-12-01",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 2150000);
    assert_eq!(page["items"][0]["channel"], "google ads");
    let ads = json_of(
        app.get(&manager.token, "/api/v1/spend?channel=google%20ads")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ads["total"], 150000);

    let deleted = app
        .delete(&manager.token, &format!("/api/v1/spend/{}", id_of(&entry)))
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let page = json_of(
        app.get(&manager.token, "/api/v1/spend").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 150000);
    let deleted_by: Option<uuid::Uuid> =
        sqlx::query_scalar("SELECT deleted_by FROM spend WHERE id = $1::uuid")
            .bind(id_of(&entry))
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(deleted_by, Some(manager.id));
    let again = app
        .delete(&manager.token, &format!("/api/v1/spend/{}", id_of(&entry)))
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reps_cannot_see_or_write_spend() {
    let app = spawn_app().await;
    let rep = app.user("Rex Rep", Role::Rep).await;
    let response = app
        .post(
            &rep.token,
            "/api/v1/spend",
            &json!({"date": "2026-11-02", "amount": 1, "category": "other"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&rep.token, "/api/v1/spend").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.count("spend").await, 0);
}

#[tokio::test]
async fn negative_or_malformed_amounts_are_refused() {
    let app = spawn_app().await;
    for (body, field) in [
        (
            json!({"date": "2026-11-02", "amount": -5, "category": "other"}),
            "amount",
        ),
        (
            json!({"date": "2026-11-02", "amount": 1.5, "category": "other"}),
            "amount",
        ),
        (
            json!({"date": "2026-13-02", "amount": 5, "category": "other"}),
            "date",
        ),
        (
            json!({"date": "2026-11-02", "amount": 5, "category": "lunch"}),
            "category",
        ),
    ] {
        assert_problem(
            app.admin_post("/api/v1/spend", body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            field,
        )
        .await;
    }
    assert_eq!(app.count("spend").await, 0);
}

/// A spend entry may name a rep: a dashboard filtered to one rep divides only their spend,
/// and a tag filter, which no spend is traced to, says the cost figures are not applicable.
#[tokio::test]
async fn cost_under_a_filter_divides_only_the_spend_it_can_trace() {
    let app = crate::helpers::spawn_app().await;
    let ani = app.user("Ani Rep", Role::Rep).await;
    let budi = app.user("Budi Rep", Role::Rep).await;
    let today = chrono::Utc::now().date_naive().to_string();
    for (amount, category, rep) in [
        (9_000_000, "advertising", None),
        (2_000_000, "salaries", Some(&ani.id)),
        (1_000_000, "telephony", Some(&budi.id)),
    ] {
        let mut body = json!({"date": today, "amount": amount, "category": category});
        if let Some(rep) = rep {
            body["rep_id"] = json!(rep);
        }
        let created = app
            .post_expecting("/api/v1/spend", body, StatusCode::CREATED)
            .await;
        assert_eq!(created["rep_id"], json!(rep));
    }
    app.post_refused(
        "/api/v1/spend",
        json!({"date": today, "amount": 1, "category": "other", "rep_id": uuid::Uuid::now_v7()}),
        "rep_id",
    )
    .await;
    for (rep, leads, calls) in [(&ani, 2, 4), (&budi, 1, 1)] {
        for n in 0..leads {
            let lead = app
                .lead(
                    json!({"name": format!("Lead {n}"), "phone": unique_phone(), "owner_id": rep.id,
                             "tags": ["vip"]}),
                )
                .await;
            for _ in 0..(if n == 0 { calls } else { 0 }) {
                app.logged_call(
                    &rep.token,
                    json!({"lead_id": lead["id"], "outcome": "no_answer"}),
                )
                .await;
            }
        }
    }
    let cost = |query: String| {
        let app = &app;
        async move { app.get_ok(&format!("/api/v1/metrics/cost?{query}")).await["current"].clone() }
    };
    let team = cost(String::new()).await;
    assert_eq!(team["spend"], 12_000_000);
    assert_eq!(team["cost_per_call"], 2_400_000);
    assert_eq!(team["cost_per_lead"], 4_000_000);
    assert!(team["not_applicable"].is_null());

    let one = cost(format!("owner_id={}", ani.id)).await;
    assert_eq!(one["spend"], 2_000_000, "only Ani's salary: {one}");
    assert_eq!(one["cost_per_call"], 500_000);
    assert_eq!(one["cost_per_lead"], 1_000_000);

    let tagged = cost("tag=vip".into()).await;
    assert_eq!(tagged["not_applicable"], "tag_filter");
    for figure in ["cost_per_call", "cost_per_lead", "cost_per_deal", "roi"] {
        assert!(tagged[figure].is_null(), "{figure}: {tagged}");
    }
    assert!(tagged["cost_per_stage"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["cost"].is_null()));

    // On the dashboard: the rep's spend under their filter, and the reason under a tag.
    let (client, _, _) = app.signed_in("Cahya Manager", Role::Manager).await;
    let tag_page = crate::helpers::page(&client, &app.url("/dashboard?tag=vip")).await;
    assert!(
        tag_page.contains("id=\"cost-not-applicable\""),
        "{tag_page}"
    );
    assert!(tag_page.contains("not applicable"), "{tag_page}");
    let rep_page = crate::helpers::page(
        &client,
        &app.url(&format!("/dashboard?owner_id={}", ani.id)),
    )
    .await;
    assert!(!rep_page.contains("id=\"cost-not-applicable\""));
    let spend_page = crate::helpers::page(&client, &app.url("/spend")).await;
    assert!(spend_page.contains("Ani Rep"), "{spend_page}");
}
