//! SPEC section 4's funnel figures over random lead histories made through the API:
//! reached(k) never grows with k, conversions are rates, and the cohort is the sum of
//! its channels.

use leadline::domain::stage::Stage;
use proptest::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{id_of, spawn_app, TestApp};

const CHANNELS: [&str; 3] = ["google ads", "facebook", "referral"];
const OCTOBER: &str = "from=2026-10-01&to=2026-11-01";

#[derive(Clone, Debug)]
enum Op {
    MoveTo {
        to: Stage,
        with_reason: bool,
        with_deal_value: bool,
    },
    Lost,
    Reopen,
}

#[derive(Clone, Debug)]
struct LeadHistory {
    channel: &'static str,
    entry: Stage,
    /// Day of October the lead came in.
    day: u32,
    ops: Vec<Op>,
}

fn any_stage() -> impl Strategy<Value = Stage> {
    prop::sample::select(Stage::ALL.to_vec())
}

fn any_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any_stage(), any::<bool>(), any::<bool>()).prop_map(|(to, with_reason, with_deal_value)| {
            Op::MoveTo { to, with_reason, with_deal_value }
        }),
        1 => Just(Op::Lost),
        1 => Just(Op::Reopen),
    ]
}

fn any_lead_history() -> impl Strategy<Value = LeadHistory> {
    (
        prop::sample::select(CHANNELS.to_vec()),
        any_stage(),
        1u32..=31,
        prop::collection::vec(any_op(), 0..6),
    )
        .prop_map(|(channel, entry, day, ops)| LeadHistory {
            channel,
            entry,
            day,
            ops,
        })
}

fn stage_of(value: &Value) -> Stage {
    Stage::parse(value.as_str().expect("a stage name")).expect("a known stage")
}

/// Create the lead and run its changes, returning its `max_stage` as the API last reported it.
async fn play(app: &TestApp, n: usize, lead: &LeadHistory) -> Stage {
    let mut body = json!({
        "name": format!("Lead {n}"),
        "source": lead.channel,
        "stage": lead.entry,
        "created_at": format!("2026-10-{:02}T10:00:00Z", lead.day),
    });
    if lead.entry >= Stage::Decide {
        body["deal_value"] = json!(150_000);
    }
    let created = app.lead(body).await;
    let id = id_of(&created);
    let mut max_stage = stage_of(&created["max_stage"]);
    for op in &lead.ops {
        let response = match op {
            Op::MoveTo {
                to,
                with_reason,
                with_deal_value,
            } => {
                let mut body = json!({ "to": to });
                if *with_reason {
                    body["reason"] = json!("plans changed");
                }
                if *with_deal_value {
                    body["deal_value"] = json!(250_000);
                }
                app.move_to(&id, body).await
            }
            Op::Lost => {
                app.admin_post(
                    &format!("/api/v1/leads/{id}/lost"),
                    json!({"reason": "No budget"}),
                )
                .await
            }
            Op::Reopen => {
                app.admin_post(&format!("/api/v1/leads/{id}/reopen"), json!({}))
                    .await
            }
        };
        let status = response.status();
        let answer: Value = response.json().await.expect("a JSON answer");
        match status {
            StatusCode::OK => {
                let after = stage_of(&answer["lead"]["max_stage"]);
                assert!(after >= max_stage, "max_stage fell after {op:?}: {answer}");
                max_stage = after;
            }
            // Changes the funnel rules refuse leave the lead as it was.
            StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY => {}
            other => panic!("{op:?} answered {other}: {answer}"),
        }
    }
    max_stage
}

/// The October cohort's stages, for all channels or one.
async fn funnel(app: &TestApp, channel: Option<&str>) -> Vec<Value> {
    let filter = channel.map_or(String::new(), |c| {
        format!("&channel={}", c.replace(' ', "%20"))
    });
    let answer = app
        .get_ok(&format!("/api/v1/metrics/funnel?{OCTOBER}{filter}"))
        .await;
    answer["current"]["stages"].as_array().unwrap().clone()
}

fn reached(stages: &[Value]) -> Vec<i64> {
    stages
        .iter()
        .map(|s| s["reached"].as_i64().unwrap())
        .collect()
}

async fn check_funnel(leads: Vec<LeadHistory>) {
    let app = spawn_app().await;
    let mut max_stages = Vec::with_capacity(leads.len());
    for (n, lead) in leads.iter().enumerate() {
        max_stages.push(play(&app, n, lead).await);
    }

    let stages = funnel(&app, None).await;
    let totals = reached(&stages);
    let expected: Vec<i64> = Stage::ALL
        .into_iter()
        .map(|k| max_stages.iter().filter(|&&m| m >= k).count() as i64)
        .collect();
    assert_eq!(totals, expected, "reached(k) against the leads' max_stage");
    assert!(
        totals.windows(2).all(|w| w[0] >= w[1]),
        "reached(k) grew: {totals:?}"
    );
    for stage in &stages {
        for figure in ["step_conversion", "overall_conversion"] {
            if let Some(rate) = stage[figure].as_f64() {
                assert!(
                    (0.0..=1.0).contains(&rate),
                    "{figure} out of [0, 1]: {stage}"
                );
            } else {
                assert!(stage[figure].is_null(), "{stage}");
            }
        }
    }

    let mut by_channel = vec![0i64; totals.len()];
    for channel in CHANNELS {
        for (sum, n) in by_channel
            .iter_mut()
            .zip(reached(&funnel(&app, Some(channel)).await))
        {
            *sum += n;
        }
    }
    assert_eq!(
        totals, by_channel,
        "the cohort against the sum of its channels"
    );
}

proptest! {
    // Each case creates a database and a server, so a few cases go a long way.
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn funnel_figures_hold_over_random_lead_histories(
        leads in prop::collection::vec(any_lead_history(), 1..15),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(check_funnel(leads));
    }
}
