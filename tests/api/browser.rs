//! End-to-end tests in a real headless Chromium, driven over WebDriver.
//! Without `chromedriver` on the machine they say so and pass, unless
//! `LEADLINE_REQUIRE_BROWSER` is set (as CI does), where they fail.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{email_of, id_of, spawn_app, unique_phone, TestApp};

/// Chromium is heavy on a small machine: at most two at a time.
static BROWSERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

const PASSWORD: &str = "browser test password";

struct Browser {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    _permit: tokio::sync::SemaphorePermit<'static>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn chromedriver() -> Option<&'static str> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

/// A browser session, or `None` (with a note) where this machine has no browser.
async fn browser() -> Option<Browser> {
    browser_in(None).await
}

/// A browser session whose clock is in the time zone `zone` (its `TZ`), or the machine's.
async fn browser_in(zone: Option<&str>) -> Option<Browser> {
    let Some(driver_path) = chromedriver() else {
        if std::env::var_os("LEADLINE_REQUIRE_BROWSER").is_some() {
            panic!("chromedriver is not installed (apt-get install chromium chromium-driver)");
        }
        eprintln!("skipping a browser test: chromedriver is not installed (apt-get install chromium chromium-driver)");
        return None;
    };
    let permit = BROWSERS.acquire().await.expect("semaphore");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let driver = Command::new(driver_path)
        .arg(format!("--port={port}"))
        .envs(zone.map(|z| ("TZ", z)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,1000", format!("--user-data-dir={}", profile.path().display())]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last_error = None;
    for _ in 0..50 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    driver,
                    _profile: profile,
                    _permit: permit,
                })
            }
            Err(e) => last_error = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("cannot start a browser session: {last_error:?}");
}

impl Browser {
    async fn goto(&self, app: &TestApp, path: &str) {
        self.client.goto(&app.url(path)).await.unwrap();
    }

    /// The text of the element `css` selects, waiting for it to appear. A page that is
    /// being replaced (after a click that submits a form) can hand back an element that goes
    /// stale before it is read: then the new page's element is looked up again.
    async fn text(&self, css: &str) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let read = async {
                self.client
                    .wait()
                    .at_most(Duration::from_secs(10))
                    .for_element(Locator::Css(css))
                    .await?
                    .text()
                    .await
            };
            match read.await {
                Ok(text) => return text,
                Err(_) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot read {css}: {e}"),
            }
        }
    }

    /// Wait until the element `css` selects reads `expected` (a submitted form's answer page
    /// replaces the current one some time after the click), and return what it last read.
    async fn text_becomes(&self, css: &str, expected: &str) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text(css).await;
            if text == expected || tokio::time::Instant::now() >= deadline {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element `css` selects, waiting up to ten seconds for it to appear.
    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap()
    }

    /// The path of the page the browser is on.
    async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// Wait until the browser is on `expected` (a click that submits a form lands there
    /// some time after), and return the path it last read.
    async fn path_becomes(&self, expected: &str) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let path = self.path().await;
            if path == expected || tokio::time::Instant::now() >= deadline {
                return path;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn fill(&self, css: &str, value: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    async fn click(&self, css: &str) {
        self.element(css).await.click().await.unwrap();
    }

    /// Type each of `keys` into whatever has the focus then (a shortcut moves it on).
    async fn press(&self, keys: &[&str]) {
        for key in keys {
            self.client
                .active_element()
                .await
                .unwrap()
                .send_keys(key)
                .await
                .unwrap();
        }
    }

    /// Drag the element `from` selects onto the one `to` selects with the mouse: press,
    /// nudge it `nudge` pixels sideways so that the page sees a drag, move, release.
    async fn drag(&self, from: &str, to: &str, nudge: f64) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let from = self.element(from).await;
        let to = self.element(to).await;
        let drag = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: from,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(100)),
                x: nudge,
                y: 0.0,
            })
            .then(PointerAction::MoveToElement {
                element: to,
                duration: Some(Duration::from_millis(200)),
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client.perform_actions(drag).await.unwrap();
    }

    async fn login(&self, app: &TestApp, email: &str) {
        self.goto(app, "/login").await;
        self.fill("#email", email).await;
        self.fill("#password", PASSWORD).await;
        self.click("button[type=submit]").await;
        self.element("header.top").await;
    }

    /// Save what the page looks like for a person to check, under target/.
    async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn finish(self, name: &str) {
        self.screenshot(name).await;
        let Browser { client, .. } = &self;
        let _ = client.clone().close().await;
    }
}

/// A user who can sign in with `PASSWORD`.
async fn person(app: &TestApp, name: &str, role: Role) -> (Uuid, String) {
    (app.person(name, role, PASSWORD).await.id, email_of(name))
}

/// The app, a browser and a user `name` of `role` (their id and e-mail), or `None` (with
/// a note) where this machine has no browser.
async fn app_with_browser(name: &str, role: Role) -> Option<(TestApp, Browser, (Uuid, String))> {
    let app = spawn_app().await;
    let browser = browser().await?;
    let person = person(&app, name, role).await;
    Some((app, browser, person))
}

#[tokio::test]
async fn a_manager_signs_in_and_the_dashboard_shows_the_apis_figures() {
    let Some((app, browser, (_, email))) = app_with_browser("Maya Manager", Role::Manager).await
    else {
        return;
    };
    for i in 0..6 {
        let lead = app
            .lead(json!({"name": format!("Lead {i}"), "phone": unique_phone(), "source": "web"}))
            .await;
        let outcome = if i % 2 == 0 {
            json!({"outcome": "connected", "intent": "clear", "talk_seconds": 120})
        } else {
            json!({"outcome": "no_answer"})
        };
        let mut call = outcome;
        call["lead_id"] = lead["id"].clone();
        app.logged_call(&app.admin_token, call).await;
    }
    let today = chrono::Utc::now().date_naive().to_string();
    let spend =
        json!({"date": today, "amount": 60_000, "category": "advertising", "channel": "web"});
    app.post_expecting("/api/v1/spend", spend, StatusCode::CREATED)
        .await;

    browser.login(&app, &email).await;
    assert!(browser.path().await.starts_with("/dashboard"));
    let funnel = app.get_ok("/api/v1/metrics/funnel").await;
    for stage in funnel["current"]["stages"].as_array().unwrap() {
        let shown = browser
            .text(&format!(
                "#funnel-table tr[data-stage={}] .reached",
                stage["stage"].as_str().unwrap()
            ))
            .await;
        assert_eq!(shown, stage["reached"].to_string(), "{}", stage["stage"]);
    }
    let cost = app.get_ok("/api/v1/metrics/cost").await;
    let money_cards = browser.text("#money-figures").await;
    let cost_per_call = cost["current"]["cost_per_call"].as_i64().unwrap();
    assert!(
        money_cards.contains(&format!(
            "${}.{:02}",
            cost_per_call / 100,
            cost_per_call % 100
        )),
        "{money_cards}"
    );
    let calls = browser.text("#call-figures").await;
    assert!(calls.contains("50.0%"), "connect rate 3 of 6: {calls}");
    assert!(browser.text("#funnel-chart").await.contains('6'));
    browser.finish("dashboard").await;
}

#[tokio::test]
async fn a_rep_logs_a_call_from_the_keyboard_and_gets_the_next_lead() {
    let Some((app, browser, (rep_id, email))) = app_with_browser("Rita Rep", Role::Rep).await
    else {
        return;
    };
    let first = app.lead(json!({"name": "First Caller", "phone": unique_phone(), "created_at": "2026-01-01T00:00:00Z"})).await;
    app.lead(json!({"name": "Second Caller", "phone": unique_phone(), "created_at": "2026-01-02T00:00:00Z"})).await;

    browser.login(&app, &email).await;
    assert!(browser.path().await.starts_with("/queue"));
    assert_eq!(browser.text("#lead-name").await, "First Caller");
    // Keys only: 1 = connected, c = clear intent, then the talk time and Enter.
    let focused = browser.client.active_element().await.unwrap();
    focused.send_keys("1").await.unwrap();
    browser.press(&["c"]).await;
    let talk = browser.client.active_element().await.unwrap();
    assert_eq!(
        talk.attr("id").await.unwrap().as_deref(),
        Some("talk"),
        "focus moves on to the talk time"
    );
    talk.send_keys("2:00\u{E007}").await.unwrap();

    browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&app.url("/queue?saved=1")).unwrap())
        .await
        .unwrap();
    assert_eq!(
        browser.text_becomes("#lead-name", "Second Caller").await,
        "Second Caller"
    );
    let lead = app
        .get_ok(&format!("/api/v1/leads/{}", id_of(&first)))
        .await;
    assert_eq!(lead["stage"], "interest", "connected with clear intent");
    assert_eq!(lead["owner_id"], json!(rep_id));
    let calls = app
        .get_ok(&format!("/api/v1/calls?lead_id={}", id_of(&first)))
        .await;
    assert_eq!(calls["items"][0]["talk_seconds"], 120);
    assert_eq!(calls["items"][0]["intent"], "clear");
    browser.finish("queue").await;
}

#[tokio::test]
async fn a_rep_logs_an_inbound_call_from_a_lead_page_by_keyboard_alone() {
    let Some((app, browser, (rep_id, email))) = app_with_browser("Indah Rep", Role::Rep).await
    else {
        return;
    };
    let lead = app
        .lead(json!({"name": "Rang Us Back", "phone": unique_phone(), "owner_id": rep_id}))
        .await;
    let id = id_of(&lead);
    browser.login(&app, &email).await;
    browser.goto(&app, &format!("/leads/{id}")).await;
    browser.element("#log-call").await;
    // Keys only, from the page itself: i = inbound, 1 = connected, c = clear intent,
    // then the talk time and Enter.
    browser.press(&["i", "1", "c"]).await;
    let talk = browser.client.active_element().await.unwrap();
    assert_eq!(talk.attr("id").await.unwrap().as_deref(), Some("talk"));
    talk.send_keys("3:00\u{E007}").await.unwrap();
    browser
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_url(&url::Url::parse(&app.url(&format!("/leads/{id}?logged=1"))).unwrap())
        .await
        .unwrap();
    let calls = app.get_ok(&format!("/api/v1/calls?lead_id={id}")).await;
    assert_eq!(calls["items"][0]["direction"], "inbound");
    assert_eq!(calls["items"][0]["intent"], "clear");
    assert_eq!(calls["items"][0]["talk_seconds"], 180);
    assert!(browser.text("#timeline").await.contains("Indah Rep"));
    browser.finish("lead-page-call").await;
}

#[tokio::test]
async fn a_lead_that_came_back_is_called_first_with_its_playbook_in_view() {
    let Some((app, browser, (rep_id, email))) = app_with_browser("Farah Rep", Role::Rep).await
    else {
        return;
    };
    let back = app
        .lead(
            json!({"name": "Came Back", "phone": unique_phone(), "stage": "interest",
                                "owner_id": rep_id, "created_at": "2026-01-02T00:00:00Z"}),
        )
        .await;
    app.lead(json!({"name": "Never Called", "phone": unique_phone(), "created_at": "2026-01-01T00:00:00Z"})).await;
    let lost = app
        .admin_post(
            &format!("/api/v1/leads/{}/lost", id_of(&back)),
            json!({"reason": "Will think about it"}),
        )
        .await;
    assert_eq!(lost.status(), StatusCode::OK);
    let later = chrono::Utc::now() + chrono::Duration::days(14);
    assert_eq!(
        leadline::service::farming::return_due(&app.db, later)
            .await
            .unwrap(),
        1
    );
    browser.login(&app, &email).await;
    // Before the new lead that came in earlier: a lead that came back waits for nobody.
    assert_eq!(browser.text("#lead-name").await, "Came Back");
    let playbook = browser.text("#playbook").await;
    assert!(playbook.contains("answer the one objection"), "{playbook}");
    assert!(browser
        .text("#returned")
        .await
        .contains("Will think about it"));
    // 1 = connected, n = no intent, then Enter in the talk time: the next lead is the new one.
    browser.press(&["1", "n"]).await;
    browser.press(&["0:40\u{E007}"]).await;
    assert_eq!(
        browser.text_becomes("#lead-name", "Never Called").await,
        "Never Called"
    );
    let waiting: i64 = app
        .scalar("SELECT count(*) FROM leads WHERE returning_since IS NOT NULL")
        .await;
    assert_eq!(
        waiting, 0,
        "called, it is no longer waiting as a returning lead"
    );
    browser.finish("queue-came-back").await;
}

#[tokio::test]
async fn a_rep_marks_a_lead_do_not_call_from_the_queue_and_never_gets_it_again() {
    let Some((app, browser, (_, email))) = app_with_browser("Dani Rep", Role::Rep).await else {
        return;
    };
    let asked = app.lead(json!({"name": "Asked Not To", "phone": unique_phone(), "created_at": "2026-01-01T00:00:00Z"})).await;
    app.lead(json!({"name": "Next In Line", "phone": unique_phone(), "created_at": "2026-01-02T00:00:00Z"})).await;
    browser.login(&app, &email).await;
    assert_eq!(browser.text("#lead-name").await, "Asked Not To");
    // d ticks do-not-call, 1 = connected, n = no intent, then Enter in the talk time.
    browser.press(&["d", "1", "n"]).await;
    browser.press(&["0:40\u{E007}"]).await;
    assert_eq!(
        browser.text_becomes("#lead-name", "Next In Line").await,
        "Next In Line"
    );
    let stored = app
        .get_ok(&format!("/api/v1/leads/{}", id_of(&asked)))
        .await;
    assert_eq!(stored["do_not_call"], true);
    // The next lead put aside, the queue has nothing left: never the do-not-call one.
    browser.click("form[action='/queue/skip'] button").await;
    browser.element("section.empty").await;
    browser.finish("queue-do-not-call").await;
}

#[tokio::test]
async fn a_rep_completes_the_agendas_next_task_with_one_key_and_calls_the_next_with_another() {
    let Some((app, browser, (rep_id, email))) = app_with_browser("Ayu Rep", Role::Rep).await else {
        return;
    };
    let lead = app
        .lead(json!({"name": "Price List Lead", "phone": unique_phone(), "owner_id": rep_id,
                     "next_contact_at": (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339()}))
        .await;
    let due = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
    for title in ["Send the price list", "Ask for the director"] {
        app.post(
            &app.admin_token,
            "/api/v1/tasks",
            &json!({"lead_id": id_of(&lead), "title": title, "due_at": due, "assignee_id": rep_id}),
        )
        .await;
    }
    browser.login(&app, &email).await;
    browser.goto(&app, "/agenda").await;
    browser.element("#next-done").await;
    browser.press(&["x"]).await;
    assert_eq!(
        browser.text_becomes("p.flash", "Task done.").await,
        "Task done."
    );
    let open = app.get_ok("/api/v1/tasks?done=false").await;
    assert_eq!(open["items"].as_array().unwrap().len(), 1);
    // n opens the next lead to call at its log-call form.
    browser.press(&["n"]).await;
    browser.element("#log-call").await;
    assert_eq!(browser.path().await, format!("/leads/{}", id_of(&lead)));
    browser.finish("agenda").await;
}

#[tokio::test]
async fn a_lead_is_moved_on_and_then_marked_lost_from_its_page() {
    let Some((app, browser, (_, email))) = app_with_browser("Mark Manager", Role::Manager).await
    else {
        return;
    };
    let lead = app.simple_lead("Moving Lead").await;
    browser.login(&app, &email).await;
    browser
        .goto(&app, &format!("/leads/{}", id_of(&lead)))
        .await;
    let move_to = browser.element("#move-to").await;
    move_to.select_by_value("need").await.unwrap();
    browser.click("#move-submit").await;
    assert_eq!(browser.text_becomes("#lead-stage", "need").await, "need");
    let reason = browser.element("#lost-reason").await;
    reason.select_by_label("No budget").await.unwrap();
    browser.click("#lost-submit").await;
    assert_eq!(browser.text_becomes("#lead-status", "lost").await, "lost");
    let timeline = browser.text("#timeline").await;
    assert!(
        timeline.contains("lost") && timeline.contains("No budget"),
        "{timeline}"
    );
    let api = app.get_ok(&format!("/api/v1/leads/{}", id_of(&lead))).await;
    assert_eq!(api["lost_stage"], "need");
    browser.finish("lead-lost").await;
}

#[tokio::test]
async fn a_csv_with_one_bad_row_imports_the_rest_and_names_the_bad_line() {
    let Some((app, browser, (_, email))) = app_with_browser("Ivan Importer", Role::Manager).await
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("leads.csv");
    std::fs::write(&file, "Name,Phone,Company\nAna Lima,+1 202 555 0111,Lima Co\nBudi,not-a-phone,Budi Ltd\nCici,202-555-0112,\n").unwrap();
    browser.login(&app, &email).await;
    browser.goto(&app, "/import").await;
    let file_field = browser.element("#file").await;
    file_field.send_keys(file.to_str().unwrap()).await.unwrap();
    browser.click("#upload-form button[type=submit]").await;
    browser.click("#start-import").await;
    let result = browser.text("#import-result").await;
    assert!(result.contains("2 of 3 rows imported"), "{result}");
    let errors = browser.text("#import-errors").await;
    assert!(
        errors.contains('3') && errors.contains("phone"),
        "line 3 is the bad one: {errors}"
    );
    assert_eq!(app.count("leads").await, 2);
    browser.finish("import").await;
}

#[tokio::test]
async fn an_admin_makes_saturday_a_working_day_and_adds_a_holiday() {
    let Some((app, browser, (_, email))) = app_with_browser("Ada Admin", Role::Admin).await else {
        return;
    };
    browser.login(&app, &email).await;
    browser.goto(&app, "/admin/settings").await;
    browser.click("input[name=saturday]").await;
    browser
        .fill("textarea[name=holidays]", "2026-12-25 Natal")
        .await;
    browser.click("#settings button[type=submit]").await;
    assert_eq!(
        browser.text_becomes("p.flash", "Settings saved.").await,
        "Settings saved."
    );
    let settings = app.get_ok("/api/v1/settings").await;
    assert_eq!(settings["working_days"][5], "saturday");
    assert_eq!(settings["holidays"][0]["name"], "Natal");
    browser.finish("settings").await;
}

#[tokio::test]
async fn a_browser_in_jakarta_is_offered_its_zone_and_times_are_typed_on_it() {
    let app = spawn_app().await;
    let Some(browser) = browser_in(Some("Asia/Jakarta")).await else {
        return;
    };
    let (rep, email) = person(&app, "Dewi Rep", Role::Rep).await;
    let lead = app
        .lead(json!({"name": "Jakarta Lead", "phone": "+6281234567002", "owner_id": rep}))
        .await;
    browser.login(&app, &email).await;
    // The company is on UTC; the browser's zone is offered, and taken.
    browser.element("#offer").await;
    browser.click("#offer button[value='Asia/Jakarta']").await;
    assert_eq!(
        browser.text_becomes("#clock", "Asia/Jakarta").await,
        "Asia/Jakarta"
    );
    // A follow-up typed as 10:00 on the lead's page is 10:00 in Jakarta, 03:00Z.
    let id = lead["id"].as_str().unwrap().to_owned();
    browser.goto(&app, &format!("/leads/{id}")).await;
    browser
        .client
        .execute(
            "document.querySelector('#edit-form input[name=next_contact]').value = '2026-12-10T10:00';",
            vec![],
        )
        .await
        .unwrap();
    browser.click("#edit-form button[type=submit]").await;
    let saved = || async {
        app.get_ok(&format!("/api/v1/leads/{id}")).await["next_contact_at"]
            == "2026-12-10T03:00:00Z"
    };
    crate::helpers::wait_for("the follow-up saved", Duration::from_secs(20), saved).await;
    browser.finish("own-clock").await;
}

#[tokio::test]
async fn the_settings_page_follows_a_recount_until_it_ends() {
    let Some((app, browser, (admin, email))) = app_with_browser("Zed Admin", Role::Admin).await
    else {
        return;
    };
    // A new zone, and nobody counting yet.
    let jakarta = leadline::domain::zone::Zone::parse("time_zone", "Asia/Jakarta").unwrap();
    leadline::storage::settings::change_settings(
        &app.db,
        leadline::storage::Actor {
            user_id: Some(admin),
            ..Default::default()
        },
        |current| {
            Ok(leadline::storage::settings::Choices {
                time_zone: jakarta,
                ..current.choices.clone()
            })
        },
    )
    .await
    .unwrap();
    browser.login(&app, &email).await;
    browser.goto(&app, "/admin/settings").await;
    assert!(browser
        .text("#recount")
        .await
        .contains("recounted in Asia/Jakarta"));
    leadline::storage::rollups::finish_rebuild(&app.db)
        .await
        .unwrap();
    // The page looks again by itself, and the notice is gone.
    let gone = || async {
        browser
            .client
            .find_all(Locator::Css("#recount"))
            .await
            .map(|found| found.is_empty())
            .unwrap_or(false)
    };
    crate::helpers::wait_for("the notice to go", Duration::from_secs(30), gone).await;
    browser.finish("settings-recount").await;
}

#[tokio::test]
async fn a_rep_cannot_open_the_spend_or_admin_pages() {
    let Some((app, browser, (_, email))) = app_with_browser("Rex Rep", Role::Rep).await else {
        return;
    };
    browser.login(&app, &email).await;
    let nav = browser.text("header.top nav").await;
    assert!(!nav.contains("Spend") && !nav.contains("Admin"), "{nav}");
    for path in [
        "/spend",
        "/admin/users",
        "/admin/tokens",
        "/admin/settings",
        "/dashboard",
        "/import",
    ] {
        browser.goto(&app, path).await;
        let heading = browser.text("h1").await;
        assert_eq!(heading, "Forbidden", "{path}");
    }
    browser.finish("rep-forbidden").await;
}

#[tokio::test]
async fn a_script_in_a_lead_name_renders_as_text() {
    let Some((app, browser, (_, email))) = app_with_browser("Sam Safe", Role::Manager).await else {
        return;
    };
    let name = "<script>alert(1)</script>";
    let lead = app.lead(json!({"name": name, "company": "<img src=x onerror=alert(2)>", "notes": "<b>bold?</b>"})).await;
    browser.login(&app, &email).await;
    for path in [format!("/leads/{}", id_of(&lead)), "/leads".to_owned()] {
        browser.goto(&app, &path).await;
        let body = browser.text("main").await;
        assert!(body.contains(name), "{path}: the name shows as typed");
        let alert = browser.client.get_alert_text().await;
        assert!(alert.is_err(), "{path}: no script ran: {alert:?}");
    }
    let images: Vec<Value> = vec![browser
        .client
        .execute("return document.images.length", vec![])
        .await
        .unwrap()];
    assert_eq!(images[0], json!(0));
    browser.finish("xss").await;
}

/// A page on another port of the same host that plants the sign-in form's CSRF cookie
/// (cookies are shared across ports) and posts the attacker's own e-mail and password to
/// Leadline's sign-in, with the planted token, as soon as it opens.
async fn login_csrf_attack_page(target: &str) -> String {
    let page = format!(
        r#"<!doctype html><html><body>
<form id="f" method="post" action="{target}/login">
<input name="email" value="mallory@example.com"><input name="password" value="{PASSWORD}">
<input name="csrf" value="planted-token-of-the-attacker"><input name="next" value="/leads">
</form>
<script>
document.cookie = "ll_login_csrf=planted-token-of-the-attacker; path=/";
document.getElementById("f").submit();
</script></body></html>"#
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let page = page.clone();
            async move { axum::response::Html(page) }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

#[tokio::test]
async fn a_page_on_another_port_cannot_sign_the_browser_in_as_its_attacker() {
    let app = spawn_app().await;
    person(&app, "Mallory", Role::Rep).await;
    let Some(browser) = browser().await else {
        return;
    };
    let attacker = login_csrf_attack_page(&app.address).await;
    browser.client.goto(&attacker).await.unwrap();
    // The post lands on Leadline's sign-in, which refuses it.
    let refusal = browser.text("main").await;
    assert!(refusal.contains("another site"), "{refusal}");
    // And the browser is signed in as nobody: the leads page asks to sign in.
    browser.goto(&app, "/leads").await;
    browser.element("#password").await;
    let url = browser.client.current_url().await.unwrap();
    assert!(url.path().starts_with("/login"), "{url}");
    browser.finish("login-csrf-from-another-port").await;
}

/// Every card and money table of the dashboard, and the page, as wide as they are drawn:
/// the elements whose content is wider than their box (a table's scrolling box aside).
const OVERFLOWING: &str = "
    const over = [...document.querySelectorAll('.card, .card *, table.data, .details, main')]
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 60));
    const page = document.documentElement.scrollWidth > window.innerWidth + 1;
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.closest('.table-wrap')))
        .slice(0, 5)
        .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + getComputedStyle(e).overflowX);
    return { over, page, wide, sw: document.documentElement.scrollWidth, iw: window.innerWidth };
";

#[tokio::test]
async fn twelve_digit_rupiah_amounts_stay_inside_their_cards_at_1280_and_390_px() {
    let app = crate::helpers::spawn_app_on(crate::helpers::server_url(), |config, _| {
        config.currency = leadline::domain::money::Currency::parse("currency", "IDR").expect("IDR");
    })
    .await;
    let Some(browser) = browser().await else {
        return;
    };
    let (_, email) = person(&app, "Wide Manager", Role::Manager).await;
    // Rp 99.999.999.999,99 a deal, ten of them; spend of ten times as much; one call.
    let today = chrono::Utc::now().date_naive().to_string();
    for i in 0..10 {
        let lead = app
            .lead(
                json!({"name": format!("Deal {i}"), "phone": unique_phone(), "stage": "decide",
                         "deal_value": 9_999_999_999_999_i64, "source": "web"}),
            )
            .await;
        if i == 0 {
            app.logged_call(
                &app.admin_token,
                json!({"lead_id": lead["id"], "outcome": "connected", "intent": "clear", "talk_seconds": 60}),
            )
            .await;
        }
        let spend = json!({"date": today, "amount": 9_999_999_999_999_i64,
                           "category": "advertising", "channel": "web"});
        app.post_expecting("/api/v1/spend", spend, StatusCode::CREATED)
            .await;
    }
    // A Jakarta manager, reading Indonesian: Rp 1.000.000.000.000 of revenue.
    app.execute(&format!(
        "UPDATE users SET language = 'id' WHERE email = '{email}'"
    ))
    .await;
    let idr = leadline::domain::money::Currency::parse("currency", "IDR").unwrap();
    let revenue = leadline::i18n::in_language(leadline::i18n::Language::Id, || {
        leadline::http::ui::format::money(99_999_999_999_990, idr)
    });
    browser.login(&app, &email).await;
    for (width, height) in [(1280, 1000), (390, 844)] {
        browser.client.set_window_size(width, height).await.unwrap();
        browser.goto(&app, "/dashboard").await;
        let cards = browser.text("#money-figures").await;
        let plain = |text: &str| text.replace(['\u{a0}', '\u{202f}'], " ");
        assert!(
            plain(&cards).contains(&plain(&revenue)),
            "the revenue {revenue}: {cards}"
        );
        let found = browser.client.execute(OVERFLOWING, vec![]).await.unwrap();
        assert_eq!(found["over"], json!([]), "at {width} px");
        assert_eq!(
            found["page"],
            json!(false),
            "the page scrolls sideways at {width} px"
        );
        browser.goto(&app, "/spend").await;
        let found = browser.client.execute(OVERFLOWING, vec![]).await.unwrap();
        assert_eq!(found["over"], json!([]), "spend at {width} px");
        assert_eq!(
            found["page"],
            json!(false),
            "the spend page scrolls sideways at {width} px: {found}"
        );
        browser.screenshot(&format!("wide-amounts-{width}")).await;
    }
    browser.finish("wide-amounts").await;
}

/// Each language, chosen on the sign-in page: the page says it (`<html lang>`), the
/// dashboard, the call queue and the import page speak it, and the user's profile keeps it.
#[tokio::test]
async fn a_manager_signs_in_in_each_language_and_the_pages_speak_it() {
    use leadline::i18n::{message, Language};
    let Some((app, browser, (id, email))) = app_with_browser("Lena Lang", Role::Manager).await
    else {
        return;
    };
    app.simple_lead("Language Lead").await;
    for language in Language::ALL {
        browser.client.delete_all_cookies().await.unwrap();
        browser.goto(&app, "/login").await;
        browser
            .click(&format!("#languages a[hreflang=\"{}\"]", language.tag()))
            .await;
        let wanted = message(language, "session-submit", &[]);
        assert_eq!(
            browser.text_becomes("button[type=submit]", &wanted).await,
            wanted
        );
        browser.fill("#email", &email).await;
        browser.fill("#password", PASSWORD).await;
        browser.click("button[type=submit]").await;
        browser.element("header.top").await;
        for (path, heading) in [
            ("/dashboard", "dashboard-title"),
            ("/queue", "queue-title"),
            ("/import", "import-upload-heading"),
        ] {
            browser.goto(&app, path).await;
            let said = message(language, heading, &[]);
            if language != Language::En {
                assert_ne!(
                    said,
                    message(Language::En, heading, &[]),
                    "{heading} in {language}"
                );
            }
            assert_eq!(browser.text("main h1").await, said, "{path} in {language}");
            let lang = browser.element("html").await.attr("lang").await.unwrap();
            assert_eq!(lang.as_deref(), Some(language.tag()), "{path}");
            let nav = browser.text("header.top nav").await;
            assert!(
                nav.contains(&message(language, "nav-queue", &[])),
                "{path} in {language}: {nav}"
            );
        }
        browser
            .screenshot(&format!("dashboard-{}", language.tag()))
            .await;
        let kept: Option<String> = app
            .scalar(&format!("SELECT language FROM users WHERE id = '{id}'"))
            .await;
        assert_eq!(
            kept.as_deref(),
            Some(language.tag()),
            "picked on the sign-in page"
        );
    }
    browser.finish("languages").await;
}

#[tokio::test]
async fn a_rep_sees_a_notification_appear_without_reloading_when_a_manager_assigns_a_lead() {
    let Some((app, browser, (rep_id, email))) = app_with_browser("Dewi Rep", Role::Rep).await
    else {
        return;
    };
    let manager = app.user("Budi Manager", Role::Manager).await;
    let lead = app
        .lead(json!({"name": "Toko Baru", "phone": unique_phone()}))
        .await;
    browser.login(&app, &email).await;
    browser.goto(&app, "/queue").await;
    // The header says there is nothing unread, and the page's stream is open.
    browser.element("#notices").await;
    assert!(!browser
        .element("#notices-count")
        .await
        .is_displayed()
        .await
        .unwrap());
    // A mark on this page: gone if the page were loaded again.
    browser
        .client
        .execute("window.stillTheSamePage = true;", vec![])
        .await
        .unwrap();

    let assigned = app
        .patch(
            &manager.token,
            &format!("/api/v1/leads/{}", id_of(&lead)),
            &json!({"owner_id": rep_id}),
        )
        .await;
    assert_eq!(assigned.status(), StatusCode::OK);
    assert_eq!(browser.text_becomes("#notices-count", "1").await, "1");
    let toast = browser.text("#notices-live form.notice").await;
    assert_eq!(toast, "Budi Manager assigned Toko Baru to you");
    let same = browser
        .client
        .execute("return window.stillTheSamePage === true;", vec![])
        .await
        .unwrap();
    assert_eq!(same, json!(true), "the page was loaded again");
    browser.screenshot("notification-arrived").await;
    // The notice can be put away, and comes back with the next one.
    browser.click("#notices-live button.dismiss").await;
    assert!(!browser
        .element("#notices-live")
        .await
        .is_displayed()
        .await
        .unwrap());
    let again = app
        .lead(json!({"name": "Toko Lagi", "phone": unique_phone(), "owner_id": rep_id}))
        .await;
    assert_eq!(browser.text_becomes("#notices-count", "2").await, "2");
    assert_eq!(
        browser.text("#notices-live form.notice").await,
        "Ada Admin assigned Toko Lagi to you"
    );
    browser.click("#notices-live form.notice button").await;

    // Opening it goes to its lead, and it is read; the first is still unread.
    let opened = format!("/leads/{}", id_of(&again));
    assert_eq!(browser.path_becomes(&opened).await, opened);
    browser.element("#log-call").await;
    assert_eq!(browser.text_becomes("#notices-count", "1").await, "1");
    browser.finish("notification").await;
}

#[tokio::test]
async fn the_dashboard_reads_on_a_phone() {
    let Some((app, browser, (_, email))) = app_with_browser("Pia Phone", Role::Manager).await
    else {
        return;
    };
    for i in 0..3 {
        app.lead(json!({"name": format!("Phone Lead {i}"), "phone": unique_phone()}))
            .await;
    }
    browser.client.set_window_size(390, 900).await.unwrap();
    browser.login(&app, &email).await;
    browser.goto(&app, "/dashboard").await;
    let narrow = browser.element("#funnel-chart-narrow").await;
    assert!(narrow.is_displayed().await.unwrap(), "the phone's chart");
    let wide = browser.element("#funnel-chart").await;
    assert!(!wide.is_displayed().await.unwrap(), "not the wide one");
    // The labels keep a readable size: at least 13 CSS pixels tall on the screen.
    let label_height = browser
        .client
        .execute(
            "return document.querySelector('#funnel-chart-narrow .stage-label').getBoundingClientRect().height",
            vec![],
        )
        .await
        .unwrap();
    assert!(label_height.as_f64().unwrap() >= 13.0, "{label_height}");
    let page_width = browser
        .client
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .unwrap();
    assert!(
        page_width.as_i64().unwrap() <= 390,
        "nothing but the tables scrolls sideways: {page_width}"
    );
    assert!(browser.text("#funnel-chart-narrow").await.contains('3'));
    browser.finish("dashboard-phone").await;
}

#[tokio::test]
async fn a_saved_view_brings_back_its_filters() {
    let Some((app, browser, (_, email))) = app_with_browser("Vera Views", Role::Manager).await
    else {
        return;
    };
    app.lead(json!({"name": "Jakarta Prospect", "phone": unique_phone(), "tags": ["jakarta"]}))
        .await;
    app.lead(json!({"name": "Surabaya Prospect", "phone": unique_phone(), "tags": ["surabaya"]}))
        .await;
    browser.login(&app, &email).await;
    browser.goto(&app, "/leads").await;
    browser
        .fill("form.filters input[name=tag]", "jakarta")
        .await;
    browser.click("form.filters button[type=submit]").await;
    browser.path_becomes("/leads").await;
    browser.click(".save-view summary").await;
    browser.fill("#view-name", "Jakarta").await;
    browser.click("#save-view-form button[type=submit]").await;
    assert_eq!(
        browser
            .text_becomes(".views .view.current a", "Jakarta")
            .await,
        "Jakarta"
    );

    // Later, from the whole list, the view is one click away.
    browser.goto(&app, "/leads").await;
    assert!(browser.text("#leads").await.contains("Surabaya Prospect"));
    browser.click(".views .view a").await;
    assert_eq!(
        browser
            .text_becomes(".views .view.current a", "Jakarta")
            .await,
        "Jakarta"
    );
    let listed = browser.text("#leads").await;
    assert!(listed.contains("Jakarta Prospect"), "{listed}");
    assert!(!listed.contains("Surabaya Prospect"), "{listed}");
    browser.finish("saved-view").await;
}

/// The stage a lead is at now, as the API reads it.
async fn stage_of(app: &TestApp, lead: &str) -> String {
    app.get_ok(&format!("/api/v1/leads/{lead}")).await["stage"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_card_moves_on_the_board_by_keyboard_and_by_dragging() {
    let Some((app, browser, (_, email))) = app_with_browser("Bima Board", Role::Manager).await
    else {
        return;
    };
    let keyed = id_of(
        &app.lead(json!({"name": "Keyboard Card", "phone": unique_phone(), "stage": "connect"}))
            .await,
    );
    let dragged = id_of(
        &app.lead(json!({"name": "Dragged Card", "phone": unique_phone()}))
            .await,
    );
    browser.login(&app, &email).await;
    browser.goto(&app, "/board").await;

    // By keyboard: open the card's Move form and send it with the next stage it offers.
    browser
        .element(&format!("#card-{keyed} details.move summary"))
        .await
        .send_keys("\u{e007}")
        .await
        .unwrap();
    let submit = browser
        .element(&format!("#card-{keyed} .move-form button[type=submit]"))
        .await;
    submit.send_keys("\u{e007}").await.unwrap();
    browser
        .text_becomes(
            &format!("section[data-stage=interest] #card-{keyed} .name"),
            "Keyboard Card",
        )
        .await;
    assert_eq!(stage_of(&app, &keyed).await, "interest");

    // By dragging: from `new` onto the `need` column, skipping ahead.
    browser
        .drag(
            &format!("#card-{dragged} .grip"),
            "section.column[data-stage=need] header",
            20.0,
        )
        .await;
    browser
        .text_becomes(
            &format!("section[data-stage=need] #card-{dragged} .name"),
            "Dragged Card",
        )
        .await;
    assert_eq!(stage_of(&app, &dragged).await, "need");

    // Dragged back, the card asks why before it moves.
    browser
        .drag(
            &format!("#card-{dragged} .grip"),
            "section.column[data-stage=connect] header",
            -20.0,
        )
        .await;
    let reason = browser
        .element(&format!("#card-{dragged}.asks input[name=reason]"))
        .await;
    reason
        .send_keys("wrong stage picked\u{e007}")
        .await
        .unwrap();
    browser
        .text_becomes(
            &format!("section[data-stage=connect] #card-{dragged} .name"),
            "Dragged Card",
        )
        .await;
    assert_eq!(stage_of(&app, &dragged).await, "connect");
    browser.finish("board").await;
}

#[tokio::test]
async fn a_manager_gives_every_lead_of_a_filter_to_a_rep_at_once() {
    let Some((app, browser, (_, email))) = app_with_browser("Lina Lead", Role::Manager).await
    else {
        return;
    };
    let rep = app.user("Made Rep", Role::Rep).await;
    for i in 0..3 {
        app.lead(
            json!({"name": format!("Expo Lead {i}"), "phone": unique_phone(), "source": "expo"}),
        )
        .await;
    }
    let web = id_of(
        &app.lead(json!({"name": "Web Lead", "phone": unique_phone(), "source": "web"}))
            .await,
    );
    browser.login(&app, &email).await;
    browser.goto(&app, "/leads?source=expo").await;
    browser
        .click("#bulk-form input[name=target][value=matching]")
        .await;
    let action = browser.element("#bulk-action").await;
    action.select_by_value("reassign").await.unwrap();
    browser
        .element("#bulk-form select[name=to_owner]")
        .await
        .select_by_value(&rep.id.to_string())
        .await
        .unwrap();
    browser.click("#bulk-apply").await;
    // Changing every matching lead asks first.
    let mut asked = String::new();
    for _ in 0..50 {
        match browser.client.get_alert_text().await {
            Ok(text) => {
                asked = text;
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    assert!(asked.contains("every lead"), "{asked}");
    browser.client.accept_alert().await.unwrap();
    assert_eq!(
        browser
            .text_becomes(".flash", "3 leads given to their new owner.")
            .await,
        "3 leads given to their new owner."
    );
    let owned: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM leads WHERE owner_id = '{}'",
            rep.id
        ))
        .await;
    assert_eq!(owned, 3);
    let web_owner: Option<uuid::Uuid> = app
        .scalar(&format!("SELECT owner_id FROM leads WHERE id = '{web}'"))
        .await;
    assert_eq!(web_owner, None);
    browser.finish("bulk-reassign").await;
}

#[tokio::test]
async fn the_api_reference_renders_every_operation_and_the_webhooks() {
    let app = spawn_app().await;
    let Some(browser) = browser().await else {
        return;
    };
    // Open to anyone, as the document is: no one is signed in here.
    browser.goto(&app, "/api/docs").await;
    assert_eq!(browser.text("main h1").await, "API reference");
    let operation = browser.text("#operations-leads-createLead").await;
    assert!(operation.contains("Create a lead"), "{operation}");
    assert!(operation.contains("/api/v1/leads"), "{operation}");
    let document = app.get_ok("/api/v1/openapi.json").await;
    let operations = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum::<usize>();
    let shown = browser
        .client
        .find_all(Locator::Css(".opblock"))
        .await
        .unwrap()
        .len();
    assert!(
        shown >= operations,
        "{shown} operations shown of {operations}"
    );
    let webhooks = browser.text(".webhooks").await;
    assert!(webhooks.contains("lead.created"), "{webhooks}");
    browser.finish("api-docs").await;

    // The page around the reference speaks the reader's language.
    for (language, title) in [("id", "Referensi API"), ("zh-CN", "API 参考")] {
        let html = app
            .client
            .get(app.url("/api/docs"))
            .header("accept-language", language)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{language}");
    }
}

/// The company's own site, on another origin than Leadline: a plain HTML contact form
/// posting to `/capture`, and a page whose script posts a lead to the API with the same
/// web form's key (CORS, preflight included). `key` is made once the site's address is
/// known, by `key_for(site)`.
async fn company_site<F, Fut>(leadline: &str, key_for: F) -> String
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = String>,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    let key = key_for(site.clone()).await;
    let form = format!(
        r#"<!doctype html><html><body>
<form method="post" action="{leadline}/capture">
<input type="hidden" name="key" value="{key}">
<input type="hidden" name="redirect" value="{site}/kontak">
<input name="website" style="display:none" tabindex="-1" autocomplete="off">
<input id="name" name="name"><input id="phone" name="phone">
<textarea id="notes" name="notes"></textarea>
<button id="send" type="submit">Kirim</button>
</form>
<p id="status"></p>
<script>
if (new URLSearchParams(location.search).get("leadline") === "received") {{
  document.getElementById("status").textContent = "Terima kasih";
}}
</script></body></html>"#
    );
    let script = format!(
        r#"<!doctype html><html><body><p id="result">sending</p>
<script>
fetch("{leadline}/api/v1/leads", {{
  method: "POST",
  headers: {{"Authorization": "Bearer {key}", "Content-Type": "application/json", "Idempotency-Key": "chat-widget-1"}},
  body: JSON.stringify({{name: "Rina dari chat", phone: "0857 1234 5678"}})
}}).then(r => r.json().then(lead => {{
  document.getElementById("result").textContent = r.status + " " + (lead.owner_id === null ? "unassigned" : "owned") + " " + r.headers.get("Location");
}})).catch(e => {{ document.getElementById("result").textContent = "failed " + e; }});
</script></body></html>"#
    );
    let html = |page: String| {
        axum::routing::get(move || {
            let page = page.clone();
            async move { axum::response::Html(page) }
        })
    };
    let router = axum::Router::new()
        .route("/kontak", html(form))
        .route("/chat", html(script));
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    site
}

#[tokio::test]
async fn the_companys_own_site_sends_leads_with_a_web_form_key() {
    let app = crate::helpers::spawn_app_on(crate::helpers::server_url(), |config, _| {
        config.default_country =
            leadline::domain::phone::Country::parse("default_country", "ID").unwrap();
    })
    .await;
    let owner = app.user("Form Owner", Role::Manager).await;
    let Some(browser) = browser().await else {
        return;
    };
    let site = company_site(&app.address, |site| {
        let app = &app;
        async move {
            app.post_expecting(
                "/api/v1/tokens",
                json!({"name": "Situs web", "user_id": owner.id, "scopes": ["leads:create"],
                       "allowed_origins": [site]}),
                StatusCode::CREATED,
            )
            .await["secret"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    })
    .await;

    // A visitor fills the contact form and is sent back to it, thanked.
    browser
        .client
        .goto(&format!("{site}/kontak"))
        .await
        .unwrap();
    browser.fill("#name", "Siti Rahayu").await;
    browser.fill("#phone", "0812-3456-7890").await;
    browser.fill("#notes", "Telepon sore saja").await;
    browser.click("#send").await;
    assert_eq!(
        browser.text_becomes("#status", "Terima kasih").await,
        "Terima kasih"
    );
    let url = browser.client.current_url().await.unwrap();
    assert_eq!(url.as_str(), format!("{site}/kontak?leadline=received"));
    let kept: (String, Option<uuid::Uuid>) =
        sqlx::query_as("SELECT phone, owner_id FROM leads WHERE name = 'Siti Rahayu'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(kept, ("+6281234567890".to_owned(), None));

    // The site's chat widget posts JSON to the API across origins with the same key.
    browser.client.goto(&format!("{site}/chat")).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let mut result = browser.text("#result").await;
    while result == "sending" && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        result = browser.text("#result").await;
    }
    assert!(
        result.starts_with("201 unassigned /api/v1/leads/"),
        "the page read: {result}"
    );
    let phone: String = sqlx::query_scalar("SELECT phone FROM leads WHERE name = 'Rina dari chat'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(phone, "+6285712345678");
    browser.finish("web-form-from-the-companys-site").await;
}
