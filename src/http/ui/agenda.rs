//! The agenda: a user's overdue, today's and upcoming follow-ups and tasks, `n` to call
//! the next, `x` to mark the next task done; a manager picks whose. And the task forms
//! of a lead's page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use super::format::{datetime, opt_phone, parse_local_time, PhoneLink};
use super::{render, session, CsrfForm, Layout, UiError, UiResult, UiUser};
use crate::domain::FieldError;
use crate::i18n::{field_error, t, Translate};
use crate::service::agenda::{self, Agenda};
use crate::service::tasks::{CreateTask, UpdateTask};
use crate::state::AppState;
use crate::storage::tasks::{self, AgendaItem, AgendaKind};
use crate::storage::{teams, users, StoreError};

/// One line of the agenda as the page shows it.
pub struct Line {
    /// Whose line, on a team's agenda.
    pub who: String,
    pub when: String,
    pub kind: String,
    pub lead_id: Uuid,
    pub lead_name: String,
    pub phone: Option<PhoneLink>,
    pub task_id: Option<Uuid>,
    pub title: String,
    /// The lead asked not to be called: said, and not offered to call.
    pub do_not_call: bool,
    /// The first line to call (`n`), the first task to mark done (`x`).
    pub next_call: bool,
    pub next_done: bool,
}

/// A group of lines under its heading.
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub lines: Vec<Line>,
}

/// A user whose agenda a manager may open.
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "agenda.html")]
pub struct AgendaPage {
    pub layout: Layout,
    /// Whose agenda, when it is not the viewer's own.
    pub whose: Option<String>,
    /// The zone whose days the sections are, when it is not the viewer's (the times are
    /// shown on the viewer's clock).
    pub days_zone: Option<String>,
    pub people: Vec<Person>,
    /// The teams whose agenda the viewer may open, the chosen one selected.
    pub teams: Vec<Person>,
    /// The team whose members' agenda this is.
    pub team: Option<String>,
    pub sections: Vec<Section>,
    pub empty: bool,
    /// Where a task's Done form comes back to.
    pub here: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct AgendaQuery {
    /// Whose agenda (managers and admins); the viewer's own otherwise.
    user: Option<String>,
    /// A team's agenda: its members' together (managers and admins).
    team: Option<String>,
    /// Set after a task was marked done.
    done: Option<String>,
}

fn lines(items: Vec<AgendaItem>, viewer: &UiUser, names: &HashMap<Uuid, String>) -> Vec<Line> {
    items
        .into_iter()
        .map(|item| Line {
            who: names.get(&item.user_id).cloned().unwrap_or_default(),
            when: item
                .at
                .map(|at| datetime(at, viewer.clock.zone))
                .unwrap_or_default(),
            kind: t(match item.kind {
                AgendaKind::FollowUp => "agenda-kind-follow-up",
                AgendaKind::Task => "agenda-kind-task",
                AgendaKind::Returning => "agenda-kind-returning",
            }),
            lead_id: item.lead_id,
            lead_name: item.lead_name,
            phone: opt_phone(item.phone.as_deref()),
            task_id: item.task_id,
            title: item.title.unwrap_or_default(),
            do_not_call: item.do_not_call,
            next_call: false,
            next_done: false,
        })
        .collect()
}

/// The page's sections, the first line to call and the first task marked for the keys.
fn sections(agenda: Agenda, viewer: &UiUser, names: &HashMap<Uuid, String>) -> Vec<Section> {
    let mut sections = vec![
        Section {
            id: "overdue",
            title: t("agenda-overdue"),
            lines: lines(agenda.overdue, viewer, names),
        },
        Section {
            id: "today",
            title: t("agenda-today"),
            lines: lines(agenda.today, viewer, names),
        },
        Section {
            id: "upcoming",
            title: t("agenda-upcoming"),
            lines: lines(agenda.upcoming, viewer, names),
        },
        Section {
            id: "undated",
            title: t("agenda-undated"),
            lines: lines(agenda.undated, viewer, names),
        },
    ];
    if let Some(first) = sections
        .iter_mut()
        .flat_map(|s| s.lines.iter_mut())
        .find(|l| !l.do_not_call)
    {
        first.next_call = true;
    }
    if let Some(task) = sections
        .iter_mut()
        .flat_map(|s| s.lines.iter_mut())
        .find(|l| l.task_id.is_some())
    {
        task.next_done = true;
    }
    sections
}

pub async fn page(
    State(state): State<AppState>,
    user: UiUser,
    Query(query): Query<AgendaQuery>,
) -> UiResult<Response> {
    let asked = query
        .user
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(|u| {
            u.parse::<Uuid>()
                .map_err(|_| UiError::BadRequest(t("agenda-error-user")))
        })
        .transpose()?;
    let team = super::team_filter(&query.team)?;
    let whose = asked.unwrap_or(user.id);
    let scope = user.scope();
    let refused = |e: StoreError| match e {
        StoreError::Forbidden(_) => UiError::Forbidden(t("agenda-error-not-yours")),
        other => other.into(),
    };
    if team.is_some() && !user.role.sees_everything() {
        return Err(UiError::Forbidden(t("agenda-error-not-yours")));
    }
    let agenda = match team {
        Some(team) => agenda::of_team(&state, user.id, scope, team, Utc::now()).await,
        None => match agenda::check_whose(&state, user.id, scope, whose).await {
            Ok(()) => agenda::of(&state, whose, scope, Utc::now()).await,
            Err(e) => Err(e),
        },
    }
    .map_err(refused)?;
    let days_zone =
        (agenda.time_zone != user.clock.zone.to_string()).then(|| agenda.time_zone.clone());
    let (everyone, visible, team_list) = if user.role.sees_everything() {
        tokio::try_join!(
            users::list(&state.db),
            teams::visible_owners(&state.db, scope),
            teams::visible_to(&state.db, scope),
        )?
    } else {
        (Vec::new(), None, Vec::new())
    };
    let names: HashMap<Uuid, String> = if team.is_some() {
        everyone.iter().map(|u| (u.id, u.name.clone())).collect()
    } else {
        HashMap::new()
    };
    let whose_name = (whose != user.id && team.is_none())
        .then(|| {
            everyone
                .iter()
                .find(|u| u.id == whose)
                .map(|u| u.name.clone())
        })
        .flatten();
    let team_name = team.and_then(|id| {
        team_list
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
    });
    let people = everyone
        .into_iter()
        .filter(|u| u.active && visible.as_ref().is_none_or(|v| v.contains(&u.id)))
        .map(|u| Person {
            selected: team.is_none() && u.id == whose,
            id: u.id,
            name: u.name,
        })
        .collect();
    let teams = team_list
        .into_iter()
        .map(|t| Person {
            selected: Some(t.id) == team,
            id: t.id,
            name: t.name,
        })
        .collect();
    let sections = sections(agenda, &user, &names);
    let empty = sections.iter().all(|s| s.lines.is_empty());
    let here = match (team, asked) {
        (Some(team), _) => format!("/agenda?team={team}"),
        (None, Some(id)) if id != user.id => format!("/agenda?user={id}"),
        _ => "/agenda".to_owned(),
    };
    let flash = query.done.map(|_| t("agenda-task-done"));
    render(&AgendaPage {
        layout: Layout::new(&user, "agenda").with_flash(flash),
        whose: whose_name,
        days_zone,
        people,
        teams,
        team: team_name,
        sections,
        empty,
        here,
    })
}

#[derive(Debug, Deserialize)]
pub struct DoneForm {
    /// A path of this site to go back to.
    #[serde(default)]
    next: String,
}

/// Mark a task done (one the user may see), and go back where the form was.
pub async fn done(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<DoneForm>,
) -> UiResult<Response> {
    let patch = UpdateTask {
        done: Some(true),
        ..UpdateTask::default()
    }
    .validate(user.asker())
    .map_err(|e| UiError::BadRequest(field_error(e.first())))?;
    let mut tx = state.db.begin().await?;
    tasks::update(&mut tx, id, patch, user.id, user.scope()).await?;
    tx.commit().await?;
    let back = session::local_path(Some(&form.next)).unwrap_or("/agenda");
    let separator = if back.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{back}{separator}done=1")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct TaskForm {
    #[serde(default)]
    pub title: String,
    /// On the user's clock; empty for none.
    pub due_at: Option<String>,
    /// Managers and admins choose; a rep's tasks are their own.
    pub assignee_id: Option<String>,
}

/// A task on this lead, from its page: the page again, or the reason it was refused.
pub async fn create_for_lead(
    state: &AppState,
    user: &UiUser,
    lead_id: Uuid,
    form: &TaskForm,
) -> UiResult<Result<(), String>> {
    let checked = (|| {
        let assignee_id = form
            .assignee_id
            .as_deref()
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.parse::<Uuid>()
                    .map_err(|_| FieldError::new("assignee_id", "error-no-such-user"))
            })
            .transpose()?;
        CreateTask {
            lead_id,
            title: form.title.clone(),
            due_at: parse_local_time("due_at", form.due_at.as_deref(), user.clock.zone)?,
            assignee_id,
        }
        .validate(user.asker())
        .map_err(FieldError::from)
    })();
    let task = match checked {
        Ok(task) => task,
        Err(e) => return Ok(Err(field_error(&e))),
    };
    let mut tx = state.db.begin().await?;
    match tasks::create(&mut tx, task, user.id, user.scope()).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Ok(()))
        }
        Err(crate::storage::StoreError::Field(e)) => Ok(Err(field_error(&e))),
        Err(other) => Err(other.into()),
    }
}
