//! Saved views: named filters of the leads list and the dashboard, private or shared,
//! and who may see, replace and delete them.

use leadline::domain::user::Role;
use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::helpers::{page, post_form, spawn_app, TestApp};

async fn save_view(
    client: &Client,
    app: &TestApp,
    csrf: &str,
    page: &str,
    name: &str,
    query: &str,
    shared: bool,
) -> reqwest::Response {
    let mut fields = vec![
        ("csrf", csrf),
        ("page", page),
        ("name", name),
        ("query", query),
    ];
    if shared {
        fields.push(("shared", "on"));
    }
    post_form(client, &app.url("/views"), &fields).await
}

async fn view_id(app: &TestApp, name: &str) -> String {
    app.scalar::<uuid::Uuid>(&format!("SELECT id FROM saved_views WHERE name = '{name}'"))
        .await
        .to_string()
}

#[tokio::test]
async fn a_view_is_its_owners_until_shared_and_only_they_or_a_manager_delete_it() {
    let app = spawn_app().await;
    let (rita, rita_csrf, _) = app.signed_in("Rita Views", Role::Rep).await;
    let (rudi, rudi_csrf, _) = app.signed_in("Rudi Views", Role::Rep).await;
    let (mona, mona_csrf, _) = app.signed_in("Mona Views", Role::Manager).await;
    app.lead(json!({"name": "Viewed Lead", "tags": ["vip"]}))
        .await;

    // Saving shows the filters saved, without the page cursor.
    let saved = save_view(
        &rita,
        &app,
        &rita_csrf,
        "leads",
        "My VIPs",
        "tag=vip&cursor=x",
        false,
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(saved.headers()["location"], "/leads?tag=vip");
    save_view(
        &rita,
        &app,
        &rita_csrf,
        "leads",
        "Team need",
        "stage=need",
        true,
    )
    .await;

    let ritas = page(&rita, &app.url("/leads?tag=vip")).await;
    assert!(
        ritas.contains(r#"<a href="/leads?tag=vip" aria-current="page">My VIPs</a>"#),
        "{ritas}"
    );
    let rudis = page(&rudi, &app.url("/leads")).await;
    assert!(!rudis.contains("My VIPs"), "a private view is its owner's");
    assert!(rudis.contains("Team need") && rudis.contains("shared by Rita Views"));

    // Saving under the same name replaces the filters.
    save_view(
        &rita,
        &app,
        &rita_csrf,
        "leads",
        "My VIPs",
        "tag=vip&stage=new",
        false,
    )
    .await;
    let query: String = app
        .scalar("SELECT query FROM saved_views WHERE name = 'My VIPs'")
        .await;
    assert_eq!(query, "tag=vip&stage=new");
    assert_eq!(app.count("saved_views").await, 2);

    // Another rep can delete neither, and is answered as if they were not there.
    for name in ["My VIPs", "Team need"] {
        let id = view_id(&app, name).await;
        let refused = post_form(
            &rudi,
            &app.url(&format!("/views/{id}/delete")),
            &[("csrf", &rudi_csrf)],
        )
        .await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{name}");
    }
    assert_eq!(app.count("saved_views").await, 2);

    // A manager may take a shared view down, not a private one.
    let private = view_id(&app, "My VIPs").await;
    let refused = post_form(
        &mona,
        &app.url(&format!("/views/{private}/delete")),
        &[("csrf", &mona_csrf)],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let shared = view_id(&app, "Team need").await;
    let deleted = post_form(
        &mona,
        &app.url(&format!("/views/{shared}/delete")),
        &[("csrf", &mona_csrf)],
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    assert_eq!(deleted.headers()["location"], "/leads");
    assert_eq!(app.count("saved_views").await, 1);
}

#[tokio::test]
async fn a_dashboard_view_is_a_managers_and_a_view_needs_a_name() {
    let app = spawn_app().await;
    let (rep, rep_csrf, _) = app.signed_in("Rafi Views", Role::Rep).await;
    let (manager, manager_csrf, _) = app.signed_in("Maya Views", Role::Manager).await;
    let refused = save_view(
        &rep,
        &app,
        &rep_csrf,
        "dashboard",
        "Mine",
        "period=last_month",
        false,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let nameless = save_view(
        &manager,
        &app,
        &manager_csrf,
        "leads",
        "  ",
        "stage=new",
        false,
    )
    .await;
    assert_eq!(nameless.status(), StatusCode::BAD_REQUEST);
    assert!(nameless.text().await.unwrap().contains("Name"));
    let nowhere = save_view(&manager, &app, &manager_csrf, "admin", "X", "", false).await;
    assert_eq!(nowhere.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("saved_views").await, 0);

    let saved = save_view(
        &manager,
        &app,
        &manager_csrf,
        "dashboard",
        "Last month",
        "period=last_month",
        true,
    )
    .await;
    assert_eq!(saved.headers()["location"], "/dashboard?period=last_month");
    let shown = page(&manager, &app.url("/dashboard?period=last_month")).await;
    assert!(shown.contains("Last month</a>") && shown.contains(r#"aria-current="page""#));
}
