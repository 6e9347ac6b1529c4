//! A user's agenda: their follow-ups and open tasks, overdue, today's (until their local
//! midnight) and the coming week's, and the tasks with no due time. The API and the
//! agenda page both read it here.

use chrono::{DateTime, Days, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::domain::zone::Zone;
use crate::state::AppState;
use crate::storage::tasks::{self, AgendaItem};
use crate::storage::{settings, users, StoreResult};

/// How far ahead "upcoming" looks, in days after today.
pub const UPCOMING_DAYS: u64 = 7;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Agenda {
    pub user_id: Uuid,
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

/// `user_id`'s agenda at `now`, on their clock.
pub async fn of(state: &AppState, user_id: Uuid, now: DateTime<Utc>) -> StoreResult<Agenda> {
    let user = users::get(&state.db, user_id).await?;
    let zone = match user
        .time_zone
        .as_deref()
        .map(|z| Zone::parse("time_zone", z))
    {
        Some(Ok(zone)) => zone,
        _ => settings::clock(&state.db).await?.zone,
    };
    let today = zone.date_of(now);
    let midnight = zone.start_of(today + Days::new(1));
    let until = zone.start_of(today + Days::new(1 + UPCOMING_DAYS));
    let mut agenda = Agenda {
        user_id,
        time_zone: zone.to_string(),
        overdue: Vec::new(),
        today: Vec::new(),
        upcoming: Vec::new(),
        undated: Vec::new(),
    };
    for item in tasks::agenda(&state.db, user_id, until).await? {
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
