//! What each webhook delivery's body holds, as the OpenAPI document's `webhooks` section
//! describes it. The bodies themselves are built in SQL by the triggers that enqueue them
//! (`webhook_lead` and friends, migrations 0005 and 0025); a test reads real deliveries
//! and checks them against these shapes, so the two cannot drift apart.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::call::{Direction, Intent, Outcome};
use crate::domain::stage::{EventKind, LeadStatus, Stage};
use crate::domain::webhook::EventType;

/// A lead as a delivery carries it: as it stood right after the change, without its tags.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WebhookLead {
    pub id: Uuid,
    /// Another system's id for the lead.
    pub external_id: Option<String>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    pub stage: Stage,
    pub max_stage: Stage,
    pub status: LeadStatus,
    /// Minor units.
    pub deal_value: Option<i64>,
    pub referred_by: Option<Uuid>,
    /// The custom fields' values, by key.
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    pub custom: serde_json::Value,
    /// On the company's clock, with its offset.
    pub created_at: DateTime<FixedOffset>,
}

/// Who made a change: a user (page or token), a token, and the call that made it, where
/// there is one.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WebhookActor {
    pub user_id: Option<Uuid>,
    pub token_id: Option<Uuid>,
    pub call_id: Option<Uuid>,
}

/// A call as a delivery carries it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WebhookCall {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub rep_id: Uuid,
    pub direction: Direction,
    pub started_at: DateTime<FixedOffset>,
    pub ring_seconds: Option<i32>,
    pub talk_seconds: i32,
    pub outcome: Outcome,
    pub intent: Option<Intent>,
    pub notes: Option<String>,
    pub next_contact_at: Option<DateTime<FixedOffset>>,
    pub recording_url: Option<String>,
    /// The lead asked on this call not to be called again.
    pub do_not_call: bool,
    pub created_at: DateTime<FixedOffset>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeadCreatedData {
    pub lead: WebhookLead,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeadStageChangedData {
    pub lead: WebhookLead,
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    /// `advance`, `skip`, `regress`, `reopen`, or `return`: a lost lead came back on its lost
    /// reason's day or by itself.
    pub kind: EventKind,
    pub reason: Option<String>,
    pub deal_value: Option<i64>,
    pub at: DateTime<FixedOffset>,
    pub actor: WebhookActor,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeadLostData {
    pub lead: WebhookLead,
    /// The stage it was lost at.
    pub stage: Stage,
    /// The lost reason's label, when one was given.
    pub lost_reason: Option<String>,
    pub reason: Option<String>,
    pub at: DateTime<FixedOffset>,
    pub actor: WebhookActor,
}

/// What changed: each of the lead's own fields that did (`external_id`, `name`, `phone`, `email`,
/// `company`, `source`, `owner_id`, `deal_value`, `referred_by`, `do_not_call`,
/// `phone_bad`, `next_contact_at`, `notes`, `custom`, `erased_at`) with its new value, or
/// the tags added or removed; `custom` is all the custom fields' values as they now are. An erasure changes `erased_at`: erase the person on your side too.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LeadChanges {
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<Uuid>,
    pub deal_value: Option<i64>,
    pub referred_by: Option<Uuid>,
    pub do_not_call: Option<bool>,
    pub phone_bad: Option<bool>,
    pub next_contact_at: Option<DateTime<FixedOffset>>,
    pub notes: Option<String>,
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub custom: Option<serde_json::Value>,
    pub erased_at: Option<DateTime<FixedOffset>>,
    pub tags_added: Option<Vec<String>>,
    pub tags_removed: Option<Vec<String>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeadUpdatedData {
    pub lead: WebhookLead,
    pub changes: LeadChanges,
    pub at: DateTime<FixedOffset>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeadDeletedData {
    pub lead_id: Uuid,
    /// The lead it was merged into, which has its calls and history now.
    pub merged_into: Option<Uuid>,
    pub at: DateTime<FixedOffset>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CallLoggedData {
    pub call: WebhookCall,
}

/// The envelope every delivery shares: `id` is the event's, the same in every retry and
/// for every subscription, so receivers deduplicate on it.
macro_rules! event {
    ($name:ident, $data:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub id: Uuid,
            #[serde(rename = "type")]
            pub kind: EventType,
            pub created_at: DateTime<FixedOffset>,
            pub data: $data,
        }
    };
}

event!(
    LeadCreatedEvent,
    LeadCreatedData,
    "`lead.created`: a lead was created (API, page, import)."
);
event!(
    LeadStageChangedEvent,
    LeadStageChangedData,
    "`lead.stage_changed`: a lead advanced, skipped, moved back, was reopened or came back."
);
event!(
    LeadLostEvent,
    LeadLostData,
    "`lead.lost`: a lead was marked lost."
);
event!(
    LeadUpdatedEvent,
    LeadUpdatedData,
    "`lead.updated`: a lead's own fields or tags changed."
);
event!(
    LeadDeletedEvent,
    LeadDeletedData,
    "`lead.deleted`: a lead was removed, merged into another."
);
event!(
    CallLoggedEvent,
    CallLoggedData,
    "`call.logged`: a call was logged."
);

/// Each event type with the name of the schema its deliveries follow.
pub const EVENTS: [(EventType, &str); 6] = [
    (EventType::LeadCreated, "LeadCreatedEvent"),
    (EventType::LeadUpdated, "LeadUpdatedEvent"),
    (EventType::LeadDeleted, "LeadDeletedEvent"),
    (EventType::LeadStageChanged, "LeadStageChangedEvent"),
    (EventType::LeadLost, "LeadLostEvent"),
    (EventType::CallLogged, "CallLoggedEvent"),
];
