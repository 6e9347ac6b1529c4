//! Pieces every API resource uses: limits, patch fields, periods (the cursors are
//! `http::paging`, which the pages use too).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Deserializer};

use crate::domain::zone::Zone;
use crate::domain::FieldError;
pub use crate::http::paging::{next_before, next_time_cursor, time_cursor};
pub use crate::service::input::{double_option, money_amount, tag_names};

pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;

/// The page size asked for, checked against the bounds.
pub fn page_limit(limit: Option<i64>) -> Result<i64, FieldError> {
    match limit {
        None => Ok(DEFAULT_PAGE),
        Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        Some(_) => Err(FieldError::new("limit", "error-out-of-range")
            .arg("min", 1)
            .arg("max", MAX_PAGE)),
    }
}

/// A point in time given as RFC 3339, or as a date: the company's local midnight that
/// begins it (`at`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeArg {
    At(DateTime<Utc>),
    Day(NaiveDate),
}

impl TimeArg {
    /// The instant, with a date read as the start of that day in `zone`.
    pub fn at(self, zone: Zone) -> DateTime<Utc> {
        match self {
            TimeArg::At(at) => at,
            TimeArg::Day(day) => zone.start_of(day),
        }
    }
}

impl<'de> Deserialize<'de> for TimeArg {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let text = String::deserialize(de)?;
        let (arg, at) = match DateTime::parse_from_rfc3339(&text) {
            Ok(at) => {
                let at = at.with_timezone(&Utc);
                (TimeArg::At(at), at)
            }
            Err(_) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map(|d| (TimeArg::Day(d), d.and_time(NaiveTime::MIN).and_utc()))
                .map_err(|_| {
                    serde::de::Error::custom(format!(
                        "`{text}` is not a date (YYYY-MM-DD) or an RFC 3339 time"
                    ))
                })?,
        };
        crate::domain::when::filter_instant(at)
            .map(|_| arg)
            .map_err(serde::de::Error::custom)
    }
}
