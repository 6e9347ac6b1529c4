//! What the lists of a lead's contacts (calls, touches) share: a rep sees their own and
//! every one on the leads they own; a list narrows to a lead, a user and a window of
//! time, and pages newest first by its time and id.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::Scope;

/// A contact log's list: its table's alias and columns, and the caller's conditions.
pub(super) struct TimedList {
    /// The table's alias in the query.
    pub alias: &'static str,
    /// The column of the user whose contact it is (a call's rep).
    pub user: &'static str,
    /// The column of when it happened.
    pub at: &'static str,
    pub scope: Scope,
    pub lead_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl TimedList {
    /// ` AND` the conditions: the caller's scope, the lead, the user, the window.
    pub fn push_conditions(&self, q: &mut QueryBuilder<'_, Postgres>) {
        let (alias, user, at) = (self.alias, self.user, self.at);
        if let Some(viewer) = self.scope.viewer() {
            q.push(format!(" AND ({alias}.{user} = "))
                .push_bind(viewer)
                .push(format!(
                    " OR EXISTS (SELECT 1 FROM leads l WHERE l.id = {alias}.lead_id \
                     AND l.owner_id IN (SELECT * FROM visible_owners("
                ))
                .push_bind(viewer)
                .push("))))");
        }
        if let Some(lead) = self.lead_id {
            q.push(format!(" AND {alias}.lead_id = ")).push_bind(lead);
        }
        if let Some(who) = self.user_id {
            q.push(format!(" AND {alias}.{user} = ")).push_bind(who);
        }
        if let Some(from) = self.from {
            q.push(format!(" AND {alias}.{at} >= ")).push_bind(from);
        }
        if let Some(to) = self.to {
            q.push(format!(" AND {alias}.{at} < ")).push_bind(to);
        }
    }

    /// The page after the keyset `after` (time, id), newest first, `limit` long.
    pub fn push_page(
        &self,
        q: &mut QueryBuilder<'_, Postgres>,
        after: Option<(DateTime<Utc>, Uuid)>,
        limit: i64,
    ) {
        let (alias, at) = (self.alias, self.at);
        if let Some((time, id)) = after {
            q.push(format!(" AND ({alias}.{at}, {alias}.id) < ("))
                .push_bind(time)
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        q.push(format!(
            " ORDER BY {alias}.{at} DESC, {alias}.id DESC LIMIT "
        ))
        .push_bind(limit);
    }
}
