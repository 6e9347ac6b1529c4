//! Teams: a manager and the reps they lead, made by admins and audited; the dashboard's
//! figures and cost, the board and the agenda filtered to a team; the teams page in the
//! reader's language. (A manager limited to their teams: `authorization.rs`.)

use chrono::{Duration, Utc};
use leadline::domain::user::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, id_of, json_of, page, post_form, spawn_app, unique_phone};

#[tokio::test]
async fn admins_make_and_change_teams_and_every_change_is_audited() {
    let app = spawn_app().await;
    let manager = app.user("Maya Manager", Role::Manager).await;
    let rep = app.user("Rudi Rep", Role::Rep).await;
    let team = app
        .post_expecting(
            "/api/v1/teams",
            json!({"name": "Jakarta Timur", "manager_id": manager.id}),
            StatusCode::CREATED,
        )
        .await;
    let team_id = id_of(&team);
    assert_eq!(team["name"], json!("Jakarta Timur"));
    assert_eq!(team["manager_id"], json!(manager.id));
    assert_eq!(team["member_ids"], json!([]));

    // Bad input names its field; nothing is written.
    app.post_refused("/api/v1/teams", json!({"name": "jakarta timur"}), "name")
        .await;
    app.post_refused("/api/v1/teams", json!({"name": "  "}), "name")
        .await;
    app.post_refused(
        "/api/v1/teams",
        json!({"name": "Reps lead nobody", "manager_id": rep.id}),
        "manager_id",
    )
    .await;
    app.post_refused(
        "/api/v1/teams",
        json!({"name": "Nobody leads", "manager_id": uuid::Uuid::now_v7()}),
        "manager_id",
    )
    .await;
    assert_eq!(app.count("teams").await, 1);

    // A rep joins through their user; an unknown team is refused.
    let joined = app
        .patch_expecting(
            &format!("/api/v1/users/{}", rep.id),
            json!({"team_id": team_id}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(joined["team_id"], json!(team_id));
    app.patch_refused(
        &format!("/api/v1/users/{}", rep.id),
        json!({"team_id": uuid::Uuid::now_v7()}),
        "team_id",
    )
    .await;
    let limited = app
        .patch_expecting(
            &format!("/api/v1/users/{}", manager.id),
            json!({"limited_to_teams": true}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(limited["limited_to_teams"], json!(true));
    let listed = app.get_ok("/api/v1/teams").await;
    assert_eq!(listed[0]["member_ids"], json!([rep.id]), "{listed}");

    // Managers read teams (a limited one, theirs); only admins change them.
    let theirs = json_of(
        app.get(&manager.token, "/api/v1/teams").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
    for response in [
        app.get(&rep.token, "/api/v1/teams").await,
        app.post(&manager.token, "/api/v1/teams", &json!({"name": "Mine"}))
            .await,
        app.patch(
            &manager.token,
            &format!("/api/v1/teams/{team_id}"),
            &json!({"name": "Mine"}),
        )
        .await,
        app.delete(&manager.token, &format!("/api/v1/teams/{team_id}"))
            .await,
    ] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    let renamed = app
        .patch_expecting(
            &format!("/api/v1/teams/{team_id}"),
            json!({"name": "Jakarta Barat", "manager_id": null}),
            StatusCode::OK,
        )
        .await;
    assert_eq!(renamed["name"], json!("Jakarta Barat"));
    assert_eq!(renamed["manager_id"], Value::Null);

    // The trail: the team made and renamed, the rep's team, the manager's limit.
    let trail = app.get_ok("/api/v1/audit?entity=team").await;
    let actions: Vec<&Value> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["action"])
        .collect();
    assert_eq!(actions, [&json!("changed"), &json!("created")], "{trail}");
    assert_eq!(
        trail["items"][0]["changes"]["name"],
        json!({"old": "Jakarta Timur", "new": "Jakarta Barat"})
    );
    let users = app.get_ok("/api/v1/audit?entity=user").await.to_string();
    assert!(users.contains(r#""team_id":{"new""#), "{users}");
    assert!(
        users.contains(r#""limited_to_teams":{"new":true,"old":false}"#),
        "{users}"
    );

    // Deleting a team leaves its members in none.
    let deleted = app
        .delete(&app.admin_token, &format!("/api/v1/teams/{team_id}"))
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let me = app.get_ok("/api/v1/users").await;
    let rudi = me
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == json!(rep.id))
        .unwrap()
        .clone();
    assert_eq!(rudi["team_id"], Value::Null);
    let again = app
        .delete(&app.admin_token, &format!("/api/v1/teams/{team_id}"))
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_team_filters_the_dashboard_its_cost_the_board_and_the_agenda() {
    let app = spawn_app().await;
    let ani = app.user("Ani Rep", Role::Rep).await;
    let budi = app.user("Budi Rep", Role::Rep).await;
    let citra = app.user("Citra Rep", Role::Rep).await;
    let team = app
        .post_expecting(
            "/api/v1/teams",
            json!({"name": "Surabaya"}),
            StatusCode::CREATED,
        )
        .await;
    let team_id = id_of(&team);
    for rep in [&ani, &budi] {
        app.patch_expecting(
            &format!("/api/v1/users/{}", rep.id),
            json!({"team_id": team_id}),
            StatusCode::OK,
        )
        .await;
    }
    let overdue = (Utc::now() - Duration::hours(2)).to_rfc3339();
    for (name, rep) in [
        ("Andi Lead", &ani),
        ("Bayu Lead", &budi),
        ("Cahya Lead", &citra),
    ] {
        let lead = app
            .lead(json!({"name": name, "phone": unique_phone(), "owner_id": rep.id}))
            .await;
        app.logged_call(
            &rep.token,
            json!({"lead_id": id_of(&lead), "outcome": "connected", "talk_seconds": 30}),
        )
        .await;
        app.patch_expecting(
            &format!("/api/v1/leads/{}", id_of(&lead)),
            json!({"next_contact_at": overdue}),
            StatusCode::OK,
        )
        .await;
    }
    let today = Utc::now().date_naive().to_string();
    for (amount, rep) in [(100_000, &ani), (1_000_000, &citra)] {
        app.post_expecting(
            "/api/v1/spend",
            json!({"date": today, "amount": amount, "category": "salaries", "rep_id": rep.id}),
            StatusCode::CREATED,
        )
        .await;
    }

    // The team's figures are its members' summed; its cost divides its members' spend.
    let calls = app
        .get_ok(&format!("/api/v1/metrics/calls?team_id={team_id}"))
        .await;
    assert_eq!(calls["current"]["dials"], json!(2), "{calls}");
    let funnel = |query: String| {
        let app = &app;
        async move {
            let f = app.get_ok(&format!("/api/v1/metrics/funnel?{query}")).await;
            f["current"]["stages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["reached"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let of_team = funnel(format!("team_id={team_id}")).await;
    let of_ani = funnel(format!("owner_id={}", ani.id)).await;
    let of_budi = funnel(format!("owner_id={}", budi.id)).await;
    let summed: Vec<i64> = of_ani.iter().zip(&of_budi).map(|(a, b)| a + b).collect();
    assert_eq!(of_team, summed);
    assert_eq!(of_team[0], 2);
    let cost = app
        .get_ok(&format!("/api/v1/metrics/cost?team_id={team_id}"))
        .await;
    assert_eq!(cost["current"]["spend"], json!(100_000), "{cost}");
    assert_eq!(cost["current"]["cost_per_call"], json!(50_000), "{cost}");
    // A rep in the team and the team together: that rep's.
    let ani_in_team = app
        .get_ok(&format!(
            "/api/v1/metrics/calls?team_id={team_id}&owner_id={}",
            ani.id
        ))
        .await;
    assert_eq!(ani_in_team["current"]["dials"], json!(1));
    let unknown = app
        .get(
            &app.admin_token,
            &format!("/api/v1/metrics/calls?team_id={}", uuid::Uuid::now_v7()),
        )
        .await;
    assert_problem(unknown, StatusCode::UNPROCESSABLE_ENTITY, "team_id").await;

    // The pages, read in Indonesian: the board and the team's agenda hold its members' leads.
    let (client, csrf, admin) = app.signed_in("Sari Admin", Role::Admin).await;
    sqlx::query("UPDATE users SET language = 'id', time_zone = 'Asia/Jakarta' WHERE id = $1")
        .bind(admin.id)
        .execute(&app.db)
        .await
        .unwrap();
    let board = page(&client, &app.url(&format!("/board?team_id={team_id}"))).await;
    assert!(
        board.contains("Andi Lead") && board.contains("Bayu Lead"),
        "{board}"
    );
    assert!(!board.contains("Cahya Lead"), "{board}");
    let agenda = page(&client, &app.url(&format!("/agenda?team={team_id}"))).await;
    assert!(agenda.contains("Agenda tim Surabaya"), "{agenda}");
    assert!(
        agenda.contains("Andi Lead") && agenda.contains("Bayu Lead"),
        "{agenda}"
    );
    assert!(
        agenda.contains("Ani Rep") && agenda.contains("Budi Rep"),
        "{agenda}"
    );
    assert!(!agenda.contains("Cahya Lead"), "{agenda}");
    let api_agenda = app
        .get_ok(&format!("/api/v1/agenda?team_id={team_id}"))
        .await;
    let whose: Vec<&Value> = api_agenda["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["user_id"])
        .collect();
    assert_eq!(whose.len(), 2, "{api_agenda}");
    assert!(whose.contains(&&json!(ani.id)) && whose.contains(&&json!(budi.id)));
    let dashboard = page(&client, &app.url(&format!("/dashboard?team_id={team_id}"))).await;
    assert!(dashboard.contains("Surabaya"), "{dashboard}");

    // The teams page: add, rename and delete, in the reader's language.
    let teams = page(&client, &app.url("/admin/teams")).await;
    assert!(teams.contains("<h1>Tim</h1>"), "{teams}");
    assert!(teams.contains("Ani Rep, Budi Rep"), "{teams}");
    let added = post_form(
        &client,
        &app.url("/admin/teams"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Medan"),
            ("manager_id", ""),
        ],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let taken = post_form(
        &client,
        &app.url("/admin/teams"),
        &[
            ("csrf", csrf.as_str()),
            ("name", "medan"),
            ("manager_id", ""),
        ],
    )
    .await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = taken.text().await.unwrap();
    assert!(said.contains("tim lain sudah memakai nama ini"), "{said}");
    let medan: String = app
        .scalar("SELECT id::text FROM teams WHERE name = 'Medan'")
        .await;
    let renamed = post_form(
        &client,
        &app.url(&format!("/admin/teams/{medan}")),
        &[
            ("csrf", csrf.as_str()),
            ("name", "Medan Kota"),
            ("manager_id", ""),
        ],
    )
    .await;
    assert_eq!(renamed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar::<String>(&format!("SELECT name FROM teams WHERE id = '{medan}'"))
            .await,
        "Medan Kota"
    );
    let gone = post_form(
        &client,
        &app.url(&format!("/admin/teams/{medan}/delete")),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(gone.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("teams").await, 1);

    // A member joins on the users page.
    let joined = post_form(
        &client,
        &app.url(&format!("/admin/users/{}", citra.id)),
        &[("csrf", csrf.as_str()), ("team_id", team_id.as_str())],
    )
    .await;
    assert_eq!(joined.status(), StatusCode::SEE_OTHER);
    let members = app.get_ok("/api/v1/teams").await;
    assert_eq!(
        members[0]["member_ids"].as_array().unwrap().len(),
        3,
        "{members}"
    );
}
