//! CSV import through the importer the import page and `leadline import leads` share.

use leadline::importer::{self, Mode, Progress, Target};
use leadline::storage::{leads, Actor};
use serde_json::json;

use crate::helpers::{id_of, import_file, spawn_app, us};

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
    let plan = importer::Plan {
        mapping,
        mode: Mode::SkipBad,
        default_country: us(),
    };
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
}
