//! A user's agenda: their follow-ups and open tasks, overdue, today's (until their local
//! midnight) and the coming week's, and the tasks with no due time; or a team's, its
//! members' together. The API and the agenda page both read it here.

use chrono::{DateTime, Days, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::zone::Zone;
use crate::state::AppState;
use crate::storage::tasks::{self, AgendaItem};
use crate::storage::{settings, teams, users, Scope, StoreError, StoreResult};

/// How far ahead "upcoming" looks, in days after today.
pub const UPCOMING_DAYS: u64 = 7;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Agenda {
    /// Whose agenda; for a team's, whose clock it is read on (the asker's).
    pub user_id: Uuid,
    /// The team whose members' agendas these are, when it is a team's.
    pub team_id: Option<Uuid>,
    /// The zone whose day "today" is: the user's, else the company's.
    pub time_zone: String,
    /// Due before now.
    pub overdue: Vec<AgendaItem>,
    /// Due from now to the user's midnight.
    pub today: Vec<AgendaItem>,
    /// Due in the seven days after today.
    pub upcoming: Vec<AgendaItem>,
    /// Tasks with no due time.
    pub undated: Vec<AgendaItem>,
}

/// Whose agenda a caller of `scope` may read: anyone's for managers and admins, a limited
/// manager's own and their teams' reps', a rep's own alone.
pub async fn check_whose(
    state: &AppState,
    asker: Uuid,
    scope: Scope,
    whose: Uuid,
) -> StoreResult<()> {
    if whose == asker {
        return Ok(());
    }
    match teams::visible_owners(&state.db, scope).await? {
        Some(visible) if !visible.contains(&whose) => Err(StoreError::Forbidden(
            "user_id: that agenda is not yours to read".into(),
        )),
        _ => Ok(()),
    }
}

/// The zone a user's days are in: theirs, else the company's.
async fn zone_of(state: &AppState, user_id: Uuid) -> StoreResult<Zone> {
    let user = users::get(&state.db, user_id).await?;
    Ok(
        match user
            .time_zone
            .as_deref()
            .map(|z| Zone::parse("time_zone", z))
        {
            Some(Ok(zone)) => zone,
            _ => settings::clock(&state.db).await?.zone,
        },
    )
}

/// `user_id`'s agenda at `now`, on their clock, as a reader of `scope` may see it.
pub async fn of(
    state: &AppState,
    user_id: Uuid,
    scope: Scope,
    now: DateTime<Utc>,
) -> StoreResult<Agenda> {
    let zone = zone_of(state, user_id).await?;
    let whose = Whose {
        user_id,
        team_id: None,
        users: &[user_id],
    };
    gather(state, whose, scope, zone, now).await
}

/// The agenda of `team`'s members at `now`, as `asker` (of `scope`) reads it on their clock.
/// A team outside a limited manager's is refused; a rep reads no team's.
pub async fn of_team(
    state: &AppState,
    asker: Uuid,
    scope: Scope,
    team: Uuid,
    now: DateTime<Utc>,
) -> StoreResult<Agenda> {
    if !matches!(scope, Scope::All)
        && !teams::visible_to(&state.db, scope)
            .await?
            .iter()
            .any(|t| t.id == team)
    {
        return Err(StoreError::Forbidden(
            "team_id: that team's agenda is not yours to read".into(),
        ));
    }
    let members = teams::get(&state.db, team).await?.member_ids;
    let zone = zone_of(state, asker).await?;
    let whose = Whose {
        user_id: asker,
        team_id: Some(team),
        users: &members,
    };
    gather(state, whose, scope, zone, now).await
}

/// Whose agenda: its user (a team's is read on its reader's clock), and whose lines.
struct Whose<'a> {
    user_id: Uuid,
    team_id: Option<Uuid>,
    users: &'a [Uuid],
}

async fn gather(
    state: &AppState,
    whose: Whose<'_>,
    scope: Scope,
    zone: Zone,
    now: DateTime<Utc>,
) -> StoreResult<Agenda> {
    let Whose {
        user_id,
        team_id,
        users,
    } = whose;
    let today = zone.date_of(now);
    let midnight = zone.start_of(today + Days::new(1));
    let until = zone.start_of(today + Days::new(1 + UPCOMING_DAYS));
    let mut agenda = Agenda {
        user_id,
        team_id,
        time_zone: zone.to_string(),
        overdue: Vec::new(),
        today: Vec::new(),
        upcoming: Vec::new(),
        undated: Vec::new(),
    };
    for item in tasks::agenda(&state.db, users, scope, until).await? {
        let list = match item.at {
            None => &mut agenda.undated,
            Some(at) if at < now => &mut agenda.overdue,
            Some(at) if at < midnight => &mut agenda.today,
            Some(_) => &mut agenda.upcoming,
        };
        list.push(item);
    }
    Ok(agenda)
}
