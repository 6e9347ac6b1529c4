//! How figures read on a page: money in the base currency, rates, changes, durations.
//! The words and unit letters are messages (`format-*`, locales/*/format.ftl) in the
//! request's language; the numbers are written as before.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_locale_core::{locale, subtags::Region, Locale};

use crate::domain::money::Currency;
use crate::domain::phone::{Country, Phone};
use crate::domain::zone::Zone;
use crate::i18n::{t, t_args, Arg};

/// Minor units as `$1,234.56` (or `IDR 1,234.56` for currencies without a symbol here).
pub fn money(minor: i64, currency: Currency) -> String {
    let digits = usize::from(currency.digits());
    let per = currency.minor_per_major().unsigned_abs();
    let abs = minor.unsigned_abs();
    let grouped = group_thousands(abs / per);
    let number = if digits == 0 {
        grouped
    } else {
        format!("{grouped}.{:0digits$}", abs % per)
    };
    let sign = if minor < 0 { "−" } else { "" };
    match currency.code() {
        "USD" => format!("{sign}${number}"),
        "EUR" => format!("{sign}€{number}"),
        "GBP" => format!("{sign}£{number}"),
        "CNY" | "JPY" => format!("{sign}¥{number}"),
        "IDR" => format!("{sign}Rp {number}"),
        other => format!("{sign}{other} {number}"),
    }
}

/// What a figure reads when there is nothing to compute it from: "no data".
pub fn no_data() -> String {
    t("format-no-data")
}

/// Money that may be "no data".
pub fn money_or_none(minor: Option<i64>, currency: Currency) -> String {
    minor.map_or_else(no_data, |m| money(m, currency))
}

pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn count(n: i64) -> String {
    let grouped = group_thousands(n.unsigned_abs());
    if n < 0 {
        format!("−{grouped}")
    } else {
        grouped
    }
}

/// A rate in [0, 1] as a percentage, or "no data".
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(no_data, |r| format!("{:.1}%", r * 100.0))
}

/// The change from `previous` to `current`, relative, as "+12.5%"; "—" when there is nothing to compare.
pub fn change(current: Option<f64>, previous: Option<f64>) -> String {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 => {
            let delta = (c - p) / p.abs() * 100.0;
            if delta.abs() < 0.05 {
                "±0%".to_owned()
            } else {
                format!("{}{:.1}%", if delta > 0.0 { "+" } else { "−" }, delta.abs())
            }
        }
        (Some(c), Some(_)) if c != 0.0 => t("format-change-new"),
        _ => "—".to_owned(),
    }
}

/// Whether a change is for the better, given whether higher is better: "up", "down" or "flat".
pub fn trend(current: Option<f64>, previous: Option<f64>, higher_is_better: bool) -> &'static str {
    match (current, previous) {
        (Some(c), Some(p)) if c > p => {
            if higher_is_better {
                "good"
            } else {
                "bad"
            }
        }
        (Some(c), Some(p)) if c < p => {
            if higher_is_better {
                "bad"
            } else {
                "good"
            }
        }
        _ => "flat",
    }
}

/// Seconds as "2h 04m", "3m 20s" or "45s" (the unit letters the reader's language's).
pub fn duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    let text = |v: String| Arg::Text(v);
    if h > 0 {
        t_args(
            "format-duration-hours-minutes",
            &[
                ("hours", text(h.to_string())),
                ("minutes", text(format!("{m:02}"))),
            ],
        )
    } else if m > 0 {
        t_args(
            "format-duration-minutes-seconds",
            &[
                ("minutes", text(m.to_string())),
                ("seconds", text(format!("{s:02}"))),
            ],
        )
    } else {
        t_args(
            "format-duration-seconds",
            &[("seconds", text(s.to_string()))],
        )
    }
}

/// A day as "01 Nov 2026" (the month's short name and the order the reader's language's).
pub fn day(date: NaiveDate) -> String {
    t_args(
        "format-day",
        &[
            ("day", Arg::Text(format!("{:02}", date.day()))),
            (
                "month",
                Arg::Text(t(&format!("format-month-{}", date.month()))),
            ),
            ("year", Arg::Text(date.year().to_string())),
        ],
    )
}

/// A time on `zone`'s clock (the reader's), as the pages show it.
pub fn datetime(at: DateTime<Utc>, zone: Zone) -> String {
    zone.format(at, "%Y-%m-%d %H:%M")
}

pub fn opt_datetime(at: Option<DateTime<Utc>>, zone: Zone) -> String {
    at.map(|t| datetime(t, zone)).unwrap_or_default()
}

/// A time of day on `zone`'s clock with the zone's abbreviation, as "20:59 WIB".
pub fn clock_time(at: DateTime<Utc>, zone: Zone) -> String {
    zone.format(at, "%H:%M %Z")
}

/// A time as a `datetime-local` input holds it, on `zone`'s clock.
pub fn local_input(at: DateTime<Utc>, zone: Zone) -> String {
    zone.format(at, "%Y-%m-%dT%H:%M")
}

/// A stored phone number as a page shows it: grouped for reading, and a `tel:` link.
pub struct PhoneLink {
    pub href: String,
    pub text: String,
}

pub fn phone(e164: &str) -> PhoneLink {
    PhoneLink {
        href: format!("tel:{e164}"),
        text: Phone::international(e164),
    }
}

pub fn opt_phone(e164: Option<&str>) -> Option<PhoneLink> {
    e164.map(phone)
}

/// The countries' names, by CLDR, in the reader's language (else English).
fn country_names() -> Option<RegionDisplayNames> {
    let reader = Locale::try_from_str(crate::i18n::current().tag()).unwrap_or(locale!("en"));
    RegionDisplayNames::try_new(reader.into(), DisplayNamesOptions::default())
        .or_else(|_| {
            RegionDisplayNames::try_new(locale!("en").into(), DisplayNamesOptions::default())
        })
        .ok()
}

/// A country as a select names it, with `names` (CLDR's): "Indonesia (+62)".
fn country_label(names: Option<&RegionDisplayNames>, country: Country) -> String {
    let code = country.code();
    let name = Region::try_from_str(&code)
        .ok()
        .and_then(|r| names.and_then(|n| n.of(r)).map(str::to_owned))
        .unwrap_or_else(|| code.clone());
    format!("{name} (+{})", country.calling_code())
}

/// A country in a select: its code, how the page names it, and whether it is chosen.
pub struct CountryChoice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// Every country with a numbering plan, named for the reader, `chosen` selected.
pub fn country_choices(chosen: Country) -> Vec<CountryChoice> {
    let names = country_names();
    let mut choices: Vec<CountryChoice> = Country::all()
        .into_iter()
        .map(|c| CountryChoice {
            code: c.code(),
            label: country_label(names.as_ref(), c),
            selected: c == chosen,
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    choices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn currency(code: &str) -> Currency {
        Currency::parse("currency", code).unwrap()
    }

    #[test]
    fn money_reads_like_money() {
        assert_eq!(money(12_345_678, currency("USD")), "$123,456.78");
        assert_eq!(money(-5, currency("USD")), "−$0.05");
        assert_eq!(money(97_297, currency("EUR")), "€972.97");
        assert_eq!(money(1_500, currency("JPY")), "¥1,500");
        assert_eq!(money(100, currency("CHF")), "CHF 1.00");
        assert_eq!(money_or_none(None, currency("USD")), "no data");
    }

    #[test]
    fn rates_and_changes() {
        assert_eq!(percent(Some(0.38)), "38.0%");
        assert_eq!(percent(None), "no data");
        assert_eq!(change(Some(0.5), Some(0.4)), "+25.0%");
        assert_eq!(change(Some(0.3), Some(0.4)), "−25.0%");
        assert_eq!(change(Some(1.0), None), "—");
        assert_eq!(trend(Some(2.0), Some(1.0), false), "bad");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(124 * 60), "2h 04m");
        assert_eq!(duration(200), "3m 20s");
        assert_eq!(duration(45), "45s");
    }

    #[test]
    fn days() {
        let day_of = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(day(day_of(2026, 11, 1)), "01 Nov 2026");
        assert_eq!(
            day(day_of(2026, 5, 23)),
            day_of(2026, 5, 23).format("%d %b %Y").to_string()
        );
    }
}
