//! Saved views: a user's named filters of a page (the leads list, the dashboard, the
//! board), their own or shared with the team.

use sqlx::PgExecutor;
use uuid::Uuid;

use super::{new_id, StoreError, StoreResult};

/// A page whose filters a view keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewPage {
    Leads,
    Dashboard,
    Board,
}

impl ViewPage {
    pub fn as_str(self) -> &'static str {
        match self {
            ViewPage::Leads => "leads",
            ViewPage::Dashboard => "dashboard",
            ViewPage::Board => "board",
        }
    }

    pub fn parse(text: &str) -> Option<ViewPage> {
        [ViewPage::Leads, ViewPage::Dashboard, ViewPage::Board]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
}

/// A saved view as a page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedView {
    pub id: Uuid,
    pub owner_id: Uuid,
    /// Who saved it, for a view shared by someone else.
    pub owner_name: String,
    pub name: String,
    /// The page's query string, without a cursor.
    pub query: String,
    pub shared: bool,
}

/// Save a view of `page`, kept by `owner`. Saving under a name the owner already gave a
/// view of the same page replaces that view's filters (and whether it is shared).
#[tracing::instrument(skip_all)]
pub async fn save(
    db: impl PgExecutor<'_>,
    owner: Uuid,
    page: ViewPage,
    name: &str,
    query: &str,
    shared: bool,
) -> StoreResult<Uuid> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO saved_views (id, owner_id, page, name, query, shared) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT ON CONSTRAINT saved_views_name_key
             DO UPDATE SET query = excluded.query, shared = excluded.shared
         RETURNING id",
        new_id(),
        owner,
        page.as_str(),
        name,
        query,
        shared,
    )
    .fetch_one(db)
    .await?)
}

/// The views of `page` that `user` may use: their own and those shared, by name.
#[tracing::instrument(skip_all)]
pub async fn list(
    db: impl PgExecutor<'_>,
    user: Uuid,
    page: ViewPage,
) -> StoreResult<Vec<SavedView>> {
    Ok(sqlx::query_as!(
        SavedView,
        "SELECT v.id, v.owner_id, u.name AS owner_name, v.name, v.query, v.shared
         FROM saved_views v JOIN users u ON u.id = v.owner_id
         WHERE v.page = $2 AND (v.owner_id = $1 OR v.shared)
         ORDER BY v.owner_id <> $1, lower(v.name), v.id",
        user,
        page.as_str(),
    )
    .fetch_all(db)
    .await?)
}

/// Delete a view: one's own, or (`any_shared`, for managers and admins) one shared with
/// the team. Another's private view is answered as if it did not exist. Returns the
/// page it was a view of.
#[tracing::instrument(skip_all)]
pub async fn delete(
    db: impl PgExecutor<'_>,
    id: Uuid,
    user: Uuid,
    any_shared: bool,
) -> StoreResult<ViewPage> {
    let page = sqlx::query_scalar!(
        "DELETE FROM saved_views WHERE id = $1 AND (owner_id = $2 OR ($3 AND shared)) RETURNING page",
        id,
        user,
        any_shared,
    )
    .fetch_optional(db)
    .await?
    .ok_or(StoreError::NotFound("view"))?;
    ViewPage::parse(&page).ok_or(StoreError::NotFound("view"))
}
