//! Phone numbers of every country: the company's default country (settings), an import's
//! own country, and numbers shown grouped as `tel:` links.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_problem, browser, email_of, hidden_input, json_of, page, post_form, sign_in, spawn_app,
    text_of, wait_for, TestApp,
};

async fn phone_of(app: &TestApp, name: &str) -> Value {
    let found = app
        .get_ok(&format!("/api/v1/leads?q={}", name.replace(' ', "%20")))
        .await;
    found["items"][0]["phone"].clone()
}

#[tokio::test]
async fn numbers_of_six_countries_are_stored_in_e164_whatever_the_default_country() {
    let app = spawn_app().await;
    let numbers = [
        ("+86 138 0013 8000", "+8613800138000"),
        ("+86 186-1234-5678", "+8618612345678"),
        ("+86 10 6552 9988", "+861065529988"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 21 2345 6789", "+622123456789"),
        ("+7 (912) 345-67-89", "+79123456789"),
        ("+7 800 555-35-35", "+78005553535"),
        ("+91 98765 43210", "+919876543210"),
        ("+55 11 91234-5678", "+5511912345678"),
        ("(202) 555-0143", "+12025550143"),
    ];
    for (i, (written, e164)) in numbers.iter().enumerate() {
        let lead = app
            .post_expecting(
                "/api/v1/leads",
                json!({"name": format!("Lead {i}"), "phone": written}),
                StatusCode::CREATED,
            )
            .await;
        assert_eq!(lead["phone"], *e164, "{written}");
    }
    // The same number written another way is the same lead.
    let again = app
        .admin_post(
            "/api/v1/leads",
            json!({"name": "Again", "phone": "+8613800138000"}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_default_country_reads_local_numbers_and_only_admins_change_it() {
    let app = spawn_app().await;
    // The first start gave the company LEADLINE_DEFAULT_COUNTRY (US here).
    assert_eq!(
        app.get_ok("/api/v1/settings").await["default_country"],
        "US"
    );
    // A Jakarta mobile written locally is no US number.
    app.post_refused(
        "/api/v1/leads",
        json!({"name": "Budi", "phone": "0812-3456-7890"}),
        "phone",
    )
    .await;

    let manager = app.user("Country Manager", Role::Manager).await;
    let refused = app
        .patch(
            &manager.token,
            "/api/v1/settings",
            &json!({"default_country": "ID"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    for bad in ["XX", "Indonesia", ""] {
        let response = app
            .admin_patch("/api/v1/settings", json!({"default_country": bad}))
            .await;
        assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "default_country",
        )
        .await;
    }
    assert_eq!(
        app.get_ok("/api/v1/settings").await["default_country"],
        "US"
    );

    let changed = app
        .patch_expecting(
            "/api/v1/settings",
            json!({"default_country": "id"}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(changed["default_country"], "ID");
    let budi = app
        .post_expecting(
            "/api/v1/leads",
            json!({"name": "Budi", "phone": "0812-3456-7890"}),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(budi["phone"], "+6281234567890");
    // A change of number reads it the same way; numbers with their code keep it.
    let moved = app
        .patch_expecting(
            &format!("/api/v1/leads/{}", budi["id"].as_str().unwrap()),
            json!({"phone": "(021) 2345 6789"}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(moved["phone"], "+622123456789");
    let us = app
        .post_expecting(
            "/api/v1/leads",
            json!({"name": "Ann", "phone": "+1 202 555 0143"}),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(us["phone"], "+12025550143");
}

/// A file from a team that sells in China and Indonesia, as a spreadsheet exports it:
/// Chinese mobiles and a Beijing landline with their code, Indonesian numbers written
/// locally.
const MIXED: &str = "Nama,Nomor HP,Kota\n\
Wang Wei 王伟,+86 138 0013 8000,Beijing\n\
Li Na 李娜,+86 150 1234 5678,Shanghai\n\
Zhang Min,+86 186-1234-5678,Shenzhen\n\
Kantor Beijing,+86 10 6552 9988,Beijing\n\
Budi Santoso,0812-3456-7890,Jakarta\n\
Siti Rahma,0857 1234 5678,Bandung\n\
PT Maju Jaya,(021) 2345 6789,Jakarta\n\
Andi,+62 813 1111 2222,Surabaya\n";

#[tokio::test]
async fn a_file_of_chinese_and_local_indonesian_numbers_imports_every_row() {
    let app = spawn_app().await;
    let (client, csrf, _) = app.signed_in("Importing Manager", Role::Manager).await;
    let part = reqwest::multipart::Part::bytes(MIXED.as_bytes().to_vec()).file_name("mixed.csv");
    let uploaded = client
        .post(app.url(&format!("/import?csrf={csrf}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::SEE_OTHER);
    let location = uploaded.headers()["location"].to_str().unwrap().to_owned();

    // The mapping page offers the countries by name, the company's (US) chosen.
    let mapping = page(&client, &app.url(&location)).await;
    assert!(
        mapping.contains("<option value=\"US\" selected>United States (+1)</option>"),
        "{mapping}"
    );
    assert!(mapping.contains("<option value=\"ID\">Indonesia (+62)</option>"));

    // An unknown country is refused, naming the field, and nothing starts.
    let csrf = hidden_input(&mapping, "csrf");
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("col_0", "name"),
        ("col_1", "phone"),
        ("col_2", "ignore"),
        ("mode", "all_or_nothing"),
        ("default_country", "XX"),
    ];
    let refused = text_of(
        post_form(&client, &app.url(&location), &fields).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(refused.contains("default_country"), "{refused}");
    assert_eq!(app.count("leads").await, 0);

    // This file's local numbers are Indonesian.
    fields[5] = ("default_country", "ID");
    let started = post_form(&client, &app.url(&location), &fields).await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    wait_for(
        "the import to finish",
        std::time::Duration::from_secs(30),
        || async {
            page(&client, &app.url(&location))
                .await
                .contains("id=\"import-result\"")
        },
    )
    .await;
    let result = page(&client, &app.url(&location)).await;
    assert!(result.contains("Done: 8 of 8 rows imported."), "{result}");
    for (name, e164) in [
        ("Wang Wei", "+8613800138000"),
        ("Li Na", "+8615012345678"),
        ("Zhang Min", "+8618612345678"),
        ("Kantor Beijing", "+861065529988"),
        ("Budi Santoso", "+6281234567890"),
        ("Siti Rahma", "+6285712345678"),
        ("PT Maju", "+622123456789"),
        ("Andi", "+6281311112222"),
    ] {
        assert_eq!(phone_of(&app, name).await, e164, "{name}");
    }
    // The import keeps its country, for a resume to read the rest the same way.
    let recorded: Option<String> = app.scalar("SELECT default_country FROM imports").await;
    assert_eq!(recorded.as_deref(), Some("ID"));
    // The company's own default did not change.
    assert_eq!(
        app.get_ok("/api/v1/settings").await["default_country"],
        "US"
    );
}

#[tokio::test]
async fn phones_are_shown_grouped_as_tel_links_and_the_settings_page_sets_the_country() {
    let app = spawn_app().await;
    app.person("Phone Admin", Role::Admin, "phone password 1")
        .await;
    let client = browser();
    sign_in(
        &client,
        &app.address,
        &email_of("Phone Admin"),
        "phone password 1",
    )
    .await;
    let lead = app
        .lead(json!({"name": "Dewi", "phone": "+62 812-3456-7890"}))
        .await;
    let link = "<a href=\"tel:+6281234567890\">+62 812-3456-7890</a>";
    let list = page(&client, &app.url("/leads")).await;
    assert!(list.contains(link), "{list}");
    let shown = page(
        &client,
        &app.url(&format!("/leads/{}", lead["id"].as_str().unwrap())),
    )
    .await;
    assert!(shown.contains(link), "{shown}");
    // The edit form holds the number as shown, and saving it keeps it.
    assert!(
        shown.contains("value=\"+62 812-3456-7890\""),
        "the edit form: {shown}"
    );

    // The settings page names the countries and saves the one chosen.
    let url = app.url("/admin/settings");
    let settings = page(&client, &url).await;
    assert!(settings.contains("<option value=\"CN\">China (+86)</option>"));
    let csrf = hidden_input(&settings, "csrf");
    let form = [
        ("csrf", csrf.as_str()),
        ("monday", "on"),
        ("default_country", "CN"),
        ("holidays", ""),
    ];
    let saved = text_of(post_form(&client, &url, &form).await, StatusCode::OK).await;
    assert!(
        saved.contains("<option value=\"CN\" selected>China (+86)</option>"),
        "{saved}"
    );
    let settings = json_of(
        app.get(&app.admin_token, "/api/v1/settings").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(settings["default_country"], "CN");
    let local = app
        .lead(json!({"name": "Chen", "phone": "139 1234 5678"}))
        .await;
    assert_eq!(local["phone"], "+8613912345678");
}

/// A number is searched as people type it: grouped, with brackets or dots, with the trunk
/// prefix, whole or in part, in the API and on the leads page; a rep finds only what they
/// may see.
#[tokio::test]
async fn a_number_is_found_however_it_is_typed() {
    let app = spawn_app().await;
    let names = |found: &Value| -> Vec<String> {
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["name"].as_str().unwrap().to_owned())
            .collect()
    };
    app.lead(json!({"name": "Pat Washington", "phone": "+12025550143"}))
        .await;
    app.lead(json!({"name": "Siti Rahayu", "phone": "+6281234567890"}))
        .await;
    let search = |q: &str| {
        format!(
            "/api/v1/leads?q={}",
            url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        )
    };
    for (typed, who) in [
        ("(202) 555-0143", "Pat Washington"),
        ("202-555-0143", "Pat Washington"),
        ("202.555.0143", "Pat Washington"),
        ("+1 202 555 0143", "Pat Washington"),
        ("+62 812-3456-7890", "Siti Rahayu"),
        ("0812 3456 7890", "Siti Rahayu"),
    ] {
        let found = app.get_ok(&search(typed)).await;
        assert_eq!(names(&found), [who], "{typed}");
    }
    // The company's own country reads a local number whole: Indonesia's, here.
    app.patch_expecting(
        "/api/v1/settings",
        json!({"default_country": "ID"}),
        StatusCode::OK,
    )
    .await;
    let found = app.get_ok(&search("0812-3456-7890")).await;
    assert_eq!(names(&found), ["Siti Rahayu"]);
    // Part of a number, with its trunk prefix.
    let found = app.get_ok(&search("0812-3456")).await;
    assert_eq!(names(&found), ["Siti Rahayu"]);
    // Text is still text.
    let found = app.get_ok(&search("Washington")).await;
    assert_eq!(names(&found), ["Pat Washington"]);
    // A rep finds no other rep's lead by its number.
    let rep = app.user("Searching Rep", Role::Rep).await;
    let other = app.user("Owning Rep", Role::Rep).await;
    app.lead(json!({"name": "Owned Elsewhere", "phone": "+12025550199", "owner_id": other.id}))
        .await;
    let found = json_of(
        app.get(&rep.token, &search("(202) 555-0199")).await,
        StatusCode::OK,
    )
    .await;
    assert!(names(&found).is_empty(), "{found}");
    // The leads page takes the same.
    let (client, _, _) = app.signed_in("Searching Manager", Role::Manager).await;
    let list = page(
        &client,
        &app.url(&format!(
            "/leads?q={}",
            url::form_urlencoded::byte_serialize("(202) 555-0143".as_bytes()).collect::<String>()
        )),
    )
    .await;
    assert!(list.contains("Pat Washington"), "{list}");
    assert!(!list.contains("Siti Rahayu"), "{list}");
}
