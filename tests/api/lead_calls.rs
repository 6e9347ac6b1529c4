//! Calls logged outside the queue: from a lead's page (inbound or outbound, afterwards,
//! with what the call decided) and from a number typed into the header's box.

use leadline::domain::user::Role;
use leadline::domain::zone::Zone;
use leadline::storage;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    browser, email_of, hidden_input, id_of, json_of, page, sign_in, spawn_app, unique_phone, visit,
    TestApp,
};

const PASSWORD: &str = "lead page calls";

/// A rep on Jakarta's clock, signed in; their id and browser.
async fn jakarta_rep(app: &TestApp, name: &str) -> (uuid::Uuid, String, Client) {
    let rep = app.person(name, Role::Rep, PASSWORD).await;
    let jakarta = Zone::parse("time_zone", "Asia/Jakarta").unwrap();
    storage::users::set_time_zone(&app.db, rep.id, Some(jakarta))
        .await
        .unwrap();
    let client = browser();
    sign_in(&client, &app.address, &email_of(name), PASSWORD).await;
    (rep.id, rep.token, client)
}

/// The lead page's log-call form sent with `fields` (and the page's CSRF token and key).
async fn log_on_page(
    app: &TestApp,
    client: &Client,
    lead_id: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let page = page(client, &app.url(&format!("/leads/{lead_id}"))).await;
    let (csrf, submission) = (
        hidden_input(&page, "csrf"),
        hidden_input(&page, "submission"),
    );
    let mut form = vec![("csrf", csrf.as_str()), ("submission", submission.as_str())];
    form.extend_from_slice(fields);
    client
        .post(app.url(&format!("/leads/{lead_id}/calls")))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// A new lead of `owner`'s; its id.
async fn lead_owned_by(app: &TestApp, owner: uuid::Uuid, name: &str) -> String {
    let lead = app
        .lead(json!({"name": name, "phone": unique_phone(), "owner_id": owner}))
        .await;
    id_of(&lead)
}

async fn lead_of(app: &TestApp, id: &str) -> Value {
    app.get_ok(&format!("/api/v1/leads/{id}")).await
}

async fn calls_of(app: &TestApp, id: &str) -> Vec<Value> {
    let listed = app.get_ok(&format!("/api/v1/calls?lead_id={id}")).await;
    listed["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_rep_logs_an_inbound_call_afterwards_on_a_leads_page_on_their_clock() {
    let app = spawn_app().await;
    let (rep, _, client) = jakarta_rep(&app, "Page Rep").await;
    let id = lead_owned_by(&app, rep, "Called Back").await;
    let logged = log_on_page(
        &app,
        &client,
        &id,
        &[
            ("direction", "inbound"),
            ("started_at", "2026-12-04T10:15"),
            ("outcome", "connected"),
            ("intent", "clear"),
            ("talk", "4:30"),
            ("notes", "Rang back about the offer"),
        ],
    )
    .await;
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        logged.headers()["location"],
        format!("/leads/{id}?logged=1").as_str()
    );
    let calls = calls_of(&app, &id).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["direction"], "inbound");
    // 10:15 WIB is 03:15Z.
    assert_eq!(calls[0]["started_at"], "2026-12-04T03:15:00Z");
    assert_eq!(calls[0]["talk_seconds"], 270);
    // A connected call with clear intent moves the lead on, as from the queue.
    assert_eq!(lead_of(&app, &id).await["stage"], "interest");
    let shown = page(&client, &app.url(&format!("/leads/{id}?logged=1"))).await;
    assert!(shown.contains("Call logged."), "{shown}");
    assert!(shown.contains("Rang back about the offer"), "{shown}");
}

#[tokio::test]
async fn the_form_marks_do_not_call_and_the_queue_never_offers_the_lead_again() {
    let app = spawn_app().await;
    let (rep, token, client) = jakarta_rep(&app, "Careful Rep").await;
    let id = lead_owned_by(&app, rep, "Stop Calling").await;
    let logged = log_on_page(
        &app,
        &client,
        &id,
        &[
            ("outcome", "connected"),
            ("intent", "none"),
            ("do_not_call", "on"),
        ],
    )
    .await;
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    let stored = lead_of(&app, &id).await;
    assert_eq!(stored["do_not_call"], true);
    // The call that heard the request is not flagged; one logged afterwards is.
    assert_eq!(calls_of(&app, &id).await[0]["do_not_call"], false);
    let next = json_of(app.get(&token, "/api/v1/queue/next").await, StatusCode::OK).await;
    assert_eq!(next["lead"], Value::Null);
    // A call that happens anyway is still logged, never refused.
    let again = log_on_page(&app, &client, &id, &[("outcome", "busy")]).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let calls = calls_of(&app, &id).await;
    assert_eq!(calls.len(), 2);
    assert!(calls.iter().any(|c| c["do_not_call"] == true));
}

#[tokio::test]
async fn a_call_that_loses_the_lead_or_finds_the_number_bad_says_so_in_one_save() {
    let app = spawn_app().await;
    let (rep, _, client) = jakarta_rep(&app, "Closing Rep").await;
    let reasons = app.get_ok("/api/v1/lost-reasons").await;
    let reason = reasons
        .as_array()
        .and_then(|r| r.first())
        .map(id_of)
        .expect("a lost reason");
    let id = lead_owned_by(&app, rep, "Not Buying").await;

    // Lost and moved on at once is refused, and nothing is written.
    let both = log_on_page(
        &app,
        &client,
        &id,
        &[
            ("outcome", "connected"),
            ("move_to", "need"),
            ("lost_reason", &reason),
        ],
    )
    .await;
    assert_eq!(both.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = both.text().await.unwrap();
    assert!(page.contains("Lost reason"), "{page}");
    assert!(calls_of(&app, &id).await.is_empty());

    let lost = log_on_page(
        &app,
        &client,
        &id,
        &[
            ("outcome", "connected"),
            ("intent", "none"),
            ("lost_reason", &reason),
            ("lost_note", "Bought elsewhere"),
        ],
    )
    .await;
    assert_eq!(lost.status(), StatusCode::SEE_OTHER);
    let stored = lead_of(&app, &id).await;
    assert_eq!(stored["status"], "lost");
    assert_eq!(calls_of(&app, &id).await.len(), 1);
    // A lost lead's page still logs calls (a customer who rings back).
    let rang = log_on_page(
        &app,
        &client,
        &id,
        &[
            ("direction", "inbound"),
            ("outcome", "wrong_person"),
            ("phone_bad", "on"),
        ],
    )
    .await;
    assert_eq!(rang.status(), StatusCode::SEE_OTHER);
    assert!(
        app.scalar::<bool>(&format!("SELECT phone_bad FROM leads WHERE id = '{id}'"))
            .await
    );
}

#[tokio::test]
async fn a_rep_cannot_log_a_call_on_another_reps_lead_from_its_page() {
    let app = spawn_app().await;
    let (_, _, client) = jakarta_rep(&app, "Curious Rep").await;
    let other = app.user("Owning Rep", Role::Rep).await;
    let lead = app
        .lead(json!({"name": "Someone Else's", "phone": unique_phone(), "owner_id": other.id}))
        .await;
    let id = id_of(&lead);
    let own = app
        .lead(json!({"name": "Mine To See", "phone": unique_phone()}))
        .await;
    // The CSRF token and key of a page the rep may see, sent to the other lead's.
    let page = page(&client, &app.url(&format!("/leads/{}", id_of(&own)))).await;
    let refused = client
        .post(app.url(&format!("/leads/{id}/calls")))
        .form(&[
            ("csrf", hidden_input(&page, "csrf").as_str()),
            ("submission", "forged"),
            ("outcome", "connected"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert!(calls_of(&app, &id).await.is_empty());
}

#[tokio::test]
async fn a_number_typed_into_the_header_finds_its_lead_or_creates_it_on_the_spot() {
    let app = spawn_app().await;
    app.admin_patch("/api/v1/settings", json!({"default_country": "ID"}))
        .await;
    let (rep, _, client) = jakarta_rep(&app, "Dialling Rep").await;
    let known = app
        .lead(json!({"name": "Budi", "phone": "+6281234567890", "owner_id": rep}))
        .await;

    // Typed as a Jakarta rep writes it.
    let found = visit(&client, &app.url("/dial?phone=0812-3456-7890")).await;
    assert_eq!(found.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        found.headers()["location"],
        format!("/leads/{}#log-call", id_of(&known)).as_str()
    );

    // A number nobody has: the new lead form, the number filled in.
    let unknown = visit(&client, &app.url("/dial?phone=0813-1111-2222")).await;
    assert_eq!(unknown.status(), StatusCode::OK);
    let form = unknown.text().await.unwrap();
    assert!(form.contains("value=\"0813-1111-2222\""), "{form}");
    assert!(form.contains("name=\"then\" value=\"call\""), "{form}");
    let created = client
        .post(app.url("/leads/new"))
        .form(&[
            ("csrf", hidden_input(&form, "csrf").as_str()),
            ("name", "Walk-in Caller"),
            ("phone", "0813-1111-2222"),
            ("then", "call"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let to = created.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.ends_with("#log-call"), "{to}");
    let lead_page = page(&client, &app.url(to.trim_end_matches("#log-call"))).await;
    assert!(lead_page.contains("id=\"log-call\""), "{lead_page}");

    // Another rep's number is neither named nor opened.
    let other = app.user("Other Dialler", Role::Rep).await;
    let hidden = app
        .lead(json!({"name": "Hidden", "phone": "+6281399998888", "owner_id": other.id}))
        .await;
    let refused = visit(&client, &app.url("/dial?phone=081399998888")).await;
    assert_eq!(refused.status(), StatusCode::OK);
    let text = refused.text().await.unwrap();
    assert!(text.contains("another rep"), "{text}");
    assert!(!text.contains(&id_of(&hidden)), "{text}");

    // Not a number: said, naming the field.
    let bad = visit(&client, &app.url("/dial?phone=call+me")).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
