//! Saved views on the leads list and the dashboard: the bar above a page's filters that
//! lists the user's views and those shared with the team, and saves the filters shown
//! under a name.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::{CsrfForm, UiError, UiResult, UiUser};
use crate::domain::{required_text, FieldError};
use crate::i18n::{field_error, t};
use crate::state::AppState;
use crate::storage::views::{self, ViewPage};

/// A saved view as the bar links it.
pub struct ViewLink {
    pub id: Uuid,
    pub name: String,
    pub href: String,
    pub shared: bool,
    /// Who saved it, when it is someone else's.
    pub by: Option<String>,
    /// The page shows exactly this view's filters.
    pub current: bool,
    /// The reader may delete it: their own, or a shared one for a manager or admin.
    pub removable: bool,
}

/// The saved views bar of a page.
#[derive(Default)]
pub struct ViewsBar {
    /// The page's code, as the save form sends it.
    pub page: &'static str,
    pub views: Vec<ViewLink>,
    /// The filters shown now, which the save form keeps.
    pub query: String,
}

/// A page's query string as a view keeps it: without a page cursor or empty fields, in
/// the order given.
pub fn view_query(raw: &str) -> String {
    let mut kept = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        if key != "cursor" && !value.trim().is_empty() {
            kept.append_pair(&key, &value);
        }
    }
    kept.finish()
}

/// The bar for `page`, whose filters shown now are `query` (a query string).
pub async fn bar(
    state: &AppState,
    user: &UiUser,
    page: ViewPage,
    query: &str,
) -> UiResult<ViewsBar> {
    let query = view_query(query);
    let views = views::list(&state.db, user.id, page)
        .await?
        .into_iter()
        .map(|v| ViewLink {
            href: if v.query.is_empty() {
                format!("/{}", page.as_str())
            } else {
                format!("/{}?{}", page.as_str(), v.query)
            },
            current: v.query == query,
            removable: v.owner_id == user.id || (v.shared && user.role.sees_everything()),
            by: (v.owner_id != user.id).then_some(v.owner_name),
            id: v.id,
            name: v.name,
            shared: v.shared,
        })
        .collect();
    Ok(ViewsBar {
        page: page.as_str(),
        views,
        query,
    })
}

#[derive(Debug, Deserialize)]
pub struct SaveForm {
    page: String,
    name: String,
    #[serde(default)]
    query: String,
    shared: Option<String>,
}

/// `POST /views`: save the filters shown under a name, and show them.
pub async fn save(
    State(state): State<AppState>,
    user: UiUser,
    CsrfForm(form): CsrfForm<SaveForm>,
) -> UiResult<Response> {
    let page = ViewPage::parse(&form.page).ok_or_else(|| {
        UiError::BadRequest(field_error(&FieldError::new("page", "views-error-page")))
    })?;
    let name =
        required_text("name", &form.name, 100).map_err(|e| UiError::BadRequest(field_error(&e)))?;
    let query = view_query(&form.query);
    if query.len() > 2000 {
        return Err(UiError::BadRequest(field_error(&FieldError::new(
            "query",
            "views-error-too-long",
        ))));
    }
    if page == ViewPage::Dashboard && !user.role.sees_everything() {
        return Err(UiError::Forbidden(t("error-page-for-managers")));
    }
    views::save(
        &state.db,
        user.id,
        page,
        &name,
        &query,
        form.shared.is_some(),
    )
    .await?;
    let to = if query.is_empty() {
        format!("/{}", page.as_str())
    } else {
        format!("/{}?{query}", page.as_str())
    };
    Ok(Redirect::to(&to).into_response())
}

/// `POST /views/{id}/delete`: delete a view, back on its page.
pub async fn remove(
    State(state): State<AppState>,
    user: UiUser,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> UiResult<Response> {
    let page = views::delete(&state.db, id, user.id, user.role.sees_everything()).await?;
    Ok(Redirect::to(&format!("/{}", page.as_str())).into_response())
}

#[cfg(test)]
mod tests {
    use super::view_query;

    #[test]
    fn a_view_keeps_the_filters_without_the_cursor_or_empty_fields() {
        assert_eq!(
            view_query("q=&stage=need&cursor=abc&tag=vip+jakarta&owner_id="),
            "stage=need&tag=vip+jakarta"
        );
        assert_eq!(view_query(""), "");
    }
}
