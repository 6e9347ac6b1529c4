//! The company's day: every day the figures count begins at its local midnight, in the
//! zone it chose (Asia/Jakarta, America/New_York with its 23- and 25-hour days, UTC);
//! a change of zone recounts the rollups while the team goes on writing.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use leadline::domain::metrics::Period;
use leadline::domain::user::Role;
use leadline::domain::zone::Zone;
use leadline::storage::metrics::{self, raw, Filters};
use leadline::storage::{rollups, settings};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, browser, id_of, json_of, page, server_url, sign_in, spawn_app_on, wait_for,
    TestApp,
};

fn zone(name: &str) -> Zone {
    Zone::parse("time_zone", name).unwrap()
}

async fn company_in(name: &str) -> TestApp {
    let zone = zone(name);
    spawn_app_on(server_url(), |config, _| config.time_zone = zone).await
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The dials the API counts from `from` to `to` (company-local dates).
async fn dials(app: &TestApp, from: &str, to: &str) -> i64 {
    let figures = app
        .get_ok(&format!("/api/v1/metrics/calls?from={from}&to={to}"))
        .await;
    figures["current"]["dials"].as_i64().unwrap()
}

/// Log `calls` through the batch endpoint, 500 at a time.
async fn log_calls(app: &TestApp, calls: &[Value]) {
    for chunk in calls.chunks(500) {
        app.post_expecting(
            "/api/v1/calls/batch",
            json!({ "calls": chunk }),
            StatusCode::CREATED,
        )
        .await;
    }
}

/// Log an unanswered call on `lead` at each of `starts`.
async fn log_batch(app: &TestApp, lead: &str, starts: &[DateTime<Utc>]) {
    let calls: Vec<Value> = starts
        .iter()
        .map(|at| json!({"lead_id": lead, "outcome": "no_answer", "started_at": at}))
        .collect();
    log_calls(app, &calls).await;
}

#[tokio::test]
async fn a_call_late_in_the_utc_evening_counts_on_the_next_day_in_jakarta() {
    for (zone_name, on_the_3rd, on_the_4th, day_begins) in [
        ("Asia/Jakarta", 0, 1, "2026-12-03T17:00:00Z"),
        ("UTC", 1, 0, "2026-12-04T00:00:00Z"),
    ] {
        let app = company_in(zone_name).await;
        let lead = app.simple_lead("Late Lead").await;
        log_batch(
            &app,
            &id_of(&lead),
            &["2026-12-03T23:30:00Z".parse().unwrap()],
        )
        .await;
        assert_eq!(
            dials(&app, "2026-12-03", "2026-12-04").await,
            on_the_3rd,
            "{zone_name}"
        );
        assert_eq!(
            dials(&app, "2026-12-04", "2026-12-05").await,
            on_the_4th,
            "{zone_name}"
        );
        // The API answers the period it counted, with its offset.
        let figures = app
            .get_ok("/api/v1/metrics/calls?from=2026-12-04&to=2026-12-05")
            .await;
        let from: DateTime<Utc> = figures["current"]["period"]["from"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(from, day_begins.parse::<DateTime<Utc>>().unwrap());
        // And the settings say which zone that is.
        assert_eq!(app.get_ok("/api/v1/settings").await["time_zone"], zone_name);
    }
}

#[tokio::test]
async fn new_yorks_23_and_25_hour_days_count_every_call_once() {
    let app = company_in("America/New_York").await;
    let ny = zone("America/New_York");
    let lead = id_of(&app.simple_lead("Around The Clock").await);
    // A call every 20 minutes from midnight on the day before each change of clocks to
    // midnight on the day after it, on New York's clock.
    for (first, lengths) in [
        (date(2026, 3, 7), [72, 69, 72]),
        (date(2026, 10, 31), [72, 75, 72]),
    ] {
        let (start, end) = (ny.start_of(first), ny.start_of(first + Duration::days(3)));
        let starts: Vec<DateTime<Utc>> = (0..)
            .map(|n| start + Duration::minutes(20 * n))
            .take_while(|t| *t < end)
            .collect();
        assert_eq!(starts.len() as i64, lengths.iter().sum::<i64>());
        log_batch(&app, &lead, &starts).await;
        // Half the calls folded into the rollups, the rest pending as deltas.
        rollups::compact(&app.db).await.unwrap();
        for (n, expected) in lengths.into_iter().enumerate() {
            let day = first + Duration::days(n as i64);
            let next = day + Duration::days(1);
            assert_eq!(
                dials(&app, &day.to_string(), &next.to_string()).await,
                expected,
                "{day}"
            );
            // The same from the rollups and the raw calls, at the grains the reads use.
            let period = Period::days(day, next, ny);
            assert_eq!(
                metrics::call_counts(&mut *app.conn().await, period, &Filters::default())
                    .await
                    .unwrap(),
                raw::call_counts(&mut *app.conn().await, period, &Filters::default())
                    .await
                    .unwrap(),
                "{day}"
            );
        }
        // The three days together, and hours across the change, from the hour rows.
        let hours = Period::new(
            ny.instant(first.succ_opt().unwrap().and_hms_opt(0, 30, 0).unwrap()),
            ny.instant(first.succ_opt().unwrap().and_hms_opt(4, 10, 0).unwrap()),
            ny,
        );
        let all = Period::days(first, first + Duration::days(3), ny);
        for period in [hours, all] {
            assert_eq!(
                metrics::call_counts(&mut *app.conn().await, period, &Filters::default())
                    .await
                    .unwrap(),
                raw::call_counts(&mut *app.conn().await, period, &Filters::default())
                    .await
                    .unwrap(),
                "{period:?}"
            );
        }
    }
}

/// The figures a manager reads for a few periods, by company-local dates.
async fn figures(app: &TestApp) -> Vec<Value> {
    let mut read = Vec::new();
    for (from, to) in [
        ("2026-11-01", "2026-12-01"),
        ("2026-11-30", "2026-12-01"),
        ("2026-11-15", "2026-11-16"),
        ("2026-11-15T10:30:00Z", "2026-11-16T02:15:00Z"),
    ] {
        for figure in ["funnel", "calls", "cost"] {
            let answer = app
                .get_ok(&format!("/api/v1/metrics/{figure}?from={from}&to={to}"))
                .await;
            read.push(answer["current"].clone());
        }
    }
    read
}

/// The same history in any company: leads coming in (some already at a deal), and
/// connected calls around midnight in Jakarta and UTC, which move leads on.
async fn write_history(app: &TestApp) {
    let rep = app.user("History Rep", Role::Rep).await;
    for n in 0..12 {
        let created = format!("2026-11-{:02}T{:02}:40:00Z", 1 + n * 2, (n * 5) % 24);
        let lead = app
            .lead(
                json!({"name": format!("History {n}"), "phone": format!("+1202555{:04}", 100 + n),
                         "source": if n % 2 == 0 { "web" } else { "referral" }, "owner_id": rep.id,
                         "created_at": created}),
            )
            .await;
        let id = id_of(&lead);
        let calls: Vec<Value> = (0..6)
            .map(|k| {
                json!({"lead_id": id, "rep_id": rep.id, "outcome": "connected", "intent": "clear",
                       "talk_seconds": 60 + k,
                       "started_at": format!("2026-11-{:02}T{:02}:{:02}:00Z", 15 + (k % 3), (14 + 2 * k) % 24, 5 * n)})
            })
            .collect();
        log_calls(app, &calls).await;
    }
}

#[tokio::test]
async fn a_new_zone_gives_the_figures_of_a_company_that_started_in_it() {
    let (moved, born) = tokio::join!(company_in("UTC"), company_in("Asia/Jakarta"));
    write_history(&moved).await;
    write_history(&born).await;
    let in_utc = figures(&moved).await;
    assert_ne!(
        in_utc,
        figures(&born).await,
        "the zones count different days"
    );

    // Only an admin changes the zone, and only to a zone of the tz database.
    let rep = moved.user("Zone Rep", Role::Rep).await;
    let refused = moved
        .patch(
            &rep.token,
            "/api/v1/settings",
            &json!({"time_zone": "Asia/Jakarta"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let unknown = moved
        .patch(
            &moved.admin_token,
            "/api/v1/settings",
            &json!({"time_zone": "Asia/Atlantis"}),
        )
        .await;
    assert_problem(unknown, StatusCode::UNPROCESSABLE_ENTITY, "time_zone").await;
    assert_eq!(moved.get_ok("/api/v1/settings").await["time_zone"], "UTC");

    let changed = moved
        .patch_expecting(
            "/api/v1/settings",
            json!({"time_zone": "Asia/Jakarta"}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(changed["time_zone"], "Asia/Jakarta");
    assert_eq!(changed["recount"]["time_zone"], "Asia/Jakarta");
    wait_for(
        "the recount",
        std::time::Duration::from_secs(60),
        || async { moved.get_ok("/api/v1/settings").await["recount"].is_null() },
    )
    .await;
    assert_eq!(figures(&moved).await, figures(&born).await);
    let counted_in: String = moved.scalar("SELECT rollup_zone()").await;
    assert_eq!(counted_in, "Asia/Jakarta");
}

#[tokio::test]
async fn while_the_rollups_are_recounted_writes_go_on_and_the_figures_stay_exact() {
    let app = company_in("UTC").await;
    write_history(&app).await;
    let leads: Vec<String> = sqlx::query_scalar("SELECT id::text FROM leads ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    // The zone changes; nobody counts yet (the page's node would start at once).
    let jakarta = zone("Asia/Jakarta");
    settings::change_settings(
        &app.db,
        leadline::storage::Actor {
            user_id: Some(app.admin_id),
            ..Default::default()
        },
        |current| {
            Ok(settings::Choices {
                time_zone: jakarta,
                ..current.choices.clone()
            })
        },
    )
    .await
    .unwrap();
    // The figures meanwhile come from the raw records, and the dashboard says so.
    let client = browser();
    app.person("Recount Manager", Role::Manager, "manager password 1")
        .await;
    sign_in(
        &client,
        &app.address,
        &crate::helpers::email_of("Recount Manager"),
        "manager password 1",
    )
    .await;
    let dashboard = page(&client, &app.url("/dashboard?period=this_month")).await;
    assert!(
        dashboard.contains("being recounted in Asia/Jakarta"),
        "the dashboard says how it answers: {dashboard}"
    );
    let before = figures(&app).await;
    // A third of the leads counted, then writes to leads on both sides of the cursor.
    let counted: i64 = app.scalar("SELECT rollup_rebuild_step(4)").await;
    assert_eq!(counted, 4);
    for (n, lead) in leads.iter().enumerate() {
        let at = format!("2026-11-15T{:02}:10:00Z", 16 + n % 8);
        app.logged_call(
            &app.admin_token,
            json!({"lead_id": lead, "outcome": "connected", "intent": "unclear", "talk_seconds": 30,
                   "started_at": at}),
        )
        .await;
    }
    app.moved(&leads[1], json!({"to": "need"})).await;
    app.moved(&leads[10], json!({"to": "need"})).await;
    app.admin_post(
        &format!("/api/v1/leads/{}/lost", leads[11]),
        json!({"reason": "No budget"}),
    )
    .await;
    app.simple_lead("Arrived Meanwhile").await;
    assert_ne!(figures(&app).await, before, "the writes show at once");
    let during = figures(&app).await;
    // The rest of the recount; then the rollups answer what the raw records did.
    let finished = rollups::finish_rebuild(&app.db).await.unwrap().unwrap();
    assert_eq!(finished.time_zone, "Asia/Jakarta");
    assert!(finished.leads_counted >= leads.len() as i64);
    assert!(rollups::rebuild_under_way(&app.db).await.unwrap().is_none());
    assert_eq!(figures(&app).await, during);
    let dashboard = page(&client, &app.url("/dashboard?period=this_month")).await;
    assert!(!dashboard.contains("being recounted"));
    // Period by period, every family of figures, from the rollups and raw.
    for (first, end) in [
        (date(2026, 11, 1), date(2026, 12, 1)),
        (date(2026, 11, 15), date(2026, 11, 16)),
    ] {
        let period = Period::days(first, end, jakarta);
        let none = Filters::default();
        assert_eq!(
            metrics::call_counts(&mut *app.conn().await, period, &none)
                .await
                .unwrap(),
            raw::call_counts(&mut *app.conn().await, period, &none)
                .await
                .unwrap()
        );
        for view in [
            leadline::domain::metrics::FunnelView::Cohort,
            leadline::domain::metrics::FunnelView::Activity,
        ] {
            assert_eq!(
                metrics::funnel_counts(&mut *app.conn().await, view, period, &none)
                    .await
                    .unwrap()
                    .reached,
                raw::funnel_counts(&mut *app.conn().await, view, period, &none)
                    .await
                    .unwrap()
                    .reached
            );
        }
        let now = Utc::now();
        assert_eq!(
            metrics::rep_counts(&mut *app.conn().await, period, &none, now)
                .await
                .unwrap(),
            raw::rep_counts(&mut *app.conn().await, period, &none, now)
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn exports_and_webhooks_give_times_on_the_companys_clock_with_its_offset() {
    let app = company_in("Asia/Jakarta").await;
    let receiver = crate::webhooks::Receiver::start(&[]).await;
    crate::webhooks::subscribe(&app, &receiver.url, &["call.logged", "lead.stage_changed"]).await;
    let lead = app
        .lead(json!({"name": "Offset Lead", "phone": "+6281234567890",
                     "created_at": "2026-12-03T23:30:00Z", "next_contact_at": "2026-12-04T03:00:00Z"}))
        .await;
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": id_of(&lead), "outcome": "connected", "intent": "clear", "talk_seconds": 60,
               "started_at": "2026-12-03T23:45:00Z"}),
    )
    .await;
    crate::webhooks::deliver(&app).await;
    let received = receiver
        .wait_for(2, std::time::Duration::from_secs(30))
        .await;
    let call = received
        .iter()
        .map(|r| r.json())
        .find(|p| p["type"] == "call.logged")
        .unwrap();
    assert_eq!(
        call["data"]["call"]["started_at"],
        "2026-12-04T06:45:00.000000+07:00"
    );
    assert!(call["created_at"].as_str().unwrap().ends_with("+07:00"));
    let moved = received
        .iter()
        .map(|r| r.json())
        .find(|p| p["type"] == "lead.stage_changed")
        .unwrap();
    assert_eq!(
        moved["data"]["lead"]["created_at"],
        "2026-12-04T06:30:00.000000+07:00"
    );

    // The calls export, and the leads export of the pages.
    let calls = app
        .get(&app.admin_token, "/api/v1/calls/export.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(calls.contains("2026-12-04T06:45:00+07:00"), "{calls}");
    let client = browser();
    app.person("Export Admin", Role::Admin, "export password 1")
        .await;
    sign_in(
        &client,
        &app.address,
        &crate::helpers::email_of("Export Admin"),
        "export password 1",
    )
    .await;
    let leads = page(&client, &app.url("/leads/export.csv")).await;
    assert!(leads.contains("2026-12-04T06:30:00+07:00"), "{leads}");
    assert!(leads.contains("2026-12-04T06:45:00+07:00"), "{leads}");
}

/// The hidden or typed value of the field `name` in `page`.
fn field(page: &str, name: &str) -> String {
    crate::helpers::hidden_input(page, name)
}

#[tokio::test]
async fn a_rep_in_jakarta_sees_and_types_times_on_their_own_clock() {
    let app = company_in("UTC").await;
    let rep = app.person("Dewi", Role::Rep, "dewi password 1").await;
    let lead = app
        .lead(
            json!({"name": "Follow Me", "phone": "+6281234567001", "owner_id": rep.id,
                     "next_contact_at": "2026-12-01T02:00:00Z"}),
        )
        .await;
    // At the first sign-in from a browser in Jakarta, its zone is offered.
    let client = browser();
    let login = app.url("/login");
    let csrf = crate::helpers::form_csrf(&client, &login).await;
    let signed_in = client
        .post(&login)
        .form(&[
            ("email", "dewi@example.com"),
            ("password", "dewi password 1"),
            ("csrf", &csrf),
            ("next", "/queue"),
            ("browser_zone", "Asia/Jakarta"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let offer = signed_in.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(offer, "/account?offer=Asia%2FJakarta&next=%2Fqueue");
    let account = page(&client, &app.url(&offer)).await;
    assert!(account.contains("Use Asia/Jakarta"), "{account}");
    let me = json_of(app.get(&rep.token, "/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(
        me["time_zone"],
        Value::Null,
        "the company's, until she chooses"
    );
    // Until she answers, the pages show the company's clock.
    assert!(account.contains(">UTC</a>"), "{account}");
    let chose = client
        .post(app.url("/account"))
        .form(&[
            ("csrf", field(&account, "csrf").as_str()),
            ("next", "/queue"),
            ("time_zone", "Asia/Jakarta"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(chose.status(), StatusCode::SEE_OTHER);
    assert_eq!(chose.headers()["location"], "/queue");
    let me = json_of(app.get(&rep.token, "/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(me["time_zone"], "Asia/Jakarta");

    // Times are shown on her clock, and the zone is named.
    let lead_page = page(&client, &app.url(&format!("/leads/{}", id_of(&lead)))).await;
    assert!(
        lead_page.contains(&shown("2026-12-01 09:00")),
        "{lead_page}"
    );
    assert!(
        lead_page.contains(r#"value="2026-12-01T09:00""#),
        "{lead_page}"
    );
    assert!(lead_page.contains(">Asia/Jakarta</a>"), "{lead_page}");
    // A follow-up typed as 10:00 falls due at 10:00 WIB, 03:00Z.
    let queue = page(&client, &app.url("/queue")).await;
    assert!(
        queue.contains(" WIB"),
        "the claim ends on her clock: {queue}"
    );
    let logged = client
        .post(app.url("/queue/log"))
        .form(&[
            ("csrf", field(&queue, "csrf")),
            ("lead_id", field(&queue, "lead_id")),
            ("submission", field(&queue, "submission")),
            ("outcome", "no_answer".to_owned()),
            ("next_contact", "2026-12-10T10:00".to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    let due: DateTime<Utc> =
        sqlx::query_scalar("SELECT next_contact_at FROM leads WHERE id = $1::uuid")
            .bind(id_of(&lead))
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        due,
        "2026-12-10T03:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );

    // The admin, on the company's clock, sees the same moment as 03:00.
    let admin = browser();
    app.person("Clock Admin", Role::Admin, "clock admin 1")
        .await;
    sign_in(
        &admin,
        &app.address,
        &crate::helpers::email_of("Clock Admin"),
        "clock admin 1",
    )
    .await;
    let seen = page(&admin, &app.url(&format!("/leads/{}", id_of(&lead)))).await;
    assert!(seen.contains(&shown("2026-12-10 03:00")), "{seen}");

    // Chosen once, not offered again; a zone that is not one is refused, naming the field.
    let again = browser();
    let csrf = crate::helpers::form_csrf(&again, &login).await;
    let second = again
        .post(&login)
        .form(&[
            ("email", "dewi@example.com"),
            ("password", "dewi password 1"),
            ("csrf", &csrf),
            ("next", "/queue"),
            ("browser_zone", "Europe/Moscow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(second.headers()["location"], "/queue");
    let account = page(&again, &app.url("/account")).await;
    let refused = again
        .post(app.url("/account"))
        .form(&[
            ("csrf", field(&account, "csrf").as_str()),
            ("time_zone", "Mars/Olympus"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("time_zone"));
}

/// A local date and time as an English page writes it (CLDR's: `Dec 1, 2026, 9:00 AM`).
fn shown(local: &str) -> String {
    let local = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
    leadline::i18n::in_language(leadline::i18n::Language::En, || {
        leadline::http::ui::format::local_datetime(local)
    })
}
