//! The dashboard page as a manager reads it: a rate's change in percentage points, and an
//! activity view that shows no conversion it cannot honestly compute.

use chrono::{Duration, Utc};
use leadline::domain::user::Role;
use serde_json::json;

use crate::helpers::{browser, email_of, id_of, page, sign_in, spawn_app, unique_phone};

const PASSWORD: &str = "dashboard page password";

#[tokio::test]
async fn a_rates_change_reads_in_points_and_the_activity_view_shows_no_conversion() {
    let app = spawn_app().await;
    app.person("Dina Manager", Role::Manager, PASSWORD).await;
    let client = browser();
    sign_in(&client, &app.address, &email_of("Dina Manager"), PASSWORD).await;

    // Last period: 2 of 4 dials connected (50%); this one: 1 of 4 (25%).
    let lead = id_of(
        &app.lead(json!({"name": "Rate Lead", "phone": unique_phone()}))
            .await,
    );
    let before = (Utc::now() - Duration::days(40)).to_rfc3339();
    for (i, connected) in [true, true, false, false, true, false, false, false]
        .into_iter()
        .enumerate()
    {
        let mut call = if connected {
            json!({"lead_id": lead, "outcome": "connected", "intent": "unclear", "talk_seconds": 30})
        } else {
            json!({"lead_id": lead, "outcome": "no_answer"})
        };
        if i < 4 {
            call["started_at"] = json!(before);
        }
        app.logged_call(&app.admin_token, call).await;
    }
    let cohort = page(&client, &app.url("/dashboard")).await;
    let card = &cohort[cohort.find("Connect rate").unwrap()..];
    let card = &card[..card.find("</div>").unwrap()];
    assert!(card.contains("−25.0 pp"), "connect rate 50% to 25%: {card}");
    assert!(
        !card.contains("−50.0%"),
        "not a percent of a percent: {card}"
    );
    assert!(cohort.contains("Step conversion"));

    // Moves in the period of leads that came in earlier: no step conversion over 100%.
    let old = app
        .lead(json!({"name": "Old Lead", "phone": unique_phone(), "created_at": before}))
        .await;
    app.moved(&id_of(&old), json!({"to": "need"})).await;
    let activity = page(&client, &app.url("/dashboard?view=activity")).await;
    assert!(activity.contains(r#"id="activity-note""#));
    let table = &activity[activity.find(r#"id="funnel-table""#).unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        !table.contains("Step conversion") && !table.contains("Overall"),
        "no conversion in the activity view's table: {table}"
    );
    let need = &table[table.find(r#"data-stage="need""#).unwrap()..];
    let need = &need[..need.find("</tr>").unwrap()];
    assert!(
        !need.contains("100.0%") && !need.contains("200.0%"),
        "{need}"
    );
}

/// A page's two dozen statements run one after another on one connection of the
/// figures' pool: several managers opening the dashboard at once each take one
/// connection, not as many as the pool has.
#[tokio::test]
async fn a_page_reads_its_figures_on_one_connection() {
    let app = spawn_app().await;
    app.person("Fay Manager", Role::Manager, PASSWORD).await;
    let client = browser();
    sign_in(&client, &app.address, &email_of("Fay Manager"), PASSWORD).await;
    let lead = id_of(
        &app.lead(json!({"name": "Pool Lead", "phone": unique_phone()}))
            .await,
    );
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": lead, "outcome": "connected", "intent": "clear", "talk_seconds": 60}),
    )
    .await;
    let figures_connections = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = $1",
        )
        .bind(leadline::config::FIGURES_APPLICATION)
        .fetch_one(&app.db)
        .await
        .unwrap()
    };
    assert_eq!(figures_connections().await, 0, "opened as they are needed");

    let dashboard = page(&client, &app.url("/dashboard")).await;
    assert!(
        dashboard.contains("Connect rate"),
        "the page shows its figures"
    );
    assert_eq!(
        figures_connections().await,
        1,
        "the page took one connection"
    );

    // The metrics API reads the same way. How many connections the pool holds after
    // several requests is not asserted: a connection goes back to the pool in a task of
    // its own, so a request that follows at once may open another.
    for figures in ["funnel", "recovery", "calls", "cost", "reps"] {
        let response = app
            .client
            .get(app.url(&format!("/api/v1/metrics/{figures}")))
            .bearer_auth(&app.admin_token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{figures}");
    }
}
