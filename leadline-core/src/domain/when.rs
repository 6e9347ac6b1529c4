//! Which dates and times Leadline accepts: a call, a lead or a spend entry dated before
//! 2000 or centuries ahead is a typing mistake (or a probe), and PostgreSQL cannot even
//! store some of the dates that parse (4714 BC and before).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

use super::FieldError;

/// The first day anything may be dated: no team's lead, call or spend is older.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(day) => day,
    None => panic!("2000-01-01 is a date"),
};

/// The first year nothing may be planned for: a follow-up or a budgeted spend is set
/// decades ahead at most, and a year past it is a typing mistake.
const NO_PLANS_FROM_YEAR: i32 = 2200;

/// Slack for a client whose clock runs a little ahead of the server's.
const CLOCK_SKEW: Duration = Duration::minutes(5);

fn year_too_early(field: &str) -> FieldError {
    FieldError::new(field, "error-year-too-early").arg("year", FIRST_DAY.year())
}

fn first_instant() -> DateTime<Utc> {
    FIRST_DAY.and_time(NaiveTime::MIN).and_utc()
}

/// Something that has happened (a call, a lead's creation): from 2000 to now.
pub fn happened(
    field: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldError> {
    if at > now + CLOCK_SKEW {
        Err(FieldError::new(field, "error-future"))
    } else if at < first_instant() {
        Err(year_too_early(field))
    } else {
        Ok(at)
    }
}

/// Something planned (a follow-up): from 2000 to the end of 2199.
pub fn planned(field: &str, at: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    book_day(field, at.date_naive()).map(|_| at)
}

/// A day of the books (a spend entry): from 2000 to the end of 2199.
pub fn book_day(field: &str, day: NaiveDate) -> Result<NaiveDate, FieldError> {
    if day < FIRST_DAY {
        Err(year_too_early(field))
    } else if day.year() >= NO_PLANS_FROM_YEAR {
        Err(FieldError::new(field, "error-year-too-late").arg("year", NO_PLANS_FROM_YEAR))
    } else {
        Ok(day)
    }
}

/// The widest range a filter's dates may span (beyond it no row can match, and
/// PostgreSQL cannot hold every date chrono can).
pub fn filter_instant(at: DateTime<Utc>) -> Result<DateTime<Utc>, &'static str> {
    let year = at.year();
    if (1900..=2200).contains(&year) {
        Ok(at)
    } else {
        Err("must be between the years 1900 and 2200")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn past_events_lie_between_2000_and_now() {
        let now = at("2026-12-04T10:00:00Z");
        assert!(happened("started_at", at("2026-12-04T09:00:00Z"), now).is_ok());
        assert!(happened("started_at", at("2026-12-04T10:04:00Z"), now).is_ok());
        assert!(happened("started_at", at("2026-12-04T10:06:00Z"), now).is_err());
        assert!(happened("started_at", at("1999-12-31T23:59:59Z"), now).is_err());
        assert!(happened("started_at", at("0000-01-01T00:00:00Z"), now).is_err());
        assert!(happened("created_at", at("9999-01-01T00:00:00Z"), now).is_err());
    }

    #[test]
    fn plans_lie_between_2000_and_2199() {
        assert!(planned("next_contact_at", at("2099-01-01T00:00:00Z")).is_ok());
        assert!(planned("next_contact_at", at("2199-12-31T23:59:59Z")).is_ok());
        assert!(planned("next_contact_at", at("2200-01-01T00:00:00Z")).is_err());
        assert!(planned("next_contact_at", at("1970-01-01T00:00:00Z")).is_err());
    }

    #[test]
    fn book_days_lie_between_2000_and_2199() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(book_day("date", day(2026, 1, 1)).is_ok());
        assert!(book_day("date", day(1999, 12, 31)).is_err());
        assert!(book_day("date", day(-4713, 1, 1)).is_err());
        assert!(book_day("date", day(0, 1, 1)).is_err());
        assert!(book_day("date", NaiveDate::MAX).is_err());
        assert!(book_day("date", day(2199, 12, 31)).is_ok());
        assert!(book_day("date", day(2200, 1, 1)).is_err());
    }
}
