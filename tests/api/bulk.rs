//! Bulk changes on the leads list: to the ticked leads or to every lead the filters
//! match, one transaction each, counting what changed; and a rep held to their own and
//! unassigned leads, and to no reassigning.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, page, post_form, server_url, spawn_app, spawn_app_on, TestApp};

async fn lead_of(app: &TestApp, id: &str) -> Value {
    app.get_ok(&format!("/api/v1/leads/{id}")).await
}

#[tokio::test]
async fn every_lead_a_filter_matches_is_given_to_a_new_owner_at_once() {
    let app = spawn_app().await;
    let (client, csrf, _) = app.signed_in("Gita Manager", Role::Manager).await;
    let rep = app.user("Hadi Rep", Role::Rep).await;
    let mut jakarta = Vec::new();
    for i in 0..30 {
        jakarta.push(id_of(
            &app.lead(json!({"name": format!("Jakarta {i}"), "tags": ["jakarta"]}))
                .await,
        ));
    }
    let other = id_of(
        &app.lead(json!({"name": "Bandung", "tags": ["bandung"]}))
            .await,
    );

    let owner = rep.id.to_string();
    let reassign = || async {
        post_form(
            &client,
            &app.url("/leads/bulk"),
            &[
                ("csrf", csrf.as_str()),
                ("filters", "tag=jakarta"),
                ("target", "matching"),
                ("action", "reassign"),
                ("to_owner", owner.as_str()),
            ],
        )
        .await
    };
    let response = reassign().await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/leads?tag=jakarta&bulk=reassign&changed=30");
    let shown = page(&client, &app.url(&location)).await;
    assert!(
        shown.contains("30 leads given to their new owner."),
        "{shown}"
    );

    for id in &jakarta {
        assert_eq!(lead_of(&app, id).await["owner_id"], json!(owner));
    }
    assert_eq!(lead_of(&app, &other).await["owner_id"], Value::Null);
    // One notice counts them; the rep's figures follow their new leads.
    let notices: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT kind, leads FROM notifications WHERE user_id = $1")
            .bind(rep.id)
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(notices, [("leads_assigned".to_owned(), Some(30))]);
    let funnel = app
        .get_ok(&format!("/api/v1/metrics/funnel?owner_id={owner}"))
        .await;
    assert_eq!(funnel["current"]["stages"][0]["reached"], 30);

    // Again: nothing is left to change, and it says so.
    let again = reassign().await;
    assert!(again.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("changed=0"));
}

#[tokio::test]
async fn ticked_leads_are_tagged_untagged_kept_from_calls_and_lost_in_one_go_each() {
    let app = spawn_app().await;
    let (client, csrf, _) = app.signed_in("Indah Manager", Role::Manager).await;
    let a = id_of(
        &app.lead(json!({"name": "A", "stage": "interest", "tags": ["old"]}))
            .await,
    );
    let b = id_of(&app.lead(json!({"name": "B", "tags": ["old"]})).await);
    let won = id_of(
        &app.lead(json!({"name": "Won", "stage": "decide", "deal_value": 100}))
            .await,
    );
    let bulk = |fields: Vec<(&'static str, String)>| {
        let client = client.clone();
        let url = app.url("/leads/bulk");
        let mut all = vec![("csrf", csrf.clone()), ("target", "selected".to_owned())];
        all.extend(fields);
        async move {
            let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = post_form(&client, &url, &pairs).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER);
            response.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let ticked = |ids: &[&String]| {
        ids.iter()
            .map(|id| ("ids", (*id).clone()))
            .collect::<Vec<_>>()
    };

    let mut fields = ticked(&[&a, &b, &won]);
    fields.extend([
        ("action", "add_tag".to_owned()),
        ("tag_name", "Jakarta VIP".to_owned()),
    ]);
    assert!(bulk(fields).await.ends_with("bulk=add_tag&changed=3"));
    let mut fields = ticked(&[&a, &b]);
    fields.extend([
        ("action", "remove_tag".to_owned()),
        ("tag_name", "old".to_owned()),
    ]);
    assert!(bulk(fields).await.ends_with("changed=2"));
    assert_eq!(lead_of(&app, &a).await["tags"], json!(["Jakarta VIP"]));

    let mut fields = ticked(&[&a]);
    fields.push(("action", "do_not_call".to_owned()));
    assert!(bulk(fields).await.ends_with("changed=1"));
    assert_eq!(lead_of(&app, &a).await["do_not_call"], true);

    // Lost: the open ones, each with its event; a won deal stays won.
    let mut fields = ticked(&[&a, &b, &won]);
    fields.extend([
        ("action", "lost".to_owned()),
        ("lost_reason", "No budget".to_owned()),
        ("lost_note", "spring clean".to_owned()),
    ]);
    assert!(bulk(fields).await.ends_with("changed=2"));
    let lost_a = lead_of(&app, &a).await;
    assert_eq!(
        (
            lost_a["status"].as_str(),
            lost_a["lost_stage"].as_str(),
            lost_a["lost_reason"].as_str()
        ),
        (Some("lost"), Some("interest"), Some("No budget"))
    );
    assert_eq!(lead_of(&app, &won).await["status"], "won");
    let events = app.get_ok(&format!("/api/v1/leads/{a}/events")).await;
    let last = events.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "lost");
    assert_eq!(last["reason"], "spring clean");

    // What it refuses, naming the field, with nothing changed.
    for (fields, field) in [
        (vec![("action", "lost".to_owned())], "Lost reason"),
        (vec![("action", "add_tag".to_owned())], "Tag"),
        (
            vec![("action", "explode".to_owned()), ("ids", b.clone())],
            "How",
        ),
    ] {
        let mut all = vec![
            ("csrf", csrf.clone()),
            ("target", "selected".to_owned()),
            ("ids", b.clone()),
        ];
        all.extend(fields);
        let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = post_form(&client, &app.url("/leads/bulk"), &pairs).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        assert!(refused.text().await.unwrap().contains(field), "{field}");
    }
    let none = post_form(
        &client,
        &app.url("/leads/bulk"),
        &[
            ("csrf", &csrf),
            ("target", "selected"),
            ("action", "do_not_call"),
        ],
    )
    .await;
    assert_eq!(none.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_reps_bulk_change_reaches_only_their_own_and_unassigned_leads() {
    let app = spawn_app().await;
    let (client, csrf, rep) = app.signed_in("Joko Rep", Role::Rep).await;
    let rep_id = rep.id;
    let other = app.user("Kiki Rep", Role::Rep).await;
    let mine = id_of(
        &app.lead(json!({"name": "Mine", "owner_id": rep_id, "source": "expo"}))
            .await,
    );
    let free = id_of(&app.lead(json!({"name": "Free", "source": "expo"})).await);
    let theirs = id_of(
        &app.lead(json!({"name": "Theirs", "owner_id": other.id, "source": "expo"}))
            .await,
    );

    let response = post_form(
        &client,
        &app.url("/leads/bulk"),
        &[
            ("csrf", &csrf),
            ("filters", "source=expo"),
            ("target", "matching"),
            ("action", "do_not_call"),
        ],
    )
    .await;
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("changed=2"));
    assert_eq!(lead_of(&app, &mine).await["do_not_call"], true);
    assert_eq!(lead_of(&app, &free).await["do_not_call"], true);
    assert_eq!(lead_of(&app, &theirs).await["do_not_call"], false);

    // Ticking another rep's lead by its id changes nothing.
    let response = post_form(
        &client,
        &app.url("/leads/bulk"),
        &[
            ("csrf", &csrf),
            ("target", "selected"),
            ("ids", &theirs),
            ("action", "add_tag"),
            ("tag_name", "poached"),
        ],
    )
    .await;
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("changed=0"));
    assert_eq!(lead_of(&app, &theirs).await["tags"], json!([]));

    // Nor does a rep give leads away.
    let refused = post_form(
        &client,
        &app.url("/leads/bulk"),
        &[
            ("csrf", &csrf),
            ("target", "selected"),
            ("ids", &mine),
            ("action", "reassign"),
            ("to_owner", &other.id.to_string()),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        lead_of(&app, &mine).await["owner_id"],
        json!(rep_id.to_string())
    );
}

/// Follow a queued bulk change's page (`/leads/bulk/{id}`) until it is made: the list it
/// then sends its asker to.
async fn when_made(client: &reqwest::Client, app: &TestApp, queued: &str) -> String {
    for _ in 0..600 {
        let response = client.get(app.url(queued)).send().await.unwrap();
        if response.status() == StatusCode::SEE_OTHER {
            return response.headers()["location"].to_str().unwrap().to_owned();
        }
        assert_eq!(response.status(), StatusCode::OK);
        let body = response.text().await.unwrap();
        assert!(!body.contains("id=\"bulk-failed\""), "{body}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the bulk change {queued} was not made");
}

/// More leads than a page waits for: the change is queued and answered at once, made in
/// the background in one transaction, and its page then shows the list saying how many
/// changed. Only its asker sees it; a rep's queued change keeps to their reach.
#[tokio::test]
async fn a_change_of_more_leads_than_a_page_waits_for_is_made_in_the_background() {
    let app = spawn_app_on(server_url(), |config, _| config.bulk_inline_limit = 2).await;
    let (client, csrf, _) = app.signed_in("Lina Manager", Role::Manager).await;
    let rep = app.user("Made Rep", Role::Rep).await;
    let mut expo = Vec::new();
    for i in 0..5 {
        expo.push(id_of(
            &app.lead(json!({"name": format!("Expo {i}"), "source": "expo"}))
                .await,
        ));
    }
    let owner = rep.id.to_string();
    let response = post_form(
        &client,
        &app.url("/leads/bulk"),
        &[
            ("csrf", csrf.as_str()),
            ("filters", "source=expo"),
            ("target", "matching"),
            ("action", "reassign"),
            ("to_owner", owner.as_str()),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let queued = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(queued.starts_with("/leads/bulk/"), "{queued}");

    // Another manager may not follow it.
    let (stranger, _, _) = app.signed_in("Nina Manager", Role::Manager).await;
    let response = stranger.get(app.url(&queued)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let done = when_made(&client, &app, &queued).await;
    assert_eq!(done, "/leads?source=expo&bulk=reassign&changed=5");
    let shown = page(&client, &app.url(&done)).await;
    assert!(
        shown.contains("5 leads given to their new owner."),
        "{shown}"
    );
    for id in &expo {
        assert_eq!(lead_of(&app, id).await["owner_id"], json!(owner));
    }
    let made: (String, Option<i64>) =
        sqlx::query_as("SELECT status, changed FROM bulk_changes WHERE id = $1")
            .bind(
                queued
                    .trim_start_matches("/leads/bulk/")
                    .parse::<uuid::Uuid>()
                    .unwrap(),
            )
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(made, ("done".to_owned(), Some(5)));

    // A rep's queued change reaches only their own and unassigned leads: three of the
    // four ticked, more than the page waits for.
    let (rep_client, rep_csrf, me) = app.signed_in("Oka Rep", Role::Rep).await;
    let mine = id_of(&app.lead(json!({"name": "Mine", "owner_id": me.id})).await);
    let free = id_of(&app.lead(json!({"name": "Free"})).await);
    let also_free = id_of(&app.lead(json!({"name": "Also free"})).await);
    let theirs = &expo[0];
    let response = post_form(
        &rep_client,
        &app.url("/leads/bulk"),
        &[
            ("csrf", rep_csrf.as_str()),
            ("target", "selected"),
            ("ids", mine.as_str()),
            ("ids", free.as_str()),
            ("ids", also_free.as_str()),
            ("ids", theirs.as_str()),
            ("action", "do_not_call"),
        ],
    )
    .await;
    let queued = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(queued.starts_with("/leads/bulk/"), "{queued}");
    let response = client.get(app.url(&queued)).send().await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::NOT_FOUND,
        "the manager did not ask"
    );
    let done = when_made(&rep_client, &app, &queued).await;
    assert!(done.ends_with("bulk=do_not_call&changed=3"), "{done}");
    for id in [&mine, &free, &also_free] {
        assert_eq!(lead_of(&app, id).await["do_not_call"], true);
    }
    assert_eq!(lead_of(&app, theirs).await["do_not_call"], false);
}

/// A queued change left by a node that stopped is taken up by the next that looks, once.
#[tokio::test]
async fn a_queued_change_no_node_is_making_is_made_once() {
    let app = spawn_app().await;
    let (_, _, manager) = app.signed_in("Putu Manager", Role::Manager).await;
    let lead = id_of(&app.lead(json!({"name": "Left behind"})).await);
    let id = leadline::storage::leads::queue_bulk_change(
        &app.db,
        manager.id,
        leadline::storage::Scope::All,
        &[lead.parse().unwrap()],
        &leadline::storage::leads::BulkChange::AddTag("found".into()),
        "",
    )
    .await
    .unwrap();
    let made = leadline::storage::leads::make_queued_bulk_change(&app.db, None)
        .await
        .unwrap();
    assert_eq!(made, Some((id, 1)));
    assert_eq!(
        leadline::storage::leads::make_queued_bulk_change(&app.db, None)
            .await
            .unwrap(),
        None
    );
    assert_eq!(lead_of(&app, &lead).await["tags"], json!(["found"]));
}
