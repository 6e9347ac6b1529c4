//! Pieces every API resource uses: limits, patch fields, periods (the cursors are
//! `http::paging`, which the pages use too).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::FieldError;
pub use crate::http::paging::{next_time_cursor, time_cursor};
pub use crate::service::input::{double_option, money_amount, tag_names};

pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;

/// The page size asked for, checked against the bounds.
pub fn page_limit(limit: Option<i64>) -> Result<i64, FieldError> {
    match limit {
        None => Ok(DEFAULT_PAGE),
        Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        Some(_) => Err(FieldError::new(
            "limit",
            format!("must be between 1 and {MAX_PAGE}"),
        )),
    }
}

/// A point in time given as RFC 3339 or as a date (midnight UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(value_type = String, example = "2026-11-01")]
pub struct TimeArg(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for TimeArg {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let text = String::deserialize(de)?;
        let at = match DateTime::parse_from_rfc3339(&text) {
            Ok(at) => at.with_timezone(&Utc),
            Err(_) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map(|d| d.and_time(NaiveTime::MIN).and_utc())
                .map_err(|_| {
                    serde::de::Error::custom(format!(
                        "`{text}` is not a date (YYYY-MM-DD) or an RFC 3339 time"
                    ))
                })?,
        };
        crate::domain::when::filter_instant(at)
            .map(TimeArg)
            .map_err(serde::de::Error::custom)
    }
}
