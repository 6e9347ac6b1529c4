//! Erasing a person on their request: after `DELETE /api/v1/leads/{id}` neither their name
//! nor their number is anywhere in the database (a full dump is searched, its files'
//! bytes included), while every figure is what it was; managers and admins only.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, json_of, page, post_form, spawn_app, TestApp};

/// The figures the dashboard shows, as the API answers them, for the period the data is in.
async fn figures(app: &TestApp) -> Vec<Value> {
    let mut all = Vec::new();
    for figure in ["funnel", "calls", "cost", "reps"] {
        let path = format!("/api/v1/metrics/{figure}?from=2026-01-01&to=2027-12-31");
        let mut answer = app.get_ok(&path).await;
        // When the answer was computed is not a figure.
        if let Some(object) = answer.as_object_mut() {
            object.remove("generated_at");
            object.remove("as_of");
        }
        all.push(answer);
    }
    all
}

/// The whole database as `pg_dump` writes it, with each text also looked for as the hex
/// that `bytea` columns (an imported file) are dumped in.
fn dump(app: &TestApp) -> String {
    let out = std::process::Command::new("pg_dump")
        .arg("--data-only")
        .arg(&app.database_url)
        .output()
        .expect("pg_dump runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn an_erased_person_is_nowhere_in_the_database_and_every_figure_stays() {
    let app = spawn_app().await;
    let rep = app.user("Wulan Rep", Role::Rep).await;
    let manager = app.user("Yosef Manager", Role::Manager).await;
    app.post_expecting(
        "/api/v1/webhooks",
        json!({"url": "http://127.0.0.1:9/hook",
               "events": ["lead.created", "lead.stage_changed", "call.logged"]}),
        StatusCode::CREATED,
    )
    .await;
    let lead = app
        .lead(
            json!({"name": "Siti Rahmawati Unik", "phone": "+6281299887766",
                     "email": "siti.unik@example.co.id", "company": "Toko Siti Unik",
                     "source": "Facebook", "owner_id": rep.id, "tags": ["jakarta"],
                     "notes": "Siti Rahmawati Unik wants 3 units", "deal_value": 1500000000}),
        )
        .await;
    let id = id_of(&lead);
    // A call logged with a retry key: its stored answer carries the person too.
    let logged = app
        .client
        .post(app.url("/api/v1/calls"))
        .bearer_auth(&rep.token)
        .header("Idempotency-Key", "erase-test-call")
        .json(
            &json!({"lead_id": id, "outcome": "connected", "intent": "clear", "talk_seconds": 300,
                      "notes": "Siti Rahmawati Unik asked for a quote",
                      "recording_url": "https://rec.example.com/siti-unik.mp3"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status(), StatusCode::CREATED);
    app.moved(&id, json!({"to": "need"})).await;
    app.moved(
        &id,
        json!({"to": "interest", "reason": "Siti Rahmawati Unik is not sure"}),
    )
    .await;
    app.post_expecting(
        "/api/v1/touches",
        json!({"lead_id": id, "kind": "whatsapp", "direction": "outbound",
               "notes": "Sent Siti Rahmawati Unik the price list"}),
        StatusCode::CREATED,
    )
    .await;
    app.post_expecting(
        "/api/v1/tasks",
        json!({"lead_id": id, "title": "Call Siti Rahmawati Unik back",
               "due_at": "2026-12-10T03:00:00Z", "assignee_id": rep.id}),
        StatusCode::CREATED,
    )
    .await;
    app.patch_expecting(
        &format!("/api/v1/leads/{id}"),
        json!({"phone": "+6281299887700", "email": "siti.lain@example.co.id"}),
        StatusCode::OK,
    )
    .await;

    // A second person, imported from a file as a manager typed them. The import was cut
    // before it finished, so it keeps its file to resume from (a finished one keeps none).
    let file = "Name,Phone,Company\nAgus Imported Unik,0812-7766-5544,CV Agus\nDewi Tetap,0812-1111-2222,PT Dewi\n";
    let (client, csrf) = crate::import::manager_client(&app).await;
    let location = crate::import::upload(&app, &client, &csrf, file.as_bytes()).await;
    crate::import::import_as_guessed(&app, &client, &location, 3, &[("default_country", "ID")])
        .await;
    sqlx::query("UPDATE imports SET content = $1, status = 'interrupted'")
        .bind(file.as_bytes())
        .execute(&app.db)
        .await
        .unwrap();
    let imported: uuid::Uuid = app
        .scalar("SELECT id FROM leads WHERE name = 'Agus Imported Unik'")
        .await;

    let before = figures(&app).await;
    let everything = dump(&app);
    for text in [
        "Siti Rahmawati Unik",
        "+6281299887766",
        "Agus Imported Unik",
    ] {
        assert!(
            everything.contains(text) || everything.contains(&hex(text)),
            "{text} is not in the dump before the erasure: the test would prove nothing"
        );
    }

    // A rep may not erase; a manager may, and twice is once.
    let refused = app.delete(&rep.token, &format!("/api/v1/leads/{id}")).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for _ in 0..2 {
        let erased = app
            .delete(&manager.token, &format!("/api/v1/leads/{id}"))
            .await;
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    }
    let erased = app
        .delete(&manager.token, &format!("/api/v1/leads/{imported}"))
        .await;
    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    let missing = app
        .delete(
            &manager.token,
            &format!("/api/v1/leads/{}", uuid::Uuid::now_v7()),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let everything = dump(&app);
    for text in [
        "Siti Rahmawati Unik",
        "+6281299887766",
        "81299887766",
        "+6281299887700",
        "siti.unik@example.co.id",
        "siti.lain@example.co.id",
        "Toko Siti Unik",
        "siti-unik.mp3",
        "Agus Imported Unik",
        "0812-7766-5544",
        "+6281277665544",
        "CV Agus",
    ] {
        assert!(!everything.contains(text), "{text} is still stored");
        assert!(
            !everything.contains(&hex(text)),
            "{text} is still stored in a file"
        );
    }
    // The other person in the same file is untouched, on the line they were on.
    let content: Vec<u8> = app.scalar("SELECT content FROM imports").await;
    assert_eq!(
        String::from_utf8(content).unwrap(),
        "Name,Phone,Company\n,,\nDewi Tetap,0812-1111-2222,PT Dewi\n"
    );
    assert_eq!(figures(&app).await, before);

    // The husk keeps what the figures count, and says it was erased.
    let husk = app.get_ok(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(husk["stage"], "interest");
    assert_eq!(husk["owner_id"], json!(rep.id));
    assert_eq!(husk["deal_value"], 1500000000);
    assert_eq!(husk["call_count"], 1);
    assert!(husk["phone"].is_null() && husk["email"].is_null() && husk["notes"].is_null());
    assert!(husk["erased_at"].is_string());
    let history = json_of(
        app.get(&app.admin_token, &format!("/api/v1/leads/{id}/history"))
            .await,
        StatusCode::OK,
    )
    .await;
    let newest = &history["items"][0];
    assert_eq!(newest["action"], "erased");
    assert_eq!(newest["user_id"], json!(manager.id));
    assert_eq!(newest["via"], "api");
    let phone_change = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|i| i["action"] == "changed" && i["changes"].get("email").is_some())
        .expect("the edit is still in the history");
    assert_eq!(phone_change["changes"]["phone"], json!({"erased": true}));
    assert_eq!(phone_change["user_id"], json!(app.admin_id));

    // The husk takes no personal data again, but its follow-up may still change.
    crate::helpers::assert_problem(
        app.patch(
            &app.admin_token,
            &format!("/api/v1/leads/{id}"),
            &json!({"phone": "+6281299887766"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "phone",
    )
    .await;
    app.patch_expecting(
        &format!("/api/v1/leads/{id}"),
        json!({"next_contact_at": null}),
        StatusCode::OK,
    )
    .await;

    let (admin_client, _, _) = app.signed_in("Zahra Admin", Role::Admin).await;
    let shown = page(&admin_client, &app.url(&format!("/leads/{id}"))).await;
    assert!(shown.contains("id=\"lead-erased\""), "{shown}");
    assert!(
        shown.contains("Yosef Manager erased the person’s data"),
        "{shown}"
    );
    assert!(shown.contains("Phone: erased"), "{shown}");
    assert!(!shown.contains("id=\"erase-form\""), "{shown}");
    assert!(!shown.contains("id=\"edit-form\""), "{shown}");
}

/// On the lead's page: a manager erases after confirming; a rep has no such form and is
/// refused if they send it anyway.
#[tokio::test]
async fn a_manager_erases_on_the_page_after_confirming() {
    let app = spawn_app().await;
    let lead = app
        .lead(json!({"name": "Ibu Larasati Hapus", "phone": "+6281377001122"}))
        .await;
    let id = id_of(&lead);
    let (rep_client, rep_csrf, _) = app.signed_in("Putri Rep", Role::Rep).await;
    let rep_page = page(&rep_client, &app.url(&format!("/leads/{id}"))).await;
    assert!(!rep_page.contains("id=\"erase-form\""));
    let refused = post_form(
        &rep_client,
        &app.url(&format!("/leads/{id}/erase")),
        &[("csrf", rep_csrf.as_str()), ("confirm", "yes")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let (client, csrf, _) = app.signed_in("Rudi Manager", Role::Manager).await;
    let shown = page(&client, &app.url(&format!("/leads/{id}"))).await;
    assert!(shown.contains("id=\"erase-form\""), "{shown}");
    let unconfirmed = post_form(
        &client,
        &app.url(&format!("/leads/{id}/erase")),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconfirmed.text().await.unwrap().contains("Confirmation"));
    let name: String = app
        .scalar(&format!("SELECT name FROM leads WHERE id = '{id}'"))
        .await;
    assert_eq!(name, "Ibu Larasati Hapus");

    let erased = post_form(
        &client,
        &app.url(&format!("/leads/{id}/erase")),
        &[("csrf", csrf.as_str()), ("confirm", "yes")],
    )
    .await;
    assert_eq!(erased.status(), StatusCode::SEE_OTHER);
    let shown = page(&client, &app.url(&format!("/leads/{id}?saved=erased"))).await;
    assert!(shown.contains("The person’s data is erased."), "{shown}");
    assert!(!shown.contains("Larasati"), "{shown}");
    let count: i64 = app
        .scalar("SELECT count(*) FROM leads WHERE name = 'Ibu Larasati Hapus' OR phone = '+6281377001122'")
        .await;
    assert_eq!(count, 0);
}
