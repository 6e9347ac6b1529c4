//! The audit trail beyond leads: users and roles, tokens, settings, spend, lost reasons and
//! webhooks, with who changed them and through what; an import's leads; the admin's audit
//! page and `GET /api/v1/audit`, for admins only; secrets never stored.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, id_of, json_of, page, post_form, spawn_app, TestApp};

/// The trail as `GET /api/v1/audit?{query}` reads it, as the admin.
async fn trail(app: &TestApp, query: &str) -> Vec<Value> {
    let page = app.get_ok(&format!("/api/v1/audit?{query}")).await;
    page["items"].as_array().unwrap().clone()
}

/// The one entry of `items` about `entity_id` whose changes hold `field`.
fn entry<'a>(items: &'a [Value], entity_id: &str, field: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["entity_id"] == entity_id && i["changes"].get(field).is_some())
        .unwrap_or_else(|| panic!("no change of {field} to {entity_id}: {items:?}"))
}

#[tokio::test]
async fn every_admin_change_is_recorded_with_who_made_it_and_never_a_secret() {
    let app = spawn_app().await;
    let created = app
        .post_expecting(
            "/api/v1/users",
            json!({"email": "dewi@example.com", "name": "Dewi Rep", "role": "rep",
                   "password": "a long enough password"}),
            StatusCode::CREATED,
        )
        .await;
    let user_id = id_of(&created["user"]);
    app.patch_expecting(
        &format!("/api/v1/users/{user_id}"),
        json!({"role": "manager", "password": "another long password"}),
        StatusCode::OK,
    )
    .await;
    let token = app
        .post_expecting(
            "/api/v1/tokens",
            json!({"name": "dialer", "user_id": user_id}),
            StatusCode::CREATED,
        )
        .await;
    let token_id = id_of(&token["token"]);
    // A request through the token writes `last_used_at`, which is not a change anyone made.
    let before_use: i64 = app.scalar("SELECT count(*) FROM audit_log").await;
    let secret = token["secret"].as_str().unwrap();
    assert_eq!(app.get(secret, "/api/v1/me").await.status(), StatusCode::OK);
    let after_use: i64 = app.scalar("SELECT count(*) FROM audit_log").await;
    assert_eq!(before_use, after_use);
    let revoked = app
        .delete(&app.admin_token, &format!("/api/v1/tokens/{token_id}"))
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);

    let spend = app
        .post_expecting(
            "/api/v1/spend",
            json!({"date": "2026-11-02", "amount": 1500000000, "category": "advertising",
                   "channel": "Facebook"}),
            StatusCode::CREATED,
        )
        .await;
    let spend_id = id_of(&spend);
    let deleted = app
        .delete(&app.admin_token, &format!("/api/v1/spend/{spend_id}"))
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    let reason = app
        .post_expecting(
            "/api/v1/lost-reasons",
            json!({"label": "Pilih kompetitor"}),
            StatusCode::CREATED,
        )
        .await;
    let reason_id = id_of(&reason);
    app.patch_expecting(
        &format!("/api/v1/lost-reasons/{reason_id}"),
        json!({"active": false}),
        StatusCode::OK,
    )
    .await;

    let hook = app
        .post_expecting(
            "/api/v1/webhooks",
            json!({"url": "https://example.com/hook", "events": ["lead.created"]}),
            StatusCode::CREATED,
        )
        .await;
    let hook_id = id_of(&hook["webhook"]);
    let hook_secret = hook["secret"].as_str().unwrap().to_owned();
    app.patch_expecting(
        &format!("/api/v1/webhooks/{hook_id}"),
        json!({"active": false}),
        StatusCode::OK,
    )
    .await;
    let gone = app
        .delete(&app.admin_token, &format!("/api/v1/webhooks/{hook_id}"))
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);

    app.patch_expecting(
        "/api/v1/settings",
        json!({"working_days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
               "holidays": [{"date": "2026-12-25", "name": "Natal"}]}),
        StatusCode::OK,
    )
    .await;

    let items = trail(&app, "limit=200").await;
    let admin = json!(app.admin_id);
    for item in items.iter().filter(|i| i["via"] == "api") {
        assert_eq!(item["user_id"], admin, "{item}");
        assert!(item["token_id"].is_string(), "{item}");
    }
    let made = entry(&items, &user_id, "email");
    assert_eq!(made["action"], "created");
    assert_eq!(made["entity"], "user");
    assert_eq!(made["via"], "api");
    assert_eq!(made["changes"]["role"], json!({"old": null, "new": "rep"}));
    let promoted = items
        .iter()
        .find(|i| i["entity_id"] == user_id.as_str() && i["action"] == "changed")
        .expect("the user's promotion");
    assert_eq!(
        promoted["changes"]["role"],
        json!({"old": "rep", "new": "manager"})
    );
    assert_eq!(
        promoted["changes"]["password_hash"],
        json!({"changed": true})
    );
    assert_eq!(promoted["label"], "Dewi Rep");

    let token_made = entry(&items, &token_id, "name");
    assert_eq!(token_made["entity"], "token");
    assert_eq!(token_made["changes"]["user_id"]["new"], json!(user_id));
    let token_revoked = entry(&items, &token_id, "revoked_at");
    assert_eq!(token_revoked["action"], "deleted");
    assert_eq!(token_revoked["label"], "dialer");

    assert_eq!(
        entry(&items, &spend_id, "amount")["changes"]["amount"],
        json!({"old": null, "new": 1500000000})
    );
    assert_eq!(entry(&items, &spend_id, "deleted_at")["action"], "deleted");

    assert_eq!(
        entry(&items, &reason_id, "active")["changes"]["active"],
        json!({"old": true, "new": false})
    );
    let hook_changed = items
        .iter()
        .find(|i| i["entity_id"] == hook_id.as_str() && i["action"] == "changed")
        .expect("the webhook's change");
    assert_eq!(
        hook_changed["changes"]["active"],
        json!({"old": true, "new": false})
    );
    let hook_deleted = items
        .iter()
        .find(|i| i["entity_id"] == hook_id.as_str() && i["action"] == "deleted")
        .expect("the webhook's deletion");
    assert_eq!(hook_deleted["label"], "https://example.com/hook");
    assert_eq!(
        hook_deleted["changes"]["url"]["old"],
        "https://example.com/hook"
    );

    let settings_id = uuid::Uuid::nil().to_string();
    assert_eq!(
        entry(&items, &settings_id, "working_days")["changes"]["working_days"],
        json!({"old": [1, 2, 3, 4, 5], "new": [1, 2, 3, 4, 5, 6]})
    );
    assert_eq!(
        entry(&items, &settings_id, "holidays")["changes"]["holidays"],
        json!({"old": [], "new": ["2026-12-25 Natal"]})
    );

    // No password, no hash and no signing secret is anywhere in the trail.
    let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_all(&app.db)
        .await
        .unwrap();
    let stored: String = app
        .scalar("SELECT string_agg(changes::text, ' ') FROM audit_log")
        .await;
    for secret in hashes.iter().map(String::as_str).chain([
        "a long enough password",
        "another long password",
        &hook_secret,
        secret,
    ]) {
        assert!(!stored.contains(secret), "{secret} is in the trail");
    }

    // The filters: by what, by the thing, by who and through what.
    let users_only = trail(&app, "entity=user").await;
    assert!(!users_only.is_empty());
    assert!(users_only.iter().all(|i| i["entity"] == "user"));
    let one = trail(&app, &format!("entity_id={spend_id}")).await;
    assert_eq!(one.len(), 2, "{one:?}");
    let by_admin = trail(&app, &format!("user_id={}&via=api&limit=200", app.admin_id)).await;
    assert!(by_admin
        .iter()
        .all(|i| i["via"] == "api" && i["user_id"] == admin));
    // Each of the thirteen changes above, and nothing else.
    assert_eq!(by_admin.len(), 13, "{by_admin:?}");
    let paged = app.get_ok("/api/v1/audit?limit=2").await;
    let next = paged["next_before"].as_i64().expect("a next page");
    let second = trail(&app, &format!("limit=2&before={next}")).await;
    assert!(second.iter().all(|i| i["id"].as_i64().unwrap() < next));
    let none = trail(&app, "from=2000-01-01&to=2000-01-02").await;
    assert!(none.is_empty());

    assert_problem(
        app.get(&app.admin_token, "/api/v1/audit?entity=lunch")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "entity",
    )
    .await;
    assert_problem(
        app.get(&app.admin_token, "/api/v1/audit?via=fax").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "via",
    )
    .await;
}

/// Only admins read the trail, by the API and on its page.
#[tokio::test]
async fn the_trail_is_for_admins_only() {
    let app = spawn_app().await;
    for role in [Role::Manager, Role::Rep] {
        let user = app.user(&format!("Not Admin {role:?}"), role).await;
        let refused = app.get(&user.token, "/api/v1/audit").await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{role:?}");
        let (client, _, _) = app.signed_in(&format!("Signed {role:?}"), role).await;
        let page = client.get(app.url("/admin/audit")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "{role:?}");
    }
}

/// A change made on a page is recorded as made there, and the audit page shows it in the
/// reader's language and reads its dates in the reader's zone.
#[tokio::test]
async fn the_audit_page_shows_changes_in_the_readers_language_and_zone() {
    let app = spawn_app().await;
    let (client, csrf, admin) = app.signed_in("Rina Admin", Role::Admin).await;
    let made = post_form(
        &client,
        &app.url("/admin/users"),
        &[
            ("csrf", csrf.as_str()),
            ("email", "eko@example.com"),
            ("name", "Eko Rep"),
            ("role", "rep"),
        ],
    )
    .await;
    assert_eq!(made.status(), StatusCode::OK);
    let items = trail(&app, "entity=user&via=page").await;
    let eko = items
        .iter()
        .find(|i| i["label"] == "Eko Rep")
        .expect("the user made on the page");
    assert_eq!(eko["user_id"], json!(admin.id));
    assert!(eko["token_id"].is_null());

    let shown = page(&client, &app.url("/admin/audit?entity=user")).await;
    assert!(shown.contains("User · Eko Rep"), "{shown}");
    assert!(shown.contains("Role: rep"), "{shown}");
    assert!(shown.contains("Rina Admin"), "{shown}");
    let api_only = page(&client, &app.url("/admin/audit?entity=user&via=api")).await;
    assert!(!api_only.contains("User · Eko Rep"), "{api_only}");

    // Read in Russian, in Jakarta: an entry at 20:00 UTC on 1 March is on 2 March there.
    sqlx::query("UPDATE users SET language = 'ru', time_zone = 'Asia/Jakarta' WHERE id = $1")
        .bind(admin.id)
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, via, entity, entity_id, changes)
         VALUES ('2026-03-01T20:00:00Z', $1, 'page', 'lost_reason', gen_random_uuid(),
                 '{\"label\": {\"old\": \"Mahal\", \"new\": \"Terlalu mahal\"}}')",
    )
    .bind(admin.id)
    .execute(&app.db)
    .await
    .unwrap();
    let second = page(
        &client,
        &app.url("/admin/audit?since=2026-03-02&until=2026-03-02"),
    )
    .await;
    assert!(second.contains("Журнал изменений"), "{second}");
    assert!(
        second.contains("Название: Mahal → Terlalu mahal"),
        "{second}"
    );
    assert!(second.contains("Причина отказа"), "{second}");
    let first = page(
        &client,
        &app.url("/admin/audit?since=2026-03-01&until=2026-03-01"),
    )
    .await;
    assert!(!first.contains("Terlalu mahal"), "{first}");

    let bad = client
        .get(app.url("/admin/audit?since=yesterday"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("yesterday"));
}

/// A lead an import made says so in its history: who imported it, from which file.
#[tokio::test]
async fn an_imported_lead_records_its_import_and_file() {
    let app = spawn_app().await;
    let (client, csrf) = crate::import::manager_client(&app).await;
    let location = crate::import::upload(
        &app,
        &client,
        &csrf,
        b"Name,Phone\nIbu Ratna,+62 812-5555-0101\n",
    )
    .await;
    crate::import::import_as_guessed(&app, &client, &location, 2, &[]).await;
    let id: uuid::Uuid = app
        .scalar("SELECT id FROM leads WHERE name = 'Ibu Ratna'")
        .await;
    let history = json_of(
        app.get(&app.admin_token, &format!("/api/v1/leads/{id}/history"))
            .await,
        StatusCode::OK,
    )
    .await;
    let item = &history["items"][0];
    assert_eq!(item["via"], "import", "{history}");
    assert_eq!(item["action"], "created");
    assert_eq!(item["changes"]["import"]["file"], "leads.csv");
    let manager: uuid::Uuid = app
        .scalar("SELECT id FROM users WHERE name = 'Importing Manager'")
        .await;
    assert_eq!(item["user_id"], json!(manager));
    let shown = page(&client, &app.url(&format!("/leads/{id}"))).await;
    assert!(shown.contains("Importing Manager imported it"), "{shown}");
    assert!(shown.contains("From the file leads.csv"), "{shown}");
}

/// A call changes its lead inside the transaction that names who logs it (in one round trip
/// with `BEGIN`): the lead's trail gives the call's changes to that caller, one call at a
/// time and in a batch.
#[tokio::test]
async fn a_calls_changes_to_its_lead_are_recorded_as_its_callers() {
    let app = spawn_app().await;
    let rep = app.user("Calling Rep", Role::Rep).await;
    let lead = id_of(&app.simple_lead("Unowned Lead").await);
    let later = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    app.logged_call(
        &rep.token,
        json!({"lead_id": lead, "outcome": "busy", "next_contact_at": later}),
    )
    .await;
    let history = json_of(
        app.get(&app.admin_token, &format!("/api/v1/leads/{lead}/history"))
            .await,
        StatusCode::OK,
    )
    .await;
    let taken = changed(&history, "owner_id");
    assert_eq!(taken["via"], "api", "{history}");
    assert_eq!(taken["user_id"], json!(rep.id), "{history}");
    assert!(
        taken["changes"].get("next_contact_at").is_some(),
        "{history}"
    );

    let other = id_of(&app.simple_lead("Batch Lead").await);
    let batch = app
        .post(
            &app.admin_token,
            "/api/v1/calls/batch",
            &json!({"calls": [{"lead_id": other, "rep_id": rep.id, "outcome": "invalid_number"}]}),
        )
        .await;
    assert_eq!(batch.status(), StatusCode::CREATED);
    let history = json_of(
        app.get(&app.admin_token, &format!("/api/v1/leads/{other}/history"))
            .await,
        StatusCode::OK,
    )
    .await;
    let marked = changed(&history, "phone_bad");
    assert_eq!(marked["via"], "api", "{history}");
    assert_eq!(marked["user_id"], json!(app.admin_id), "{history}");
}

/// The one entry of a lead's history whose changes hold `field`.
fn changed<'a>(history: &'a Value, field: &str) -> &'a Value {
    history["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["changes"].get(field).is_some())
        .unwrap_or_else(|| panic!("no change of {field}: {history}"))
}
