//! The pipeline board (`/board`): open leads in columns by stage, with each column's
//! count and deal-value total, filtered by owner, channel and tag. A card moves with its
//! Move form (keyboard, no script needed) or by dragging it to another column; either way
//! it is the lead page's stage move, under the same rules: a backward move asks its
//! reason, `decide` asks the deal value.

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;

use super::format::{money, opt_datetime, opt_phone, PhoneLink};
use super::views::{self, ViewsBar};
use super::{
    given, owner_filter, owner_name, render, team_filter, url_escape, Layout, UiError, UiResult,
    UiUser,
};
use crate::domain::stage::Stage;
use crate::http::paging::{next_time_cursor, time_cursor};
use crate::i18n::{field_error, stage_name, t, t_args, Arg, Translate};
use crate::state::AppState;
use crate::storage::board::{self, BoardFilter, Card, COLUMNS};
use crate::storage::users::{self, UserRow};
use crate::storage::views::ViewPage;
use crate::storage::{reference, teams};

/// Cards per column and page.
const PAGE: i64 = 20;

/// The board's address: its filters, each column's cursor, and what a move left to say.
#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    owner_id: Option<String>,
    team_id: Option<String>,
    source: Option<String>,
    tag: Option<String>,
    after_new: Option<String>,
    after_connect: Option<String>,
    after_interest: Option<String>,
    after_need: Option<String>,
    after_evaluate: Option<String>,
    /// A card just moved to this stage.
    moved: Option<String>,
    /// A move the rules refused: the lead, the stage asked for, and which field it needs.
    failed: Option<Uuid>,
    to: Option<String>,
    problem: Option<String>,
}

impl BoardQuery {
    fn cursor(&self, stage: Stage) -> &Option<String> {
        match stage {
            Stage::New => &self.after_new,
            Stage::Connect => &self.after_connect,
            Stage::Interest => &self.after_interest,
            Stage::Need => &self.after_need,
            _ => &self.after_evaluate,
        }
    }

    fn filter(&self) -> UiResult<BoardFilter> {
        Ok(BoardFilter {
            owner_id: owner_filter(&self.owner_id)?,
            team_id: team_filter(&self.team_id)?,
            unassigned: given(&self.owner_id) == Some("none"),
            source: given(&self.source).map(str::to_lowercase),
            tag: given(&self.tag).map(str::to_owned),
        })
    }

    /// The filters as a query string, without the columns' cursors.
    fn filters(&self) -> String {
        [
            ("owner_id", &self.owner_id),
            ("team_id", &self.team_id),
            ("source", &self.source),
            ("tag", &self.tag),
        ]
        .iter()
        .filter_map(|(k, v)| given(v).map(|v| format!("{k}={}", url_escape(v))))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// The board with the filters and each column's cursor, `stage`'s set to `cursor`.
    fn href_with(&self, stage: Stage, cursor: Option<&str>) -> String {
        let mut parts = vec![self.filters()];
        for column in COLUMNS {
            let value = if column == stage {
                cursor
            } else {
                given(self.cursor(column))
            };
            if let Some(value) = value {
                parts.push(format!("after_{}={}", column.as_str(), url_escape(value)));
            }
        }
        let query = parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("&");
        if query.is_empty() {
            "/board".to_owned()
        } else {
            format!("/board?{query}")
        }
    }

    /// This page of the board (the filters and every column's cursor, without what a
    /// move left to say), to come back to.
    fn here(&self) -> String {
        // Setting the first column's cursor to its own keeps every cursor as it is.
        self.href_with(Stage::New, given(&self.after_new))
    }
}

/// A stage a card may be moved to, as its Move menu offers it.
pub struct MoveChoice {
    pub code: &'static str,
    pub name: String,
    pub selected: bool,
}

/// A lead as its card shows it.
pub struct CardView {
    pub id: Uuid,
    pub name: String,
    pub company: String,
    pub phone: Option<PhoneLink>,
    pub owner: String,
    pub deal_value: String,
    /// The stage's place in the funnel: a drop on a column to its left is a move back.
    pub stage_index: i16,
    pub next_contact: String,
    pub tags: Vec<String>,
    pub moves: Vec<MoveChoice>,
    /// The rules refused a move of this card: what they need, said next to its form.
    pub problem: Option<String>,
}

/// A column of the board.
pub struct Column {
    pub code: &'static str,
    pub name: String,
    pub index: i16,
    pub count: i64,
    /// "1,234 leads", in the reader's words.
    pub leads: String,
    pub total: String,
    pub cards: Vec<CardView>,
    /// The column's next page, when there is one.
    pub more: Option<String>,
    /// The column's first page, when this is a later one.
    pub top: Option<String>,
}

pub struct OwnerChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "board.html")]
pub struct BoardPage {
    pub layout: Layout,
    pub columns: Vec<Column>,
    pub owners: Vec<OwnerChoice>,
    pub teams: Vec<OwnerChoice>,
    pub channels: Vec<(String, bool)>,
    pub tag: String,
    /// This page's address, where a card's Move form comes back to.
    pub here: String,
    pub filtered: bool,
    pub views: ViewsBar,
    /// The name of `decide`, the drop zone that wins a deal.
    pub decide: String,
}

/// What a refused move needs, in the reader's words.
fn problem_text(problem: Option<&str>) -> String {
    t(match problem {
        Some("reason") => "board-problem-reason",
        Some("deal_value") => "board-problem-deal-value",
        _ => "board-problem-other",
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: UiUser,
    Query(query): Query<BoardQuery>,
    RawQuery(raw): RawQuery,
) -> UiResult<Response> {
    let filter = query.filter()?;
    let scope = user.scope();
    let mut cursors = Vec::with_capacity(COLUMNS.len());
    for stage in COLUMNS {
        cursors.push(
            time_cursor(given(query.cursor(stage)))
                .map_err(|e| UiError::BadRequest(field_error(&e)))?,
        );
    }
    let db = &state.db;
    let (totals, owners, channel_names, visible, team_list) = tokio::try_join!(
        board::totals(db, scope, &filter),
        users::list(db),
        reference::channels(db),
        teams::visible_owners(db, scope),
        teams::visible_to(db, scope),
    )?;
    // An empty column reads no cards: looking for a rare tag's leads among a stage's
    // would walk the whole stage to find none.
    let filter = &filter;
    let pages = futures::future::try_join_all(COLUMNS.iter().zip(&cursors).zip(totals).map(
        |((stage, after), total)| async move {
            if total.leads == 0 {
                Ok(Vec::new())
            } else {
                board::cards(db, scope, filter, *stage, *after, PAGE).await
            }
        },
    ))
    .await?;
    let currency = state.config.currency;
    let columns = COLUMNS
        .into_iter()
        .zip(totals)
        .zip(pages)
        .zip(&cursors)
        .map(|(((stage, total), cards), cursor)| {
            let more = next_time_cursor(&cards, PAGE, |c: &Card| (c.created_at, c.id))
                .map(|next| query.href_with(stage, Some(&next)));
            let cards = cards
                .into_iter()
                .map(|card| card_view(card, &owners, &query, &user, currency))
                .collect();
            Column {
                code: stage.as_str(),
                name: stage_name(stage),
                index: stage.index(),
                count: total.leads,
                leads: t_args(
                    "board-column-leads",
                    &[
                        ("count", Arg::Number(total.leads)),
                        ("shown", Arg::from(super::format::count(total.leads))),
                    ],
                ),
                total: money(total.deal_value, currency),
                cards,
                more,
                top: cursor.map(|_| query.href_with(stage, None)),
            }
        })
        .collect();
    let chosen_owner = given(&query.owner_id).unwrap_or("");
    let mut owner_choices = vec![OwnerChoice {
        value: "none".into(),
        label: t("leads-filter-nobody"),
        selected: chosen_owner == "none",
    }];
    owner_choices.extend(
        owners
            .iter()
            .filter(|u| visible.as_ref().is_none_or(|v| v.contains(&u.id)))
            .map(|u| OwnerChoice {
                value: u.id.to_string(),
                label: u.name.clone(),
                selected: chosen_owner == u.id.to_string(),
            }),
    );
    let chosen_team = given(&query.team_id).unwrap_or("");
    let team_choices = team_list
        .into_iter()
        .map(|team| OwnerChoice {
            selected: chosen_team == team.id.to_string(),
            value: team.id.to_string(),
            label: team.name,
        })
        .collect();
    let chosen_channel = given(&query.source).map(str::to_lowercase);
    let views = views::bar(&state, &user, ViewPage::Board, raw.as_deref().unwrap_or("")).await?;
    let flash = given(&query.moved)
        .and_then(Stage::parse)
        .map(|s| t_args("leads-saved-moved", &[("stage", Arg::from(stage_name(s)))]));
    let page = BoardPage {
        layout: Layout::new(&user, "board").with_flash(flash),
        columns,
        owners: owner_choices,
        teams: team_choices,
        channels: channel_names
            .into_iter()
            .map(|c| {
                let selected = chosen_channel.as_deref() == Some(c.as_str());
                (c, selected)
            })
            .collect(),
        tag: given(&query.tag).unwrap_or("").to_owned(),
        here: query.here(),
        filtered: !query.filters().is_empty(),
        views,
        decide: stage_name(Stage::Decide),
    };
    render(&page)
}

fn card_view(
    card: Card,
    owners: &[UserRow],
    query: &BoardQuery,
    user: &UiUser,
    currency: crate::domain::money::Currency,
) -> CardView {
    let failed = query.failed == Some(card.id);
    let wanted = failed
        .then(|| given(&query.to).and_then(Stage::parse))
        .flatten()
        .or_else(|| card.stage.next());
    CardView {
        moves: Stage::ALL
            .into_iter()
            .filter(|s| *s != card.stage && *s <= Stage::Decide)
            .map(|s| MoveChoice {
                code: s.as_str(),
                name: stage_name(s),
                selected: Some(s) == wanted,
            })
            .collect(),
        problem: failed.then(|| problem_text(given(&query.problem))),
        id: card.id,
        name: card.name,
        company: card.company.unwrap_or_default(),
        phone: opt_phone(card.phone.as_deref()),
        owner: owner_name(owners, card.owner_id),
        deal_value: card
            .deal_value
            .map(|v| money(v, currency))
            .unwrap_or_default(),
        stage_index: card.stage.index(),
        next_contact: opt_datetime(card.next_contact_at, user.clock.zone),
        tags: card.tags,
    }
}

/// The board page a move was made on (a form's `next`), if it is one: any other address
/// is not followed, and the lead's own page answers.
pub fn board_return(next: Option<&str>) -> Option<&str> {
    next.filter(|n| (*n == "/board" || n.starts_with("/board?")) && !n.contains('#'))
}

/// The board page `next` (from `board_return`), told what became of a move: the stage it
/// reached, or the lead, the stage asked for and the field the rules need.
pub fn after_move(next: &str, outcome: Result<Stage, (Uuid, &str, &str)>) -> String {
    let joiner = if next.contains('?') { '&' } else { '?' };
    match outcome {
        Ok(stage) => format!("{next}{joiner}moved={}", stage.as_str()),
        Err((lead, to, problem)) => format!(
            "{next}{joiner}failed={lead}&to={}&problem={}",
            url_escape(to),
            url_escape(problem)
        ),
    }
}
