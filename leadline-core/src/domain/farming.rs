//! Lead farming (seed 003): every lost reason may give a lost lead a way back, after so
//! many days and with a playbook for the rep who calls it then; a lead may also come back
//! by itself. The figures of what comes back are in `metrics` (SPEC section 4, Recovery).

use std::collections::BTreeMap;

use super::stage::Stage;
use super::{Checks, FieldError, FieldErrors};

/// The most days a reason may keep a lead away: ten years.
pub const MAX_RETURN_DAYS: i64 = 3650;

/// The longest playbook, per reason or per stage.
pub const MAX_PLAYBOOK: usize = 2000;

string_enum! {
    /// What brought back a lost lead that came back by itself: it called in, filled in
    /// a web form, or was imported again.
    CameBackBy {
        Call => "call",
        Form => "form",
        Import => "import",
    }
}

/// A lost reason's way back: after how many days a lead lost for it returns (`None`:
/// never by itself), and what to do when it does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WayBack {
    pub return_after_days: Option<i32>,
    pub playbook: Option<String>,
    /// What to do when the lead returns at one stage in particular.
    pub stage_playbooks: BTreeMap<Stage, String>,
}

impl WayBack {
    /// The playbook for a lead returning at `stage`: the stage's own, else the reason's.
    pub fn playbook_at(&self, stage: Stage) -> Option<&str> {
        self.stage_playbooks
            .get(&stage)
            .map(String::as_str)
            .or(self.playbook.as_deref())
    }
}

/// `days` as a reason's return days: a whole number from 1 to `MAX_RETURN_DAYS`.
pub fn check_return_days(field: &str, days: i64) -> Result<i32, FieldError> {
    if (1..=MAX_RETURN_DAYS).contains(&days) {
        Ok(days as i32)
    } else {
        Err(FieldError::new(field, "error-out-of-range")
            .arg("min", 1)
            .arg("max", MAX_RETURN_DAYS))
    }
}

/// A playbook as kept: trimmed, at most `MAX_PLAYBOOK` characters; blank is none.
pub fn check_playbook(field: &str, text: &str) -> Result<Option<String>, FieldError> {
    let text = text.trim();
    if text.chars().count() > MAX_PLAYBOOK {
        return Err(FieldError::new(field, "error-too-long").arg("max", MAX_PLAYBOOK as i64));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// Whether a lead may be lost (and so return) at `stage`: below `decide`, where it is won.
pub fn can_be_lost_at(stage: Stage) -> bool {
    stage < Stage::Decide
}

/// A change to a reason's way back: each `Some` replaces what the reason holds
/// (`Some(None)`: none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WayBackChange {
    pub return_after_days: Option<Option<i32>>,
    pub playbook: Option<Option<String>>,
    pub stage_playbooks: Option<BTreeMap<Stage, String>>,
}

/// A change to a reason's way back as typed, checked, each bad field named: the days
/// (`return_after_days`), the playbook (`playbook`), and the playbooks by stage
/// (`stage_playbooks.<stage>`, only stages a lead can be lost at; a blank one drops).
pub fn check_change(
    days: Option<Option<i64>>,
    playbook: Option<Option<&str>>,
    stage_playbooks: Option<&BTreeMap<Stage, String>>,
) -> Result<WayBackChange, FieldErrors> {
    let mut checks = Checks::default();
    let return_after_days = days.map(|days| {
        days.and_then(|d| {
            check_return_days("return_after_days", d)
                .map_err(|e| checks.add(e))
                .ok()
        })
    });
    let playbook = playbook.map(|text| {
        text.and_then(|t| {
            checks
                .take(check_playbook("playbook", t).map(Some))
                .flatten()
        })
    });
    let stage_playbooks = stage_playbooks.map(|by_stage| {
        let mut kept = BTreeMap::new();
        for (stage, text) in by_stage {
            let field = format!("stage_playbooks.{}", stage.as_str());
            if !can_be_lost_at(*stage) {
                checks.add(FieldError::new(field, "error-stage-never-lost"));
            } else if let Some(text) = checks.take(check_playbook(&field, text)) {
                kept.insert(*stage, text);
            }
        }
        kept
    });
    checks.finish(WayBackChange {
        return_after_days,
        playbook,
        stage_playbooks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_playbook_comes_before_the_reasons() {
        let way = WayBack {
            return_after_days: Some(14),
            playbook: Some("Call again".into()),
            stage_playbooks: BTreeMap::from([(Stage::Interest, "Send the offer".into())]),
        };
        assert_eq!(way.playbook_at(Stage::Interest), Some("Send the offer"));
        assert_eq!(way.playbook_at(Stage::Need), Some("Call again"));
        assert_eq!(WayBack::default().playbook_at(Stage::New), None);
    }

    #[test]
    fn return_days_are_one_day_to_ten_years() {
        assert_eq!(check_return_days("d", 14), Ok(14));
        assert!(check_return_days("d", 0).is_err());
        assert!(check_return_days("d", 3651).is_err());
        assert_eq!(check_return_days("d", -3).unwrap_err().field, "d");
    }

    #[test]
    fn a_change_names_each_bad_field() {
        let by_stage = BTreeMap::from([
            (Stage::Decide, "x".to_owned()),
            (Stage::Interest, " ".to_owned()),
            (Stage::Need, "Send the proposal".to_owned()),
        ]);
        let errors = check_change(
            Some(Some(0)),
            Some(Some(&"y".repeat(2001))),
            Some(&by_stage),
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["return_after_days", "playbook", "stage_playbooks.decide"]
        );
        let good = BTreeMap::from([
            (Stage::Interest, " ".to_owned()),
            (Stage::Need, "Send the proposal".to_owned()),
        ]);
        let change = check_change(Some(None), None, Some(&good)).unwrap();
        assert_eq!(change.return_after_days, Some(None));
        assert_eq!(change.playbook, None);
        assert_eq!(
            change.stage_playbooks,
            Some(BTreeMap::from([(
                Stage::Need,
                "Send the proposal".to_owned()
            )]))
        );
    }

    #[test]
    fn a_blank_playbook_is_none_and_a_long_one_is_refused() {
        assert_eq!(check_playbook("p", "  "), Ok(None));
        assert_eq!(check_playbook("p", " Ask \n"), Ok(Some("Ask".into())));
        assert!(check_playbook("p", &"x".repeat(2001)).is_err());
        assert!(check_playbook("p", "a\u{7}b").is_err());
    }
}
