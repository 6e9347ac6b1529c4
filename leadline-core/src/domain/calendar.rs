//! The company's working week: which weekdays are working days and which dates are
//! holidays (SPEC section 4: working days are the working weekdays less the holidays).
//! Dials per working day and the norm flags count these days.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{required_text, FieldError};

string_enum!(
    /// A day of the week, as the settings name it.
    Weekday {
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
        Sunday => "sunday",
    }
);

impl Weekday {
    /// The ISO number: 1 is Monday, 7 is Sunday.
    pub fn number(self) -> i16 {
        match self {
            Weekday::Monday => 1,
            Weekday::Tuesday => 2,
            Weekday::Wednesday => 3,
            Weekday::Thursday => 4,
            Weekday::Friday => 5,
            Weekday::Saturday => 6,
            Weekday::Sunday => 7,
        }
    }

    pub fn from_number(number: i16) -> Option<Weekday> {
        Self::ALL.iter().copied().find(|d| d.number() == number)
    }

    fn of(date: NaiveDate) -> Weekday {
        // number_from_monday is 1 to 7.
        Weekday::from_number(date.weekday().number_from_monday() as i16).expect("a weekday")
    }
}

/// A holiday: a date on which nobody is expected to dial, whatever its weekday.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    /// What it is, as the team calls it ("Natal", "Idul Fitri").
    pub name: String,
}

/// Which days are working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingWeek {
    /// The working weekdays, in week order, at least one.
    days: Vec<Weekday>,
    /// Holidays by date.
    holidays: BTreeMap<NaiveDate, String>,
}

impl Default for WorkingWeek {
    /// Monday to Friday, no holidays.
    fn default() -> Self {
        WorkingWeek {
            days: Weekday::ALL[..5].to_vec(),
            holidays: BTreeMap::new(),
        }
    }
}

/// The most holidays a company keeps (years of them, with room to spare).
const MAX_HOLIDAYS: usize = 1000;

impl WorkingWeek {
    /// A working week from its days (at least one, each once) and its holidays (each
    /// date once, with a name); `days_field` and `holidays_field` name the input.
    pub fn new(
        days_field: &str,
        days: &[Weekday],
        holidays_field: &str,
        holidays: Vec<Holiday>,
    ) -> Result<WorkingWeek, FieldError> {
        if days.is_empty() {
            return Err(FieldError::new(days_field, "error-no-working-day"));
        }
        let days: Vec<Weekday> = Weekday::ALL
            .iter()
            .copied()
            .filter(|d| days.contains(d))
            .collect();
        if holidays.len() > MAX_HOLIDAYS {
            return Err(
                FieldError::new(holidays_field, "error-too-many-holidays").arg("max", MAX_HOLIDAYS)
            );
        }
        let mut by_date = BTreeMap::new();
        for (i, holiday) in holidays.into_iter().enumerate() {
            let name = required_text(&format!("{holidays_field}[{i}].name"), &holiday.name, 100)?;
            super::when::book_day(&format!("{holidays_field}[{i}].date"), holiday.date)?;
            if by_date.insert(holiday.date, name).is_some() {
                return Err(FieldError::new(
                    format!("{holidays_field}[{i}].date"),
                    "error-holiday-twice",
                )
                .arg("date", holiday.date.to_string()));
            }
        }
        Ok(WorkingWeek {
            days,
            holidays: by_date,
        })
    }

    pub fn days(&self) -> &[Weekday] {
        &self.days
    }

    /// The holidays, by date.
    pub fn holidays(&self) -> Vec<Holiday> {
        self.holidays
            .iter()
            .map(|(date, name)| Holiday {
                date: *date,
                name: name.clone(),
            })
            .collect()
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.days.contains(&Weekday::of(date)) && !self.holidays.contains_key(&date)
    }

    /// Working days from `first` up to, not including, `end`.
    pub fn working_days(&self, first: NaiveDate, end: NaiveDate) -> i64 {
        first
            .iter_days()
            .take_while(|day| *day < end)
            .filter(|day| self.is_working_day(*day))
            .count() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn holiday(date: NaiveDate, name: &str) -> Holiday {
        Holiday {
            date,
            name: name.into(),
        }
    }

    #[test]
    fn the_default_week_is_monday_to_friday() {
        let week = WorkingWeek::default();
        // December 2026 starts on a Tuesday: 23 weekdays.
        assert_eq!(
            week.working_days(day(12, 1), day(12, 1) + chrono::Days::new(31)),
            23
        );
        assert!(!week.is_working_day(day(12, 5)), "a Saturday");
    }

    #[test]
    fn a_six_day_week_less_its_holidays() {
        let days = &Weekday::ALL[..6];
        let holidays = vec![
            holiday(day(12, 25), "Natal"),
            holiday(day(12, 26), "Cuti bersama"),
        ];
        let week = WorkingWeek::new("working_days", days, "holidays", holidays).unwrap();
        // 27 Monday-to-Saturday days in December 2026, less Friday 25 and Saturday 26.
        assert_eq!(
            week.working_days(day(12, 1), day(12, 1) + chrono::Days::new(31)),
            25
        );
        assert_eq!(week.holidays()[0].name, "Natal");
    }

    #[test]
    fn bad_weeks_name_the_field() {
        let none = WorkingWeek::new("working_days", &[], "holidays", vec![]);
        assert_eq!(none.unwrap_err().field, "working_days");
        let twice = vec![holiday(day(1, 1), "New year"), holiday(day(1, 1), "Again")];
        let twice = WorkingWeek::new("working_days", &Weekday::ALL[..5], "holidays", twice);
        assert_eq!(twice.unwrap_err().field, "holidays[1].date");
        let unnamed = vec![holiday(day(1, 1), " ")];
        let unnamed = WorkingWeek::new("working_days", &Weekday::ALL[..5], "holidays", unnamed);
        assert_eq!(unnamed.unwrap_err().field, "holidays[0].name");
    }
}
