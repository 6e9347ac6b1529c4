//! The browser surface over plain HTTP: sign-in, sessions, CSRF, roles and headers.

use leadline::credentials;
use leadline::domain::user::Role;
use leadline::storage;
use reqwest::{Client, StatusCode};

use crate::helpers::{
    browser, form_csrf, page, post_form, post_login, spawn_app, text_of, visit, TestApp,
};

const PASSWORD: &str = "page test password";

/// Sign in with a fresh client; returns it (holding the session cookie) and the page's CSRF token.
async fn signed_in(app: &TestApp, role: Role) -> (Client, String) {
    let email = format!(
        "{}-{}@example.com",
        role.as_str(),
        uuid::Uuid::new_v4().simple()
    );
    let hash = credentials::hash_password(PASSWORD).unwrap();
    storage::users::create(&app.db, &email, "Someone", role, &hash)
        .await
        .unwrap();
    let client = browser();
    let response = post_login(&client, &app.address, &email, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/leads");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        cookie.contains("ll_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let csrf = form_csrf(&client, &app.url("/leads")).await;
    (client, csrf)
}

/// The status `client` gets for the page at `path`.
async fn status_of(client: &Client, app: &TestApp, path: &str) -> StatusCode {
    visit(client, &app.url(path)).await.status()
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_and_static_files_are_public() {
    let app = spawn_app().await;
    let client = browser();
    let response = visit(&client, &app.url("/leads?q=x")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()["location"],
        "/login?next=%2Fleads%3Fq%3Dx"
    );
    for path in ["/static/app.css", "/login"] {
        assert_eq!(status_of(&client, &app, path).await, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_saying_which_part_was_wrong() {
    let app = spawn_app().await;
    let client = browser();
    let csrf = form_csrf(&client, &app.url("/login")).await;
    for email in ["admin@example.com", "nobody@example.com"] {
        let fields = [
            ("email", email),
            ("password", "wrong password"),
            ("csrf", &csrf),
        ];
        let response = post_form(&client, &app.url("/login"), &fields).await;
        let page = text_of(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(page.contains("do not match an active account"), "{page}");
    }
}

#[tokio::test]
async fn forms_without_the_sessions_csrf_token_are_refused() {
    let app = spawn_app().await;
    let (client, csrf) = signed_in(&app, Role::Manager).await;
    let new_lead = app.url("/leads/new");
    let ok = post_form(
        &client,
        &new_lead,
        &[("name", "With token"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    for fields in [
        &[("name", "Forged"), ("csrf", "")][..],
        &[("name", "Forged"), ("csrf", "forged")],
        &[("name", "No token")],
    ] {
        let refused = post_form(&client, &new_lead, fields).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{fields:?}");
    }
    assert_eq!(app.count("leads").await, 1);
    // The login form has its own token, bound to a cookie.
    let fields = [
        ("email", "a@example.com"),
        ("password", "x"),
        ("csrf", "guess"),
    ];
    let login = post_form(&browser(), &app.url("/login"), &fields).await;
    assert_eq!(login.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn signing_out_ends_the_session_and_signing_in_again_starts_a_new_one() {
    let app = spawn_app().await;
    let (client, csrf) = signed_in(&app, Role::Rep).await;
    let sessions_before: i64 = app.count("sessions").await;
    let out = post_form(&client, &app.url("/logout"), &[("csrf", &csrf)]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("sessions").await, sessions_before - 1);
    assert_eq!(
        status_of(&client, &app, "/queue").await,
        StatusCode::SEE_OTHER,
        "the old cookie no longer works"
    );
}

#[tokio::test]
async fn pages_follow_the_roles() {
    let app = spawn_app().await;
    let rep_forbidden = [
        "/dashboard",
        "/spend",
        "/import",
        "/admin/users",
        "/admin/tokens",
    ];
    let manager_allowed = ["/dashboard", "/spend", "/import", "/queue", "/leads"];
    for (role, forbidden, allowed) in [
        (
            Role::Rep,
            &rep_forbidden[..],
            &["/queue", "/leads", "/leads/new"][..],
        ),
        (Role::Manager, &["/admin/users"], &manager_allowed),
        (Role::Admin, &[], &["/admin/tokens"]),
    ] {
        let (client, _) = signed_in(&app, role).await;
        for (paths, status) in [
            (allowed, StatusCode::OK),
            (forbidden, StatusCode::FORBIDDEN),
        ] {
            for path in paths {
                let got = status_of(&client, &app, path).await;
                assert_eq!(got, status, "{} {path}", role.as_str());
            }
        }
    }
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = spawn_app().await;
    let response = visit(&browser(), &app.url("/login")).await;
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
            && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
}

#[tokio::test]
async fn a_bad_form_is_shown_again_with_the_message() {
    let app = spawn_app().await;
    let (client, csrf) = signed_in(&app, Role::Manager).await;
    let fields = [("name", "Bad Phone"), ("phone", "12"), ("csrf", &csrf)];
    let response = post_form(&client, &app.url("/leads/new"), &fields).await;
    let page = text_of(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Phone: `12` is not"), "{page}");
    assert!(
        page.contains("value=\"Bad Phone\""),
        "what was typed is kept"
    );
    assert_eq!(app.count("leads").await, 0);
}

#[tokio::test]
async fn the_dashboard_shows_each_reps_figures_beside_the_previous_period() {
    let app = spawn_app().await;
    let rep = app.user("Dina Dialer", Role::Rep).await;
    let lead = app.simple_lead("Somebody").await;
    let now = chrono::Utc::now();
    // Two dials in the last 30 days, one in the 30 days before.
    for days_ago in [1, 2, 40] {
        let started_at = (now - chrono::Duration::days(days_ago)).to_rfc3339();
        let call = serde_json::json!({"lead_id": lead["id"], "rep_id": rep.id, "outcome": "busy", "started_at": started_at});
        assert_eq!(
            app.log_call(&app.admin_token, call).await.status(),
            StatusCode::CREATED
        );
    }
    let (manager, _) = signed_in(&app, Role::Manager).await;
    let page = page(&manager, &app.url("/dashboard?period=30d")).await;
    let table = page.split(r#"id="reps""#).nth(1).expect("the reps table");
    let row = table.split("Dina Dialer").nth(1).expect("the rep's row");
    assert!(
        row.contains(r#"2<br><span class="compare">1 <span class="good">+100.0%</span>"#),
        "{row}"
    );
}

/// One sign-in attempt with a fresh login form; the status, the page and Retry-After.
async fn attempt(app: &TestApp, email: &str, password: &str) -> (StatusCode, String, Option<u64>) {
    let (client, login) = (browser(), app.url("/login"));
    let csrf = form_csrf(&client, &login).await;
    let fields = [("email", email), ("password", password), ("csrf", &csrf)];
    let response = post_form(&client, &login, &fields).await;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    (status, response.text().await.unwrap(), retry_after)
}

#[tokio::test]
async fn repeated_failed_sign_ins_make_the_account_wait_whether_or_not_it_exists() {
    let app = spawn_app().await;
    for email in ["admin@example.com", "nobody@example.com"] {
        for _ in 0..storage::login_throttle::PER_ACCOUNT {
            let (status, _, _) = attempt(&app, email, "wrong password").await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        // Now even the right password waits, and the answer is the same for both.
        let (status, page, retry_after) = attempt(&app, email, "admin password 1").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{email}");
        assert!(page.contains("Too many failed sign-ins"), "{page}");
        let wait = retry_after.expect("Retry-After");
        assert!((1..=15 * 60).contains(&wait), "{wait}");
    }
    // Another account from the same address is not held up by these.
    app.person("Other", Role::Rep, PASSWORD).await;
    let (status, _, _) = attempt(&app, "other@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Once the failures leave the window, the account signs in again and its count starts over.
    app.execute("UPDATE login_failures SET at = at - interval '16 minutes'")
        .await;
    let (status, _, _) = attempt(&app, "admin@example.com", "admin password 1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let failures: i64 = app
        .scalar("SELECT count(*) FROM login_failures WHERE email = 'admin@example.com'")
        .await;
    assert_eq!(failures, 0);
}

#[tokio::test]
async fn many_failed_sign_ins_from_one_address_make_that_address_wait() {
    let app = spawn_app().await;
    // Failures against many different accounts from this test's address (loopback).
    sqlx::query(
        "INSERT INTO login_failures (email, address) \
         SELECT 'guess' || n || '@example.com', '127.0.0.1' FROM generate_series(1, $1) n",
    )
    .bind(storage::login_throttle::PER_ADDRESS)
    .execute(&app.db)
    .await
    .unwrap();
    let (status, page, retry_after) = attempt(&app, "admin@example.com", "admin password 1").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("Too many failed sign-ins"), "{page}");
    assert!(retry_after.is_some());
    // One failure fewer and the address may try again.
    app.execute("DELETE FROM login_failures WHERE email = 'guess1@example.com'")
        .await;
    let (status, _, _) = attempt(&app, "admin@example.com", "admin password 1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_lead_export_streams_the_filtered_list_with_formulas_made_inert() {
    let app = spawn_app().await;
    for name in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "Plain Lead",
    ] {
        app.lead(serde_json::json!({"name": name, "phone": crate::helpers::unique_phone(), "source": "Web"}))
            .await;
    }
    app.lead(serde_json::json!({"name": "Other Channel", "source": "Fair"}))
        .await;
    let (client, _) = signed_in(&app, Role::Manager).await;
    let response = visit(&client, &app.url("/leads/export.csv?source=web")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let text = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[1], "name");
    assert_eq!(&header[2], "phone");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "only the Web channel's leads: {text}");
    let mut names: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "'+cmd|' /C calc'!A0",
            "'=HYPERLINK(\"http://x\",\"y\")",
            "'@SUM(A1)",
            "Plain Lead"
        ]
    );
    // Phone numbers keep their plus sign: a number is not a formula.
    assert!(rows.iter().all(|r| r[2].starts_with("+1")), "{text}");

    // A rep's export holds only what the rep may see.
    let (rep_client, _) = signed_in(&app, Role::Rep).await;
    let other_rep = app.user("Owner Rep", Role::Rep).await;
    app.lead(serde_json::json!({"name": "Owned Elsewhere", "owner_id": other_rep.id}))
        .await;
    let text = page(&rep_client, &app.url("/leads/export.csv")).await;
    assert!(!text.contains("Owned Elsewhere"), "{text}");
    assert!(
        text.contains("Plain Lead"),
        "unassigned leads are the rep's to see"
    );
}

#[tokio::test]
async fn each_dashboard_table_downloads_as_csv_for_the_same_filters() {
    let app = spawn_app().await;
    let rep = app.user("=Rep Formula", Role::Rep).await;
    let lead = app
        .lead(serde_json::json!({"name": "Exported", "phone": crate::helpers::unique_phone(), "source": "web"}))
        .await;
    let call = app
        .log_call(
            &rep.token,
            serde_json::json!({"lead_id": lead["id"], "outcome": "connected", "intent": "clear", "talk_seconds": 90}),
        )
        .await;
    assert_eq!(call.status(), StatusCode::CREATED);
    let (client, _) = signed_in(&app, Role::Manager).await;
    let exports = app.url("/dashboard/export.csv?period=30d&channel=web");
    let download = |table: &'static str| {
        let (client, url) = (&client, format!("{exports}&table={table}"));
        async move { visit(client, &url).await }
    };

    let funnel = download("funnel").await;
    assert_eq!(funnel.status(), StatusCode::OK);
    assert_eq!(funnel.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(funnel.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("leadline-funnel-"));
    let text = funnel.text().await.unwrap();
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().starts_with("stage,reached,previous"),
        "{text}"
    );
    let interest = lines.find(|l| l.starts_with("interest,")).expect(&text);
    assert!(
        interest.starts_with("interest,1,"),
        "one lead reached interest: {text}"
    );

    let reps = download("reps").await.text().await.unwrap();
    assert!(reps.starts_with("rep,dials,"), "{reps}");
    let row = reps
        .lines()
        .find(|l| l.contains("Rep Formula"))
        .expect(&reps);
    assert!(
        row.starts_with("'=Rep Formula,1,"),
        "a name cannot run as a formula: {row}"
    );

    for table in ["figures", "stages", "channels"] {
        let answer = text_of(download(table).await, StatusCode::OK).await;
        assert!(answer.lines().count() > 1, "{table}");
    }
    let unknown = text_of(download("everything").await, StatusCode::BAD_REQUEST).await;
    assert!(unknown.contains("table"));

    let (rep_client, _) = signed_in(&app, Role::Rep).await;
    let refused = visit(&rep_client, &app.url("/dashboard/export.csv?table=reps")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_admin_subscribes_a_url_on_the_webhooks_page_and_follows_its_deliveries() {
    let app = spawn_app().await;
    let (client, csrf) = signed_in(&app, Role::Admin).await;
    let hooks = app.url("/admin/webhooks");
    assert!(page(&client, &hooks).await.contains("No subscriptions yet"));

    // A URL that is not http(s) is refused with the field named.
    let fields = [
        ("url", "ftp://example.com/in"),
        ("lead.created", "on"),
        ("csrf", &csrf),
    ];
    let refused = post_form(&client, &hooks, &fields).await;
    let refusal = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        refusal.contains("URL: must be an http or https URL"),
        "{refusal}"
    );

    let receiver = crate::webhooks::Receiver::start(&[500]).await;
    let fields = [
        ("url", receiver.url.as_str()),
        ("lead.created", "on"),
        ("call.logged", "on"),
        ("csrf", &csrf),
    ];
    let created = post_form(&client, &hooks, &fields).await;
    let created = text_of(created, StatusCode::OK).await;
    let marker = "<code id=\"new-secret\">";
    let start = created.find(marker).expect("the secret is shown once") + marker.len();
    let secret = created[start..].split('<').next().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let listed = page(&client, &hooks).await;
    assert!(listed.contains(&receiver.url) && listed.contains("lead.created, call.logged"));
    assert!(!listed.contains(&secret), "the secret is not shown again");

    // The first attempt is refused: the log says so, and when it is next due.
    app.simple_lead("Logged Lead").await;
    assert_eq!(crate::webhooks::deliver(&app).await, 1);
    let log = page(&client, &hooks).await;
    let row = log
        .split("<tr>")
        .find(|r| r.contains("<code>lead.created</code></th>"))
        .unwrap_or_else(|| panic!("no delivery row in {log}"));
    for shown in [
        ">pending<",
        "<td>1</td>",
        "<td>500</td>",
        "HTTP 500",
        "Retry now",
    ] {
        assert!(row.contains(shown), "{shown} in {row}");
    }

    // Retry now: due at once, and delivered on the next round.
    let action = row
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let retried = post_form(&client, &app.url(&action), &[("csrf", &csrf)]).await;
    assert_eq!(retried.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::webhooks::deliver(&app).await, 1);
    let log = page(&client, &hooks).await;
    assert!(
        log.contains(">delivered<") && log.contains("<td>2</td>"),
        "{log}"
    );

    // Deactivated, it is offered for reactivation and sent nothing new.
    let hook: uuid::Uuid = app.scalar("SELECT id FROM webhook_subscriptions").await;
    let fields = [("active", "false"), ("csrf", &csrf)];
    let deactivated = post_form(&client, &format!("{hooks}/{hook}"), &fields).await;
    assert_eq!(deactivated.status(), StatusCode::SEE_OTHER);
    assert!(page(&client, &hooks).await.contains("Reactivate"));
    app.simple_lead("Unsent Lead").await;
    assert_eq!(app.count("webhook_deliveries").await, 1);

    let deleted = post_form(
        &client,
        &format!("{hooks}/{hook}/delete"),
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    let after = page(&client, &hooks).await;
    assert!(after.contains("No subscriptions yet") && after.contains("No deliveries yet"));
}

#[tokio::test]
async fn the_dashboard_funnel_shows_each_stage_beside_the_period_before() {
    let app = spawn_app().await;
    let days_ago = |days: i64| (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339();
    for (name, created, stage) in [
        ("Earlier Interest", days_ago(40), "interest"),
        ("Earlier Need", days_ago(45), "need"),
        ("Recent Connect", days_ago(3), "connect"),
    ] {
        app.lead(
            serde_json::json!({"name": name, "phone": crate::helpers::unique_phone(),
                                    "created_at": created, "stage": stage}),
        )
        .await;
    }
    let (client, _) = signed_in(&app, Role::Manager).await;
    let text = page(
        &client,
        &app.url("/dashboard/export.csv?period=30d&table=funnel"),
    )
    .await;
    // stage, reached in the last 30 days, reached in the 30 days before.
    for expected in [
        "connect,1,2,",
        "interest,0,2,",
        "need,0,1,",
        "evaluate,0,0,",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(expected)),
            "{expected} in {text}"
        );
    }
}

#[tokio::test]
async fn the_dashboards_channel_menu_lists_the_channels_of_leads_and_spend_and_no_other() {
    let app = spawn_app().await;
    let moved = app
        .lead(serde_json::json!({"name": "Moved Lead", "phone": crate::helpers::unique_phone(), "source": "expo"}))
        .await;
    app.lead(serde_json::json!({"name": "Web Lead", "phone": crate::helpers::unique_phone(), "source": "website"}))
        .await;
    app.post_expecting(
        "/api/v1/spend",
        serde_json::json!({"date": "2026-11-02", "amount": 100, "category": "advertising", "channel": "radio"}),
        StatusCode::CREATED,
    )
    .await;
    // The only lead of `expo` moves to another channel: `expo` leaves the menu.
    app.patch_expecting(
        &format!("/api/v1/leads/{}", crate::helpers::id_of(&moved)),
        serde_json::json!({"source": "referral"}),
        StatusCode::OK,
    )
    .await;
    let (client, _) = signed_in(&app, Role::Manager).await;
    let page = page(&client, &app.url("/dashboard")).await;
    let menu = page
        .split("name=\"channel\"")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .unwrap_or_else(|| panic!("no channel menu in {page}"));
    for listed in ["referral", "website", "radio"] {
        assert!(
            menu.contains(&format!("value=\"{listed}\"")),
            "{listed}: {menu}"
        );
    }
    assert!(!menu.contains("value=\"expo\""), "{menu}");
}
