//! A lead's page over plain HTTP: its referrer and referrals, the Move form's first
//! choice, the edit form's deal value, a call's recording, and word that a save was saved.

use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{id_of, page, post_form, spawn_app, text_of, unique_phone};

/// The edit form's fields as the page fills them in, with `changes` over them.
fn edit_fields<'a>(
    csrf: &'a str,
    name: &'a str,
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![("csrf", csrf), ("name", name)];
    fields.extend_from_slice(changes);
    fields
}

#[tokio::test]
async fn a_referrer_is_named_both_ways_and_set_from_the_forms_by_phone_or_link() {
    let app = spawn_app().await;
    let (client, csrf, _) = app.signed_in("Mia Manager", Role::Manager).await;
    let customer_phone = unique_phone();
    let customer = app
        .lead(json!({"name": "Wulan Customer", "phone": customer_phone, "stage": "decide", "deal_value": 1_500_000}))
        .await;
    let customer_id = id_of(&customer);

    // A new lead names its referrer by the number as a person types it.
    let digits: String = customer_phone
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let typed = format!("({}) {}-{}", &digits[1..4], &digits[4..7], &digits[7..]);
    let created = post_form(
        &client,
        &app.url("/leads/new"),
        &[
            ("csrf", &csrf),
            ("name", "Budi Friend"),
            ("referred_by", &typed),
        ],
    )
    .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER, "{typed}");
    let friend = created.headers()["location"].to_str().unwrap().to_owned();
    let friend_page = page(&client, &app.url(&friend)).await;
    assert!(
        friend_page.contains(&format!(
            r#"id="lead-referrer"><a href="/leads/{customer_id}">Wulan Customer</a>"#
        )),
        "{friend_page}"
    );

    // The customer's page lists whom they referred, and its timeline names them.
    let customer_page = page(&client, &app.url(&format!("/leads/{customer_id}"))).await;
    assert!(
        customer_page.contains("Budi Friend</a></dd>"),
        "{customer_page}"
    );
    assert!(
        customer_page.contains("referred Budi Friend"),
        "{customer_page}"
    );
    assert!(!customer_page.contains("referred lead "), "{customer_page}");
    let stage: String = app
        .scalar(&format!(
            "SELECT stage::text FROM leads WHERE id = '{customer_id}'"
        ))
        .await;
    assert_eq!(stage, "6", "the referrer moved on to referral");

    // An existing lead is given a referrer by the referrer's page link in its edit form.
    let other = id_of(&app.simple_lead("Citra Later").await);
    let link = app.url(&format!("/leads/{customer_id}"));
    let saved = post_form(
        &client,
        &app.url(&format!("/leads/{other}")),
        &edit_fields(&csrf, "Citra Later", &[("referred_by", &link)]),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        saved.headers()["location"],
        format!("/leads/{other}?saved=details").as_str()
    );
    let referrer: Option<uuid::Uuid> = app
        .scalar(&format!(
            "SELECT referred_by FROM leads WHERE id = '{other}'"
        ))
        .await;
    assert_eq!(referrer.map(|r| r.to_string()), Some(customer_id.clone()));

    // A number no lead has is refused, naming the field; a lead cannot refer itself.
    for (value, expected) in [
        ("+1 202 555 0199", "no lead you can see has this number"),
        (other.as_str(), "a lead cannot refer itself"),
    ] {
        let refused = post_form(
            &client,
            &app.url(&format!("/leads/{other}")),
            &edit_fields(&csrf, "Citra Later", &[("referred_by", value)]),
        )
        .await;
        let body = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(
            body.contains("Referred by") && body.contains(expected),
            "{body}"
        );
    }
    // Emptying the field takes the referrer off.
    post_form(
        &client,
        &app.url(&format!("/leads/{other}")),
        &edit_fields(&csrf, "Citra Later", &[("referred_by", "")]),
    )
    .await;
    let referrer: Option<uuid::Uuid> = app
        .scalar(&format!(
            "SELECT referred_by FROM leads WHERE id = '{other}'"
        ))
        .await;
    assert_eq!(referrer, None);
}

#[tokio::test]
async fn a_rep_cannot_name_another_reps_customer_as_referrer_nor_see_who_it_is() {
    let app = spawn_app().await;
    let (client, csrf, _) = app.signed_in("Rudi Rep", Role::Rep).await;
    let other_rep = app.user("Sari Rep", Role::Rep).await;
    let phone = unique_phone();
    let theirs = app
        .lead(json!({"name": "Sari's Customer", "phone": phone, "owner_id": other_rep.id, "stage": "decide", "deal_value": 100}))
        .await;
    let theirs_id = id_of(&theirs);

    for value in [phone.as_str(), theirs_id.as_str()] {
        let refused = post_form(
            &client,
            &app.url("/leads/new"),
            &[("csrf", &csrf), ("name", "Friend"), ("referred_by", value)],
        )
        .await;
        let body = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(!body.contains("Sari&#39;s Customer") && !body.contains("Sari's Customer"));
    }
    assert_eq!(
        app.scalar::<i64>("SELECT count(*) FROM leads WHERE name = 'Friend'")
            .await,
        0
    );

    // A lead of theirs that another rep's customer referred: the page does not name the
    // referrer, and saving the form leaves the referrer as it is.
    let mine = app
        .lead(json!({"name": "Shared Friend", "referred_by": theirs_id}))
        .await;
    let mine_id = id_of(&mine);
    let shown = page(&client, &app.url(&format!("/leads/{mine_id}"))).await;
    assert!(
        !shown.contains("lead-referrer") && !shown.contains("Customer"),
        "{shown}"
    );
    assert!(shown.contains("another rep&#39;s lead"), "{shown}");
    let saved = post_form(
        &client,
        &app.url(&format!("/leads/{mine_id}")),
        &edit_fields(&csrf, "Shared Friend", &[]),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let referrer: Option<uuid::Uuid> = app
        .scalar(&format!(
            "SELECT referred_by FROM leads WHERE id = '{mine_id}'"
        ))
        .await;
    assert_eq!(referrer.map(|r| r.to_string()), Some(theirs_id));
}

#[tokio::test]
async fn the_page_offers_the_next_stage_keeps_the_deal_value_shows_recordings_and_says_saved() {
    let app = spawn_app().await;
    let (client, csrf, manager) = app.signed_in("Mira Manager", Role::Manager).await;
    let token = manager.token;
    let lead = app
        .lead(json!({"name": "Dewi Prospect", "phone": unique_phone(), "stage": "interest", "deal_value": 1_234_500}))
        .await;
    let id = id_of(&lead);
    app.logged_call(
        &token,
        json!({"lead_id": id, "outcome": "connected", "intent": "unclear", "talk_seconds": 60,
               "recording_url": "https://recordings.example.com/call/1.mp3"}),
    )
    .await;
    app.logged_call(&token, json!({"lead_id": id, "outcome": "no_answer"}))
        .await;
    let path = format!("/leads/{id}");
    let shown = page(&client, &app.url(&path)).await;
    let timeline = &shown[shown.find(r#"id="timeline""#).unwrap()..];
    assert!(
        timeline.contains("</strong>: no answer · Mira Manager") && !timeline.contains("no_answer"),
        "outcomes read as words: {timeline}"
    );
    assert!(
        shown.contains(r#"<option value="need" selected>"#),
        "the Move menu offers the next stage first"
    );
    assert!(
        shown.contains(r#"name="deal_value" inputmode="decimal" value="12,345.00""#),
        "the edit form holds the deal value"
    );
    assert!(
        shown.contains(r#"href="https://recordings.example.com/call/1.mp3""#),
        "the call's recording is linked"
    );

    for (action, fields, saved, said) in [
        (
            path.clone(),
            edit_fields(&csrf, "Dewi Prospect", &[("deal_value", "12,345.00")]),
            "details",
            "Saved.",
        ),
        (
            format!("{path}/move"),
            vec![("csrf", csrf.as_str()), ("to", "need")],
            "moved",
            "Moved to need.",
        ),
    ] {
        let response = post_form(&client, &app.url(&action), &fields).await;
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(location, format!("{path}?saved={saved}"));
        let after = page(&client, &app.url(&location)).await;
        assert!(after.contains(said), "{said}");
    }
    let deal: i64 = app
        .scalar(&format!("SELECT deal_value FROM leads WHERE id = '{id}'"))
        .await;
    assert_eq!(deal, 1_234_500, "saving the form as shown keeps the value");
}
