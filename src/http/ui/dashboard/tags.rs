//! The tag breakdown (managers): the funnel and the cost of each tag's and each tag group's
//! leads side by side, for the dashboard's period and filters, beside the period before.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Utc;

use super::{day_label, filter_pairs, filters_of, resolve_period, DashboardQuery};
use crate::domain::metrics::TagFigures;
use crate::http::ui::format::{count, money_or_none, percent};
use crate::http::ui::{render, Layout, Manager, UiResult};
use crate::i18n::{t, Translate};
use crate::service::figures::{self, Source};
use crate::service::settings;
use crate::state::AppState;

/// One tag's or group's row as the page shows it.
pub struct TagLine {
    pub group: String,
    pub tag: String,
    /// reached(k) for connect to decide, formatted.
    pub reached: Vec<String>,
    pub leads: String,
    pub conversion: String,
    /// The period before's conversion.
    pub conversion_before: String,
    pub revenue: String,
    pub channel_spend: String,
    pub cost_per_lead: String,
    pub cost_per_deal: String,
}

#[derive(Template)]
#[template(path = "dashboard_tags.html")]
pub struct TagsPage {
    pub layout: Layout,
    pub period_label: String,
    pub previous_label: String,
    pub back: String,
    /// By tag group, then by tag.
    pub tables: Vec<TagTable>,
}

/// The table by tag group or by tag.
pub struct TagTable {
    pub title: String,
    pub id: &'static str,
    /// The rows name their tag (the tags' table) besides their group.
    pub by_tag: bool,
    pub lines: Vec<TagLine>,
}

fn lines(
    rows: Vec<TagFigures>,
    before: &[TagFigures],
    currency: crate::domain::money::Currency,
) -> Vec<TagLine> {
    rows.into_iter()
        .map(|r| {
            let earlier = before
                .iter()
                .find(|b| b.group == r.group && b.tag == r.tag)
                .and_then(|b| b.conversion);
            TagLine {
                group: r.group.clone().unwrap_or_else(|| t("tags-no-group")),
                tag: r.tag.clone().unwrap_or_default(),
                reached: r.reached[1..=5].iter().map(|n| count(*n)).collect(),
                leads: count(r.reached[0]),
                conversion: percent(r.conversion),
                conversion_before: percent(earlier),
                revenue: money_or_none(Some(r.revenue), currency),
                channel_spend: money_or_none(Some(r.channel_spend), currency),
                cost_per_lead: money_or_none(r.cost_per_lead, currency),
                cost_per_deal: money_or_none(r.cost_per_deal, currency),
            }
        })
        .collect()
}

/// `/dashboard/tags`: the breakdown for the dashboard's filters.
pub async fn page(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<DashboardQuery>,
) -> UiResult<Response> {
    let clock = settings::clock(&state.db).await?;
    let today = clock.zone.date_of(Utc::now());
    let (_, period) = resolve_period(&query, today, clock.zone)?;
    let filters = filters_of(&state, &user, &query).await?;
    let previous = period.previous();
    let (now, before) = figures::read_two(
        &state,
        Source::Raw,
        &filters,
        move |f| Box::pin(f.tags(period)),
        move |f| Box::pin(f.tags(previous)),
    )
    .await?;
    let currency = state.config.currency;
    render(&TagsPage {
        layout: Layout::new(&user, "dashboard"),
        period_label: day_label(&period),
        previous_label: day_label(&previous),
        back: format!("/dashboard?{}", filter_pairs(&query)),
        tables: vec![
            TagTable {
                title: t("tags-groups-title"),
                id: "tag-groups",
                by_tag: false,
                lines: lines(now.groups, &before.groups, currency),
            },
            TagTable {
                title: t("tags-tags-title"),
                id: "tag-rows",
                by_tag: true,
                lines: lines(now.tags, &before.tags, currency),
            },
        ],
    })
}
