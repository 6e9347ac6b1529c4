//! Notifications: who is told what (a lead given to them by someone else, their
//! follow-ups and tasks as they fall due, their imports as they end), that each user
//! reads and marks only their own, and the page and its live stream in a user's language
//! and zone.

use std::time::Duration;

use leadline::domain::user::Role;
use leadline::storage;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    browser, email_of, id_of, json_of, page, post_form, sign_in, spawn_app, unique_phone, TestApp,
    TestUser,
};

const PASSWORD: &str = "notifications password";

async fn notices(app: &TestApp, user: &TestUser, query: &str) -> Value {
    json_of(
        app.get(&user.token, &format!("/api/v1/notifications{query}"))
            .await,
        StatusCode::OK,
    )
    .await
}

fn kinds(listed: &Value) -> Vec<String> {
    listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// Look for follow-ups and tasks fallen due in the last hour, as a node's sweep does.
async fn sweep(app: &TestApp) -> u64 {
    app.execute("UPDATE notification_sweep SET swept_to = now() - interval '1 hour'")
        .await;
    storage::notifications::sweep_due(&app.db)
        .await
        .unwrap()
        .expect("no other sweep holds the row")
}

#[tokio::test]
async fn a_lead_given_to_a_rep_by_someone_else_tells_them_once() {
    let app = spawn_app().await;
    let rep = app.user("Given Rep", Role::Rep).await;
    let other = app.user("Other Given Rep", Role::Rep).await;
    let manager = app.user("Giving Manager", Role::Manager).await;

    // Created for the rep by the admin: told, with who gave it.
    let lead = app
        .lead(json!({"name": "Toko Maju", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let listed = notices(&app, &rep, "").await;
    assert_eq!(listed["unread"], 1);
    assert_eq!(kinds(&listed), ["lead_assigned"]);
    let told = &listed["items"][0];
    assert_eq!(told["lead_id"], lead["id"]);
    assert_eq!(told["lead_name"], "Toko Maju");
    assert_eq!(told["actor_name"], "Ada Admin");
    assert_eq!(told["read_at"], Value::Null);

    // Saved again with the same owner (as the lead page's form does): nothing new.
    let path = format!("/api/v1/leads/{}", id_of(&lead));
    let same = app
        .patch(
            &manager.token,
            &path,
            &json!({"owner_id": rep.id, "notes": "again"}),
        )
        .await;
    assert_eq!(same.status(), StatusCode::OK);
    assert_eq!(notices(&app, &rep, "").await["unread"], 1);

    // Given to another rep by the manager: that rep is told, by the manager's name.
    let moved = app
        .patch(&manager.token, &path, &json!({"owner_id": other.id}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let theirs = notices(&app, &other, "").await;
    assert_eq!(kinds(&theirs), ["lead_assigned"]);
    assert_eq!(theirs["items"][0]["actor_name"], "Giving Manager");

    // A rep who takes an unassigned lead for themselves is not told of it.
    let open = app
        .lead(json!({"name": "Unassigned Lead", "phone": unique_phone()}))
        .await;
    let taken = app
        .patch(
            &rep.token,
            &format!("/api/v1/leads/{}", id_of(&open)),
            &json!({"owner_id": rep.id}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    assert_eq!(notices(&app, &rep, "").await["unread"], 1);
    // The rep's own lead, created as theirs by themselves: nothing either.
    app.post(
        &rep.token,
        "/api/v1/leads",
        &json!({"name": "Own Lead", "phone": unique_phone(), "owner_id": rep.id}),
    )
    .await;
    assert_eq!(notices(&app, &rep, "").await["unread"], 1);
}

#[tokio::test]
async fn each_user_reads_and_marks_only_their_own_notifications() {
    let app = spawn_app().await;
    let rep = app.user("Reading Rep", Role::Rep).await;
    let other = app.user("Nosy Rep", Role::Rep).await;
    let manager = app.user("Nosy Manager", Role::Manager).await;
    for n in 0..3 {
        app.lead(json!({"name": format!("Lead {n}"), "phone": unique_phone(), "owner_id": rep.id}))
            .await;
    }
    let listed = notices(&app, &rep, "").await;
    assert_eq!(listed["unread"], 3);
    let ids: Vec<i64> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    // Newest first.
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");

    // Nobody else sees them, nor marks them read: another rep or a manager alike.
    assert_eq!(notices(&app, &other, "").await["items"], json!([]));
    assert_eq!(notices(&app, &manager, "").await["items"], json!([]));
    for token in [&other.token, &manager.token, &app.admin_token] {
        let refused = app
            .post(
                token,
                &format!("/api/v1/notifications/{}/read", ids[0]),
                &json!({}),
            )
            .await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    }
    let nobody_read = app
        .post(&other.token, "/api/v1/notifications/read", &json!({}))
        .await;
    assert_eq!(json_of(nobody_read, StatusCode::OK).await["read"], 0);
    assert_eq!(notices(&app, &rep, "").await["unread"], 3);

    // The rep reads one, then all up to the newest they saw.
    let read = app
        .post(
            &rep.token,
            &format!("/api/v1/notifications/{}/read", ids[2]),
            &json!({}),
        )
        .await;
    assert_eq!(read.status(), StatusCode::NO_CONTENT);
    let unread = notices(&app, &rep, "?unread=true").await;
    assert_eq!(unread["unread"], 2);
    assert_eq!(unread["items"].as_array().unwrap().len(), 2);
    let after = notices(&app, &rep, &format!("?after={}", ids[1])).await;
    assert_eq!(after["items"].as_array().unwrap().len(), 1);
    let all = app
        .post(
            &rep.token,
            "/api/v1/notifications/read",
            &json!({"up_to": ids[1]}),
        )
        .await;
    assert_eq!(json_of(all, StatusCode::OK).await["read"], 1);
    assert_eq!(notices(&app, &rep, "").await["unread"], 1);

    // Bad input names its field.
    let bad = app.get(&rep.token, "/api/v1/notifications?limit=0").await;
    crate::helpers::assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "limit").await;
    let bad = app
        .post(
            &rep.token,
            "/api/v1/notifications/read",
            &json!({"up_to": "soon"}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn follow_ups_and_tasks_tell_their_owner_once_as_they_fall_due() {
    let app = spawn_app().await;
    let rep = app.user("Due Rep", Role::Rep).await;
    let due = app
        .lead(json!({"name": "Call Me Back", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let later = app
        .lead(json!({"name": "Call Me Later", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let refused = app
        .lead(json!({"name": "Do Not Call", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let unowned = app
        .lead(json!({"name": "Nobody's", "phone": unique_phone()}))
        .await;
    let set = |lead: &Value, when: &str| {
        format!(
            "UPDATE leads SET next_contact_at = now() + interval '{when}' WHERE id = '{}'",
            id_of(lead)
        )
    };
    app.execute(&set(&due, "-10 minutes")).await;
    app.execute(&set(&later, "2 hours")).await;
    app.execute(&set(&refused, "-10 minutes")).await;
    app.execute(&format!(
        "UPDATE leads SET do_not_call = true WHERE id = '{}'",
        id_of(&refused)
    ))
    .await;
    app.execute(&set(&unowned, "-10 minutes")).await;
    let task = json_of(
        app.post(
            &rep.token,
            "/api/v1/tasks",
            &json!({"lead_id": id_of(&due), "title": "Send the price list",
                    "due_at": (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    app.execute(&format!(
        "UPDATE tasks SET due_at = now() - interval '5 minutes' WHERE id = '{}'",
        id_of(&task)
    ))
    .await;
    // The admin gave the rep these leads: read those first.
    app.post(&rep.token, "/api/v1/notifications/read", &json!({}))
        .await;

    assert_eq!(sweep(&app).await, 2);
    let listed = notices(&app, &rep, "?unread=true").await;
    let mut told = kinds(&listed);
    told.sort();
    assert_eq!(told, ["follow_up_due", "task_due"]);
    for notice in listed["items"].as_array().unwrap() {
        assert_eq!(notice["lead_name"], "Call Me Back");
        assert!(notice["due_at"].is_string());
    }
    let task_notice = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "task_due")
        .unwrap();
    assert_eq!(task_notice["task_title"], "Send the price list");

    // The next sweep looks after the last one: nothing is told twice.
    assert_eq!(
        storage::notifications::sweep_due(&app.db).await.unwrap(),
        Some(0)
    );
    // A sweep another node is running is left to it.
    let mut holder = app.db.begin().await.unwrap();
    sqlx::query("SELECT swept_to FROM notification_sweep FOR UPDATE")
        .execute(&mut *holder)
        .await
        .unwrap();
    assert_eq!(
        storage::notifications::sweep_due(&app.db).await.unwrap(),
        None
    );
    holder.rollback().await.unwrap();
}

#[tokio::test]
async fn an_import_that_ends_tells_who_started_it() {
    let app = spawn_app().await;
    let manager = app.user("Importing Manager", Role::Manager).await;
    let import = storage::imports::create(&app.db, manager.id, "leads.csv", b"name\nAda\n")
        .await
        .unwrap();
    storage::imports::finish(
        &app.db,
        import,
        "done",
        1200,
        1187,
        &storage::imports::Reports::errors(json!([])),
    )
    .await
    .unwrap();
    let failed = storage::imports::create(&app.db, manager.id, "broken.csv", b"name\n")
        .await
        .unwrap();
    storage::imports::finish(
        &app.db,
        failed,
        "failed",
        0,
        0,
        &storage::imports::Reports::errors(json!([])),
    )
    .await
    .unwrap();
    let listed = notices(&app, &manager, "").await;
    assert_eq!(kinds(&listed), ["import_finished", "import_finished"]);
    assert_eq!(listed["items"][0]["import_file"], "broken.csv");
    assert_eq!(listed["items"][0]["import_status"], "failed");
    assert_eq!(listed["items"][1]["imported_rows"], 1187);
    // One run from the command line has nobody to tell, and ends all the same.
    let cli = storage::imports::create(&app.db, manager.id, "cli.csv", b"name\n")
        .await
        .unwrap();
    app.execute(&format!(
        "UPDATE imports SET created_by = NULL WHERE id = '{cli}'"
    ))
    .await;
    storage::imports::finish(
        &app.db,
        cli,
        "done",
        0,
        0,
        &storage::imports::Reports::errors(json!([])),
    )
    .await
    .unwrap();
    assert_eq!(app.count("notifications").await, 2);
    // The admin, who started neither, is told nothing.
    let admin = json_of(
        app.get(&app.admin_token, "/api/v1/notifications").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(admin["items"], json!([]));
}

/// Sign `name` in with the browser client, their language and zone set first.
async fn signed_in(
    app: &TestApp,
    name: &str,
    language: &str,
    zone: &str,
) -> (TestUser, reqwest::Client, String) {
    let user = app.person(name, Role::Rep, PASSWORD).await;
    app.execute(&format!(
        "UPDATE users SET language = '{language}', time_zone = '{zone}' WHERE id = '{}'",
        user.id
    ))
    .await;
    let client = browser();
    let csrf = sign_in(&client, &app.address, &email_of(name), PASSWORD).await;
    (user, client, csrf)
}

#[tokio::test]
async fn the_page_says_each_notification_in_the_readers_language_and_opens_it() {
    let app = spawn_app().await;
    let (rep, client, csrf) = signed_in(&app, "Sari Jakarta", "id", "Asia/Jakarta").await;
    let (ru_rep, ru_client, _) = signed_in(&app, "Olga Moskva", "ru", "Europe/Moscow").await;
    let lead = app
        .lead(json!({"name": "Toko Sinar", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    for n in 0..2 {
        app.lead(
            json!({"name": format!("Магазин {n}"), "phone": unique_phone(), "owner_id": ru_rep.id}),
        )
        .await;
    }
    // A follow-up due at 09:30 UTC, read in Jakarta (16:30) and in Moscow (12:30).
    app.execute(&format!(
        "INSERT INTO notifications (user_id, kind, lead_id, due_at) VALUES \
         ('{}', 'follow_up_due', '{}', '2026-12-04T09:30:00Z')",
        rep.id,
        id_of(&lead)
    ))
    .await;

    let listed = page(&client, &app.url("/notifications")).await;
    assert!(
        listed.contains("Ada Admin memberikan Toko Sinar kepada Anda"),
        "{listed}"
    );
    assert!(
        listed.contains("Waktunya follow-up: telepon Toko Sinar"),
        "{listed}"
    );
    assert!(
        listed.contains("16.30") || listed.contains("16:30"),
        "{listed}"
    );
    // The header counts them, in words for screen readers.
    assert!(listed.contains("2 notifikasi belum dibaca"), "{listed}");

    let ru = page(&ru_client, &app.url("/queue")).await;
    assert!(ru.contains("2 непрочитанных уведомления"), "{ru}");
    let ru_list = page(&ru_client, &app.url("/notifications")).await;
    assert!(
        ru_list.contains("Ada Admin: вам передан лид Магазин 1"),
        "{ru_list}"
    );

    // Opening one reads it and goes to its lead.
    let listed_api = notices(&app, &rep, "?unread=true").await;
    let assigned = listed_api["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "lead_assigned")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let opened = post_form(
        &client,
        &app.url(&format!("/notifications/{assigned}/open")),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(opened.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        opened.headers()["location"],
        format!("/leads/{}", id_of(&lead)).as_str()
    );
    assert_eq!(notices(&app, &rep, "").await["unread"], 1);
    // Another user's is not found for them.
    let ru_csrf = crate::helpers::form_csrf(&ru_client, &app.url("/notifications")).await;
    let theirs = post_form(
        &ru_client,
        &app.url(&format!("/notifications/{assigned}/open")),
        &[("csrf", &ru_csrf)],
    )
    .await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);

    // Mark all read: the count is gone.
    let newest =
        crate::helpers::hidden_input(&page(&client, &app.url("/notifications")).await, "newest");
    let all = post_form(
        &client,
        &app.url("/notifications/read"),
        &[("csrf", &csrf), ("newest", &newest)],
    )
    .await;
    assert_eq!(all.status(), StatusCode::SEE_OTHER);
    let after = page(&client, &app.url("/notifications")).await;
    assert!(after.contains("Tidak ada notifikasi baru"), "{after}");
}

/// Read the event stream until an event holds `needle`; the event's data.
pub async fn event_with(stream: &mut reqwest::Response, needle: &str) -> String {
    let mut seen: Vec<u8> = Vec::new();
    let found = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let chunk = stream.chunk().await.unwrap().expect("the stream ended");
            seen.extend_from_slice(&chunk);
            let text = String::from_utf8_lossy(&seen);
            if let Some(event) = text.split("\n\n").find(|event| event.contains(needle)) {
                return event.to_owned();
            }
        }
    })
    .await;
    found.unwrap_or_else(|_| {
        panic!(
            "no event with {needle:?} in: {}",
            String::from_utf8_lossy(&seen)
        )
    })
}

#[tokio::test]
async fn an_open_page_hears_of_a_lead_given_to_its_user() {
    let app = spawn_app().await;
    let (rep, client, _) = signed_in(&app, "Live Rep", "zh-CN", "Asia/Shanghai").await;
    let mut stream = client
        .get(app.url("/notifications/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    // The first event says the count as it is.
    let first = event_with(&mut stream, "\"unread\":0").await;
    assert!(first.starts_with("event: notices"), "{first}");

    app.lead(json!({"name": "上海贸易", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let event = event_with(&mut stream, "上海贸易").await;
    assert!(
        event.contains("Ada Admin 将线索 上海贸易 分配给了您"),
        "{event}"
    );
    assert!(event.contains("\"unread\":1"), "{event}");
    assert!(event.contains("1 条未读通知"), "{event}");

    // Read elsewhere (the API): the open page's count follows.
    app.post(&rep.token, "/api/v1/notifications/read", &json!({}))
        .await;
    event_with(&mut stream, "\"unread\":0,\"notices\":[]").await;
}
