//! The company's working week: read by everyone, changed by admins (API and page), and
//! counted by dials per working day and the norm flags.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, browser, email_of, form_csrf, json_of, page, post_form, sign_in, spawn_app,
    text_of, TestApp,
};

const NOVEMBER: &str = "from=2026-11-01&to=2026-12-01";

async fn reps_in_november(app: &TestApp) -> Value {
    json_of(
        app.get(
            &app.admin_token,
            &format!("/api/v1/metrics/reps?{NOVEMBER}"),
        )
        .await,
        StatusCode::OK,
    )
    .await["current"]
        .clone()
}

#[tokio::test]
async fn dials_per_working_day_count_the_companys_working_days() {
    let app = spawn_app().await;
    let rep = app.user("Week Rep", Role::Rep).await;
    let lead = app.simple_lead("Week Lead").await;
    // 120 dials in November 2026.
    let calls: Vec<Value> = (0..120)
        .map(|i| {
            json!({"lead_id": lead["id"], "outcome": "no_answer",
                   "started_at": format!("2026-11-{:02}T09:00:00Z", 2 + i % 25)})
        })
        .collect();
    let logged = app
        .post(
            &rep.token,
            "/api/v1/calls/batch",
            &json!({ "calls": calls }),
        )
        .await;
    json_of(logged, StatusCode::CREATED).await;

    // Everyone reads the settings; a new company works Monday to Friday.
    let settings = json_of(
        app.get(&rep.token, "/api/v1/settings").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        settings["working_days"],
        json!(["monday", "tuesday", "wednesday", "thursday", "friday"])
    );
    assert_eq!(settings["holidays"], json!([]));
    // November 2026: 21 weekdays.
    let before = reps_in_november(&app).await;
    assert_eq!(before["working_days"], 21);
    assert_eq!(before["reps"][0]["dials_per_day"], 120.0 / 21.0);

    // Monday to Saturday, less a holiday on Monday the 30th: 25 - 1 days.
    let week = json!({
        "working_days": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
        "holidays": [{"date": "2026-11-30", "name": "Cuti bersama"}]
    });
    let changed = app
        .patch_expecting("/api/v1/settings", week.clone(), StatusCode::OK)
        .await;
    assert_eq!(changed["working_days"], week["working_days"]);
    assert_eq!(changed["holidays"], week["holidays"]);
    assert_eq!(changed["updated_by"], json!(app.admin_id));
    let after = reps_in_november(&app).await;
    assert_eq!(after["working_days"], 24);
    assert_eq!(after["reps"][0]["dials_per_day"], 5.0);
    // Below the norm of 80 a day either way.
    assert_eq!(after["reps"][0]["flags"][0], "below_norm");
}

#[tokio::test]
async fn only_admins_change_the_settings_and_bad_ones_name_the_field() {
    let app = spawn_app().await;
    let manager = app.user("Week Manager", Role::Manager).await;
    let refused = app
        .patch(
            &manager.token,
            "/api/v1/settings",
            &json!({"working_days": ["sunday"]}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for (body, field) in [
        (json!({"working_days": []}), "working_days"),
        (json!({"working_days": ["funday"]}), "working_days[0]"),
        (
            json!({"holidays": [{"date": "2026-12-25", "name": "Natal"},
                                {"date": "2026-12-25", "name": "Natal again"}]}),
            "holidays[1].date",
        ),
        (
            json!({"holidays": [{"date": "2026-12-25", "name": " "}]}),
            "holidays[0].name",
        ),
        (
            json!({"holidays": [{"date": "1999-12-25", "name": "Long ago"}]}),
            "holidays[0].date",
        ),
        (json!({"colour": "red"}), "colour"),
    ] {
        let response = app.admin_patch("/api/v1/settings", body).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, field).await;
    }
    // Nothing refused was written.
    let settings = app.get_ok("/api/v1/settings").await;
    assert_eq!(settings["working_days"].as_array().unwrap().len(), 5);
    assert_eq!(settings["holidays"], json!([]));
}

#[tokio::test]
async fn an_admin_sets_the_working_week_on_the_settings_page() {
    let app = spawn_app().await;
    let password = "settings page password";
    app.person("Page Admin", Role::Admin, password).await;
    let client = browser();
    sign_in(&client, &app.address, &email_of("Page Admin"), password).await;
    let url = app.url("/admin/settings");
    let csrf = form_csrf(&client, &url).await;
    let week = [
        ("csrf", csrf.as_str()),
        ("monday", "on"),
        ("tuesday", "on"),
        ("wednesday", "on"),
        ("thursday", "on"),
        ("friday", "on"),
        ("saturday", "on"),
        ("holidays", "2026-12-25 Natal\n\n2026-12-26  Cuti bersama\n"),
    ];
    let saved = text_of(post_form(&client, &url, &week).await, StatusCode::OK).await;
    assert!(saved.contains("Settings saved."), "{saved}");
    let settings = app.get_ok("/api/v1/settings").await;
    assert_eq!(settings["working_days"].as_array().unwrap().len(), 6);
    assert_eq!(
        settings["holidays"],
        json!([{"date": "2026-12-25", "name": "Natal"},
               {"date": "2026-12-26", "name": "Cuti bersama"}])
    );
    // The page shows them as they are now.
    let shown = page(&client, &url).await;
    assert!(shown.contains("name=\"saturday\" checked"), "{shown}");
    assert!(shown.contains("2026-12-26 Cuti bersama"), "{shown}");

    // A line that is not a date is refused, naming the line, and nothing changes.
    let bad = [
        ("csrf", csrf.as_str()),
        ("monday", "on"),
        ("holidays", "2026-12-25 Natal\n25/12/2026 Natal"),
    ];
    let refused = text_of(
        post_form(&client, &url, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("line 2"), "{refused}");
    assert!(
        refused.contains("25/12/2026 Natal"),
        "the text as typed: {refused}"
    );
    let unchanged = app.get_ok("/api/v1/settings").await;
    assert_eq!(unchanged["working_days"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn two_changes_at_once_each_keep_what_the_other_did_not_touch() {
    let app = spawn_app().await;
    let days = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ];
    for round in 0..10 {
        let holiday = json!([{"date": format!("2026-12-{:02}", 10 + round), "name": "Libur"}]);
        let week = if round % 2 == 0 {
            &days[..6]
        } else {
            &days[..5]
        };
        let (by_days, by_holidays) = tokio::join!(
            app.admin_patch("/api/v1/settings", json!({ "working_days": week })),
            app.admin_patch("/api/v1/settings", json!({ "holidays": holiday })),
        );
        assert_eq!(by_days.status(), StatusCode::OK);
        assert_eq!(by_holidays.status(), StatusCode::OK);
        let settings = app.get_ok("/api/v1/settings").await;
        assert_eq!(settings["working_days"], json!(week), "round {round}");
        assert_eq!(settings["holidays"], holiday, "round {round}");
    }
}
