//! The admin's teams page: each team's name, manager and members; add, rename, hand
//! to another manager, delete. Members join a team on the users page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::{render, render_status, Admin, CsrfForm, Layout, UiError, UiResult, UiUser};
use crate::domain::required_text;
use crate::domain::user::Role;
use crate::i18n::{field_error, t, Translate};
use crate::state::AppState;
use crate::storage::teams::{self, TeamRow};
use crate::storage::users::{self, UserRow};
use crate::storage::{audit, StoreError};

/// A team as its row shows it.
pub struct TeamLine {
    pub team: TeamRow,
    pub members: Vec<String>,
}

/// Someone who may lead a team: a manager or an admin.
pub struct Leader {
    pub id: Uuid,
    pub name: String,
}

#[derive(Template)]
#[template(path = "admin_teams.html")]
pub struct TeamsPage {
    pub layout: Layout,
    pub teams: Vec<TeamLine>,
    pub leaders: Vec<Leader>,
    pub error: Option<String>,
}

async fn teams_page(state: &AppState, user: &UiUser, error: Option<String>) -> UiResult<TeamsPage> {
    let (list, people) = tokio::try_join!(teams::list(&state.db), users::list(&state.db))?;
    let name_of = |id: &Uuid| {
        people
            .iter()
            .find(|u| u.id == *id)
            .map(|u: &UserRow| u.name.clone())
            .unwrap_or_default()
    };
    let teams = list
        .into_iter()
        .map(|team| TeamLine {
            members: team.member_ids.iter().map(name_of).collect(),
            team,
        })
        .collect();
    let leaders = people
        .iter()
        .filter(|u| u.active && u.role != Role::Rep)
        .map(|u| Leader {
            id: u.id,
            name: u.name.clone(),
        })
        .collect();
    Ok(TeamsPage {
        layout: Layout::new(user, "admin"),
        teams,
        leaders,
        error,
    })
}

pub async fn page(State(state): State<AppState>, Admin(user): Admin) -> UiResult<Response> {
    render(&teams_page(&state, &user, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct TeamForm {
    name: String,
    /// A manager's id, or empty for none.
    #[serde(default)]
    manager_id: String,
}

impl TeamForm {
    fn checked(&self) -> UiResult<Result<(String, Option<Uuid>), String>> {
        let name = match required_text("name", &self.name, 100) {
            Ok(name) => name,
            Err(e) => return Ok(Err(field_error(&e))),
        };
        let manager = match self.manager_id.trim() {
            "" => None,
            id => Some(
                id.parse()
                    .map_err(|_| UiError::BadRequest(t("teams-error-manager")))?,
            ),
        };
        Ok(Ok((name, manager)))
    }
}

/// After a change: back to the page, or the page again with the change's problem.
async fn answer(
    state: &AppState,
    user: &UiUser,
    outcome: Result<(), StoreError>,
) -> UiResult<Response> {
    match outcome {
        Ok(()) => Ok(Redirect::to("/admin/teams").into_response()),
        Err(StoreError::Field(e)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &teams_page(state, user, Some(field_error(&e))).await?,
        ),
        Err(other) => Err(other.into()),
    }
}

/// Add a team (`id` none) or rename it and change its manager, from the page's form.
async fn save(
    state: &AppState,
    user: &UiUser,
    id: Option<Uuid>,
    form: &TeamForm,
) -> UiResult<Response> {
    let (name, manager) = match form.checked()? {
        Ok(checked) => checked,
        Err(message) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &teams_page(state, user, Some(message)).await?,
            )
        }
    };
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    let outcome = match id {
        None => teams::create(&mut tx, &name, manager).await,
        Some(id) => teams::update(&mut tx, id, Some(&name), Some(manager)).await,
    };
    if outcome.is_ok() {
        tx.commit().await?;
    }
    answer(state, user, outcome.map(|_| ())).await
}

pub async fn create(
    State(state): State<AppState>,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<TeamForm>,
) -> UiResult<Response> {
    save(&state, &user, None, &form).await
}

pub async fn update(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm<TeamForm>,
) -> UiResult<Response> {
    save(&state, &user, Some(id), &form).await
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {}

pub async fn delete(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<DeleteForm>,
) -> UiResult<Response> {
    let mut tx = audit::begin_as(&state.db, user.actor()).await?;
    teams::delete(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/teams").into_response())
}
