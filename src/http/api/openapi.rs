//! The API's contract: an OpenAPI 3.1 document built from the handlers' annotations,
//! with every error answer an operation can give, the rate limits' headers, and the
//! webhooks' deliveries. Served at `/api/v1/openapi.json` to anyone, rendered at
//! `/api/docs`, and printed by `leadline openapi`.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{json, Value};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr, ResponseBuilder, Type};
use utoipa::{Modify, OpenApi};

use super::webhook_events::{self, EVENTS};
use super::{
    admin, audit, calls, custom_fields, forecast, leads, metrics, notifications, queue, settings,
    spend, tasks, teams, touches, webhooks,
};
use crate::http::error::{FieldProblem, Problem};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ll_…")
                    .build(),
            ),
        );
    }
}

/// The error answers, each a problem+json document, by status: the name it has under
/// `components/responses` and what it means.
const PROBLEMS: [(&str, &str, &str); 12] = [
    ("400", "MalformedBody", "The body is not valid JSON"),
    ("401", "Unauthorized", "No valid API token"),
    (
        "403",
        "Forbidden",
        "The token's user may not do this (their role, or another rep's or team's data)",
    ),
    ("404", "NotFound", "Not found, or not the caller's to see"),
    (
        "405",
        "MethodNotAllowed",
        "The path does not take this method",
    ),
    (
        "408",
        "TimedOut",
        "The request took too long and was stopped; try again",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is too large (2 MiB at most)",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not JSON (`Content-Type: application/json`)",
    ),
    (
        "422",
        "Invalid",
        "Fields or parameters are invalid: `errors` names every one, `field` the first",
    ),
    (
        "429",
        "TooManyRequests",
        "Too many requests from this token or address: wait `Retry-After` seconds",
    ),
    (
        "500",
        "InternalError",
        "Something failed on the server; it is logged",
    ),
    (
        "503",
        "Unavailable",
        "The database is unavailable; retry after `Retry-After` seconds",
    ),
];

/// Every error is a problem+json document, defined once under `components/responses`
/// and referred to by every operation that can answer it.
struct ProblemResponses;

fn integer_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(utoipa::openapi::ObjectBuilder::new().schema_type(Type::Integer))
        .description(Some(description))
        .build()
}

fn problem_response(status: &str, description: &str) -> utoipa::openapi::Response {
    let mut response = ResponseBuilder::new().description(description).content(
        "application/problem+json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build(),
    );
    if matches!(status, "429" | "503") {
        response = response.header(
            "Retry-After",
            integer_header("Seconds to wait before trying again"),
        );
    }
    if status == "429" {
        response = response
            .header(
                "RateLimit-Limit",
                integer_header("Requests allowed a minute"),
            )
            .header(
                "RateLimit-Remaining",
                integer_header("Requests left now: 0"),
            )
            .header(
                "RateLimit-Reset",
                integer_header("Seconds until a full minute's allowance is back"),
            );
    }
    response.build()
}

fn document_problems(operation: &mut Operation) {
    let has_body = operation.request_body.is_some();
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let has_path = parameters
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let mut statuses = vec!["401", "403", "405", "408", "429", "500", "503"];
    if has_body {
        statuses.extend(["400", "413", "415"]);
    }
    if has_body || !parameters.is_empty() {
        statuses.push("422");
    }
    if has_path {
        statuses.push("404");
    }
    let responses = &mut operation.responses.responses;
    for (status, name, _) in PROBLEMS {
        if statuses.contains(&status) {
            // A handler's own description of a status says more: it is kept, with its
            // body given the problem+json type below.
            responses
                .entry(status.to_owned())
                .or_insert_with(|| RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))));
        }
    }
    for (status, response) in responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        // Errors are sent as problem+json, whatever a handler's annotation defaulted to.
        if !status.starts_with('2') {
            if let Some(content) = response.content.shift_remove("application/json") {
                response
                    .content
                    .insert("application/problem+json".to_owned(), content);
            }
        }
        if response.description.is_empty() {
            response.description = status
                .parse::<u16>()
                .ok()
                .and_then(|code| axum::http::StatusCode::from_u16(code).ok())
                .and_then(|code| code.canonical_reason())
                .unwrap_or("The answer")
                .to_owned();
        }
    }
}

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (status, name, description) in PROBLEMS {
            components.responses.insert(
                name.to_owned(),
                RefOr::T(problem_response(status, description)),
            );
        }
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                document_problems(operation);
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Leadline API",
        description = "Leads, the sales funnel, call logs, spend, the dashboard's figures and webhooks.\n\n\
            Authenticate with `Authorization: Bearer ll_…` (a token from the tokens page or `POST /tokens`). \
            Every error is an RFC 9457 problem+json document; a 422 names every bad field in `errors`. \
            Each token and each client address may make so many requests a minute: every answer carries \
            `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy`, and a 429 \
            says how long to wait in `Retry-After`. Every write that makes or moves a lead, a call, a touch, \
            a task or spend takes an `Idempotency-Key`: a retry with the same key is answered the first \
            answer and changes nothing more. `GET /leads/{id}` gives an `ETag`; `PATCH` with `If-Match` \
            is refused 412 if the lead changed meanwhile. The reference is rendered at `/api/docs`."
    ),
    servers((url = "/", description = "The Leadline server that serves this document")),
    modifiers(&BearerAuth, &ProblemResponses),
    security(("bearer" = [])),
    paths(
        leads::create, leads::create_batch, leads::upsert_by_external_id, leads::list, leads::deleted, leads::get, leads::update, leads::transition, leads::lost, leads::reopen, leads::events, leads::history, leads::erase, leads::merge,
        calls::create, calls::create_batch, calls::list, calls::export, calls::export_csv,
        spend::create, spend::list, spend::delete,
        queue::next, queue::release,
        metrics::funnel, metrics::calls, metrics::cost, metrics::reps, metrics::tags, metrics::recovery,
        admin::me, admin::list_users, admin::create_user, admin::update_user,
        admin::list_tokens, admin::create_token, admin::revoke_token,
        admin::end_user_sessions, admin::list_tags, admin::put_tag,
        admin::list_lost_reasons, admin::create_lost_reason, admin::update_lost_reason,
        custom_fields::list, custom_fields::create, custom_fields::update,
        webhooks::create, webhooks::list, webhooks::get, webhooks::update, webhooks::delete,
        webhooks::deliveries, webhooks::redeliver,
        settings::get, settings::update,
        tasks::create, tasks::list, tasks::update, tasks::agenda,
        notifications::list, notifications::read, notifications::read_all,
        touches::create, touches::list,
        audit::list, forecast::get, forecast::set_chances,
        teams::list, teams::create, teams::update, teams::delete,
    ),
    components(schemas(
        Problem, FieldProblem, crate::http::export::FileFormat,
        webhook_events::LeadCreatedEvent, webhook_events::LeadStageChangedEvent,
        webhook_events::LeadLostEvent, webhook_events::CallLoggedEvent,
        webhook_events::LeadUpdatedEvent, webhook_events::LeadDeletedEvent,
    ))
)]
struct ApiDoc;

/// The `webhooks` section: each event type as the request Leadline sends to a
/// subscription's URL, with its headers and body.
fn webhooks() -> Value {
    let header = |name: &str, description: &str| {
        json!({"name": name, "in": "header", "required": true, "description": description,
               "schema": {"type": "string"}})
    };
    let mut section = serde_json::Map::new();
    for (event, schema) in EVENTS {
        section.insert(
            event.as_str().to_owned(),
            json!({"post": {
                "operationId": format!("on{schema}"),
                "summary": format!("`{}` delivered to a subscription", event.as_str()),
                "description": "Sent as a POST to the subscription's URL. Check `Leadline-Signature` \
                    (`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`, keyed with the \
                    subscription's secret) over the raw body before reading it. Any 2xx within 10 s \
                    acknowledges; anything else is retried after 30 s, 2 min, 10 min, 30 min, 1 h, \
                    3 h and 6 h.",
                "parameters": [
                    header("Leadline-Event", "The event type"),
                    header("Leadline-Delivery", "The delivery's id, as in the delivery log"),
                    header("Leadline-Signature", "`t=<unix seconds>,v1=<hex HMAC-SHA256>`"),
                ],
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{schema}")}}}},
                "responses": {"2XX": {"description": "Delivered"}},
                "security": [],
            }}),
        );
    }
    Value::Object(section)
}

/// The whole document, as JSON.
pub fn document() -> Value {
    let mut document = serde_json::to_value(ApiDoc::openapi()).expect("the document serialises");
    document["webhooks"] = webhooks();
    plain_header_parameters(&mut document);
    drop_unused_components(&mut document);
    document
}

/// Header parameters as strings that may be left out, not strings that may be `null`: a
/// header is sent or not, and generated clients that pass a `null` one on crash.
fn plain_header_parameters(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for parameter in parameters {
                if parameter["in"] == "header" {
                    parameter["schema"] = json!({"type": "string"});
                }
            }
        }
    }
}

/// Every `$ref` under `value`.
fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(members) => {
            if let Some(Value::String(reference)) = members.get("$ref") {
                found.push(reference);
            }
            members.values().for_each(|v| references(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

/// Schemas and responses nothing refers to, directly or through another component (a
/// generic page's item type, inlined where it is used), are left out: generators would
/// emit types for them that no operation uses.
fn drop_unused_components(document: &mut Value) {
    let mut used = std::collections::BTreeSet::new();
    let mut pending = Vec::new();
    for (key, part) in document.as_object().into_iter().flatten() {
        if key != "components" {
            references(part, &mut pending);
        }
    }
    let mut pending: Vec<String> = pending.into_iter().map(str::to_owned).collect();
    while let Some(reference) = pending.pop() {
        if !used.insert(reference.clone()) {
            continue;
        }
        if let Some(component) = reference
            .strip_prefix('#')
            .and_then(|pointer| document.pointer(pointer))
        {
            let mut inner = Vec::new();
            references(component, &mut inner);
            pending.extend(inner.into_iter().map(str::to_owned));
        }
    }
    for kind in ["schemas", "responses"] {
        if let Some(components) = document["components"][kind].as_object_mut() {
            components.retain(|name, _| used.contains(&format!("#/components/{kind}/{name}")));
        }
    }
}

/// The document as served, built once.
static SERVED: LazyLock<String> = LazyLock::new(|| document().to_string());

/// The OpenAPI 3.1 document of this API, served to anyone: client generators read it by
/// its address, before they hold a token. It names routes and shapes, never data.
pub async fn serve() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        SERVED.as_str(),
    )
}
