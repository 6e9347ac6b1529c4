//! Lead farming (seed 003): a lost lead comes back on its lost reason's day, or by itself,
//! at the stage it was lost at; the queue offers it with the playbook; the recovery figures
//! count what came back. The day is the test's to choose: `farming::return_due` is asked
//! with a time of its own, as the server's loop asks it with the time of day.

use chrono::{Duration, Utc};
use leadline::domain::metrics::{FunnelView, Period};
use leadline::domain::user::Role;
use leadline::importer::{Mode, Target};
use leadline::service::farming;
use leadline::storage::metrics::{self, raw, Filters};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, form_csrf, id_of, import_file, json_of, page, post_form, problem_fields,
    spawn_app, unique_phone, TestApp,
};

/// "Will think about it": a lead lost for it comes back after 14 days.
const THINKING: &str = "00000000-0000-7000-8000-000000000008";
/// "Other": no way back.
const OTHER: &str = "00000000-0000-7000-8000-000000000007";

/// A lead of `owner`'s at `interest` with a number of its own.
async fn lead_at_interest(app: &TestApp, name: &str, owner: &str) -> (String, String) {
    let phone = unique_phone();
    let lead = app
        .lead(json!({"name": name, "phone": phone, "owner_id": owner, "stage": "interest"}))
        .await;
    (id_of(&lead), phone)
}

async fn lose(app: &TestApp, lead: &str, reason: &str) {
    let lost = app
        .admin_post(
            &format!("/api/v1/leads/{lead}/lost"),
            json!({"reason": reason}),
        )
        .await;
    assert_eq!(
        lost.status(),
        StatusCode::OK,
        "{}",
        lost.text().await.unwrap()
    );
}

async fn status_of(app: &TestApp, lead: &str) -> String {
    app.get_ok(&format!("/api/v1/leads/{lead}")).await["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The next lead of the holder of `token`'s queue, as the API gives it.
async fn next_for(app: &TestApp, token: &str) -> Value {
    json_of(app.get(token, "/api/v1/queue/next").await, StatusCode::OK).await
}

async fn events_of(app: &TestApp, lead: &str) -> Vec<Value> {
    app.get_ok(&format!("/api/v1/leads/{lead}/events"))
        .await
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_lead_lost_at_interest_comes_back_on_its_day_with_the_playbook_and_not_before() {
    let app = spawn_app().await;
    let rep = app.user("Farming Rep", Role::Rep).await;
    let way_back = app
        .patch_expecting(
            &format!("/api/v1/lost-reasons/{THINKING}"),
            json!({
                "return_after_days": 14,
                "playbook": "Send the brochure first",
                "stage_playbooks": {"interest": "Ask which option they were weighing"}
            }),
            StatusCode::OK,
        )
        .await;
    assert_eq!(way_back["return_after_days"], 14);
    assert_eq!(
        way_back["stage_playbooks"]["interest"],
        "Ask which option they were weighing"
    );
    let (lead, _) = lead_at_interest(&app, "Budi Santoso", &rep.id.to_string()).await;
    lose(&app, &lead, "Will think about it").await;
    let queue = next_for(&app, &rep.token).await;
    assert!(queue["lead"].is_null(), "a lost lead waits: {queue}");

    // Day 13: still lost, and the queue still has nobody.
    let now = Utc::now();
    assert_eq!(
        farming::return_due(&app.db, now + Duration::days(13))
            .await
            .unwrap(),
        0
    );
    assert_eq!(status_of(&app, &lead).await, "lost");
    let queue = next_for(&app, &rep.token).await;
    assert!(queue["lead"].is_null(), "not before its day: {queue}");

    // Day 14: it is back at interest, first in the rep's queue as a returning lead.
    assert_eq!(
        farming::return_due(&app.db, now + Duration::days(14))
            .await
            .unwrap(),
        1
    );
    let back = app.get_ok(&format!("/api/v1/leads/{lead}")).await;
    assert_eq!(
        (back["status"].as_str(), back["stage"].as_str()),
        (Some("open"), Some("interest"))
    );
    let event = events_of(&app, &lead).await.last().cloned().unwrap();
    assert_eq!(event["kind"], "return");
    assert_eq!(event["lost_reason"], "Will think about it");
    assert!(event["came_back_by"].is_null(), "{event}");
    let queue = next_for(&app, &rep.token).await;
    assert_eq!(queue["lead"]["id"], lead.as_str());
    assert_eq!(queue["reason"], "returning");
    assert_eq!(queue["returned"]["stage"], "interest");
    assert_eq!(queue["returned"]["lost_reason"], "Will think about it");
    assert_eq!(
        queue["returned"]["playbook"],
        "Ask which option they were weighing"
    );
    // A second round finds nothing more to bring back.
    assert_eq!(
        farming::return_due(&app.db, now + Duration::days(30))
            .await
            .unwrap(),
        0
    );

    // Once called, it is an ordinary open lead: out of the returning bucket.
    app.logged_call(
        &rep.token,
        json!({"lead_id": lead, "outcome": "no_answer", "rep_id": rep.id}),
    )
    .await;
    let returning: i64 = app
        .scalar("SELECT count(*) FROM leads WHERE returning_since IS NOT NULL")
        .await;
    assert_eq!(returning, 0);
}

#[tokio::test]
async fn do_not_call_and_bad_numbers_never_come_back() {
    let app = spawn_app().await;
    let rep = app.user("Careful Rep", Role::Rep).await;
    let owner = rep.id.to_string();
    let (asked, _) = lead_at_interest(&app, "Asked not to be called", &owner).await;
    let (bad, _) = lead_at_interest(&app, "Wrong number", &owner).await;
    let (fine, _) = lead_at_interest(&app, "Will return", &owner).await;
    for lead in [&asked, &bad, &fine] {
        lose(&app, lead, "Will think about it").await;
    }
    app.patch_expecting(
        &format!("/api/v1/leads/{asked}"),
        json!({"do_not_call": true}),
        StatusCode::OK,
    )
    .await;
    // A call to a lost lead still happens: this one found the number dead.
    app.logged_call(
        &rep.token,
        json!({"lead_id": bad, "outcome": "invalid_number", "rep_id": rep.id}),
    )
    .await;
    let years_later = Utc::now() + Duration::days(3000);
    assert_eq!(farming::return_due(&app.db, years_later).await.unwrap(), 1);
    assert_eq!(status_of(&app, &asked).await, "lost");
    assert_eq!(status_of(&app, &bad).await, "lost");
    assert_eq!(status_of(&app, &fine).await, "open");

    // A do-not-call lead that calls in stays lost too: it asked not to be called.
    let call = app
        .log_call(
            &rep.token,
            json!({"lead_id": asked, "outcome": "connected", "intent": "unclear",
                   "talk_seconds": 30, "direction": "inbound", "rep_id": rep.id}),
        )
        .await;
    assert_eq!(call.status(), StatusCode::CREATED);
    assert_eq!(status_of(&app, &asked).await, "lost");
}

#[tokio::test]
async fn a_lost_lead_that_calls_in_or_writes_in_again_comes_back_by_itself() {
    let app = spawn_app().await;
    let rep = app.user("Inbound Rep", Role::Rep).await;
    let owner = rep.id.to_string();
    // "Other" never brings a lead back by itself; the person does.
    let (caller, _) = lead_at_interest(&app, "Calls in", &owner).await;
    lose(&app, &caller, OTHER).await;
    // An outbound call to a lost lead is only a call.
    app.logged_call(
        &rep.token,
        json!({"lead_id": caller, "outcome": "no_answer", "direction": "outbound", "rep_id": rep.id}),
    )
    .await;
    assert_eq!(status_of(&app, &caller).await, "lost");
    app.logged_call(
        &rep.token,
        json!({"lead_id": caller, "outcome": "connected", "intent": "clear", "talk_seconds": 90,
               "direction": "inbound", "rep_id": rep.id}),
    )
    .await;
    let back = app.get_ok(&format!("/api/v1/leads/{caller}")).await;
    assert_eq!(
        (back["status"].as_str(), back["stage"].as_str()),
        (Some("open"), Some("interest"))
    );
    let event = events_of(&app, &caller).await.last().cloned().unwrap();
    assert_eq!(
        (event["kind"].as_str(), event["came_back_by"].as_str()),
        (Some("return"), Some("call"))
    );
    assert_eq!(event["lost_reason"], "Other");
    // On the phone already: it waits in no queue.
    let queue = next_for(&app, &rep.token).await;
    assert_ne!(queue["reason"], "returning", "{queue}");

    // A batch from a dialer brings back its lost callers the same way.
    let (batched, _) = lead_at_interest(&app, "Calls in through the dialer", &owner).await;
    lose(&app, &batched, OTHER).await;
    let batch = app
        .post(
            &rep.token,
            "/api/v1/calls/batch",
            &json!({"calls": [{"lead_id": batched, "outcome": "connected", "intent": "unclear",
                               "talk_seconds": 20, "direction": "inbound", "rep_id": rep.id}]}),
        )
        .await;
    assert_eq!(
        batch.status(),
        StatusCode::CREATED,
        "{}",
        batch.text().await.unwrap()
    );
    assert_eq!(status_of(&app, &batched).await, "open");

    // Imported again with its number: the lost lead comes back, and no second lead is made.
    let (imported, phone) = lead_at_interest(&app, "Imported again", &owner).await;
    lose(&app, &imported, OTHER).await;
    let file = format!(
        "name,phone\nImported Again,{phone}\nSomeone New,{}\n",
        unique_phone()
    );
    let (progress, _) = tokio::sync::watch::channel(Default::default());
    let summary = import_file(
        &app.db,
        file.as_bytes(),
        &[Target::Name, Target::Phone],
        Mode::AllOrNothing,
        &progress,
    )
    .await;
    assert_eq!(summary.imported, 1, "{summary:?}");
    assert!(summary.errors.is_empty(), "{summary:?}");
    assert_eq!(summary.warnings.len(), 1, "{summary:?}");
    assert_eq!(summary.warnings[0].line, 2);
    assert!(
        summary.warnings[0].message.contains(&imported),
        "{summary:?}"
    );
    let with_number: i64 = sqlx::query_scalar("SELECT count(*) FROM leads WHERE phone = $1")
        .bind(&phone)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(with_number, 1);
    let event = events_of(&app, &imported).await.last().cloned().unwrap();
    assert_eq!(event["came_back_by"], "import");
}

#[tokio::test]
async fn recovery_counts_the_lead_lost_returned_and_recovered_at_interest_and_its_uplift() {
    let app = spawn_app().await;
    let rep = app.user("Recovering Rep", Role::Rep).await;
    let owner = rep.id.to_string();
    // Four leads today: one lost at interest, back, and on to need; one straight to need;
    // one lost at interest for good; one that only connected.
    let (recovered, _) = lead_at_interest(&app, "Recovered", &owner).await;
    let (straight, _) = lead_at_interest(&app, "Straight on", &owner).await;
    let (gone, _) = lead_at_interest(&app, "Gone", &owner).await;
    app.lead(json!({"name": "Connected only", "phone": unique_phone(), "stage": "connect"}))
        .await;
    lose(&app, &recovered, "Will think about it").await;
    lose(&app, &gone, "Chose a competitor").await;
    assert_eq!(
        farming::return_due(&app.db, Utc::now() + Duration::days(14))
            .await
            .unwrap(),
        1
    );
    for lead in [&recovered, &straight] {
        app.moved(lead, json!({"to": "need"})).await;
    }

    // The company's days are UTC's here; `to` is exclusive.
    let today = Utc::now().date_naive();
    let figures = app
        .get_ok(&format!(
            "/api/v1/metrics/recovery?from={today}&to={}",
            (Utc::now() + Duration::days(1)).date_naive()
        ))
        .await;
    let current = &figures["current"];
    let interest = current["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "interest")
        .unwrap();
    assert_eq!(interest["ever_lost"], 2);
    assert_eq!(interest["returned"], 1);
    assert_eq!(interest["recovered"], 1);
    assert_eq!(interest["won"], 0);
    assert_eq!(interest["recovery_rate"], 0.5);
    // By hand: reached(interest) = 3 and reached(need) = 2. Without the recovered lead the
    // step conversion to need would be 1/3; with it, 2/3: it adds 1/3.
    assert_eq!(interest["reached"], 3);
    let step = interest["step_conversion"].as_f64().unwrap();
    let uplift = interest["uplift"].as_f64().unwrap();
    assert!((step - 2.0 / 3.0).abs() < 1e-12, "{interest}");
    assert!(
        (uplift - (step - (2.0 - 1.0) / 3.0)).abs() < 1e-12,
        "{interest}"
    );
    assert_eq!(current["total"]["ever_lost"], 2);
    assert!(figures["previous"]["total"]["ever_lost"] == 0);

    // The rollups' figures are the raw definitions', in both views.
    let clock = leadline::storage::settings::clock(&app.db).await.unwrap();
    let period = Period::new(
        Utc::now() - Duration::days(1),
        Utc::now() + Duration::days(1),
        clock.zone,
    );
    for view in [FunnelView::Cohort, FunnelView::Activity] {
        let filters = Filters::default();
        assert_eq!(
            metrics::recovery_counts(&mut *app.conn().await, view, period, &filters)
                .await
                .unwrap(),
            raw::recovery_counts(&mut *app.conn().await, view, period, &filters)
                .await
                .unwrap(),
            "{view:?}"
        );
    }
    // The rep's row: two of theirs lost today, one recovered.
    let reps = app.get_ok("/api/v1/metrics/reps").await;
    let row = reps["current"]["reps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rep_id"] == rep.id.to_string())
        .unwrap()
        .clone();
    assert_eq!(
        (row["lost"].as_i64(), row["recovered"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(row["recovery_rate"], 0.5);
}

#[tokio::test]
async fn a_reasons_way_back_is_checked_field_by_field_and_only_managers_change_it() {
    let app = spawn_app().await;
    let problem = assert_problem(
        app.admin_patch(
            &format!("/api/v1/lost-reasons/{THINKING}"),
            json!({"return_after_days": 0, "playbook": "x".repeat(2001),
                   "stage_playbooks": {"decide": "Too late"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "return_after_days",
    )
    .await;
    assert_eq!(
        problem_fields(&problem),
        ["return_after_days", "playbook", "stage_playbooks.decide"]
    );
    // Nothing of the refused change was kept.
    let kept = app.get_ok("/api/v1/lost-reasons").await;
    let thinking = kept
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == THINKING)
        .unwrap();
    assert_eq!(thinking["return_after_days"], 14);

    let rep = app.user("Not A Manager", Role::Rep).await;
    let refused = app
        .patch(
            &rep.token,
            &format!("/api/v1/lost-reasons/{THINKING}"),
            &json!({"return_after_days": null}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // `null` means never, and the leads lost for it now wait for no day.
    let (lead, _) = lead_at_interest(&app, "Waiting", &rep.id.to_string()).await;
    lose(&app, &lead, "Will think about it").await;
    app.patch_expecting(
        &format!("/api/v1/lost-reasons/{THINKING}"),
        json!({"return_after_days": null}),
        StatusCode::OK,
    )
    .await;
    let years_later = Utc::now() + Duration::days(3000);
    assert_eq!(farming::return_due(&app.db, years_later).await.unwrap(), 0);
    // New days date them again from the day each was lost.
    app.patch_expecting(
        &format!("/api/v1/lost-reasons/{THINKING}"),
        json!({"return_after_days": 3}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        farming::return_due(&app.db, Utc::now() + Duration::days(2))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        farming::return_due(&app.db, Utc::now() + Duration::days(3))
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn the_pages_show_ways_back_and_returning_leads_in_the_readers_language_and_clock() {
    let app = spawn_app().await;
    let (manager, csrf, _) = app.signed_in("Page Manager", Role::Manager).await;
    let base = &app.address;
    // The manager reads in Indonesian, on Jakarta's clock.
    let account = post_form(
        &manager,
        &format!("{base}/account"),
        &[
            ("csrf", &csrf),
            ("time_zone", "Asia/Jakarta"),
            ("language", "id"),
        ],
    )
    .await;
    assert!(account.status().is_success() || account.status().is_redirection());
    let reasons = page(&manager, &format!("{base}/lost-reasons")).await;
    assert!(
        reasons.contains("Alasan gagal dan jalan kembalinya"),
        "{reasons}"
    );
    let csrf = form_csrf(&manager, &format!("{base}/lost-reasons")).await;
    let refused = post_form(
        &manager,
        &format!("{base}/lost-reasons/{THINKING}"),
        &[
            ("csrf", &csrf),
            ("return_after_days", "0"),
            ("playbook", ""),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("Kembali setelah (hari)"),
        "the field by its label: {text}"
    );
    let saved = post_form(
        &manager,
        &format!("{base}/lost-reasons/{THINKING}"),
        &[
            ("csrf", &csrf),
            ("active", "on"),
            ("return_after_days", "7"),
            ("playbook", "Kirim brosur dulu"),
            (
                "playbook_interest",
                "Tanyakan pilihan yang sedang ditimbang",
            ),
        ],
    )
    .await;
    assert!(saved.status().is_redirection(), "{}", saved.status());
    let way_back = app.get_ok("/api/v1/lost-reasons").await;
    let thinking = way_back
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == THINKING)
        .unwrap()
        .clone();
    assert_eq!(thinking["return_after_days"], 7);
    assert_eq!(
        thinking["stage_playbooks"]["interest"],
        "Tanyakan pilihan yang sedang ditimbang"
    );

    // A lead that came back shows how, and what to do, on its page.
    let (lead, _) = lead_at_interest(&app, "Siti Rahayu", &app.admin_id.to_string()).await;
    lose(&app, &lead, "Will think about it").await;
    let lost_page = page(&manager, &format!("{base}/leads/{lead}")).await;
    // It comes back at the start of the company's day (UTC here), which is 07:00 on the
    // reader's Jakarta clock.
    let returns_on = lost_page
        .split("id=\"returns-on\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no return date: {lost_page}"));
    assert!(returns_on.starts_with("akan kembali pada"), "{returns_on}");
    assert!(
        returns_on.contains("07.00") || returns_on.contains("07:00"),
        "{returns_on}"
    );
    farming::return_due(&app.db, Utc::now() + Duration::days(7))
        .await
        .unwrap();
    let back = page(&manager, &format!("{base}/leads/{lead}")).await;
    assert!(
        back.contains("Tanyakan pilihan yang sedang ditimbang"),
        "{back}"
    );
    assert!(back.contains("sesuai alasannya"), "{back}");

    // The dashboard's recovery section, in Indonesian.
    let dashboard = page(&manager, &format!("{base}/dashboard")).await;
    assert!(dashboard.contains("id=\"recovery-table\""), "{dashboard}");
    assert!(dashboard.contains("Tingkat pemulihan"), "{dashboard}");
    let (rep_client, _, _) = app.signed_in("Page Rep", Role::Rep).await;
    let forbidden = rep_client
        .get(format!("{base}/lost-reasons"))
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
}
