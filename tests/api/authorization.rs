//! SPEC section 5 as a table: every route of the router, asked by every kind of caller,
//! a rep held to their own and unassigned leads wherever leads show, and a manager limited
//! to their teams held to their teams' leads.
//!
//! A long file on purpose: the table of every route is one list, so that a route
//! missing from it (or from the router) is seen at a glance and by the test that compares them.

use std::collections::BTreeSet;

use leadline::credentials;
use leadline::domain::user::Role;
use leadline::domain::webhook::{EventType, WebhookUrl};
use leadline::storage;
use rand::distributions::{Alphanumeric, DistString};
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION};
use reqwest::redirect::Policy;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{assert_problem, id_of, json_of, spawn_app, unique_phone, TestApp};

/// Who asks. `Expired` is a revoked token on the API and an expired session on pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Expired,
    Rep,
    /// A manager limited to their team, which the other rep is not in.
    LimitedManager,
    Manager,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Expired,
    Who::Rep,
    Who::LimitedManager,
    Who::Manager,
    Who::Admin,
];

/// What SPEC section 5 allows on a route.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Login, health and static assets.
    Public,
    /// Every signed-in role.
    SignedIn,
    /// Every signed-in role, but the case names another rep's lead: a rep gets this
    /// status (404 where the lead is in the path, 422 where a body names it).
    OthersLead(StatusCode),
    Manager,
    /// Managers and admins, on what is another team's (the other rep's lead, the admin's
    /// import): a rep is refused, and a manager limited to their team finds nothing there.
    ManagersOutsideTeam,
    Admin,
}

enum Body {
    None,
    Json(Value),
    /// A urlencoded page form; the session's CSRF token is added when signed in.
    Form(Vec<(&'static str, String)>),
    /// The CSV upload, with the CSRF token in the query string.
    Upload,
}

struct Case {
    method: Method,
    /// The route as the router spells it.
    route: &'static str,
    /// The URL asked; `{fresh_lead}`, `{fresh_external_id}`, `{fresh_custom_field}`, `{fresh_spend}`, `{fresh_token}`, `{fresh_task}`, `{fresh_webhook}`
    /// and `{fresh_delivery}` get a new entry per request.
    url: String,
    access: Access,
    body: Body,
    /// The route answers 404 when the caller holds nothing to act on (a queue claim).
    absent_is_fine: bool,
    /// The answer is a stream that does not end (server-sent events): its status is
    /// checked, and its body left unread.
    streams: bool,
}

fn case(method: &Method, route: &'static str, url: impl Into<String>, access: Access) -> Case {
    Case {
        method: method.clone(),
        route,
        url: url.into(),
        access,
        body: Body::None,
        absent_is_fine: false,
        streams: false,
    }
}

/// A case asking the route at its own path.
fn at(method: &Method, route: &'static str, access: Access) -> Case {
    case(method, route, route, access)
}

/// A case asking the route for `id`: its `{id}` replaced.
fn on(method: &Method, route: &'static str, id: &str, access: Access) -> Case {
    case(method, route, route.replace("{id}", id), access)
}

impl Case {
    fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    fn form(mut self, fields: &[(&'static str, &str)]) -> Self {
        self.body = Body::Form(fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect());
        self
    }

    fn is_page(&self) -> bool {
        // `/metrics` is for Prometheus, with an admin's API token.
        !self.route.starts_with("/api/") && self.route != "/metrics"
    }
}

/// The people of the matrix: two reps, a manager, a manager limited to the first rep's
/// team (the other rep is in another), and the admin, each with a token.
struct People {
    rep: Uuid,
    rep_token: String,
    other_rep: Uuid,
    other_rep_token: String,
    manager: Uuid,
    manager_token: String,
    limited: Uuid,
    limited_token: String,
    /// The limited manager's team, and the other rep's.
    team: Uuid,
    other_team: Uuid,
    revoked_token: String,
    expired_session: String,
}

async fn people(app: &TestApp) -> People {
    let rep = app.user("Rita Rep", Role::Rep).await;
    let other = app.user("Otto Other", Role::Rep).await;
    let manager = app.user("Mona Manager", Role::Manager).await;
    let limited = app.user("Lina Limited", Role::Manager).await;
    let team = team_of(app, "North", limited.id, &[rep.id]).await;
    let other_team = team_of(app, "South", manager.id, &[other.id]).await;
    app.execute(&format!(
        "UPDATE users SET limited_to_teams = true WHERE id = '{}'",
        limited.id
    ))
    .await;
    let (revoked_token, hash) = credentials::new_api_token();
    let token = storage::users::create_token(&app.db, rep.id, "revoked", &hash)
        .await
        .unwrap();
    storage::users::revoke_token(&app.db, token.id)
        .await
        .unwrap();
    let expired_session = session_for(app, rep.id, -1).await.0;
    People {
        rep: rep.id,
        rep_token: rep.token,
        other_rep: other.id,
        other_rep_token: other.token,
        manager: manager.id,
        manager_token: manager.token,
        limited: limited.id,
        limited_token: limited.token,
        team,
        other_team,
        revoked_token,
        expired_session,
    }
}

/// A team named `name` led by `manager`, with `members`.
async fn team_of(app: &TestApp, name: &str, manager: Uuid, members: &[Uuid]) -> Uuid {
    let team: Uuid = sqlx::query_scalar(
        "INSERT INTO teams (id, name, manager_id) VALUES (gen_random_uuid(), $1, $2) RETURNING id",
    )
    .bind(format!("{name} {}", Uuid::new_v4().simple()))
    .bind(manager)
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query("UPDATE users SET team_id = $1 WHERE id = ANY($2)")
        .bind(team)
        .bind(members)
        .execute(&app.db)
        .await
        .unwrap();
    team
}

/// A browser session for `user`, as (cookie secret, CSRF token).
async fn session_for(app: &TestApp, user: Uuid, hours: i32) -> (String, String) {
    let secret = Alphanumeric.sample_string(&mut rand::thread_rng(), 43);
    let csrf = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
    storage::users::create_session(
        &app.db,
        user,
        &credentials::token_hash(&secret),
        &csrf,
        hours,
    )
    .await
    .unwrap();
    (secret, csrf)
}

/// The admin's subscription to `call.logged` at a port where nobody listens.
async fn call_logged_subscription(app: &TestApp, secret: &str) -> Uuid {
    let url = WebhookUrl::parse("url", "http://127.0.0.1:9/hook").unwrap();
    storage::webhooks::create(
        &app.db,
        &url,
        &[EventType::CallLogged],
        secret,
        app.admin_id,
    )
    .await
    .unwrap()
    .id
}

fn no_redirects() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

const UPLOAD_BOUNDARY: &str = "leadline-test-boundary";

fn upload_body(file_name: &str, csv: &str) -> Vec<u8> {
    format!(
        "--{UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{UPLOAD_BOUNDARY}--\r\n"
    )
    .into_bytes()
}

/// Every route of the router, with what SPEC section 5 allows on it.
/// Every route; `form_key` is a web form's key, for the public capture of a form's lead.
fn table(lead: &str, user: &str, reason: &str, import: &str, form_key: &str) -> Vec<Case> {
    use Access::*;
    let hidden = OthersLead(StatusCode::NOT_FOUND);
    let refused = OthersLead(StatusCode::UNPROCESSABLE_ENTITY);
    let (get, post, patch, delete) = (&Method::GET, &Method::POST, &Method::PATCH, &Method::DELETE);
    let call = json!({"lead_id": lead, "outcome": "no_answer"});
    let mut release = case(
        delete,
        "/api/v1/queue/claims/{lead_id}",
        format!("/api/v1/queue/claims/{lead}"),
        hidden,
    );
    release.absent_is_fine = true;
    vec![
        // The API.
        at(post, "/api/v1/leads", SignedIn)
            .json(json!({"name": "Matrix Lead", "phone": unique_phone()})),
        at(get, "/api/v1/leads", SignedIn),
        at(get, "/api/v1/leads/deleted", SignedIn),
        at(post, "/api/v1/leads/batch", SignedIn).json(json!({"leads": [{"name": "Batch lead"}]})),
        case(
            &Method::PUT,
            "/api/v1/external-leads/{external_id}",
            "/api/v1/external-leads/{fresh_external_id}",
            SignedIn,
        )
        .json(json!({"name": "Upserted lead"})),
        on(get, "/api/v1/leads/{id}", lead, hidden),
        on(patch, "/api/v1/leads/{id}", lead, hidden).json(json!({"company": "Changed Inc"})),
        on(post, "/api/v1/leads/{id}/transitions", lead, hidden).json(json!({"to": "connect"})),
        on(post, "/api/v1/leads/{id}/lost", lead, hidden).json(json!({"reason": "No budget"})),
        on(post, "/api/v1/leads/{id}/reopen", lead, hidden).json(json!({})),
        on(get, "/api/v1/leads/{id}/events", lead, hidden),
        on(get, "/api/v1/leads/{id}/history", lead, hidden),
        on(
            delete,
            "/api/v1/leads/{id}",
            "{fresh_lead}",
            ManagersOutsideTeam,
        ),
        on(
            post,
            "/api/v1/leads/{id}/merge",
            "{fresh_lead}",
            ManagersOutsideTeam,
        )
        .json(json!({"from": []})),
        at(post, "/api/v1/calls", refused).json(call.clone()),
        at(get, "/api/v1/calls", SignedIn),
        at(post, "/api/v1/calls/batch", refused).json(json!({"calls": [call]})),
        at(get, "/api/v1/calls/export.csv", SignedIn),
        case(
            get,
            "/api/v1/calls/export",
            "/api/v1/calls/export?format=xlsx",
            SignedIn,
        ),
        at(post, "/api/v1/spend", Manager)
            .json(json!({"date": "2026-11-02", "amount": 100, "category": "other"})),
        at(get, "/api/v1/spend", Manager),
        on(delete, "/api/v1/spend/{id}", "{fresh_spend}", Manager),
        at(get, "/api/v1/queue/next", SignedIn),
        release,
        at(get, "/api/v1/metrics/funnel", SignedIn),
        at(get, "/api/v1/metrics/calls", SignedIn),
        // Cost per lead is spend divided out: spend is the managers'.
        at(get, "/api/v1/metrics/cost", Manager),
        at(get, "/api/v1/metrics/reps", SignedIn),
        at(get, "/api/v1/metrics/recovery", SignedIn),
        at(get, "/api/v1/me", SignedIn),
        at(get, "/api/v1/users", Manager),
        at(post, "/api/v1/users", Admin).json(json!({
            "email": format!("{}@example.com", Uuid::new_v4().simple()),
            "name": "New Person", "role": "rep"
        })),
        on(patch, "/api/v1/users/{id}", user, Admin).json(json!({"name": "Renamed Rep"})),
        on(delete, "/api/v1/users/{id}/sessions", user, Admin),
        at(get, "/api/v1/teams", Manager),
        at(post, "/api/v1/teams", Admin)
            .json(json!({"name": format!("Team {}", Uuid::new_v4().simple())})),
        on(patch, "/api/v1/teams/{id}", "{fresh_team}", Admin)
            .json(json!({"name": format!("Renamed {}", Uuid::new_v4().simple())})),
        on(delete, "/api/v1/teams/{id}", "{fresh_team}", Admin),
        at(get, "/api/v1/tokens", Admin),
        at(post, "/api/v1/tokens", Admin).json(json!({"name": "dialer"})),
        on(delete, "/api/v1/tokens/{id}", "{fresh_token}", Admin),
        at(get, "/api/v1/settings", SignedIn),
        at(get, "/api/v1/audit", Admin),
        at(get, "/api/v1/forecast", Manager),
        at(get, "/api/v1/metrics/tags", Manager),
        at(&Method::PUT, "/api/v1/forecast/chances", Admin).json(json!({})),
        at(patch, "/api/v1/settings", Admin).json(json!({"working_days": ["monday", "tuesday",
            "wednesday", "thursday", "friday"]})),
        at(get, "/api/v1/webhooks", Admin),
        at(post, "/api/v1/webhooks", Admin)
            .json(json!({"url": "http://127.0.0.1:9/hook", "events": ["lead.created"]})),
        on(get, "/api/v1/webhooks/{id}", "{fresh_webhook}", Admin),
        on(patch, "/api/v1/webhooks/{id}", "{fresh_webhook}", Admin).json(json!({"active": false})),
        on(delete, "/api/v1/webhooks/{id}", "{fresh_webhook}", Admin),
        on(
            get,
            "/api/v1/webhooks/{id}/deliveries",
            "{fresh_webhook}",
            Admin,
        ),
        case(
            post,
            "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            "/api/v1/webhooks/{fresh_delivery}/redeliver",
            Admin,
        )
        .json(json!({})),
        at(get, "/api/v1/tags", SignedIn),
        at(post, "/api/v1/tags", Manager).json(json!({"name": "vip"})),
        at(get, "/api/v1/lost-reasons", SignedIn),
        at(post, "/api/v1/lost-reasons", Manager)
            .json(json!({"label": format!("Reason {}", Uuid::new_v4().simple())})),
        on(patch, "/api/v1/lost-reasons/{id}", reason, Manager)
            .json(json!({"active": true, "return_after_days": 30, "playbook": "Call again"})),
        at(get, "/api/v1/custom-fields", SignedIn),
        at(post, "/api/v1/custom-fields", Admin)
            .json(json!({"label": "Matrix field", "kind": "text"})),
        on(
            patch,
            "/api/v1/custom-fields/{id}",
            "{fresh_custom_field}",
            Admin,
        )
        .json(json!({"label": "Renamed"})),
        at(post, "/api/v1/tasks", refused).json(json!({"lead_id": lead, "title": "Matrix task"})),
        at(get, "/api/v1/tasks", SignedIn),
        on(patch, "/api/v1/tasks/{id}", "{fresh_task}", hidden).json(json!({"done": true})),
        at(get, "/api/v1/agenda", SignedIn),
        at(post, "/api/v1/touches", refused).json(json!({"lead_id": lead, "kind": "whatsapp"})),
        at(get, "/api/v1/touches", SignedIn),
        // Each user's own: another's is not found, whoever asks (notifications.rs).
        at(get, "/api/v1/notifications", SignedIn),
        at(post, "/api/v1/notifications/read", SignedIn).json(json!({})),
        Case {
            absent_is_fine: true,
            ..on(post, "/api/v1/notifications/{id}/read", "0", SignedIn)
        },
        // Client generators read the contract by its address, before they hold a token.
        at(get, "/api/v1/openapi.json", Public),
        // Outside the API and the pages.
        at(get, "/healthz", Public),
        // A web form on the company's site: the key in the form is what counts, whoever
        // is signed in.
        at(post, "/capture", Public).form(&[
            ("key", form_key),
            ("name", "Matrix Visitor"),
            ("phone", "+1 202 555 0177"),
        ]),
        at(get, "/metrics", Admin),
        // The pages.
        at(get, "/", SignedIn),
        at(get, "/login", Public),
        at(post, "/login", Public).form(&[("email", "nobody@example.com"), ("password", "wrong")]),
        at(post, "/logout", SignedIn).form(&[]),
        at(post, "/logout/everywhere", SignedIn).form(&[]),
        at(get, "/dashboard", Manager),
        case(
            get,
            "/dashboard/export.csv",
            "/dashboard/export.csv?table=funnel",
            Manager,
        ),
        case(
            get,
            "/dashboard/export",
            "/dashboard/export?table=reps&format=xlsx",
            Manager,
        ),
        at(get, "/queue", SignedIn),
        at(post, "/queue/log", refused).form(&[("lead_id", lead), ("outcome", "no_answer")]),
        at(post, "/queue/skip", hidden).form(&[("lead_id", lead)]),
        at(get, "/leads", SignedIn),
        at(get, "/leads/export.csv", SignedIn),
        case(
            get,
            "/leads/export",
            "/leads/export?format=excel_csv",
            SignedIn,
        ),
        at(get, "/leads/new", SignedIn),
        // Ticked: a rep's own lead is changed, another rep's is left as it is (`bulk.rs`).
        at(post, "/leads/bulk", SignedIn).form(&[
            ("target", "selected"),
            ("ids", lead),
            ("action", "do_not_call"),
        ]),
        // A queued bulk change is its asker's: another's is not found (`bulk.rs`).
        Case {
            absent_is_fine: true,
            ..on(
                get,
                "/leads/bulk/{id}",
                &Uuid::new_v4().to_string(),
                SignedIn,
            )
        },
        case(get, "/dial", "/dial?phone=%2B14155550123", SignedIn),
        at(post, "/leads/new", SignedIn).form(&[("name", "Form Lead"), ("phone", &unique_phone())]),
        on(get, "/leads/{id}", lead, hidden),
        // The page's form always sends the owner; leaving it out would unassign the lead.
        on(post, "/leads/{id}", lead, hidden).form(&[
            ("name", "Renamed Lead"),
            ("phone", &unique_phone()),
            ("owner_id", user),
        ]),
        on(post, "/leads/{id}/move", lead, hidden).form(&[("to", "interest")]),
        on(post, "/leads/{id}/lost", lead, hidden).form(&[("reason", "No need")]),
        on(post, "/leads/{id}/calls", lead, hidden).form(&[("outcome", "no_answer")]),
        on(post, "/leads/{id}/tasks", lead, hidden).form(&[("title", "Page task")]),
        on(post, "/leads/{id}/touches", lead, hidden).form(&[("kind", "wechat")]),
        at(get, "/agenda", SignedIn),
        at(get, "/board", SignedIn),
        at(post, "/views", SignedIn).form(&[
            ("page", "leads"),
            ("name", "Matrix view"),
            ("query", "stage=need"),
        ]),
        // Nobody's view: each caller is told so (the views test deletes real ones).
        Case {
            absent_is_fine: true,
            ..on(
                post,
                "/views/{id}/delete",
                &Uuid::new_v4().to_string(),
                SignedIn,
            )
            .form(&[])
        },
        at(get, "/notifications", SignedIn),
        at(post, "/notifications/read", SignedIn).form(&[]),
        Case {
            absent_is_fine: true,
            ..on(post, "/notifications/{id}/open", "0", SignedIn).form(&[])
        },
        Case {
            streams: true,
            ..at(get, "/notifications/events", SignedIn)
        },
        on(post, "/tasks/{id}/done", "{fresh_task}", hidden).form(&[]),
        on(post, "/leads/{id}/reopen", lead, hidden).form(&[]),
        on(
            post,
            "/leads/{id}/erase",
            "{fresh_lead}",
            ManagersOutsideTeam,
        )
        .form(&[("confirm", "yes")]),
        on(
            post,
            "/leads/{id}/merge",
            "{fresh_lead}",
            ManagersOutsideTeam,
        )
        .form(&[("confirm", "yes")]),
        at(get, "/spend", Manager),
        at(post, "/spend", Manager).form(&[
            ("date", "2026-11-02"),
            ("amount", "10"),
            ("category", "other"),
        ]),
        on(post, "/spend/{id}/delete", "{fresh_spend}", Manager).form(&[]),
        case(get, "/spend/export", "/spend/export?format=xlsx", Manager),
        at(get, "/import", Manager),
        Case {
            body: Body::Upload,
            ..at(post, "/import", Manager)
        },
        on(get, "/import/{id}", import, ManagersOutsideTeam),
        on(post, "/import/{id}", import, ManagersOutsideTeam).form(&[]),
        on(post, "/import/{id}/resume", import, ManagersOutsideTeam).form(&[]),
        on(get, "/import/{id}/errors", import, ManagersOutsideTeam),
        on(get, "/import/{id}/rejected", import, ManagersOutsideTeam),
        at(get, "/admin/users", Admin),
        at(post, "/admin/users", Admin).form(&[
            ("email", &format!("{}@example.com", Uuid::new_v4().simple())),
            ("name", "Page Person"),
            ("role", "rep"),
        ]),
        on(post, "/admin/users/{id}", user, Admin).form(&[("role", "rep"), ("active", "true")]),
        on(post, "/admin/users/{id}/sign-out", user, Admin).form(&[]),
        on(post, "/admin/users/{id}/password", user, Admin).form(&[]),
        at(get, "/admin/teams", Admin),
        at(post, "/admin/teams", Admin)
            .form(&[("name", &format!("Page team {}", Uuid::new_v4().simple()))]),
        on(post, "/admin/teams/{id}", "{fresh_team}", Admin)
            .form(&[("name", "Renamed on the page")]),
        on(post, "/admin/teams/{id}/delete", "{fresh_team}", Admin).form(&[]),
        at(get, "/admin/custom-fields", Admin),
        at(post, "/admin/custom-fields", Admin).form(&[
            ("label", "Page field"),
            ("kind", "choice"),
            ("choices", "Retail\nGrosir"),
        ]),
        on(
            post,
            "/admin/custom-fields/{id}",
            "{fresh_custom_field}",
            Admin,
        )
        .form(&[("label", "Renamed on the page"), ("active", "on")]),
        at(get, "/admin/tokens", Admin),
        at(post, "/admin/tokens", Admin).form(&[("name", "page token"), ("user_id", user)]),
        on(post, "/admin/tokens/{id}/revoke", "{fresh_token}", Admin).form(&[]),
        at(get, "/admin/settings", Admin),
        at(get, "/admin/audit", Admin),
        at(get, "/forecast", Manager),
        at(get, "/dashboard/tags", Manager),
        at(get, "/lost-reasons", Manager),
        at(post, "/lost-reasons", Manager)
            .form(&[("label", &format!("Page reason {}", Uuid::new_v4().simple()))]),
        on(post, "/lost-reasons/{id}", reason, Manager).form(&[
            ("active", "on"),
            ("return_after_days", "21"),
            ("playbook", "Send the new price list"),
            ("playbook_interest", "Ask about the budget again"),
        ]),
        at(post, "/forecast/chances", Admin).form(&[]),
        at(post, "/admin/settings", Admin).form(&[("monday", "on"), ("friday", "on")]),
        // One's own clock: the page knows whose by the session alone.
        at(get, "/account", SignedIn),
        at(post, "/account", SignedIn).form(&[("time_zone", "Asia/Jakarta")]),
        at(get, "/account/password", SignedIn),
        // Refused for its too short new password, before any password is checked.
        at(post, "/account/password", SignedIn).form(&[
            ("current_password", "not checked"),
            ("new_password", "short"),
            ("repeat_password", "short"),
        ]),
        at(get, "/admin/webhooks", Admin),
        at(post, "/admin/webhooks", Admin)
            .form(&[("url", "http://127.0.0.1:9/hook"), ("lead.created", "on")]),
        on(post, "/admin/webhooks/{id}", "{fresh_webhook}", Admin).form(&[("active", "false")]),
        on(
            post,
            "/admin/webhooks/{id}/delete",
            "{fresh_webhook}",
            Admin,
        )
        .form(&[]),
        case(
            post,
            "/admin/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            "/admin/webhooks/{fresh_delivery}/redeliver",
            Admin,
        )
        .form(&[]),
        at(get, "/static/app.css", Public),
        at(get, "/static/app.js", Public),
        at(get, "/static/api-docs.js", Public),
        at(
            get,
            "/static/vendor/swagger-ui-5.36.0/swagger-ui-bundle.js",
            Public,
        ),
        at(
            get,
            "/static/vendor/swagger-ui-5.36.0/swagger-ui.css",
            Public,
        ),
        at(get, "/api/docs", Public),
    ]
}

/// The answer SPEC section 5 asks for.
#[derive(Debug)]
enum Expected {
    Allowed,
    SignIn,
    Status(StatusCode),
}

fn expected(case: &Case, who: Who) -> Expected {
    use Access::*;
    match (case.access, who) {
        (Public, _) => Expected::Allowed,
        (_, Who::Anonymous | Who::Expired) => Expected::SignIn,
        (Manager | ManagersOutsideTeam, Who::Rep)
        | (Admin, Who::Rep | Who::Manager | Who::LimitedManager) => {
            Expected::Status(StatusCode::FORBIDDEN)
        }
        (OthersLead(status), Who::Rep | Who::LimitedManager) => Expected::Status(status),
        (ManagersOutsideTeam, Who::LimitedManager) => Expected::Status(StatusCode::NOT_FOUND),
        _ => Expected::Allowed,
    }
}

struct Matrix<'a> {
    app: &'a TestApp,
    people: &'a People,
    client: Client,
}

impl Matrix<'_> {
    async fn fill(&self, url: &str) -> String {
        let app = self.app;
        if url.contains("{fresh_spend}") {
            let spend = app
                .post_expecting(
                    "/api/v1/spend",
                    json!({"date": "2026-11-01", "amount": 5, "category": "other"}),
                    StatusCode::CREATED,
                )
                .await;
            return url.replace("{fresh_spend}", &id_of(&spend));
        }
        if url.contains("{fresh_lead}") {
            // Another rep's lead, erased by whoever may: a new one each time.
            let lead: Uuid = sqlx::query_scalar(
                "INSERT INTO leads (id, name, owner_id) VALUES (gen_random_uuid(), 'Matrix erased', $1) \
                 RETURNING id",
            )
            .bind(self.people.other_rep)
            .fetch_one(&app.db)
            .await
            .unwrap();
            return url.replace("{fresh_lead}", &lead.to_string());
        }
        if url.contains("{fresh_external_id}") {
            return url.replace("{fresh_external_id}", &Uuid::now_v7().to_string());
        }
        if url.contains("{fresh_team}") {
            let team = team_of(app, "Fresh", self.people.manager, &[]).await;
            return url.replace("{fresh_team}", &team.to_string());
        }
        if url.contains("{fresh_token}") {
            let (_, hash) = credentials::new_api_token();
            let token = storage::users::create_token(&app.db, self.people.other_rep, "t", &hash)
                .await
                .unwrap();
            return url.replace("{fresh_token}", &token.id.to_string());
        }
        if url.contains("{fresh_custom_field}") {
            let field: Uuid = sqlx::query_scalar(
                "INSERT INTO custom_fields (id, key, label, kind) \
                 VALUES (gen_random_uuid(), 'f' || substr(md5(random()::text), 1, 12), 'Matrix field', 'text') \
                 RETURNING id",
            )
            .fetch_one(&app.db)
            .await
            .unwrap();
            return url.replace("{fresh_custom_field}", &field.to_string());
        }
        if url.contains("{fresh_task}") {
            // Another rep's task on their lead: hidden from the rep who asks.
            let task: Uuid = sqlx::query_scalar(
                "INSERT INTO tasks (id, lead_id, title, assignee_id) \
                 SELECT gen_random_uuid(), l.id, 'Matrix task', l.owner_id FROM leads l \
                 WHERE l.owner_id = $1 LIMIT 1 RETURNING id",
            )
            .bind(self.people.other_rep)
            .fetch_one(&app.db)
            .await
            .unwrap();
            return url.replace("{fresh_task}", &task.to_string());
        }
        if url.contains("{fresh_webhook}") || url.contains("{fresh_delivery}") {
            let hook = call_logged_subscription(app, "whsec_matrix").await;
            let delivery: Uuid = sqlx::query_scalar(
                "INSERT INTO webhook_deliveries (event_id, event_type, payload, subscription_id, status) \
                 VALUES (gen_random_uuid(), 'call.logged', '{}', $1, 'failed') RETURNING id",
            )
            .bind(hook)
            .fetch_one(&app.db)
            .await
            .unwrap();
            return url
                .replace("{fresh_webhook}", &hook.to_string())
                .replace("{fresh_delivery}", &format!("{hook}/deliveries/{delivery}"));
        }
        url.to_owned()
    }

    /// Ask the route as `who`; `with_csrf: false` leaves a page form's token out.
    async fn ask(&self, case: &Case, who: Who, with_csrf: bool) -> reqwest::Response {
        let url = self.fill(&case.url).await;
        let people = self.people;
        let mut csrf = None;
        let mut request;
        if case.is_page() {
            let user = match who {
                Who::Anonymous => None,
                Who::Expired => Some(None),
                Who::Rep => Some(Some(people.rep)),
                Who::LimitedManager => Some(Some(people.limited)),
                Who::Manager => Some(Some(people.manager)),
                Who::Admin => Some(Some(self.app.admin_id)),
            };
            let cookie = match user {
                None => None,
                Some(None) => Some(people.expired_session.clone()),
                Some(Some(id)) => {
                    let (secret, token) = session_for(self.app, id, 1).await;
                    csrf = Some(token);
                    Some(secret)
                }
            };
            let url = match (&case.body, &csrf) {
                (Body::Upload, Some(token)) if with_csrf => format!("{url}?csrf={token}"),
                _ => url,
            };
            request = self.client.request(case.method.clone(), self.app.url(&url));
            if let Some(secret) = cookie {
                request = request.header(COOKIE, format!("ll_session={secret}"));
            }
        } else {
            request = self.client.request(case.method.clone(), self.app.url(&url));
            let token = match who {
                Who::Anonymous => None,
                Who::Expired => Some(&people.revoked_token),
                Who::Rep => Some(&people.rep_token),
                Who::LimitedManager => Some(&people.limited_token),
                Who::Manager => Some(&people.manager_token),
                Who::Admin => Some(&self.app.admin_token),
            };
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
        }
        request = match &case.body {
            Body::None => request,
            Body::Json(value) => request.json(value),
            Body::Form(fields) => {
                let mut fields = fields.clone();
                if let (Some(token), true) = (&csrf, with_csrf) {
                    fields.push(("csrf", token.clone()));
                }
                request.form(&fields)
            }
            Body::Upload => request
                .header(
                    CONTENT_TYPE,
                    format!("multipart/form-data; boundary={UPLOAD_BOUNDARY}"),
                )
                .body(upload_body("leads.csv", "name,phone\nAda,+12025550199\n")),
        };
        request.send().await.unwrap()
    }

    async fn check(&self, case: &Case, who: Who) {
        let response = self.ask(case, who, true).await;
        let what = format!("{} {} as {who:?}", case.method, case.url);
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = if case.streams && status == StatusCode::OK {
            String::new()
        } else {
            response.text().await.unwrap()
        };
        let what = format!("{what}: {status} {location} {}", snippet(&body));
        assert!(status.as_u16() < 500, "{what}");
        match expected(case, who) {
            Expected::Allowed => {
                let absent = status == StatusCode::NOT_FOUND && case.absent_is_fine;
                assert!(
                    !matches!(
                        status,
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
                    ) || absent,
                    "expected the route to be allowed; {what}"
                );
                // Signing out lands on /login too; a refused visitor is sent on with `next`.
                assert!(!location.starts_with("/login?next="), "{what}");
            }
            Expected::SignIn if case.is_page() => {
                assert_eq!(status, StatusCode::SEE_OTHER, "{what}");
                assert!(location.starts_with("/login?next=%2F"), "{what}");
            }
            Expected::SignIn => {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}");
                assert_eq!(content_type, "application/problem+json", "{what}");
            }
            Expected::Status(expected) => {
                assert_eq!(status, expected, "{what}");
                if !case.is_page() {
                    assert_eq!(content_type, "application/problem+json", "{what}");
                }
            }
        }
    }
}

fn url_escape(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn snippet(body: &str) -> String {
    body.chars().take(300).collect()
}

#[tokio::test]
async fn every_route_answers_every_caller_as_spec_section_5_says() {
    let app = spawn_app().await;
    let people = people(&app).await;
    let others_lead = app
        .lead(json!({"name": "Otto's Lead", "phone": unique_phone(), "owner_id": people.other_rep}))
        .await;
    let lead = id_of(&others_lead);
    let reason = "00000000-0000-7000-8000-000000000002";
    let import = storage::imports::create(&app.db, app.admin_id, "leads.csv", b"name,phone\n")
        .await
        .unwrap()
        .to_string();
    let matrix = Matrix {
        app: &app,
        people: &people,
        client: no_redirects(),
    };
    let form_key = app
        .post_expecting(
            "/api/v1/tokens",
            json!({"name": "Website", "user_id": people.manager, "scopes": ["leads:create"],
                   "allowed_origins": ["https://shop.example.com"]}),
            StatusCode::CREATED,
        )
        .await["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let cases = table(
        &lead,
        &people.other_rep.to_string(),
        reason,
        &import,
        &form_key,
    );
    let mut checked = 0;
    for case in &cases {
        // The least privileged first, so that nobody's change hides a refusal.
        for who in EVERYONE {
            matrix.check(case, who).await;
            checked += 1;
        }
        // A page form without its CSRF token is refused, even for the admin. A web form
        // on the company's site has no session to hold one: its key is what is checked.
        if case.is_page() && case.method == Method::POST && case.route != "/capture" {
            let response = matrix.ask(case, Who::Admin, false).await;
            assert_eq!(
                response.status(),
                StatusCode::BAD_REQUEST,
                "{} without a CSRF token",
                case.url
            );
            checked += 1;
        }
    }
    // The other rep's lead is where it was: no refused change went through.
    let after = app.get_ok(&format!("/api/v1/leads/{lead}")).await;
    assert_eq!(after["owner_id"], json!(people.other_rep));
    assert!(checked >= 6 * cases.len(), "{checked}");
    eprintln!("authorization matrix: {checked} route × caller cases");
}

/// The routes the router declares, read from its source: `(METHOD, path)`.
fn declared_routes() -> BTreeSet<(String, String)> {
    let sources = [
        ("", include_str!("../../src/startup.rs")),
        ("/api/v1", include_str!("../../src/http/api/mod.rs")),
        ("", include_str!("../../src/http/ui/mod.rs")),
    ];
    let mut routes = BTreeSet::new();
    for (prefix, source) in sources {
        for (path, methods) in routes_in(source) {
            for method in methods {
                routes.insert((method, format!("{prefix}{path}")));
            }
        }
    }
    routes
}

/// Every `.route("path", get(..).post(..))` of a source file, with its methods.
fn routes_in(source: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for (start, _) in source.match_indices(".route(") {
        let rest = &source[start + ".route(".len()..];
        let rest = rest.trim_start();
        let path: String = rest[1..].chars().take_while(|c| *c != '"').collect();
        let mut depth = 1;
        let mut methods = Vec::new();
        let mut word = String::new();
        let mut in_string = false;
        for c in rest[path.len() + 2..].chars() {
            if in_string {
                in_string = c != '"';
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' => {
                    if depth == 1 && ["get", "post", "put", "patch", "delete"].contains(&&*word) {
                        methods.push(word.to_uppercase());
                    }
                    depth += 1;
                }
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
            } else {
                word.clear();
            }
        }
        found.push((path, methods));
    }
    found
}

#[tokio::test]
async fn the_matrix_lists_every_route_of_the_router_and_of_the_openapi_document() {
    // Routes are declared only in the three router files read below.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routers = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if std::fs::read_to_string(&path)
                .unwrap_or_default()
                .contains(".route(")
            {
                routers.push(path.strip_prefix(&src).unwrap().display().to_string());
            }
        }
    }
    routers.sort();
    assert_eq!(
        routers,
        ["http/api/mod.rs", "http/ui/mod.rs", "startup.rs"],
        "a new router file must be read by declared_routes()"
    );

    let declared = declared_routes();
    let id = "00000000-0000-0000-0000-000000000000";
    let listed: BTreeSet<(String, String)> = table(id, id, id, id, id)
        .iter()
        .map(|c| (c.method.to_string(), c.route.to_owned()))
        .collect();
    let missing: Vec<_> = declared.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&declared).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes the matrix does not list: {missing:?}; listed but not routed: {stale:?}"
    );

    let app = spawn_app().await;
    let document = app.get_ok("/api/v1/openapi.json").await;
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let api: BTreeSet<(String, String)> = listed
        .iter()
        .filter(|(_, path)| path.starts_with("/api/v1/") && path != "/api/v1/openapi.json")
        .cloned()
        .collect();
    assert_eq!(
        documented, api,
        "the OpenAPI document and the matrix differ"
    );
}

/// Rep A's view of everything, with rep B's lead and call in the database.
/// The reps `GET /api/v1/metrics/reps` lists to the holder of `token`, by id.
async fn reps_listed(app: &TestApp, token: &str) -> Vec<Value> {
    let reps = json_of(app.get(token, "/api/v1/metrics/reps").await, StatusCode::OK).await;
    reps["current"]["reps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rep_id"].clone())
        .collect()
}

/// `path` asked with the session cookie `secret`.
async fn page_as(
    app: &TestApp,
    client: &Client,
    secret: &str,
    path: String,
) -> reqwest::Result<reqwest::Response> {
    client
        .get(app.url(&path))
        .header(COOKIE, format!("ll_session={secret}"))
        .send()
        .await
}

#[tokio::test]
async fn a_rep_never_sees_or_touches_another_reps_leads_or_calls() {
    let app = spawn_app().await;
    let people = people(&app).await;
    let phone = |l: &Value| l["phone"].as_str().unwrap().to_owned();
    let own = app
        .lead(json!({"name": "Rita Own", "phone": unique_phone(), "owner_id": people.rep}))
        .await;
    let unassigned = app
        .lead(json!({"name": "Nobody's", "phone": unique_phone()}))
        .await;
    let others = app
        .lead(json!({"name": "Bravo Secret", "company": "Bravo Hidden Co", "phone": unique_phone(), "owner_id": people.other_rep}))
        .await;
    let (own_id, unassigned_id, others_id) = (id_of(&own), id_of(&unassigned), id_of(&others));
    app.logged_call(
        &people.other_rep_token,
        json!({"lead_id": others_id, "outcome": "connected", "talk_seconds": 60, "notes": "bravo private notes"}),
    )
    .await;
    let rep = &people.rep_token;

    // Lists and search.
    let listed = app.get(rep, "/api/v1/leads?limit=100").await;
    let listed = json_of(listed, StatusCode::OK).await.to_string();
    assert!(listed.contains(&own_id) && listed.contains(&unassigned_id));
    assert!(!listed.contains(&others_id), "{listed}");
    for query in [
        "q=Bravo".to_owned(),
        format!("q={}", phone(&others).trim_start_matches('+')),
        format!("owner_id={}", people.other_rep),
        format!("ids={others_id}"),
    ] {
        let found = app.get(rep, &format!("/api/v1/leads?{query}")).await;
        let status = found.status();
        let text = found.text().await.unwrap();
        assert!(!text.contains(&others_id), "{query}: {text}");
        assert!(status.is_success() || status.is_client_error(), "{query}");
    }
    for query in [
        String::new(),
        format!("lead_id={others_id}"),
        format!("rep_id={}", people.other_rep),
    ] {
        let calls = app.get(rep, &format!("/api/v1/calls?{query}")).await;
        let text = json_of(calls, StatusCode::OK).await.to_string();
        assert!(
            !text.contains(&others_id) && !text.contains("bravo private"),
            "{query}: {text}"
        );
    }

    // Logging calls on it, alone or in a batch, changes nothing.
    let calls_before = app.count("calls").await;
    let single = app
        .log_call(rep, json!({"lead_id": others_id, "outcome": "no_answer"}))
        .await;
    assert_eq!(single.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let batch = app
        .post(
            rep,
            "/api/v1/calls/batch",
            &json!({"calls": [
                {"lead_id": own_id, "outcome": "no_answer"},
                {"lead_id": others_id, "outcome": "no_answer"}
            ]}),
        )
        .await;
    assert_eq!(batch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let as_other = app
        .log_call(
            rep,
            json!({"lead_id": own_id, "outcome": "no_answer", "rep_id": people.other_rep}),
        )
        .await;
    assert_eq!(as_other.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("calls").await, calls_before);

    // Nor can a rep hand leads to someone else.
    let given = app
        .post(
            rep,
            "/api/v1/leads",
            &json!({"name": "Gift", "phone": unique_phone(), "owner_id": people.other_rep}),
        )
        .await;
    assert_eq!(given.status(), StatusCode::FORBIDDEN);
    let handed = app
        .patch(
            rep,
            &format!("/api/v1/leads/{own_id}"),
            &json!({"owner_id": people.other_rep}),
        )
        .await;
    assert_eq!(handed.status(), StatusCode::FORBIDDEN);

    // The queue offers only their own and unassigned leads.
    sqlx::query("UPDATE leads SET do_not_call = true WHERE id = ANY($1)")
        .bind(vec![
            own_id.parse::<Uuid>().unwrap(),
            unassigned_id.parse::<Uuid>().unwrap(),
        ])
        .execute(&app.db)
        .await
        .unwrap();
    let next = json_of(app.get(rep, "/api/v1/queue/next").await, StatusCode::OK).await;
    assert_eq!(next["lead"], Value::Null, "{next}");
    let release = app
        .delete(rep, &format!("/api/v1/queue/claims/{others_id}"))
        .await;
    assert_eq!(release.status(), StatusCode::NOT_FOUND);

    // Their figures only.
    let funnel = app
        .get(
            rep,
            &format!("/api/v1/metrics/funnel?owner_id={}", people.other_rep),
        )
        .await;
    assert_eq!(funnel.status(), StatusCode::FORBIDDEN);
    let calls = json_of(app.get(rep, "/api/v1/metrics/calls").await, StatusCode::OK).await;
    assert_eq!(calls["current"]["dials"], json!(0), "{calls}");
    assert_eq!(reps_listed(&app, rep).await, [json!(people.rep)]);

    // The same on the pages.
    let (secret, csrf) = session_for(&app, people.rep, 1).await;
    let client = no_redirects();
    let page = |path: String| page_as(&app, &client, &secret, path);
    for path in ["/leads", "/leads?q=Bravo", "/queue", "/leads/new"] {
        let response = page(path.to_owned()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            !html.contains("Bravo Secret") && !html.contains(&others_id),
            "{path}"
        );
    }
    let lead_page = page(format!("/leads/{others_id}")).await.unwrap();
    assert_eq!(lead_page.status(), StatusCode::NOT_FOUND);
    let logged = client
        .post(app.url("/queue/log"))
        .header(COOKIE, format!("ll_session={secret}"))
        .form(&[
            ("lead_id", others_id.as_str()),
            ("outcome", "no_answer"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(logged.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("calls").await, calls_before);
}

#[tokio::test]
async fn a_manager_limited_to_a_team_sees_no_other_teams_lead_by_any_route() {
    let app = spawn_app().await;
    let people = people(&app).await;
    let north = app
        .lead(json!({"name": "North Own", "phone": unique_phone(), "owner_id": people.rep, "deal_value": 1_000_000}))
        .await;
    let unassigned = app
        .lead(json!({"name": "Nobody's", "phone": unique_phone()}))
        .await;
    let south = app
        .lead(json!({"name": "Bravo Secret", "company": "Bravo Hidden Co", "phone": unique_phone(),
                     "owner_id": people.other_rep, "deal_value": 9_999_000, "tags": ["south-only"]}))
        .await;
    let (north_id, unassigned_id, south_id) = (id_of(&north), id_of(&unassigned), id_of(&south));
    let south_phone = south["phone"]
        .as_str()
        .unwrap()
        .trim_start_matches('+')
        .to_owned();
    app.logged_call(
        &people.other_rep_token,
        json!({"lead_id": south_id, "outcome": "connected", "talk_seconds": 60, "notes": "bravo private notes"}),
    )
    .await;
    app.logged_call(
        &people.rep_token,
        json!({"lead_id": north_id, "outcome": "no_answer"}),
    )
    .await;
    app.post_expecting(
        "/api/v1/tasks",
        json!({"lead_id": south_id, "title": "Bravo secret task", "assignee_id": people.other_rep}),
        StatusCode::CREATED,
    )
    .await;
    app.post_expecting(
        "/api/v1/touches",
        json!({"lead_id": south_id, "kind": "whatsapp", "notes": "bravo private touch"}),
        StatusCode::CREATED,
    )
    .await;
    let limited = &people.limited_token;
    let hidden = |text: &str| {
        !text.contains(&south_id)
            && !text.contains("Bravo Secret")
            && !text.contains("Bravo Hidden")
            && !text.contains("bravo private")
            && !text.contains("Bravo secret task")
            && !text.contains(&south_phone)
    };

    // Every list, search and export of the API.
    let listed = json_of(
        app.get(limited, "/api/v1/leads?limit=200").await,
        StatusCode::OK,
    )
    .await
    .to_string();
    assert!(
        listed.contains(&north_id) && listed.contains(&unassigned_id),
        "{listed}"
    );
    assert!(hidden(&listed), "{listed}");
    for path in [
        "/api/v1/leads?q=Bravo".to_owned(),
        format!("/api/v1/leads?q={south_phone}"),
        format!("/api/v1/leads?owner_id={}", people.other_rep),
        format!("/api/v1/leads?team_id={}", people.other_team),
        format!("/api/v1/leads?ids={south_id}"),
        "/api/v1/calls".to_owned(),
        format!("/api/v1/calls?lead_id={south_id}"),
        format!("/api/v1/calls?rep_id={}", people.other_rep),
        "/api/v1/calls/export.csv".to_owned(),
        "/api/v1/tasks".to_owned(),
        "/api/v1/touches".to_owned(),
        format!("/api/v1/touches?lead_id={south_id}"),
        "/api/v1/agenda".to_owned(),
        format!("/api/v1/agenda?team_id={}", people.team),
        "/api/v1/tags".to_owned(),
        "/api/v1/forecast".to_owned(),
    ] {
        let response = app.get(limited, &path).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(
            status.is_success() || status.is_client_error(),
            "{path}: {status}"
        );
        assert!(
            hidden(&text) && !text.contains("south-only"),
            "{path}: {text}"
        );
    }
    let forecast = json_of(app.get(limited, "/api/v1/forecast").await, StatusCode::OK).await;
    assert!(
        !forecast.to_string().contains(&people.other_rep.to_string()),
        "{forecast}"
    );

    // The lead itself, by every route that names it.
    for (method, path, body) in [
        (Method::GET, format!("/api/v1/leads/{south_id}"), None),
        (
            Method::GET,
            format!("/api/v1/leads/{south_id}/events"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/leads/{south_id}/history"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/leads/{south_id}"),
            Some(json!({"company": "Taken"})),
        ),
        (
            Method::POST,
            format!("/api/v1/leads/{south_id}/transitions"),
            Some(json!({"to": "connect"})),
        ),
        (
            Method::POST,
            format!("/api/v1/leads/{south_id}/lost"),
            Some(json!({"reason": "No budget"})),
        ),
        (Method::DELETE, format!("/api/v1/leads/{south_id}"), None),
        (
            Method::POST,
            format!("/api/v1/leads/{north_id}/merge"),
            Some(json!({"from": [south_id]})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/queue/claims/{south_id}"),
            None,
        ),
    ] {
        let mut request = reqwest::Client::new()
            .request(method.clone(), app.url(&path))
            .bearer_auth(limited);
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {path}: {status}"
        );
    }
    for (path, body) in [
        (
            "/api/v1/calls",
            json!({"lead_id": south_id, "outcome": "no_answer"}),
        ),
        (
            "/api/v1/tasks",
            json!({"lead_id": south_id, "title": "Mine now"}),
        ),
        (
            "/api/v1/touches",
            json!({"lead_id": south_id, "kind": "wechat"}),
        ),
    ] {
        let response = app.post(limited, path, &body).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
    }
    let after = app.get_ok(&format!("/api/v1/leads/{south_id}")).await;
    assert_eq!(after["name"], json!("Bravo Secret"), "{after}");
    assert_eq!(after["company"], json!("Bravo Hidden Co"), "{after}");
    assert_eq!(after["erased_at"], Value::Null, "{after}");

    // Nor can the limited manager hand their team's leads away.
    let handed = app
        .patch(
            limited,
            &format!("/api/v1/leads/{north_id}"),
            &json!({"owner_id": people.other_rep}),
        )
        .await;
    assert_problem(handed, StatusCode::UNPROCESSABLE_ENTITY, "owner_id").await;
    let given = app
        .post(
            limited,
            "/api/v1/leads",
            &json!({"name": "Gift", "phone": unique_phone(), "owner_id": people.other_rep}),
        )
        .await;
    assert_problem(given, StatusCode::UNPROCESSABLE_ENTITY, "owner_id").await;

    // Nor log calls or touches as another team's rep, nor be given a task they cannot see.
    let as_other = app
        .log_call(
            limited,
            json!({"lead_id": north_id, "outcome": "no_answer", "rep_id": people.other_rep}),
        )
        .await;
    assert_problem(as_other, StatusCode::UNPROCESSABLE_ENTITY, "rep_id").await;
    let touch_as_other = app
        .post(
            limited,
            "/api/v1/touches",
            &json!({"lead_id": north_id, "kind": "whatsapp", "user_id": people.other_rep}),
        )
        .await;
    assert_problem(touch_as_other, StatusCode::UNPROCESSABLE_ENTITY, "user_id").await;
    let tasked = app
        .admin_post(
            "/api/v1/tasks",
            json!({"lead_id": south_id, "title": "Bravo secret task", "assignee_id": people.limited}),
        )
        .await;
    assert_problem(tasked, StatusCode::UNPROCESSABLE_ENTITY, "assignee_id").await;

    // Imports: another manager's file is not theirs to open; their own names no other
    // team's lead and gives none to another team's rep.
    let theirs =
        storage::imports::create(&app.db, app.admin_id, "south-secret.csv", b"name,phone\n")
            .await
            .unwrap();
    let csv = format!(
        "name,phone,owner\nSouth Copy,+{south_phone},\nGiven Away,{},{}\n",
        unique_phone(),
        crate::helpers::email_of("Otto Other"),
    );
    let plan = leadline::importer::Plan::new(
        vec![
            leadline::importer::Target::Name,
            leadline::importer::Target::Phone,
            leadline::importer::Target::Owner,
        ],
        leadline::importer::Mode::SkipBad,
        crate::helpers::us(),
    );
    let (progress, _) = tokio::sync::watch::channel(leadline::importer::Progress::default());
    let by_limited = storage::Actor {
        user_id: Some(people.limited),
        ..storage::Actor::default()
    };
    let summary = leadline::importer::run(&app.db, csv.as_bytes(), &plan, by_limited, &progress)
        .await
        .unwrap();
    assert_eq!(summary.imported, 0);
    let errors = serde_json::to_string(&summary.errors).unwrap();
    assert!(!errors.contains(&south_id), "{errors}");
    assert!(
        errors.contains("import-error-duplicate-phone-elsewhere"),
        "{errors}"
    );
    assert!(
        errors.contains("import-error-owner-outside-teams"),
        "{errors}"
    );

    // Another team's, or another team's rep's, agenda and figures are refused.
    for path in [
        format!("/api/v1/agenda?user_id={}", people.other_rep),
        format!("/api/v1/agenda?team_id={}", people.other_team),
        format!("/api/v1/metrics/funnel?owner_id={}", people.other_rep),
        format!("/api/v1/metrics/funnel?team_id={}", people.other_team),
        format!("/api/v1/metrics/calls?team_id={}", people.other_team),
    ] {
        let response = app.get(limited, &path).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // Their figures are their team's: the admin's, filtered to the team.
    let calls = json_of(
        app.get(limited, "/api/v1/metrics/calls").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(calls["current"]["dials"], json!(1), "{calls}");
    let team_calls = app
        .get_ok(&format!("/api/v1/metrics/calls?team_id={}", people.team))
        .await;
    assert_eq!(calls["current"], team_calls["current"]);
    let everyone = app.get_ok("/api/v1/metrics/calls").await;
    assert_eq!(everyone["current"]["dials"], json!(2), "{everyone}");
    let funnel = json_of(
        app.get(limited, "/api/v1/metrics/funnel").await,
        StatusCode::OK,
    )
    .await;
    let team_funnel = app
        .get_ok(&format!("/api/v1/metrics/funnel?team_id={}", people.team))
        .await;
    assert_eq!(funnel["current"], team_funnel["current"]);
    assert_eq!(reps_listed(&app, limited).await, [json!(people.rep)]);

    // The same on the pages, where the other team's rep is not even named.
    let (secret, _) = session_for(&app, people.limited, 1).await;
    let client = no_redirects();
    let page = |path: String| page_as(&app, &client, &secret, path);
    for path in [
        "/leads".to_owned(),
        "/leads?q=Bravo".to_owned(),
        format!("/leads?team_id={}", people.other_team),
        "/leads/export.csv".to_owned(),
        "/board".to_owned(),
        format!("/board?team_id={}", people.other_team),
        "/agenda".to_owned(),
        format!("/agenda?team={}", people.team),
        "/dashboard".to_owned(),
        "/dashboard/tags".to_owned(),
        "/forecast".to_owned(),
        "/queue".to_owned(),
        format!("/leads/{north_id}"),
    ] {
        let response = page(path.clone()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = response.text().await.unwrap();
        assert!(hidden(&html) && !html.contains("Otto Other"), "{path}");
    }
    let imports = page("/import".to_owned())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!imports.contains("south-secret.csv"), "{imports}");
    for (path, status) in [
        (format!("/import/{theirs}"), StatusCode::NOT_FOUND),
        (format!("/import/{theirs}/rejected"), StatusCode::NOT_FOUND),
        (format!("/import/{theirs}/errors"), StatusCode::NOT_FOUND),
        (format!("/leads/{south_id}"), StatusCode::NOT_FOUND),
        (
            format!("/agenda?user={}", people.other_rep),
            StatusCode::FORBIDDEN,
        ),
        (
            format!("/agenda?team={}", people.other_team),
            StatusCode::FORBIDDEN,
        ),
        (
            format!("/dashboard?owner_id={}", people.other_rep),
            StatusCode::FORBIDDEN,
        ),
        (
            format!("/dashboard?team_id={}", people.other_team),
            StatusCode::FORBIDDEN,
        ),
    ] {
        let response = page(path.clone()).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
    }
}

const SCRIPT: &str = "<script>alert(1)</script>";
const ATTRIBUTE: &str = "\"><img src=x onerror=alert(1)>";

/// Both payloads in one text, as a field would store them.
fn payload() -> String {
    format!("{SCRIPT}{ATTRIBUTE}")
}

/// The page shows no payload as markup; `shown` pages must show it, escaped.
fn assert_inert(path: &str, html: &str, shown: bool) {
    for raw in [SCRIPT, "<img src=x onerror", "\"><img"] {
        assert!(!html.contains(raw), "{path} renders `{raw}` as markup");
    }
    if shown {
        assert!(
            html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
                && html.contains("&#34;&#62;&#60;img src=x onerror=alert(1)&#62;"),
            "{path} does not show the stored text: {}",
            snippet(&html[html.find("<main").unwrap_or(0)..])
        );
    }
}

#[tokio::test]
async fn stored_markup_renders_inert_on_every_page_that_shows_it() {
    let app = spawn_app().await;
    let x = payload();
    let rep = storage::users::create(&app.db, "xss.rep@example.com", &x, Role::Rep, "x")
        .await
        .unwrap();
    let (_, hash) = credentials::new_api_token();
    storage::users::create_token(&app.db, rep.id, &x, &hash)
        .await
        .unwrap();
    app.post_expecting(
        "/api/v1/tags",
        json!({"name": x, "group": x}),
        StatusCode::OK,
    )
    .await;
    let lead = app
        .lead(json!({
            "name": x, "company": x, "source": x, "notes": x, "tags": [x],
            "phone": unique_phone(), "owner_id": rep.id
        }))
        .await;
    let lead_id = id_of(&lead);
    app.logged_call(
        &app.admin_token,
        json!({"lead_id": lead_id, "rep_id": rep.id, "outcome": "no_answer", "notes": x}),
    )
    .await;
    app.moved(&lead_id, json!({"to": "connect", "reason": x}))
        .await;
    // Due now, so that it is the rep's next lead in the queue.
    sqlx::query("UPDATE leads SET next_contact_at = now() - interval '1 minute' WHERE id = $1")
        .bind(lead_id.parse::<Uuid>().unwrap())
        .execute(&app.db)
        .await
        .unwrap();
    app.patch_expecting(
        "/api/v1/settings",
        json!({"holidays": [{"date": "2026-12-25", "name": x}]}),
        StatusCode::OK,
    )
    .await;
    let lost = app
        .lead(json!({"name": x, "phone": unique_phone(), "source": x}))
        .await;
    let lost_id = id_of(&lost);
    app.post_expecting(
        "/api/v1/lost-reasons",
        json!({"label": x}),
        StatusCode::CREATED,
    )
    .await;
    app.post_expecting(
        &format!("/api/v1/leads/{lost_id}/lost"),
        json!({"reason": x, "note": x}),
        StatusCode::OK,
    )
    .await;
    let today = chrono::Utc::now().date_naive().to_string();
    app.post_expecting(
        "/api/v1/spend",
        json!({"date": today, "amount": 1000, "category": "advertising", "channel": x, "note": x}),
        StatusCode::CREATED,
    )
    .await;
    let import = storage::imports::create(&app.db, app.admin_id, &x, b"name,phone\n")
        .await
        .unwrap();
    // A receiver's answer is shown in the delivery log.
    let hook = call_logged_subscription(&app, "whsec_markup").await;
    sqlx::query(
        "INSERT INTO webhook_deliveries (event_id, event_type, payload, subscription_id, last_error) \
         VALUES (gen_random_uuid(), 'call.logged', '{}', $1, $2)",
    )
    .bind(hook)
    .bind(&x)
    .execute(&app.db)
    .await
    .unwrap();

    let client = no_redirects();
    let (admin, _) = session_for(&app, app.admin_id, 1).await;
    let (rep_session, _) = session_for(&app, rep.id, 1).await;
    let escaped = url_escape(&x);
    let pages = [
        (&admin, "/leads".to_owned(), true),
        (&admin, format!("/leads?q={escaped}"), true),
        (&admin, format!("/leads?tag={escaped}"), true),
        (&admin, format!("/leads?stage={escaped}"), false),
        (&admin, format!("/leads/{lead_id}"), true),
        (&admin, format!("/leads/{lost_id}"), true),
        (&admin, "/leads/new".to_owned(), true),
        (&admin, "/dashboard".to_owned(), true),
        (
            &admin,
            format!("/dashboard?channel={escaped}&tag={escaped}"),
            true,
        ),
        (&admin, "/spend".to_owned(), true),
        (&admin, "/import".to_owned(), true),
        (&admin, format!("/import/{import}"), true),
        (&admin, "/admin/users".to_owned(), true),
        (&admin, "/admin/tokens".to_owned(), true),
        (&admin, "/admin/webhooks".to_owned(), true),
        (&admin, "/admin/settings".to_owned(), true),
        (&admin, "/admin/audit".to_owned(), true),
        (&rep_session, "/queue".to_owned(), true),
        (&rep_session, "/leads".to_owned(), true),
        (&rep_session, format!("/leads/{lead_id}"), true),
        (&admin, format!("/login?next=/{escaped}"), false),
        (&admin, format!("/nowhere/{escaped}"), false),
    ];
    for (session, path, shown) in pages {
        let response = client
            .get(app.url(&path))
            .header(COOKIE, format!("ll_session={session}"))
            .send()
            .await
            .unwrap();
        assert!(response.status().as_u16() < 500, "{path}");
        let html = response.text().await.unwrap();
        assert_inert(&path, &html, shown);
    }
}

#[test]
fn a_route_open_to_reps_or_managers_needs_no_admin_scope() {
    use leadline::domain::token::ApiScope;
    let id = "00000000-0000-0000-0000-000000000000";
    let mut wrong: Vec<String> = table(id, id, id, id, id)
        .into_iter()
        .filter(|case| {
            case.route.starts_with("/api/v1/")
                && case.route != "/api/v1/openapi.json"
                && !matches!(case.access, Access::Admin)
                // reqwest's Method and axum's are the same `http` type.
                && leadline::http::scopes::needed(&case.method, case.route)
                    == Some(ApiScope::Admin)
        })
        .map(|case| format!("{} {}", case.method, case.route))
        .collect();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "open to non-admins but needing the admin scope: {wrong:?}"
    );
}
