//! Tasks on leads and the agenda, over the API: who may give, see and change which task,
//! and what the agenda lists when.

use chrono::{Duration, Utc};
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, id_of, json_of, spawn_app, unique_phone, TestApp};

fn at(offset: Duration) -> String {
    (Utc::now() + offset).to_rfc3339()
}

async fn task(app: &TestApp, token: &str, body: Value) -> Value {
    json_of(
        app.post(token, "/api/v1/tasks", &body).await,
        StatusCode::CREATED,
    )
    .await
}

#[tokio::test]
async fn a_rep_keeps_tasks_on_their_leads_and_marks_them_done_once() {
    let app = spawn_app().await;
    let rep = app.user("Task Rep", Role::Rep).await;
    let lead = app
        .lead(json!({"name": "Needs A Quote", "phone": unique_phone(), "owner_id": rep.id}))
        .await;
    let created = task(
        &app,
        &rep.token,
        json!({"lead_id": id_of(&lead), "title": "Send the price list", "due_at": at(Duration::hours(2))}),
    )
    .await;
    assert_eq!(created["assignee_id"], json!(rep.id));
    assert_eq!(created["lead_name"], "Needs A Quote");
    assert_eq!(created["done"], false);

    let path = format!("/api/v1/tasks/{}", id_of(&created));
    let done = json_of(
        app.patch(&rep.token, &path, &json!({"done": true})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["done"], true);
    // Done again, it keeps its first time.
    let again = json_of(
        app.patch(&rep.token, &path, &json!({"done": true})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again["done_at"], done["done_at"]);
    let open = app.get_ok("/api/v1/tasks?done=false").await;
    assert_eq!(open["items"].as_array().unwrap().len(), 0);
    let listed = json_of(
        app.get(
            &rep.token,
            &format!("/api/v1/tasks?lead_id={}", id_of(&lead)),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"][0]["title"], "Send the price list");
}

#[tokio::test]
async fn reps_neither_give_nor_see_nor_change_others_tasks() {
    let app = spawn_app().await;
    let rep = app.user("Own Rep", Role::Rep).await;
    let other = app.user("Other Rep", Role::Rep).await;
    let theirs = app
        .lead(json!({"name": "Theirs", "phone": unique_phone(), "owner_id": other.id}))
        .await;
    let shared = app
        .lead(json!({"name": "Unassigned", "phone": unique_phone()}))
        .await;

    // A task for someone else, or on a lead the rep cannot see, is refused.
    let for_other = app
        .post(
            &rep.token,
            "/api/v1/tasks",
            &json!({"lead_id": id_of(&shared), "title": "Do this", "assignee_id": other.id}),
        )
        .await;
    assert_problem(for_other, StatusCode::UNPROCESSABLE_ENTITY, "assignee_id").await;
    let hidden = app
        .post(
            &rep.token,
            "/api/v1/tasks",
            &json!({"lead_id": id_of(&theirs), "title": "Peek"}),
        )
        .await;
    assert_problem(hidden, StatusCode::UNPROCESSABLE_ENTITY, "lead_id").await;

    // A manager's task for the other rep: the rep neither lists nor changes it.
    let managers = task(
        &app,
        &app.admin_token,
        json!({"lead_id": id_of(&theirs), "title": "Call the director", "assignee_id": other.id}),
    )
    .await;
    let listed = json_of(app.get(&rep.token, "/api/v1/tasks").await, StatusCode::OK).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 0);
    let changed = app
        .patch(
            &rep.token,
            &format!("/api/v1/tasks/{}", id_of(&managers)),
            &json!({"done": true}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NOT_FOUND);
    // A rep cannot be given a task on a lead another rep owns.
    let unseen = app
        .post(
            &app.admin_token,
            "/api/v1/tasks",
            &json!({"lead_id": id_of(&theirs), "title": "Not yours", "assignee_id": rep.id}),
        )
        .await;
    assert_problem(unseen, StatusCode::UNPROCESSABLE_ENTITY, "assignee_id").await;
    // Bad input names its field.
    let blank = app
        .post(
            &rep.token,
            "/api/v1/tasks",
            &json!({"lead_id": id_of(&shared), "title": " "}),
        )
        .await;
    assert_problem(blank, StatusCode::UNPROCESSABLE_ENTITY, "title").await;
}

#[tokio::test]
async fn the_agenda_lists_overdue_todays_and_upcoming_follow_ups_and_tasks() {
    let app = spawn_app().await;
    let rep = app.user("Agenda Rep", Role::Rep).await;
    let lead = |name: &str, next: Option<String>| {
        let mut body = json!({"name": name, "phone": unique_phone(), "owner_id": rep.id});
        if let Some(next) = next {
            body["next_contact_at"] = json!(next);
        }
        app.lead(body)
    };
    let late = lead("Late Callback", Some(at(-Duration::hours(3)))).await;
    let soon = lead("Soon Callback", Some(at(Duration::minutes(5)))).await;
    let later = lead("Later Callback", Some(at(Duration::days(3)))).await;
    lead("Far Callback", Some(at(Duration::days(30)))).await;
    let quiet = lead("Quiet Lead", None).await;
    task(
        &app,
        &rep.token,
        json!({"lead_id": id_of(&quiet), "title": "Overdue task", "due_at": at(-Duration::days(1))}),
    )
    .await;
    task(
        &app,
        &rep.token,
        json!({"lead_id": id_of(&quiet), "title": "Whenever"}),
    )
    .await;
    // Do-not-call leads are not on it.
    app.lead(
        json!({"name": "Asked Not To", "phone": unique_phone(), "owner_id": rep.id,
                    "do_not_call": true, "next_contact_at": at(-Duration::hours(1))}),
    )
    .await;

    let agenda = json_of(app.get(&rep.token, "/api/v1/agenda").await, StatusCode::OK).await;
    let names = |list: &str| -> Vec<String> {
        agenda[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                i["title"]
                    .as_str()
                    .unwrap_or_else(|| i["lead_name"].as_str().unwrap())
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(names("overdue"), ["Overdue task", "Late Callback"]);
    assert_eq!(agenda["overdue"][1]["lead_id"], late["id"]);
    // Today ends at midnight of the rep's clock (the company's UTC here): five minutes
    // from now is today unless midnight falls in between.
    let today_or_upcoming = [names("today"), names("upcoming")].concat();
    assert!(today_or_upcoming.contains(&"Soon Callback".to_owned()));
    assert!(names("upcoming").contains(&"Later Callback".to_owned()));
    assert!(!today_or_upcoming.contains(&"Far Callback".to_owned()));
    assert_eq!(names("undated"), ["Whenever"]);
    let _ = (soon, later);
}

#[tokio::test]
async fn a_rep_asking_for_another_reps_agenda_is_refused_and_a_manager_reads_it() {
    let app = spawn_app().await;
    let rep = app.user("Private Rep", Role::Rep).await;
    let other = app.user("Watched Rep", Role::Rep).await;
    let manager = app.user("Team Manager", Role::Manager).await;
    app.lead(
        json!({"name": "Watched Lead", "phone": unique_phone(), "owner_id": other.id,
                    "next_contact_at": at(-Duration::hours(1))}),
    )
    .await;
    let path = format!("/api/v1/agenda?user_id={}", other.id);
    let refused = app.get(&rep.token, &path).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let read = json_of(app.get(&manager.token, &path).await, StatusCode::OK).await;
    assert_eq!(read["overdue"][0]["lead_name"], "Watched Lead");
    let nobody = app
        .get(
            &manager.token,
            &format!("/api/v1/agenda?user_id={}", uuid::Uuid::new_v4()),
        )
        .await;
    assert_eq!(nobody.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_task_leaves_a_reps_sight_with_its_lead_when_the_lead_goes_to_another_rep() {
    let app = spawn_app().await;
    let first = app.user("First Rep", Role::Rep).await;
    let second = app.user("Second Rep", Role::Rep).await;
    let lead = app
        .lead(json!({"name": "Changing Hands", "phone": unique_phone()}))
        .await;
    let given = task(
        &app,
        &app.admin_token,
        json!({"lead_id": id_of(&lead), "title": "Ring the buyer", "assignee_id": first.id,
               "due_at": at(-Duration::hours(1))}),
    )
    .await;
    let listed = |token: String| {
        let app = &app;
        async move { json_of(app.get(&token, "/api/v1/tasks").await, StatusCode::OK).await }
    };
    assert_eq!(
        listed(first.token.clone()).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // The lead is given to the second rep: the first no longer sees the task, its lead's
    // name on the agenda, or may mark it done.
    app.patch_expecting(
        &format!("/api/v1/leads/{}", id_of(&lead)),
        json!({"owner_id": second.id}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        listed(first.token.clone()).await["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let agenda = json_of(
        app.get(&first.token, "/api/v1/agenda").await,
        StatusCode::OK,
    )
    .await;
    assert!(!agenda.to_string().contains("Changing Hands"), "{agenda}");
    let changed = app
        .patch(
            &first.token,
            &format!("/api/v1/tasks/{}", id_of(&given)),
            &json!({"done": true}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NOT_FOUND);
    // A manager still sees it, to hand it on.
    let handed = json_of(
        app.patch(
            &app.admin_token,
            &format!("/api/v1/tasks/{}", id_of(&given)),
            &json!({"assignee_id": second.id}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(handed["assignee_id"], json!(second.id));
    assert_eq!(
        listed(second.token.clone()).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
