//! Merging duplicates: every call, touch, task, tag and stage event of the duplicates moves to
//! the surviving lead exactly once, the duplicates are gone, and the merge is in the history;
//! managers and admins only, by the API and on the lead's page.

use std::collections::BTreeSet;

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, id_of, json_of, page, post_form, spawn_app, unique_phone, TestApp,
};

async fn call_ids(app: &TestApp, lead: &str) -> BTreeSet<String> {
    let page = app
        .get_ok(&format!("/api/v1/calls?lead_id={lead}&limit=200"))
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect()
}

async fn log_calls(app: &TestApp, token: &str, lead: &str, n: usize) {
    for _ in 0..n {
        app.logged_call(token, json!({"lead_id": lead, "outcome": "no_answer"}))
            .await;
    }
}

#[tokio::test]
async fn a_merge_keeps_every_call_exactly_once() {
    let app = spawn_app().await;
    let rep = app.user("Bayu Rep", Role::Rep).await;
    let manager = app.user("Citra Manager", Role::Manager).await;
    let phone = unique_phone();
    let survivor = id_of(
        &app.lead(
            json!({"name": "Pak Hendra", "phone": phone, "owner_id": rep.id,
                         "tags": ["jakarta"], "source": "Facebook"}),
        )
        .await,
    );
    let twin = id_of(
        &app.lead(
            json!({"name": "Hendra W.", "phone": phone, "allow_duplicate": true,
                         "email": "hendra@example.co.id", "company": "CV Hendra",
                         "tags": ["vip", "jakarta"]}),
        )
        .await,
    );
    let third = id_of(
        &app.lead(json!({"name": "Hendra Wijaya", "phone": unique_phone(), "owner_id": rep.id}))
            .await,
    );
    log_calls(&app, &rep.token, &survivor, 1).await;
    log_calls(&app, &rep.token, &twin, 3).await;
    log_calls(&app, &rep.token, &third, 2).await;
    app.moved(&survivor, json!({"to": "interest"})).await;
    app.moved(&twin, json!({"to": "need"})).await;
    app.post_expecting(
        "/api/v1/touches",
        json!({"lead_id": twin, "kind": "whatsapp", "direction": "inbound"}),
        StatusCode::CREATED,
    )
    .await;
    app.post_expecting(
        "/api/v1/tasks",
        json!({"lead_id": third, "title": "Send the quote", "due_at": "2026-12-10T03:00:00Z",
               "assignee_id": rep.id}),
        StatusCode::CREATED,
    )
    .await;
    app.patch_expecting(
        &format!("/api/v1/leads/{twin}"),
        json!({"notes": "prefers mornings"}),
        StatusCode::OK,
    )
    .await;
    let referred = id_of(
        &app.lead(json!({"name": "Teman Hendra", "phone": unique_phone(), "referred_by": third}))
            .await,
    );

    let calls_before = app.count("calls").await;
    let mut expected = call_ids(&app, &survivor).await;
    expected.extend(call_ids(&app, &twin).await);
    expected.extend(call_ids(&app, &third).await);
    assert_eq!(expected.len(), 6);
    let events_before: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM stage_events WHERE lead_id IN ('{survivor}', '{twin}', '{third}')"
        ))
        .await;

    // Refused: a rep, nothing to merge, the survivor among the others, a lead that is not.
    let refused = app
        .post(
            &rep.token,
            &format!("/api/v1/leads/{survivor}/merge"),
            &json!({"from": [twin]}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for from in [
        json!([]),
        json!([survivor]),
        json!([twin, twin]),
        json!([uuid::Uuid::now_v7()]),
    ] {
        assert_problem(
            app.post(
                &manager.token,
                &format!("/api/v1/leads/{survivor}/merge"),
                &json!({ "from": from }),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "from",
        )
        .await;
    }
    assert_eq!(app.count("calls").await, calls_before);

    let merged = json_of(
        app.post(
            &manager.token,
            &format!("/api/v1/leads/{survivor}/merge"),
            &json!({"from": [twin, third]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        merged["merged"],
        json!({"calls": 5, "touches": 1, "tasks": 1, "events": merged["merged"]["events"], "tags": 1})
    );
    // Every call once: none lost, none doubled, all on the survivor.
    assert_eq!(app.count("calls").await, calls_before);
    assert_eq!(call_ids(&app, &survivor).await, expected);
    let events_after: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM stage_events WHERE lead_id = '{survivor}'"
        ))
        .await;
    assert_eq!(events_after, events_before);
    assert_eq!(merged["merged"]["events"], json!(events_before - 2));

    let lead = &merged["lead"];
    assert_eq!(lead["name"], "Pak Hendra");
    assert_eq!(lead["stage"], "interest", "keeps its own stage");
    assert_eq!(lead["max_stage"], "need", "reached what the twin reached");
    assert_eq!(lead["call_count"], 6);
    assert_eq!(lead["email"], "hendra@example.co.id");
    assert_eq!(lead["company"], "CV Hendra");
    assert_eq!(lead["notes"], "prefers mornings");
    assert_eq!(lead["tags"], json!(["jakarta", "vip"]));
    for gone in [&twin, &third] {
        let missing = app
            .get(&app.admin_token, &format!("/api/v1/leads/{gone}"))
            .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
    let tasks: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM tasks WHERE lead_id = '{survivor}'"
        ))
        .await;
    assert_eq!(tasks, 1);
    let referrer = app.get_ok(&format!("/api/v1/leads/{referred}")).await;
    assert_eq!(referrer["referred_by"], json!(survivor));

    // The twin's history came along, and the merge is in it, by the manager.
    let history = json_of(
        app.get(
            &app.admin_token,
            &format!("/api/v1/leads/{survivor}/history"),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let items = history["items"].as_array().unwrap();
    let merge = items
        .iter()
        .find(|i| i["action"] == "merged")
        .expect("the merge is recorded");
    assert_eq!(merge["user_id"], json!(manager.id));
    let from: BTreeSet<String> = merge["changes"]["merged"]["from"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(from, BTreeSet::from([twin.clone(), third.clone()]));
    assert!(items
        .iter()
        .any(|i| i["changes"]["notes"]["new"] == "prefers mornings" && i["action"] == "changed"));
}

/// On the page: the leads with the same number are offered; merging needs the box ticked.
#[tokio::test]
async fn a_manager_merges_a_duplicate_on_the_page() {
    let app = spawn_app().await;
    let phone = unique_phone();
    let survivor = id_of(&app.lead(json!({"name": "Ibu Ratih", "phone": phone})).await);
    let twin = id_of(
        &app.lead(json!({"name": "Ratih (form)", "phone": phone, "allow_duplicate": true}))
            .await,
    );
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": twin, "outcome": "connected", "intent": "clear", "talk_seconds": 60}),
    )
    .await;
    let (client, csrf, _) = app.signed_in("Dimas Manager", Role::Manager).await;
    let shown = page(&client, &app.url(&format!("/leads/{survivor}"))).await;
    assert!(shown.contains("id=\"merge-form\""), "{shown}");
    assert!(shown.contains(&format!("value=\"{twin}\"")), "{shown}");

    let unconfirmed = post_form(
        &client,
        &app.url(&format!("/leads/{survivor}/merge")),
        &[("csrf", csrf.as_str()), ("from", twin.as_str())],
    )
    .await;
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("leads").await, 2);

    let merged = post_form(
        &client,
        &app.url(&format!("/leads/{survivor}/merge")),
        &[
            ("csrf", csrf.as_str()),
            ("from", twin.as_str()),
            ("confirm", "yes"),
        ],
    )
    .await;
    assert_eq!(merged.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("leads").await, 1);
    let shown = page(
        &client,
        &app.url(&format!("/leads/{survivor}?saved=merged")),
    )
    .await;
    assert!(
        shown.contains("The duplicates are merged into this lead."),
        "{shown}"
    );
    assert!(
        shown.contains("Dimas Manager merged duplicates into this lead"),
        "{shown}"
    );
    assert!(shown.contains("Merged: one call, 0 touches"), "{shown}");
    let lead: Value = app.get_ok(&format!("/api/v1/leads/{survivor}")).await;
    assert_eq!(lead["call_count"], 1);

    let (rep_client, rep_csrf, _) = app.signed_in("Eka Rep", Role::Rep).await;
    let rep_page = page(&rep_client, &app.url(&format!("/leads/{survivor}"))).await;
    assert!(!rep_page.contains("id=\"merge-form\""));
    let refused = post_form(
        &rep_client,
        &app.url(&format!("/leads/{survivor}/merge")),
        &[("csrf", rep_csrf.as_str()), ("confirm", "yes")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
