//! The pipeline board over plain HTTP: its columns' counts and totals against the leads
//! themselves, paging a column on its own, moves made from it under the funnel's rules,
//! and a rep's board held to their own and unassigned leads.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{id_of, page, post_form, spawn_app};

/// The text of the column of `stage` on a board page: from its section to the next.
fn column<'a>(board: &'a str, stage: &str) -> &'a str {
    let start = board
        .find(&format!(r#"<section class="column" data-stage="{stage}""#))
        .unwrap_or_else(|| panic!("no column {stage}"));
    let rest = &board[start..];
    let end = rest[1..].find("<section").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

fn count_in(column: &str) -> i64 {
    let at = column.find("data-count=\"").unwrap() + 12;
    column[at..].split('"').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn columns_count_and_total_the_open_leads_the_filters_choose() {
    let app = spawn_app().await;
    let (client, _, _) = app.signed_in("Bayu Manager", Role::Manager).await;
    let rep = app.user("Citra Rep", Role::Rep).await;
    for (name, stage, deal, source, tags, owner) in [
        (
            "A",
            "interest",
            Some(150_000),
            "web",
            vec!["vip"],
            Some(rep.id),
        ),
        ("B", "interest", Some(50_000), "web", vec![], None),
        ("C", "interest", None, "expo", vec!["vip"], None),
        ("D", "need", Some(70_000), "web", vec![], Some(rep.id)),
        ("E", "new", None, "expo", vec![], None),
    ] {
        let mut lead = json!({"name": name, "stage": stage, "source": source, "tags": tags});
        if let Some(deal) = deal {
            lead["deal_value"] = json!(deal);
        }
        if let Some(owner) = owner {
            lead["owner_id"] = json!(owner);
        }
        app.lead(lead).await;
    }
    // Neither a lost lead nor a won one is on the board.
    let lost = id_of(&app.lead(json!({"name": "Lost", "stage": "interest"})).await);
    app.post_expecting(
        &format!("/api/v1/leads/{lost}/lost"),
        json!({"reason": "No need"}),
        StatusCode::OK,
    )
    .await;
    app.lead(json!({"name": "Won", "stage": "decide", "deal_value": 999}))
        .await;

    let board = page(&client, &app.url("/board")).await;
    let interest = column(&board, "interest");
    assert_eq!(count_in(interest), 3, "{interest}");
    assert!(
        interest.contains("$2,000.00"),
        "150,000 + 50,000 minor units: {interest}"
    );
    assert_eq!(count_in(column(&board, "need")), 1);
    assert_eq!(count_in(column(&board, "new")), 1);
    assert!(!board.contains(">Lost<") && !board.contains(">Won<"));

    for (query, expected) in [
        (format!("owner_id={}", rep.id), 1),
        ("owner_id=none".to_owned(), 2),
        ("source=web".to_owned(), 2),
        ("tag=vip".to_owned(), 2),
        ("source=expo&tag=vip".to_owned(), 1),
    ] {
        let board = page(&client, &app.url(&format!("/board?{query}"))).await;
        assert_eq!(count_in(column(&board, "interest")), expected, "{query}");
    }
}

#[tokio::test]
async fn a_column_pages_on_its_own_and_a_rep_sees_no_other_reps_lead() {
    let app = spawn_app().await;
    let (rep_client, _, rep) = app.signed_in("Dewi Rep", Role::Rep).await;
    let rep_id = rep.id;
    let other = app.user("Eko Rep", Role::Rep).await;
    for i in 0..25 {
        app.lead(json!({"name": format!("Mine {i:02}"), "owner_id": rep_id, "created_at": format!("2026-01-01T00:{i:02}:00Z")}))
            .await;
    }
    app.lead(json!({"name": "Unassigned One", "stage": "need"}))
        .await;
    app.lead(json!({"name": "Eko Secret", "owner_id": other.id, "stage": "need"}))
        .await;

    let board = page(&rep_client, &app.url("/board")).await;
    assert!(
        !board.contains("Eko Secret"),
        "another rep's lead is not on a rep's board"
    );
    assert_eq!(count_in(column(&board, "need")), 1, "nor counted");
    let new = column(&board, "new");
    assert_eq!(count_in(new), 25);
    assert_eq!(new.matches(r#"<li class="card"#).count(), 20);
    assert!(new.contains("Mine 24") && !new.contains("Mine 04"));
    let more = new.split(r#"<a href=""#).last().unwrap();
    let more = more.split('"').next().unwrap().replace("&amp;", "&");
    assert!(more.starts_with("/board?after_new="), "{more}");

    let next = page(&rep_client, &app.url(&more)).await;
    let new = column(&next, "new");
    assert_eq!(new.matches(r#"<li class="card"#).count(), 5);
    assert!(new.contains("Mine 04") && new.contains("Mine 00") && !new.contains("Mine 05"));
    assert!(
        column(&next, "need").contains("Unassigned One"),
        "other columns stay on their first page"
    );
}

#[tokio::test]
async fn a_move_from_the_board_keeps_the_funnels_rules_and_comes_back_to_it() {
    let app = spawn_app().await;
    let (client, csrf, _) = app.signed_in("Fajar Manager", Role::Manager).await;
    let lead = id_of(&app.lead(json!({"name": "Mover", "stage": "need"})).await);
    let move_to = |to: &'static str, reason: &'static str| {
        let (client, csrf, lead) = (client.clone(), csrf.clone(), lead.clone());
        let app_url = app.url(&format!("/leads/{lead}/move"));
        async move {
            post_form(
                &client,
                &app_url,
                &[
                    ("csrf", &csrf),
                    ("to", to),
                    ("reason", reason),
                    ("next", "/board"),
                ],
            )
            .await
        }
    };

    // Back without a reason: refused, and the board opens the card's form saying why.
    let refused = move_to("interest", "").await;
    let location = refused.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/board?failed={lead}&to=interest&problem=reason")
    );
    let board = page(&client, &app.url(&location)).await;
    assert!(board.contains("A move back needs a reason"), "{board}");
    assert!(board.contains(r#"<option value="interest" selected>"#));
    let stage: String = app.get_ok(&format!("/api/v1/leads/{lead}")).await["stage"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stage, "need");

    // Winning asks the deal value.
    let refused = move_to("decide", "").await;
    assert!(refused.headers()["location"]
        .to_str()
        .unwrap()
        .ends_with("problem=deal_value"));

    // With its reason, it moves, and the board says so.
    let moved = move_to("interest", "budget not approved yet").await;
    assert_eq!(moved.headers()["location"], "/board?moved=interest");
    let board = page(&client, &app.url("/board?moved=interest")).await;
    assert!(board.contains("Moved to interest."));
    assert!(column(&board, "interest").contains("Mover"));

    // Any other `next` is not followed: the lead's page answers.
    let elsewhere = post_form(
        &client,
        &app.url(&format!("/leads/{lead}/move")),
        &[
            ("csrf", &csrf),
            ("to", "need"),
            ("next", "https://example.com/board"),
        ],
    )
    .await;
    assert_eq!(
        elsewhere.headers()["location"],
        format!("/leads/{lead}?saved=moved").as_str()
    );
}
