//! Passwords: a user changes their own, an admin resets another's; both end the user's
//! other sessions, and nobody else can do either.

use leadline::domain::user::Role;
use reqwest::{Client, StatusCode};

use crate::helpers::{
    browser, email_of, form_csrf, page, post_form, post_login, sign_in, spawn_app, text_of, visit,
    TestApp,
};

const OLD: &str = "the first password";
const NEW: &str = "a brand new password";

/// A person who signs in with `OLD`, and two browsers signed in as them.
async fn person_on_two_browsers(app: &TestApp, name: &str) -> (Client, String, Client) {
    app.person(name, Role::Rep, OLD).await;
    let (here, there) = (browser(), browser());
    let csrf = sign_in(&here, &app.address, &email_of(name), OLD).await;
    sign_in(&there, &app.address, &email_of(name), OLD).await;
    (here, csrf, there)
}

/// Whether `client` is still signed in (the queue answers instead of sending it to sign in).
async fn signed_in(app: &TestApp, client: &Client) -> bool {
    let status = visit(client, &app.url("/queue")).await.status();
    assert!(matches!(status, StatusCode::OK | StatusCode::SEE_OTHER));
    status == StatusCode::OK
}

/// Whether `password` signs `name` in, from a fresh browser.
async fn signs_in(app: &TestApp, name: &str, password: &str) -> bool {
    post_login(&browser(), &app.address, &email_of(name), password)
        .await
        .status()
        == StatusCode::SEE_OTHER
}

async fn change(
    client: &Client,
    app: &TestApp,
    csrf: &str,
    fields: [&str; 3],
) -> reqwest::Response {
    post_form(
        client,
        &app.url("/account/password"),
        &[
            ("csrf", csrf),
            ("current_password", fields[0]),
            ("new_password", fields[1]),
            ("repeat_password", fields[2]),
        ],
    )
    .await
}

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_browsers_are_signed_out() {
    let app = spawn_app().await;
    let (here, csrf, there) = person_on_two_browsers(&app, "Changing Rep").await;
    let form = page(&here, &app.url("/account/password")).await;
    assert!(form.contains("autocomplete=\"current-password\""), "{form}");

    let changed = change(&here, &app, &csrf, [OLD, NEW, NEW]).await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    assert_eq!(changed.headers()["location"], "/account?changed=password");
    // This browser goes on, on a new session; the other one is signed out.
    let account = page(&here, &app.url("/account?changed=password")).await;
    assert!(account.contains("Your password is changed"), "{account}");
    assert!(signed_in(&app, &here).await);
    assert!(!signed_in(&app, &there).await);
    assert!(signs_in(&app, "Changing Rep", NEW).await);
    assert!(!signs_in(&app, "Changing Rep", OLD).await);
}

#[tokio::test]
async fn a_wrong_current_password_or_a_mistyped_new_one_changes_nothing() {
    let app = spawn_app().await;
    let (here, csrf, there) = person_on_two_browsers(&app, "Careful Rep").await;
    for (fields, label) in [
        (["not my password", NEW, NEW], "Current password"),
        ([OLD, NEW, "a brand new passwort"], "New password again"),
        ([OLD, "short", "short"], "New password"),
    ] {
        let refused = change(&here, &app, &csrf, fields).await;
        let page = text_of(refused, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(page.contains(label), "{label}: {page}");
        // What was typed is never sent back.
        assert!(!page.contains(fields[1]) || fields[1] == "short", "{page}");
    }
    assert!(signed_in(&app, &here).await && signed_in(&app, &there).await);
    assert!(signs_in(&app, "Careful Rep", OLD).await);
}

#[tokio::test]
async fn guessing_the_current_password_meets_the_sign_in_throttle() {
    let app = spawn_app().await;
    let (here, csrf, _) = person_on_two_browsers(&app, "Guessed Rep").await;
    let mut statuses = Vec::new();
    for guess in 0..6 {
        let wrong = format!("guess number {guess}");
        statuses.push(
            change(&here, &app, &csrf, [&wrong, NEW, NEW])
                .await
                .status(),
        );
    }
    assert_eq!(statuses[..5], [StatusCode::UNPROCESSABLE_ENTITY; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    // Now even the right one waits.
    let right = change(&here, &app, &csrf, [OLD, NEW, NEW]).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(right.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn an_admin_resets_a_password_shown_once_and_the_user_is_signed_out_everywhere() {
    let app = spawn_app().await;
    let (_, _, theirs) = person_on_two_browsers(&app, "Forgetful Rep").await;
    let rep_id: uuid::Uuid = app
        .scalar(&format!(
            "SELECT id FROM users WHERE email = '{}'",
            email_of("Forgetful Rep")
        ))
        .await;
    app.person("Resetting Admin", Role::Admin, OLD).await;
    let admin = browser();
    let csrf = sign_in(&admin, &app.address, &email_of("Resetting Admin"), OLD).await;

    let reset = post_form(
        &admin,
        &app.url(&format!("/admin/users/{rep_id}/password")),
        &[("csrf", &csrf)],
    )
    .await;
    let shown = text_of(reset, StatusCode::OK).await;
    let password = shown
        .split("<code id=\"new-password\">")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .unwrap_or_else(|| panic!("no new password in {shown}"))
        .to_owned();
    assert!(shown.contains("signed out of every browser"), "{shown}");
    assert!(!signed_in(&app, &theirs).await);
    assert!(signs_in(&app, "Forgetful Rep", &password).await);
    assert!(!signs_in(&app, "Forgetful Rep", OLD).await);
    // The page shows it once: the users page again does not.
    let again = page(&admin, &app.url("/admin/users")).await;
    assert!(!again.contains(&password));

    // Their own password goes through the page that asks for the current one.
    let admin_id: uuid::Uuid = app
        .scalar(&format!(
            "SELECT id FROM users WHERE email = '{}'",
            email_of("Resetting Admin")
        ))
        .await;
    let own = post_form(
        &admin,
        &app.url(&format!("/admin/users/{admin_id}/password")),
        &[("csrf", &csrf)],
    )
    .await;
    let refused = text_of(own, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(refused.contains("use your password page"), "{refused}");
    assert!(signs_in(&app, "Resetting Admin", OLD).await);
}

#[tokio::test]
async fn a_rep_or_a_manager_cannot_reset_anyones_password() {
    let app = spawn_app().await;
    app.person("Target Rep", Role::Rep, OLD).await;
    let target: uuid::Uuid = app
        .scalar(&format!(
            "SELECT id FROM users WHERE email = '{}'",
            email_of("Target Rep")
        ))
        .await;
    for (name, role) in [("Nosy Rep", Role::Rep), ("Nosy Manager", Role::Manager)] {
        app.person(name, role, OLD).await;
        let client = browser();
        sign_in(&client, &app.address, &email_of(name), OLD).await;
        let csrf = form_csrf(&client, &app.url("/account/password")).await;
        let refused = post_form(
            &client,
            &app.url(&format!("/admin/users/{target}/password")),
            &[("csrf", &csrf)],
        )
        .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{name}");
    }
    assert!(signs_in(&app, "Target Rep", OLD).await);
}
