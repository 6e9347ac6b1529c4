//! The pipeline board: a team's open leads in columns by stage, newest first, each
//! column paged on its own, with the column's count and deal-value total.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::leads::{push_filter, LeadFilter};
use super::{teams, Scope, StoreResult};
use crate::domain::stage::Stage;

/// The stages an open lead can be at: the board's columns (from `decide` on a lead is won).
pub const COLUMNS: [Stage; 5] = [
    Stage::New,
    Stage::Connect,
    Stage::Interest,
    Stage::Need,
    Stage::Evaluate,
];

/// Which open leads the board shows.
#[derive(Clone, Debug, Default)]
pub struct BoardFilter {
    pub owner_id: Option<Uuid>,
    /// Leads of this team's members.
    pub team_id: Option<Uuid>,
    /// Leads no one owns.
    pub unassigned: bool,
    pub source: Option<String>,
    pub tag: Option<String>,
}

impl BoardFilter {
    /// The same filter as the leads list's, at `stage` if given. The open leads are the
    /// caller's to choose, literally: the board's partial indexes hold only those.
    fn leads(&self, stage: Option<Stage>) -> LeadFilter {
        LeadFilter {
            stage,
            owner_id: self.owner_id,
            team_id: self.team_id,
            unassigned: self.unassigned,
            source: self.source.clone(),
            tag: self.tag.clone(),
            ..LeadFilter::default()
        }
    }
}

/// A column's count and the sum of its leads' deal values (minor units; leads without
/// one add nothing).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ColumnTotal {
    pub leads: i64,
    pub deal_value: i64,
}

/// A lead as its card shows it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Card {
    pub id: Uuid,
    pub name: String,
    pub company: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub owner_id: Option<Uuid>,
    pub stage: Stage,
    pub deal_value: Option<i64>,
    pub next_contact_at: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// Where a column's page ended: (created_at, id), newest first.
pub type CardCursor = (DateTime<Utc>, Uuid);

/// The owners whose leads `scope` and `filter` leave on the board: `None` for every
/// owner; the rollup's zero id stands for no owner.
async fn owners(db: &PgPool, scope: Scope, filter: &BoardFilter) -> StoreResult<Option<Vec<Uuid>>> {
    let mut owners = teams::visible_owners(db, scope).await?.map(|mut visible| {
        visible.push(Uuid::nil());
        visible
    });
    let mut keep = |only: &[Uuid]| {
        owners = Some(match owners.take() {
            None => only.to_vec(),
            Some(list) => list.into_iter().filter(|o| only.contains(o)).collect(),
        });
    };
    if let Some(owner) = filter.owner_id {
        keep(&[owner]);
    }
    if filter.unassigned {
        keep(&[Uuid::nil()]);
    }
    if let Some(team) = filter.team_id {
        keep(&teams::get(db, team).await?.member_ids);
    }
    Ok(owners)
}

/// Each column's count and deal-value total, in `COLUMNS` order, read from the board's
/// rollup (`rollup_board`: a few rows per stage whatever the team's size) and the deltas
/// not yet folded into it.
#[tracing::instrument(skip_all)]
pub async fn totals(
    db: &PgPool,
    scope: Scope,
    filter: &BoardFilter,
) -> StoreResult<[ColumnTotal; 5]> {
    let owners = owners(db, scope, filter).await?;
    let rows = sqlx::query!(
        r#"WITH tag AS (SELECT t.id FROM tags t WHERE t.name = $3)
           SELECT r.stage AS "stage!", sum(r.leads)::bigint AS "leads!", sum(r.deal_value)::bigint AS "deal_value!"
           FROM (SELECT b.stage, b.leads, b.deal_value FROM rollup_board b
                 WHERE ($3::text IS NULL AND b.tag_id IS NULL OR b.tag_id = (SELECT id FROM tag))
                   AND b.source IS NOT DISTINCT FROM $2
                   AND ($1::uuid[] IS NULL AND b.owner_id IS NULL OR b.owner_id = ANY ($1))
                 UNION ALL
                 SELECT d.stage, d.leads, d.deal_value FROM rollup_board_delta d
                 WHERE ($3::text IS NULL AND d.tag_id IS NULL OR d.tag_id = (SELECT id FROM tag))
                   AND ($2::text IS NULL OR d.source = $2)
                   AND ($1::uuid[] IS NULL OR d.owner_id = ANY ($1))) r
           GROUP BY r.stage"#,
        owners.as_deref(),
        filter.source.as_deref(),
        filter.tag.as_deref(),
    )
    .fetch_all(db)
    .await?;
    Ok(by_column(
        rows.into_iter().map(|r| (r.stage, r.leads, r.deal_value)),
    ))
}

/// The same totals counted from the open leads themselves: what the rollup must equal.
#[tracing::instrument(skip_all)]
pub async fn raw_totals(
    db: impl PgExecutor<'_>,
    scope: Scope,
    filter: &BoardFilter,
) -> StoreResult<[ColumnTotal; 5]> {
    let mut q = QueryBuilder::<Postgres>::new(
        "SELECT l.stage, count(*), coalesce(sum(l.deal_value), 0)::bigint FROM leads l WHERE l.status = 'open'",
    );
    push_filter(&mut q, scope, &filter.leads(None));
    q.push(" GROUP BY l.stage");
    let rows: Vec<(i16, i64, i64)> = q.build_query_as().fetch_all(db).await?;
    Ok(by_column(rows.into_iter()))
}

/// (stage index, leads, deal value) rows in `COLUMNS` order; a stage without a row is 0.
fn by_column(rows: impl Iterator<Item = (i16, i64, i64)>) -> [ColumnTotal; 5] {
    let mut totals = [ColumnTotal::default(); 5];
    for (stage, leads, deal_value) in rows {
        if let Some(k) = COLUMNS.iter().position(|s| s.index() == stage) {
            totals[k] = ColumnTotal { leads, deal_value };
        }
    }
    totals
}

/// A page of one column's cards, newest first, after `after`. The statement holds only
/// the filters given, as the leads list puts them (`push_filter`): a tag's `EXISTS` under an `OR` would be planned as a hashed subplan
/// that reads every lead the tag has (165,000 at 1M leads, 70-150 ms a column) instead
/// of the column's newest leads one by one.
#[tracing::instrument(skip_all)]
pub async fn cards(
    db: impl PgExecutor<'_>,
    scope: Scope,
    filter: &BoardFilter,
    stage: Stage,
    after: Option<CardCursor>,
    limit: i64,
) -> StoreResult<Vec<Card>> {
    let mut q = QueryBuilder::<Postgres>::new(
        "SELECT l.id, l.name, l.company, l.phone, l.owner_id, l.stage, l.deal_value, l.next_contact_at, \
                coalesce((SELECT array_agg(t.name ORDER BY t.name) FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id \
                          WHERE lt.lead_id = l.id), '{}') AS tags, \
                l.created_at \
         FROM leads l WHERE l.status = 'open'",
    );
    push_filter(&mut q, scope, &filter.leads(Some(stage)));
    if let Some((at, id)) = after {
        q.push(" AND (l.created_at, l.id) < (")
            .push_bind(at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(" ORDER BY l.created_at DESC, l.id DESC LIMIT ")
        .push_bind(limit);
    Ok(q.build_query_as::<Card>().fetch_all(db).await?)
}
