//! The change feed: leads in the order they last changed, the leads that are gone, and
//! the `lead.updated` and `lead.deleted` webhooks.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, json_of, spawn_app, unique_phone, TestApp};
use crate::webhooks::subscribe;

/// The ids of a feed's pages, read to the end.
async fn feed(app: &TestApp, token: &str, path: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}&limit=2&cursor={c}"),
            None => format!("{path}&limit=2"),
        };
        let page = json_of(app.get(token, &url).await, StatusCode::OK).await;
        ids.extend(page["items"].as_array().unwrap().iter().map(id_of));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return ids,
        }
    }
}

/// The `lead.updated` deliveries' `changes`, for `lead`, oldest first.
async fn changes_of(app: &TestApp, lead: &str) -> Vec<Value> {
    let rows: Vec<(Value,)> = sqlx::query_as(
        "SELECT payload FROM webhook_deliveries
         WHERE event_type = 'lead.updated' AND payload #>> '{data,lead,id}' = $1
         ORDER BY created_at, id",
    )
    .bind(lead)
    .fetch_all(&app.db)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(p,)| p["data"]["changes"].clone())
        .collect()
}

#[tokio::test]
async fn the_feed_lists_leads_in_the_order_they_last_changed() {
    let app = spawn_app().await;
    let rep = app.user("Feed Rep", Role::Rep).await;
    let since: String = app
        .scalar(r#"SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"#)
        .await;
    let first = id_of(&app.lead(json!({"name": "Ayu", "owner_id": rep.id})).await);
    let second = id_of(&app.simple_lead("Bima").await);
    let third = id_of(
        &app.lead(json!({"name": "Citra", "phone": unique_phone()}))
            .await,
    );
    // The first changes last: it comes last, once.
    let patched = app
        .admin_patch(
            &format!("/api/v1/leads/{first}"),
            json!({"do_not_call": true}),
        )
        .await;
    assert_eq!(patched.status(), StatusCode::OK);
    let path = format!("/api/v1/leads?updated_since={since}");
    assert_eq!(
        feed(&app, &app.admin_token, &path).await,
        [second.clone(), third.clone(), first.clone()]
    );
    // A logged call that changes a lead's own fields moves it too.
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": third, "outcome": "invalid_number"}),
    )
    .await;
    assert_eq!(
        feed(&app, &app.admin_token, &path).await,
        [second.clone(), first.clone(), third.clone()]
    );
    // A rep's feed has their own and unassigned leads alone.
    let given = app
        .admin_patch(
            &format!("/api/v1/leads/{third}"),
            json!({"owner_id": app.admin_id}),
        )
        .await;
    assert_eq!(given.status(), StatusCode::OK);
    assert_eq!(feed(&app, &rep.token, &path).await, [second, first]);
    let bad = app
        .get(&rep.token, "/api/v1/leads?updated_since=soon")
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn lead_updated_carries_what_changed_and_lead_deleted_what_was_merged() {
    let app = spawn_app().await;
    subscribe(
        &app,
        "https://dialer.example.com/hooks",
        &["lead.updated", "lead.deleted"],
    )
    .await;
    let phone = unique_phone();
    let lead = id_of(
        &app.lead(json!({"name": "Dewi Lestari", "phone": phone}))
            .await,
    );
    assert!(
        changes_of(&app, &lead).await.is_empty(),
        "a creation is lead.created's"
    );

    app.admin_patch(
        &format!("/api/v1/leads/{lead}"),
        json!({"email": "dewi@example.co.id", "do_not_call": true, "tags": ["vip"]}),
    )
    .await;
    // A call that changes none of the lead's own fields raises nothing; one that finds the
    // number bad says so.
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": lead, "outcome": "busy"}),
    )
    .await;
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": lead, "outcome": "out_of_service"}),
    )
    .await;
    let mut changes = changes_of(&app, &lead).await;
    // The PATCH's fields and its tags are two events, in either order.
    changes[..2].sort_by_key(|c| c.to_string());
    assert_eq!(
        changes,
        [
            json!({"do_not_call": true, "email": "dewi@example.co.id"}),
            json!({"tags_added": ["vip"]}),
            json!({"phone_bad": true}),
        ],
        "{changes:#?}"
    );

    // A merged duplicate is deleted: the feed and the webhook name where it went.
    let twin = id_of(
        &app.lead(json!({"name": "Dewi L.", "allow_duplicate": true, "phone": phone}))
            .await,
    );
    let merged = app
        .admin_post(
            &format!("/api/v1/leads/{lead}/merge"),
            json!({"from": [twin]}),
        )
        .await;
    assert_eq!(merged.status(), StatusCode::OK);
    let gone = json_of(
        app.get(&app.admin_token, "/api/v1/leads/deleted?since=2020-01-01")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(gone["items"][0]["id"], twin.as_str());
    assert_eq!(gone["items"][0]["merged_into"], lead.as_str());
    let deleted: Value = app
        .scalar("SELECT payload FROM webhook_deliveries WHERE event_type = 'lead.deleted'")
        .await;
    assert_eq!(deleted["data"]["lead_id"], twin.as_str());
    assert_eq!(deleted["data"]["merged_into"], lead.as_str());

    // An erasure tells the receivers, and its notice carries nothing of the person.
    let erased = app
        .delete(&app.admin_token, &format!("/api/v1/leads/{lead}"))
        .await;
    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    let changes = changes_of(&app, &lead).await;
    assert_eq!(
        changes.len(),
        1,
        "the person's earlier deliveries are gone: {changes:#?}"
    );
    assert!(changes[0]["erased_at"].is_string(), "{changes:#?}");
    let notice: String = app
        .scalar("SELECT payload::text FROM webhook_deliveries WHERE event_type = 'lead.updated'")
        .await;
    for personal in ["Dewi", "dewi@", phone.trim_start_matches('+')] {
        assert!(!notice.contains(personal), "{personal} in {notice}");
    }
}
