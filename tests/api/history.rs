//! A lead's history: every change to its fields and tags, who made it, through what, and
//! the values before and after; through the API and on the lead's page; append-only.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, json_of, page, post_form, spawn_app, unique_phone};

#[tokio::test]
async fn an_edited_phone_shows_its_old_and_new_values_with_the_editor() {
    let app = spawn_app().await;
    let manager = app.user("Gita Manager", Role::Manager).await;
    let lead = app
        .lead(json!({"name": "Toko Baru", "phone": "+6281234567890", "tags": ["jakarta"]}))
        .await;
    let id = id_of(&lead);
    let history = |token: String| {
        let app = &app;
        let id = id.clone();
        async move {
            json_of(
                app.get(&token, &format!("/api/v1/leads/{id}/history"))
                    .await,
                StatusCode::OK,
            )
            .await
        }
    };
    assert_eq!(history(app.admin_token.clone()).await["items"], json!([]));

    let edited = app
        .patch(
            &manager.token,
            &format!("/api/v1/leads/{id}"),
            &json!({"phone": "+6281398765432", "tags": ["jakarta", "vip"]}),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let items = history(manager.token.clone()).await["items"].clone();
    let items = items.as_array().unwrap();
    let phone = items
        .iter()
        .find(|i| i["changes"].get("phone").is_some())
        .expect("the phone's change is in the history");
    assert_eq!(
        phone["changes"]["phone"],
        json!({"old": "+6281234567890", "new": "+6281398765432"})
    );
    assert_eq!(phone["user_id"], json!(manager.id));
    assert_eq!(phone["via"], "api");
    assert!(phone["token_id"].is_string());
    let tags = items
        .iter()
        .find(|i| i["changes"].get("tags").is_some())
        .expect("the tags' change is in the history");
    assert_eq!(tags["changes"]["tags"], json!({"added": ["vip"]}));

    // On the lead's page, by a manager signed in: the editor's name and both numbers.
    let (client, csrf, _) = app.signed_in("Hana Manager", Role::Manager).await;
    let response = post_form(
        &client,
        &app.url(&format!("/leads/{id}")),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Toko Baru"),
            ("phone", "+62 812-3456-7890"),
            ("tags", "jakarta, vip"),
        ],
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{}",
        response.text().await.unwrap_or_default()
    );
    let all = history(app.admin_token.clone()).await;
    let newest = &all["items"][0];
    assert_eq!(newest["via"], "page", "{all}");
    assert_eq!(
        newest["changes"]["phone"],
        json!({"old": "+6281398765432", "new": "+6281234567890"}),
        "{all}"
    );
    let shown = page(&client, &app.url(&format!("/leads/{id}"))).await;
    assert!(shown.contains("Hana Manager changed"), "{shown}");
    assert!(
        shown.contains("Gita Manager changed through the API"),
        "{shown}"
    );
    assert!(
        shown.contains("Phone: +62 813-9876-5432 → +62 812-3456-7890"),
        "{shown}"
    );
    assert!(shown.contains("Tags added: vip"), "{shown}");
}

/// A bad number marked by a call's outcome is in the history too, as the rep's; a rep
/// reads no other rep's lead's history; and nothing may rewrite the trail.
#[tokio::test]
async fn a_bad_number_from_a_call_is_recorded_and_the_trail_cannot_be_rewritten() {
    let app = spawn_app().await;
    let rep = app.user("Joko Rep", Role::Rep).await;
    let other = app.user("Kiki Rep", Role::Rep).await;
    let id = id_of(
        &app.lead(json!({"name": "Ibu Sari", "phone": unique_phone(), "owner_id": rep.id}))
            .await,
    );
    let logged = app
        .log_call(
            &rep.token,
            json!({"lead_id": id, "outcome": "invalid_number"}),
        )
        .await;
    assert_eq!(logged.status(), StatusCode::CREATED);
    let history = json_of(
        app.get(&rep.token, &format!("/api/v1/leads/{id}/history"))
            .await,
        StatusCode::OK,
    )
    .await;
    let bad: Vec<&Value> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["changes"].get("phone_bad").is_some())
        .collect();
    assert_eq!(bad.len(), 1, "{history}");
    assert_eq!(bad[0]["via"], "api");
    assert_eq!(
        bad[0]["changes"]["phone_bad"],
        json!({"old": false, "new": true})
    );
    assert_eq!(bad[0]["user_id"], json!(rep.id));

    let refused = app
        .get(&other.token, &format!("/api/v1/leads/{id}/history"))
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    for statement in [
        "UPDATE audit_log SET via = 'system'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let refused = sqlx::query(statement).execute(&app.db).await;
        assert!(refused.is_err(), "{statement} was allowed");
    }
    let kept: i64 = app.scalar("SELECT count(*) FROM audit_log").await;
    assert!(kept >= 1);
}
