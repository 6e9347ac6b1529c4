//! Touches other than calls: a chat, a text message, an e-mail or a meeting logged on a
//! lead, over the API and from the lead's page; who may log and see which; and that no
//! call figure counts them.

use chrono::{Duration, Utc};
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, browser, email_of, id_of, json_of, page, post_form, sign_in, spawn_app,
    unique_phone, TestApp, TestUser,
};

async fn touch(app: &TestApp, user: &TestUser, body: Value) -> reqwest::Response {
    app.post(&user.token, "/api/v1/touches", &body).await
}

#[tokio::test]
async fn a_rep_logs_a_chat_that_sets_the_follow_up_and_is_counted_beside_the_calls() {
    let app = spawn_app().await;
    let rep = app.user("Chat Rep", Role::Rep).await;
    let lead = app
        .lead(json!({"name": "Toko Chat", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let calls_before = app.get_ok("/api/v1/metrics/calls").await;
    let next = (Utc::now() + Duration::days(1)).to_rfc3339();
    let logged = json_of(
        touch(
            &app,
            &rep,
            json!({"lead_id": id_of(&lead), "kind": "whatsapp", "direction": "inbound",
                   "notes": "Asked for the price list", "next_contact_at": next}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(logged["kind"], "whatsapp");
    assert_eq!(logged["direction"], "inbound");
    assert_eq!(logged["user_id"], json!(rep.id));
    assert_eq!(logged["notes"], "Asked for the price list");

    // The lead's next contact is the touch's; its calls are untouched.
    let after = app.get_ok(&format!("/api/v1/leads/{}", id_of(&lead))).await;
    assert_eq!(
        after["next_contact_at"].as_str().unwrap()[..16],
        logged["next_contact_at"].as_str().unwrap()[..16]
    );
    assert_eq!(after["call_count"], 0);
    assert_eq!(app.count("calls").await, 0);
    // Counted beside the calls, by kind and by who was in touch; no call figure moves.
    let mut calls_after = app.get_ok("/api/v1/metrics/calls").await;
    assert_eq!(
        calls_after["current"]["touches"],
        json!({"total": 1, "chat": 1, "sms": 0, "email": 0, "meeting": 0})
    );
    calls_after["current"]["touches"] = calls_before["current"]["touches"].clone();
    assert_eq!(calls_after, calls_before);
    let theirs = app
        .get_ok(&format!("/api/v1/metrics/calls?owner_id={}", rep.id))
        .await;
    assert_eq!(theirs["current"]["touches"]["chat"], 1);
    let nobodys = app
        .get_ok(&format!("/api/v1/metrics/calls?owner_id={}", app.admin_id))
        .await;
    assert_eq!(nobodys["current"]["touches"]["total"], 0);

    // Listed newest first, filtered by lead and kind.
    json_of(
        touch(
            &app,
            &rep,
            json!({"lead_id": id_of(&lead), "kind": "meeting",
                   "happened_at": (Utc::now() - Duration::hours(3)).to_rfc3339()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let listed = json_of(
        app.get(
            &rep.token,
            &format!("/api/v1/touches?lead_id={}", id_of(&lead)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let kinds: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["whatsapp", "meeting"]);
    let meetings = json_of(
        app.get(&rep.token, "/api/v1/touches?kind=meeting").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(meetings["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn reps_log_and_see_touches_on_their_own_leads_alone() {
    let app = spawn_app().await;
    let rep = app.user("Own Touch Rep", Role::Rep).await;
    let other = app.user("Other Touch Rep", Role::Rep).await;
    let manager = app.user("Touch Manager", Role::Manager).await;
    let theirs = app
        .lead(json!({"name": "Theirs", "phone": unique_phone(), "owner_id": other.id}))
        .await;
    let open = app
        .lead(json!({"name": "Unassigned", "phone": unique_phone()}))
        .await;

    // Another rep's lead is no lead to a rep; nor may a rep log as someone else.
    let refused = touch(
        &app,
        &rep,
        json!({"lead_id": id_of(&theirs), "kind": "sms"}),
    )
    .await;
    assert_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "lead_id").await;
    let as_other = touch(
        &app,
        &rep,
        json!({"lead_id": id_of(&open), "kind": "sms", "user_id": other.id}),
    )
    .await;
    assert_problem(as_other, StatusCode::UNPROCESSABLE_ENTITY, "user_id").await;
    assert_eq!(app.count("touches").await, 0);

    // A rep in touch with an unassigned lead takes it on, as with a call.
    let taken = touch(
        &app,
        &rep,
        json!({"lead_id": id_of(&open), "kind": "telegram"}),
    )
    .await;
    assert_eq!(taken.status(), StatusCode::CREATED);
    let lead = app.get_ok(&format!("/api/v1/leads/{}", id_of(&open))).await;
    assert_eq!(lead["owner_id"], json!(rep.id));

    // A manager logs on anyone's lead, for anyone.
    let for_other = touch(
        &app,
        &manager,
        json!({"lead_id": id_of(&theirs), "kind": "email", "user_id": other.id}),
    )
    .await;
    assert_eq!(for_other.status(), StatusCode::CREATED);

    // Each rep sees their own; a manager all.
    let count = |listed: Value| listed["items"].as_array().unwrap().len();
    let seen = json_of(app.get(&rep.token, "/api/v1/touches").await, StatusCode::OK).await;
    assert_eq!(count(seen), 1);
    let seen = json_of(
        app.get(&other.token, "/api/v1/touches").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(count(seen), 1);
    let seen = json_of(
        app.get(&manager.token, "/api/v1/touches").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(count(seen), 2);
}

#[tokio::test]
async fn a_retried_touch_is_stored_once_and_bad_input_names_its_field() {
    let app = spawn_app().await;
    let rep = app.user("Retry Touch Rep", Role::Rep).await;
    let lead = app
        .lead(json!({"name": "Retried", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let body = json!({"lead_id": id_of(&lead), "kind": "wechat"});
    let send = || {
        app.client
            .post(app.url("/api/v1/touches"))
            .bearer_auth(&rep.token)
            .header("Idempotency-Key", "chat-7-0001")
            .json(&body)
            .send()
    };
    let first = json_of(send().await.unwrap(), StatusCode::CREATED).await;
    let again = json_of(send().await.unwrap(), StatusCode::CREATED).await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(app.count("touches").await, 1);

    let bad_kind = touch(&app, &rep, json!({"lead_id": id_of(&lead), "kind": "fax"})).await;
    assert_problem(bad_kind, StatusCode::UNPROCESSABLE_ENTITY, "kind").await;
    let later = (Utc::now() + Duration::days(3)).to_rfc3339();
    let future = touch(
        &app,
        &rep,
        json!({"lead_id": id_of(&lead), "kind": "sms", "happened_at": later}),
    )
    .await;
    assert_problem(future, StatusCode::UNPROCESSABLE_ENTITY, "happened_at").await;
    let long = touch(
        &app,
        &rep,
        json!({"lead_id": id_of(&lead), "kind": "sms", "notes": "x".repeat(10_001)}),
    )
    .await;
    assert_problem(long, StatusCode::UNPROCESSABLE_ENTITY, "notes").await;
    assert_eq!(app.count("touches").await, 1);
}

#[tokio::test]
async fn a_touch_logged_from_the_lead_page_shows_on_its_timeline_in_the_readers_words() {
    let app = spawn_app().await;
    let rep = app
        .person("Wulan Touch", Role::Rep, "touch password 1")
        .await;
    app.execute(&format!(
        "UPDATE users SET language = 'id', time_zone = 'Asia/Jakarta' WHERE id = '{}'",
        rep.id
    ))
    .await;
    let client = browser();
    let csrf = sign_in(
        &client,
        &app.address,
        &email_of("Wulan Touch"),
        "touch password 1",
    )
    .await;
    let lead = app
        .lead(json!({"name": "Toko Jaya", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let path = format!("/leads/{}", id_of(&lead));
    let lead_page = page(&client, &app.url(&path)).await;
    assert!(
        lead_page.contains("Catat chat, pesan, atau pertemuan"),
        "{lead_page}"
    );

    // 14:05 in Jakarta is 07:05 UTC.
    let logged = post_form(
        &client,
        &app.url(&format!("{path}/touches")),
        &[
            ("csrf", &csrf),
            ("kind", "whatsapp"),
            ("direction", "inbound"),
            ("notes", "Minta katalog"),
            ("happened_at", "2026-12-03T14:05"),
        ],
    )
    .await;
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    let stored: String = app
        .scalar("SELECT to_char(happened_at AT TIME ZONE 'UTC', 'HH24:MI') FROM touches")
        .await;
    assert_eq!(stored, "07:05");
    let shown = page(&client, &app.url(&format!("{path}?touched=1"))).await;
    assert!(shown.contains("Tercatat."), "{shown}");
    assert!(
        shown.contains("WhatsApp, dari mereka · Wulan Touch"),
        "{shown}"
    );
    assert!(shown.contains("Minta katalog"), "{shown}");

    // A form without its kind is shown again, saying so, and stores nothing.
    let refused = post_form(
        &client,
        &app.url(&format!("{path}/touches")),
        &[("csrf", &csrf), ("notes", "lupa memilih")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = refused.text().await.unwrap();
    assert!(body.contains("pilih lewat apa"), "{body}");
    assert_eq!(app.count("touches").await, 1);

    // A manager reading in Russian sees it counted on the dashboard, beside the calls.
    let manager = app
        .person("Oleg Touch", Role::Manager, "touch password 2")
        .await;
    app.execute(&format!(
        "UPDATE users SET language = 'ru' WHERE id = '{}'",
        manager.id
    ))
    .await;
    let manager_client = browser();
    sign_in(
        &manager_client,
        &app.address,
        &email_of("Oleg Touch"),
        "touch password 2",
    )
    .await;
    let dashboard = page(&manager_client, &app.url("/dashboard")).await;
    assert!(dashboard.contains("Касания помимо звонков"), "{dashboard}");
    assert!(
        dashboard.contains("Переписки (WhatsApp, WeChat, Telegram)"),
        "{dashboard}"
    );
}
