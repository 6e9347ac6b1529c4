//! Edits that survive other clients and retries: versions with If-Match, tags added and
//! removed one by one, and an Idempotency-Key on every write that makes or moves a lead.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, id_of, json_of, spawn_app, unique_phone, TestApp};

fn etag_of(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_owned()
}

async fn patch_if(app: &TestApp, lead: &str, version: &str, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/v1/leads/{lead}")))
        .bearer_auth(&app.admin_token)
        .header("if-match", version)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn tags_of(app: &TestApp, lead: &str) -> Vec<String> {
    let lead = app.get_ok(&format!("/api/v1/leads/{lead}")).await;
    let mut tags: Vec<String> = serde_json::from_value(lead["tags"].clone()).unwrap();
    tags.sort();
    tags
}

#[tokio::test]
async fn a_stale_if_match_is_refused_412_and_changes_nothing() {
    let app = spawn_app().await;
    let lead = id_of(
        &app.lead(json!({"name": "Eka Putri", "phone": unique_phone()}))
            .await,
    );
    let read = app
        .get(&app.admin_token, &format!("/api/v1/leads/{lead}"))
        .await;
    let version = etag_of(&read);
    assert!(version.starts_with('"') && version.len() > 10, "{version}");

    // Two clients read the same version; the first to write wins, the second is told.
    let first = patch_if(&app, &lead, &version, json!({"company": "PT Satu"})).await;
    assert_eq!(first.status(), StatusCode::OK);
    let newer = etag_of(&first);
    assert_ne!(newer, version);
    let second = patch_if(&app, &lead, &version, json!({"company": "PT Dua"})).await;
    let problem = assert_problem(second, StatusCode::PRECONDITION_FAILED, "If-Match").await;
    assert!(
        problem["detail"].as_str().unwrap().contains("changed"),
        "{problem}"
    );
    assert_eq!(
        app.get_ok(&format!("/api/v1/leads/{lead}")).await["company"],
        "PT Satu"
    );

    // The current version, a list holding it, or `*` are let through.
    let listed = format!("\"0000\", {newer}");
    let third = patch_if(&app, &lead, &listed, json!({"notes": "Minta penawaran"})).await;
    assert_eq!(third.status(), StatusCode::OK);
    let any = patch_if(&app, &lead, "*", json!({"notes": "Telepon lagi Senin"})).await;
    assert_eq!(any.status(), StatusCode::OK);

    // A call changes what the lead shows, so its version too.
    let before = etag_of(
        &app.get(&app.admin_token, &format!("/api/v1/leads/{lead}"))
            .await,
    );
    let unchanged = app
        .client
        .get(app.url(&format!("/api/v1/leads/{lead}")))
        .bearer_auth(&app.admin_token)
        .header("if-none-match", &before)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": lead, "outcome": "busy"}),
    )
    .await;
    let stale = patch_if(&app, &lead, &before, json!({"notes": "x"})).await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn clients_adding_tags_at_once_both_keep_theirs() {
    let app = spawn_app().await;
    let lead = id_of(&app.lead(json!({"name": "Fajar", "tags": ["expo"]})).await);
    // Each client read the lead's tags as ["expo"] and adds its own, at the same moment.
    let add = |tag: &'static str| {
        let app = &app;
        let lead = lead.clone();
        async move {
            app.admin_patch(&format!("/api/v1/leads/{lead}"), json!({"add_tags": [tag]}))
                .await
                .status()
        }
    };
    let rounds = 8;
    for round in 0..rounds {
        let (a, b) = tokio::join!(add("webinar"), add("referral"));
        assert_eq!((a, b), (StatusCode::OK, StatusCode::OK), "round {round}");
        assert_eq!(tags_of(&app, &lead).await, ["expo", "referral", "webinar"]);
        let removed = app
            .admin_patch(
                &format!("/api/v1/leads/{lead}"),
                json!({"remove_tags": ["webinar", "referral", "never-there"]}),
            )
            .await;
        assert_eq!(removed.status(), StatusCode::OK);
        assert_eq!(tags_of(&app, &lead).await, ["expo"]);
    }
    // Replacing and changing at once is refused, naming the field.
    assert_problem(
        app.admin_patch(
            &format!("/api/v1/leads/{lead}"),
            json!({"tags": ["a"], "add_tags": ["b"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "tags",
    )
    .await;
    assert_eq!(tags_of(&app, &lead).await, ["expo"]);
}

async fn post_keyed(app: &TestApp, path: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(&app.admin_token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_retried_write_with_its_key_happens_once() {
    let app = spawn_app().await;
    // A web form's post, sent twice: one lead, the same answer twice.
    let form = json!({"name": "Gita", "phone": unique_phone(), "source": "web"});
    let first = post_keyed(&app, "/api/v1/leads", "form-7f3a", &form).await;
    let (location, version) = (first.headers()["location"].clone(), etag_of(&first));
    let first = json_of(first, StatusCode::CREATED).await;
    let again = post_keyed(&app, "/api/v1/leads", "form-7f3a", &form).await;
    assert_eq!(again.headers()["location"], location);
    assert_eq!(etag_of(&again), version);
    assert_eq!(json_of(again, StatusCode::CREATED).await, first);
    assert_eq!(app.count("leads").await, 1);
    // The same key with another body is refused, naming the key.
    let other = json!({"name": "Someone else"});
    assert_problem(
        post_keyed(&app, "/api/v1/leads", "form-7f3a", &other).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Idempotency-Key",
    )
    .await;

    // A stage move retried after a timeout: once, and the same answer (not a 409).
    let lead = id_of(&first);
    let moved: Vec<Value> = {
        let mut answers = Vec::new();
        for _ in 0..2 {
            let path = format!("/api/v1/leads/{lead}/transitions");
            let response = post_keyed(&app, &path, "move-1", &json!({"to": "connect"})).await;
            answers.push(json_of(response, StatusCode::OK).await);
        }
        answers
    };
    assert_eq!(moved[0], moved[1]);
    let events: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM stage_events WHERE lead_id = '{lead}' AND kind = 'advance'"
        ))
        .await;
    assert_eq!(events, 1);

    // Spend, a task and a merge, each retried.
    let spend = json!({"date": "2026-12-01", "amount": 1_500_000_000i64, "category": "advertising", "channel": "web"});
    for _ in 0..2 {
        let response = post_keyed(&app, "/api/v1/spend", "spend-dec", &spend).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    assert_eq!(app.count("spend").await, 1);
    let task = json!({"lead_id": lead, "title": "Kirim brosur"});
    for _ in 0..2 {
        let response = post_keyed(&app, "/api/v1/tasks", "task-1", &task).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    assert_eq!(app.count("tasks").await, 1);
    let twin = id_of(&app.lead(json!({"name": "Gita W."})).await);
    let merge = json!({"from": [twin]});
    let path = format!("/api/v1/leads/{lead}/merge");
    let merged = json_of(
        post_keyed(&app, &path, "merge-1", &merge).await,
        StatusCode::OK,
    )
    .await;
    let replayed = json_of(
        post_keyed(&app, &path, "merge-1", &merge).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(merged, replayed);
    assert_eq!(app.count("leads").await, 1);
}

#[tokio::test]
async fn the_admins_writes_happen_once_per_key_and_never_replay_a_secret() {
    let app = spawn_app().await;
    // Without a secret in the answer: the first answer again, and one of each.
    let team = json!({"name": "Tim Surabaya"});
    let teams: Vec<Value> = {
        let mut answers = Vec::new();
        for _ in 0..2 {
            let response = post_keyed(&app, "/api/v1/teams", "team-sby", &team).await;
            answers.push(json_of(response, StatusCode::CREATED).await);
        }
        answers
    };
    assert_eq!(teams[0], teams[1]);
    assert_eq!(app.count("teams").await, 1);
    let reason = json!({"label": "Pindah ke kompetitor"});
    for _ in 0..2 {
        let response = post_keyed(&app, "/api/v1/lost-reasons", "reason-1", &reason).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let reasons: i64 = app
        .scalar("SELECT count(*) FROM lost_reasons WHERE label = 'Pindah ke kompetitor'")
        .await;
    assert_eq!(reasons, 1);
    let read = json!({});
    let first = json_of(
        post_keyed(&app, "/api/v1/notifications/read", "read-1", &read).await,
        StatusCode::OK,
    )
    .await;
    let again = json_of(
        post_keyed(&app, "/api/v1/notifications/read", "read-1", &read).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first, again);

    // A password given is no secret of the answer's: the retry gets the user again.
    let given = json!({"email": "rina@example.co.id", "name": "Rina", "role": "rep",
                       "password": "kata sandi panjang"});
    let made = json_of(
        post_keyed(&app, "/api/v1/users", "user-rina", &given).await,
        StatusCode::CREATED,
    )
    .await;
    let replayed = json_of(
        post_keyed(&app, "/api/v1/users", "user-rina", &given).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made, replayed);

    // A token, a webhook and a generated password are shown once: the first answer has
    // the secret, a retry makes nothing and says what was made, without the secret.
    let rina = made["user"]["id"].as_str().unwrap().to_owned();
    let generated = json!({"email": "dodi@example.co.id", "name": "Dodi", "role": "rep"});
    let token = json!({"name": "dialer", "user_id": rina});
    let hook = json!({"url": "https://hooks.example.co.id/leadline", "events": ["lead.created"]});
    for (path, body, secret, table, id_at) in [
        (
            "/api/v1/tokens",
            &token,
            "secret",
            "api_tokens",
            "/token/id",
        ),
        (
            "/api/v1/webhooks",
            &hook,
            "secret",
            "webhook_subscriptions",
            "/webhook/id",
        ),
        ("/api/v1/users", &generated, "password", "users", "/user/id"),
    ] {
        let before = app.count(table).await;
        let key = format!("once-{table}");
        let first = json_of(
            post_keyed(&app, path, &key, body).await,
            StatusCode::CREATED,
        )
        .await;
        let shown = first[secret].as_str().unwrap_or_default();
        assert!(shown.len() >= 16, "{path} shows its {secret}: {first}");
        let retry = assert_problem(
            post_keyed(&app, path, &key, body).await,
            StatusCode::CONFLICT,
            "Idempotency-Key",
        )
        .await;
        let made = first.pointer(id_at).unwrap().as_str().unwrap();
        assert_eq!(retry["existing_id"], made, "{path}: {retry}");
        assert!(
            !retry.to_string().contains(shown),
            "{path} replays no secret"
        );
        assert_eq!(app.count(table).await, before + 1, "{path} made one");
        // Nor is the secret kept with the key.
        let kept: i64 = app
            .scalar(&format!(
                "SELECT count(*) FROM idempotency_keys WHERE response_body::text LIKE '%{shown}%'"
            ))
            .await;
        assert_eq!(kept, 0, "{path}'s {secret} is not stored");
    }
}
