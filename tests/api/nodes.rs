//! Several app nodes: two `leadline serve` processes on one database, and nginx in front
//! of them as a round-robin load balancer. Whichever node answers, a session and its
//! CSRF token hold, an idempotency key logs one call, two reps never share a queued
//! lead, and the dashboard rollups (compacted by both nodes) equal the raw tables.
//! Without nginx on the machine the balancer's part is skipped with a note, unless
//! `LEADLINE_REQUIRE_BROWSER` is set (as CI does), where it fails.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures::future::join_all;
use leadline::credentials;
use leadline::domain::user::Role;
use leadline::storage;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::crash::{free_port, Server};
use crate::helpers::{
    browser, id_of, json_of, page, post_form, sign_in, spawn_app, text_of, visit, TestApp,
};

const PASSWORD: &str = "nodes test password";
/// The nodes sit behind a proxy that appends the client's address.
const BEHIND_A_PROXY: &[(&str, &str)] = &[("LEADLINE_TRUST_FORWARDED_FOR", "true")];

/// nginx in the foreground, one process, with its files in a temporary directory.
struct Nginx {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join("nginx"))
        .find(|candidate| candidate.is_file())
}

/// nginx balancing round-robin over `nodes`, or `None` (with a note) where the machine
/// has no nginx.
async fn balancer(nodes: &[&Server]) -> Option<Nginx> {
    let Some(binary) = nginx_binary() else {
        if std::env::var_os("LEADLINE_REQUIRE_BROWSER").is_some() {
            panic!("nginx is not installed (apt-get install nginx-light)");
        }
        eprintln!("skipping the load balancer's part: nginx is not installed (apt-get install nginx-light)");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let path = dir.path().display();
    let upstreams: String = nodes
        .iter()
        .map(|n| format!("        server {};\n", n.base.trim_start_matches("http://")))
        .collect();
    let config = format!(
        "daemon off;\n\
         master_process off;\n\
         pid {path}/nginx.pid;\n\
         error_log {path}/error.log warn;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n\
             access_log off;\n\
             client_body_temp_path {path}/client_body;\n\
             proxy_temp_path {path}/proxy;\n\
             fastcgi_temp_path {path}/fastcgi;\n\
             uwsgi_temp_path {path}/uwsgi;\n\
             scgi_temp_path {path}/scgi;\n\
             upstream leadline {{\n{upstreams}        keepalive 16;\n        keepalive_timeout 5s;\n    }}\n\
             server {{\n\
                 listen 127.0.0.1:{port};\n\
                 location / {{\n\
                     proxy_pass http://leadline;\n\
                     proxy_http_version 1.1;\n\
                     proxy_set_header Connection \"\";\n\
                     proxy_set_header Host $http_host;\n\
                     proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
                 }}\n\
             }}\n\
         }}\n"
    );
    let config_path = dir.path().join("nginx.conf");
    std::fs::write(&config_path, config).unwrap();
    let child = Command::new(binary)
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(&config_path)
        .arg("-e")
        .arg(dir.path().join("error.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nginx");
    let nginx = Nginx {
        child,
        base: format!("http://127.0.0.1:{port}"),
        _dir: dir,
    };
    let started = Instant::now();
    loop {
        let health = reqwest::get(format!("{}/healthz", nginx.base)).await;
        if health.is_ok_and(|r| r.status() == StatusCode::OK) {
            break;
        }
        let log = std::fs::read_to_string(nginx._dir.path().join("error.log")).unwrap_or_default();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx did not start: {log}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Some(nginx)
}

/// Two nodes on the test's database.
async fn two_nodes(app: &TestApp) -> (Server, Server) {
    let a = Server::start_with(app, BEHIND_A_PROXY).await;
    let b = Server::start_with(app, BEHIND_A_PROXY).await;
    (a, b)
}

/// GET `url` with `token`, expecting 200; the JSON answer.
async fn get_json(client: &reqwest::Client, url: &str, token: &str) -> Value {
    let response = client.get(url).bearer_auth(token).send().await.unwrap();
    json_of(response, StatusCode::OK).await
}

/// How many requests for `route` a node has answered with 200.
async fn answered(app: &TestApp, node: &str, method: &str, route: &str) -> u64 {
    let text = app
        .client
        .get(format!("{node}/metrics"))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = format!(
        "leadline_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"200\"}} "
    );
    text.lines()
        .find_map(|l| l.strip_prefix(&series)?.parse().ok())
        .unwrap_or(0)
}

async fn rep_with_password(app: &TestApp, email: &str) -> uuid::Uuid {
    let hash = credentials::hash_password(PASSWORD).unwrap();
    storage::users::create(&app.db, email, "Nina Nodes", Role::Rep, &hash)
        .await
        .unwrap()
        .id
}

/// Create a lead through the form at `base`; the page it leads to.
async fn create_through_form(
    client: &reqwest::Client,
    base: &str,
    csrf: &str,
    name: &str,
) -> String {
    let phone = crate::helpers::unique_phone();
    let fields = [("name", name), ("phone", &phone), ("csrf", csrf)];
    let created = post_form(client, &format!("{base}/leads/new"), &fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{base}");
    created.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_rep_signed_in_on_one_node_is_signed_in_on_every_node() {
    let app = spawn_app().await;
    let (a, b) = two_nodes(&app).await;
    rep_with_password(&app, "nina@example.com").await;
    let rep = browser();
    let csrf = sign_in(&rep, &a.base, "nina@example.com", PASSWORD).await;

    // Pages and forms alternate nodes; the session and its CSRF token hold on both.
    for (n, (node, next)) in [(&a, &b), (&b, &a), (&a, &b), (&b, &a)]
        .into_iter()
        .enumerate()
    {
        let queue = visit(&rep, &format!("{}/queue", node.base)).await;
        assert_eq!(queue.status(), StatusCode::OK, "{}", node.base);
        let name = format!("Alternating Lead {n}");
        let page = create_through_form(&rep, &node.base, &csrf, &name).await;
        // The page right after the post, on the other node.
        let shown = visit(&rep, &format!("{}{page}", next.base)).await;
        assert!(text_of(shown, StatusCode::OK).await.contains(&name));
    }

    // Through the balancer: every request lands on some node, and both nodes get some.
    if let Some(nginx) = balancer(&[&a, &b]).await {
        let before = (
            answered(&app, &a.base, "GET", "/leads").await,
            answered(&app, &b.base, "GET", "/leads").await,
        );
        for _ in 0..10 {
            let page = visit(&rep, &format!("{}/leads", nginx.base)).await;
            assert_eq!(page.status(), StatusCode::OK);
        }
        let created = create_through_form(&rep, &nginx.base, &csrf, "Balanced Lead").await;
        let shown = page(&rep, &format!("{}{created}", nginx.base)).await;
        assert!(shown.contains("Balanced Lead"));
        let after = (
            answered(&app, &a.base, "GET", "/leads").await,
            answered(&app, &b.base, "GET", "/leads").await,
        );
        let served = (after.0 - before.0, after.1 - before.1);
        eprintln!(
            "10 pages through nginx: {} on node A, {} on node B",
            served.0, served.1
        );
        assert_eq!(served.0 + served.1, 10);
        assert!(served.0 >= 3 && served.1 >= 3, "round-robin: {served:?}");
    }

    // Signing out on one node ends the session on all of them.
    let out = post_form(&rep, &format!("{}/logout", b.base), &[("csrf", &csrf)]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = visit(&rep, &format!("{}/leads", a.base)).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(after.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/login"));
}

#[tokio::test]
async fn an_idempotency_key_sent_to_several_nodes_logs_one_call() {
    let app = spawn_app().await;
    let (a, b) = two_nodes(&app).await;
    let nginx = balancer(&[&a, &b]).await;
    let lead = id_of(&app.simple_lead("Idempotent Lead").await);
    let call =
        json!({"lead_id": lead, "outcome": "connected", "intent": "clear", "talk_seconds": 75});
    let post = |base: String, key: &'static str| {
        let (client, token, call) = (app.client.clone(), app.admin_token.clone(), call.clone());
        async move {
            let response = client
                .post(format!("{base}/api/v1/calls"))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&call)
                .send()
                .await
                .unwrap();
            json_of(response, StatusCode::CREATED).await
        }
    };

    // A retry that the balancer sends to the other node.
    let first = post(a.base.clone(), "dialer-7-0001").await;
    let retried = post(b.base.clone(), "dialer-7-0001").await;
    assert_eq!(first, retried);

    // The same key at the same moment on every node (and through the balancer).
    let mut bases = vec![a.base.clone(), b.base.clone()];
    bases.extend(nginx.as_ref().map(|n| n.base.clone()));
    let answers =
        join_all((0..12).map(|n| post(bases[n % bases.len()].clone(), "dialer-7-0002"))).await;
    let ids: HashSet<&str> = answers
        .iter()
        .map(|a| a["call"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1, "one call for one key: {ids:?}");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM calls WHERE lead_id = $1::uuid")
        .bind(&lead)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, 2);
}

/// What one rep got from the queue.
#[derive(Default)]
struct Worked {
    leads: Vec<String>,
    asks: usize,
    /// Rounds whose asks at once were given more than one lead (each claimed for this rep).
    rounds_with_several: usize,
}

/// Work the queue until it is empty: ask for the next lead with several requests at
/// once spread over `nodes`, as a double-clicking rep behind a balancer would, then log
/// a call on each lead offered, through another node, that takes it out of the queue.
async fn work_the_queue(
    client: reqwest::Client,
    token: String,
    nodes: Vec<String>,
    offset: usize,
) -> Worked {
    let mut worked = Worked::default();
    for round in 0.. {
        let asks = (0..4).map(|k| {
            let (client, token) = (&client, &token);
            let node = &nodes[(offset + round + k) % nodes.len()];
            async move {
                let url = format!("{node}/api/v1/queue/next");
                get_json(client, &url, token).await["lead"]["id"]
                    .as_str()
                    .map(str::to_owned)
            }
        });
        let offered: HashSet<String> = join_all(asks).await.into_iter().flatten().collect();
        worked.asks += 4;
        if offered.is_empty() {
            return worked;
        }
        worked.rounds_with_several += usize::from(offered.len() > 1);
        for lead in offered {
            let node = &nodes[(offset + round + 1) % nodes.len()];
            let logged = client
                .post(format!("{node}/api/v1/calls"))
                .bearer_auth(&token)
                .json(
                    &json!({"lead_id": lead, "outcome": "connected", "intent": "unclear",
                              "talk_seconds": 40, "next_contact_at": "2099-01-01T00:00:00Z"}),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(logged.status(), StatusCode::CREATED);
            worked.leads.push(lead);
        }
    }
    unreachable!()
}

#[tokio::test]
async fn two_reps_racing_for_the_queue_across_nodes_never_share_a_lead_and_rollups_stay_exact() {
    const LEADS: usize = 40;
    let app = spawn_app().await;
    let (a, b) = two_nodes(&app).await;
    let nginx = balancer(&[&a, &b]).await;
    for n in 0..LEADS {
        app.simple_lead(&format!("Queued Lead {n}")).await;
    }
    let ana = app.user("Ana Racer", Role::Rep).await;
    let ben = app.user("Ben Racer", Role::Rep).await;
    let mut nodes = vec![a.base.clone(), b.base.clone()];
    nodes.extend(nginx.as_ref().map(|n| n.base.clone()));

    let raced = Instant::now();
    let (ana_worked, ben_worked) = tokio::join!(
        work_the_queue(app.client.clone(), ana.token.clone(), nodes.clone(), 0),
        work_the_queue(app.client.clone(), ben.token.clone(), nodes.clone(), 1),
    );
    eprintln!(
        "queue race over {} nodes: Ana claimed {} leads in {} asks ({} rounds of 4 asks gave several), \
         Ben {} in {} asks ({} gave several), {:.1} s",
        nodes.len(),
        ana_worked.leads.len(),
        ana_worked.asks,
        ana_worked.rounds_with_several,
        ben_worked.leads.len(),
        ben_worked.asks,
        ben_worked.rounds_with_several,
        raced.elapsed().as_secs_f64()
    );
    let ana_leads: HashSet<&String> = ana_worked.leads.iter().collect();
    let ben_leads: HashSet<&String> = ben_worked.leads.iter().collect();
    assert_eq!(
        ana_leads.len(),
        ana_worked.leads.len(),
        "no lead came back to Ana after its call"
    );
    assert_eq!(
        ben_leads.len(),
        ben_worked.leads.len(),
        "no lead came back to Ben after its call"
    );
    assert!(
        ana_leads.is_disjoint(&ben_leads),
        "no lead went to both reps"
    );
    assert_eq!(ana_leads.len() + ben_leads.len(), LEADS);
    assert!(
        !ana_leads.is_empty() && !ben_leads.is_empty(),
        "both reps got leads"
    );
    let called_twice: i64 = app
        .scalar(
            "SELECT count(*) \
             FROM (SELECT lead_id FROM calls GROUP BY lead_id HAVING count(*) > 1) t",
        )
        .await;
    assert_eq!(called_twice, 0);

    // Both nodes compact the rollups (one at a time, under an advisory lock); once the
    // deltas are folded, node B's figures equal the raw tables' through a third node.
    let started = Instant::now();
    loop {
        let pending = crate::rollups::pending_total(&app).await;
        if pending == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{pending} deltas left"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "deltas folded {} ms after the race",
        started.elapsed().as_millis()
    );
    let raw = Server::start_with(&app, &[("LEADLINE_METRICS_SOURCE", "raw")]).await;
    for figures in [
        "funnel",
        "funnel?view=activity",
        "calls",
        "cost",
        "reps",
        &format!("calls?owner_id={}", ana.id),
    ] {
        let get = |base: String| {
            let (client, token) = (app.client.clone(), app.admin_token.clone());
            let path = format!("/api/v1/metrics/{figures}");
            async move { get_json(&client, &format!("{base}{path}"), &token).await }
        };
        let (from_rollups, from_raw): (Value, Value) =
            tokio::join!(get(b.base.clone()), get(raw.base.clone()));
        assert_eq!(from_rollups, from_raw, "{figures}");
    }
    let calls = app.get_ok("/api/v1/metrics/calls").await;
    assert_eq!(calls["current"]["dials"], json!(LEADS));
}

#[tokio::test]
async fn a_notification_written_on_one_node_reaches_a_page_open_on_another() {
    let app = spawn_app().await;
    let (a, b) = two_nodes(&app).await;
    let rep = rep_with_password(&app, "nina@example.com").await;
    let client = browser();
    sign_in(&client, &a.base, "nina@example.com", PASSWORD).await;
    let mut stream = client
        .get(format!("{}/notifications/events", a.base))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    crate::notifications::event_with(&mut stream, "\"unread\":0").await;

    // The admin gives Nina a lead through node B; node A's page hears of it.
    let created = app
        .client
        .post(format!("{}/api/v1/leads", b.base))
        .bearer_auth(&app.admin_token)
        .json(&json!({"name": "Across Nodes", "phone": crate::helpers::unique_phone(), "owner_id": rep}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let event = crate::notifications::event_with(&mut stream, "Across Nodes").await;
    assert!(event.contains("\"unread\":1"), "{event}");
}
