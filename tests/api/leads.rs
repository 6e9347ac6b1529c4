use futures::future::join_all;
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{assert_problem, id_of, json_of, spawn_app, unique_phone};

#[tokio::test]
async fn a_created_lead_is_normalised_and_starts_with_a_create_event() {
    let app = spawn_app().await;
    let lead = app
        .lead(json!({"name": "  Budi Santoso ", "phone": "(202) 555-0199", "email": "Budi@Example.com",
                     "company": "PT Maju", "source": "Google Ads", "tags": ["vip", "jakarta", "vip"]}))
        .await;
    assert_eq!(lead["name"], "Budi Santoso");
    assert_eq!(lead["phone"], "+12025550199");
    assert_eq!(lead["email"], "budi@example.com");
    assert_eq!(lead["source"], "google ads");
    assert_eq!(lead["tags"], json!(["jakarta", "vip"]));
    assert_eq!(lead["stage"], "new");
    assert_eq!(lead["status"], "open");

    let fetched = app.get_ok(&format!("/api/v1/leads/{}", id_of(&lead))).await;
    assert_eq!(fetched, lead);
    let events = app
        .get_ok(&format!("/api/v1/leads/{}/events", id_of(&lead)))
        .await;
    assert_eq!(events.as_array().unwrap().len(), 1);
    assert_eq!(events[0]["kind"], "create");
    assert_eq!(events[0]["to"], "new");
    assert_eq!(events[0]["actor_user_id"], json!(app.admin_id));
}

#[tokio::test]
async fn a_duplicate_phone_is_a_409_naming_the_existing_lead_unless_allowed() {
    let app = spawn_app().await;
    let first = app
        .lead(json!({"name": "Ana", "phone": "+1 202 555 0100"}))
        .await;
    let response = app
        .admin_post(
            "/api/v1/leads",
            json!({"name": "Ana again", "phone": "202-555-0100"}),
        )
        .await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "phone").await;
    assert_eq!(problem["existing_id"], first["id"]);
    assert_eq!(app.count("leads").await, 1);

    app.lead(json!({"name": "Ana's husband", "phone": "202-555-0100", "allow_duplicate": true}))
        .await;
    assert_eq!(app.count("leads").await, 2);
}

#[tokio::test]
async fn a_lead_can_enter_mid_funnel_and_counts_the_stages_below_as_reached() {
    let app = spawn_app().await;
    let lead = app
        .lead(json!({"name": "Inbound", "stage": "evaluate"}))
        .await;
    assert_eq!(lead["stage"], "evaluate");
    assert_eq!(lead["entry_stage"], "evaluate");
    assert_eq!(lead["max_stage"], "evaluate");
    let reaches: i64 =
        sqlx::query_scalar("SELECT count(*) FROM stage_reaches WHERE lead_id = $1::uuid")
            .bind(id_of(&lead))
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        reaches, 5,
        "new, connect, interest, need and evaluate are reached at entry"
    );

    app.post_refused(
        "/api/v1/leads",
        json!({"name": "Closed", "stage": "decide"}),
        "deal_value",
    )
    .await;
    let won = app
        .lead(json!({"name": "Closed", "stage": "decide", "deal_value": 150000}))
        .await;
    assert_eq!(won["status"], "won");
}

#[tokio::test]
async fn the_funnel_rules_hold_through_the_api() {
    let app = spawn_app().await;
    let id = id_of(&app.simple_lead("Rules").await);
    // A move that is refused with `status`, naming `field`.
    let refused_move = |body: Value, status: StatusCode, field: &'static str| {
        let (app, id) = (&app, &id);
        async move { assert_problem(app.move_to(id, body).await, status, field).await }
    };

    // Skip forward.
    let moved = app.moved(&id, json!({"to": "need"})).await;
    assert_eq!(moved["event"]["kind"], "skip");
    assert_eq!(moved["lead"]["max_stage"], "need");

    // Backwards needs a reason and keeps max_stage.
    refused_move(
        json!({"to": "connect"}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "reason",
    )
    .await;
    let back = app
        .moved(&id, json!({"to": "connect", "reason": "wrong contact"}))
        .await;
    assert_eq!(back["lead"]["stage"], "connect");
    assert_eq!(back["lead"]["max_stage"], "need");
    assert_eq!(back["event"]["kind"], "regress");
    assert_eq!(back["event"]["reason"], "wrong contact");

    // The same stage is a conflict.
    refused_move(json!({"to": "connect"}), StatusCode::CONFLICT, "to").await;

    // Lost needs a known reason; records the stage.
    app.post_refused(
        &format!("/api/v1/leads/{id}/lost"),
        json!({"reason": "made up"}),
        "reason",
    )
    .await;
    let lost = app
        .post_expecting(
            &format!("/api/v1/leads/{id}/lost"),
            json!({"reason": "no budget", "note": "next year"}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(lost["lead"]["status"], "lost");
    assert_eq!(lost["lead"]["lost_stage"], "connect");
    assert_eq!(lost["lead"]["lost_reason"], "No budget");
    assert_eq!(lost["event"]["reason"], "next year");

    // A lost lead does not move until reopened.
    assert_eq!(
        app.move_to(&id, json!({"to": "interest"})).await.status(),
        StatusCode::CONFLICT
    );
    let reopened = app
        .post_expecting(
            &format!("/api/v1/leads/{id}/reopen"),
            json!({}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(reopened["lead"]["status"], "open");
    assert_eq!(reopened["lead"]["lost_stage"], Value::Null);
    let again = app
        .client
        .post(app.url(&format!("/api/v1/leads/{id}/reopen")))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // Winning needs a deal value.
    refused_move(
        json!({"to": "decide"}),
        StatusCode::UNPROCESSABLE_ENTITY,
        "deal_value",
    )
    .await;
    let won = app
        .moved(&id, json!({"to": "decide", "deal_value": 250000}))
        .await;
    assert_eq!(won["lead"]["status"], "won");
    assert_eq!(won["lead"]["deal_value"], 250000);

    // The history explains the lead row.
    let events = app.get_ok(&format!("/api/v1/leads/{id}/events")).await;
    let kinds: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["create", "skip", "regress", "lost", "reopen", "skip"]
    );
    assert_eq!(events.as_array().unwrap().last().unwrap()["to"], "decide");
}

#[tokio::test]
async fn stage_events_cannot_be_edited_or_deleted() {
    let app = spawn_app().await;
    app.simple_lead("History").await;
    assert!(sqlx::query("UPDATE stage_events SET reason = 'rewritten'")
        .execute(&app.db)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM stage_events")
        .execute(&app.db)
        .await
        .is_err());
    assert_eq!(app.count("stage_events").await, 1);
}

#[tokio::test]
async fn a_referral_from_a_won_customer_moves_them_to_referral() {
    let app = spawn_app().await;
    let customer = app
        .lead(json!({"name": "Happy customer", "stage": "decide", "deal_value": 5000}))
        .await;
    let prospect = app.simple_lead("Not yet a customer").await;

    app.lead(json!({"name": "Friend", "referred_by": customer["id"]}))
        .await;
    let customer_now = app
        .get_ok(&format!("/api/v1/leads/{}", id_of(&customer)))
        .await;
    assert_eq!(customer_now["stage"], "referral");
    assert_eq!(customer_now["status"], "won");
    let events = app
        .get_ok(&format!("/api/v1/leads/{}/events", id_of(&customer)))
        .await;
    assert!(events[1]["reason"]
        .as_str()
        .unwrap()
        .starts_with("referred lead "));

    // Someone who has not bought does not move.
    app.lead(json!({"name": "Friend 2", "referred_by": prospect["id"]}))
        .await;
    assert_eq!(
        app.get_ok(&format!("/api/v1/leads/{}", id_of(&prospect)))
            .await["stage"],
        "new"
    );

    app.post_refused(
        "/api/v1/leads",
        json!({"name": "Friend 3", "referred_by": "0190a1b2-0000-7000-8000-000000000000"}),
        "referred_by",
    )
    .await;
}

#[tokio::test]
async fn concurrent_transitions_on_one_lead_never_lose_an_event() {
    let app = spawn_app().await;
    let id = id_of(&app.simple_lead("Contested").await);
    // Twenty reps move the same lead at once, to different stages (with a reason, so backward moves are valid too).
    let targets = ["connect", "interest", "need", "evaluate"];
    let requests = (0..20).map(|i| {
        app.move_to(
            &id,
            json!({"to": targets[i % targets.len()], "reason": "race"}),
        )
    });
    let statuses: Vec<StatusCode> = join_all(requests)
        .await
        .iter()
        .map(|r| r.status())
        .collect();
    let succeeded = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert!(succeeded >= 4, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );

    let events = app.get_ok(&format!("/api/v1/leads/{id}/events")).await;
    let events = events.as_array().unwrap();
    assert_eq!(
        events.len(),
        succeeded + 1,
        "every acknowledged move is one event"
    );
    // Replaying the events gives the lead row.
    let last = events.last().unwrap();
    let lead = app.get_ok(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(lead["stage"], last["to"]);
    for pair in events.windows(2) {
        assert_eq!(pair[1]["from"], pair[0]["to"], "events chain: {pair:?}");
    }
}

#[tokio::test]
async fn leads_list_filters_searches_and_pages() {
    let app = spawn_app().await;
    let rep = app.user("Rita Rep", Role::Rep).await;
    for i in 0..7 {
        app.lead(json!({"name": format!("Lead {i}"), "phone": unique_phone(), "source": if i % 2 == 0 { "web" } else { "ads" },
                        "tags": if i < 3 { json!(["hot"]) } else { json!([]) }}))
            .await;
    }
    app.lead(json!({"name": "Rita's own", "company": "Findme Corp", "owner_id": rep.id}))
        .await;

    let web = app.get_ok("/api/v1/leads?source=web").await;
    assert_eq!(web["items"].as_array().unwrap().len(), 4);
    let hot = app.get_ok("/api/v1/leads?tag=hot").await;
    assert_eq!(hot["items"].as_array().unwrap().len(), 3);
    let found = app.get_ok("/api/v1/leads?q=findme").await;
    assert_eq!(found["items"][0]["name"], "Rita's own");
    let owned = app
        .get_ok(&format!("/api/v1/leads?owner_id={}", rep.id))
        .await;
    assert_eq!(owned["items"].as_array().unwrap().len(), 1);

    // Keyset pages of 3 cover all 8 leads exactly once, newest first.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/leads?limit=3&cursor={c}"),
            None => "/api/v1/leads?limit=3".to_owned(),
        };
        let page = app.get_ok(&path).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["name"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 8);
    assert_eq!(seen[0], "Rita's own");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8);
}

/// The names of the leads a search finds.
async fn found_names(app: &crate::helpers::TestApp, q: &str) -> Vec<String> {
    let found = app.get_ok(&format!("/api/v1/leads?q={q}")).await;
    found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of a search for `q` by `token`, `limit` at a time: the names, in order.
async fn searched_pages(
    app: &crate::helpers::TestApp,
    token: &str,
    q: &str,
    limit: usize,
) -> Vec<String> {
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/leads?q={q}&limit={limit}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page = json_of(app.get(token, &path).await, StatusCode::OK).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit, "{path}: {} rows", items.len());
        names.extend(items.iter().map(|l| l["name"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return names,
        }
    }
}

/// A search lists its matches newest first, a page at a time, whether they are among the
/// newest leads, which it reads in order, or far behind them, which it finds by the
/// trigram index and sorts; and a rep's search finds only the leads the rep may see.
#[tokio::test]
async fn a_search_pages_its_matches_newest_first_however_old_they_are() {
    let app = spawn_app().await;
    let rep = app.user("Nadia Rep", Role::Rep).await;
    let other = app.user("Oleg Rep", Role::Rep).await;
    // 6,000 leads a minute apart, more than a search reads in order: a Kusuma every 40th
    // (among the newest as much as the oldest; every other one the rep's), and a handful
    // of Wibisonos among the oldest hundred alone.
    sqlx::query(
        "INSERT INTO leads (id, name, owner_id, created_at)
         SELECT gen_random_uuid(),
                CASE WHEN g % 40 = 0 THEN 'Dewi Kusuma ' || g
                     WHEN g > 5900 AND g % 30 = 0 THEN 'Budi Wibisono ' || g
                     ELSE 'Filler ' || g END,
                CASE WHEN g % 80 = 0 THEN $1 ELSE $2 END,
                now() - g * interval '1 minute'
         FROM generate_series(1, 6000) g",
    )
    .bind(rep.id)
    .bind(other.id)
    .execute(&app.db)
    .await
    .unwrap();
    let expected = |pattern: &'static str, owner: Option<Uuid>| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT name FROM leads WHERE name ILIKE $1 AND ($2::uuid IS NULL OR owner_id = $2)
                 ORDER BY created_at DESC, id DESC",
            )
            .bind(pattern)
            .bind(owner)
            .fetch_all(&db)
            .await
            .unwrap()
        }
    };
    let kusumas = expected("%kusuma%", None).await;
    assert_eq!(kusumas.len(), 150);
    for limit in [50, 7] {
        assert_eq!(
            searched_pages(&app, &app.admin_token, "kusuma", limit).await,
            kusumas,
            "pages of {limit}"
        );
    }
    let wibisonos = expected("%wibisono%", None).await;
    assert!(wibisonos.len() >= 2, "{wibisonos:?}");
    assert_eq!(
        searched_pages(&app, &app.admin_token, "wibisono", 50).await,
        wibisonos
    );
    let own = expected("%kusuma%", Some(rep.id)).await;
    assert_eq!(own.len(), 75);
    assert_eq!(searched_pages(&app, &rep.token, "kusuma", 50).await, own);
    assert!(searched_pages(&app, &rep.token, "wibisono", 50)
        .await
        .is_empty());
}

#[tokio::test]
async fn search_follows_a_leads_edits_and_a_call_leaves_its_search_text_unwritten() {
    let app = spawn_app().await;
    let rep = app.user("Sari Rep", Role::Rep).await;
    let lead = app
        .lead(json!({"name": "Searchable Sam", "company": "Acme Widgets", "phone": unique_phone()}))
        .await;
    let id = id_of(&lead);
    assert_eq!(found_names(&app, "acme").await, ["Searchable Sam"]);
    let version = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT xmin::text FROM lead_search WHERE lead_id = $1::uuid",
        )
        .bind(&id)
        .fetch_one(&app.db)
        .await
        .unwrap()
    };
    let before = version().await;

    // A call rewrites the lead's call fields, not its search text.
    app.logged_call(
        &rep.token,
        json!({"lead_id": id, "outcome": "connected", "talk_seconds": 60, "intent": "clear"}),
    )
    .await;
    assert_eq!(version().await, before);

    app.patch_expecting(
        &format!("/api/v1/leads/{id}"),
        json!({"company": "Zenith Tools", "email": "sam@zenith.example"}),
        StatusCode::OK,
    )
    .await;
    assert!(found_names(&app, "acme").await.is_empty());
    assert_eq!(found_names(&app, "zenith").await, ["Searchable Sam"]);
    assert_eq!(found_names(&app, "sam%40zenith").await, ["Searchable Sam"]);

    // A deleted lead's text goes with it. (Leadline never deletes a lead, whose events are
    // append-only; a database administrator might, with that guard off.)
    let other = id_of(&app.simple_lead("Gone Gina").await);
    assert_eq!(found_names(&app, "gina").await, ["Gone Gina"]);
    app.execute("ALTER TABLE stage_events DISABLE TRIGGER stage_events_append_only")
        .await;
    for statement in [
        "DELETE FROM stage_events WHERE lead_id = $1::uuid",
        "DELETE FROM stage_reaches WHERE lead_id = $1::uuid",
        "DELETE FROM leads WHERE id = $1::uuid",
    ] {
        sqlx::query(statement)
            .bind(&other)
            .execute(&app.db)
            .await
            .unwrap();
    }
    let orphans: i64 =
        sqlx::query_scalar("SELECT count(*) FROM lead_search WHERE lead_id = $1::uuid")
            .bind(&other)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(orphans, 0);
    assert_eq!(found_names(&app, "sam").await, ["Searchable Sam"]);

    // Emptying the leads empties the search text with them.
    app.execute("TRUNCATE leads CASCADE").await;
    assert_eq!(app.count("lead_search").await, 0);
}

#[tokio::test]
async fn patch_changes_only_what_it_names_and_null_clears() {
    let app = spawn_app().await;
    let lead = app
        .lead(
            json!({"name": "Patchy", "email": "p@example.com", "company": "Old Co", "tags": ["a"]}),
        )
        .await;
    let id = id_of(&lead);
    let patched = app
        .patch_expecting(
            &format!("/api/v1/leads/{id}"),
            json!({"company": null, "tags": ["b", "c"], "do_not_call": true}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(patched["company"], Value::Null);
    assert_eq!(patched["email"], "p@example.com");
    assert_eq!(patched["tags"], json!(["b", "c"]));
    assert_eq!(patched["do_not_call"], true);
    assert_eq!(patched["stage"], "new");

    app.patch_refused(
        &format!("/api/v1/leads/{id}"),
        json!({"stage": "need"}),
        "stage",
    )
    .await;
}
