//! `POST /capture`: a plain HTML form on the company's own site sends a lead, with no
//! script and no account. The form carries a web form's key (`leads:create` alone, with
//! the site's origins) in a hidden field; the lead is nobody's until a manager gives it
//! out, and the visitor is sent back to the page they came from.
//!
//! What the visitor sees:
//! - received: `303` back to the form's `redirect` field, else to the page the form was
//!   on, with `leadline=received` added to its query; a thank-you page when neither is
//!   known;
//! - a bad field: a page in the visitor's language naming each field and what is wrong;
//! - too many forms from one address (`LEADLINE_CAPTURE_PER_ADDRESS` a minute): 429;
//! - a key that is not a web form's, or a page on a site the key does not name: 403.
//!
//! A bot that fills the hidden `website` field is answered as if received and nothing is
//! kept. The same form sent twice (a double click, a reload) makes one lead.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{LOCATION, ORIGIN, REFERER, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use sha2::{Digest, Sha256};
use url::Url;
use uuid::Uuid;

use super::extract::{media_type, ClientAddress};
use crate::credentials::token_hash;
use crate::domain::farming::CameBackBy;
use crate::domain::token::ApiScope;
use crate::domain::{FieldError, FieldErrors};
use crate::i18n::{self, t, t_args, Arg, Translate};
use crate::service::calls::{once, Key};
use crate::service::leads::{CreateLead, LeadRules};
use crate::state::AppState;
use crate::storage::leads::{self as store};
use crate::storage::users::{authenticate_token, scope_of};
use crate::storage::{Actor, StoreError};

/// The largest form accepted: a lead's fields and a long note.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The hidden field a person never fills and a bot does.
pub const HONEYPOT: &str = "website";

/// The form's fields that are not the lead's: the key, where to go back, the trap.
const NOT_THE_LEADS: [&str; 3] = ["key", "redirect", HONEYPOT];

#[derive(Template)]
#[template(path = "capture.html")]
struct CapturePage {
    title: String,
    message: String,
    problems: Vec<String>,
    back: Option<String>,
}

/// How one form post ends, for the visitor.
enum Answer {
    Received,
    Invalid(FieldErrors),
    Refused(String),
    TooMany(u64),
    UnsupportedForm,
    /// Leadline could not keep it (its database): nothing was kept, and the visitor is
    /// asked to send it again.
    Failed,
}

/// A posted form: its fields by name, the first of each name kept.
struct Form(Vec<(String, String)>);

impl Form {
    fn parse(body: &[u8]) -> Self {
        let mut fields: Vec<(String, String)> = Vec::new();
        for (name, value) in url::form_urlencoded::parse(body) {
            if !fields.iter().any(|(n, _)| *n == name) {
                fields.push((name.into_owned(), value.into_owned()));
            }
        }
        Self(fields)
    }

    /// Field `name`, trimmed; `None` when missing or blank.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// What makes two posts the same lead: the key and every field of the lead's, in
    /// any order.
    fn digest(&self, token: Uuid) -> String {
        let mut fields: Vec<&(String, String)> = self
            .0
            .iter()
            .filter(|(name, _)| !NOT_THE_LEADS.contains(&name.as_str()))
            .collect();
        fields.sort();
        let mut hash = Sha256::new();
        hash.update(token.as_bytes());
        for (name, value) in fields {
            hash.update(name.as_bytes());
            hash.update([0]);
            hash.update(value.trim().as_bytes());
            hash.update([0]);
        }
        hex::encode(hash.finalize())
    }
}

/// The scheme, host and port of `url`, as a browser writes an `Origin`.
fn origin_of(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    matches!(url.scheme(), "http" | "https")
        .then(|| url.origin().ascii_serialization())
        .filter(|origin| origin != "null")
}

fn header(headers: &HeaderMap, name: axum::http::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Take a lead from a plain HTML form on the company's site.
pub async fn capture(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Counted before anything is read, so that a flood costs no database work.
    if let Some(standing) = address.and_then(|a| state.rate_limits.count_capture(a)) {
        if let Some(wait) = standing.retry_after {
            state.instruments.count_capture("limited");
            return answer(Answer::TooMany(wait.as_secs().max(1)), None);
        }
    }
    if media_type(&headers).as_deref() != Some("application/x-www-form-urlencoded") {
        return answer(Answer::UnsupportedForm, None);
    }
    let form = Form::parse(&body);
    match take(&state, &headers, &form).await {
        Ok((outcome, back)) => {
            let label = match &outcome {
                Answer::Invalid(_) => "invalid",
                _ if form.get(HONEYPOT).is_some() => "trapped",
                _ => "received",
            };
            state.instruments.count_capture(label);
            answer(outcome, back)
        }
        Err(Answer::Failed) => answer(Answer::Failed, None),
        Err(refused) => {
            state.instruments.count_capture("refused");
            answer(refused, None)
        }
    }
}

/// Check the key, the site and the fields, and keep the lead: how it ended and the page
/// to send the visitor back to.
async fn take(
    state: &AppState,
    headers: &HeaderMap,
    form: &Form,
) -> Result<(Answer, Option<Url>), Answer> {
    let refused = |id: &str| Answer::Refused(t(id));
    let secret = form
        .get("key")
        .ok_or_else(|| refused("capture-key-missing"))?;
    let (token_id, user, grant) = authenticate_token(&state.db, &token_hash(secret))
        .await
        .map_err(|e| internal(&e))?
        .ok_or_else(|| refused("capture-key-unknown"))?;
    // The key is in the page's source for anyone to read: it may do nothing but this.
    if grant.scopes.as_deref() != Some(&[ApiScope::LeadsCreate]) {
        return Err(refused("capture-key-too-wide"));
    }
    if grant.allowed_origins.is_empty() {
        return Err(refused("capture-key-no-origins"));
    }
    let allowed = |origin: &str| grant.allowed_origins.iter().any(|a| a == origin);
    // Browsers send `Origin` with a form's POST, older ones only `Referer`, and both
    // must be a site the key names. A server posting on a visitor's behalf sends neither,
    // as any client could: the names bind browsers, which do not lie about them.
    let referer = header(headers, REFERER);
    let origin = header(headers, ORIGIN)
        .map(str::to_owned)
        .or_else(|| referer.and_then(origin_of));
    if let Some(origin) = origin.filter(|o| !allowed(o)) {
        return Err(Answer::Refused(t_args(
            "capture-origin-refused",
            &[("origin", Arg::from(origin.as_str()))],
        )));
    }
    let back = match form.get("redirect") {
        Some(target) => match origin_of(target).filter(|o| allowed(o)) {
            Some(_) => Url::parse(target).ok(),
            None => return Err(refused("capture-redirect-refused")),
        },
        None => referer
            .filter(|r| origin_of(r).is_some_and(|o| allowed(&o)))
            .and_then(|r| Url::parse(r).ok()),
    };
    if form.get(HONEYPOT).is_some() {
        return Ok((Answer::Received, back));
    }

    let rules = LeadRules::of(&state.db).await.map_err(|e| internal(&e))?;
    let text = |name: &str| form.get(name).map(str::to_owned);
    // A field named as a custom field's key fills it (`utm_source`, `kota`); any other
    // field is left aside.
    let custom: serde_json::Map<String, serde_json::Value> = rules
        .active_fields()
        .filter_map(|f| Some((f.key.clone(), serde_json::Value::String(text(&f.key)?))))
        .collect();
    let lead = CreateLead {
        external_id: None,
        name: text("name").unwrap_or_default(),
        phone: text("phone"),
        email: text("email"),
        company: text("company"),
        source: text("source").or(Some(grant.name.clone())),
        owner_id: None,
        stage: None,
        tags: None,
        deal_value: None,
        referred_by: None,
        do_not_call: None,
        next_contact_at: None,
        notes: text("notes"),
        custom: Some(custom),
        created_at: None,
        // The person may be known already: a lost lead with the number comes back (below);
        // else the lead is kept beside the one with the same number, for a manager to
        // merge, and nothing they wrote is lost.
        allow_duplicate: Some(true),
    };
    // A lead nobody can reach is no lead: a phone number or an e-mail is needed.
    let no_contact = (lead.phone.is_none() && lead.email.is_none())
        .then(|| FieldErrors::from(FieldError::new("phone", "error-capture-no-contact")));
    let new = match (lead.validate(&rules), no_contact) {
        (Ok(new), None) => new,
        (Ok(_), Some(errors)) | (Err(errors), None) => return Ok((Answer::Invalid(errors), back)),
        (Err(errors), Some(more)) => return Ok((Answer::Invalid(errors.and(more)), back)),
    };
    let actor = Actor {
        user_id: Some(user.id),
        token_id: Some(token_id),
        call_id: None,
    };
    let scope = scope_of(user.id, user.role(), user.limited_to_teams);
    let digest = form.digest(token_id);
    let key = Key {
        key: &format!("capture:{digest}"),
        field: "key",
    };
    once::<_, StoreError>(&state.db, actor, Some(key), digest.as_bytes(), |tx| {
        Box::pin(async move {
            // A person whose lead was lost has come back by themselves: that lead reopens.
            if let Some(phone) = new.phone.as_deref() {
                let back = store::come_back_by_phone(
                    tx,
                    phone,
                    CameBackBy::Form,
                    new.notes.as_deref(),
                    &new.custom,
                )
                .await?;
                if let Some(id) = back {
                    return Ok((StatusCode::OK.as_u16(), serde_json::json!({ "id": id })));
                }
            }
            let id = store::create(tx, new, actor, scope).await?;
            Ok((
                StatusCode::CREATED.as_u16(),
                serde_json::json!({ "id": id }),
            ))
        })
    })
    .await
    .map_err(|e| internal(&e))?;
    Ok((Answer::Received, back))
}

/// A failure of Leadline's own, logged; the visitor is asked to send the form again.
fn internal(error: &dyn std::fmt::Display) -> Answer {
    tracing::error!(error = %error, "a web form's lead could not be kept");
    Answer::Failed
}

/// What the visitor is answered.
fn answer(outcome: Answer, back: Option<Url>) -> Response {
    let back_link = back.as_ref().map(Url::to_string);
    let mut retry_after = None;
    let (status, title, message, problems) = match outcome {
        Answer::Received => {
            if let Some(mut target) = back {
                target.query_pairs_mut().append_pair("leadline", "received");
                return (StatusCode::SEE_OTHER, [(LOCATION, target.to_string())]).into_response();
            }
            let title = t("capture-received-title");
            (StatusCode::OK, title, t("capture-received"), Vec::new())
        }
        Answer::Invalid(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            t("capture-invalid-title"),
            t("capture-invalid"),
            errors.iter().map(i18n::field_error).collect(),
        ),
        Answer::Refused(message) => (
            StatusCode::FORBIDDEN,
            t("capture-refused-title"),
            message,
            Vec::new(),
        ),
        Answer::TooMany(seconds) => {
            retry_after = Some(seconds);
            let title = t("capture-too-many-title");
            (
                StatusCode::TOO_MANY_REQUESTS,
                title,
                t("capture-too-many"),
                Vec::new(),
            )
        }
        Answer::Failed => {
            retry_after = Some(5);
            let title = t("error-page-status-503");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                title,
                t("error-page-unavailable"),
                Vec::new(),
            )
        }
        Answer::UnsupportedForm => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            t("capture-refused-title"),
            t("capture-not-a-form"),
            Vec::new(),
        ),
    };
    let page = CapturePage {
        title,
        message,
        problems,
        back: back_link,
    };
    let body = page.render().unwrap_or_else(|_| page.message.clone());
    let mut response = (status, Html(body)).into_response();
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
