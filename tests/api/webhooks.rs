//! Webhooks against a local receiver: what is sent, signed how, retried when, and
//! that the outbox is written in the same transaction as the change.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use hmac::{Hmac, Mac};
use leadline::domain::stage::{Change, Stage};
use leadline::importer::{self, Mode, Progress, Target};
use leadline::storage::leads::{self, ChangeDetails, NewLead};
use leadline::storage::{Actor, Scope};
use leadline::webhooks;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::helpers::{
    assert_problem, id_of, import_file, json_of, spawn_app, unique_phone, TestApp,
};

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub event: String,
    pub delivery: String,
    pub signature: String,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

#[derive(Clone, Default)]
struct Inbox {
    received: Arc<Mutex<Vec<Received>>>,
    /// Statuses to answer with, in turn; 200 once they run out.
    answers: Arc<Mutex<VecDeque<u16>>>,
    arrived: Arc<tokio::sync::Notify>,
}

/// A local HTTP server standing in for a customer's endpoint.
pub struct Receiver {
    pub url: String,
    inbox: Inbox,
}

async fn record(State(inbox): State<Inbox>, headers: HeaderMap, body: Bytes) -> AxumStatus {
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    inbox.received.lock().unwrap().push(Received {
        event: header("leadline-event"),
        delivery: header("leadline-delivery"),
        signature: header("leadline-signature"),
        body: body.to_vec(),
        at: Instant::now(),
    });
    inbox.arrived.notify_waiters();
    let status = inbox.answers.lock().unwrap().pop_front().unwrap_or(200);
    AxumStatus::from_u16(status).unwrap()
}

impl Receiver {
    pub async fn start(answers: &[u16]) -> Receiver {
        let inbox = Inbox::default();
        inbox.answers.lock().unwrap().extend(answers);
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(record))
            .with_state(inbox.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, inbox }
    }

    pub fn received(&self) -> Vec<Received> {
        self.inbox.received.lock().unwrap().clone()
    }

    /// Wait until `n` requests have arrived in all.
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let arrived = self.inbox.arrived.notified();
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("{} of {n} requests arrived", self.received().len());
            }
        }
    }
}

/// Subscribe `url` to `events` as the admin; returns (id, secret).
pub async fn subscribe(app: &TestApp, url: &str, events: &[&str]) -> (String, String) {
    let created = app
        .post_expecting(
            "/api/v1/webhooks",
            json!({"url": url, "events": events}),
            StatusCode::CREATED,
        )
        .await;
    (
        id_of(&created["webhook"]),
        created["secret"].as_str().unwrap().to_owned(),
    )
}

/// Run one round of the delivery worker, as `leadline serve` does.
pub async fn deliver(app: &TestApp) -> usize {
    webhooks::deliver_due(&app.db, &webhooks::client())
        .await
        .unwrap()
}

/// A receiver's check, written from the README rather than with Leadline's own code.
fn verify(secret: &str, signature: &str, body: &[u8]) -> Result<i64, String> {
    let mut t = None;
    let mut v1 = None;
    for part in signature.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = Some(value.to_owned()),
            Some(("v1", value)) => v1 = Some(value.to_owned()),
            _ => {}
        }
    }
    let (t, v1) = (t.ok_or("no t")?, v1.ok_or("no v1")?);
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&hex::decode(v1).map_err(|e| e.to_string())?)
        .map_err(|_| "bad signature".to_owned())?;
    let t: i64 = t.parse().map_err(|_| "bad t")?;
    let skew = (chrono::Utc::now().timestamp() - t).abs();
    if skew > 300 {
        return Err(format!("timestamp {skew} s away"));
    }
    Ok(t)
}

async fn delivery_rows(app: &TestApp) -> Vec<(String, String, i32, Option<i16>)> {
    sqlx::query_as(
        "SELECT event_type, status, attempts, last_status_code FROM webhook_deliveries ORDER BY created_at, event_type",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn each_event_fires_once_signed_with_its_subscriptions_secret() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    let (hook, secret) = subscribe(
        &app,
        &receiver.url,
        &[
            "lead.created",
            "lead.stage_changed",
            "lead.lost",
            "call.logged",
        ],
    )
    .await;
    let other = Receiver::start(&[]).await;
    let (_, other_secret) = subscribe(&app, &other.url, &["lead.lost"]).await;

    let lead = app
        .lead(json!({"name": "Hook Lead", "phone": unique_phone(), "company": "Hooks Inc"}))
        .await;
    let lead_id = id_of(&lead);
    app.moved(&lead_id, json!({"to": "connect"})).await;
    let call = app
        .logged_call(
            &app.admin_token,
            json!({"lead_id": lead_id, "outcome": "no_answer", "ring_seconds": 25}),
        )
        .await;
    app.post_expecting(
        &format!("/api/v1/leads/{lead_id}/lost"),
        json!({"reason": "No budget"}),
        StatusCode::OK,
    )
    .await;

    assert_eq!(deliver(&app).await, 5);
    let got = receiver.wait_for(4, Duration::from_secs(5)).await;
    let mut types: Vec<&str> = got.iter().map(|r| r.event.as_str()).collect();
    types.sort_unstable();
    assert_eq!(
        types,
        [
            "call.logged",
            "lead.created",
            "lead.lost",
            "lead.stage_changed"
        ]
    );
    for request in &got {
        verify(&secret, &request.signature, &request.body)
            .unwrap_or_else(|e| panic!("{e}: {}", request.signature));
        assert!(verify(&other_secret, &request.signature, &request.body).is_err());
        let body = request.json();
        assert_eq!(body["type"], json!(request.event));
        let delivery: (String, String) = sqlx::query_as(
            "SELECT event_id::text, subscription_id::text FROM webhook_deliveries WHERE id = $1::uuid",
        )
        .bind(&request.delivery)
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(
            (body["id"].as_str().unwrap(), &*delivery.1),
            (&*delivery.0, &*hook)
        );
    }
    let by_type = |t: &str| {
        got.iter()
            .find(|r| r.event == t)
            .map(Received::json)
            .unwrap()["data"]
            .clone()
    };
    let created = by_type("lead.created");
    assert_eq!(created["lead"]["id"], json!(lead_id));
    assert_eq!(created["lead"]["name"], "Hook Lead");
    assert_eq!(created["lead"]["company"], "Hooks Inc");
    assert_eq!(created["lead"]["stage"], "new");
    assert_eq!(created["lead"]["status"], "open");
    let moved = by_type("lead.stage_changed");
    assert_eq!(
        (&moved["from_stage"], &moved["to_stage"], &moved["kind"]),
        (&json!("new"), &json!("connect"), &json!("advance"))
    );
    assert_eq!(moved["actor"]["user_id"], json!(app.admin_id));
    let logged = by_type("call.logged");
    assert_eq!(logged["call"]["id"], call["call"]["id"]);
    assert_eq!(logged["call"]["lead_id"], json!(lead_id));
    assert_eq!(logged["call"]["outcome"], "no_answer");
    assert_eq!(logged["call"]["ring_seconds"], 25);
    let lost = by_type("lead.lost");
    assert_eq!(lost["lost_reason"], "No budget");
    assert_eq!(lost["stage"], "connect");
    assert_eq!(lost["lead"]["status"], "lost");

    // The lost-only subscription got the same event, signed with its own secret.
    let only_lost = other.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(only_lost.len(), 1);
    verify(&other_secret, &only_lost[0].signature, &only_lost[0].body).unwrap();
    assert_eq!(
        only_lost[0].json()["id"],
        got.iter().find(|r| r.event == "lead.lost").unwrap().json()["id"]
    );

    // Delivered once: nothing is due any more.
    assert_eq!(deliver(&app).await, 0);
    let log = app
        .get_ok(&format!("/api/v1/webhooks/{hook}/deliveries"))
        .await;
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 4);
    for delivery in log {
        assert_eq!(delivery["status"], "delivered", "{delivery}");
        assert_eq!(delivery["attempts"], 1);
        assert_eq!(delivery["last_status_code"], 200);
        assert_eq!(delivery["next_attempt_at"], Value::Null);
    }
}

#[tokio::test]
async fn a_refusing_receiver_is_retried_with_backoff_until_it_answers_2xx() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[500, 503]).await;
    let (hook, secret) = subscribe(&app, &receiver.url, &["lead.created"]).await;
    app.simple_lead("Retry Me").await;
    // One round sends the delivery once; then it reads `status` after `attempts` attempts
    // (with the receiver's answer `code` last).
    let round = |status: &'static str, attempts: i32, code: i16| {
        let app = &app;
        async move {
            assert_eq!(deliver(app).await, 1);
            let row = ("lead.created".into(), status.into(), attempts, Some(code));
            assert_eq!(delivery_rows(app).await, [row]);
        }
    };
    // The delivery is next due in so many seconds.
    let due_within = |seconds: std::ops::RangeInclusive<f64>| {
        let app = &app;
        async move {
            let due_in: f64 = app
                .scalar(
                    "SELECT extract(epoch FROM next_attempt_at - now())::float8 \
                     FROM webhook_deliveries",
                )
                .await;
            assert!(seconds.contains(&due_in), "{due_in}");
        }
    };
    let come_due = || app.execute("UPDATE webhook_deliveries SET next_attempt_at = now()");

    round("pending", 1, 500).await;
    due_within(25.0..=31.0).await;
    // Not due yet: the next round leaves it.
    assert_eq!(deliver(&app).await, 0);

    come_due().await;
    round("pending", 2, 503).await;
    due_within(115.0..=121.0).await;

    come_due().await;
    round("delivered", 3, 200).await;
    let got = receiver.received();
    assert_eq!(got.len(), 3);
    // The same event and delivery each time, signed afresh each time.
    for request in &got {
        verify(&secret, &request.signature, &request.body).unwrap();
        assert_eq!(request.delivery, got[0].delivery);
        assert_eq!(request.body, got[0].body);
    }
    let log = app
        .get_ok(&format!("/api/v1/webhooks/{hook}/deliveries"))
        .await;
    assert_eq!(log[0]["last_error"], Value::Null);
}

#[tokio::test]
async fn after_the_last_attempt_a_delivery_fails_and_can_be_redelivered() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[500]).await;
    let (hook, _) = subscribe(&app, &receiver.url, &["lead.created"]).await;
    app.simple_lead("Give Up").await;
    // Seven attempts already failed: the next one is the last.
    app.execute("UPDATE webhook_deliveries SET attempts = 7")
        .await;
    assert_eq!(deliver(&app).await, 1);
    let log = app
        .get_ok(&format!("/api/v1/webhooks/{hook}/deliveries?status=failed"))
        .await;
    let failed = &log[0];
    assert_eq!(failed["status"], "failed", "{log}");
    assert_eq!(failed["attempts"], 8);
    assert_eq!(failed["last_status_code"], 500);
    assert!(failed["last_error"]
        .as_str()
        .unwrap()
        .starts_with("HTTP 500"));
    assert_eq!(failed["next_attempt_at"], Value::Null);
    assert_eq!(deliver(&app).await, 0);

    let delivery = id_of(failed);
    let again = app
        .post_expecting(
            &format!("/api/v1/webhooks/{hook}/deliveries/{delivery}/redeliver"),
            json!({}),
            StatusCode::ACCEPTED,
        )
        .await;
    assert_eq!(again["status"], "pending");
    assert_eq!(deliver(&app).await, 1);
    assert_eq!(receiver.received().len(), 2);
    let log = app
        .get_ok(&format!("/api/v1/webhooks/{hook}/deliveries"))
        .await;
    assert_eq!(
        (&log[0]["status"], &log[0]["attempts"]),
        (&json!("delivered"), &json!(9))
    );
    // A delivery of another subscription is not found under this one.
    let (elsewhere, _) = subscribe(&app, &receiver.url, &["call.logged"]).await;
    let response = app
        .admin_post(
            &format!("/api/v1/webhooks/{elsewhere}/deliveries/{delivery}/redeliver"),
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn nothing_is_enqueued_when_the_write_rolls_back() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    subscribe(
        &app,
        &receiver.url,
        &["lead.created", "lead.stage_changed", "call.logged"],
    )
    .await;

    // Inside the transaction the events are there; rolled back, they are gone with it.
    let mut tx = app.db.begin().await.unwrap();
    let id = leads::create(
        &mut tx,
        NewLead {
            name: "Never Was".into(),
            ..NewLead::default()
        },
        Actor::default(),
        leadline::storage::Scope::All,
    )
    .await
    .unwrap();
    let change = Change::MoveTo {
        to: Stage::Connect,
        reason: None,
        sets_deal_value: false,
    };
    leads::change_stage(
        &mut tx,
        id,
        &change,
        &ChangeDetails::default(),
        Actor::default(),
        Scope::All,
    )
    .await
    .unwrap();
    let inside: i64 = sqlx::query_scalar("SELECT count(*) FROM webhook_deliveries")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(inside, 2);
    tx.rollback().await.unwrap();
    assert_eq!(app.count("webhook_deliveries").await, 0);

    // A batch with one bad call stores no call and enqueues nothing.
    let lead = id_of(&app.simple_lead("Batch Lead").await);
    let before = app.count("webhook_deliveries").await;
    let bad = json!({"calls": [
        {"lead_id": lead, "outcome": "no_answer"},
        {"lead_id": uuid::Uuid::new_v4(), "outcome": "no_answer"},
    ]});
    assert_problem(
        app.admin_post("/api/v1/calls/batch", bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "calls[1].lead_id",
    )
    .await;
    assert_eq!(app.count("webhook_deliveries").await, before);

    // A good batch enqueues one call.logged per call, and the stage moves it makes.
    let calls: Vec<Value> = (0..3)
        .map(|_| json!({"lead_id": lead, "outcome": "connected", "talk_seconds": 30}))
        .collect();
    app.post_expecting(
        "/api/v1/calls/batch",
        json!({"calls": calls}),
        StatusCode::CREATED,
    )
    .await;
    let logged: i64 = app
        .scalar("SELECT count(*) FROM webhook_deliveries WHERE event_type = 'call.logged'")
        .await;
    assert_eq!(logged, 3);

    // An all-or-nothing import with a bad row imports nothing and enqueues nothing...
    let before = app.count("webhook_deliveries").await;
    let file = b"name,phone\nImported One,+1 312 555 0171\nImported Two,not a phone\n";
    let (header, _) = importer::preview(file, 0).unwrap();
    let mapping: Vec<Target> = header.iter().map(|h| Target::guess(h)).collect();
    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let summary = import_file(&app.db, file, &mapping, Mode::AllOrNothing, &progress).await;
    assert_eq!(summary.imported, 0);
    assert_eq!(app.count("webhook_deliveries").await, before);
    // ...and one that goes through enqueues a lead.created per lead.
    let file = b"name,phone\nImported One,+1 312 555 0171\nImported Two,+1 312 555 0172\n";
    let summary = import_file(&app.db, file, &mapping, Mode::AllOrNothing, &progress).await;
    assert_eq!(summary.imported, 2);
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT payload #>> '{data,lead,name}' FROM webhook_deliveries \
         WHERE event_type = 'lead.created' AND payload #>> '{data,lead,name}' LIKE 'Imported%' ORDER BY 1",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(names, ["Imported One", "Imported Two"]);
}

#[tokio::test]
async fn deliveries_outlive_the_process_that_enqueued_them() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    subscribe(&app, &receiver.url, &["lead.created"]).await;
    app.simple_lead("Before The Restart").await;
    app.simple_lead("Claimed By A Node That Died").await;

    // A node claims one delivery and dies before reporting back.
    let claimed = leadline::storage::webhooks::claim_due(&app.db, 1, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    app.db.close().await;

    // A new process on the same database: the unclaimed delivery goes at once...
    let db = sqlx::PgPool::connect(&app.database_url).await.unwrap();
    let client = webhooks::client();
    assert_eq!(webhooks::deliver_due(&db, &client).await.unwrap(), 1);
    // ...and the dead node's claim once its lease has run out.
    assert_eq!(webhooks::deliver_due(&db, &client).await.unwrap(), 0);
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'pending'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(webhooks::deliver_due(&db, &client).await.unwrap(), 1);
    let got = receiver.wait_for(2, Duration::from_secs(5)).await;
    let mut names: Vec<String> = got
        .iter()
        .map(|r| {
            r.json()["data"]["lead"]["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["Before The Restart", "Claimed By A Node That Died"]);
    let attempts: Vec<i32> =
        sqlx::query_scalar("SELECT attempts FROM webhook_deliveries ORDER BY attempts")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(attempts, [1, 2]);
}

#[tokio::test]
async fn the_worker_is_woken_by_the_commit_not_by_its_poll() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    subscribe(&app, &receiver.url, &["lead.created"]).await;
    // Polling once an hour: only the NOTIFY at commit can wake the worker in time.
    let worker = tokio::spawn(webhooks::deliver_forever_polling(
        app.db.clone(),
        Duration::from_secs(3600),
    ));
    // Until the worker listens (before it, a commit's NOTIFY would reach nobody).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let listening: bool = app
            .scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity \
                            WHERE datname = current_database() AND query LIKE 'LISTEN %')",
            )
            .await;
        if listening {
            break;
        }
        assert!(Instant::now() < deadline, "the worker never listened");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut latencies = Vec::new();
    for i in 0..20 {
        let written = Instant::now();
        app.simple_lead(&format!("Prompt {i}")).await;
        let got = receiver.wait_for(i + 1, Duration::from_secs(60)).await;
        latencies.push(got[i].at.duration_since(written));
    }
    worker.abort();
    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let max = latencies[latencies.len() - 1];
    eprintln!("webhooks: from the write's request to the receiver: median {median:?}, max {max:?}");
}

#[tokio::test]
async fn subscriptions_are_checked_listed_changed_and_deleted_by_admins() {
    let app = spawn_app().await;
    let post = |body: Value| {
        let app = &app;
        async move { app.admin_post("/api/v1/webhooks", body).await }
    };
    for (body, field) in [
        (
            json!({"url": "ftp://example.com/x", "events": ["lead.created"]}),
            "url",
        ),
        (
            json!({"url": "not a url", "events": ["lead.created"]}),
            "url",
        ),
        (
            json!({"url": "https://example.com/x", "events": []}),
            "events",
        ),
        (
            json!({"url": "https://example.com/x", "events": ["lead.exploded"]}),
            "events",
        ),
    ] {
        assert_problem(post(body).await, StatusCode::UNPROCESSABLE_ENTITY, field).await;
    }
    let created = json_of(
        post(json!({"url": "https://hooks.example.com/in", "events": ["lead.lost", "lead.created", "lead.lost"]}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let secret = created["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 30,
        "{secret}"
    );
    let hook = id_of(&created["webhook"]);
    assert_eq!(
        created["webhook"]["events"],
        json!(["lead.created", "lead.lost"])
    );
    // The secret is shown once: never listed or fetched again.
    let listed = app.get_ok("/api/v1/webhooks").await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains(secret));
    let fetched = app.get_ok(&format!("/api/v1/webhooks/{hook}")).await;
    assert!(!fetched.to_string().contains(secret));

    assert_problem(
        app.admin_patch(
            &format!("/api/v1/webhooks/{hook}"),
            json!({"events": ["nope"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "events",
    )
    .await;
    let paused = app
        .patch_expecting(
            &format!("/api/v1/webhooks/{hook}"),
            json!({"active": false}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(paused["active"], false);
    // An inactive subscription is sent nothing.
    app.simple_lead("Unheard").await;
    assert_eq!(app.count("webhook_deliveries").await, 0);

    json_of(
        app.delete(&app.admin_token, &format!("/api/v1/webhooks/{hook}"))
            .await,
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(
        app.get(&app.admin_token, &format!("/api/v1/webhooks/{hook}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// Where `value` breaks `schema` (a schema of the OpenAPI document, `$ref`s read from
/// `document`): a member the schema does not describe, a required one missing, or a
/// value of the wrong JSON type.
fn schema_breaks(document: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let schema = match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            &document["components"]["schemas"][name]
        }
        None => schema,
    };
    if let Some(choices) = schema["oneOf"].as_array() {
        let fits = choices
            .iter()
            .any(|choice| schema_breaks(document, choice, value, at).is_empty());
        return if fits {
            Vec::new()
        } else {
            vec![format!("{at}: {value} fits none of its choices")]
        };
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let actual = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let fits = types.is_empty()
        || types.contains(&actual)
        || (actual == "integer" && types.contains(&"number"));
    if !fits {
        return vec![format!("{at}: {actual}, documented as {types:?}")];
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !value.is_null() && !allowed.contains(value) {
            return vec![format!("{at}: {value} is not one of {allowed:?}")];
        }
    }
    let mut breaks = Vec::new();
    if let (Some(properties), Some(members)) = (schema["properties"].as_object(), value.as_object())
    {
        for (name, member) in members {
            match properties.get(name) {
                Some(inner) => breaks.extend(schema_breaks(
                    document,
                    inner,
                    member,
                    &format!("{at}.{name}"),
                )),
                None => breaks.push(format!("{at}.{name}: not in the document")),
            }
        }
        for required in schema["required"].as_array().into_iter().flatten() {
            if !members.contains_key(required.as_str().unwrap()) {
                breaks.push(format!("{at}.{required}: documented as required, not sent"));
            }
        }
    }
    breaks
}

#[tokio::test]
async fn every_delivery_is_shaped_as_the_openapi_webhooks_section_says() {
    let app = spawn_app().await;
    let all = [
        "lead.created",
        "lead.updated",
        "lead.stage_changed",
        "lead.lost",
        "lead.deleted",
        "call.logged",
    ];
    subscribe(&app, "https://hooks.example.com/leadline", &all).await;
    let lead = id_of(
        &app.lead(json!({"name": "Siti Rahma", "phone": "+62 812-3456-7890",
                                      "source": "web", "deal_value": 1_500_000_000i64}))
            .await,
    );
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": lead, "outcome": "connected", "intent": "clear", "talk_seconds": 80,
               "notes": "Minta brosur", "next_contact_at": "2030-01-02T03:00:00Z"}),
    )
    .await;
    app.moved(&lead, json!({"to": "need"})).await;
    let patched = app
        .admin_patch(
            &format!("/api/v1/leads/{lead}"),
            json!({"do_not_call": true, "company": "PT Maju", "tags": ["expo"]}),
        )
        .await;
    assert_eq!(patched.status(), StatusCode::OK);
    let twin = id_of(&app.lead(json!({"name": "Siti R."})).await);
    let merged = app
        .admin_post(
            &format!("/api/v1/leads/{lead}/merge"),
            json!({"from": [twin]}),
        )
        .await;
    assert_eq!(merged.status(), StatusCode::OK);
    let lost = app
        .admin_post(
            &format!("/api/v1/leads/{lead}/lost"),
            json!({"reason": "No budget", "note": "Harga terlalu tinggi"}),
        )
        .await;
    assert!(lost.status().is_success(), "{}", lost.status());

    let document = app.get_ok("/api/v1/openapi.json").await;
    let deliveries: Vec<(String, Value)> =
        sqlx::query_as("SELECT event_type, payload FROM webhook_deliveries ORDER BY created_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        deliveries.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>().len(),
        all.len(),
        "{deliveries:?}"
    );
    for (kind, payload) in &deliveries {
        let body = &document["webhooks"][kind]["post"]["requestBody"]["content"]
            ["application/json"]["schema"];
        assert!(body.is_object(), "{kind} is not in the webhooks section");
        let breaks = schema_breaks(&document, body, payload, kind);
        assert!(breaks.is_empty(), "{kind}: {breaks:#?}\n{payload:#}");
    }
}
