//! The funnel: its ordered stages and the rules of moving a lead along it (SPEC section 1).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A funnel stage.
// The discriminant is the stage's position, as stored.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    New = 0,
    Connect = 1,
    Interest = 2,
    Need = 3,
    Evaluate = 4,
    Decide = 5,
    Referral = 6,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::New,
        Stage::Connect,
        Stage::Interest,
        Stage::Need,
        Stage::Evaluate,
        Stage::Decide,
        Stage::Referral,
    ];

    pub fn index(self) -> i16 {
        self as i16
    }

    pub fn from_index(index: i16) -> Option<Stage> {
        usize::try_from(index)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }

    pub fn parse(name: &str) -> Option<Stage> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The stage after this one; `None` after `referral`.
    pub fn next(self) -> Option<Stage> {
        Self::from_index(self.index() + 1)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Connect => "connect",
            Stage::Interest => "interest",
            Stage::Need => "need",
            Stage::Evaluate => "evaluate",
            Stage::Decide => "decide",
            Stage::Referral => "referral",
        }
    }

    /// A stage by its code (`interest`) or its name in any language Leadline speaks
    /// (`Interest`, `tertarik`, `有意向`, `Интерес`), whatever the case.
    pub fn from_name(text: &str) -> Option<Stage> {
        static NAMES: std::sync::OnceLock<std::collections::HashMap<String, Stage>> =
            std::sync::OnceLock::new();
        let names = NAMES.get_or_init(|| {
            let mut names = std::collections::HashMap::new();
            for stage in Self::ALL {
                names.insert(stage.as_str().to_owned(), stage);
                for language in crate::i18n::Language::ALL {
                    let id = format!("stage-{}", stage.as_str());
                    names.insert(
                        crate::i18n::message(language, &id, &[]).to_lowercase(),
                        stage,
                    );
                }
            }
            names
        });
        names.get(&text.trim().to_lowercase()).copied()
    }

    /// What a rep should get out of the next conversation with a lead at this stage, in
    /// `language` (message `stage-goal-<stage>`).
    pub fn goal_in(self, language: crate::i18n::Language) -> String {
        crate::i18n::message(language, &format!("stage-goal-{}", self.as_str()), &[])
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    Open,
    Won,
    Lost,
}

impl LeadStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::Open => "open",
            LeadStatus::Won => "won",
            LeadStatus::Lost => "lost",
        }
    }

    pub fn parse(name: &str) -> Option<LeadStatus> {
        [LeadStatus::Open, LeadStatus::Won, LeadStatus::Lost]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// The kind of an append-only stage event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The lead entered the funnel (at `new` or mid-funnel).
    Create,
    Advance,
    Skip,
    Regress,
    Lost,
    Reopen,
    /// A lost lead came back at the stage it was lost at: its reason's days passed, or it
    /// came back by itself.
    Return,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Create => "create",
            EventKind::Advance => "advance",
            EventKind::Skip => "skip",
            EventKind::Regress => "regress",
            EventKind::Lost => "lost",
            EventKind::Reopen => "reopen",
            EventKind::Return => "return",
        }
    }

    pub fn parse(name: &str) -> Option<EventKind> {
        [
            EventKind::Create,
            EventKind::Advance,
            EventKind::Skip,
            EventKind::Regress,
            EventKind::Lost,
            EventKind::Reopen,
            EventKind::Return,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// The part of a lead that the funnel rules read and write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunnelPosition {
    pub stage: Stage,
    pub max_stage: Stage,
    pub status: LeadStatus,
    /// The stage the lead was lost at, while it is lost.
    pub lost_stage: Option<Stage>,
    pub has_deal_value: bool,
}

impl FunnelPosition {
    /// A lead entering the funnel at `entry`.
    pub fn entering_at(entry: Stage, has_deal_value: bool) -> Self {
        Self {
            stage: entry,
            max_stage: entry,
            status: status_at(entry),
            lost_stage: None,
            has_deal_value,
        }
    }
}

/// A requested change of a lead's funnel position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    MoveTo {
        to: Stage,
        reason: Option<String>,
        sets_deal_value: bool,
    },
    MarkLost,
    Reopen,
    /// Reopen as a lead that comes back (lead farming): the same move, its own kind.
    Return,
}

/// The outcome of applying a change: the event to append and the lead's new position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    pub kind: EventKind,
    pub from: Stage,
    pub to: Stage,
    pub after: FunnelPosition,
    /// Stages reached for the first time by this transition (for first-reach times).
    pub newly_reached: Option<(Stage, Stage)>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the lead is already at stage {0}")]
    AlreadyAt(Stage),
    #[error("the lead is lost; reopen it before moving it")]
    LeadIsLost,
    #[error("moving a lead backwards needs a reason")]
    RegressNeedsReason,
    #[error("a won deal needs a deal value")]
    WonNeedsDealValue,
    #[error("the lead is already lost")]
    AlreadyLost,
    #[error("a won lead cannot be marked lost; move it back below decide first")]
    WonCannotBeLost,
    #[error("only a lost lead can be reopened")]
    NotLost,
}

impl TransitionError {
    /// The request field a client should look at, where there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            TransitionError::AlreadyAt(_) => Some("to"),
            TransitionError::RegressNeedsReason => Some("reason"),
            TransitionError::WonNeedsDealValue => Some("deal_value"),
            _ => None,
        }
    }

    /// Whether the error is about the request itself (422) rather than the lead's state (409).
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            TransitionError::RegressNeedsReason | TransitionError::WonNeedsDealValue
        )
    }

    /// An error about the request itself as the field's error (its message is the
    /// error's English text); none for an error about the lead's state.
    pub fn field_error(&self) -> Option<super::FieldError> {
        let id = match self {
            TransitionError::RegressNeedsReason => "error-regress-needs-reason",
            TransitionError::WonNeedsDealValue => "error-won-needs-deal-value",
            _ => return None,
        };
        Some(super::FieldError::new(self.field().unwrap_or("to"), id))
    }
}

/// A lead is won while it stands at `decide` or beyond.
fn status_at(stage: Stage) -> LeadStatus {
    if stage >= Stage::Decide {
        LeadStatus::Won
    } else {
        LeadStatus::Open
    }
}

/// Apply the funnel rules of SPEC section 1 to `change` from position `now`.
pub fn apply(now: FunnelPosition, change: &Change) -> Result<Transition, TransitionError> {
    match change {
        Change::MoveTo {
            to,
            reason,
            sets_deal_value,
        } => {
            let to = *to;
            if now.status == LeadStatus::Lost {
                return Err(TransitionError::LeadIsLost);
            }
            if to == now.stage {
                return Err(TransitionError::AlreadyAt(to));
            }
            let kind = if to < now.stage {
                if reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    return Err(TransitionError::RegressNeedsReason);
                }
                EventKind::Regress
            } else if to.index() == now.stage.index() + 1 {
                EventKind::Advance
            } else {
                EventKind::Skip
            };
            let status = status_at(to);
            let has_deal_value = now.has_deal_value || *sets_deal_value;
            if status == LeadStatus::Won && now.status != LeadStatus::Won && !has_deal_value {
                return Err(TransitionError::WonNeedsDealValue);
            }
            let max_stage = now.max_stage.max(to);
            let newly_reached = (max_stage > now.max_stage).then(|| {
                (
                    Stage::from_index(now.max_stage.index() + 1).unwrap_or(max_stage),
                    max_stage,
                )
            });
            Ok(Transition {
                kind,
                from: now.stage,
                to,
                after: FunnelPosition {
                    stage: to,
                    max_stage,
                    status,
                    lost_stage: None,
                    has_deal_value,
                },
                newly_reached,
            })
        }
        Change::MarkLost => match now.status {
            LeadStatus::Lost => Err(TransitionError::AlreadyLost),
            LeadStatus::Won => Err(TransitionError::WonCannotBeLost),
            LeadStatus::Open => Ok(Transition {
                kind: EventKind::Lost,
                from: now.stage,
                to: now.stage,
                after: FunnelPosition {
                    status: LeadStatus::Lost,
                    lost_stage: Some(now.stage),
                    ..now
                },
                newly_reached: None,
            }),
        },
        Change::Reopen | Change::Return => {
            if now.status != LeadStatus::Lost {
                return Err(TransitionError::NotLost);
            }
            Ok(Transition {
                kind: if *change == Change::Return {
                    EventKind::Return
                } else {
                    EventKind::Reopen
                },
                from: now.stage,
                to: now.stage,
                after: FunnelPosition {
                    status: status_at(now.stage),
                    lost_stage: None,
                    ..now
                },
                newly_reached: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_is_known_by_its_code_and_its_name_in_each_language() {
        assert_eq!(Stage::from_name("interest"), Some(Stage::Interest));
        assert_eq!(Stage::from_name(" Need "), Some(Stage::Need));
        assert_eq!(Stage::from_name("tertarik"), Some(Stage::Interest));
        assert_eq!(Stage::from_name("成交"), Some(Stage::Decide));
        assert_eq!(Stage::from_name("ИНТЕРЕС"), Some(Stage::Interest));
        assert_eq!(Stage::from_name("Qualified"), None);
    }

    fn at(stage: Stage) -> FunnelPosition {
        FunnelPosition::entering_at(stage, false)
    }

    #[test]
    fn input_errors_are_field_errors_saying_the_same_in_english() {
        for error in [
            TransitionError::RegressNeedsReason,
            TransitionError::WonNeedsDealValue,
        ] {
            let field = error.field_error().expect("an input error");
            assert_eq!(Some(field.field.as_str()), error.field());
            assert_eq!(field.message(), error.to_string());
        }
        assert_eq!(TransitionError::AlreadyLost.field_error(), None);
    }

    fn move_to(to: Stage) -> Change {
        Change::MoveTo {
            to,
            reason: None,
            sets_deal_value: false,
        }
    }

    #[test]
    fn one_step_forward_is_an_advance_and_reaches_that_stage() {
        let t = apply(at(Stage::New), &move_to(Stage::Connect)).unwrap();
        assert_eq!(t.kind, EventKind::Advance);
        assert_eq!(t.after.max_stage, Stage::Connect);
        assert_eq!(t.newly_reached, Some((Stage::Connect, Stage::Connect)));
    }

    #[test]
    fn a_forward_jump_is_a_skip_that_reaches_every_stage_it_passes() {
        let t = apply(at(Stage::Connect), &move_to(Stage::Evaluate)).unwrap();
        assert_eq!(t.kind, EventKind::Skip);
        assert_eq!(t.newly_reached, Some((Stage::Interest, Stage::Evaluate)));
    }

    #[test]
    fn moving_back_needs_a_reason_and_keeps_max_stage() {
        let now = at(Stage::Evaluate);
        assert_eq!(
            apply(now, &move_to(Stage::Need)),
            Err(TransitionError::RegressNeedsReason)
        );
        let blank = Change::MoveTo {
            to: Stage::Need,
            reason: Some("  ".into()),
            sets_deal_value: false,
        };
        assert_eq!(apply(now, &blank), Err(TransitionError::RegressNeedsReason));
        let back = Change::MoveTo {
            to: Stage::Need,
            reason: Some("budget frozen".into()),
            sets_deal_value: false,
        };
        let t = apply(now, &back).unwrap();
        assert_eq!(t.kind, EventKind::Regress);
        assert_eq!(t.after.stage, Stage::Need);
        assert_eq!(t.after.max_stage, Stage::Evaluate);
        assert_eq!(t.newly_reached, None);
    }

    #[test]
    fn reaching_decide_wins_the_lead_but_needs_a_deal_value() {
        assert_eq!(
            apply(at(Stage::Evaluate), &move_to(Stage::Decide)),
            Err(TransitionError::WonNeedsDealValue)
        );
        let with_value = Change::MoveTo {
            to: Stage::Decide,
            reason: None,
            sets_deal_value: true,
        };
        let t = apply(at(Stage::Evaluate), &with_value).unwrap();
        assert_eq!(t.after.status, LeadStatus::Won);
        // A won lead moving on to referral keeps its deal value and stays won.
        let t2 = apply(t.after, &move_to(Stage::Referral)).unwrap();
        assert_eq!(t2.after.status, LeadStatus::Won);
    }

    #[test]
    fn the_same_stage_is_refused() {
        assert_eq!(
            apply(at(Stage::Need), &move_to(Stage::Need)),
            Err(TransitionError::AlreadyAt(Stage::Need))
        );
    }

    #[test]
    fn lost_records_the_stage_and_blocks_moves_until_reopened() {
        let lost = apply(at(Stage::Interest), &Change::MarkLost).unwrap();
        assert_eq!(lost.after.status, LeadStatus::Lost);
        assert_eq!(lost.after.lost_stage, Some(Stage::Interest));
        assert_eq!(
            apply(lost.after, &move_to(Stage::Need)),
            Err(TransitionError::LeadIsLost)
        );
        assert_eq!(
            apply(lost.after, &Change::MarkLost),
            Err(TransitionError::AlreadyLost)
        );
        let reopened = apply(lost.after, &Change::Reopen).unwrap();
        assert_eq!(reopened.after.status, LeadStatus::Open);
        assert_eq!(reopened.after.stage, Stage::Interest);
        assert_eq!(reopened.after.lost_stage, None);
        assert_eq!(
            apply(reopened.after, &Change::Reopen),
            Err(TransitionError::NotLost)
        );
    }

    #[test]
    fn a_won_lead_cannot_be_lost_without_moving_back_first() {
        let won = FunnelPosition::entering_at(Stage::Decide, true);
        assert_eq!(
            apply(won, &Change::MarkLost),
            Err(TransitionError::WonCannotBeLost)
        );
    }

    #[test]
    fn stage_names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
            assert_eq!(Stage::from_index(stage.index()), Some(stage));
        }
        assert_eq!(Stage::parse("won"), None);
        assert_eq!(Stage::from_index(7), None);
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        fn any_stage() -> impl Strategy<Value = Stage> {
            prop::sample::select(Stage::ALL.to_vec())
        }

        fn any_change() -> impl Strategy<Value = Change> {
            let reason = prop_oneof![
                Just(None),
                Just(Some(String::new())),
                Just(Some("  ".to_owned())),
                Just(Some("budget frozen".to_owned())),
            ];
            prop_oneof![
                4 => (any_stage(), reason, any::<bool>()).prop_map(|(to, reason, sets_deal_value)| {
                    Change::MoveTo { to, reason, sets_deal_value }
                }),
                1 => Just(Change::MarkLost),
                1 => Just(Change::Reopen),
            ]
        }

        /// An entry position the storage layer accepts: a lead entering won has a deal value.
        fn any_entry() -> impl Strategy<Value = FunnelPosition> {
            (any_stage(), any::<bool>()).prop_map(|(entry, has_deal_value)| {
                FunnelPosition::entering_at(entry, has_deal_value || entry >= Stage::Decide)
            })
        }

        fn assert_consistent(position: &FunnelPosition) -> Result<(), TestCaseError> {
            prop_assert!(position.max_stage >= position.stage, "{position:?}");
            prop_assert_eq!(
                position.lost_stage.is_some(),
                position.status == LeadStatus::Lost,
                "{:?}",
                position
            );
            if position.status != LeadStatus::Lost {
                prop_assert_eq!(
                    position.status == LeadStatus::Won,
                    position.stage >= Stage::Decide,
                    "{:?}",
                    position
                );
            }
            if position.status == LeadStatus::Won {
                prop_assert!(position.has_deal_value, "{position:?}");
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            #[test]
            fn any_history_keeps_the_funnel_position_consistent(
                entry in any_entry(),
                changes in prop::collection::vec(any_change(), 0..40),
            ) {
                assert_consistent(&entry)?;
                let mut now = entry;
                for change in &changes {
                    let Ok(t) = apply(now, change) else {
                        continue;
                    };
                    prop_assert_eq!(t.from, now.stage);
                    prop_assert_eq!(t.to, t.after.stage);
                    prop_assert!(t.after.max_stage >= now.max_stage, "max_stage fell: {now:?} -> {t:?}");
                    assert_consistent(&t.after)?;
                    if t.after.status == LeadStatus::Lost {
                        prop_assert_eq!(t.after.lost_stage, Some(t.after.stage));
                    }
                    // The first reaches recorded are exactly the stages above the old max, up to the new max.
                    let expected = (t.after.max_stage > now.max_stage).then(|| {
                        (Stage::from_index(now.max_stage.index() + 1).unwrap(), t.after.max_stage)
                    });
                    prop_assert_eq!(t.newly_reached, expected, "{:?} -> {:?}", now, t);
                    now = t.after;
                }
            }
        }
    }
}
