//! CSV import through the importer the import page and `leadline import leads` share.

use leadline::domain::money::Currency;
use leadline::domain::user::Role;
use leadline::domain::zone::Zone;
use leadline::importer::{self, BadFields, Mode, Progress, Target};
use leadline::storage::{leads, Actor};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    hidden_input, id_of, import_file, page, post_form, server_url, spawn_app, spawn_app_on,
    text_of, us, wait_for, TestApp,
};

const FILE: &[u8] = b"Full name,Mobile,E-mail,Tags\n\
Ana Lima,+1 202 555 0160,ana@example.com,\"vip, jakarta\"\n\
Budi,202 555 0161,not-an-email,\n\
Cici,+1 202 555 0100,,\n\
Dedi,,dedi@example.com,\n";

fn mapping() -> Vec<Target> {
    let (header, _) = importer::preview(FILE, 0).unwrap();
    header.iter().map(|h| Target::guess(h)).collect()
}

#[tokio::test]
async fn good_rows_are_imported_and_bad_and_duplicate_rows_are_reported_by_line() {
    let app = spawn_app().await;
    app.lead(json!({"name": "Already here", "phone": "+12025550100"}))
        .await;
    assert_eq!(
        mapping(),
        [Target::Name, Target::Phone, Target::Email, Target::Tags]
    );
    let (progress, receiver) = tokio::sync::watch::channel(Progress::default());
    let summary = import_file(&app.db, FILE, &mapping(), Mode::SkipBad, &progress).await;
    assert_eq!(summary.total, 4);
    assert_eq!(summary.imported, 2);
    let lines: Vec<(u64, &str)> = summary
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    assert_eq!(lines, [(3, "email"), (4, "phone")]);
    assert!(summary.errors[1].message.contains("duplicate"));
    assert_eq!(
        *receiver.borrow(),
        Progress {
            processed: 4,
            imported: 2
        }
    );
    let ana = app.get_ok("/api/v1/leads?q=Ana").await;
    assert_eq!(ana["items"][0]["tags"], json!(["jakarta", "vip"]));
    assert_eq!(app.count("leads").await, 3);
}

#[tokio::test]
async fn all_or_nothing_imports_nothing_when_a_row_is_bad() {
    let app = spawn_app().await;
    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let summary = import_file(&app.db, FILE, &mapping(), Mode::AllOrNothing, &progress).await;
    assert_eq!(summary.imported, 0);
    assert_eq!(summary.errors.len(), 1);
    assert_eq!(app.count("leads").await, 0);

    let clean = b"name,phone\nEka,+1 202 555 0170\nFajar,+1 202 555 0171\n";
    let summary = import_file(
        &app.db,
        clean,
        &[Target::Name, Target::Phone],
        Mode::AllOrNothing,
        &progress,
    )
    .await;
    assert_eq!((summary.imported, summary.errors.len()), (2, 0));
    assert_eq!(app.count("leads").await, 2);
}

/// A file with the awkward characters a CSV can carry: quotes, tabs, newlines, backslashes.
const VARIED: &[u8] = "name,phone,email,company,source,tags,notes\n\
Ana Lima,+1 202 555 0180,ANA@Example.com,PT Maju,Google Ads,\"vip; jakarta\",\"first line\nsecond\tline \\\\ end\"\n\
\"Budi \"\"the\"\" Santoso\",(202) 555-0181,,\"Back\\slash Co\",,\"a \"\"quoted\"\" tag, vip\",\n\
Cici 陈,,cici@example.com,,Referral,,\n\
Dedi,+1 202 555 0183,,,,,\"{curly}, \\N and \\.\"\n"
    .as_bytes();

/// Everything `leads::create` writes for each lead, keyed by name, without ids and times;
/// times are checked to agree with the lead's creation instead.
async fn written_rows(db: &sqlx::PgPool) -> Vec<(String, serde_json::Value)> {
    sqlx::query_as(
        "SELECT l.name, jsonb_build_object( \
           'lead', to_jsonb(l) - 'id' - 'created_at' - 'updated_at', \
           'times_agree', l.updated_at = l.created_at, \
           'events', (SELECT jsonb_agg(jsonb_build_object('row', to_jsonb(e) - 'id' - 'lead_id' - 'created_at', \
                                                          'at_creation', e.created_at = l.created_at) ORDER BY e.id) \
                      FROM stage_events e WHERE e.lead_id = l.id), \
           'reaches', (SELECT jsonb_agg(jsonb_build_object('stage', r.stage, 'at_creation', r.reached_at = l.created_at) \
                                        ORDER BY r.stage) \
                       FROM stage_reaches r WHERE r.lead_id = l.id), \
           'tags', (SELECT jsonb_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
                    WHERE lt.lead_id = l.id)) \
         FROM leads l ORDER BY l.name",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_bulk_import_writes_exactly_what_creating_each_lead_writes() {
    let one_by_one = spawn_app().await;
    let bulk = spawn_app().await;
    let (header, _) = importer::preview(VARIED, 0).unwrap();
    let mapping: Vec<Target> = header.iter().map(|h| Target::guess(h)).collect();

    let actor = Actor {
        user_id: Some(one_by_one.admin_id),
        ..Actor::default()
    };
    let mut reader = csv::Reader::from_reader(VARIED);
    let mut tx = one_by_one.db.begin().await.unwrap();
    for record in reader.records() {
        let lead = importer::to_lead(&record.unwrap(), &mapping, us()).unwrap();
        leads::create(&mut tx, lead, actor, leadline::storage::Scope::All)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let actor = Actor {
        user_id: Some(bulk.admin_id),
        ..Actor::default()
    };
    let plan = importer::Plan::new(mapping, Mode::SkipBad, us());
    let summary = importer::run(&bulk.db, VARIED, &plan, actor, &progress)
        .await
        .unwrap();
    assert_eq!((summary.imported, summary.errors.len()), (4, 0));

    // The admins differ between the two databases; everything else must be the same.
    let expected = written_rows(&one_by_one.db).await;
    let actual = written_rows(&bulk.db).await;
    let admin = |rows: Vec<(String, serde_json::Value)>, id: uuid::Uuid| {
        serde_json::to_string(&rows)
            .unwrap()
            .replace(&id.to_string(), "ADMIN")
    };
    assert_eq!(
        admin(actual, bulk.admin_id),
        admin(expected.clone(), one_by_one.admin_id)
    );
    let ana = &expected[0].1;
    assert_eq!(
        ana["lead"]["notes"],
        json!("first line\nsecond\tline \\\\ end")
    );
    assert_eq!(ana["tags"], json!(["jakarta", "vip"]));
    assert_eq!(expected[1].1["tags"], json!(["a \"quoted\" tag", "vip"]));
    assert_eq!(expected.len(), 4);
}

/// A valid US number for row `i` of a big file.
fn big_file_phone(i: usize) -> String {
    format!("+1212{}{:04}", 201 + i / 10_000, i % 10_000)
}

/// `rows` rows; `edit` may change row `i` (0-based: its line is `i + 2`).
fn big_file(rows: usize, edit: impl Fn(usize, &mut [String; 3])) -> Vec<u8> {
    let mut file = String::from("name,phone,email\n");
    for i in 0..rows {
        let mut row = [
            format!("Lead {i}"),
            big_file_phone(i),
            format!("lead{i}@example.com"),
        ];
        edit(i, &mut row);
        file.push_str(&row.join(","));
        file.push('\n');
    }
    file.into_bytes()
}

/// The id of the one lead with row `i`'s number.
async fn lead_with_phone_of_row(app: &crate::helpers::TestApp, i: usize) -> String {
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM leads WHERE phone = $1")
        .bind(big_file_phone(i))
        .fetch_one(&app.db)
        .await
        .unwrap();
    id.to_string()
}

#[tokio::test]
async fn a_file_of_several_chunks_reports_bad_and_duplicate_rows_by_line() {
    let app = spawn_app().await;
    let existing = id_of(
        &app.lead(json!({"name": "Already here", "phone": big_file_phone(18_000)}))
            .await,
    );
    let rows = 25_000;
    assert!(rows > 2 * importer::CHUNK_ROWS);
    let file = big_file(rows, |i, row| match i {
        // Bad rows: the last of the first chunk, the first of the second, and more.
        5 | 9_999 | 24_999 => row[2] = "not-an-email".into(),
        10_000 => row[0] = String::new(),
        // The number of a bad row is free to use.
        8_000 => row[1] = big_file_phone(5),
        // Earlier in the same chunk, and earlier in the file.
        15 => row[1] = big_file_phone(14),
        20_005 => row[1] = big_file_phone(3),
        // A number straddling two chunks.
        10_001 => row[1] = big_file_phone(9_998),
        // A lead already has this number (row 18,000's own), so these are its duplicates too.
        18_001 | 21_000 => row[1] = big_file_phone(18_000),
        _ => {}
    });
    let mapping = [Target::Name, Target::Phone, Target::Email];
    let (progress, receiver) = tokio::sync::watch::channel(Progress::default());

    let summary = import_file(&app.db, &file, &mapping, Mode::AllOrNothing, &progress).await;
    assert_eq!((summary.total, summary.imported), (rows, 0));
    let lines: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [7, 10_001, 10_002, 25_001]);
    assert_eq!(app.count("leads").await, 1);

    let summary = import_file(&app.db, &file, &mapping, Mode::SkipBad, &progress).await;
    let first_with = |i: usize| lead_with_phone_of_row(&app, i);
    let duplicate_of = |id: String| format!("duplicate: lead {id} has this phone number");
    let reported: Vec<(u64, String, String)> = summary
        .errors
        .iter()
        .map(|e| (e.line, e.field.clone(), e.message.clone()))
        .collect();
    let bad_email = "`not-an-email` is not an e-mail address".to_owned();
    assert_eq!(
        reported,
        [
            (7, "email".into(), bad_email.clone()),
            (17, "phone".into(), duplicate_of(first_with(14).await)),
            (10_001, "email".into(), bad_email.clone()),
            (10_002, "name".into(), "must not be empty".into()),
            (
                10_003,
                "phone".into(),
                duplicate_of(first_with(9_998).await)
            ),
            (18_002, "phone".into(), duplicate_of(existing.clone())),
            (18_003, "phone".into(), duplicate_of(existing.clone())),
            (20_007, "phone".into(), duplicate_of(first_with(3).await)),
            (21_002, "phone".into(), duplicate_of(existing.clone())),
            (25_001, "email".into(), bad_email),
        ]
    );
    assert_eq!(summary.total, rows);
    assert_eq!(summary.imported, rows - 10);
    assert_eq!(
        *receiver.borrow(),
        Progress {
            processed: rows,
            imported: rows - 10
        }
    );
    assert_eq!(app.count("leads").await, 1 + rows as i64 - 10);
    assert_eq!(app.count("stage_events").await, 1 + rows as i64 - 10);
    assert_eq!(app.count("stage_reaches").await, 1 + rows as i64 - 10);
    let row_8000 = app.get_ok("/api/v1/leads?q=Lead%208000").await;
    assert_eq!(row_8000["items"][0]["phone"], json!(big_file_phone(5)));
}

#[tokio::test]
async fn all_or_nothing_undoes_earlier_chunks_when_a_later_row_is_a_duplicate() {
    let app = spawn_app().await;
    let rows = 25_000;
    let file = big_file(rows, |i, row| {
        if i == 22_000 {
            row[1] = big_file_phone(100);
        }
    });
    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let summary = import_file(
        &app.db,
        &file,
        &[Target::Name, Target::Phone, Target::Email],
        Mode::AllOrNothing,
        &progress,
    )
    .await;
    assert_eq!((summary.total, summary.imported), (rows, 0));
    let lines: Vec<(u64, &str)> = summary
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    assert_eq!(lines, [(22_002, "phone")]);
    assert!(summary.errors[0].message.starts_with("duplicate: lead "));
    for table in ["leads", "stage_events", "stage_reaches"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
}

/// The option chosen for column `column` on an import's mapping page.
fn chosen(page: &str, column: usize) -> String {
    let select = &page[page
        .find(&format!("name=\"col_{column}\""))
        .unwrap_or_else(|| panic!("no column {column}: {page}"))..];
    let select = &select[..select.find("</select>").unwrap()];
    let at = select.find(" selected>").expect("an option chosen");
    let value = &select[..at];
    value[value.rfind("value=\"").unwrap() + 7..]
        .trim_end_matches('"')
        .to_owned()
}

/// A manager signed in on a browser-like client; the client and a CSRF token.
pub(crate) async fn manager_client(app: &TestApp) -> (reqwest::Client, String) {
    let (client, csrf, _) = app.signed_in("Importing Manager", Role::Manager).await;
    (client, csrf)
}

/// Upload `file` on the import page; the import's page.
pub(crate) async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    csrf: &str,
    file: &[u8],
) -> String {
    let part = reqwest::multipart::Part::bytes(file.to_vec()).file_name("leads.csv");
    let uploaded = client
        .post(app.url(&format!("/import?csrf={csrf}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::SEE_OTHER);
    uploaded.headers()["location"].to_str().unwrap().to_owned()
}

/// Start the import at `location` with the mapping its page guessed and `choices`; its
/// page once it has finished.
pub(crate) async fn import_as_guessed(
    app: &TestApp,
    client: &reqwest::Client,
    location: &str,
    columns: usize,
    choices: &[(&str, &str)],
) -> String {
    let mapping = page(client, &app.url(location)).await;
    let csrf = hidden_input(&mapping, "csrf");
    let names: Vec<String> = (0..columns).map(|i| format!("col_{i}")).collect();
    let guessed: Vec<String> = (0..columns).map(|i| chosen(&mapping, i)).collect();
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    fields.extend(
        names
            .iter()
            .map(String::as_str)
            .zip(guessed.iter().map(String::as_str)),
    );
    fields.extend_from_slice(choices);
    let started = post_form(client, &app.url(location), &fields).await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    wait_for(
        "the import to finish",
        std::time::Duration::from_secs(30),
        || async {
            page(client, &app.url(location))
                .await
                .contains("id=\"import-result\"")
        },
    )
    .await;
    page(client, &app.url(location)).await
}

/// A HubSpot-style export: first and last name, an owner by e-mail, a stage by its name in
/// English or Chinese, amounts as people write them, yes and no in Indonesian and English,
/// a date and a date and time in the company's zone, and two tag columns.
const FIRST_LAST: &[u8] = "First Name,Last Name,Phone,Email,Company,Lead Owner,Stage,Deal Value,Do Not Call,Next Contact,Tag 1,Tag 2\n\
John,Smith,+1 202 555 0190,john@example.com,Acme,RINA.REP@example.com,Interest,Rp 15.000.000,ya,2026-12-04 09:30,vip,\"jakarta; hot\"\n\
Siti,Rahma,+1 202 555 0191,,PT Maju,,成交,\"1 234,50\",No,2026-12-05,,vip\n"
    .as_bytes();

#[tokio::test]
async fn a_first_and_last_name_file_keeps_the_whole_name_and_every_mapped_field() {
    let app = spawn_app_on(server_url(), |config, _| {
        config.time_zone = Zone::parse("time_zone", "Asia/Jakarta").unwrap();
        config.currency = Currency::parse("currency", "IDR").unwrap();
    })
    .await;
    let rep = app.user("Rina Rep", Role::Rep).await;
    let (client, csrf) = manager_client(&app).await;
    let location = upload(&app, &client, &csrf, FIRST_LAST).await;

    // Every column is guessed from its header.
    let mapping = page(&client, &app.url(&location)).await;
    let guessed: Vec<String> = (0..12).map(|i| chosen(&mapping, i)).collect();
    assert_eq!(
        guessed,
        [
            "name",
            "name",
            "phone",
            "email",
            "company",
            "owner",
            "stage",
            "deal_value",
            "do_not_call",
            "next_contact",
            "tags",
            "tags"
        ]
    );

    // A field only one column can hold, held by two: refused naming it, nothing starts.
    let csrf = hidden_input(&mapping, "csrf");
    let refused = text_of(
        post_form(
            &client,
            &app.url(&location),
            &[
                ("csrf", csrf.as_str()),
                ("col_0", "name"),
                ("col_2", "phone"),
                ("col_3", "phone"),
            ],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        refused.contains("only one column can hold the phone: Phone, Email"),
        "{refused}"
    );
    // The refused mapping is shown again as it was sent.
    assert_eq!(chosen(&refused, 3), "phone");
    assert_eq!(app.count("leads").await, 0);

    let result = import_as_guessed(&app, &client, &location, 12, &[("mode", "skip_bad")]).await;
    assert!(result.contains("Done: 2 of 2 rows imported."), "{result}");

    let john = &app.get_ok("/api/v1/leads?q=John").await["items"][0];
    assert_eq!(john["name"], "John Smith");
    assert_eq!(john["phone"], "+12025550190");
    assert_eq!(john["email"], "john@example.com");
    assert_eq!(john["company"], "Acme");
    assert_eq!(john["owner_id"], json!(rep.id));
    assert_eq!(john["stage"], "interest");
    assert_eq!(john["status"], "open");
    assert_eq!(john["deal_value"], 1_500_000_000);
    assert_eq!(john["do_not_call"], true);
    // 09:30 in Jakarta (UTC+7).
    assert_eq!(john["next_contact_at"], "2026-12-04T02:30:00Z");
    assert_eq!(john["tags"], json!(["hot", "jakarta", "vip"]));

    let siti = &app.get_ok("/api/v1/leads?q=Siti").await["items"][0];
    assert_eq!(siti["name"], "Siti Rahma");
    assert_eq!(siti["email"], Value::Null);
    assert_eq!(siti["owner_id"], Value::Null);
    assert_eq!(siti["stage"], "decide");
    assert_eq!(siti["status"], "won");
    assert_eq!(siti["deal_value"], 123_450);
    assert_eq!(siti["do_not_call"], false);
    // A date alone: the start of that day in Jakarta.
    assert_eq!(siti["next_contact_at"], "2026-12-04T17:00:00Z");
    assert_eq!(siti["tags"], json!(["vip"]));

    // The owner hears of their new lead, as from the lead form.
    let told: i64 = app
        .scalar("SELECT count(*) FROM notifications WHERE kind = 'lead_assigned'")
        .await;
    assert_eq!(told, 1);
    // Each lead's entry reaches every stage up to the one it entered at.
    let reaches: i64 = app.scalar("SELECT count(*) FROM stage_reaches").await;
    assert_eq!(reaches, 3 + 6);
}

/// A spreadsheet's CSV (CRLF line endings, a cell over two lines) with bad rows: on line
/// 3 a bad phone number, on line 4 a bad e-mail and an unknown stage, on line 6 no name.
const WITH_BAD_ROWS: &[u8] = b"Name,Phone,Email,Stage,Notes\r\n\
Ana,+1 202 555 0170,ana@example.com,new,\"first line\r\nsecond line\"\r\n\
Budi,not a phone,budi@example.com,interest,\r\n\
Cici,+1 202 555 0172,cici@,Qualified,\"called, \"\"later\"\"\"\r\n\
Dedi,+1 202 555 0173,dedi@example.com,need,\r\n\
,+1 202 555 0174,eka@example.com,,from the fair\r\n";

#[tokio::test]
async fn the_rejected_rows_download_fixed_imports_every_row() {
    let app = spawn_app().await;
    let (client, csrf) = manager_client(&app).await;
    let location = upload(&app, &client, &csrf, WITH_BAD_ROWS).await;
    let result = import_as_guessed(&app, &client, &location, 5, &[("mode", "skip_bad")]).await;
    assert!(result.contains("Done: 2 of 5 rows imported."), "{result}");
    assert!(result.contains("3 rows need attention"), "{result}");
    // Lines as the spreadsheet numbers them, on the page and in the list of problems.
    for line in [3, 4, 6] {
        assert!(
            result.contains(&format!("<td class=\"num\">{line}</td>")),
            "{line}: {result}"
        );
    }
    let problems = text_of(
        client
            .get(app.url(&format!("{location}/errors?format=csv")))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    let lines: Vec<&str> = problems
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(lines, ["3", "4", "4", "6"], "{problems}");

    // The page offers the rejected rows themselves.
    let href = format!("{location}/rejected");
    assert!(result.contains(&format!("href=\"{href}\"")), "{result}");
    let response = client.get(app.url(&href)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let rejected = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&rejected[..]);
    assert_eq!(
        reader.headers().unwrap(),
        vec!["Name", "Phone", "Email", "Stage", "Notes", "Import errors"]
    );
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    // Each row exactly as the file had it, then what is wrong with it.
    assert_eq!(
        rows[0][..5],
        ["Budi", "not a phone", "budi@example.com", "interest", ""]
    );
    assert_eq!(
        rows[1][..5],
        [
            "Cici",
            "+1 202 555 0172",
            "cici@",
            "Qualified",
            "called, \"later\""
        ]
    );
    assert_eq!(
        rows[2][..5],
        [
            "",
            "+1 202 555 0174",
            "eka@example.com",
            "",
            "from the fair"
        ]
    );
    assert!(rows[0][5].starts_with("Line 3: phone: "), "{}", rows[0][5]);
    assert!(
        rows[1][5].starts_with("Line 4: email: `cici@` is not an e-mail address; stage: "),
        "{}",
        rows[1][5]
    );
    assert_eq!(rows[2][5], "Line 6: name: must not be empty");

    // Fixed in place, the file imports again, its error column ignored.
    rows[0][1] = "+1 202 555 0171".into();
    rows[1][2] = "cici@example.com".into();
    rows[1][3] = "Interest".into();
    rows[2][0] = "Eka".into();
    let mut fixed = csv::Writer::from_writer(Vec::new());
    fixed
        .write_record(["Name", "Phone", "Email", "Stage", "Notes", "Import errors"])
        .unwrap();
    for row in &rows {
        fixed.write_record(row).unwrap();
    }
    let fixed = fixed.into_inner().unwrap();
    let location = upload(&app, &client, &csrf, &fixed).await;
    let mapping = page(&client, &app.url(&location)).await;
    assert_eq!(chosen(&mapping, 5), "ignore");
    let result = import_as_guessed(&app, &client, &location, 6, &[("mode", "skip_bad")]).await;
    assert!(result.contains("Done: 3 of 3 rows imported."), "{result}");
    assert!(!result.contains("need attention"), "{result}");
    assert_eq!(app.count("leads").await, 5);
    let cici = &app.get_ok("/api/v1/leads?q=Cici").await["items"][0];
    assert_eq!(cici["stage"], "interest");
    assert_eq!(cici["notes"], "called, \"later\"");
}

#[tokio::test]
async fn a_bad_email_dropped_keeps_the_lead_without_it_and_lists_a_warning() {
    let app = spawn_app().await;
    let (client, csrf) = manager_client(&app).await;
    let location = upload(&app, &client, &csrf, FILE).await;
    let result = import_as_guessed(
        &app,
        &client,
        &location,
        4,
        &[("mode", "skip_bad"), ("bad_fields", "drop_field")],
    )
    .await;
    // Budi (line 3) is kept without his e-mail; Dedi has no phone but a name: both in.
    assert!(result.contains("Done: 4 of 4 rows imported."), "{result}");
    assert!(
        result.contains("1 row was imported without a bad field:"),
        "{result}"
    );
    let warnings = &result[result.find("id=\"import-warnings\"").expect("the warnings")..];
    assert!(
        warnings.contains(
            "<td class=\"num\">3</td><td>email</td><td>`not-an-email` is not an e-mail address</td>"
        ),
        "{warnings}"
    );
    assert!(!result.contains("id=\"import-errors\""), "{result}");
    let budi = &app.get_ok("/api/v1/leads?q=Budi").await["items"][0];
    assert_eq!(budi["phone"], "+12025550161");
    assert_eq!(budi["email"], Value::Null);

    // The importer's own summary says the same, apart from the bad rows.
    let app = spawn_app().await;
    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let mut plan = importer::Plan::new(mapping(), Mode::SkipBad, us());
    plan.bad_fields = BadFields::DropField;
    let summary = importer::run(&app.db, FILE, &plan, Actor::default(), &progress)
        .await
        .unwrap();
    assert_eq!((summary.imported, summary.bad_rows()), (4, 0));
    let warned: Vec<(u64, &str, &str)> = summary
        .warnings
        .iter()
        .map(|w| (w.line, w.field.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warned,
        [(3, "email", "`not-an-email` is not an e-mail address")]
    );
}

#[tokio::test]
async fn bad_optional_fields_reject_their_row_naming_each_field() {
    let app = spawn_app().await;
    app.user("Rina Rep", Role::Rep).await;
    let file = b"name,phone,owner,stage,deal value,do not call,next contact\r\n\
Ana,+1 202 555 0180,nobody@example.com,interest,,,\r\n\
Budi,+1 202 555 0181,,Qualified,,,\r\n\
Cici,+1 202 555 0182,,,12.3.4,,\r\n\
Dedi,+1 202 555 0183,,,,maybe,\r\n\
Eka,+1 202 555 0184,,,,,next week\r\n\
Fajar,+1 202 555 0185,,decide,,,\r\n\
Gita,+1 202 555 0186,rina.rep@example.com,decide,\"$1,500.50\",yes,2026-12-04T09:00:00+07:00\r\n";
    let (header, _) = importer::preview(file, 0).unwrap();
    let mapping = Target::guess_all(&header, &[]);
    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let summary = import_file(&app.db, file, &mapping, Mode::SkipBad, &progress).await;
    let reported: Vec<(u64, &str)> = summary
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    assert_eq!(
        reported,
        [
            (2, "owner"),
            (3, "stage"),
            (4, "deal_value"),
            (5, "do_not_call"),
            (6, "next_contact"),
            (7, "deal_value"),
        ]
    );
    assert_eq!(summary.rejected.len(), 6);
    assert_eq!(summary.imported, 1);
    let gita = &app.get_ok("/api/v1/leads?q=Gita").await["items"][0];
    assert_eq!(gita["deal_value"], 150_050);
    assert_eq!(gita["status"], "won");
    assert_eq!(gita["next_contact_at"], "2026-12-04T02:00:00Z");
}

#[test]
fn headers_of_common_exports_are_guessed() {
    let header: Vec<String> = [
        "Record ID",
        "First Name",
        "Last Name",
        "Phone Number",
        "Mobile Phone Number",
        "Contact owner",
        "Lead Status",
        "Lifecycle Stage",
        "Create Date",
        "Amount",
        "DNC",
        "Follow up",
        "Nama Perusahaan",
        "Tahap",
        "负责人",
        "下次联系",
        "Import errors",
        "Ошибки импорта",
    ]
    .map(String::from)
    .to_vec();
    use Target::*;
    assert_eq!(
        Target::guess_all(&header, &[]),
        [
            ExternalId,
            Name,
            Name,
            Phone,
            Ignore,
            Owner,
            Stage,
            Ignore,
            Ignore,
            DealValue,
            DoNotCall,
            NextContact,
            Company,
            Ignore,
            Ignore,
            Ignore,
            Ignore,
            Ignore
        ]
    );
    assert_eq!(Target::guess("Tahap"), Stage);
    assert_eq!(Target::guess("负责人"), Owner);
    assert_eq!(Target::guess("下次联系"), NextContact);
    assert_eq!(Target::guess("Jangan ditelepon"), DoNotCall);
    assert_eq!(Target::guess("Nilai deal"), DealValue);
    assert_eq!(Target::guess("Ответственный"), Owner);
}

#[tokio::test]
async fn lines_are_numbered_as_a_spreadsheet_numbers_its_rows() {
    let app = spawn_app().await;
    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let mapping = [Target::Name, Target::Phone, Target::Notes];
    // Windows line endings, as a spreadsheet saves a CSV: the reader's own line count is
    // one short after each.
    let crlf = b"name,phone,notes\r\nAna,+1 202 555 0150,\r\nBudi,bad,\r\nCici,+1 202 555 0152,\r\n,+1 202 555 0153,\r\n";
    let summary = import_file(&app.db, crlf, &mapping, Mode::SkipBad, &progress).await;
    let lines: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 5]);
    // A cell over several lines is one row of the spreadsheet.
    let multiline =
        b"name,phone,notes\nDedi,+1 202 555 0154,\"one\ntwo\nthree\"\nEka,bad,\n,+1 202 555 0156,\n";
    let summary = import_file(&app.db, multiline, &mapping, Mode::SkipBad, &progress).await;
    let lines: Vec<u64> = summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4]);
    assert_eq!(
        summary.rejected.iter().map(|r| r.line).collect::<Vec<_>>(),
        [3, 4]
    );
}

#[tokio::test]
async fn a_crm_export_keeps_its_record_ids_as_external_ids_each_once() {
    let app = spawn_app().await;
    app.lead(json!({"name": "Synced before", "external_id": "hs-101"}))
        .await;
    // A HubSpot export: its `Record ID` is the lead's id over there.
    let file = b"Record ID,First Name,Phone Number\n\
hs-100,Ana,+1 202 555 0170\n\
hs-101,Budi,+1 202 555 0171\n\
hs-100,Ana again,+1 202 555 0172\n\
hs-102,Cici,+1 202 555 0173\n";
    let (header, _) = importer::preview(file, 0).unwrap();
    let mapping = Target::guess_all(&header, &[]);
    assert_eq!(mapping, [Target::ExternalId, Target::Name, Target::Phone]);
    let (progress, _) = tokio::sync::watch::channel(Progress::default());
    let summary = import_file(&app.db, file, &mapping, Mode::SkipBad, &progress).await;
    assert_eq!(summary.imported, 2);
    let refused: Vec<(u64, &str)> = summary
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_str()))
        .collect();
    // The id a lead has already, and the file's second row with one id: each named.
    assert_eq!(refused, [(3, "external_id"), (4, "external_id")]);
    let ids: Vec<(String, String)> = sqlx::query_as(
        "SELECT external_id, name FROM leads WHERE external_id IS NOT NULL ORDER BY external_id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        ids,
        [
            ("hs-100".to_owned(), "Ana".to_owned()),
            ("hs-101".to_owned(), "Synced before".to_owned()),
            ("hs-102".to_owned(), "Cici".to_owned()),
        ]
    );
    // All or nothing: one taken id and nothing is written.
    let again = b"Record ID,First Name\nhs-200,Dewi\nhs-102,Cici twice\n";
    let (header, _) = importer::preview(again, 0).unwrap();
    let summary = import_file(
        &app.db,
        again,
        &Target::guess_all(&header, &[]),
        Mode::AllOrNothing,
        &progress,
    )
    .await;
    assert_eq!(summary.imported, 0);
    assert_eq!(app.count("leads").await, 3);
}
