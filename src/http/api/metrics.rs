//! `/api/v1/metrics/*`: the figures of SPEC section 4, each for the period and the one before.

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::TimeArg;
use crate::domain::lead::channel;
use crate::domain::metrics::{
    CallStats, CostStats, Funnel, FunnelView, Period, Recovery, RepsReport, TagBreakdown,
};
use crate::domain::zone::Zone;
use crate::domain::{optional_text, FieldError};
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::ApiQuery;
use crate::service::figures::{self, Source};
use crate::service::settings;
use crate::state::AppState;
use crate::storage::metrics::Filters;
use crate::storage::teams;

/// The longest period the dashboard answers for.
const MAX_PERIOD_DAYS: i64 = 3 * 366;

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MetricsQuery {
    /// Start of the period (inclusive): an RFC 3339 time, or a date, read as the company's
    /// local date (its midnight in the company's time zone). Default: 30 days before `to`.
    #[param(value_type = Option<String>)]
    pub from: Option<TimeArg>,
    /// End of the period (exclusive), a time or a company-local date as `from`. Default:
    /// the end of today in the company's time zone.
    #[param(value_type = Option<String>)]
    pub to: Option<TimeArg>,
    /// Funnel and recovery only: `cohort` (default) or `activity`.
    pub view: Option<FunnelView>,
    /// Lead source; also restricts spend to that channel.
    pub channel: Option<String>,
    /// The owner's leads, and that rep's calls.
    pub owner_id: Option<Uuid>,
    /// The leads and calls of this team's members.
    pub team_id: Option<Uuid>,
    pub tag: Option<String>,
    /// Leads with any tag of this group (tags in layers: a region, a segment). Read from
    /// the raw tables, exact.
    pub tag_group: Option<String>,
}

impl MetricsQuery {
    /// The period, checked.
    pub fn period(&self, now: DateTime<Utc>, zone: Zone) -> Result<Period, FieldError> {
        let today = zone.date_of(now);
        let to = self
            .to
            .map_or(zone.start_of(today + Duration::days(1)), |t| t.at(zone));
        let from = match self.from {
            Some(from) => from.at(zone),
            // 30 local days before `to` when it is a midnight, else 30 times 24 hours.
            None if zone.start_of(zone.date_of(to)) == to => {
                zone.start_of(zone.date_of(to) - Duration::days(30))
            }
            None => to - Duration::days(30),
        };
        if from >= to {
            return Err(FieldError::new("from", "error-from-after-to"));
        }
        if to - from > Duration::days(MAX_PERIOD_DAYS) {
            return Err(
                FieldError::new("from", "error-period-too-long").arg("max", MAX_PERIOD_DAYS)
            );
        }
        Ok(Period::new(from, to, zone))
    }

    /// The filters, with a rep held to their own figures and a limited manager to their
    /// teams'.
    pub async fn filters(&self, state: &AppState, caller: &Caller) -> Result<Filters, ApiError> {
        let channel = self
            .channel
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| channel("channel", c))
            .transpose()?;
        let tag = optional_text("tag", self.tag.as_deref(), 60)?;
        let tag_group = optional_text("tag_group", self.tag_group.as_deref(), 60)?;
        let owners =
            teams::owners_of(&state.db, caller.scope(), self.owner_id, self.team_id).await?;
        Ok(Filters {
            channel,
            owners,
            tag,
            tag_group,
        })
    }
}

/// A figure set for the period and for the period of equal length before it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Comparison<T> {
    pub current: T,
    pub previous: T,
}

/// Funnel conversion per stage.
#[utoipa::path(get, path = "/api/v1/metrics/funnel", operation_id = "getFunnel", tag = "metrics", params(MetricsQuery),
    responses((status = 200, body = Comparison<Funnel>), (status = 422, body = crate::http::error::Problem)))]
pub async fn funnel(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> ApiResult<Json<Comparison<Funnel>>> {
    let clock = settings::clock(&state.db).await?;
    let (period, filters, view) = (
        q.period(Utc::now(), clock.zone)?,
        q.filters(&state, &caller).await?,
        q.view.unwrap_or_default(),
    );
    let source = Source::of(&state, &clock, &filters);
    let (current, previous) = figures::read_two(
        &state,
        source,
        &filters,
        move |f| Box::pin(f.funnel(period, view)),
        move |f| Box::pin(f.funnel(period.previous(), view)),
    )
    .await?;
    Ok(Json(Comparison { current, previous }))
}

/// Recovery per stage (lead farming).
///
/// Per stage a lead can be lost at: leads lost there at least once (`ever_lost`), those
/// that came back (`returned`), those that then moved past the stage (`recovered`), the
/// recovered that reached `decide` (`won`) and their deal values (`revenue`); the recovery
/// rate (recovered / ever lost) and, in the cohort view, the uplift: the points recovered
/// leads add to the step conversion from the stage (recovered / reached). Over the cohort,
/// or in the activity view over the leads first lost at the stage in the period.
#[utoipa::path(get, path = "/api/v1/metrics/recovery", operation_id = "getRecovery", tag = "metrics", params(MetricsQuery),
    responses((status = 200, body = Comparison<Recovery>), (status = 422, body = crate::http::error::Problem)))]
pub async fn recovery(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> ApiResult<Json<Comparison<Recovery>>> {
    let clock = settings::clock(&state.db).await?;
    let (period, filters, view) = (
        q.period(Utc::now(), clock.zone)?,
        q.filters(&state, &caller).await?,
        q.view.unwrap_or_default(),
    );
    let source = Source::of(&state, &clock, &filters);
    let (current, previous) = figures::read_two(
        &state,
        source,
        &filters,
        move |f| Box::pin(f.recovery(period, view)),
        move |f| Box::pin(f.recovery(period.previous(), view)),
    )
    .await?;
    Ok(Json(Comparison { current, previous }))
}

/// Call figures.
#[utoipa::path(get, path = "/api/v1/metrics/calls", operation_id = "getCallStats", tag = "metrics", params(MetricsQuery),
    responses((status = 200, body = Comparison<CallStats>), (status = 422, body = crate::http::error::Problem)))]
pub async fn calls(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> ApiResult<Json<Comparison<CallStats>>> {
    let clock = settings::clock(&state.db).await?;
    let (period, filters) = (
        q.period(Utc::now(), clock.zone)?,
        q.filters(&state, &caller).await?,
    );
    let source = Source::of(&state, &clock, &filters);
    let (current, previous) = figures::read_two(
        &state,
        source,
        &filters,
        move |f| Box::pin(f.calls(period)),
        move |f| Box::pin(f.calls(period.previous())),
    )
    .await?;
    Ok(Json(Comparison { current, previous }))
}

/// Cost per call, lead and deal.
///
/// Costs are spend divided out, and spend is for managers and admins.
#[utoipa::path(get, path = "/api/v1/metrics/cost", operation_id = "getCost", tag = "metrics", params(MetricsQuery),
    responses((status = 200, body = Comparison<CostStats>), (status = 403, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn cost(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> ApiResult<Json<Comparison<CostStats>>> {
    caller.require_manager()?;
    let clock = settings::clock(&state.db).await?;
    let (period, filters) = (
        q.period(Utc::now(), clock.zone)?,
        q.filters(&state, &caller).await?,
    );
    let source = Source::of(&state, &clock, &filters);
    let (current, previous) = figures::read_two(
        &state,
        source,
        &filters,
        move |f| Box::pin(f.cost(period)),
        move |f| Box::pin(f.cost(period.previous())),
    )
    .await?;
    Ok(Json(Comparison { current, previous }))
}

/// Funnel and cost per tag.
///
/// The funnel and cost side by side per tag and per tag group: each one's cohort leads by
/// stage reached, won deals, conversion, revenue, and the channel spend its leads carry
/// (README: the tag breakdown). Managers.
#[utoipa::path(get, path = "/api/v1/metrics/tags", operation_id = "getTagBreakdown", tag = "metrics", params(MetricsQuery),
    responses((status = 200, body = Comparison<TagBreakdown>), (status = 403, body = crate::http::error::Problem),
              (status = 422, body = crate::http::error::Problem)))]
pub async fn tags(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> ApiResult<Json<Comparison<TagBreakdown>>> {
    caller.require_manager()?;
    let clock = settings::clock(&state.db).await?;
    let (period, filters) = (
        q.period(Utc::now(), clock.zone)?,
        q.filters(&state, &caller).await?,
    );
    let (current, previous) = figures::read_two(
        &state,
        Source::Raw,
        &filters,
        move |f| Box::pin(f.tags(period)),
        move |f| Box::pin(f.tags(period.previous())),
    )
    .await?;
    Ok(Json(Comparison { current, previous }))
}

/// Figures per rep.
#[utoipa::path(get, path = "/api/v1/metrics/reps", operation_id = "getRepStats", tag = "metrics", params(MetricsQuery),
    responses((status = 200, body = Comparison<RepsReport>), (status = 422, body = crate::http::error::Problem)))]
pub async fn reps(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<MetricsQuery>,
) -> ApiResult<Json<Comparison<RepsReport>>> {
    let clock = settings::clock(&state.db).await?;
    let (period, filters) = (
        q.period(Utc::now(), clock.zone)?,
        q.filters(&state, &caller).await?,
    );
    let source = Source::of(&state, &clock, &filters);
    let (current, previous) = figures::reps(&state, source, &filters, period).await?;
    Ok(Json(Comparison { current, previous }))
}
