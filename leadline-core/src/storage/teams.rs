//! Teams: a manager and the reps they lead (migration 0045). A user is in one team at
//! most (`users.team_id`); a manager may lead several.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use super::{new_id, violated_constraint, Scope, StoreError, StoreResult};
use crate::domain::FieldError;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = Team)]
pub struct TeamRow {
    pub id: Uuid,
    pub name: String,
    /// Who leads it: a manager or an admin.
    pub manager_id: Option<Uuid>,
    /// Its members, by name.
    pub member_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Every team, by name.
pub async fn list(db: impl PgExecutor<'_>) -> StoreResult<Vec<TeamRow>> {
    Ok(sqlx::query_as!(
        TeamRow,
        r#"SELECT t.id, t.name, t.manager_id,
                  coalesce(array_agg(u.id ORDER BY u.name, u.id) FILTER (WHERE u.id IS NOT NULL), '{}') AS "member_ids!",
                  t.created_at
           FROM teams t LEFT JOIN users u ON u.team_id = t.id
           GROUP BY t.id ORDER BY lower(t.name), t.id"#,
    )
    .fetch_all(db)
    .await?)
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<TeamRow> {
    sqlx::query_as!(
        TeamRow,
        r#"SELECT t.id, t.name, t.manager_id,
                  coalesce(array_agg(u.id ORDER BY u.name, u.id) FILTER (WHERE u.id IS NOT NULL), '{}') AS "member_ids!",
                  t.created_at
           FROM teams t LEFT JOIN users u ON u.team_id = t.id
           WHERE t.id = $1 GROUP BY t.id"#,
        id,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("team"))
}

/// The manager must be a manager or an admin: a rep leads no team.
async fn check_manager(db: impl PgExecutor<'_>, manager_id: Option<Uuid>) -> StoreResult<()> {
    let Some(id) = manager_id else {
        return Ok(());
    };
    let role = sqlx::query_scalar!("SELECT role FROM users WHERE id = $1", id)
        .fetch_optional(db)
        .await?;
    match role.as_deref() {
        None => Err(FieldError::new("manager_id", "error-team-manager-unknown").into()),
        Some("rep") => Err(FieldError::new("manager_id", "error-team-manager-rep").into()),
        Some(_) => Ok(()),
    }
}

fn name_taken(e: sqlx::Error) -> StoreError {
    match violated_constraint(&e) {
        Some("teams_name_key") => FieldError::new("name", "error-team-name-taken").into(),
        _ => e.into(),
    }
}

#[tracing::instrument(skip_all)]
pub async fn create(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    name: &str,
    manager_id: Option<Uuid>,
) -> StoreResult<TeamRow> {
    check_manager(&mut **tx, manager_id).await?;
    let id = new_id();
    sqlx::query!(
        "INSERT INTO teams (id, name, manager_id) VALUES ($1, $2, $3)",
        id,
        name,
        manager_id,
    )
    .execute(&mut **tx)
    .await
    .map_err(name_taken)?;
    get(&mut **tx, id).await
}

/// Rename a team or change who leads it (`Some(None)`: nobody); `None` leaves a field.
#[tracing::instrument(skip_all)]
pub async fn update(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    id: Uuid,
    name: Option<&str>,
    manager_id: Option<Option<Uuid>>,
) -> StoreResult<TeamRow> {
    check_manager(&mut **tx, manager_id.flatten()).await?;
    let found = sqlx::query!(
        "UPDATE teams SET name = coalesce($2, name), manager_id = CASE WHEN $3 THEN $4 ELSE manager_id END
         WHERE id = $1",
        id,
        name,
        manager_id.is_some(),
        manager_id.flatten(),
    )
    .execute(&mut **tx)
    .await
    .map_err(name_taken)?
    .rows_affected();
    if found == 0 {
        return Err(StoreError::NotFound("team"));
    }
    get(&mut **tx, id).await
}

/// Delete a team; its members are then in no team.
#[tracing::instrument(skip_all)]
pub async fn delete(db: impl PgExecutor<'_>, id: Uuid) -> StoreResult<()> {
    let deleted = sqlx::query!("DELETE FROM teams WHERE id = $1", id)
        .execute(db)
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(StoreError::NotFound("team"));
    }
    Ok(())
}

/// The owners whose leads and figures `scope` keeps besides unassigned leads: `None`
/// for everyone's, the rep, or a limited manager and their teams' members.
pub async fn visible_owners(
    db: impl PgExecutor<'_>,
    scope: Scope,
) -> StoreResult<Option<Vec<Uuid>>> {
    let Some(viewer) = scope.viewer() else {
        return Ok(None);
    };
    Ok(Some(
        sqlx::query_scalar!(r#"SELECT visible_owners($1) AS "id!""#, viewer)
            .fetch_all(db)
            .await?,
    ))
}

/// The teams a user may pick as a filter: every team, or for a limited manager those they
/// lead (and for a rep, none).
pub async fn visible_to(db: impl PgExecutor<'_>, scope: Scope) -> StoreResult<Vec<TeamRow>> {
    let teams = list(db).await?;
    Ok(match scope {
        Scope::All => teams,
        Scope::Team(manager) => teams
            .into_iter()
            .filter(|t| t.manager_id == Some(manager))
            .collect(),
        Scope::Rep(_) => Vec::new(),
    })
}

/// The owners a filter of figures or of the board keeps: the scope's (`None`: everyone),
/// narrowed to one owner and to one team's members. An owner or a team outside a limited
/// scope is refused, naming the field.
pub async fn owners_of(
    db: &sqlx::PgPool,
    scope: Scope,
    owner: Option<Uuid>,
    team: Option<Uuid>,
) -> StoreResult<Option<Vec<Uuid>>> {
    let mut owners = visible_owners(db, scope).await?;
    if let Some(owner) = owner {
        if owners.as_ref().is_some_and(|o| !o.contains(&owner)) {
            return Err(StoreError::Forbidden(
                "owner_id: that rep's figures are not yours to see".into(),
            ));
        }
        owners = Some(vec![owner]);
    }
    if let Some(team) = team {
        if !visible_to(db, scope).await?.iter().any(|t| t.id == team) {
            return Err(match scope {
                Scope::All => FieldError::new("team_id", "error-team-unknown").into(),
                _ => StoreError::Forbidden("team_id: that team is not yours to see".into()),
            });
        }
        let members = get(db, team).await?.member_ids;
        owners = Some(match owners {
            None => members,
            Some(list) => list.into_iter().filter(|o| members.contains(o)).collect(),
        });
    }
    Ok(owners)
}

/// The people a caller of `scope` may give leads and tasks to, or filter by: everyone,
/// but for a manager limited to their teams, themselves and their teams' members.
pub async fn people(db: &sqlx::PgPool, scope: Scope) -> StoreResult<Vec<super::users::UserRow>> {
    let everyone = super::users::list(db).await?;
    Ok(match scope {
        Scope::Team(_) => {
            let visible = visible_owners(db, scope).await?.unwrap_or_default();
            everyone
                .into_iter()
                .filter(|u| visible.contains(&u.id))
                .collect()
        }
        Scope::All | Scope::Rep(_) => everyone,
    })
}

/// A manager limited to their teams acts (logs a call or a touch) for themselves or their
/// teams' members alone: `user` outside them is refused, naming `field`.
pub async fn check_acting_for(
    db: impl PgExecutor<'_>,
    scope: Scope,
    user: Uuid,
    field: &str,
) -> StoreResult<()> {
    let Scope::Team(viewer) = scope else {
        return Ok(());
    };
    let inside = sqlx::query_scalar!(
        r#"SELECT $2 IN (SELECT * FROM visible_owners($1)) AS "inside!""#,
        viewer,
        user,
    )
    .fetch_one(db)
    .await?;
    if inside {
        Ok(())
    } else {
        Err(FieldError::new(field, "error-rep-outside-teams").into())
    }
}
