//! The forecast equals a hand computation on a fixed data set: chances learned from the
//! closed leads, values from deal values or the average won deal, months from the median
//! step times; an admin's chance replaces a learned one.

use chrono::{Datelike, Duration, Utc};
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, page, post_form, spawn_app, unique_phone, TestApp};

async fn lead(app: &TestApp, body: Value) -> String {
    let mut body = body;
    body["phone"] = json!(unique_phone());
    id_of(&app.lead(body).await)
}

/// Months from this one to the one `seconds` from now is in (UTC, the tests' zone).
fn months_ahead(seconds: f64) -> i64 {
    let now = Utc::now();
    let then = now + Duration::milliseconds((seconds * 1000.0) as i64);
    i64::from(then.year() * 12 + then.month0() as i32)
        - i64::from(now.year() * 12 + now.month0() as i32)
}

#[tokio::test]
async fn the_forecast_equals_a_hand_computation() {
    let app = spawn_app().await;
    let rini = app.user("Rini Rep", Role::Rep).await;
    let tono = app.user("Tono Rep", Role::Rep).await;
    // Closed in the window: A won now, H won last month, B lost at interest, C at connect,
    // D at new.
    let a = lead(&app, json!({"name": "A"})).await;
    app.moved(&a, json!({"to": "decide", "deal_value": 10_000_000}))
        .await;
    let h = lead(
        &app,
        json!({"name": "H", "owner_id": tono.id, "source": "Web"}),
    )
    .await;
    app.moved(&h, json!({"to": "decide", "deal_value": 5_000_000}))
        .await;
    let b = lead(&app, json!({"name": "B"})).await;
    app.moved(&b, json!({"to": "interest"})).await;
    let c = lead(&app, json!({"name": "C"})).await;
    app.moved(&c, json!({"to": "connect"})).await;
    let d = lead(&app, json!({"name": "D"})).await;
    for lost in [&b, &c, &d] {
        app.post_expecting(
            &format!("/api/v1/leads/{lost}/lost"),
            json!({"reason": "No budget"}),
            StatusCode::OK,
        )
        .await;
    }
    // H was won in the middle of last month.
    let last_month = {
        let first = Utc::now().date_naive().with_day(1).unwrap();
        (first - Duration::days(15))
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
    };
    sqlx::query("UPDATE leads SET won_at = $1 WHERE id = $2::uuid")
        .bind(last_month)
        .bind(&h)
        .execute(&app.db)
        .await
        .unwrap();
    // A took 70 days from evaluate to decide: it reached everything before 70 days ago.
    sqlx::query(
        "UPDATE stage_reaches SET reached_at = reached_at - interval '70 days' \
         WHERE lead_id = $1::uuid AND stage < 5",
    )
    .bind(&a)
    .execute(&app.db)
    .await
    .unwrap();
    // Open: E at interest worth 4M, F at connect with no value, G new worth 8M.
    let e = lead(
        &app,
        json!({"name": "E", "owner_id": rini.id, "source": "Facebook",
                               "deal_value": 4_000_000}),
    )
    .await;
    app.moved(&e, json!({"to": "interest"})).await;
    let f = lead(
        &app,
        json!({"name": "F", "owner_id": rini.id, "source": "Web"}),
    )
    .await;
    app.moved(&f, json!({"to": "connect"})).await;
    lead(
        &app,
        json!({"name": "G", "owner_id": tono.id, "source": "Facebook",
                      "deal_value": 8_000_000}),
    )
    .await;

    let forecast = app.get_ok("/api/v1/forecast").await;
    // Chances: of the 5 closed, won among those that reached each stage.
    let learned: Vec<(i64, i64)> = forecast["chances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["won"].as_i64().unwrap(), c["closed"].as_i64().unwrap()))
        .collect();
    assert_eq!(learned, [(2, 5), (2, 4), (2, 3), (2, 2), (2, 2)]);
    assert_eq!(forecast["average_won_deal"], 7_500_000);
    // E: 2/3 × 4M; F: 2/4 × 7.5M (the average won deal); G: 2/5 × 8M.
    let expected: f64 = 2.0 / 3.0 * 4_000_000.0 + 0.5 * 7_500_000.0 + 0.4 * 8_000_000.0;
    assert_eq!(forecast["total"], expected.round() as i64, "{forecast}");
    assert_eq!(forecast["open_leads"], 3);
    assert_eq!(forecast["undated"], 0);
    // The step into decide took 70 days for A and none for H: its median is 35 days.
    let to_decide = forecast["chances"][4]["seconds_to_decide"]
        .as_f64()
        .unwrap();
    assert!((to_decide / 86_400.0 - 35.0).abs() < 0.01, "{to_decide}");
    // Each open lead closes when it reached its stage plus its steps' median times.
    let mut by_month = [0.0_f64; 3];
    let mut later = 0.0_f64;
    for (stage, value) in [
        (2, 2.0 / 3.0 * 4_000_000.0),
        (1, 3_750_000.0),
        (0, 3_200_000.0),
    ] {
        let seconds = forecast["chances"][stage]["seconds_to_decide"]
            .as_f64()
            .unwrap();
        match usize::try_from(months_ahead(seconds)) {
            Ok(m) if m < 3 => by_month[m] += value,
            _ => later += value,
        }
    }
    let months: Vec<i64> = forecast["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["expected"].as_i64().unwrap())
        .collect();
    assert_eq!(
        months,
        by_month
            .iter()
            .map(|v| v.round() as i64)
            .collect::<Vec<_>>()
    );
    assert_eq!(forecast["later"], later.round() as i64);
    // Beside last month's actual: H's 5M, Tono's.
    assert_eq!(forecast["last_period_won"], 5_000_000);
    assert_eq!(forecast["last_period_deals"], 1);
    let reps = forecast["by_rep"].as_array().unwrap();
    let rini_row = reps.iter().find(|r| r["key"] == json!(rini.id)).unwrap();
    assert_eq!(
        rini_row["expected"],
        (2.0 / 3.0 * 4_000_000.0 + 3_750_000.0_f64).round() as i64
    );
    let tono_row = reps.iter().find(|r| r["key"] == json!(tono.id)).unwrap();
    assert_eq!(tono_row["expected"], 3_200_000);
    assert_eq!(tono_row["last_period_won"], 5_000_000);
    let channels = forecast["by_channel"].as_array().unwrap();
    let web = channels
        .iter()
        .find(|c| c["key"] == "web")
        .unwrap_or_else(|| panic!("{channels:?}"));
    assert_eq!(web["expected"], 3_750_000);

    // An admin's chance for connect replaces the learned one; null brings it back.
    let manager = app.user("Mira Manager", Role::Manager).await;
    let refused = app
        .client
        .put(app.url("/api/v1/forecast/chances"))
        .bearer_auth(&manager.token)
        .json(&json!({"connect": 0.9}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let put = |body: Value| {
        let app = &app;
        async move {
            app.client
                .put(app.url("/api/v1/forecast/chances"))
                .bearer_auth(&app.admin_token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    for bad in [
        json!({"decide": 0.5}),
        json!({"connect": 1.5}),
        json!({"connect": "lots"}),
    ] {
        crate::helpers::assert_problem(put(bad).await, StatusCode::UNPROCESSABLE_ENTITY, "chances")
            .await;
    }
    assert_eq!(
        put(json!({"connect": 0.9})).await.status(),
        StatusCode::NO_CONTENT
    );
    let overridden = app.get_ok("/api/v1/forecast").await;
    assert_eq!(overridden["chances"][1]["override_probability"], 0.9);
    assert_eq!(overridden["chances"][1]["learned"], 0.5);
    let expected: f64 = 2.0 / 3.0 * 4_000_000.0 + 0.9 * 7_500_000.0 + 0.4 * 8_000_000.0;
    assert_eq!(overridden["total"], expected.round() as i64);
    let trail = app.get_ok("/api/v1/audit?entity=settings").await;
    assert!(trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["changes"]["probability"]["new"] == 0.9));

    // On the page, the admin types a percentage; a blank brings back the learned chance.
    let (client, csrf, _) = app.signed_in("Nadia Admin", Role::Admin).await;
    let shown = page(&client, &app.url("/forecast")).await;
    assert!(shown.contains("id=\"forecast-total\""), "{shown}");
    assert!(shown.contains("name=\"connect\" value=\"90\""), "{shown}");
    let saved = post_form(
        &client,
        &app.url("/forecast/chances"),
        &[("csrf", csrf.as_str()), ("connect", ""), ("need", "75")],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let after = app.get_ok("/api/v1/forecast").await;
    assert!(after["chances"][1]["override_probability"].is_null());
    assert_eq!(after["chances"][3]["override_probability"], 0.75);
    let bad_window = client
        .get(app.url("/forecast?window_days=5"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_window.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
