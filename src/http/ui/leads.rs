//! Lead pages: the searchable list, a new lead, and a lead's page with its timeline.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::agenda::{self, TaskForm};
use super::audit as trail;
use super::board::{after_move, board_return};
use super::custom_fields::{self, CustomInput};
use super::format::{
    amount_input, datetime, duration, local_input, money, opt_datetime, opt_phone, PhoneLink,
};
use super::format::{parse_amount, parse_local_time};
use super::log_call::{self, CallFormView, LogCallForm, Place, Refused, RefusedOr};
use super::touches::{self, KindChoice, TouchForm};
use super::views::{self, ViewsBar};
use super::{
    given, owner_filter, owner_name, render, render_status, url_escape, CsrfForm, Layout, Manager,
    UiError, UiResult, UiUser,
};
use crate::domain::call::{Intent, Outcome};
use crate::domain::custom::{CustomField, FieldKind};
use crate::domain::farming::CameBackBy;
use crate::domain::money::Currency;
use crate::domain::phone::{Country, Phone};
use crate::domain::stage::{Change, EventKind, LeadStatus, Stage};
use crate::domain::user::Role;
use crate::domain::zone::Zone;
use crate::domain::{optional_text, FieldError};
use crate::http::export::{self, Cell, FileFormat};
use crate::http::paging::{next_time_cursor, time_cursor};
use crate::i18n::{field_error, stage_name, status_name, t, t_args, Arg, Translate};
use crate::service::input::tag_names;
use crate::service::leads::{custom_filter, CreateLead, LeadRules, UpdateLead};
use crate::service::settings;
use crate::state::AppState;
use crate::storage::audit;
use crate::storage::calls::{self, CallFilter};
use crate::storage::leads::{self, BulkChange, ChangeDetails, LeadFilter, LeadName, LeadRow};
use crate::storage::reference::{self, LostReasonRow};
use crate::storage::tasks::{self, TaskFilter};
use crate::storage::touches::{self as touch_store, TouchFilter};
use crate::storage::users::{self, UserRow};
use crate::storage::views::ViewPage;
use crate::storage::{teams, Scope, StoreError};

const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub stage: Option<String>,
    pub reached: Option<String>,
    pub lost_at: Option<String>,
    pub status: Option<String>,
    pub owner_id: Option<String>,
    pub team_id: Option<String>,
    pub source: Option<String>,
    pub tag: Option<String>,
    pub created_from: Option<String>,
    pub created_to: Option<String>,
    pub cursor: Option<String>,
    /// Set after a bulk change: what it was (`reassign`, `add_tag`, ...) and how many it changed.
    pub bulk: Option<String>,
    pub changed: Option<u64>,
    /// The rest: the custom fields' filters (`custom.<key>`) among them.
    #[serde(flatten)]
    pub rest: std::collections::BTreeMap<String, String>,
}

/// A date typed into a filter: the start of that day on the company's clock (`zone`).
fn parse_day(field: &str, value: &Option<String>, zone: Zone) -> UiResult<Option<DateTime<Utc>>> {
    given(value)
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(|d| zone.start_of(d))
                .map_err(|_| {
                    UiError::BadRequest(t_args(
                        "leads-error-bad-date",
                        &[("field", Arg::from(field))],
                    ))
                })
        })
        .transpose()
}

fn parse_stage(field: &str, value: &Option<String>) -> UiResult<Option<Stage>> {
    given(value)
        .map(|v| {
            Stage::parse(v).ok_or_else(|| {
                UiError::BadRequest(t_args(
                    "leads-error-bad-stage",
                    &[("field", Arg::from(field))],
                ))
            })
        })
        .transpose()
}

impl ListQuery {
    /// The custom fields' filters given, by key.
    fn custom(&self) -> Vec<(String, String)> {
        self.rest
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .filter_map(|(name, value)| {
                Some((name.strip_prefix("custom.")?.to_owned(), value.clone()))
            })
            .collect()
    }

    /// What the filter's input for the custom field `key` holds.
    fn custom_text(&self, key: &str) -> String {
        self.rest
            .get(&format!("custom.{key}"))
            .cloned()
            .unwrap_or_default()
    }

    fn filter(&self, zone: Zone, rules: &LeadRules) -> UiResult<LeadFilter> {
        let custom = custom_filter(rules, &self.custom())
            .map_err(|e| UiError::BadRequest(custom_fields::error_text(rules, e.first())))?;
        Ok(LeadFilter {
            custom,
            stage: parse_stage("stage", &self.stage)?,
            reached: parse_stage("reached", &self.reached)?,
            lost_at: parse_stage("lost_at", &self.lost_at)?,
            status: given(&self.status)
                .map(|s| {
                    LeadStatus::parse(s)
                        .ok_or_else(|| UiError::BadRequest(t("leads-error-bad-status")))
                })
                .transpose()?,
            owner_id: owner_filter(&self.owner_id)?,
            team_id: super::team_filter(&self.team_id)?,
            unassigned: given(&self.owner_id) == Some("none"),
            source: given(&self.source).map(str::to_lowercase),
            tag: given(&self.tag).map(str::to_owned),
            q: given(&self.q).map(str::to_owned),
            q_phone: given(&self.q).and_then(|q| Phone::search_digits(q, rules.country)),
            created_from: parse_day("created_from", &self.created_from, zone)?,
            created_to: parse_day("created_to", &self.created_to, zone)?,
            ids: None,
            updated_since: None,
            external_id: None,
        })
    }

    /// This query's parameters, without the cursor, for the next page's link.
    fn without_cursor(&self) -> String {
        let pairs = [
            ("q", &self.q),
            ("stage", &self.stage),
            ("reached", &self.reached),
            ("lost_at", &self.lost_at),
            ("status", &self.status),
            ("owner_id", &self.owner_id),
            ("team_id", &self.team_id),
            ("source", &self.source),
            ("tag", &self.tag),
            ("created_from", &self.created_from),
            ("created_to", &self.created_to),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| given(v).map(|v| format!("{k}={}", url_escape(v))))
            .chain(
                self.custom()
                    .into_iter()
                    .map(|(key, v)| format!("custom.{key}={}", url_escape(&v))),
            )
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// An option of a menu: its code (the form's value) and what the reader sees.
pub struct Choice {
    pub code: String,
    pub name: String,
}

/// A stage in the list's filters: its code, its name, and the "reached" filter's label.
pub struct StageChoice {
    pub code: String,
    pub name: String,
    pub or_later: String,
}

/// A user in an owner menu: "name (role)" in the reader's language.
#[derive(Clone)]
pub struct OwnerChoice {
    pub id: Uuid,
    pub label: String,
}

fn stage_choices(stages: impl IntoIterator<Item = Stage>) -> Vec<Choice> {
    stages
        .into_iter()
        .map(|s| Choice {
            code: s.as_str().to_owned(),
            name: stage_name(s),
        })
        .collect()
}

/// The active users, for an owner menu.
fn owner_choices(owners: &[UserRow]) -> Vec<OwnerChoice> {
    owners
        .iter()
        .filter(|u| u.active)
        .map(|u| OwnerChoice {
            id: u.id,
            label: t_args(
                "leads-owner-option",
                &[
                    ("name", Arg::from(&u.name)),
                    ("role", Arg::from(role_name(u.role))),
                ],
            ),
        })
        .collect()
}

fn role_name(role: Role) -> String {
    t(&format!("leads-role-{}", role.as_str()))
}

/// How a call ended, in the reader's language.
fn outcome_name(outcome: Outcome) -> String {
    t(&format!(
        "leads-outcome-{}",
        outcome.as_str().replace('_', "-")
    ))
}

fn intent_name(intent: Intent) -> String {
    t(&format!("leads-intent-{}", intent.as_str()))
}

fn event_name(kind: EventKind) -> String {
    t(&format!("leads-event-{}", kind.as_str()))
}

pub struct LeadLine {
    pub id: Uuid,
    pub name: String,
    pub company: String,
    pub phone: Option<PhoneLink>,
    pub stage: String,
    pub status: String,
    pub owner: String,
    pub source: String,
    pub tags: String,
    pub last_call: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "leads.html")]
pub struct LeadsPage {
    pub layout: Layout,
    pub query: ListQuery,
    pub stages: Vec<StageChoice>,
    pub statuses: Vec<Choice>,
    pub owners: Vec<UserRow>,
    /// The teams the viewer may filter by.
    pub teams: Vec<teams::TeamRow>,
    pub leads: Vec<LeadLine>,
    pub next_page: Option<String>,
    pub filtered: bool,
    pub views: ViewsBar,
    /// The lost reasons the bulk form offers.
    pub lost_reasons: Vec<LostReasonRow>,
    /// A filter for each active custom field (`custom.<key>`), holding what was asked.
    pub custom_filters: Vec<CustomInput>,
}

pub async fn list(
    State(state): State<AppState>,
    user: UiUser,
    Query(query): Query<ListQuery>,
) -> UiResult<Response> {
    let rules = LeadRules::of(&state.db).await?;
    let filter = query.filter(user.clock.company, &rules)?;
    let after =
        time_cursor(given(&query.cursor)).map_err(|e| UiError::BadRequest(field_error(&e)))?;
    let rows = leads::list(&state.db, user.scope(), &filter, after, PAGE).await?;
    let owners = teams::people(&state.db, user.scope()).await?;
    let team_choices = teams::visible_to(&state.db, user.scope()).await?;
    let next_page = next_time_cursor(&rows, PAGE, |r| (r.created_at, r.id)).map(|c| {
        let rest = query.without_cursor();
        format!(
            "/leads?{}{}cursor={}",
            rest,
            if rest.is_empty() { "" } else { "&" },
            url_escape(&c)
        )
    });
    let leads = rows
        .into_iter()
        .map(|l| LeadLine {
            owner: owner_name(&owners, l.owner_id),
            stage: stage_name(l.stage()),
            status: status_name(l.status()),
            id: l.id,
            name: l.name,
            company: l.company.unwrap_or_default(),
            phone: opt_phone(l.phone.as_deref()),
            source: l.source.unwrap_or_default(),
            tags: l.tags.join(", "),
            last_call: l
                .last_call_at
                .map(|at| {
                    let time = datetime(at, user.clock.zone);
                    match l.last_call_outcome {
                        Some(outcome) => t_args(
                            "leads-last-call",
                            &[
                                ("time", Arg::from(time)),
                                ("outcome", Arg::from(outcome_name(outcome))),
                            ],
                        ),
                        None => time,
                    }
                })
                .unwrap_or_default(),
            created: datetime(l.created_at, user.clock.zone),
        })
        .collect();
    let filtered = !query.without_cursor().is_empty();
    let views = views::bar(&state, &user, ViewPage::Leads, &query.without_cursor()).await?;
    let flash = query.bulk.as_deref().and_then(|action| {
        let changed = query.changed.unwrap_or(0);
        let id = match action {
            "reassign" => "leads-bulk-done-reassign",
            "add_tag" => "leads-bulk-done-add-tag",
            "remove_tag" => "leads-bulk-done-remove-tag",
            "do_not_call" => "leads-bulk-done-do-not-call",
            "lost" => "leads-bulk-done-lost",
            _ => return None,
        };
        let changed = i64::try_from(changed).unwrap_or(i64::MAX);
        Some(t_args(
            id,
            &[
                ("count", Arg::Number(changed)),
                ("shown", Arg::from(super::format::count(changed))),
            ],
        ))
    });
    let lost_reasons = reference::list_lost_reasons(&state.db, false).await?;
    let custom_filters = custom_fields::inputs(&rules, |f| query.custom_text(&f.key));
    let page = LeadsPage {
        custom_filters,
        views,
        lost_reasons,
        layout: Layout::new(&user, "leads").with_flash(flash),
        stages: Stage::ALL
            .into_iter()
            .map(|s| {
                let name = stage_name(s);
                StageChoice {
                    code: s.as_str().to_owned(),
                    or_later: t_args(
                        "leads-filter-reached-option",
                        &[("stage", Arg::from(&name))],
                    ),
                    name,
                }
            })
            .collect(),
        statuses: [LeadStatus::Open, LeadStatus::Won, LeadStatus::Lost]
            .into_iter()
            .map(|s| Choice {
                code: s.as_str().to_owned(),
                name: status_name(s),
            })
            .collect(),
        owners,
        teams: team_choices,
        leads,
        next_page,
        filtered,
        query,
    };
    render(&page)
}

/// `POST /leads/bulk`: one change to the leads ticked on the list, or to every lead its
/// filters match, in one transaction; back on the list, saying how many it changed.
/// A form's field as typed, trimmed, when it is there and not blank.
fn form_value<'f>(fields: &'f [(String, String)], name: &str) -> Option<&'f str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

pub async fn bulk(
    State(state): State<AppState>,
    user: UiUser,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> UiResult<Response> {
    let field = |name: &str| form_value(&fields, name);
    let refuse = |field: &str, id: &'static str| {
        UiError::BadRequest(field_error(&FieldError::new(field, id)))
    };
    let filters = field("filters").unwrap_or("");
    let query: ListQuery = crate::http::extract::parse_query(filters).map_err(UiError::from)?;
    let selection = match field("target") {
        Some("matching") => {
            let rules = LeadRules::of(&state.db).await?;
            leads::Selection::Matching(Box::new(query.filter(user.clock.company, &rules)?))
        }
        Some("selected") | None => {
            let ids = fields
                .iter()
                .filter(|(k, _)| k == "ids")
                .map(|(_, v)| v.parse::<Uuid>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| refuse("ids", "leads-bulk-error-ids"))?;
            if ids.is_empty() {
                return Err(refuse("ids", "leads-bulk-error-none-chosen"));
            }
            leads::Selection::Leads(ids)
        }
        Some(_) => return Err(refuse("target", "leads-bulk-error-target")),
    };
    let action = field("action").unwrap_or("");
    let change = match action {
        "reassign" => {
            if !user.role.sees_everything() {
                return Err(UiError::Forbidden(t("leads-bulk-error-reassign-managers")));
            }
            match field("to_owner") {
                Some("none") => BulkChange::Reassign(None),
                Some(id) => BulkChange::Reassign(Some(
                    id.parse()
                        .map_err(|_| refuse("to_owner", "leads-error-not-a-user"))?,
                )),
                None => return Err(refuse("to_owner", "leads-bulk-error-choose-owner")),
            }
        }
        "add_tag" | "remove_tag" => {
            let tag = field("tag_name").ok_or_else(|| refuse("tag_name", "error-empty"))?;
            let tag = tag_names("tag_name", Some(vec![tag.to_owned()]))
                .map_err(|e| UiError::BadRequest(field_error(&e)))?
                .remove(0);
            if action == "add_tag" {
                BulkChange::AddTag(tag)
            } else {
                BulkChange::RemoveTag(tag)
            }
        }
        "do_not_call" => BulkChange::DoNotCall,
        "lost" => {
            let reason = field("lost_reason")
                .ok_or_else(|| refuse("lost_reason", "leads-error-lost-reason-missing"))?;
            let reason_id = match reference::resolve_lost_reason(&state.db, reason).await {
                Ok(id) => id,
                Err(StoreError::Field(_)) => {
                    return Err(refuse("lost_reason", "leads-error-lost-reason-missing"))
                }
                Err(other) => return Err(other.into()),
            };
            let note = optional_text("lost_note", field("lost_note"), 2000)
                .map_err(|e| UiError::BadRequest(field_error(&e)))?;
            BulkChange::MarkLost { reason_id, note }
        }
        _ => return Err(refuse("action", "leads-bulk-error-action")),
    };
    let rest = query.without_cursor();
    // More leads than a page should wait for: the change is queued and made in the
    // background, in one transaction all the same, and its page follows it.
    let limit = state.config.bulk_inline_limit;
    let many = match &selection {
        leads::Selection::Leads(ids) if ids.len() <= limit => None,
        _ => Some(leads::bulk_targets(&state.db, user.scope(), &selection).await?),
    };
    if let Some(ids) = many.filter(|ids| ids.len() > limit) {
        let id = leads::queue_bulk_change(&state.db, user.id, user.scope(), &ids, &change, &rest)
            .await?;
        tokio::spawn(crate::service::bulk::make(state.db.clone(), id));
        return Ok(Redirect::to(&format!("/leads/bulk/{id}")).into_response());
    }
    let mut tx = state.db.begin().await?;
    let changed =
        leads::change_many(&mut tx, user.scope(), &selection, &change, user.actor()).await?;
    tx.commit().await?;
    Ok(Redirect::to(&bulk_done_href(&rest, action, changed)).into_response())
}

/// The leads list with `rest`'s filters, saying that a bulk `action` changed `changed` leads.
fn bulk_done_href(rest: &str, action: &str, changed: u64) -> String {
    format!(
        "/leads?{rest}{}bulk={action}&changed={changed}",
        if rest.is_empty() { "" } else { "&" }
    )
}

/// The bulk form's name for a change (`action`).
fn bulk_action(change: &BulkChange) -> &'static str {
    match change {
        BulkChange::Reassign(_) => "reassign",
        BulkChange::AddTag(_) => "add_tag",
        BulkChange::RemoveTag(_) => "remove_tag",
        BulkChange::DoNotCall => "do_not_call",
        BulkChange::MarkLost { .. } => "lost",
    }
}

#[derive(Template)]
#[template(path = "bulk_change.html")]
pub struct BulkChangePage {
    pub layout: Layout,
    pub failed: bool,
    pub working: String,
    pub back: String,
}

/// `GET /leads/bulk/{id}`: a queued bulk change, to the one who asked for it. While it is
/// being made the page looks again every two seconds; once made it is the leads list
/// saying how many changed, as a change made at once is.
pub async fn bulk_progress(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
) -> UiResult<Response> {
    let queued = leads::queued_bulk_change(&state.db, id)
        .await?
        .filter(|q| q.user_id == user.id)
        .ok_or_else(|| UiError::NotFound("bulk change".into()))?;
    let action = bulk_action(&queued.change);
    if queued.status == "done" {
        let changed = u64::try_from(queued.changed.unwrap_or(0)).unwrap_or(0);
        return Ok(Redirect::to(&bulk_done_href(&queued.back_to, action, changed)).into_response());
    }
    render(&BulkChangePage {
        layout: Layout::new(&user, "leads"),
        failed: queued.status == "failed",
        working: t_args(
            "leads-bulk-working",
            &[
                ("count", Arg::Number(queued.leads)),
                ("shown", Arg::from(super::format::count(queued.leads))),
            ],
        ),
        back: format!("/leads?{}", queued.back_to),
    })
}

/// The fields of the new-lead and edit forms, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct LeadForm {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<String>,
    pub tags: Option<String>,
    pub stage: Option<String>,
    pub deal_value: Option<String>,
    /// The customer who referred the lead: their phone number or their page's link.
    pub referred_by: Option<String>,
    pub next_contact: Option<String>,
    pub notes: Option<String>,
    pub do_not_call: Option<String>,
    pub allow_duplicate: Option<String>,
    /// `call`: the lead is created to log a call on it (a number typed into the
    /// header's box), so its page opens at the log-call form.
    pub then: Option<String>,
    /// The rest of the form: the custom fields' inputs (`custom:<key>`) among them.
    #[serde(flatten)]
    pub rest: std::collections::HashMap<String, String>,
}

impl LeadForm {
    /// Where a created lead's page opens: at its log-call form when that is why it was
    /// created.
    fn created_at_page(&self, id: Uuid) -> String {
        if self.then.as_deref() == Some("call") {
            format!("/leads/{id}#log-call")
        } else {
            format!("/leads/{id}")
        }
    }

    /// The custom fields' inputs, by key, as typed.
    fn custom(&self) -> serde_json::Map<String, serde_json::Value> {
        self.rest
            .iter()
            .filter_map(|(name, value)| {
                let key = name.strip_prefix(custom_fields::INPUT_PREFIX)?;
                Some((key.to_owned(), serde_json::Value::String(value.clone())))
            })
            .collect()
    }

    /// What the form holds for a custom field.
    fn custom_text(&self, field: &CustomField) -> String {
        self.rest
            .get(&format!("{}{}", custom_fields::INPUT_PREFIX, field.key))
            .cloned()
            .unwrap_or_default()
    }

    fn tags(&self) -> Vec<String> {
        self.tags
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn owner(&self) -> Result<Option<Uuid>, FieldError> {
        given(&self.owner_id)
            .map(|o| {
                o.parse()
                    .map_err(|_| FieldError::new("owner_id", "leads-error-not-a-user"))
            })
            .transpose()
    }

    /// The lead as typed, its times read on `zone`'s clock (the user's), its amounts in
    /// `currency` as the user's language writes them.
    fn to_create(&self, zone: Zone, currency: Currency) -> Result<CreateLead, FieldError> {
        Ok(CreateLead {
            external_id: None,
            name: self.name.clone().unwrap_or_default(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            company: self.company.clone(),
            source: self.source.clone(),
            owner_id: self.owner()?,
            stage: given(&self.stage)
                .map(|s| {
                    Stage::parse(s)
                        .ok_or_else(|| FieldError::new("stage", "leads-error-not-a-stage"))
                })
                .transpose()?,
            tags: Some(self.tags()),
            deal_value: parse_amount("deal_value", self.deal_value.as_deref(), currency)?,
            referred_by: None,
            do_not_call: Some(self.do_not_call.is_some()),
            next_contact_at: parse_local_time("next_contact", self.next_contact.as_deref(), zone)?,
            notes: self.notes.clone(),
            custom: Some(self.custom()),
            created_at: None,
            allow_duplicate: Some(self.allow_duplicate.is_some()),
        })
    }

    /// The change as typed, its times read on `zone`'s clock (the user's), its amounts in
    /// `currency` as the user's language writes them.
    fn to_update(&self, zone: Zone, currency: Currency) -> Result<UpdateLead, FieldError> {
        let text = |v: &Option<String>| Some(given(v).map(str::to_owned));
        Ok(UpdateLead {
            external_id: None,
            name: self.name.clone(),
            phone: text(&self.phone),
            email: text(&self.email),
            company: text(&self.company),
            source: text(&self.source),
            owner_id: Some(self.owner()?),
            tags: Some(self.tags()),
            add_tags: None,
            remove_tags: None,
            deal_value: parse_amount("deal_value", self.deal_value.as_deref(), currency)?.map(Some),
            do_not_call: Some(self.do_not_call.is_some()),
            next_contact_at: Some(parse_local_time(
                "next_contact",
                self.next_contact.as_deref(),
                zone,
            )?),
            notes: text(&self.notes),
            // Read from the database by the handler (`referrer_of`).
            referred_by: None,
            custom: Some(self.custom()),
            allow_duplicate: Some(self.allow_duplicate.is_some()),
        })
    }
}

#[derive(Template)]
#[template(path = "lead_new.html")]
pub struct NewLeadPage {
    pub layout: Layout,
    pub form: LeadForm,
    pub owners: Vec<OwnerChoice>,
    pub stages: Vec<Choice>,
    pub error: Option<String>,
    /// Another lead has the number typed: offer to store this one anyway.
    pub duplicate: Option<Duplicate>,
    pub can_assign: bool,
    pub custom_inputs: Vec<CustomInput>,
}

/// Another lead with the same number: one the user may see (and open), or another
/// rep's, which is not named.
#[derive(Clone, Copy, Debug)]
pub enum Duplicate {
    Visible(Uuid),
    Hidden,
}

impl NewLeadPage {
    /// The page of the lead that already has the number typed, if it may be named.
    fn existing_href(&self) -> Option<String> {
        match self.duplicate {
            Some(Duplicate::Visible(id)) => Some(format!("/leads/{id}")),
            _ => None,
        }
    }
}

async fn new_page(
    state: &AppState,
    user: &UiUser,
    form: LeadForm,
    error: Option<String>,
    duplicate: Option<Duplicate>,
) -> UiResult<NewLeadPage> {
    let rules = LeadRules::of(&state.db).await?;
    Ok(NewLeadPage {
        layout: Layout::new(user, "leads"),
        custom_inputs: custom_fields::inputs(&rules, |f| form.custom_text(f)),
        form,
        owners: owner_choices(&teams::people(&state.db, user.scope()).await?),
        stages: stage_choices(Stage::ALL),
        error,
        duplicate,
        can_assign: user.role.sees_everything(),
    })
}

pub async fn new_form(State(state): State<AppState>, user: UiUser) -> UiResult<Response> {
    render(&new_page(&state, &user, LeadForm::default(), None, None).await?)
}

#[derive(Debug, Default, Deserialize)]
pub struct DialQuery {
    #[serde(default)]
    phone: String,
}

/// A number typed into the header's box, to log a call to or from it: its lead's page
/// at the log-call form, the leads that share it when there are several, or the new
/// lead form with the number filled in, to create it on the spot.
pub async fn dial(
    State(state): State<AppState>,
    user: UiUser,
    Query(query): Query<DialQuery>,
) -> UiResult<Response> {
    let typed = query.phone.trim();
    if typed.is_empty() {
        return Ok(Redirect::to("/leads").into_response());
    }
    let to_create = LeadForm {
        phone: Some(typed.to_owned()),
        then: Some("call".to_owned()),
        ..LeadForm::default()
    };
    let country = settings::default_country(&state.db).await?;
    let phone = match Phone::parse("phone", typed, country) {
        Ok(phone) => phone.into_inner(),
        Err(e) => {
            let page = new_page(&state, &user, to_create, Some(field_error(&e)), None).await?;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let found = leads::with_phone(&state.db, &phone, user.scope()).await?;
    let visible: Vec<Uuid> = found
        .iter()
        .filter(|(_, v)| *v)
        .map(|(id, _)| *id)
        .collect();
    match visible.as_slice() {
        [id] => Ok(Redirect::to(&format!("/leads/{id}#log-call")).into_response()),
        [_, _, ..] => Ok(Redirect::to(&format!("/leads?q={}", url_escape(&phone))).into_response()),
        [] if !found.is_empty() => {
            // Another rep's lead: not named, and not copied unless asked.
            let message = t("leads-error-duplicate-phone-hidden");
            let page = new_page(
                &state,
                &user,
                to_create,
                Some(message),
                Some(Duplicate::Hidden),
            )
            .await?;
            render(&page)
        }
        [] => {
            let mut page = new_page(&state, &user, to_create, None, None).await?;
            page.layout = page.layout.with_flash(Some(t("call-dial-new-lead")));
            render(&page)
        }
    }
}

/// Turn a storage error into a message for the form, or a page error.
fn form_message(err: StoreError) -> Result<(String, Option<Duplicate>), UiError> {
    match err {
        StoreError::Field(f) => Ok((field_error(&f), None)),
        // The only conflict a lead's form meets: another lead has the phone number.
        StoreError::Conflict { existing_id, .. } => {
            let message = match existing_id {
                Some(id) => t_args(
                    "leads-error-duplicate-phone",
                    &[("id", Arg::from(id.to_string()))],
                ),
                None => t("leads-error-duplicate-phone-hidden"),
            };
            Ok((
                message,
                Some(existing_id.map_or(Duplicate::Hidden, Duplicate::Visible)),
            ))
        }
        StoreError::Transition(e) => Ok((crate::i18n::transition_error(&e), None)),
        other => Err(other.into()),
    }
}

/// The referrer a form names, by the page link (or id) of a lead or by a phone number
/// read as the user would dial it: `None` when the form has no such field (it is left
/// alone), `Some(None)` when it is empty (no referrer).
async fn referrer_of(
    state: &AppState,
    user: &UiUser,
    country: Country,
    text: Option<&str>,
) -> UiResult<Result<Option<Option<Uuid>>, FieldError>> {
    let Some(text) = text.map(str::trim) else {
        return Ok(Ok(None));
    };
    if text.is_empty() {
        return Ok(Ok(Some(None)));
    }
    let last = text
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(text);
    if let Ok(id) = Uuid::parse_str(last) {
        return Ok(Ok(Some(Some(id))));
    }
    let phone = match Phone::parse("referred_by", text, country) {
        Ok(phone) => phone,
        Err(e) => return Ok(Err(e)),
    };
    Ok(
        match leads::visible_with_phone(&state.db, phone.as_str(), user.scope()).await? {
            Some(id) => Ok(Some(Some(id))),
            None => Err(FieldError::new(
                "referred_by",
                "leads-error-referrer-not-found",
            )),
        },
    )
}

pub async fn create(
    State(state): State<AppState>,
    user: UiUser,
    CsrfForm(form): CsrfForm<LeadForm>,
) -> UiResult<Response> {
    let rules = LeadRules::of(&state.db).await?;
    let validated = form
        .to_create(user.clock.zone, state.config.currency)
        .and_then(|c| c.validate(&rules).map_err(FieldError::from));
    let referrer = referrer_of(&state, &user, rules.country, form.referred_by.as_deref()).await?;
    let mut new = match validated.and_then(|n| Ok((n, referrer?))) {
        Ok((mut n, referrer)) => {
            n.referred_by = referrer.flatten();
            n
        }
        Err(e) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_page(
                    &state,
                    &user,
                    form,
                    Some(custom_fields::error_text(&rules, &e)),
                    None,
                )
                .await?,
            )
        }
    };
    if user.role == Role::Rep {
        new.owner_id = Some(user.id);
    }
    let mut tx = state.db.begin().await?;
    match leads::create(&mut tx, new, user.actor(), user.scope()).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&form.created_at_page(id)).into_response())
        }
        Err(e) => {
            drop(tx);
            let (message, duplicate) = form_message(e)?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_page(&state, &user, form, Some(message), duplicate).await?,
            )
        }
    }
}

/// A stage event's note as the reader reads it: the referral credited when a customer
/// brought a lead is recorded as `referred lead <id>`, and reads "referred <name>".
fn referral_note(reason: &str, referred: &[LeadName]) -> String {
    let named = reason
        .strip_prefix("referred lead ")
        .and_then(|id| Uuid::parse_str(id).ok())
        .map(|id| referred.iter().find(|r| r.id == id));
    match named {
        Some(Some(lead)) => t_args("leads-event-referred", &[("name", Arg::from(&lead.name))]),
        Some(None) => t("leads-event-referred-hidden"),
        None => reason.to_owned(),
    }
}

pub enum TimelineEntry {
    Call {
        when: String,
        outcome: String,
        talk: String,
        notes: String,
        flagged: bool,
        /// The call's recording, where the dialer keeps it (http or https only).
        recording: Option<String>,
    },
    Event {
        when: String,
        kind: String,
        /// "from → to", or "at stage".
        change: String,
        reason: String,
    },
    /// A chat, a text message, an e-mail or a meeting.
    Touch {
        when: String,
        /// "WhatsApp, from them · who".
        kind: String,
        notes: String,
    },
    /// Fields or tags changed: "Budi Manager changed", and a line per field.
    Change {
        when: String,
        kind: String,
        lines: Vec<String>,
    },
    /// A task added, or done.
    Task {
        when: String,
        /// "Task added" or "Task done", with who is to do it.
        kind: String,
        title: String,
    },
}

/// A task of the lead, as its page lists them.
pub struct TaskLine {
    pub id: Uuid,
    pub title: String,
    pub due: String,
    pub assignee: String,
    pub done: bool,
    /// The viewer may mark it done: theirs, or a manager's or admin's view.
    pub can_finish: bool,
}

#[derive(Template)]
#[template(path = "lead.html")]
pub struct LeadPage {
    pub layout: Layout,
    pub lead: LeadRow,
    pub phone: Option<PhoneLink>,
    /// The number as the edit form holds it, grouped as shown.
    pub phone_input: String,
    /// The stage's name.
    pub stage: String,
    /// The status's code (for the badge's class and the forms shown).
    pub status: String,
    pub status_name: String,
    /// "lost at ...", while the lead is lost.
    pub lost_text: String,
    /// The name of the furthest stage reached.
    pub max_stage: String,
    pub owner: String,
    pub deal_value: String,
    /// The deal value as the edit form holds it.
    pub deal_input: String,
    /// Who referred the lead, if the viewer may see them.
    pub referrer: Option<LeadName>,
    /// The referrer as the edit form holds it: their number, or their page's link.
    pub referrer_input: String,
    /// The lead was referred by another rep's customer: the form leaves that alone.
    pub referrer_hidden: bool,
    /// The leads this customer referred, as far as the viewer may see them.
    pub referred: Vec<LeadName>,
    /// The stage the Move form offers first: the next one, not a step back.
    pub next_stage: String,
    pub next_contact: String,
    pub next_contact_input: String,
    pub owners: Vec<OwnerChoice>,
    pub other_stages: Vec<Choice>,
    pub lost_reasons: Vec<LostReasonRow>,
    pub timeline: Vec<TimelineEntry>,
    pub error: Option<String>,
    pub can_assign: bool,
    /// "This person's data was erased on …", once it was.
    pub erased: Option<String>,
    /// The viewer may erase the person: a manager's or admin's view of a lead not yet erased.
    pub can_erase: bool,
    /// Other leads with this lead's number, offered to merge into it (managers and admins).
    pub duplicates: Vec<LeadName>,
    /// The viewer may merge leads into this one.
    pub can_merge: bool,
    /// The log-call form, for a call made or taken outside the queue.
    pub call_form: CallFormView,
    /// How the lead came back, while it waits for its first call since.
    pub returned: Option<super::queue::ReturnedView>,
    /// "Comes back on …", while it is lost for a reason that brings it back.
    pub returns_on: Option<String>,
    /// The lead's tasks, open ones first.
    pub tasks: Vec<TaskLine>,
    /// Whom a new task may be given to (managers and admins choose; a rep's are their own).
    pub assignees: Vec<OwnerChoice>,
    /// The kinds of touch the touch form offers.
    pub touch_kinds: Vec<KindChoice>,
    /// The custom fields the lead holds: label and value, as shown.
    pub custom_details: Vec<(String, String)>,
    pub custom_inputs: Vec<CustomInput>,
}

async fn lead_page(
    state: &AppState,
    user: &UiUser,
    id: Uuid,
    error: Option<String>,
) -> UiResult<LeadPage> {
    lead_page_with(state, user, id, error, LogCallForm::default()).await
}

/// The lead's page, its log-call form holding `form`.
async fn lead_page_with(
    state: &AppState,
    user: &UiUser,
    id: Uuid,
    error: Option<String>,
    form: LogCallForm,
) -> UiResult<LeadPage> {
    let lead = leads::get(&state.db, id, user.scope()).await?;
    let owners = users::list(&state.db).await?;
    let choices = owner_choices(&teams::people(&state.db, user.scope()).await?);
    let events = leads::events(&state.db, id).await?;
    let (referrer, referred) = leads::referrals(&state.db, &lead, user.scope()).await?;
    let filter = CallFilter {
        lead_id: Some(id),
        ..CallFilter::default()
    };
    let lead_calls = calls::list(&state.db, Scope::All, &filter, None, 200).await?;
    let mut dated: Vec<(DateTime<Utc>, TimelineEntry)> = Vec::new();
    for e in events {
        let reason = [
            e.lost_reason.clone(),
            e.reason.as_deref().map(|r| referral_note(r, &referred)),
            e.deal_value.map(|v| {
                t_args(
                    "leads-event-deal-value",
                    &[("value", Arg::from(money(v, state.config.currency)))],
                )
            }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        let kind = match e.came_back_by {
            Some(CameBackBy::Call) => t("leads-event-came-back-call"),
            Some(CameBackBy::Form) => t("leads-event-came-back-form"),
            Some(CameBackBy::Import) => t("leads-event-came-back-import"),
            None if e.actor_call_id.is_some() => t_args(
                "leads-event-by-call",
                &[("kind", Arg::from(event_name(e.kind)))],
            ),
            None => event_name(e.kind),
        };
        let change = match e.from_stage {
            Some(from) if from != e.to_stage => t_args(
                "leads-event-moved",
                &[
                    ("from", Arg::from(stage_name(from))),
                    ("to", Arg::from(stage_name(e.to_stage))),
                ],
            ),
            _ => t_args(
                "leads-event-at",
                &[("stage", Arg::from(stage_name(e.to_stage)))],
            ),
        };
        dated.push((
            e.created_at,
            TimelineEntry::Event {
                when: datetime(e.created_at, user.clock.zone),
                kind,
                change,
                reason,
            },
        ));
    }
    for c in lead_calls {
        let outcome = match c.intent {
            Some(intent) => t_args(
                "leads-call-with-intent",
                &[
                    ("outcome", Arg::from(outcome_name(c.outcome))),
                    ("intent", Arg::from(intent_name(intent))),
                ],
            ),
            None => outcome_name(c.outcome),
        };
        let rep = owner_name(&owners, Some(c.rep_id));
        dated.push((
            c.started_at,
            TimelineEntry::Call {
                when: datetime(c.started_at, user.clock.zone),
                outcome: format!("{outcome} · {rep}"),
                talk: if c.talk_seconds > 0 {
                    duration(i64::from(c.talk_seconds))
                } else {
                    String::new()
                },
                notes: c.notes.unwrap_or_default(),
                flagged: c.do_not_call,
                recording: c
                    .recording_url
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            },
        ));
    }
    let lead_touches = touch_store::list(
        &state.db,
        Scope::All,
        &TouchFilter {
            lead_id: Some(id),
            ..TouchFilter::default()
        },
        None,
        200,
    )
    .await?;
    for touch in &lead_touches {
        let who = owner_name(&owners, Some(touch.user_id));
        dated.push((
            touch.happened_at,
            TimelineEntry::Touch {
                when: datetime(touch.happened_at, user.clock.zone),
                kind: format!("{} · {who}", touches::describe(touch)),
                notes: touch.notes.clone().unwrap_or_default(),
            },
        ));
    }
    let lead_tasks = tasks::list(
        &state.db,
        &TaskFilter {
            lead_id: Some(id),
            ..TaskFilter::default()
        },
        Scope::All,
        None,
        200,
    )
    .await?;
    for task in &lead_tasks {
        let entry = |at, id: &str, who: Option<Uuid>| {
            let name = owner_name(&owners, who);
            (
                at,
                TimelineEntry::Task {
                    when: datetime(at, user.clock.zone),
                    kind: t_args(id, &[("name", Arg::from(&name))]),
                    title: task.title.clone(),
                },
            )
        };
        dated.push(entry(
            task.created_at,
            "leads-timeline-task-added",
            Some(task.assignee_id),
        ));
        if let Some(done_at) = task.done_at {
            dated.push(entry(done_at, "leads-timeline-task-done", task.done_by));
        }
    }
    let mut task_lines: Vec<TaskLine> = lead_tasks
        .into_iter()
        .map(|task| TaskLine {
            id: task.id,
            due: opt_datetime(task.due_at, user.clock.zone),
            assignee: owner_name(&owners, Some(task.assignee_id)),
            done: task.done,
            can_finish: task.assignee_id == user.id || user.role.sees_everything(),
            title: task.title,
        })
        .collect();
    task_lines.sort_by_key(|task| task.done);
    let currency = state.config.currency;
    for change in audit::lead_history(&state.db, id, None, 200).await? {
        let names = trail::Names {
            people: &owners,
            teams: &[],
        };
        let lines = trail::change_lines(
            &change.action,
            &change.changes,
            names,
            currency,
            user.clock.zone,
        );
        if lines.is_empty() && change.via != "import" && change.action != "erased" {
            continue;
        }
        let who = match change.user_id {
            Some(_) => owner_name(&owners, change.user_id),
            None => t("leads-history-system"),
        };
        let kind = t_args(
            match (change.action.as_str(), change.via.as_str()) {
                ("erased", _) => "leads-history-erased",
                ("merged", _) => "leads-history-merged",
                (_, "import") => "leads-history-imported",
                (_, "api") => "leads-history-changed-api",
                _ => "leads-history-changed",
            },
            &[("name", Arg::from(&who))],
        );
        dated.push((
            change.at,
            TimelineEntry::Change {
                when: datetime(change.at, user.clock.zone),
                kind,
                lines,
            },
        ));
    }
    dated.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    let stage = lead.stage();
    let lost_reasons = reference::list_lost_reasons(&state.db, false).await?;
    let rules = LeadRules::of(&state.db).await?;
    let returned = leads::returned(&state.db, id)
        .await?
        .map(|back| super::queue::returned_view(&back, user.clock.zone));
    let returns_on = leads::returns_at(&state.db, id).await?.map(|at| {
        t_args(
            "leads-returns-on",
            &[("when", Arg::from(datetime(at, user.clock.zone)))],
        )
    });
    Ok(LeadPage {
        returned,
        returns_on,
        layout: Layout::new(user, "leads"),
        custom_details: custom_fields::details(&rules, &lead),
        custom_inputs: custom_fields::inputs(&rules, |f| {
            custom_fields::input_text(lead.custom.get(&f.key))
        }),
        phone: opt_phone(lead.phone.as_deref()),
        phone_input: lead
            .phone
            .as_deref()
            .map(Phone::international)
            .unwrap_or_default(),
        stage: stage_name(stage),
        status: lead.status().as_str().to_owned(),
        status_name: status_name(lead.status()),
        lost_text: lead
            .lost_stage
            .map(|s| match &lead.lost_reason {
                Some(reason) => t_args(
                    "leads-lost-at-reason",
                    &[
                        ("stage", Arg::from(stage_name(s))),
                        ("reason", Arg::from(reason)),
                    ],
                ),
                None => t_args("leads-lost-at", &[("stage", Arg::from(stage_name(s)))]),
            })
            .unwrap_or_default(),
        max_stage: stage_name(lead.max_stage()),
        owner: owner_name(&owners, lead.owner_id),
        deal_value: lead
            .deal_value
            .map(|v| money(v, state.config.currency))
            .unwrap_or_default(),
        deal_input: lead
            .deal_value
            .map(|v| amount_input(v, state.config.currency))
            .unwrap_or_default(),
        referrer_input: referrer
            .as_ref()
            .map(|r| match &r.phone {
                Some(phone) => Phone::international(phone),
                None => format!("/leads/{}", r.id),
            })
            .unwrap_or_default(),
        referrer_hidden: lead.referred_by.is_some() && referrer.is_none(),
        referrer,
        referred,
        next_stage: stage
            .next()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        next_contact: opt_datetime(lead.next_contact_at, user.clock.zone),
        next_contact_input: lead
            .next_contact_at
            .map(|t| local_input(t, user.clock.zone))
            .unwrap_or_default(),
        owners: choices.clone(),
        other_stages: stage_choices(Stage::ALL.into_iter().filter(|s| *s != stage)),
        call_form: log_call::view(&lead, Place::LeadPage, &lost_reasons, form),
        tasks: task_lines,
        assignees: if user.role.sees_everything() {
            choices
        } else {
            Vec::new()
        },
        lost_reasons,
        touch_kinds: touches::kind_choices(),
        timeline: dated.into_iter().map(|(_, e)| e).collect(),
        erased: lead.erased_at.map(|at| {
            t_args(
                "leads-erased-notice",
                &[("when", Arg::from(datetime(at, user.clock.zone)))],
            )
        }),
        can_erase: user.role.sees_everything() && lead.erased_at.is_none(),
        duplicates: if user.role.sees_everything() {
            leads::with_same_phone(&state.db, id, user.scope()).await?
        } else {
            Vec::new()
        },
        can_merge: user.role.sees_everything(),
        error,
        can_assign: user.role.sees_everything(),
        lead,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    /// Set after a call was logged here.
    logged: Option<String>,
    /// Set after a task was added here, or marked done.
    task: Option<String>,
    done: Option<String>,
    /// Set after a touch was logged here.
    touched: Option<String>,
    /// Set after a change saved here: `details`, `moved`, `lost` or `reopened`.
    saved: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    Query(query): Query<ShowQuery>,
) -> UiResult<Response> {
    let mut page = lead_page(&state, &user, id, None).await?;
    let flash = if query.logged.is_some() {
        Some(t("call-logged"))
    } else if query.task.is_some() {
        Some(t("leads-task-added"))
    } else if query.done.is_some() {
        Some(t("agenda-task-done"))
    } else if query.touched.is_some() {
        Some(t("touch-logged"))
    } else {
        match query.saved.as_deref() {
            Some("details") => Some(t("leads-saved-details")),
            Some("moved") => Some(t_args(
                "leads-saved-moved",
                &[("stage", Arg::from(&page.stage))],
            )),
            Some("lost") => Some(t("leads-saved-lost")),
            Some("reopened") => Some(t("leads-saved-reopened")),
            Some("erased") => Some(t("leads-saved-erased")),
            Some("merged") => Some(t("leads-saved-merged")),
            _ => None,
        }
    };
    page.layout = page.layout.with_flash(flash);
    render(&page)
}

/// Add a task on this lead from its page.
pub async fn add_task(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<TaskForm>,
) -> UiResult<Response> {
    // The lead must be one this user may see before anything is said about the form.
    leads::get(&state.db, id, user.scope()).await?;
    match agenda::create_for_lead(&state, &user, id, &form).await? {
        Ok(()) => Ok(Redirect::to(&format!("/leads/{id}?task=1")).into_response()),
        Err(message) => {
            let page = lead_page(&state, &user, id, Some(message)).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// Log a chat, a text message, an e-mail or a meeting on this lead from its page.
pub async fn add_touch(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<TouchForm>,
) -> UiResult<Response> {
    // The lead must be one this user may see before anything is said about the form.
    leads::get(&state.db, id, user.scope()).await?;
    match touches::log_for_lead(&state, &user, id, &form).await? {
        Ok(()) => Ok(Redirect::to(&format!("/leads/{id}?touched=1")).into_response()),
        Err(message) => {
            let page = lead_page(&state, &user, id, Some(message)).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

/// Log a call on this lead (made or taken outside the queue), and what it decided.
pub async fn log_call(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<LogCallForm>,
) -> UiResult<Response> {
    // The lead must be one this user may see before anything is said about the form.
    leads::get(&state.db, id, user.scope()).await?;
    let (form, message) = match log_call::save(&state, &user, id, &form).await {
        Ok(()) => return Ok(Redirect::to(&format!("/leads/{id}?logged=1")).into_response()),
        Err(RefusedOr::Refused(Refused::Message(message))) => (form, message),
        Err(RefusedOr::Refused(Refused::SentBefore(message))) => (LogCallForm::default(), message),
        Err(RefusedOr::Store(e)) => return Err(e.into()),
    };
    let page = lead_page_with(&state, &user, id, Some(message), form).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

async fn show_error(
    state: &AppState,
    user: &UiUser,
    id: Uuid,
    message: String,
) -> UiResult<Response> {
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &lead_page(state, user, id, Some(message)).await?,
    )
}

pub async fn update(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<LeadForm>,
) -> UiResult<Response> {
    let rules = LeadRules::of(&state.db).await?;
    let referrer = referrer_of(&state, &user, rules.country, form.referred_by.as_deref()).await?;
    let mut patch = match form
        .to_update(user.clock.zone, state.config.currency)
        .and_then(|u| u.validate(&rules).map_err(FieldError::from))
        .and_then(|p| Ok((p, referrer?)))
    {
        Ok((mut p, referrer)) => {
            p.referred_by = referrer;
            p
        }
        Err(e) => {
            let message = custom_fields::error_text(&rules, &e);
            return show_error(&state, &user, id, message).await;
        }
    };
    if !user.role.sees_everything() {
        // Reps keep what they own; ownership is the manager's call.
        patch.owner_id = None;
    }
    let mut tx = state.db.begin().await?;
    match leads::update(&mut tx, id, patch, user.scope(), user.actor()).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/leads/{id}?saved=details")).into_response())
        }
        Err(e) => {
            drop(tx);
            let (message, _) = form_message(e)?;
            show_error(&state, &user, id, message).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    to: String,
    reason: Option<String>,
    deal_value: Option<String>,
    /// The board page the move was made on, to go back to.
    next: Option<String>,
}

async fn apply_change(
    state: &AppState,
    user: &UiUser,
    id: Uuid,
    change: Change,
    details: ChangeDetails,
) -> UiResult<Response> {
    let saved = match change {
        Change::MarkLost => "lost",
        Change::Reopen => "reopened",
        _ => "moved",
    };
    let mut tx = state.db.begin().await?;
    match leads::change_stage(&mut tx, id, &change, &details, user.actor(), user.scope()).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/leads/{id}?saved={saved}")).into_response())
        }
        Err(e) => {
            drop(tx);
            let (message, _) = form_message(e)?;
            show_error(state, user, id, message).await
        }
    }
}

pub async fn move_stage(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> UiResult<Response> {
    let parsed = (|| {
        let to = Stage::parse(&form.to)
            .ok_or_else(|| FieldError::new("to", "leads-error-choose-stage"))?;
        let reason = optional_text("reason", form.reason.as_deref(), 2000)?;
        let deal_value = parse_amount(
            "deal_value",
            form.deal_value.as_deref(),
            state.config.currency,
        )?;
        Ok::<_, FieldError>((to, reason, deal_value))
    })();
    let board = board_return(form.next.as_deref());
    let (to, reason, deal_value) = match parsed {
        Ok(p) => p,
        Err(e) => {
            if let Some(board) = board {
                let back = after_move(board, Err((id, &form.to, &e.field)));
                return Ok(Redirect::to(&back).into_response());
            }
            return show_error(&state, &user, id, field_error(&e)).await;
        }
    };
    let change = Change::MoveTo {
        to,
        reason: reason.clone(),
        sets_deal_value: deal_value.is_some(),
    };
    let details = ChangeDetails {
        reason,
        deal_value,
        ..ChangeDetails::default()
    };
    if let Some(board) = board {
        // From the board: back to the board, with the move made or what it needs.
        let mut tx = state.db.begin().await?;
        let outcome =
            leads::change_stage(&mut tx, id, &change, &details, user.actor(), user.scope()).await;
        let problem = match outcome {
            Ok(_) => {
                tx.commit().await?;
                None
            }
            Err(StoreError::Transition(e)) => Some(e.field().unwrap_or("to").to_owned()),
            Err(StoreError::Field(e)) => Some(e.field),
            Err(other) => return Err(other.into()),
        };
        let outcome = match &problem {
            None => Ok(to),
            Some(field) => Err((id, form.to.as_str(), field.as_str())),
        };
        return Ok(Redirect::to(&after_move(board, outcome)).into_response());
    }
    apply_change(&state, &user, id, change, details).await
}

#[derive(Debug, Deserialize)]
pub struct LostForm {
    reason: String,
    note: Option<String>,
}

pub async fn mark_lost(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<LostForm>,
) -> UiResult<Response> {
    let note = match optional_text("note", form.note.as_deref(), 2000) {
        Ok(n) => n,
        Err(e) => return show_error(&state, &user, id, field_error(&e)).await,
    };
    let reason_id = match reference::resolve_lost_reason(&state.db, form.reason.trim()).await {
        Ok(r) => r,
        Err(StoreError::Field(_)) => {
            return show_error(&state, &user, id, t("leads-error-lost-reason-missing")).await
        }
        Err(other) => return Err(other.into()),
    };
    let details = ChangeDetails {
        reason: note,
        lost_reason_id: Some(reason_id),
        ..ChangeDetails::default()
    };
    apply_change(&state, &user, id, Change::MarkLost, details).await
}

#[derive(Debug, Deserialize)]
pub struct ReopenForm {
    reason: Option<String>,
}

pub async fn reopen(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<ReopenForm>,
) -> UiResult<Response> {
    let reason = optional_text("reason", form.reason.as_deref(), 2000)
        .map_err(|e| UiError::BadRequest(field_error(&e)))?;
    apply_change(
        &state,
        &user,
        id,
        Change::Reopen,
        ChangeDetails {
            reason,
            ..ChangeDetails::default()
        },
    )
    .await
}

/// Merge duplicates into the lead (managers and admins): the ones ticked among those with its
/// number, and another named by its number or its page's link, once the box saying the others
/// are removed is ticked.
pub async fn merge(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> UiResult<Response> {
    leads::get(&state.db, id, user.scope()).await?;
    let value = |name: &str| form_value(&fields, name);
    let mut from = Vec::new();
    for (_, text) in fields.iter().filter(|(k, _)| k == "from") {
        match text.parse::<Uuid>() {
            Ok(other) => from.push(other),
            Err(_) => {
                let refused = FieldError::new("from", "error-not-uuid");
                return show_error(&state, &user, id, field_error(&refused)).await;
            }
        }
    }
    if let Some(other) = value("other") {
        let country = settings::default_country(&state.db).await?;
        match referrer_of(&state, &user, country, Some(other)).await? {
            Ok(Some(Some(other))) => from.push(other),
            Ok(_) => {}
            Err(_) => {
                let refused = FieldError::new("other", "leads-merge-error-not-found");
                return show_error(&state, &user, id, field_error(&refused)).await;
            }
        }
    }
    if value("confirm") != Some("yes") {
        let refused = FieldError::new("confirm", "leads-merge-error-confirm");
        return show_error(&state, &user, id, field_error(&refused)).await;
    }
    match crate::service::leads::merge(&state.db, id, &from, user.actor(), user.scope()).await {
        Ok(_) => Ok(Redirect::to(&format!("/leads/{id}?saved=merged")).into_response()),
        Err(StoreError::Field(e)) => show_error(&state, &user, id, field_error(&e)).await,
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct EraseForm {
    /// `yes` when the box saying it cannot be undone is ticked.
    confirm: Option<String>,
}

/// Erase the person the lead is, on their request (managers and admins): the lead stays as an
/// anonymous husk and every figure as it was.
pub async fn erase(
    State(state): State<AppState>,
    Manager(user): Manager,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> UiResult<Response> {
    leads::get(&state.db, id, user.scope()).await?;
    if form.confirm.as_deref() != Some("yes") {
        let refused = FieldError::new("confirm", "leads-erase-error-confirm");
        return show_error(&state, &user, id, field_error(&refused)).await;
    }
    crate::service::erasure::erase(&state.db, id, user.actor(), user.scope()).await?;
    Ok(Redirect::to(&format!("/leads/{id}?saved=erased")).into_response())
}

const EXPORT_HEADER: [&str; 15] = [
    "id",
    "name",
    "phone",
    "email",
    "company",
    "source",
    "owner",
    "stage",
    "status",
    "tags",
    "deal_value",
    "call_count",
    "last_call_at",
    "next_contact_at",
    "created_at",
];

/// `GET /leads/export?format=...`: the leads the list shows for the same filters, every
/// page of them, a thousand rows at a time, as CSV (streamed), CSV for Excel or XLSX;
/// times on the company's clock (with their offset in a CSV).
pub async fn export(
    State(state): State<AppState>,
    user: UiUser,
    Query(query): Query<ListQuery>,
    Query(file): Query<ExportFormat>,
) -> UiResult<Response> {
    let format = FileFormat::parse("format", file.format.as_deref())
        .map_err(|e| UiError::BadRequest(field_error(&e)))?;
    let zone = user.clock.company;
    let rules = LeadRules::of(&state.db).await?;
    let filter = query.filter(zone, &rules)?;
    let owners = users::list(&state.db).await?;
    let scope = user.scope();
    let db = state.db.clone();
    let currency = state.config.currency;
    // Leadline's own columns, then each custom field's, headed by its key as the API and
    // the import name it.
    let fields: Vec<CustomField> = rules.active_fields().cloned().collect();
    let header: Vec<String> = EXPORT_HEADER
        .iter()
        .map(|h| (*h).to_owned())
        .chain(fields.iter().map(|f| f.key.clone()))
        .collect();
    let response = export::rows(
        format,
        "leads",
        &header,
        move |after| {
            let (db, filter) = (db.clone(), filter.clone());
            async move { leads::list(&db, scope, &filter, after, export::PAGE).await }
        },
        |l: &LeadRow| (l.created_at, l.id),
        move |l: LeadRow| {
            let owner = owner_name(&owners, l.owner_id);
            let (stage, status) = (l.stage().as_str(), l.status().as_str());
            vec![
                Cell::text(l.id.to_string()),
                Cell::Text(l.name),
                Cell::opt_text(l.phone),
                Cell::opt_text(l.email),
                Cell::opt_text(l.company),
                Cell::opt_text(l.source),
                Cell::Text(owner),
                Cell::text(stage),
                Cell::text(status),
                Cell::Text(l.tags.join(", ")),
                Cell::opt_money(l.deal_value, currency),
                Cell::Int(i64::from(l.call_count)),
                Cell::opt_at(l.last_call_at, zone),
                Cell::opt_at(l.next_contact_at, zone),
                Cell::At(l.created_at, zone),
            ]
            .into_iter()
            .chain(fields.iter().map(|f| custom_cell(f, l.custom.get(&f.key))))
            .collect()
        },
    )
    .await;
    Ok(response)
}

/// A custom field's value as an export's cell: a number as a number, a date as a date.
fn custom_cell(field: &CustomField, value: Option<&serde_json::Value>) -> Cell {
    match (field.kind, value) {
        (_, None | Some(serde_json::Value::Null)) => Cell::Empty,
        (FieldKind::Number, Some(serde_json::Value::Number(n))) => match n.as_i64() {
            Some(whole) => Cell::Int(whole),
            None => n.as_f64().map_or(Cell::Empty, Cell::Number),
        },
        (FieldKind::Date, Some(serde_json::Value::String(text))) => {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_or_else(|_| Cell::text(text.clone()), Cell::Date)
        }
        (_, Some(serde_json::Value::String(text))) => Cell::text(text.clone()),
        (_, Some(other)) => Cell::text(other.to_string()),
    }
}

/// The file an export is written as: `csv` (the default), `excel_csv` or `xlsx`.
#[derive(Debug, Deserialize)]
pub struct ExportFormat {
    pub format: Option<String>,
}
