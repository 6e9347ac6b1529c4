//! A time zone of the tz database (through `chrono-tz`, which compiles IANA's database
//! in): where a day, an hour and a month begin for a company or a user, and how a time
//! typed without an offset is read. Daylight saving gives 23- and 25-hour days, and
//! half-hour zones (Asia/Kolkata) start their hours at half past in UTC.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::FieldError;

/// An IANA time zone such as `Asia/Jakarta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

impl Default for Zone {
    fn default() -> Self {
        Zone::UTC
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Zone {
    pub const UTC: Zone = Zone(Tz::UTC);

    /// `text` as a zone of the tz database, or an error naming `field`.
    pub fn parse(field: &str, text: &str) -> Result<Zone, FieldError> {
        let text = text.trim();
        Tz::from_str(text).map(Zone).map_err(|_| {
            FieldError::new(field, "error-not-time-zone").arg("name", format!("{text:?}"))
        })
    }

    /// The zone's IANA name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The tz database's zones, for a picker.
    pub fn all() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
    }

    /// The date and time on this zone's clock at `at`.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.0).naive_local()
    }

    /// The local date at `at`.
    pub fn date_of(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The first instant of the local day `day`: its midnight, or where a change of
    /// clocks skips midnight, the moment the clocks jump past it.
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        self.instant(day.and_time(NaiveTime::MIN))
    }

    /// A local date and time as an instant. A time that occurs twice (clocks going back)
    /// is the earlier; one that never occurs (clocks going forward) is the moment the
    /// clocks jumped, as if typed just after the change.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let step = Duration::minutes(15);
        let mut probe = local;
        // Clocks jump by at most a few hours; a probe per quarter hour finds the end.
        for _ in 0..24 {
            match self.0.from_local_datetime(&probe) {
                LocalResult::Single(at) => return at.with_timezone(&Utc),
                LocalResult::Ambiguous(earlier, _) => return earlier.with_timezone(&Utc),
                LocalResult::None => probe += step,
            }
        }
        local.and_utc()
    }

    /// The first instant of the local hour that holds `at` (what `rollup_hour` keys).
    pub fn hour_start(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let local = self.local(at);
        let hour = local.date().and_time(
            NaiveTime::from_hms_opt(chrono::Timelike::hour(&local), 0, 0).expect("an hour"),
        );
        at - (local - hour)
    }

    /// `at` on this zone's clock, with its offset (RFC 3339).
    pub fn rfc3339(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.0)
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }

    /// `at` on this zone's clock, formatted with `pattern` (chrono's `%` items).
    pub fn format(&self, at: DateTime<Utc>, pattern: &str) -> String {
        at.with_timezone(&self.0).format(pattern).to_string()
    }

    /// A form's `datetime-local` value (`2026-12-04T09:00`, seconds optional) on this
    /// zone's clock; blank is `None`.
    pub fn read_datetime_local(
        &self,
        field: &str,
        text: &str,
    ) -> Result<Option<DateTime<Utc>>, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
            .map(|t| Some(self.instant(t)))
            .map_err(|_| FieldError::new(field, "queue-error-not-date-time").arg("text", text))
    }

    /// A date or a date and time as a file writes one, on this zone's clock unless it
    /// carries its offset: `2026-12-04` (the day's start), `2026-12-04 09:00`,
    /// `2026-12-04T09:00:30`, `2026/12/04 09:00`, `2026-12-04T09:00:00+07:00`; blank is
    /// `None`.
    pub fn read_date_or_time(
        &self,
        field: &str,
        text: &str,
    ) -> Result<Option<DateTime<Utc>>, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(text) {
            return Ok(Some(at.with_timezone(&Utc)));
        }
        let normal = text.replace('/', "-");
        for pattern in [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(&normal, pattern) {
                return Ok(Some(self.instant(local)));
            }
        }
        NaiveDate::parse_from_str(&normal, "%Y-%m-%d")
            .map(|day| Some(self.start_of(day)))
            .map_err(|_| FieldError::new(field, "import-error-not-date").arg("text", text))
    }
}

impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let text = String::deserialize(d)?;
        Zone::parse("time_zone", &text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

impl utoipa::PartialSchema for Zone {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("An IANA time zone of the tz database"))
            .examples([serde_json::json!("Asia/Jakarta")])
            .into()
    }
}

impl utoipa::ToSchema for Zone {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_dates_and_times_are_read_on_the_zones_clock() {
        let jakarta = Zone::parse("time_zone", "Asia/Jakarta").unwrap();
        let at = |text: &str| {
            jakarta
                .read_date_or_time("next_contact", text)
                .unwrap()
                .map(|t| t.to_rfc3339())
        };
        let nine = Some("2026-12-04T02:00:00+00:00".to_owned());
        assert_eq!(at("2026-12-04 09:00"), nine);
        assert_eq!(at("2026-12-04T09:00"), nine);
        assert_eq!(at("2026/12/04 09:00:00"), nine);
        assert_eq!(at("2026-12-04T09:00:00+07:00"), nine);
        assert_eq!(
            at("2026-12-04"),
            Some("2026-12-03T17:00:00+00:00".to_owned())
        );
        assert_eq!(at(" "), None);
        let refused = jakarta
            .read_date_or_time("next_contact", "04.12.2026")
            .unwrap_err();
        assert_eq!(refused.field, "next_contact");
        assert!(jakarta
            .read_datetime_local("next_contact", "2026-12-04")
            .is_err());
    }

    fn zone(name: &str) -> Zone {
        Zone::parse("time_zone", name).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn unknown_zones_are_refused_naming_the_field() {
        let e = Zone::parse("time_zone", "Asia/Atlantis").unwrap_err();
        assert_eq!(e.field, "time_zone");
        assert!(Zone::parse("time_zone", "+07:00").is_err());
        assert_eq!(zone(" Asia/Jakarta ").name(), "Asia/Jakarta");
    }

    #[test]
    fn a_late_utc_evening_is_the_next_morning_in_jakarta() {
        let call = at("2026-12-03T23:30:00Z");
        assert_eq!(zone("Asia/Jakarta").date_of(call), day(2026, 12, 4));
        assert_eq!(Zone::UTC.date_of(call), day(2026, 12, 3));
        assert_eq!(
            zone("Asia/Jakarta").start_of(day(2026, 12, 4)),
            at("2026-12-03T17:00:00Z")
        );
    }

    #[test]
    fn new_york_has_a_23_and_a_25_hour_day() {
        let ny = zone("America/New_York");
        let length = |d: NaiveDate| ny.start_of(d.succ_opt().unwrap()) - ny.start_of(d);
        assert_eq!(length(day(2026, 3, 8)), Duration::hours(23));
        assert_eq!(length(day(2026, 11, 1)), Duration::hours(25));
        assert_eq!(length(day(2026, 11, 2)), Duration::hours(24));
    }

    #[test]
    fn times_typed_into_a_gap_or_an_overlap() {
        let ny = zone("America/New_York");
        let local = |d: NaiveDate, h, m| d.and_hms_opt(h, m, 0).unwrap();
        // 02:30 on 8 March 2026 never happens: read as the moment clocks jumped (03:00 EDT).
        assert_eq!(
            ny.instant(local(day(2026, 3, 8), 2, 30)),
            at("2026-03-08T07:00:00Z")
        );
        // 01:30 on 1 November 2026 happens twice: the first (EDT).
        assert_eq!(
            ny.instant(local(day(2026, 11, 1), 1, 30)),
            at("2026-11-01T05:30:00Z")
        );
        // A follow-up typed as 10:00 in Jakarta falls due at 03:00Z.
        assert_eq!(
            zone("Asia/Jakarta").instant(local(day(2026, 12, 4), 10, 0)),
            at("2026-12-04T03:00:00Z")
        );
    }

    #[test]
    fn hours_start_on_the_local_clock() {
        let kolkata = zone("Asia/Kolkata");
        assert_eq!(
            kolkata.hour_start(at("2026-12-04T10:10:00Z")),
            at("2026-12-04T09:30:00Z")
        );
        let ny = zone("America/New_York");
        // The two 01:xx hours of 1 November are two hours.
        assert_eq!(
            ny.hour_start(at("2026-11-01T05:40:00Z")),
            at("2026-11-01T05:00:00Z")
        );
        assert_eq!(
            ny.hour_start(at("2026-11-01T06:40:00Z")),
            at("2026-11-01T06:00:00Z")
        );
        assert_eq!(
            Zone::UTC.hour_start(at("2026-12-04T10:10:09Z")),
            at("2026-12-04T10:00:00Z")
        );
    }

    #[test]
    fn times_carry_their_offset() {
        let call = at("2026-12-03T23:30:00Z");
        assert_eq!(
            zone("Asia/Jakarta").rfc3339(call),
            "2026-12-04T06:30:00+07:00"
        );
        assert_eq!(Zone::UTC.rfc3339(call), "2026-12-03T23:30:00Z");
        assert_eq!(
            zone("Asia/Kolkata").rfc3339(call),
            "2026-12-04T05:00:00+05:30"
        );
    }
}
