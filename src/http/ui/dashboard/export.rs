//! The dashboard's tables as CSV files, for the same filters as the page.

use super::*;

/// Which dashboard table to export.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    pub table: String,
}

/// The rows of one dashboard table as the page shows them, header first.
fn table_rows(page: DashboardPage, table: &str) -> UiResult<Vec<Vec<String>>> {
    let header = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    let compared = |c: Compared| [c.value, c.before, c.change];
    let rows = match table {
        "funnel" => std::iter::once(header(&[
            "stage",
            "reached",
            "previous",
            "change",
            "step conversion",
            "overall",
            "lost here",
            "top reasons",
            "time from previous stage",
        ]))
        .chain(page.bars.into_iter().map(|b| {
            vec![
                b.stage.to_owned(),
                b.reached,
                b.previous,
                b.change,
                b.step,
                b.overall,
                b.lost,
                b.lost_reasons,
                b.velocity,
            ]
        }))
        .collect(),
        "figures" => std::iter::once(header(&["figure", "value", "previous", "change"]))
            .chain(
                page.money_figures
                    .into_iter()
                    .chain(page.call_figures)
                    .map(|f| vec![f.label.to_owned(), f.value, f.previous, f.change]),
            )
            .collect(),
        "stages" => std::iter::once(header(&["stage", "cost", "previous"]))
            .chain(page.stage_costs.into_iter().map(|(s, c, b)| vec![s, c, b]))
            .collect(),
        "channels" => std::iter::once(header(&["channel", "spend", "leads", "cost per lead"]))
            .chain(
                page.channel_costs
                    .into_iter()
                    .map(|(c, s, l, cpl)| vec![c, s, l, cpl]),
            )
            .collect(),
        "reps" => std::iter::once(header(&[
            "rep",
            "dials",
            "dials before",
            "dials change",
            "per working day",
            "connect rate",
            "connect rate before",
            "connect rate change",
            "effectiveness",
            "effectiveness before",
            "effectiveness change",
            "talk time",
            "leads advanced",
            "leads advanced before",
            "leads advanced change",
            "deals",
            "deals before",
            "deals change",
            "revenue",
            "revenue before",
            "revenue change",
            "overdue follow-ups",
            "needs a look",
        ]))
        .chain(page.reps.into_iter().map(|r| {
            let mut row = vec![r.name];
            row.extend(compared(r.dials));
            row.push(r.per_day);
            row.extend(compared(r.connect_rate));
            row.extend(compared(r.effectiveness));
            row.push(r.talk);
            row.extend(compared(r.advanced));
            row.extend(compared(r.deals));
            row.extend(compared(r.revenue));
            row.push(r.overdue);
            row.push(r.flags.join("; "));
            row
        }))
        .collect(),
        other => {
            return Err(UiError::BadRequest(format!(
                "`table` must be funnel, figures, stages, channels or reps, not `{other}`"
            )))
        }
    };
    Ok(rows)
}

/// `GET /dashboard/export.csv?table=...`: one of the dashboard's tables for the same
/// filters, as CSV, with formulas made inert.
pub async fn export(
    State(state): State<AppState>,
    Manager(user): Manager,
    Query(query): Query<DashboardQuery>,
    Query(export): Query<ExportQuery>,
) -> UiResult<Response> {
    let page = build(&state, &user, &query).await?;
    let file = format!("leadline-{}-{}-{}.csv", export.table, page.from, page.to);
    let body: Vec<u8> = table_rows(page, &export.table)?
        .iter()
        .flat_map(|row| csv_export::line(row))
        .collect();
    Ok(csv_export::attachment(&file, body.into()))
}
