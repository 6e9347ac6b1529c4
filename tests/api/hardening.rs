//! The holes an outside audit found, each probed as the audit probed it: sessions that
//! outlive a password change, sign-ins that race the throttle, another rep's leads seen
//! or moved through a side door, bytes and dates the database cannot store, connections
//! that never finish, cross-origin form posts, and answers in the wrong shape.

use std::time::Duration;

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{
    assert_problem, browser, form_csrf, hidden_input, id_of, json_of, server_url, sign_in,
    spawn_app, spawn_app_on, unique_phone, TestApp,
};

/// Whether the browser's session still opens a signed-in page.
async fn signed_in(client: &reqwest::Client, app: &TestApp) -> bool {
    let response = client.get(app.url("/leads")).send().await.unwrap();
    response.status() == StatusCode::OK
}

/// An admin changes a user over the API.
async fn change_user(app: &TestApp, user: uuid::Uuid, change: serde_json::Value) {
    let response = app
        .admin_patch(&format!("/api/v1/users/{user}"), change.clone())
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{change}");
}

#[tokio::test]
async fn sessions_end_when_password_role_or_activity_changes() {
    let app = spawn_app().await;
    let rina = app.person("Rina", Role::Rep, "rina password 1").await.id;
    let client = browser();
    let sign_in_as_rina = |password: &'static str| {
        let (client, address) = (client.clone(), app.address.clone());
        async move { sign_in(&client, &address, "rina@example.com", password).await }
    };

    // A new password ends the session made with the old one.
    sign_in_as_rina("rina password 1").await;
    assert!(signed_in(&client, &app).await);
    change_user(&app, rina, json!({"password": "rina password 2"})).await;
    assert!(
        !signed_in(&client, &app).await,
        "old session survived a new password"
    );

    // Deactivating and reactivating does not bring a session back.
    sign_in_as_rina("rina password 2").await;
    assert!(signed_in(&client, &app).await);
    change_user(&app, rina, json!({"active": false})).await;
    change_user(&app, rina, json!({"active": true})).await;
    assert!(
        !signed_in(&client, &app).await,
        "reactivation revived a session"
    );

    // A new role ends it too; changing only the name does not.
    sign_in_as_rina("rina password 2").await;
    change_user(&app, rina, json!({"name": "Rina S."})).await;
    assert!(
        signed_in(&client, &app).await,
        "a new name ended the session"
    );
    change_user(&app, rina, json!({"role": "manager"})).await;
    assert!(
        !signed_in(&client, &app).await,
        "old session survived a new role"
    );
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_that_user_only() {
    let app = spawn_app().await;
    let dewi = app.person("Dewi", Role::Rep, "dewi password 1").await;
    app.person("Eko", Role::Rep, "eko password 1").await;
    let (laptop, phone, eko) = (browser(), browser(), browser());
    let csrf = sign_in(&laptop, &app.address, "dewi@example.com", "dewi password 1").await;
    sign_in(&phone, &app.address, "dewi@example.com", "dewi password 1").await;
    sign_in(&eko, &app.address, "eko@example.com", "eko password 1").await;

    // From the page: every device of Dewi's is signed out, Eko is not.
    let response = laptop
        .post(app.url("/logout/everywhere"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(!signed_in(&laptop, &app).await);
    assert!(!signed_in(&phone, &app).await);
    assert!(signed_in(&eko, &app).await);

    // Over the API: a rep may end their own sessions but not another's; an admin may.
    sign_in(&phone, &app.address, "dewi@example.com", "dewi password 1").await;
    let eko_id = app
        .get_ok("/api/v1/users")
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "eko@example.com")
        .map(id_of)
        .unwrap();
    let refused = app
        .delete(&dewi.token, &format!("/api/v1/users/{eko_id}/sessions"))
        .await;
    json_of(refused, StatusCode::FORBIDDEN).await;
    assert!(signed_in(&eko, &app).await);
    let own = app
        .delete(&dewi.token, &format!("/api/v1/users/{}/sessions", dewi.id))
        .await;
    assert_eq!(json_of(own, StatusCode::OK).await["ended"], json!(1));
    assert!(!signed_in(&phone, &app).await);
    let by_admin = app
        .delete(
            &app.admin_token,
            &format!("/api/v1/users/{eko_id}/sessions"),
        )
        .await;
    assert_eq!(json_of(by_admin, StatusCode::OK).await["ended"], json!(1));
    assert!(!signed_in(&eko, &app).await);
}

#[tokio::test]
async fn sign_ins_sent_at_once_are_throttled_like_sign_ins_sent_in_turn() {
    let app = spawn_app().await;
    app.person("Target", Role::Rep, "the real password 1").await;
    // Each attempt from its own browser with its own login form, all released together.
    let mut forms = Vec::new();
    for _ in 0..40 {
        let client = browser();
        let csrf = form_csrf(&client, &app.url("/login")).await;
        forms.push((client, csrf));
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(forms.len()));
    let attempts = forms.into_iter().enumerate().map(|(i, (client, csrf))| {
        let (url, barrier) = (app.url("/login"), barrier.clone());
        tokio::spawn(async move {
            barrier.wait().await;
            client
                .post(url)
                .form(&[
                    ("email", "target@example.com"),
                    ("password", &format!("wrong guess {i}")),
                    ("csrf", &csrf),
                ])
                .send()
                .await
                .unwrap()
                .status()
        })
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let waited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        checked <= 5,
        "{checked} passwords checked of 40 sent at once (limit 5)"
    );
    assert_eq!(checked + waited, 40, "{statuses:?}");
}

#[tokio::test]
async fn a_rep_cannot_reach_another_reps_leads_through_referrals_duplicates_or_tags() {
    let app = spawn_app().await;
    let rep_a = app.user("Ayu", Role::Rep).await;
    let rep_b = app.user("Bayu", Role::Rep).await;
    // Bayu's won lead, tagged with a tag only Bayu uses.
    let phone = unique_phone();
    let won = app
        .lead(
            json!({"name": "Won Customer", "phone": phone, "owner_id": rep_b.id,
                     "stage": "decide", "deal_value": 150000, "tags": ["bayu-only"]}),
        )
        .await;
    let won_id = id_of(&won);

    // A referral from Bayu's lead is refused exactly like one from no lead at all, and moves nothing.
    let nobody = uuid::Uuid::new_v4();
    let mut answers = Vec::new();
    for referrer in [won_id.clone(), nobody.to_string()] {
        let response = app
            .post(
                &rep_a.token,
                "/api/v1/leads",
                &json!({"name": "Referred", "phone": unique_phone(), "referred_by": referrer}),
            )
            .await;
        let body = assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "referred_by").await;
        answers.push(body["detail"].clone());
    }
    assert_eq!(answers[0], answers[1], "the answers tell the two apart");
    let after = app.get_ok(&format!("/api/v1/leads/{won_id}")).await;
    assert_eq!(
        after["stage"],
        json!("decide"),
        "another rep's lead was moved"
    );

    // A duplicate number does not name Bayu's lead to Ayu; it does to a manager.
    let response = app
        .post(
            &rep_a.token,
            "/api/v1/leads",
            &json!({"name": "Same Number", "phone": phone}),
        )
        .await;
    let body = json_of(response, StatusCode::CONFLICT).await;
    assert!(body.get("existing_id").is_none(), "{body}");
    assert!(
        !body["detail"].as_str().unwrap().contains(&won_id),
        "{body}"
    );
    let response = app
        .admin_post(
            "/api/v1/leads",
            json!({"name": "Same Number", "phone": phone}),
        )
        .await;
    assert_eq!(
        json_of(response, StatusCode::CONFLICT).await["existing_id"],
        json!(won_id)
    );

    // Tags: Ayu sees no tag only Bayu's leads carry, and counts only what she may see.
    app.lead(
        json!({"name": "Ayu's", "phone": unique_phone(), "owner_id": rep_a.id, "tags": ["shared"]}),
    )
    .await;
    app.lead(json!({"name": "Bayu's", "phone": unique_phone(), "owner_id": rep_b.id, "tags": ["shared"]}))
        .await;
    let tags = json_of(app.get(&rep_a.token, "/api/v1/tags").await, StatusCode::OK).await;
    let names: Vec<(&str, i64)> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["leads"].as_i64().unwrap()))
        .collect();
    assert_eq!(names, [("shared", 1)]);
    let all = app.get_ok("/api/v1/tags").await;
    assert_eq!(all.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn nul_characters_are_refused_naming_the_field_and_never_fail_the_server() {
    let app = spawn_app().await;
    let client = browser();
    app.person("Nora", Role::Manager, "nora password 1").await;
    sign_in(&client, &app.address, "nora@example.com", "nora password 1").await;
    for path in [
        "/leads?q=%00",
        "/leads?tag=a%00b",
        "/leads?source=%00",
        "/dashboard?tag=%00",
        "/dashboard?channel=%00",
        "/leads/export.csv?q=%00",
        "/dashboard/export.csv?tag=%00",
    ] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains("NUL"), "{path}: {page}");
    }
    for (path, field) in [
        ("/api/v1/leads?q=%00", "q"),
        ("/api/v1/calls?outcome=%00", "outcome"),
        ("/api/v1/metrics/funnel?tag=x%00", "tag"),
    ] {
        let response = app.get(&app.admin_token, path).await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, field).await;
    }
    app.post_refused(
        "/api/v1/leads",
        json!({"name": "Nul", "phone": unique_phone(), "tags": ["ok", "a\u{0}b"]}),
        "tags[1]",
    )
    .await;
    app.post_refused("/api/v1/tags", json!({"name": "x\u{0}"}), "name")
        .await;
}

#[tokio::test]
async fn dates_outside_what_a_team_can_mean_are_refused() {
    let app = spawn_app().await;
    let lead_id = id_of(&app.simple_lead("Dated").await);
    for started_at in [
        "0000-01-01T00:00:00Z",
        "-0001-06-01T00:00:00Z",
        "1999-12-31T23:00:00Z",
    ] {
        let response = app
            .log_call(
                &app.admin_token,
                json!({"lead_id": lead_id, "outcome": "no_answer", "started_at": started_at}),
            )
            .await;
        assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "started_at").await;
    }
    app.post_refused(
        "/api/v1/leads",
        json!({"name": "Future", "phone": unique_phone(), "created_at": "9999-01-01T00:00:00Z"}),
        "created_at",
    )
    .await;
    app.patch_refused(
        &format!("/api/v1/leads/{lead_id}"),
        json!({"next_contact_at": "3026-01-01T09:00:00Z"}),
        "next_contact_at",
    )
    .await;
    for date in ["0000-01-01", "-4713-01-01", "+262142-01-01", "1999-12-31"] {
        let response = app
            .admin_post(
                "/api/v1/spend",
                json!({"date": date, "amount": 1000, "category": "advertising"}),
            )
            .await;
        let status = response.status();
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY,
            "{date}: {status} {}",
            response.text().await.unwrap()
        );
    }
    let response = app
        .get(&app.admin_token, "/api/v1/spend?from=-4713-01-01")
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    let response = app
        .get(
            &app.admin_token,
            "/api/v1/metrics/funnel?from=0001-01-01&to=0001-02-01",
        )
        .await;
    assert_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "from").await;
    assert_eq!(app.count("calls").await, 0);
    assert_eq!(app.count("spend").await, 0);
}

/// Read from `stream` until the server closes it; false if it is still open at the deadline.
async fn closed_by_server(stream: &mut tokio::net::TcpStream) -> bool {
    let mut buffer = [0u8; 1024];
    let read_to_end = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), read_to_end)
        .await
        .is_ok()
}

#[tokio::test]
async fn connections_that_never_finish_their_headers_are_closed() {
    let app = spawn_app_on(server_url(), |config, _| {
        config.header_read_timeout_secs = 1;
        // Longer than the wait below: each connection must be closed by the header limit.
        config.idle_timeout_secs = 120;
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_owned();

    // Nothing sent at all.
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    // Half a request's headers, then nothing.
    let mut trickle = tokio::net::TcpStream::connect(&address).await.unwrap();
    trickle
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: leadline\r\nX-Slow: ")
        .await
        .unwrap();
    // A finished request on a kept-alive connection, then silence.
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: leadline\r\n\r\n")
        .await
        .unwrap();
    let (silent, trickle, idle) = tokio::join!(
        closed_by_server(&mut silent),
        closed_by_server(&mut trickle),
        closed_by_server(&mut idle),
    );
    assert!(silent, "a connection that sent nothing stayed open");
    assert!(
        trickle,
        "a connection that never finished its headers stayed open"
    );
    assert!(idle, "an idle kept-alive connection stayed open");
    // The server still serves.
    assert_eq!(
        app.get_ok("/api/v1/me").await["email"],
        json!("admin@example.com")
    );
}

#[tokio::test]
async fn form_posts_from_another_origin_are_refused_sign_in_included() {
    let app = spawn_app().await;
    app.person("Olga", Role::Rep, "olga password 1").await;
    let here = app.address.trim_start_matches("http://").to_owned();
    let client = browser();
    let csrf = form_csrf(&client, &app.url("/login")).await;
    let form = [
        ("email", "olga@example.com"),
        ("password", "olga password 1"),
        ("csrf", csrf.as_str()),
    ];
    // A page on another port of the same host, as the browser reports it either way.
    let (host, port) = here.rsplit_once(':').unwrap();
    let other_origin = format!("http://{host}:{}", port.parse::<u16>().unwrap() ^ 1);
    for (name, value) in [
        ("origin", other_origin.as_str()),
        ("origin", "null"),
        ("sec-fetch-site", "same-site"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let response = client
            .post(app.url("/login"))
            .header(name, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
    }
    // The same origin signs in.
    let response = client
        .post(app.url("/login"))
        .header("origin", app.address.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    // Signed in, a cross-site post of a real form with its real token is still refused.
    let csrf = form_csrf(&client, &app.url("/leads/new")).await;
    let response = client
        .post(app.url("/logout"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(signed_in(&client, &app).await);
}

#[tokio::test]
async fn bodies_too_large_or_without_a_type_answer_problem_json() {
    let app = spawn_app().await;
    let big = json!({"name": "x".repeat(3 * 1024 * 1024), "phone": unique_phone()});
    let response = app.admin_post("/api/v1/leads", big).await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "body").await;
    let response = app
        .client
        .post(app.url("/api/v1/leads"))
        .bearer_auth(&app.admin_token)
        .body(json!({"name": "No type", "phone": unique_phone()}).to_string())
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "body").await;
    assert_eq!(app.count("leads").await, 0);
}

#[tokio::test]
async fn signed_in_pages_and_api_answers_are_not_cached_and_cookies_follow_https() {
    let app = spawn_app().await;
    app.person("Pia", Role::Manager, "pia password 1").await;
    let client = browser();
    sign_in(&client, &app.address, "pia@example.com", "pia password 1").await;
    for path in ["/leads", "/dashboard", "/queue"] {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    let response = app.get(&app.admin_token, "/api/v1/leads").await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    let response = client.get(app.url("/static/app.css")).send().await.unwrap();
    assert_ne!(response.headers()["cache-control"], "no-store");

    // Behind a proxy that says the request came over HTTPS, the session cookie is Secure.
    let client = browser();
    let csrf = form_csrf(&client, &app.url("/login")).await;
    let response = client
        .post(app.url("/login"))
        .header("x-forwarded-proto", "https")
        .form(&[
            ("email", "pia@example.com"),
            ("password", "pia password 1"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("ll_session="))
        .unwrap();
    assert!(session.contains("; Secure"), "{session}");
}

#[tokio::test]
async fn an_interrupted_page_import_is_shown_and_resumed_without_duplicates() {
    let app = spawn_app().await;
    app.person("Ina", Role::Manager, "ina password 1").await;
    let client = browser();
    let csrf = sign_in(&client, &app.address, "ina@example.com", "ina password 1").await;
    let mut file = String::from("Name,Phone\n");
    for i in 0..5 {
        file.push_str(&format!("Row {i},{}\n", unique_phone()));
    }
    let part = reqwest::multipart::Part::bytes(file.clone().into_bytes()).file_name("cut.csv");
    let response = client
        .post(app.url(&format!("/import?csrf={csrf}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let import_id: uuid::Uuid = location.rsplit('/').next().unwrap().parse().unwrap();

    // As a server killed after the first three rows' chunk leaves it: those rows stored and
    // recorded, the status still `running`, and its heartbeat stopped a minute ago.
    let three: String = file.lines().take(4).map(|l| format!("{l}\n")).collect();
    let (sender, _) = tokio::sync::watch::channel(leadline::importer::Progress::default());
    let mapping = [
        leadline::importer::Target::Name,
        leadline::importer::Target::Phone,
    ];
    crate::helpers::import_file(
        &app.db,
        three.as_bytes(),
        &mapping,
        leadline::importer::Mode::SkipBad,
        &sender,
    )
    .await;
    sqlx::query(
        "UPDATE imports SET status = 'running', mode = 'skip_bad', mapping = $2, total_rows = 5, \
                committed_rows = 3, processed_rows = 3, imported_rows = 3, \
                heartbeat_at = now() - interval '1 minute' WHERE id = $1",
    )
    .bind(import_id)
    .bind(serde_json::to_value(mapping).unwrap())
    .execute(&app.db)
    .await
    .unwrap();

    let page = crate::helpers::page(&client, &app.url(&location)).await;
    assert!(page.contains("Interrupted"), "{page}");
    // Three rows committed: the fourth data row is the spreadsheet's row 5 (the header is 1).
    assert!(page.contains("Resume from row 5"), "{page}");
    let csrf = hidden_input(&page, "csrf");
    let response = client
        .post(app.url(&format!("{location}/resume")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let status: String = sqlx::query_scalar("SELECT status FROM imports WHERE id = $1")
            .bind(import_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
        if status == "done" {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "still {status}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        app.count("leads").await,
        5,
        "rows were imported twice or not at all"
    );
    let (imported, resumed): (i32, i32) =
        sqlx::query_as("SELECT imported_rows, resumed FROM imports WHERE id = $1")
            .bind(import_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((imported, resumed), (5, 1));
    let page = crate::helpers::page(&client, &app.url(&location)).await;
    assert!(page.contains("Done: 5 of 5 rows imported."), "{page}");
}

#[tokio::test]
async fn a_command_line_import_killed_midway_is_resumed_from_its_last_chunk() {
    let app = spawn_app().await;
    // Five chunks' worth of rows, numbers unique to this file.
    let rows = 5 * leadline::importer::CHUNK_ROWS;
    let mut file = String::from("Name,Phone\n");
    for i in 0..rows {
        file.push_str(&format!(
            "Person {i},+1212{}{:04}\n",
            200 + i / 10_000,
            i % 10_000
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    std::fs::write(&path, &file).unwrap();
    let command = |extra: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_leadline"));
        command
            .args(["import", "leads"])
            .arg(&path)
            .args(extra)
            .env("DATABASE_URL", &app.database_url)
            .env("LEADLINE_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        command
    };

    // Killed once the first chunk is committed and before the last one is.
    let mut child = command(&[]).spawn().unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let committed: Option<i32> =
            sqlx::query_scalar("SELECT committed_rows FROM imports WHERE origin = 'command'")
                .fetch_optional(&app.db)
                .await
                .unwrap();
        if committed.is_some_and(|c| c > 0) || tokio::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (id, committed, imported, stored): (uuid::Uuid, i32, i32, i64) = sqlx::query_as(
        "SELECT i.id, i.committed_rows, i.imported_rows, (SELECT count(*) FROM leads) \
         FROM imports i WHERE origin = 'command'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    // What the record says was committed is exactly what is stored, chunk by chunk.
    assert_eq!(
        (stored, i64::from(imported)),
        (i64::from(committed), stored)
    );
    assert!(
        (stored as usize) < rows,
        "the import finished before it was killed"
    );
    // Its heartbeat stops: shown as interrupted once it has been silent for a while.
    sqlx::query("UPDATE imports SET heartbeat_at = now() - interval '1 minute' WHERE id = $1")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();

    // Importing the same file again is refused with the way to resume it.
    let again = command(&[]).output().unwrap();
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains(&format!("--resume {id}")), "{said}");

    let resumed = command(&["--resume", &id.to_string()]).output().unwrap();
    let said = String::from_utf8_lossy(&resumed.stderr);
    assert!(resumed.status.success(), "{said}");
    assert!(
        // The first row not committed, as a spreadsheet numbers it (the header is row 1).
        said.contains(&format!("resuming import {id} at row {}", committed + 2)),
        "{said}"
    );
    assert_eq!(
        app.count("leads").await,
        rows as i64,
        "rows lost or imported twice"
    );
    let (status, imported): (String, i32) =
        sqlx::query_as("SELECT status, imported_rows FROM imports WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((status.as_str(), imported as usize), ("done", rows));
}
