use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, id_of, json_of, spawn_app};

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
