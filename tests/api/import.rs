//! CSV import through the importer the import page and `leadline import leads` share.

use leadline::importer::{self, Mode, Progress, Target};
use leadline::storage::Actor;
use serde_json::json;

use crate::helpers::spawn_app;

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
    let summary = importer::run(
        &app.db,
        FILE,
        &mapping(),
        Mode::SkipBad,
        Actor::default(),
        "US",
        &progress,
    )
    .await
    .unwrap();
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
    let summary = importer::run(
        &app.db,
        FILE,
        &mapping(),
        Mode::AllOrNothing,
        Actor::default(),
        "US",
        &progress,
    )
    .await
    .unwrap();
    assert_eq!(summary.imported, 0);
    assert_eq!(summary.errors.len(), 1);
    assert_eq!(app.count("leads").await, 0);

    let clean = b"name,phone\nEka,+1 202 555 0170\nFajar,+1 202 555 0171\n";
    let summary = importer::run(
        &app.db,
        clean,
        &[Target::Name, Target::Phone],
        Mode::AllOrNothing,
        Actor::default(),
        "US",
        &progress,
    )
    .await
    .unwrap();
    assert_eq!((summary.imported, summary.errors.len()), (2, 0));
    assert_eq!(app.count("leads").await, 2);
}
