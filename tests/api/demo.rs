//! `leadline demo`: the data set it writes reads as seed 000's team on the dashboard.

use chrono::{Duration, Utc};
use leadline_generators::demo;
use serde_json::Value;

use crate::helpers::spawn_app;

fn rate(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("not a rate: {value}"))
}

#[tokio::test]
async fn the_demo_shows_seed_000s_rates_on_the_dashboard_and_runs_once() {
    let app = spawn_app().await;
    let now = Utc::now();
    let summary = demo::generate(&app.db, demo::DEFAULT_SEED, now)
        .await
        .unwrap();
    assert_eq!(summary.team.len(), 7);
    assert_eq!(app.count("leads").await, summary.leads as i64);
    assert_eq!(app.count("calls").await, summary.calls as i64);
    assert_eq!(app.count("spend").await, summary.spend_entries as i64);

    let period = format!(
        "from={}&to={}",
        (now - Duration::days(demo::HISTORY_DAYS + 1)).date_naive(),
        (now + Duration::days(1)).date_naive()
    );

    let calls = app.get_ok(&format!("/api/v1/metrics/calls?{period}")).await;
    let calls = &calls["current"];
    assert_eq!(calls["dials"], summary.calls);
    let connect_rate = rate(&calls["connect_rate"]);
    assert!((0.30..=0.46).contains(&connect_rate), "{calls}");
    let clear = rate(&calls["intent"]["clear_rate"]);
    assert!((0.05..=0.15).contains(&clear), "{calls}");
    assert!(calls["do_not_call_calls"].as_i64().unwrap() > 0, "{calls}");

    let funnel = app
        .get_ok(&format!("/api/v1/metrics/funnel?{period}"))
        .await;
    let reached: Vec<i64> = funnel["current"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reached"].as_i64().unwrap())
        .collect();
    assert_eq!(reached[0], summary.leads as i64);
    assert!(reached.windows(2).all(|w| w[0] >= w[1]), "{reached:?}");
    assert!(
        reached[5] > 0 && reached[6] > 0,
        "deals and referrals: {reached:?}"
    );
    let lost: i64 = funnel["current"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["lost"].as_i64().unwrap())
        .sum();
    assert!(lost > 0);

    let cost = app.get_ok(&format!("/api/v1/metrics/cost?{period}")).await;
    let cost = &cost["current"];
    assert!(cost["spend"].as_i64().unwrap() > 0, "{cost}");
    assert!(cost["cost_per_lead"].is_number(), "{cost}");
    assert!(cost["cost_per_deal"].is_number(), "{cost}");
    assert!(cost["revenue"].as_i64().unwrap() > 0, "{cost}");

    let reps = app.get_ok(&format!("/api/v1/metrics/reps?{period}")).await;
    let reps = reps["current"]["reps"].as_array().unwrap();
    assert_eq!(reps.len(), 6);
    assert!(reps.iter().all(|r| r["dials"].as_i64().unwrap() > 0));

    let again = demo::generate(&app.db, demo::DEFAULT_SEED, now).await;
    let message = again.expect_err("a second run is refused").to_string();
    assert!(message.contains("demo"), "{message}");
    assert_eq!(app.count("leads").await, summary.leads as i64);
}
