//! A spend entry as it comes in, and the checks that turn it into what storage writes.

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use crate::domain::lead::channel;
use crate::domain::money::{checked_amount, SpendCategory};
use crate::domain::{optional_text, when, Checks, FieldErrors};
use crate::storage::spend::NewSpend;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSpend {
    pub date: NaiveDate,
    /// Minor units, not negative.
    #[schema(minimum = 0, maximum = 10_000_000_000_000_i64)]
    pub amount: i64,
    pub category: SpendCategory,
    /// The lead source this paid for; leave empty for overheads such as salaries.
    pub channel: Option<String>,
    pub note: Option<String>,
    /// The rep it was for (their salary, their telephony): a dashboard filtered to reps
    /// divides only their spend.
    pub rep_id: Option<Uuid>,
}

impl CreateSpend {
    pub fn validate(self) -> Result<NewSpend, FieldErrors> {
        let mut checks = Checks::default();
        let entry = NewSpend {
            spent_on: checks.take(when::book_day("date", self.date)),
            amount: checks.take(checked_amount("amount", self.amount)),
            category: self.category,
            channel: checks.take(
                self.channel
                    .as_deref()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| channel("channel", c))
                    .transpose(),
            ),
            note: checks.take(optional_text("note", self.note.as_deref(), 2000)),
            rep_id: self.rep_id,
        };
        checks.finish(entry)
    }
}
