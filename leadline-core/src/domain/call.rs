//! Calls: outcomes, intents and what a logged call does to its lead (SPEC section 2).

use super::stage::{LeadStatus, Stage};

string_enum!(
    /// How a call ended.
    Outcome {
        Connected => "connected",
        NoAnswer => "no_answer",
        Busy => "busy",
        Voicemail => "voicemail",
        Rejected => "rejected",
        InvalidNumber => "invalid_number",
        OutOfService => "out_of_service",
        PoweredOff => "powered_off",
        WrongPerson => "wrong_person",
    }
);

string_enum!(
    /// The intent a connected call showed.
    Intent {
        Clear => "clear",
        Unclear => "unclear",
        None => "none",
    }
);

string_enum!(
    Direction {
        Outbound => "outbound",
        Inbound => "inbound",
    }
);

impl Outcome {
    /// The number is empty or out of service: the queue stops offering it.
    pub fn marks_phone_bad(self) -> bool {
        matches!(self, Outcome::InvalidNumber | Outcome::OutOfService)
    }
}

/// Ring seconds assumed for an unanswered call logged without them (seed 000: 40 s).
pub const DEFAULT_RING_SECONDS: i64 = 40;

/// The automatic stage moves a logged call causes, in order: the first connected call
/// moves a `new` lead to `connect`; a connected call with clear intent moves a
/// `connect` lead on to `interest`.
pub fn automatic_moves(
    stage: Stage,
    status: LeadStatus,
    outcome: Outcome,
    intent: Option<Intent>,
) -> Vec<Stage> {
    if status != LeadStatus::Open || outcome != Outcome::Connected {
        return Vec::new();
    }
    let mut moves = Vec::new();
    let mut at = stage;
    if at == Stage::New {
        moves.push(Stage::Connect);
        at = Stage::Connect;
    }
    if at == Stage::Connect && intent == Some(Intent::Clear) {
        moves.push(Stage::Interest);
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_connected_call_reaches_connect() {
        let moves = automatic_moves(
            Stage::New,
            LeadStatus::Open,
            Outcome::Connected,
            Some(Intent::Unclear),
        );
        assert_eq!(moves, vec![Stage::Connect]);
    }

    #[test]
    fn clear_intent_on_a_new_lead_goes_through_connect_to_interest() {
        let moves = automatic_moves(
            Stage::New,
            LeadStatus::Open,
            Outcome::Connected,
            Some(Intent::Clear),
        );
        assert_eq!(moves, vec![Stage::Connect, Stage::Interest]);
    }

    #[test]
    fn calls_never_move_leads_past_interest_or_backwards() {
        for stage in [Stage::Interest, Stage::Need, Stage::Decide] {
            assert!(automatic_moves(
                stage,
                LeadStatus::Open,
                Outcome::Connected,
                Some(Intent::Clear)
            )
            .is_empty());
        }
    }

    #[test]
    fn unanswered_calls_and_closed_leads_do_not_move() {
        assert!(automatic_moves(Stage::New, LeadStatus::Open, Outcome::NoAnswer, None).is_empty());
        assert!(automatic_moves(
            Stage::New,
            LeadStatus::Lost,
            Outcome::Connected,
            Some(Intent::Clear)
        )
        .is_empty());
    }

    #[test]
    fn only_dead_numbers_mark_the_phone_bad() {
        let bad: Vec<_> = Outcome::ALL
            .iter()
            .filter(|o| o.marks_phone_bad())
            .collect();
        assert_eq!(bad, vec![&Outcome::InvalidNumber, &Outcome::OutOfService]);
    }
}
