//! The audit trail as people read it: the admin's audit page, filtered by what changed, who
//! changed it, through what and when; and the lines of a change, as the page and a lead's
//! timeline show them.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::admin::role_name;
use super::format::{datetime, day, money};
use super::{given, owner_name, render, render_status, url_escape, Admin, Layout, UiResult};
use crate::domain::calendar::Weekday;
use crate::domain::money::Currency;
use crate::domain::phone::Phone;
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::http::api::audit::one_of;
use crate::http::paging::next_before;
use crate::i18n::{field_error, t, t_args, Arg, Translate};
use crate::state::AppState;
use crate::storage::audit::{self as store, AuditFilter, Entry};
use crate::storage::teams::{self, TeamRow};
use crate::storage::users::{self, UserRow};

/// Entries on one page of the audit trail.
const PAGE: i64 = 100;

/// A field's value as the pages show it: people by name, money in the company's currency,
/// times on the reader's clock, days, weekdays, roles and categories in the reader's words.
fn shown(field: &str, value: &Value, names: Names<'_>, currency: Currency, zone: Zone) -> String {
    let text = value.as_str();
    let id = text.and_then(|s| s.parse::<Uuid>().ok());
    match (field, value) {
        (_, Value::Null) => t("leads-history-none"),
        ("owner_id" | "user_id" | "manager_id" | "rep_id", _) => owner_name(names.people, id),
        ("team_id", _) => names
            .teams
            .iter()
            .find(|team| Some(team.id) == id)
            .map_or_else(|| t("audit-team-gone"), |team| team.name.clone()),
        ("deal_value" | "amount", v) => v.as_i64().map_or_else(String::new, |m| money(m, currency)),
        ("next_contact_at" | "revoked_at" | "deleted_at", _) => text
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map_or_else(String::new, |at| datetime(at.with_timezone(&Utc), zone)),
        ("spent_on", _) => text
            .and_then(|s| s.parse::<NaiveDate>().ok())
            .map_or_else(String::new, day),
        ("phone", _) => text.map_or_else(String::new, Phone::international),
        ("role", _) => text.map_or_else(String::new, role_name),
        ("category", _) => text.map_or_else(String::new, |c| t(&format!("spend-category-{c}"))),
        ("working_days", Value::Array(days)) => days
            .iter()
            .filter_map(|d| d.as_i64().and_then(|n| i16::try_from(n).ok()))
            .filter_map(Weekday::from_number)
            .map(|d| t(&format!("settings-day-{}", d.as_str())))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Bool(yes)) => t(if *yes {
            "leads-history-yes"
        } else {
            "leads-history-no"
        }),
        ("referred_by", _) => t("leads-history-another-lead"),
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}

/// Whom the ids of a change name: people and teams.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    pub people: &'a [UserRow],
    pub teams: &'a [TeamRow],
}

/// A field's name in the reader's language (message `field-<name>`), else as stored.
fn field_label(field: &str) -> String {
    crate::i18n::try_message(
        crate::i18n::current(),
        &format!("field-{}", field.replace('_', "-")),
        &[],
    )
    .unwrap_or_else(|| field.to_owned())
}

/// A change's fields as they are read: "Phone: +62 812… → +62 813…", a created thing's
/// values ("Role: Manager"), a removed one's as they were, tags as added and removed, a
/// secret as changed (its value is never kept), an import by its file.
pub fn change_lines(
    action: &str,
    changes: &Value,
    names: Names<'_>,
    currency: Currency,
    zone: Zone,
) -> Vec<String> {
    let Some(fields) = changes.as_object() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for (field, change) in fields {
        match field.as_str() {
            "tags" => {
                for (key, id) in [
                    ("added", "leads-history-tags-added"),
                    ("removed", "leads-history-tags-removed"),
                ] {
                    if let Some(names) = change.get(key).and_then(Value::as_array) {
                        let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
                        lines.push(t_args(id, &[("tags", Arg::from(names.join(", ")))]));
                    }
                }
                continue;
            }
            "merged" => {
                let count = |key: &str| change.get(key).and_then(Value::as_i64).unwrap_or(0);
                lines.push(t_args(
                    "leads-history-merged-line",
                    &[
                        ("calls", Arg::from(count("calls"))),
                        ("touches", Arg::from(count("touches"))),
                        ("tasks", Arg::from(count("tasks"))),
                        ("events", Arg::from(count("events"))),
                    ],
                ));
                continue;
            }
            "import" => {
                if let Some(file) = change.get("file").and_then(Value::as_str) {
                    lines.push(t_args("audit-import-file", &[("file", Arg::from(file))]));
                }
                continue;
            }
            _ => {}
        }
        let label = field_label(field);
        if change.get("erased").is_some() {
            lines.push(t_args("audit-value-erased", &[("field", Arg::from(label))]));
            continue;
        }
        if change.get("changed").is_some() {
            lines.push(t_args(
                "audit-secret-changed",
                &[("field", Arg::from(label))],
            ));
            continue;
        }
        let old = change.get("old").unwrap_or(&Value::Null);
        let new = change.get("new").unwrap_or(&Value::Null);
        let value = match action {
            "created" => Some(new),
            "deleted" if new.is_null() => Some(old),
            _ => None,
        };
        lines.push(match value {
            Some(value) => t_args(
                "audit-field-value",
                &[
                    ("field", Arg::from(label)),
                    (
                        "value",
                        Arg::from(shown(field, value, names, currency, zone)),
                    ),
                ],
            ),
            None => t_args(
                "leads-history-field",
                &[
                    ("field", Arg::from(label)),
                    ("old", Arg::from(shown(field, old, names, currency, zone))),
                    ("new", Arg::from(shown(field, new, names, currency, zone))),
                ],
            ),
        });
    }
    lines
}

/// Who made a change: a person's name, with the token it came through; Leadline itself
/// when no one did.
pub fn who(user_id: Option<Uuid>, token_name: Option<&str>, people: &[UserRow]) -> String {
    match (user_id, token_name) {
        (None, _) => t("leads-history-system"),
        (Some(id), Some(token)) => t_args(
            "audit-who-token",
            &[
                ("name", Arg::from(owner_name(people, Some(id)))),
                ("token", Arg::from(token)),
            ],
        ),
        (Some(id), None) => owner_name(people, Some(id)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    entity: Option<String>,
    user: Option<String>,
    via: Option<String>,
    since: Option<String>,
    until: Option<String>,
    before: Option<i64>,
}

/// A choice of a filter's menu.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One entry as the page lists it.
pub struct Line {
    pub when: String,
    pub who: String,
    pub via: String,
    /// "User", "Lead", "Spend entry"…
    pub what: String,
    /// The thing's name, where it has one.
    pub label: String,
    /// Its page, where it has one (a lead's).
    pub href: Option<String>,
    pub action: String,
    pub lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub entities: Vec<Choice>,
    pub people: Vec<Choice>,
    pub vias: Vec<Choice>,
    pub since: String,
    pub until: String,
    pub error: Option<String>,
    pub entries: Vec<Line>,
    /// The next page's address, when there may be one.
    pub older: Option<String>,
}

fn choices(
    values: impl IntoIterator<Item = (String, String)>,
    chosen: Option<&str>,
) -> Vec<Choice> {
    values
        .into_iter()
        .map(|(value, label)| Choice {
            selected: chosen == Some(value.as_str()),
            value,
            label,
        })
        .collect()
}

/// A date the filter form sent (the reader's local date).
fn typed_day(field: &'static str, text: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    text.map(|text| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "error-not-date").arg("text", text))
    })
    .transpose()
}

/// The filters as the store reads them, the dates as days in the reader's zone: from the
/// start of `from` to the end of `to`.
fn filter(query: &AuditQuery, zone: Zone) -> Result<AuditFilter, FieldError> {
    let from = typed_day("since", given(&query.since))?;
    let to = typed_day("until", given(&query.until))?;
    let user_id = given(&query.user)
        .map(|id| {
            id.parse()
                .map_err(|_| FieldError::new("user", "error-not-uuid"))
        })
        .transpose()?;
    Ok(AuditFilter {
        entity: one_of("entity", given(&query.entity), &store::ENTITIES)?,
        entity_id: None,
        user_id,
        via: one_of("via", given(&query.via), &store::VIAS)?,
        since: from.map(|d| zone.start_of(d)),
        until: to
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(|d| zone.start_of(d)),
    })
}

/// The query string of the page's filters, for the link to older entries.
fn filter_query(query: &AuditQuery) -> String {
    [
        ("entity", &query.entity),
        ("user", &query.user),
        ("via", &query.via),
        ("since", &query.since),
        ("until", &query.until),
    ]
    .into_iter()
    .filter_map(|(name, value)| given(value).map(|v| format!("{name}={}&", url_escape(v))))
    .collect()
}

/// `/admin/audit`: the whole trail, newest first, a hundred entries a page.
pub async fn page(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(query): Query<AuditQuery>,
) -> UiResult<Response> {
    let zone = user.clock.zone;
    let (people, team_list) = tokio::try_join!(users::list(&state.db), teams::list(&state.db))?;
    let names = Names {
        people: &people,
        teams: &team_list,
    };
    let (filter, error) = match filter(&query, zone) {
        Ok(filter) => (Some(filter), None),
        Err(e) => (None, Some(field_error(&e))),
    };
    let entries: Vec<Entry> = match &filter {
        Some(filter) => store::entries(&state.db, filter, query.before, PAGE).await?,
        None => Vec::new(),
    };
    let older = next_before(&entries, PAGE, |e| e.id)
        .map(|before| format!("/admin/audit?{}before={before}", filter_query(&query)));
    let currency = state.config.currency;
    let lines = entries
        .into_iter()
        .map(|e| Line {
            when: datetime(e.at, zone),
            who: who(e.user_id, e.token_name.as_deref(), &people),
            via: t(&format!("audit-via-{}", e.via)),
            what: t(&format!("audit-entity-{}", e.entity.replace('_', "-"))),
            href: e.lead_id.map(|id| format!("/leads/{id}")),
            label: e.label.unwrap_or_default(),
            action: t(&format!("audit-action-{}", e.action)),
            lines: change_lines(&e.action, &e.changes, names, currency, zone),
        })
        .collect();
    let page = AuditPage {
        layout: Layout::new(&user, "admin"),
        entities: choices(
            store::ENTITIES.iter().map(|e| {
                let label = t(&format!("audit-entity-{}", e.replace('_', "-")));
                (e.to_string(), label)
            }),
            given(&query.entity),
        ),
        people: choices(
            people.iter().map(|p| (p.id.to_string(), p.name.clone())),
            given(&query.user),
        ),
        vias: choices(
            store::VIAS
                .iter()
                .map(|v| (v.to_string(), t(&format!("audit-via-{v}")))),
            given(&query.via),
        ),
        since: given(&query.since).unwrap_or_default().to_owned(),
        until: given(&query.until).unwrap_or_default().to_owned(),
        error,
        entries: lines,
        older,
    };
    if page.error.is_some() {
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    render(&page)
}
