//! The tag breakdown: the funnel and the channel spend of each tag's and each tag group's
//! leads, by hand; a lead with two tags of one group counted once in the group; the tag
//! group as a dashboard filter.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, page, spawn_app, unique_phone};

fn row<'a>(rows: &'a [Value], key: &str, value: &str) -> &'a Value {
    rows.iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no {key} {value}: {rows:?}"))
}

#[tokio::test]
async fn each_tag_and_group_has_its_funnel_and_channel_spend() {
    let app = spawn_app().await;
    for (name, group) in [
        ("jakarta", Some("region")),
        ("bandung", Some("region")),
        ("retail", Some("segment")),
        ("vip", None),
    ] {
        let response = app
            .post(
                &app.admin_token,
                "/api/v1/tags",
                &json!({"name": name, "group": group}),
            )
            .await;
        assert!(response.status().is_success());
    }
    let lead = |source: &str, tags: Value| {
        let app = &app;
        let body = json!({"name": "Lead", "phone": unique_phone(), "source": source, "tags": tags});
        async move { id_of(&app.lead(body).await) }
    };
    let l1 = lead("Facebook", json!(["jakarta", "retail"])).await;
    app.moved(&l1, json!({"to": "decide", "deal_value": 10_000_000}))
        .await;
    let l2 = lead("Facebook", json!(["jakarta", "bandung"])).await;
    app.moved(&l2, json!({"to": "interest"})).await;
    lead("Web", json!(["bandung"])).await;
    lead("Web", json!(["vip"])).await;
    lead("Facebook", json!([])).await;
    let today = chrono::Utc::now().date_naive().to_string();
    for (amount, channel) in [
        (3_000_000, Some("Facebook")),
        (1_000_000, Some("Web")),
        (5_000_000, None),
    ] {
        let mut body = json!({"date": today, "amount": amount, "category": "advertising"});
        if let Some(channel) = channel {
            body["channel"] = json!(channel);
        }
        app.post_expecting("/api/v1/spend", body, StatusCode::CREATED)
            .await;
    }

    let breakdown = app.get_ok("/api/v1/metrics/tags").await["current"].clone();
    let tags = breakdown["tags"].as_array().unwrap();
    // Facebook's 3M over its 3 leads, Web's 1M over its 2: 1M and 0.5M a lead.
    let jakarta = row(tags, "tag", "jakarta");
    assert_eq!(jakarta["group"], "region");
    assert_eq!(jakarta["reached"], json!([2, 2, 2, 1, 1, 1, 0]));
    assert_eq!(jakarta["won"], 1);
    assert_eq!(jakarta["conversion"], 0.5);
    assert_eq!(jakarta["revenue"], 10_000_000);
    assert_eq!(jakarta["channel_spend"], 2_000_000);
    assert_eq!(jakarta["cost_per_lead"], 1_000_000);
    assert_eq!(jakarta["cost_per_deal"], 2_000_000);
    let bandung = row(tags, "tag", "bandung");
    assert_eq!(bandung["reached"][0], 2);
    assert_eq!(bandung["channel_spend"], 1_500_000);
    assert!(bandung["cost_per_deal"].is_null());
    assert_eq!(row(tags, "tag", "vip")["channel_spend"], 500_000);
    assert!(row(tags, "tag", "vip")["group"].is_null());

    let groups = breakdown["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{groups:?}");
    let region = row(groups, "group", "region");
    // The lead tagged both jakarta and bandung counts once.
    assert_eq!(region["reached"], json!([3, 2, 2, 1, 1, 1, 0]));
    assert_eq!(region["channel_spend"], 2_500_000);
    assert_eq!(region["revenue"], 10_000_000);
    assert!(region["tag"].is_null());
    assert_eq!(row(groups, "group", "segment")["reached"][0], 1);

    // The group as a filter: three leads, exact; the cost figures not applicable.
    let funnel = app.get_ok("/api/v1/metrics/funnel?tag_group=region").await;
    assert_eq!(funnel["current"]["stages"][0]["reached"], 3, "{funnel}");
    let cost = app.get_ok("/api/v1/metrics/cost?tag_group=region").await;
    assert_eq!(cost["current"]["not_applicable"], "tag_filter");

    // On the pages: the breakdown, and the group filter on the dashboard.
    let (client, _, _) = app.signed_in("Lina Manager", Role::Manager).await;
    let shown = page(&client, &app.url("/dashboard/tags")).await;
    assert!(shown.contains("id=\"tag-groups\""), "{shown}");
    assert!(shown.contains("jakarta"), "{shown}");
    let dashboard = page(&client, &app.url("/dashboard?tag_group=region")).await;
    assert!(
        dashboard.contains("<option value=\"region\" selected>"),
        "{dashboard}"
    );
    assert!(dashboard.contains("id=\"cost-not-applicable\""));
    let rep = app.user("Oka Rep", Role::Rep).await;
    let refused = app.get(&rep.token, "/api/v1/metrics/tags").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
