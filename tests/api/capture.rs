//! `POST /capture`: a plain HTML form on the company's own site, with a web form's key.

use leadline::domain::phone::Country;
use leadline::domain::user::Role;
use reqwest::header::{ACCEPT_LANGUAGE, LOCATION, ORIGIN, REFERER, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::Row;

use crate::helpers::{browser, server_url, spawn_app_on, TestApp};

const SHOP: &str = "https://toko.example.co.id";

/// A Jakarta company: numbers as its people write them, `forms` a minute from an address.
async fn jakarta_taking(forms: u32) -> TestApp {
    spawn_app_on(server_url(), |config, _| {
        config.default_country = Country::parse("default_country", "ID").unwrap();
        config.capture_per_address = forms;
    })
    .await
}

async fn jakarta() -> TestApp {
    jakarta_taking(100).await
}

/// A key for `app` with `scopes` and `origins`, made by the admin.
async fn key(app: &TestApp, name: &str, scopes: serde_json::Value, origins: &[&str]) -> String {
    let rep = app.user(&format!("{name} owner"), Role::Rep).await;
    let mut body = json!({"name": name, "user_id": rep.id, "allowed_origins": origins});
    if !scopes.is_null() {
        body["scopes"] = scopes;
    }
    app.post_expecting("/api/v1/tokens", body, StatusCode::CREATED)
        .await["secret"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn form_key(app: &TestApp) -> String {
    key(app, "Situs web", json!(["leads:create"]), &[SHOP]).await
}

/// Post `fields` as the shop's contact page does, in `language`.
async fn send(app: &TestApp, fields: &[(&str, &str)], language: &str) -> reqwest::Response {
    browser()
        .post(app.url("/capture"))
        .header(ORIGIN, SHOP)
        .header(REFERER, format!("{SHOP}/kontak?produk=paket-a"))
        .header(ACCEPT_LANGUAGE, language)
        .form(fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_form_on_the_shop_makes_one_unassigned_lead_and_sends_the_visitor_back() {
    let app = jakarta().await;
    let key = form_key(&app).await;
    let fields = [
        ("key", key.as_str()),
        ("name", "Siti Rahayu"),
        ("phone", "0812-3456-7890"),
        ("email", "siti@example.co.id"),
        ("company", "CV Maju Jaya"),
        ("notes", "Mohon telepon setelah jam 3 sore"),
        ("website", ""),
        ("utm_campaign", "ramadan"),
    ];
    let sent = send(&app, &fields, "id").await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        sent.headers()[LOCATION],
        format!("{SHOP}/kontak?produk=paket-a&leadline=received")
    );

    let lead = sqlx::query("SELECT name, phone, email, source, notes, owner_id FROM leads")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let text = |column: &str| lead.get::<Option<String>, _>(column);
    assert_eq!(text("name").as_deref(), Some("Siti Rahayu"));
    assert_eq!(text("phone").as_deref(), Some("+6281234567890"));
    assert_eq!(text("email").as_deref(), Some("siti@example.co.id"));
    // The key's name says where the lead came from (as channels are kept, in lower
    // case), unless the form says.
    assert_eq!(text("source").as_deref(), Some("situs web"));
    assert_eq!(
        text("notes").as_deref(),
        Some("Mohon telepon setelah jam 3 sore")
    );
    let owner: Option<uuid::Uuid> = lead.get("owner_id");
    assert_eq!(owner, None, "nobody's until a manager gives it out");

    // A double click, or the visitor sending the page again: still one lead.
    let again = send(&app, &fields, "id").await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("leads").await, 1);

    // Someone known already, with a new message: kept beside the first, nothing lost.
    let known = send(
        &app,
        &[
            ("key", key.as_str()),
            ("name", "Siti R."),
            ("phone", "+62 812 3456 7890"),
            ("notes", "Saya jadi tertarik paket B"),
            ("source", "Iklan Instagram"),
        ],
        "id",
    )
    .await;
    assert_eq!(known.status(), StatusCode::SEE_OTHER);
    let same_number: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT notes, source FROM leads WHERE phone = '+6281234567890' ORDER BY created_at",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(same_number.len(), 2);
    assert_eq!(same_number[1].0, "Saya jadi tertarik paket B");
    assert_eq!(same_number[1].1.as_deref(), Some("iklan instagram"));
}

#[tokio::test]
async fn a_redirect_field_names_the_thank_you_page_on_the_keys_own_site() {
    let app = jakarta().await;
    let key = form_key(&app).await;
    let thanks = format!("{SHOP}/terima-kasih#atas");
    let sent = send(
        &app,
        &[
            ("key", key.as_str()),
            ("name", "Budi"),
            ("phone", "0813 1111 2222"),
            ("redirect", thanks.as_str()),
        ],
        "id",
    )
    .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        sent.headers()[LOCATION],
        format!("{SHOP}/terima-kasih?leadline=received#atas")
    );

    // Anywhere else would make Leadline an open redirect: refused, nothing kept.
    let elsewhere = send(
        &app,
        &[
            ("key", key.as_str()),
            ("name", "Budi"),
            ("phone", "0813 1111 3333"),
            ("redirect", "https://phish.example.net/login"),
        ],
        "en",
    )
    .await;
    assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN);
    assert!(elsewhere.headers().get(LOCATION).is_none());
    let page = elsewhere.text().await.unwrap();
    assert!(page.contains("redirect"), "{page}");
    assert_eq!(app.count("leads").await, 1);
}

#[tokio::test]
async fn a_bot_that_fills_the_hidden_field_is_thanked_and_nothing_is_kept() {
    let app = jakarta().await;
    let key = form_key(&app).await;
    let sent = send(
        &app,
        &[
            ("key", key.as_str()),
            ("name", "Cheap Pills"),
            ("phone", "0812 9999 0000"),
            ("website", "http://spam.example"),
        ],
        "en",
    )
    .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert!(sent.headers()[LOCATION]
        .to_str()
        .unwrap()
        .ends_with("leadline=received"));
    assert_eq!(app.count("leads").await, 0);
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("leadline_capture_forms_total{result=\"trapped\"} 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn bad_fields_are_named_in_the_visitors_language_and_nothing_is_kept() {
    let app = jakarta().await;
    let key = form_key(&app).await;
    let bad = send(
        &app,
        &[
            ("key", key.as_str()),
            ("name", ""),
            ("phone", "12"),
            ("email", "siti@"),
        ],
        "id-ID,id;q=0.9",
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.text().await.unwrap();
    assert!(page.contains("Mohon periksa formulir"), "{page}");
    for label in ["Nama", "Telepon", "Email"] {
        assert!(page.contains(&format!("<li>{label}:")), "{label} in {page}");
    }
    assert!(
        page.contains(&format!("href=\"{SHOP}/kontak?produk=paket-a\"")),
        "a way back to the form: {page}"
    );

    // Neither a phone nor an e-mail: nobody could call back.
    let unreachable = send(&app, &[("key", key.as_str()), ("name", "Anon")], "ru").await;
    assert_eq!(unreachable.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = unreachable.text().await.unwrap();
    assert!(page.contains("укажите телефон или e-mail"), "{page}");
    assert_eq!(app.count("leads").await, 0);
}

#[tokio::test]
async fn only_a_web_forms_key_used_from_its_own_sites_may_capture() {
    let app = jakarta().await;
    let form = form_key(&app).await;
    let full = key(&app, "Everything", serde_json::Value::Null, &[SHOP]).await;
    let wide = key(&app, "Wide", json!(["leads:create", "leads:read"]), &[SHOP]).await;
    let siteless = key(&app, "Siteless", json!(["leads:create"]), &[]).await;
    let lead = |key: &str| {
        vec![
            ("key".to_owned(), key.to_owned()),
            ("name".to_owned(), "Dewi".to_owned()),
            ("phone".to_owned(), "0812 5555 0000".to_owned()),
        ]
    };
    // Each refused with a page saying what to fix, and nothing kept.
    for (what, fields, needle) in [
        (
            "a key that may read leads",
            lead(&wide),
            "leads:create alone",
        ),
        ("a rep's full key", lead(&full), "leads:create alone"),
        ("a key naming no site", lead(&siteless), "names no web site"),
        ("no key", lead("")[1..].to_vec(), "no `key` field"),
        ("an unknown key", lead("ll_nothing"), "not known"),
    ] {
        let refused = send(
            &app,
            &fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
            "en",
        )
        .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{what}");
        let page = refused.text().await.unwrap();
        assert!(page.contains(needle), "{what}: {page}");
    }

    // The shop's key on another site: refused, by Origin or, without it, by Referer.
    let from = |origin: Option<&str>, referer: Option<&str>| {
        let mut request = browser().post(app.url("/capture")).form(&[
            ("key", form.as_str()),
            ("name", "Dewi"),
            ("phone", "0812 5555 0001"),
        ]);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        if let Some(referer) = referer {
            request = request.header(REFERER, referer);
        }
        request.send()
    };
    let copied = from(Some("https://copycat.example.com"), None)
        .await
        .unwrap();
    assert_eq!(copied.status(), StatusCode::FORBIDDEN);
    assert!(copied
        .text()
        .await
        .unwrap()
        .contains("https://copycat.example.com"));
    let old_browser = from(None, Some("https://copycat.example.com/form.html"))
        .await
        .unwrap();
    assert_eq!(old_browser.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("leads").await, 0);

    // A server posting for its visitor sends neither: kept, and thanked on Leadline's page.
    let server = from(None, None).await.unwrap();
    assert_eq!(server.status(), StatusCode::OK);
    assert!(server.text().await.unwrap().contains("Thank you"));
    assert_eq!(app.count("leads").await, 1);

    // The API's JSON is not a plain form.
    let json = browser()
        .post(app.url("/capture"))
        .json(&json!({"key": form, "name": "Dewi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_address_that_sends_too_many_forms_waits() {
    let app = jakarta_taking(3).await;
    let key = form_key(&app).await;
    for n in 0..3 {
        let phone = format!("0812 7000 000{n}");
        let sent = send(
            &app,
            &[
                ("key", key.as_str()),
                ("name", "Eko"),
                ("phone", phone.as_str()),
            ],
            "zh-CN",
        )
        .await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER, "form {n}");
    }
    let refused = send(
        &app,
        &[
            ("key", key.as_str()),
            ("name", "Eko"),
            ("phone", "0812 7000 0009"),
        ],
        "zh-CN",
    )
    .await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert!(refused.text().await.unwrap().contains("请稍后再试"));
    assert_eq!(app.count("leads").await, 3);
}

/// A person whose lead was lost writes in again: that lead comes back by itself (whoever's
/// it is: the key's owner gains nothing of it), with their note kept, and no second lead.
#[tokio::test]
async fn a_lost_lead_that_fills_the_form_again_comes_back_with_what_they_wrote() {
    let app = jakarta().await;
    let key = form_key(&app).await;
    let other_rep = app.user("Lead's own rep", Role::Rep).await;
    let lead = app
        .lead(
            json!({"name": "Dewi Lestari", "phone": "0812-3456-7890", "stage": "interest",
                     "owner_id": other_rep.id, "notes": "Asked for a quote"}),
        )
        .await;
    let id = lead["id"].as_str().unwrap().to_owned();
    let lost = app
        .admin_post(
            &format!("/api/v1/leads/{id}/lost"),
            json!({"reason": "Other"}),
        )
        .await;
    assert_eq!(lost.status(), StatusCode::OK);
    let fields = [
        ("key", key.as_str()),
        ("name", "Dewi"),
        ("phone", "+62 812 3456 7890"),
        ("notes", "Sudah siap beli bulan ini"),
    ];
    let sent = send(&app, &fields, "id").await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let back = app.get_ok(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(back["status"], "open");
    assert_eq!(back["stage"], "interest");
    assert_eq!(back["owner_id"], other_rep.id.to_string());
    assert_eq!(
        back["notes"],
        "Asked for a quote\n\nSudah siap beli bulan ini"
    );
    let events = app.get_ok(&format!("/api/v1/leads/{id}/events")).await;
    let last = events.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["kind"].as_str(), last["came_back_by"].as_str()),
        (Some("return"), Some("form"))
    );
    assert_eq!(app.count("leads").await, 1);
}
