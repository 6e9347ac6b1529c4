//! The pages in four languages: every word from the Fluent files, chosen per user, per
//! browser and per company.

use std::collections::BTreeSet;
use std::path::Path;

use leadline::i18n::{message, Language};
use leadline_core::i18n::message_ids;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{sign_in, spawn_app};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &str, extension: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join(dir)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }
    out.sort();
    out
}

/// `text` without the spans between `open` and `close` (each replaced by a space).
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = match rest[start + open.len()..].find(close) {
            Some(end) => &rest[start + open.len() + end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Words a template may hold as they are, in every language: the brand, and key names
/// printed on keyboards.
const UNTRANSLATED: [&str; 4] = ["Leadline", "Ctrl", "Enter", "Esc"];

fn has_words(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .any(|w| !UNTRANSLATED.contains(&w))
}

/// What in template `source` a person would read that is not a template expression:
/// text between tags, and the attributes read out or shown.
fn untranslated(path: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let code = without(source, "{#", "#}");
    let code = without(&code, "{%", "%}");
    let code = without(&code, "{{", "}}");
    let code = without(&code, "<script", "</script>");
    let code = without(&code, "<style", "</style>");
    for piece in code.split('<').skip(1) {
        let Some((tag, text)) = piece.split_once('>') else {
            continue;
        };
        let text = text.replace("&nbsp;", " ").replace("&middot;", " ");
        if has_words(&text) {
            found.push(format!("{path}: text `{}`", text.trim()));
        }
        for attribute in ["title", "placeholder", "aria-label", "alt", "label"] {
            let needle = format!(" {attribute}=\"");
            let mut rest = tag;
            while let Some(at) = rest.find(&needle) {
                let value_start = at + needle.len();
                let value = rest[value_start..].split('"').next().unwrap_or("");
                // An example address is not words to translate.
                if has_words(value) && !value.contains("://") {
                    found.push(format!("{path}: {attribute}=\"{value}\""));
                }
                rest = &rest[value_start..];
            }
        }
    }
    found
}

#[test]
fn no_template_holds_text_outside_the_fluent_files() {
    // The scan finds what it should.
    let sample = r#"<p title="Open it">{{ t("x") }} Hello</p><a aria-label="{{ t("y") }}">{% if a %}{{ b }}{% endif %}</a>"#;
    assert_eq!(
        untranslated("sample", sample).len(),
        2,
        "{:?}",
        untranslated("sample", sample)
    );
    let found: Vec<String> = files("templates", "html")
        .into_iter()
        .flat_map(|(path, source)| untranslated(&path, &source))
        .collect();
    assert!(found.is_empty(), "untranslated text:\n{}", found.join("\n"));
}

/// The message ids the templates and the code name literally.
fn ids_used() -> BTreeSet<(String, String)> {
    let calls = [
        "t(\"",
        "t1(\"",
        "t2(\"",
        "t3(\"",
        "t_args(\"",
        "t_args(\n",
        "t_link(\"",
        "t_link2(\"",
        "with_links(\"",
    ];
    let mut used = BTreeSet::new();
    let sources = files("templates", "html")
        .into_iter()
        .chain(files("src", "rs"))
        .chain(files("leadline-core/src", "rs"));
    for (path, text) in sources {
        for call in calls {
            for (at, _) in text.match_indices(call) {
                let after = text[at + call.len()..].trim_start_matches([' ', '\n', '"']);
                let id: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let before = text[..at].chars().last();
                let is_call = before.is_none_or(|c| !c.is_alphanumeric() && c != '_');
                if is_call && id.contains('-') {
                    used.insert((id, path.clone()));
                }
            }
        }
        // FieldError::new("field", "queue-error-…"): the call's last literal.
        for (at, _) in text.match_indices("FieldError::new(") {
            let call: String = text[at..].chars().take_while(|c| *c != ')').collect();
            let literals: Vec<&str> = call.split('"').skip(1).step_by(2).collect();
            if let Some(id) = literals.last().filter(|id| {
                id.contains('-')
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            }) {
                used.insert(((*id).to_owned(), path.clone()));
            }
        }
    }
    used
}

#[test]
fn every_message_the_pages_and_the_code_name_is_in_the_english_files() {
    let english = message_ids(Language::En);
    let used = ids_used();
    assert!(used.len() > 200, "{} ids found", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|(id, _)| !english.contains(id))
        .map(|(id, path)| format!("{id} ({path})"))
        .collect();
    assert!(
        missing.is_empty(),
        "not in locales/en:\n{}",
        missing.join("\n")
    );
}

#[tokio::test]
async fn a_browser_asking_for_a_language_gets_the_sign_in_page_in_it() {
    let app = spawn_app().await;
    for (header, language) in [
        ("id-ID,id;q=0.9,en;q=0.5", Language::Id),
        ("zh-CN,zh;q=0.9", Language::ZhCn),
        ("ru", Language::Ru),
        ("de-DE", Language::En),
    ] {
        let page = app
            .client
            .get(app.url("/login"))
            .header("accept-language", header)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("<html lang=\"{}\"", language.tag())),
            "{header}"
        );
        let button = message(language, "session-submit", &[]);
        assert!(page.contains(&button), "{header}: {button}");
    }
}

#[tokio::test]
async fn a_users_own_language_beats_the_browsers_and_the_companys_is_the_last_resort() {
    let app = spawn_app().await;
    app.person(
        "Lang Rep",
        leadline::domain::user::Role::Rep,
        "a password for languages",
    )
    .await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let csrf = sign_in(
        &client,
        &app.address,
        &crate::helpers::email_of("Lang Rep"),
        "a password for languages",
    )
    .await;
    let page_in = |accept: &'static str| {
        let client = client.clone();
        let url = app.url("/queue");
        async move {
            let mut request = client.get(url);
            if !accept.is_empty() {
                request = request.header("accept-language", accept);
            }
            request.send().await.unwrap().text().await.unwrap()
        }
    };
    // No language of their own, a browser asking for none Leadline speaks: the company's.
    app.patch_expecting(
        "/api/v1/settings",
        json!({"language": "ru"}),
        StatusCode::OK,
    )
    .await;
    assert!(page_in("de").await.contains("<html lang=\"ru\""));
    // The browser's, where it asks for one Leadline speaks.
    assert!(page_in("id").await.contains("<html lang=\"id\""));
    // Their own, whatever the browser says.
    let saved = client
        .post(app.url("/account"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("language", "zh-CN"),
            ("time_zone", ""),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}",
        saved.status()
    );
    let page = page_in("id").await;
    assert!(page.contains("<html lang=\"zh-CN\""), "{page}");
    assert!(page.contains(&message(Language::ZhCn, "nav-queue", &[])));
}

#[tokio::test]
async fn an_unknown_company_language_is_refused_naming_the_field() {
    let app = spawn_app().await;
    app.patch_refused("/api/v1/settings", json!({"language": "de"}), "language")
        .await;
    let settings = app.get_ok("/api/v1/settings").await;
    assert_eq!(settings["language"], "en");
}

/// Every field a page's form sends, that a form's error may name, has a label in
/// `field-<name>`: a reader sees "Deal value:", "Сумма сделки:", never `deal_value:`.
#[test]
fn every_field_a_form_sends_has_a_label_for_its_errors() {
    // Fields no one types: tokens, where to go next, what the page was showing.
    const UNTYPED: [&str; 16] = [
        "csrf",
        "then",
        "username",
        "viewport",
        "next",
        "lead_id",
        "submission",
        "browser_zone",
        "user_id",
        "mode",
        "view",
        "q",
        "month",
        "active",
        "allow_duplicate",
        "newest",
    ];
    let english = message_ids(Language::En);
    let mut missing = BTreeSet::new();
    for (_, source) in files("templates", "html") {
        for (at, _) in source.match_indices(" name=\"") {
            let name: String = source[at + 7..].chars().take_while(|c| *c != '"').collect();
            let id = format!("field-{}", name.replace('_', "-"));
            let written = !name.contains('{');
            if written
                && !UNTYPED.contains(&name.as_str())
                && name != "do_not_call"
                && !english.contains(&id)
            {
                missing.insert(id);
            }
        }
    }
    assert!(missing.is_empty(), "no label: {missing:?}");
}

/// Only an admin sets the company's language; a rep or a manager is refused and it stays.
#[tokio::test]
async fn only_an_admin_changes_the_companys_language() {
    let app = spawn_app().await;
    for role in [
        leadline::domain::user::Role::Rep,
        leadline::domain::user::Role::Manager,
    ] {
        let user = app.user(&format!("Language {role}"), role).await;
        let refused = app
            .patch(&user.token, "/api/v1/settings", &json!({"language": "ru"}))
            .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(app.get_ok("/api/v1/settings").await["language"], "en");
}
