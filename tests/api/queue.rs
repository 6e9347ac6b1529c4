use futures::future::join_all;
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, json_of, spawn_app, unique_phone};

async fn next(app: &crate::helpers::TestApp, token: &str) -> Value {
    json_of(app.get(token, "/api/v1/queue/next").await, StatusCode::OK).await
}

#[tokio::test]
async fn the_queue_offers_due_follow_ups_then_new_leads_then_retries_and_never_the_excluded() {
    let app = spawn_app().await;
    let rep = app.user("Queue Rep", Role::Rep).await;
    let other = app.user("Other Rep", Role::Rep).await;

    let retry = app.simple_lead("Retry me").await;
    app.log_call(&app.admin_token, json!({"lead_id": retry["id"], "outcome": "no_answer", "started_at": "2026-01-01T09:00:00Z"})).await;
    let fresh = app.simple_lead("Never called").await;
    let follow_up = app.simple_lead("Call me back").await;
    app.log_call(
        &app.admin_token,
        json!({"lead_id": follow_up["id"], "outcome": "connected", "intent": "unclear",
                                           "next_contact_at": "2026-01-02T09:00:00Z"}),
    )
    .await;
    // Never offered: do-not-call, bad number, lost, won, another rep's, no phone, a future follow-up.
    app.lead(json!({"name": "DNC", "phone": unique_phone(), "do_not_call": true}))
        .await;
    let bad = app.simple_lead("Dead line").await;
    app.log_call(
        &app.admin_token,
        json!({"lead_id": bad["id"], "outcome": "out_of_service"}),
    )
    .await;
    let lost = app.simple_lead("Lost").await;
    app.admin_post(
        &format!("/api/v1/leads/{}/lost", id_of(&lost)),
        json!({"reason": "Not interested"}),
    )
    .await;
    app.lead(json!({"name": "Won", "phone": unique_phone(), "stage": "decide", "deal_value": 1}))
        .await;
    app.lead(json!({"name": "Not mine", "phone": unique_phone(), "owner_id": other.id}))
        .await;
    app.lead(json!({"name": "No phone"})).await;
    app.lead(json!({"name": "Later", "phone": unique_phone(), "next_contact_at": "2099-01-01T00:00:00Z"})).await;

    let mut offered = Vec::new();
    for _ in 0..3 {
        let n = next(&app, &rep.token).await;
        offered.push((
            n["lead"]["name"].as_str().unwrap().to_owned(),
            n["reason"].as_str().unwrap().to_owned(),
        ));
        // Logging a call releases the claim; a call scheduled far ahead takes it out of the queue.
        app.log_call(
            &rep.token,
            json!({"lead_id": n["lead"]["id"], "outcome": "connected", "intent": "unclear",
                                         "next_contact_at": "2099-01-01T00:00:00Z"}),
        )
        .await;
    }
    assert_eq!(
        offered,
        [
            ("Call me back".to_owned(), "follow_up".to_owned()),
            ("Never called".to_owned(), "new".to_owned()),
            ("Retry me".to_owned(), "retry".to_owned()),
        ]
    );
    let empty = next(&app, &rep.token).await;
    assert_eq!(empty["lead"], Value::Null);
    let _ = fresh;
}

#[tokio::test]
async fn asking_again_returns_the_lead_already_claimed_and_release_gives_it_back() {
    let app = spawn_app().await;
    let rep = app.user("Claimer", Role::Rep).await;
    let other = app.user("Second", Role::Rep).await;
    app.simple_lead("Only one").await;
    let first = next(&app, &rep.token).await;
    let again = next(&app, &rep.token).await;
    assert_eq!(again["lead"]["id"], first["lead"]["id"]);
    assert_eq!(again["reason"], "claimed");
    assert_eq!(
        next(&app, &other.token).await["lead"],
        Value::Null,
        "claimed by someone else"
    );

    let released = app
        .delete(
            &rep.token,
            &format!("/api/v1/queue/claims/{}", id_of(&first["lead"])),
        )
        .await;
    assert_eq!(released.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        next(&app, &other.token).await["lead"]["id"],
        first["lead"]["id"]
    );
}

#[tokio::test]
async fn reps_asking_at_the_same_moment_never_get_the_same_lead() {
    let app = spawn_app().await;
    let mut reps = Vec::new();
    for i in 0..8 {
        reps.push(app.user(&format!("Rep {i}"), Role::Rep).await);
    }
    for i in 0..12 {
        app.simple_lead(&format!("Lead {i}")).await;
    }
    let answers = join_all(reps.iter().map(|r| next(&app, &r.token))).await;
    let mut ids: Vec<String> = answers
        .iter()
        .map(|a| {
            a["lead"]["id"]
                .as_str()
                .expect("each rep gets a lead")
                .to_owned()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), reps.len());
}

/// The queue's form sent twice (Enter pressed twice, a browser resending it) logs one
/// call; the same form's key with other values is refused, naming it.
#[tokio::test]
async fn the_log_call_form_sent_twice_logs_one_call() {
    let app = spawn_app().await;
    let rep = app.person("Rin", Role::Rep, "queue form password").await;
    app.lead(json!({"name": "Twice", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let client = crate::helpers::browser();
    crate::helpers::sign_in(
        &client,
        &app.address,
        "rin@example.com",
        "queue form password",
    )
    .await;
    let page = crate::helpers::page(&client, &app.url("/queue")).await;
    let field = |name: &str| crate::helpers::hidden_input(&page, name);
    let (csrf, lead_id, submission) = (field("csrf"), field("lead_id"), field("submission"));
    assert!(!submission.is_empty());
    let send = |outcome: &'static str| {
        let form = [
            ("csrf", csrf.clone()),
            ("lead_id", lead_id.clone()),
            ("submission", submission.clone()),
            ("outcome", outcome.to_owned()),
            ("talk", "1:30".to_owned()),
        ];
        let (client, url) = (client.clone(), app.url("/queue/log"));
        async move { client.post(url).form(&form).send().await.unwrap() }
    };
    for _ in 0..2 {
        let response = send("connected").await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], "/queue?saved=1");
    }
    assert_eq!(
        app.count("calls").await,
        1,
        "the form sent twice logged twice"
    );
    let changed = send("busy").await;
    assert_eq!(changed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = changed.text().await.unwrap();
    assert!(page.contains("sent before with other values"), "{page}");
    assert_eq!(app.count("calls").await, 1);
}
