//! Custom fields: defined by an admin, validated, filtered on, exported, shown and typed
//! on the pages, filled by a web form.

use leadline::domain::phone::Country;
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, form_csrf, id_of, json_of, page, problem_fields, server_url, spawn_app_on,
    TestApp,
};

/// A Jakarta company's app with its four fields: a campaign's source (text), a budget
/// (number), the day of a showroom visit (date) and a segment (one of a list).
async fn jakarta_with_fields() -> TestApp {
    let app = spawn_app_on(server_url(), |config, _| {
        config.default_country = Country::parse("default_country", "ID").unwrap();
        config.capture_per_address = 100;
    })
    .await;
    for field in [
        json!({"key": "utm_source", "label": "Sumber kampanye", "kind": "text"}),
        json!({"label": "Anggaran", "kind": "number"}),
        json!({"key": "visit", "label": "Kunjungan showroom", "kind": "date"}),
        json!({"key": "segment", "label": "Segmen", "kind": "choice", "choices": ["Retail", "Grosir", " retail "]}),
    ] {
        app.post_expecting("/api/v1/custom-fields", field, StatusCode::CREATED)
            .await;
    }
    app
}

#[tokio::test]
async fn an_admin_defines_fields_and_everyone_reads_them() {
    let app = jakarta_with_fields().await;
    let fields = app.get_ok("/api/v1/custom-fields").await;
    let keys: Vec<&str> = fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    // In the order they were added; a key made from the label when none was given.
    assert_eq!(keys, ["utm_source", "anggaran", "visit", "segment"]);
    // A choice is offered once, whatever its case.
    assert_eq!(fields[3]["choices"], json!(["Retail", "Grosir"]));

    let rep = app.user("Rina Rep", Role::Rep).await;
    let listed = app.get(&rep.token, "/api/v1/custom-fields").await;
    assert_eq!(listed.status(), StatusCode::OK);
    let refused = app
        .post(
            &rep.token,
            "/api/v1/custom-fields",
            &json!({"label": "Kota", "kind": "text"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Every bad part named at once; a key is taken once.
    let bad = app
        .admin_post(
            "/api/v1/custom-fields",
            json!({"key": "Bad-Key", "label": "", "kind": "choice", "choices": []}),
        )
        .await;
    let problem = json_of(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem_fields(&problem), ["key", "label", "choices"]);
    assert_problem(
        app.admin_post(
            "/api/v1/custom-fields",
            json!({"key": "visit", "label": "Lagi", "kind": "text"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "key",
    )
    .await;
    // The kind stays: a text field takes no choices.
    let text_id = fields[0]["id"].as_str().unwrap();
    assert_problem(
        app.admin_patch(
            &format!("/api/v1/custom-fields/{text_id}"),
            json!({"choices": ["a"]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "choices",
    )
    .await;
}

#[tokio::test]
async fn a_leads_values_are_read_as_their_kind_and_every_bad_one_is_named() {
    let app = jakarta_with_fields().await;
    let lead = app
        .post_expecting(
            "/api/v1/leads",
            json!({"name": "Toko Sinar", "phone": "0812-1111-2222", "custom": {
                "utm_source": " instagram ", "anggaran": "1.500.000", "visit": "31.12.2026",
                "segment": "grosir"}}),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(
        lead["custom"],
        json!({"utm_source": "instagram", "anggaran": 1_500_000, "visit": "2026-12-31",
               "segment": "Grosir"})
    );

    let bad = app
        .admin_post(
            "/api/v1/leads",
            json!({"name": "", "custom": {"anggaran": "banyak", "visit": "12/31/2026",
                   "segment": "Eceran", "nope": 1, "utm_source": 5}}),
        )
        .await;
    let problem = json_of(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
    let mut fields = problem_fields(&problem);
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "custom.anggaran",
            "custom.nope",
            "custom.segment",
            "custom.utm_source",
            "custom.visit",
            "name"
        ]
    );
    assert_eq!(app.count("leads").await, 1);

    // A change sets what it names, clears what it sends as null, and leaves the rest.
    let id = id_of(&lead);
    let changed = app
        .patch_expecting(
            &format!("/api/v1/leads/{id}"),
            json!({"custom": {"anggaran": 2500000.5, "visit": null}}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        changed["custom"],
        json!({"utm_source": "instagram", "anggaran": 2_500_000.5, "segment": "Grosir"})
    );
    // The lead's history names the field that changed.
    let history: Value = app
        .scalar(&format!(
            "SELECT changes FROM audit_log WHERE lead_id = '{id}' ORDER BY id DESC LIMIT 1"
        ))
        .await;
    assert_eq!(
        history["custom.anggaran"],
        json!({"old": 1_500_000, "new": 2_500_000.5})
    );
    assert_eq!(history["custom.visit"]["new"], Value::Null);

    // An inactive field is no longer filled in; what leads hold of it stays, and may be
    // cleared.
    let fields = app.get_ok("/api/v1/custom-fields").await;
    let segment = fields[3]["id"].as_str().unwrap().to_owned();
    app.patch_expecting(
        &format!("/api/v1/custom-fields/{segment}"),
        json!({"active": false}),
        StatusCode::OK,
    )
    .await;
    assert_problem(
        app.admin_patch(
            &format!("/api/v1/leads/{id}"),
            json!({"custom": {"segment": "Retail"}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "custom.segment",
    )
    .await;
    let kept = app.get_ok(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(kept["custom"]["segment"], "Grosir");
    let cleared = app
        .patch_expecting(
            &format!("/api/v1/leads/{id}"),
            json!({"custom": {"segment": null}}),
            StatusCode::OK,
        )
        .await;
    assert!(cleared["custom"].get("segment").is_none());
}

#[tokio::test]
async fn the_list_filters_by_custom_fields_and_the_export_carries_them() {
    let app = jakarta_with_fields().await;
    for (name, segment, budget) in [
        ("Toko A", "Retail", 1_000_000),
        ("Toko B", "Grosir", 1_500_000),
        ("Toko C", "Grosir", 2_000_000),
    ] {
        app.post_expecting(
            "/api/v1/leads",
            json!({"name": name, "custom": {"segment": segment, "anggaran": budget,
                   "utm_source": "google"}}),
            StatusCode::CREATED,
        )
        .await;
    }
    let names = |page: &Value| -> Vec<String> {
        let mut names: Vec<String> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };
    let grosir = app.get_ok("/api/v1/leads?custom.segment=grosir").await;
    assert_eq!(names(&grosir), ["Toko B", "Toko C"]);
    let both = app
        .get_ok("/api/v1/leads?custom.segment=Grosir&custom.anggaran=1.500.000&stage=new")
        .await;
    assert_eq!(names(&both), ["Toko B"]);
    let problem = json_of(
        app.get(
            &app.admin_token,
            "/api/v1/leads?custom.nope=1&custom.anggaran=abc&limit=0",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(problem_fields(&problem), ["limit"]);
    let problem = json_of(
        app.get(
            &app.admin_token,
            "/api/v1/leads?custom.nope=1&custom.anggaran=abc",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields = problem_fields(&problem);
    fields.sort_unstable();
    assert_eq!(fields, ["custom.anggaran", "custom.nope"]);

    // The leads page filters the same way, and its export has a column per field.
    let (client, _, _) = app.signed_in("Maya Manager", Role::Manager).await;
    let html = page(&client, &app.url("/leads?custom.segment=Grosir")).await;
    assert!(html.contains("Toko B") && html.contains("Toko C"));
    assert!(!html.contains("Toko A"), "filtered out");
    assert!(
        html.contains("name=\"custom.segment\""),
        "the filter is offered"
    );
    let csv = client
        .get(app.url("/leads/export?format=csv&custom.segment=Grosir"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.ends_with(",utm_source,anggaran,visit,segment"),
        "{header}"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows.iter().any(|r| r.ends_with(",google,1500000,,Grosir")),
        "{csv}"
    );
}

#[tokio::test]
async fn the_pages_show_and_take_custom_fields_in_the_readers_language() {
    let app = jakarta_with_fields().await;
    let (client, _, _) = app.signed_in("Admin Dua", Role::Admin).await;
    // The admin adds a field on the page.
    let csrf = form_csrf(&client, &app.url("/admin/custom-fields")).await;
    let added = client
        .post(app.url("/admin/custom-fields"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("label", "Kota asal"),
            ("kind", "text"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let listed = page(&client, &app.url("/admin/custom-fields")).await;
    assert!(listed.contains("<code>kota_asal</code>"), "{listed}");

    // A lead made on the new-lead form with its custom inputs.
    let form = page(&client, &app.url("/leads/new")).await;
    for input in [
        "name=\"custom:utm_source\"",
        "name=\"custom:anggaran\"",
        "name=\"custom:visit\" type=\"date\"",
        "name=\"custom:segment\"",
        "name=\"custom:kota_asal\"",
    ] {
        assert!(form.contains(input), "{input}");
    }
    let csrf = form_csrf(&client, &app.url("/leads/new")).await;
    let made = client
        .post(app.url("/leads/new"))
        .header("accept-language", "id")
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Bu Sari"),
            ("phone", "0813 5555 6666"),
            ("custom:anggaran", "Rp 2.000"),
            ("custom:segment", "Retail"),
        ])
        .send()
        .await
        .unwrap();
    // A bad value is named by the field's label.
    assert_eq!(made.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = made.text().await.unwrap();
    assert!(refused.contains("Anggaran: `Rp 2.000`"), "{refused}");
    let made = client
        .post(app.url("/leads/new"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Bu Sari"),
            ("phone", "0813 5555 6666"),
            ("custom:anggaran", "2.000.000"),
            ("custom:visit", "2026-12-20"),
            ("custom:segment", "Retail"),
            ("custom:kota_asal", "Bandung"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let location = made.headers()["location"].to_str().unwrap().to_owned();
    let stored: Value = app
        .scalar("SELECT custom FROM leads WHERE name = 'Bu Sari'")
        .await;
    assert_eq!(
        stored,
        json!({"anggaran": 2_000_000, "visit": "2026-12-20", "segment": "Retail",
               "kota_asal": "Bandung"})
    );

    // Its page shows them as the reader's language writes numbers and dates.
    let shown = client
        .get(app.url(&location))
        .header("accept-language", "id")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        shown.contains("<dt>Anggaran</dt><dd class=\"custom-field\">2.000.000</dd>"),
        "{shown}"
    );
    assert!(shown.contains("<dt>Kota asal</dt><dd class=\"custom-field\">Bandung</dd>"));
    // The edit form holds the values, a choice selected.
    assert!(shown.contains("<option value=\"Retail\" selected>Retail</option>"));
    assert!(shown.contains("name=\"custom:visit\" type=\"date\" value=\"2026-12-20\""));
}

#[tokio::test]
async fn a_web_form_fills_the_fields_named_by_its_inputs_and_erasure_clears_them() {
    let app = jakarta_with_fields().await;
    let rep = app.user("Form owner", Role::Rep).await;
    let key = app
        .post_expecting(
            "/api/v1/tokens",
            json!({"name": "Situs", "user_id": rep.id, "scopes": ["leads:create"],
                   "allowed_origins": ["https://toko.example.co.id"]}),
            StatusCode::CREATED,
        )
        .await["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = reqwest::Client::new()
        .post(app.url("/capture"))
        .header("origin", "https://toko.example.co.id")
        .form(&[
            ("key", key.as_str()),
            ("name", "Pak Budi"),
            ("phone", "0812 3333 4444"),
            ("utm_source", "facebook"),
            ("segment", "grosir"),
            ("utm_medium", "cpc"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::OK);
    let (id, custom): (uuid::Uuid, Value) =
        sqlx::query_as("SELECT id, custom FROM leads WHERE name = 'Pak Budi'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        custom,
        json!({"utm_source": "facebook", "segment": "Grosir"})
    );

    // Erasing the person takes their custom fields too, and their values in the trail.
    app.patch_expecting(
        &format!("/api/v1/leads/{id}"),
        json!({"custom": {"utm_source": "instagram"}}),
        StatusCode::OK,
    )
    .await;
    let erased = app
        .delete(&app.admin_token, &format!("/api/v1/leads/{id}"))
        .await;
    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    let custom: Value = app
        .scalar(&format!("SELECT custom FROM leads WHERE id = '{id}'"))
        .await;
    assert_eq!(custom, json!({}));
    let kept: i64 = app
        .scalar(&format!(
            "SELECT count(*) FROM audit_log WHERE lead_id = '{id}' \
             AND (changes::text LIKE '%facebook%' OR changes::text LIKE '%instagram%')"
        ))
        .await;
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn an_import_maps_columns_to_custom_fields_by_key_or_label() {
    use leadline::importer::{self, Mode, Target};
    let app = jakarta_with_fields().await;
    let file = "Nama,Telepon,Anggaran,segment,UTM_SOURCE,Kota\n\
                Toko Satu,0812 1000 0001,\"1.250.000\",grosir,google,Bandung\n\
                Toko Dua,0812 1000 0002,banyak,Retail,meta,Medan\n";
    let header: Vec<String> = file
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let fields = leadline::storage::custom_fields::list(&app.db, false)
        .await
        .unwrap();
    // A header that is a field's label or key (in any case) is guessed as that field.
    let mapping = Target::guess_all(&header, &fields);
    assert_eq!(
        mapping,
        [
            Target::Name,
            Target::Phone,
            Target::Custom("anggaran".into()),
            Target::Custom("segment".into()),
            Target::Custom("utm_source".into()),
            Target::Ignore,
        ]
    );
    let plan = importer::Plan::new(
        mapping,
        Mode::SkipBad,
        Country::parse("default_country", "ID").unwrap(),
    );
    let (progress, _) = tokio::sync::watch::channel(importer::Progress::default());
    let summary = importer::run(
        &app.db,
        file.as_bytes(),
        &plan,
        leadline::storage::Actor::default(),
        &progress,
    )
    .await
    .unwrap();
    // The bad number rejects its row, named by its field.
    assert_eq!(summary.imported, 1);
    assert_eq!(summary.errors.len(), 1, "{:?}", summary.errors);
    assert_eq!(summary.errors[0].line, 3);
    assert_eq!(summary.errors[0].field, "custom.anggaran");
    let custom: Value = app
        .scalar("SELECT custom FROM leads WHERE name = 'Toko Satu'")
        .await;
    assert_eq!(
        custom,
        json!({"anggaran": 1_250_000, "segment": "Grosir", "utm_source": "google"})
    );
}
