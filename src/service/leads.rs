//! A lead as it comes in, from the API's JSON, a page's form or an import's row, and
//! the checks that turn it into what storage writes.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::input::{double_option, money_amount, tag_names};
use crate::domain::custom::{self, CustomField};
use crate::domain::lead::{channel, Email};
use crate::domain::phone::{Country, Phone};
use crate::domain::stage::Stage;
use crate::domain::{optional_text, required_text, when, Checks, FieldError, FieldErrors};
use crate::storage::leads::{self, LeadPatch, NewLead};
use crate::storage::{audit, custom_fields, Actor, StoreResult};

/// What a lead is checked against: the company's default country (numbers without `+`
/// are read in it) and its custom fields.
#[derive(Clone, Debug)]
pub struct LeadRules {
    pub country: Country,
    /// Every custom field, the inactive ones too (a value of one may be cleared).
    pub custom_fields: Vec<CustomField>,
}

impl LeadRules {
    pub async fn of(db: &sqlx::PgPool) -> StoreResult<Self> {
        let (country, custom_fields) = custom_fields::with_country(db).await?;
        Ok(Self {
            country: Country::parse("default_country", &country)?,
            custom_fields,
        })
    }

    /// The rules of a company with no custom fields.
    pub fn plain(country: Country) -> Self {
        Self {
            country,
            custom_fields: Vec::new(),
        }
    }

    /// The active custom fields, in the order they are shown.
    pub fn active_fields(&self) -> impl Iterator<Item = &CustomField> {
        self.custom_fields.iter().filter(|f| f.active)
    }
}

/// The custom fields' filters, each read as its field's kind: every one that names no
/// field, or a value the field cannot hold, is named as `custom.<key>`.
pub fn custom_filter(
    rules: &LeadRules,
    given: &[(String, String)],
) -> Result<serde_json::Map<String, serde_json::Value>, FieldErrors> {
    let mut checks = Checks::default();
    let mut filter = serde_json::Map::new();
    for (key, text) in given {
        match rules.custom_fields.iter().find(|f| f.key == *key) {
            None => checks.add(FieldError::new(
                format!("custom.{key}"),
                "error-custom-unknown",
            )),
            Some(field) => match checks.take(field.read_text(text).map(Some)) {
                Some(serde_json::Value::Null) | None => {}
                Some(value) => {
                    filter.insert(key.clone(), value);
                }
            },
        }
    }
    checks.finish(filter)
}

/// Custom fields' values as given (by key), checked against `rules`.
fn custom_values(
    rules: &LeadRules,
    given: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, FieldErrors> {
    given
        .map(|values| custom::check_values(&rules.custom_fields, values))
        .transpose()
}

#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateLead {
    /// Another system's id for the lead (a dialer's, a web form's): 1 to 200 characters,
    /// unique.
    pub external_id: Option<String>,
    pub name: String,
    /// Any common format; numbers without `+` are read in the configured default country.
    pub phone: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    /// The entry stage, for leads that enter mid-funnel (default `new`).
    pub stage: Option<Stage>,
    pub tags: Option<Vec<String>>,
    /// Minor units; required when entering at `decide` or later.
    #[schema(minimum = 0, maximum = 10_000_000_000_000_i64)]
    pub deal_value: Option<i64>,
    /// A won customer who referred this lead: moves them on to `referral`.
    pub referred_by: Option<Uuid>,
    pub do_not_call: Option<bool>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    /// Custom fields' values by key (`GET /api/v1/custom-fields`): text and a choice as a
    /// string, a number as a number, a date as `YYYY-MM-DD`.
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub custom: Option<serde_json::Map<String, serde_json::Value>>,
    /// When the lead really came in, for history brought over from elsewhere.
    pub created_at: Option<DateTime<Utc>>,
    /// Store the lead even if another lead has the same phone number.
    pub allow_duplicate: Option<bool>,
}

impl CreateLead {
    /// The lead to store, or every field that is wrong with it.
    pub fn validate(&self, rules: &LeadRules) -> Result<NewLead, FieldErrors> {
        let default_country = rules.country;
        let now = Utc::now();
        let mut checks = Checks::default();
        let lead = NewLead {
            external_id: checks.take(optional_text(
                "external_id",
                self.external_id.as_deref(),
                200,
            )),
            name: checks.take(required_text("name", &self.name, 200)),
            phone: checks.take(optional_phone(self.phone.as_deref(), default_country)),
            email: checks.take(optional_email(self.email.as_deref())),
            company: checks.take(optional_text("company", self.company.as_deref(), 200)),
            source: checks.take(
                self.source
                    .as_deref()
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| channel("source", s))
                    .transpose(),
            ),
            owner_id: self.owner_id,
            entry_stage: self.stage,
            tags: checks.take(tag_names("tags", self.tags.clone())),
            deal_value: checks.take(money_amount("deal_value", self.deal_value)),
            referred_by: self.referred_by,
            do_not_call: self.do_not_call.unwrap_or(false),
            next_contact_at: checks.take(
                self.next_contact_at
                    .map(|at| when::planned("next_contact_at", at))
                    .transpose(),
            ),
            notes: checks.take(optional_text("notes", self.notes.as_deref(), 10_000)),
            custom: match custom_values(rules, self.custom.as_ref()) {
                Ok(values) => custom::without_nulls(values.unwrap_or_default()),
                Err(errors) => {
                    checks.add_all(errors);
                    serde_json::Map::new()
                }
            },
            created_at: checks.take(
                self.created_at
                    .map(|at| when::happened("created_at", at, now))
                    .transpose(),
            ),
            allow_duplicate: self.allow_duplicate.unwrap_or(false),
        };
        checks.finish(lead)
    }
}

impl CreateLead {
    /// This lead as a change to the one that has its `external_id` already: each field
    /// given replaces that lead's own, and the rest stay as they are. The stage is moved
    /// by transitions alone and `created_at` stays the first one, so both are left out.
    pub fn into_update(self) -> UpdateLead {
        UpdateLead {
            external_id: None,
            name: Some(self.name),
            phone: self.phone.map(Some),
            email: self.email.map(Some),
            company: self.company.map(Some),
            source: self.source.map(Some),
            owner_id: self.owner_id.map(Some),
            tags: self.tags,
            add_tags: None,
            remove_tags: None,
            deal_value: self.deal_value.map(Some),
            do_not_call: self.do_not_call,
            next_contact_at: self.next_contact_at.map(Some),
            notes: self.notes.map(Some),
            referred_by: self.referred_by.map(Some),
            custom: self.custom,
            allow_duplicate: self.allow_duplicate,
        }
    }
}

fn optional_phone(
    raw: Option<&str>,
    default_country: Country,
) -> Result<Option<String>, FieldError> {
    raw.filter(|p| !p.trim().is_empty())
        .map(|p| Phone::parse("phone", p, default_country).map(Phone::into_inner))
        .transpose()
}

fn optional_email(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    raw.filter(|e| !e.trim().is_empty())
        .map(|e| Email::parse("email", e).map(Email::into_inner))
        .transpose()
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateLead {
    /// Another system's id for the lead; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub external_id: Option<Option<String>>,
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub company: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub source: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Option<Option<Uuid>>,
    /// Every tag the lead is to have, replacing its tags.
    pub tags: Option<Vec<String>>,
    /// Tags to add beside the lead's own (not with `tags`): two clients adding at once
    /// both keep theirs.
    pub add_tags: Option<Vec<String>>,
    /// Tags to take off the lead (not with `tags`).
    pub remove_tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 10_000_000_000_000_i64)]
    pub deal_value: Option<Option<i64>>,
    pub do_not_call: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub next_contact_at: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    /// A won customer who referred this lead: naming a new one moves them on to `referral`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub referred_by: Option<Option<Uuid>>,
    /// Custom fields to set, by key; `null` clears one, and those not named stay.
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub custom: Option<serde_json::Map<String, serde_json::Value>>,
    pub allow_duplicate: Option<bool>,
}

impl UpdateLead {
    /// The change to make, or every field that is wrong with it.
    pub fn validate(self, rules: &LeadRules) -> Result<LeadPatch, FieldErrors> {
        let default_country = rules.country;
        let text = |field: &str,
                    value: Option<Option<String>>,
                    max: usize|
         -> Result<Option<Option<String>>, FieldError> {
            value
                .map(|v| optional_text(field, v.as_deref(), max))
                .transpose()
        };
        let mut checks = Checks::default();
        let patch = LeadPatch {
            external_id: checks.take(text("external_id", self.external_id, 200)),
            name: checks.take(
                self.name
                    .map(|n| required_text("name", &n, 200))
                    .transpose(),
            ),
            phone: checks.take(
                self.phone
                    .map(|p| optional_phone(p.as_deref(), default_country))
                    .transpose(),
            ),
            email: checks.take(self.email.map(|e| optional_email(e.as_deref())).transpose()),
            company: checks.take(text("company", self.company, 200)),
            source: checks.take(
                self.source
                    .map(|s| {
                        s.as_deref()
                            .filter(|s| !s.trim().is_empty())
                            .map(|s| channel("source", s))
                            .transpose()
                    })
                    .transpose(),
            ),
            owner_id: self.owner_id,
            tags: checks.take(match (&self.tags, &self.add_tags, &self.remove_tags) {
                (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                    Err(FieldError::new("tags", "error-tags-replace-or-change"))
                }
                (tags, _, _) => tags.clone().map(|t| tag_names("tags", Some(t))).transpose(),
            }),
            add_tags: checks.take(tag_names("add_tags", self.add_tags)),
            remove_tags: checks.take(tag_names("remove_tags", self.remove_tags)),
            deal_value: checks.take(
                self.deal_value
                    .map(|v| money_amount("deal_value", v))
                    .transpose(),
            ),
            do_not_call: self.do_not_call,
            phone_bad: None,
            next_contact_at: checks.take(
                self.next_contact_at
                    .map(|at| {
                        at.map(|at| when::planned("next_contact_at", at))
                            .transpose()
                    })
                    .transpose(),
            ),
            notes: checks.take(text("notes", self.notes, 10_000)),
            referred_by: self.referred_by,
            custom: match custom_values(rules, self.custom.as_ref()) {
                Ok(values) => values,
                Err(errors) => {
                    checks.add_all(errors);
                    None
                }
            },
            allow_duplicate: self.allow_duplicate.unwrap_or(false),
        };
        checks.finish(patch)
    }
}

/// Merge the leads `from` into `survivor` (`storage::leads::merge`) as `actor`, in one
/// transaction.
pub async fn merge(
    db: &sqlx::PgPool,
    survivor: Uuid,
    from: &[Uuid],
    actor: Actor,
    scope: crate::storage::Scope,
) -> StoreResult<leads::Merged> {
    let mut tx = audit::begin_as(db, actor).await?;
    let merged = leads::merge(&mut tx, survivor, from, scope).await?;
    tx.commit().await?;
    Ok(merged)
}
