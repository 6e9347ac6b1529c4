use futures::future::join_all;
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, id_of, json_of, spawn_app};

#[tokio::test]
async fn the_first_connected_call_moves_a_new_lead_to_connect_and_clear_intent_to_interest() {
    let app = spawn_app().await;
    let rep = app.user("Rudi Rep", Role::Rep).await;
    let id = id_of(&app.simple_lead("Caller").await);
    let log = |call: serde_json::Value| app.logged_call(&rep.token, call);

    let missed = log(json!({"lead_id": id, "outcome": "no_answer", "ring_seconds": 35})).await;
    assert_eq!(missed["lead"]["stage"], "new");
    assert_eq!(missed["stage_changes"], json!([]));
    // A rep who works an unassigned lead takes it.
    assert_eq!(missed["lead"]["owner_id"], json!(rep.id));

    let connected = log(
        json!({"lead_id": id, "outcome": "connected", "intent": "unclear", "talk_seconds": 70}),
    )
    .await;
    assert_eq!(connected["lead"]["stage"], "connect");
    assert_eq!(connected["stage_changes"], json!(["connect"]));

    let clear =
        log(json!({"lead_id": id, "outcome": "connected", "intent": "clear", "talk_seconds": 240}))
            .await;
    assert_eq!(clear["lead"]["stage"], "interest");

    let events = app.get_ok(&format!("/api/v1/leads/{id}/events")).await;
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[1]["actor_call_id"], connected["call"]["id"]);
    assert_eq!(events[2]["actor_call_id"], clear["call"]["id"]);
    assert_eq!(events[2]["actor_user_id"], json!(rep.id));
    assert_eq!(
        app.get_ok(&format!("/api/v1/leads/{id}")).await["call_count"],
        3
    );
}

#[tokio::test]
async fn a_dead_number_is_marked_bad_and_a_do_not_call_lead_is_flagged_but_stored() {
    let app = spawn_app().await;
    let bad = app.simple_lead("Bad number").await;
    let logged = app
        .logged_call(
            &app.admin_token,
            json!({"lead_id": bad["id"], "outcome": "invalid_number"}),
        )
        .await;
    assert_eq!(logged["lead"]["phone_bad"], true);

    let dnc = app
        .lead(json!({"name": "Stop calling", "do_not_call": true}))
        .await;
    let logged = app
        .logged_call(
            &app.admin_token,
            json!({"lead_id": dnc["id"], "outcome": "connected", "intent": "none"}),
        )
        .await;
    assert_eq!(logged["call"]["do_not_call"], true);
    assert_eq!(app.count("calls").await, 2);
}

#[tokio::test]
async fn the_next_contact_time_of_the_newest_call_becomes_the_leads_follow_up() {
    let app = spawn_app().await;
    let id = id_of(&app.simple_lead("Follow me").await);
    let when = "2030-01-15T09:30:00Z";
    app.log_call(
        &app.admin_token,
        json!({"lead_id": id, "outcome": "busy", "next_contact_at": when}),
    )
    .await;
    assert_eq!(
        app.get_ok(&format!("/api/v1/leads/{id}")).await["next_contact_at"],
        when
    );
    // A back-dated call does not overwrite what the newest call said.
    app.log_call(
        &app.admin_token,
        json!({"lead_id": id, "outcome": "no_answer", "started_at": "2020-01-01T00:00:00Z"}),
    )
    .await;
    let lead = app.get_ok(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(lead["next_contact_at"], when);
    assert_eq!(lead["last_call_outcome"], "busy");
}

#[tokio::test]
async fn a_retried_post_with_the_same_idempotency_key_stores_nothing_new() {
    let app = spawn_app().await;
    let lead = app.simple_lead("Retry").await;
    let body = json!({"lead_id": lead["id"], "outcome": "connected", "intent": "clear", "talk_seconds": 95});
    let post = |key: &'static str, body: serde_json::Value| {
        app.client
            .post(app.url("/api/v1/calls"))
            .bearer_auth(&app.admin_token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = json_of(
        post("dial-1", body.clone()).await.unwrap(),
        StatusCode::CREATED,
    )
    .await;
    let again = json_of(
        post("dial-1", body.clone()).await.unwrap(),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first, again);
    assert_eq!(app.count("calls").await, 1);
    assert_eq!(
        app.count("stage_events").await,
        3,
        "create, connect, interest: once"
    );

    let other = json!({"lead_id": lead["id"], "outcome": "busy"});
    assert_problem(
        post("dial-1", other).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "Idempotency-Key",
    )
    .await;
    assert_eq!(app.count("calls").await, 1);

    // Ten dialer retries racing each other still store one call.
    let racing = json!({"lead_id": lead["id"], "outcome": "no_answer"});
    let answers = join_all((0..10).map(|_| post("dial-2", racing.clone()))).await;
    let mut ids = Vec::new();
    for answer in answers {
        let body = json_of(answer.unwrap(), StatusCode::CREATED).await;
        ids.push(body["call"]["id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1);
    assert_eq!(app.count("calls").await, 2);
}

#[tokio::test]
async fn a_rep_logs_calls_only_as_themselves_and_only_on_leads_they_may_see() {
    let app = spawn_app().await;
    let rita = app.user("Rita", Role::Rep).await;
    let rudi = app.user("Rudi", Role::Rep).await;
    let ritas = app
        .lead(json!({"name": "Rita's lead", "owner_id": rita.id}))
        .await;

    let response = app
        .log_call(
            &rita.token,
            json!({"lead_id": ritas["id"], "outcome": "busy", "rep_id": rudi.id}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = app
        .log_call(
            &rudi.token,
            json!({"lead_id": ritas["id"], "outcome": "busy"}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "lead_id").await;
    assert_eq!(app.count("calls").await, 0);

    // A dialer with an admin token logs for any rep.
    let logged = app
        .logged_call(
            &app.admin_token,
            json!({"lead_id": ritas["id"], "outcome": "busy", "rep_id": rita.id}),
        )
        .await;
    assert_eq!(logged["call"]["rep_id"], json!(rita.id));

    let mine = json_of(app.get(&rita.token, "/api/v1/calls").await, StatusCode::OK).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let theirs = json_of(app.get(&rudi.token, "/api/v1/calls").await, StatusCode::OK).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn calls_list_filters_by_lead_outcome_and_time() {
    let app = spawn_app().await;
    let a = app.simple_lead("A").await;
    let b = app.simple_lead("B").await;
    for (lead, outcome, at) in [
        (&a, "busy", "2026-01-05T10:00:00Z"),
        (&a, "no_answer", "2026-01-06T10:00:00Z"),
        (&b, "busy", "2026-02-01T10:00:00Z"),
    ] {
        app.logged_call(
            &app.admin_token,
            json!({"lead_id": lead["id"], "outcome": outcome, "started_at": at}),
        )
        .await;
    }
    let by_lead = app
        .get_ok(&format!("/api/v1/calls?lead_id={}", id_of(&a)))
        .await;
    assert_eq!(by_lead["items"].as_array().unwrap().len(), 2);
    let busy = app.get_ok("/api/v1/calls?outcome=busy").await;
    assert_eq!(busy["items"].as_array().unwrap().len(), 2);
    let january = app
        .get_ok("/api/v1/calls?from=2026-01-01&to=2026-02-01")
        .await;
    assert_eq!(january["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        january["items"][0]["started_at"], "2026-01-06T10:00:00Z",
        "newest first"
    );
}

#[tokio::test]
async fn a_call_logged_after_the_fact_dates_the_stage_it_reached_by_the_call() {
    let app = spawn_app().await;
    let lead = app
        .lead(json!({"name": "Late log", "created_at": "2026-10-01T08:00:00Z"}))
        .await;
    let call = json!({"lead_id": lead["id"], "outcome": "connected", "intent": "clear", "started_at": "2026-10-05T10:00:00Z"});
    app.logged_call(&app.admin_token, call).await;
    let events = app
        .get_ok(&format!("/api/v1/leads/{}/events", id_of(&lead)))
        .await;
    assert_eq!(events[1]["created_at"], "2026-10-05T10:00:00Z");
    assert_eq!(events[2]["to"], "interest");
    assert_eq!(events[2]["created_at"], "2026-10-05T10:00:00Z");
    // The activity view counts the reach in October, and velocity is the four days and two hours it took.
    let funnel = app
        .get_ok("/api/v1/metrics/funnel?from=2026-10-01&to=2026-11-01&view=activity")
        .await;
    let connect = &funnel["current"]["stages"][1];
    assert_eq!(connect["reached"], 1);
    assert_eq!(
        connect["velocity_median_seconds"],
        4.0 * 86_400.0 + 2.0 * 3_600.0
    );
    // A call dated before the lead existed cannot date a stage before the lead.
    let early = app
        .lead(json!({"name": "Early", "created_at": "2026-10-10T08:00:00Z"}))
        .await;
    let call = json!({"lead_id": early["id"], "outcome": "connected", "started_at": "2026-10-09T08:00:00Z"});
    app.logged_call(&app.admin_token, call).await;
    let events = app
        .get_ok(&format!("/api/v1/leads/{}/events", id_of(&early)))
        .await;
    assert_eq!(events[1]["created_at"], "2026-10-10T08:00:00Z");
}

/// A dialer's batch leaves every lead exactly as logging the same calls one by one
/// in the same order does: stages, events, call fields, owner and claim.
#[tokio::test]
async fn a_batch_of_calls_has_the_effects_of_the_same_calls_logged_one_by_one() {
    let app = spawn_app().await;
    let rep = app.user("Batch Rep", Role::Rep).await;
    let other = app.user("Other Rep", Role::Rep).await;
    let calls_for = |leads: &[String]| {
        let at = |day: u32, hour: u32| format!("2026-10-{day:02}T{hour:02}:00:00Z");
        vec![
            json!({"lead_id": leads[0], "rep_id": rep.id, "outcome": "no_answer", "ring_seconds": 30, "started_at": at(2, 9)}),
            json!({"lead_id": leads[0], "rep_id": rep.id, "outcome": "connected", "intent": "unclear", "talk_seconds": 50, "started_at": at(3, 9)}),
            json!({"lead_id": leads[1], "rep_id": other.id, "outcome": "connected", "intent": "clear", "talk_seconds": 200, "started_at": at(3, 10),
                   "next_contact_at": at(9, 10)}),
            // Older than the lead's last call: counted, but the "last call" fields stay.
            json!({"lead_id": leads[1], "rep_id": rep.id, "outcome": "busy", "started_at": at(2, 8)}),
            json!({"lead_id": leads[0], "rep_id": rep.id, "outcome": "connected", "intent": "clear", "talk_seconds": 300, "started_at": at(4, 9)}),
            json!({"lead_id": leads[2], "rep_id": rep.id, "outcome": "invalid_number", "started_at": at(4, 11)}),
            json!({"lead_id": leads[3], "rep_id": other.id, "outcome": "connected", "intent": "none", "talk_seconds": 20, "started_at": at(5, 9)}),
            json!({"lead_id": leads[3], "rep_id": rep.id, "outcome": "voicemail", "ring_seconds": 25, "started_at": at(5, 9)}),
        ]
    };
    let make_leads = |tag: &'static str| {
        let app = &app;
        let rep_id = rep.id;
        async move {
            let mut ids = Vec::new();
            for (i, body) in [
                json!({"owner_id": rep_id}),
                json!({}),
                json!({"owner_id": rep_id}),
                json!({"stage": "interest"}),
            ]
            .into_iter()
            .enumerate()
            {
                let mut body = body;
                body["name"] = json!(format!("{tag} {i}"));
                body["phone"] = json!(crate::helpers::unique_phone());
                body["created_at"] = json!("2026-10-01T08:00:00Z");
                ids.push(id_of(&app.lead(body).await));
            }
            ids
        }
    };
    let (batched, one_by_one) = (make_leads("Batched").await, make_leads("Single").await);
    app.post_expecting(
        "/api/v1/calls/batch",
        json!({"calls": calls_for(&batched)}),
        StatusCode::CREATED,
    )
    .await;
    for call in calls_for(&one_by_one) {
        app.logged_call(&app.admin_token, call).await;
    }

    // Everything a call can change on a lead, as JSON.
    let lead_state = |id: &String| {
        let db = app.db.clone();
        let id: uuid::Uuid = id.parse().unwrap();
        async move {
            sqlx::query_scalar::<_, serde_json::Value>(
                "SELECT json_build_object( \
                   'lead', (SELECT row_to_json(x) FROM (SELECT stage, max_stage, status, call_count, last_call_outcome, \
                             last_call_intent, last_call_at, next_contact_at, phone_bad, owner_id FROM leads WHERE id = $1) x), \
                   'events', (SELECT json_agg(json_build_array(from_stage, to_stage, kind, created_at, actor_call_id IS NOT NULL) \
                              ORDER BY id) FROM stage_events WHERE lead_id = $1), \
                   'reaches', (SELECT json_agg(json_build_array(stage, reached_at) ORDER BY stage) \
                               FROM stage_reaches WHERE lead_id = $1))",
            )
            .bind(id)
            .fetch_one(&db)
            .await
            .unwrap()
        }
    };
    for (b, s) in batched.iter().zip(&one_by_one) {
        assert_eq!(
            lead_state(b).await,
            lead_state(s).await,
            "lead {b} against {s}"
        );
    }
    // The batch did move leads: the first reached interest through its clear call.
    assert_eq!(lead_state(&batched[0]).await["lead"]["stage"], 2);
}

#[tokio::test]
async fn the_calls_export_streams_the_callers_calls_for_the_filters_as_inert_csv() {
    let app = spawn_app().await;
    let rep = app.user("Export Rep", Role::Rep).await;
    let other = app.user("Other Rep", Role::Rep).await;
    let mine = app.simple_lead("Mine").await;
    let theirs = app.simple_lead("Theirs").await;
    for (token, lead, notes) in [
        (&rep.token, &mine, "=HYPERLINK(\"http://x\")"),
        (&rep.token, &mine, "called back"),
        (&other.token, &theirs, "not yours"),
    ] {
        app.logged_call(
            token,
            json!({"lead_id": lead["id"], "outcome": "connected", "intent": "unclear", "talk_seconds": 30, "notes": notes}),
        )
        .await;
    }

    let response = app.get(&rep.token, "/api/v1/calls/export.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[9], "notes");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "only the rep's own calls: {text}");
    let mut notes: Vec<&str> = rows.iter().map(|r| &r[9]).collect();
    notes.sort_unstable();
    assert_eq!(notes, ["'=HYPERLINK(\"http://x\")", "called back"]);

    // A manager sees every call; the filters apply.
    let all = app.get(&app.admin_token, "/api/v1/calls/export.csv").await;
    assert_eq!(all.text().await.unwrap().lines().count(), 4);
    let theirs_only = app
        .get(
            &app.admin_token,
            &format!("/api/v1/calls/export.csv?lead_id={}", id_of(&theirs)),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(theirs_only.lines().count(), 2, "{theirs_only}");
    assert!(theirs_only.contains("not yours"));

    let bad = app
        .get(&app.admin_token, "/api/v1/calls/export.csv?from=yesterday")
        .await;
    assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "from").await;
}

#[tokio::test]
async fn a_call_by_an_unknown_rep_is_refused_naming_rep_id_and_changes_nothing() {
    let app = spawn_app().await;
    let id = id_of(&app.simple_lead("Nobody's Call").await);

    let response = app
        .log_call(
            &app.admin_token,
            json!({"lead_id": id, "outcome": "connected", "intent": "clear", "talk_seconds": 60,
                   "rep_id": uuid::Uuid::new_v4()}),
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "rep_id").await;

    // Neither the call nor its effects on the lead were written.
    assert_eq!(app.count("calls").await, 0);
    let after = app.get_ok(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(after["call_count"], 0);
    assert_eq!(after["stage"], "new");
    assert_eq!(after["last_call_at"], json!(null));
}

/// Idempotency keys are remembered for the configured days, then pruned: a retry after
/// that is a new request.
#[tokio::test]
async fn idempotency_keys_older_than_their_days_are_pruned() {
    let app = crate::helpers::spawn_app().await;
    let lead = app.simple_lead("Pruned Key").await;
    let body = serde_json::json!({"lead_id": crate::helpers::id_of(&lead), "outcome": "no_answer"});
    let log = |key: &'static str| {
        reqwest::Client::new()
            .post(app.url("/api/v1/calls"))
            .bearer_auth(&app.admin_token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    for key in ["old-key", "new-key"] {
        let response = log(key).await.unwrap();
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    }
    app.execute(
        "UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE key = 'old-key'",
    )
    .await;
    let week_ago = chrono::Utc::now() - chrono::Duration::days(7);
    let pruned = leadline::storage::idempotency::prune(&app.db, week_ago)
        .await
        .unwrap();
    assert_eq!(pruned, 1);
    let left: Vec<String> = sqlx::query_scalar("SELECT key FROM idempotency_keys ORDER BY key")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(left, ["new-key"]);
    // The pruned key is new again: its retry logs a second call; the kept one replays.
    let calls = app.count("calls").await;
    for (key, more) in [("new-key", 0), ("old-key", 1)] {
        let response = log(key).await.unwrap();
        assert!(response.status().is_success(), "{key}");
        assert_eq!(app.count("calls").await, calls + more, "{key}");
    }
}
