//! Scoped, expiring API tokens, and the web origins a browser may use one from (CORS).

use leadline::domain::user::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, hidden_input, json_of, page, problem_fields, spawn_app, TestApp,
};

/// A new token of the admin's with `limits` (`scopes`, `expires_at`, `allowed_origins`).
async fn token_with(app: &TestApp, limits: Value) -> String {
    let mut body = json!({"name": "limited"});
    body.as_object_mut()
        .unwrap()
        .extend(limits.as_object().unwrap().clone());
    let created = app
        .post_expecting("/api/v1/tokens", body, StatusCode::CREATED)
        .await;
    created["secret"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_token_does_only_what_its_scopes_say() {
    let app = spawn_app().await;
    let reader = token_with(&app, json!({"scopes": ["leads:read", "metrics:read"]})).await;
    assert_eq!(
        app.get(&reader, "/api/v1/leads").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&reader, "/api/v1/metrics/funnel").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&reader, "/api/v1/me").await.status(),
        StatusCode::OK
    );
    let refused = app
        .post(&reader, "/api/v1/leads", &json!({"name": "No"}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["scope"], "leads:create", "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("leads:create"));
    for (method, path, scope) in [
        ("GET", "/api/v1/calls", "calls:read"),
        ("GET", "/api/v1/audit", "admin"),
        ("GET", "/api/v1/queue/next", "calls:write"),
    ] {
        let response = app
            .client
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                app.url(path),
            )
            .bearer_auth(&reader)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["scope"], scope, "{path}");
    }
    assert_eq!(app.count("leads").await, 0);

    // Scopes never reach past the role: a rep's admin-scoped token is still a rep's.
    let rep = app.user("Scoped Rep", Role::Rep).await;
    let reps_token = app
        .post_expecting(
            "/api/v1/tokens",
            json!({"name": "rep admin?", "user_id": rep.id, "scopes": ["admin"]}),
            StatusCode::CREATED,
        )
        .await;
    let secret = reps_token["secret"].as_str().unwrap();
    assert_eq!(reps_token["token"]["scopes"], json!(["admin"]));
    assert_eq!(
        app.get(secret, "/api/v1/users").await.status(),
        StatusCode::FORBIDDEN
    );

    // Bad limits are named, all at once.
    let bad = app
        .admin_post(
            "/api/v1/tokens",
            json!({"name": "", "scopes": ["everything"], "expires_at": "2001-01-01T00:00:00Z",
                   "allowed_origins": ["https://ok.example.com", "example.com/form"]}),
        )
        .await;
    let problem = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "name").await;
    assert_eq!(
        problem_fields(&problem),
        ["name", "scopes[0]", "expires_at", "allowed_origins[1]"]
    );
}

#[tokio::test]
async fn an_expired_token_is_refused_as_if_revoked() {
    let app = spawn_app().await;
    let soon = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    let token = token_with(&app, json!({"expires_at": soon})).await;
    assert_eq!(app.get(&token, "/api/v1/me").await.status(), StatusCode::OK);
    app.execute(
        "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE name = 'limited'",
    )
    .await;
    assert_eq!(
        app.get(&token, "/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_web_form_key_creates_unassigned_leads_from_its_own_site_alone() {
    let app = spawn_app().await;
    let rep = app.user("Form Owner", Role::Rep).await;
    let shop = "https://toko.example.co.id";
    let key = app
        .post_expecting(
            "/api/v1/tokens",
            json!({"name": "website form", "user_id": rep.id, "scopes": ["leads:create"],
                   "allowed_origins": [format!("{shop}/")]}),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(key["token"]["allowed_origins"], json!([shop]));
    let key = key["secret"].as_str().unwrap().to_owned();

    // The browser's preflight, without a token: allowed for the shop's origin alone.
    let preflight = |origin: &'static str| {
        app.client
            .request(Method::OPTIONS, app.url("/api/v1/leads"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let allowed = preflight("https://toko.example.co.id").await.unwrap();
    assert_eq!(allowed.status(), StatusCode::NO_CONTENT);
    assert_eq!(allowed.headers()["access-control-allow-origin"], shop);
    let methods = allowed.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap();
    assert!(headers.contains("authorization") && headers.contains("content-type"));
    let elsewhere = preflight("https://evil.example.com").await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN);
    assert!(elsewhere
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    // The post itself: a lead nobody owns, readable by the page.
    let posted = app
        .client
        .post(app.url("/api/v1/leads"))
        .bearer_auth(&key)
        .header("origin", shop)
        .json(
            &json!({"name": "Joko Susilo", "phone": "+62 812-3456-7890", "source": "web",
                      "owner_id": rep.id}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(posted.headers()["access-control-allow-origin"], shop);
    let exposed = posted.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(exposed.contains("location"), "{exposed}");
    let lead = json_of(posted, StatusCode::CREATED).await;
    assert!(lead["owner_id"].is_null(), "{lead}");

    // A duplicate is refused without naming the lead; the key reads nothing.
    let again = app
        .client
        .post(app.url("/api/v1/leads"))
        .bearer_auth(&key)
        .header("origin", shop)
        .json(&json!({"name": "Joko lagi", "phone": "+62 812-3456-7890"}))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(again, StatusCode::CONFLICT, "phone").await;
    assert!(problem.get("existing_id").is_none(), "{problem}");
    assert!(!problem.to_string().contains(lead["id"].as_str().unwrap()));
    let read = app
        .get(
            &key,
            &format!("/api/v1/leads/{}", lead["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(read.status(), StatusCode::FORBIDDEN);

    // From another site's page the key is refused outright.
    let stolen = app
        .client
        .post(app.url("/api/v1/leads"))
        .bearer_auth(&key)
        .header("origin", "https://evil.example.com")
        .json(&json!({"name": "Spam"}))
        .send()
        .await
        .unwrap();
    assert_eq!(stolen.status(), StatusCode::FORBIDDEN);
    assert!(stolen
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert_eq!(app.count("leads").await, 1);
}

#[tokio::test]
async fn the_tokens_page_makes_a_limited_token_in_the_admins_language() {
    let app = spawn_app().await;
    let (client, _, _) = app.signed_in("Tara Admin", Role::Admin).await;
    let html = page(&client, &app.url("/admin/tokens")).await;
    let csrf = hidden_input(&html, "csrf");
    let admin_id = app.admin_id.to_string();
    let made = client
        .post(app.url("/admin/tokens"))
        .header("accept-language", "id")
        .header("origin", &app.address)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Formulir situs"),
            ("user_id", admin_id.as_str()),
            ("scope:leads:create", "on"),
            ("expires_at", "2099-12-31T17:00"),
            ("allowed_origins", "https://toko.example.co.id\r\n"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::OK);
    let html = made.text().await.unwrap();
    assert!(html.contains("<code>leads:create</code>"), "scopes listed");
    assert!(html.contains("https://toko.example.co.id"));
    // A web form's key comes with a contact form to paste into the site, posting here.
    let secret = html
        .split("id=\"new-token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the new key shown once")
        .to_owned();
    let snippet = html
        .split("id=\"form-snippet\">")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .expect("a contact form to paste");
    assert!(
        snippet.contains(&format!("action=&#34;{}/capture&#34;", app.address)),
        "{snippet}"
    );
    assert!(
        snippet.contains(&format!("value=&#34;{secret}&#34;")),
        "{snippet}"
    );
    assert!(
        snippet.contains("name=&#34;website&#34;"),
        "the hidden field for bots"
    );
    let (scopes, expires): (Vec<String>, chrono::DateTime<chrono::Utc>) =
        sqlx::query_as("SELECT scopes, expires_at FROM api_tokens WHERE name = 'Formulir situs'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(scopes, ["leads:create"]);
    assert!(expires.to_rfc3339().starts_with("2099-12-31"), "{expires}");
    // A bad origin is named in the page's language.
    let refused = client
        .post(app.url("/admin/tokens"))
        .header("accept-language", "id")
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Salah"),
            ("user_id", admin_id.as_str()),
            ("allowed_origins", "toko.example.co.id/form"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.unwrap();
    assert!(html.contains("bukan origin web"), "Indonesian error");
}
