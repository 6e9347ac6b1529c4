use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{id_of, json_of, spawn_app};

#[tokio::test]
async fn every_api_route_needs_a_token() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/leads",
        "/api/v1/calls",
        "/api/v1/spend",
        "/api/v1/queue/next",
        "/api/v1/metrics/funnel",
        "/api/v1/users",
        "/api/v1/me",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let response = app
            .client
            .get(app.url(path))
            .bearer_auth("ll_not_a_real_token")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn a_revoked_token_stops_working_and_use_is_recorded() {
    let app = spawn_app().await;
    let created = app
        .post_expecting(
            "/api/v1/tokens",
            json!({"name": "dialer"}),
            StatusCode::CREATED,
        )
        .await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("ll_"));
    assert_eq!(
        app.get(&secret, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    let tokens = app.get_ok("/api/v1/tokens").await;
    let dialer = tokens
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "dialer")
        .unwrap();
    assert!(dialer["last_used_at"].is_string());
    assert!(dialer.get("secret").is_none(), "secrets are never listed");

    let revoked = app
        .delete(
            &app.admin_token,
            &format!("/api/v1/tokens/{}", id_of(&created["token"])),
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(
        app.get(&secret, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_deactivated_users_tokens_stop_working() {
    let app = spawn_app().await;
    let rep = app.user("Leaving Rep", Role::Rep).await;
    assert_eq!(
        app.get(&rep.token, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    let response = app
        .admin_patch(
            &format!("/api/v1/users/{}", rep.id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.get(&rep.token, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn roles_are_enforced() {
    let app = spawn_app().await;
    let rep = app.user("Plain Rep", Role::Rep).await;
    let manager = app.user("Mia Manager", Role::Manager).await;
    let new_user = json!({"email": "x@example.com", "name": "X", "role": "rep"});
    assert_eq!(
        app.post(&rep.token, "/api/v1/users", &new_user)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&manager.token, "/api/v1/users", &new_user)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&manager.token, "/api/v1/tokens", &json!({"name": "t"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&rep.token, "/api/v1/users").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&manager.token, "/api/v1/users").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post(
            &rep.token,
            "/api/v1/lost-reasons",
            &json!({"label": "Moved away"})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );

    let created = app
        .post_expecting("/api/v1/users", new_user.clone(), StatusCode::CREATED)
        .await;
    assert_eq!(
        created["password"].as_str().unwrap().len(),
        20,
        "a generated password is returned once"
    );
    app.post_refused("/api/v1/users", new_user, "email").await;
    let self_demote = app
        .admin_patch(
            &format!("/api/v1/users/{}", app.admin_id),
            json!({"role": "rep"}),
        )
        .await;
    assert_eq!(self_demote.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_rep_sees_and_changes_only_their_own_and_unassigned_leads() {
    let app = spawn_app().await;
    let rita = app.user("Rita", Role::Rep).await;
    let rudi = app.user("Rudi", Role::Rep).await;
    let ritas = app
        .lead(json!({"name": "Rita's", "owner_id": rita.id}))
        .await;
    let rudis = app
        .lead(json!({"name": "Rudi's", "owner_id": rudi.id}))
        .await;
    app.lead(json!({"name": "Nobody's"})).await;

    let list = json_of(app.get(&rita.token, "/api/v1/leads").await, StatusCode::OK).await;
    let mut names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["Nobody's", "Rita's"]);

    let rudis_path = format!("/api/v1/leads/{}", id_of(&rudis));
    assert_eq!(
        app.get(&rita.token, &rudis_path).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.patch(&rita.token, &rudis_path, &json!({"name": "mine now"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let moved = app
        .post(
            &rita.token,
            &format!("{rudis_path}/transitions"),
            &json!({"to": "connect"}),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&rita.token, &format!("{rudis_path}/events"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let steal = app
        .patch(
            &rita.token,
            &format!("/api/v1/leads/{}", id_of(&ritas)),
            &json!({"owner_id": rudi.id}),
        )
        .await;
    assert_eq!(steal.status(), StatusCode::FORBIDDEN);

    // A rep's new lead is theirs.
    let created = json_of(
        app.post(&rita.token, "/api/v1/leads", &json!({"name": "Fresh"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["owner_id"], json!(rita.id));
}
