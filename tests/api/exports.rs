//! Downloads a spreadsheet reads right: CSV for programs, CSV for Excel (a byte-order
//! mark), and XLSX with typed cells; every figure a number, never the page's text.

use calamine::{Data, DataType, Reader, Xlsx};
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, browser, email_of, sign_in, spawn_app, TestApp};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A manager signed in to the pages, with October 2026's figures to export: a won deal of
/// 15,050.00, 20,000.00 of salaries and one connected call of 12m 39s.
async fn october(app: &TestApp) -> reqwest::Client {
    app.person("Export Manager", Role::Manager, "export password 1")
        .await;
    let client = browser();
    sign_in(
        &client,
        &app.address,
        &email_of("Export Manager"),
        "export password 1",
    )
    .await;
    let won = app
        .lead(
            json!({"name": "Wang Wei 王伟", "phone": "+86 138 0013 8000", "stage": "decide",
                     "deal_value": 1_505_000, "created_at": "2026-10-05T10:00:00Z"}),
        )
        .await;
    app.post_expecting(
        "/api/v1/spend",
        json!({"date": "2026-10-31", "amount": 2_000_000, "category": "salaries"}),
        StatusCode::CREATED,
    )
    .await;
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": won["id"], "outcome": "connected", "intent": "clear",
               "talk_seconds": 759, "started_at": "2026-10-06T09:00:00Z"}),
    )
    .await;
    client
}

async fn download(client: &reqwest::Client, url: &str) -> (String, Vec<u8>) {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    (kind, response.bytes().await.unwrap().to_vec())
}

/// The first sheet's rows.
fn sheet(bytes: Vec<u8>) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn row_of<'a>(rows: &'a [Vec<Data>], first: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r[0] == Data::String(first.to_owned()))
        .unwrap_or_else(|| panic!("no row {first}: {rows:?}"))
}

const OCTOBER: &str = "period=custom&from=2026-10-01&to=2026-10-31";

#[tokio::test]
async fn dashboard_tables_download_as_numbers_in_three_formats() {
    let app = spawn_app().await;
    let client = october(&app).await;

    // CSV for programs: no byte-order mark, amounts in major units without grouping or
    // symbol, rates as fractions, times in seconds.
    let (kind, csv) = download(
        &client,
        &app.url(&format!(
            "/dashboard/export?{OCTOBER}&table=figures&format=csv"
        )),
    )
    .await;
    assert!(kind.starts_with("text/csv"), "{kind}");
    assert!(!csv.starts_with(BOM));
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("figure,value,previous,change\n"), "{csv}");
    assert!(csv.contains("\nSpend,20000.00,0.00,\n"), "{csv}");
    assert!(
        csv.contains("\nRevenue (won deals),15050.00,0.00,\n"),
        "{csv}"
    );
    assert!(csv.contains("\nConnect rate,1,,\n"), "{csv}");
    assert!(
        csv.contains("\nMean talk per connected call,759,,\n"),
        "{csv}"
    );
    assert!(csv.contains("\nROI,-0.2475,,\n"), "{csv}");
    for text in ["$", "12m", "\u{2212}", "no data", "%"] {
        assert!(!csv.contains(text), "{text} in {csv}");
    }

    // CSV for Excel: the same, after a byte-order mark.
    let (_, excel) = download(
        &client,
        &app.url(&format!(
            "/dashboard/export?{OCTOBER}&table=figures&format=excel_csv"
        )),
    )
    .await;
    assert!(excel.starts_with(BOM));
    assert_eq!(&excel[BOM.len()..], csv.as_bytes());

    // CSV for Excel to a reader whose language writes decimals with a comma: `;` between
    // fields and `,` in numbers, as Excel reads a CSV in Russian or Indonesian settings.
    for language in ["ru", "id"] {
        let response = client
            .get(app.url(&format!(
                "/dashboard/export?{OCTOBER}&table=figures&format=excel_csv"
            )))
            .header("accept-language", language)
            .send()
            .await
            .unwrap();
        let excel = response.bytes().await.unwrap().to_vec();
        assert!(excel.starts_with(BOM), "{language}");
        let text = String::from_utf8(excel[BOM.len()..].to_vec()).unwrap();
        assert!(text.contains(";20000,00;0,00;\n"), "{language}: {text}");
        assert!(text.contains(";-0,2475;;\n"), "{language}: {text}");
        assert!(!text.contains("20000.00"), "{language}: {text}");
    }

    // XLSX: typed cells.
    let (kind, xlsx) = download(
        &client,
        &app.url(&format!(
            "/dashboard/export?{OCTOBER}&table=figures&format=xlsx"
        )),
    )
    .await;
    assert_eq!(kind, XLSX_TYPE);
    let rows = sheet(xlsx);
    assert_eq!(rows[0][0], Data::String("figure".into()));
    assert_eq!(
        row_of(&rows, "Revenue (won deals)")[1],
        Data::Float(15050.0)
    );
    assert_eq!(row_of(&rows, "Dials")[1], Data::Float(1.0));
    assert_eq!(row_of(&rows, "ROI")[1], Data::Float(-0.2475));
    assert_eq!(row_of(&rows, "Cost per lead")[2], Data::Empty);

    // The reps' table: the rep's revenue a number, its change empty with nothing before.
    let (_, reps) = download(
        &client,
        &app.url(&format!(
            "/dashboard/export?{OCTOBER}&table=reps&format=xlsx"
        )),
    )
    .await;
    let rows = sheet(reps);
    assert_eq!(rows[0][18], Data::String("revenue".into()));
    assert_eq!(rows[0][22], Data::String("lost".into()));
    assert_eq!(rows[0][23], Data::String("recovered".into()));
    assert_eq!(rows[0].len(), 28);
    // What came back: a row per stage a lead can be lost at, the counts numbers.
    let (_, recovery) = download(
        &client,
        &app.url(&format!(
            "/dashboard/export?{OCTOBER}&table=recovery&format=xlsx"
        )),
    )
    .await;
    let rows = sheet(recovery);
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(
        header[..4],
        ["stage", "lost", "came back", "recovered"].map(String::from)
    );
    let stages: Vec<String> = rows[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(stages, ["new", "connect", "interest", "need", "evaluate"]);
    assert_eq!(row_of(&rows, "interest")[1], Data::Float(0.0));
    // The old address still answers, with CSV.
    let (kind, _) = download(
        &client,
        &app.url(&format!("/dashboard/export.csv?{OCTOBER}&table=funnel")),
    )
    .await;
    assert!(kind.starts_with("text/csv"));
    let refused = client
        .get(app.url(&format!(
            "/dashboard/export?{OCTOBER}&table=funnel&format=ods"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("format"));
}

#[tokio::test]
async fn leads_spend_and_calls_download_as_xlsx_with_typed_cells() {
    let app = spawn_app().await;
    let client = october(&app).await;
    let (kind, xlsx) = download(&client, &app.url("/leads/export?format=xlsx")).await;
    assert_eq!(kind, XLSX_TYPE);
    let rows = sheet(xlsx);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let lead = &rows[1];
    assert_eq!(lead[at("name")], Data::String("Wang Wei 王伟".into()));
    assert_eq!(lead[at("phone")], Data::String("+8613800138000".into()));
    assert_eq!(lead[at("deal_value")], Data::Float(15050.0));
    assert_eq!(lead[at("call_count")], Data::Float(1.0));
    // Times are spreadsheet dates on the company's clock (UTC here).
    let created = lead[at("created_at")].as_datetime().expect("a date");
    assert_eq!(created.to_string(), "2026-10-05 10:00:00");

    // CSV for Excel keeps the Chinese name readable: a byte-order mark first.
    let (_, csv) = download(&client, &app.url("/leads/export?format=excel_csv")).await;
    assert!(csv.starts_with(BOM));
    assert!(String::from_utf8(csv).unwrap().contains("Wang Wei 王伟"));

    let (_, spend) = download(&client, &app.url("/spend/export?month=2026-10&format=xlsx")).await;
    let rows = sheet(spend);
    assert_eq!(rows[1][1], Data::Float(20000.0));
    assert_eq!(rows[1][2], Data::String("salaries".into()));
    assert!(rows[1][0].as_date().is_some(), "{:?}", rows[1][0]);

    // The API: CSV without a byte-order mark unless asked, XLSX when asked.
    let plain = app.get(&app.admin_token, "/api/v1/calls/export").await;
    assert_eq!(plain.status(), StatusCode::OK);
    let plain = plain.bytes().await.unwrap();
    assert!(plain.starts_with(b"id,lead_id,rep_id,"));
    let xlsx = app
        .get(&app.admin_token, "/api/v1/calls/export?format=xlsx")
        .await;
    assert_eq!(xlsx.headers()["content-type"], XLSX_TYPE);
    let rows = sheet(xlsx.bytes().await.unwrap().to_vec());
    assert_eq!(rows[0][6], Data::String("talk_seconds".into()));
    assert_eq!(rows[1][6], Data::Float(759.0));
    let bad = app
        .get(&app.admin_token, "/api/v1/calls/export?format=ods")
        .await;
    assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "format").await;
}
