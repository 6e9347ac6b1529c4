//! How figures read on a page, in the reader's language: numbers, money in the base
//! currency, rates, changes, durations and days from CLDR's data through ICU4X
//! (separators, the currency's symbol and its place, the digits a currency is written
//! with: rupiah without cents), and amounts typed the way that language writes them. The
//! few words are messages (`format-*`, locales/*/format.ftl).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use fixed_decimal::Decimal;
use icu_calendar::Date;
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::input::Time;
use icu_datetime::options::TimePrecision;
use icu_datetime::DateTimeFormatter;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_experimental::duration::options::{BaseStyle, DurationFormatterOptions, FieldDisplay};
use icu_experimental::duration::{Duration, DurationFormatter, ValidatedDurationFormatterOptions};

use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_locale_core::{locale, subtags::Region, Locale};

use crate::domain::money::{self, AmountError, Currency, Notation};
use crate::domain::phone::{Country, Phone};
use crate::domain::zone::Zone;
use crate::domain::FieldError;
use crate::i18n::{current, t, t_args, Arg, Language};

/// One language's CLDR formatters, built the first time a thread needs them (ICU4X's
/// formatters are not shared between threads).
struct Formats {
    decimal: DecimalFormatter,
    percent: PercentFormatter<DecimalFormatter>,
    duration: DurationFormatter,
    /// The same, showing a zero duration's seconds (`0s`), which CLDR's style would leave out.
    zero_duration: DurationFormatter,
    date: DateTimeFormatter<YMD>,
    date_time: DateTimeFormatter<YMDT>,
    /// How the language writes 1234.5: its decimal separator and its grouping one.
    decimal_sign: char,
    group_sign: char,
    money: RefCell<HashMap<&'static str, Rc<CurrencyFormatter<DecimalFormatter>>>>,
}

thread_local! {
    static FORMATS: RefCell<HashMap<Language, Rc<Formats>>> = RefCell::new(HashMap::new());
}

fn locale_of(language: Language) -> Locale {
    Locale::try_from_str(language.tag()).unwrap_or(locale!("en"))
}

/// The reader's formatters.
fn formats() -> Rc<Formats> {
    let language = current();
    FORMATS.with(|all| {
        all.borrow_mut()
            .entry(language)
            .or_insert_with(|| Rc::new(Formats::new(language)))
            .clone()
    })
}

impl Formats {
    fn new(language: Language) -> Formats {
        let locale = locale_of(language);
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default())
            .expect("CLDR's numbers for every language Leadline speaks");
        let percent = PercentFormatter::try_new((&locale).into(), Default::default())
            .expect("CLDR's percentages");
        let mut options = DurationFormatterOptions::default();
        options.base = BaseStyle::Narrow;
        let duration = DurationFormatter::try_new(
            (&locale).into(),
            ValidatedDurationFormatterOptions::validate(options).expect("valid options"),
        )
        .expect("CLDR's durations");
        options.second_visibility = Some(FieldDisplay::Always);
        let zero_duration = DurationFormatter::try_new(
            (&locale).into(),
            ValidatedDurationFormatterOptions::validate(options).expect("valid options"),
        )
        .expect("CLDR's durations");
        let date =
            DateTimeFormatter::try_new((&locale).into(), YMD::medium()).expect("CLDR's dates");
        let date_time = DateTimeFormatter::try_new(
            (&locale).into(),
            YMDT::medium().with_time_precision(TimePrecision::Minute),
        )
        .expect("CLDR's dates and times");
        let mut sample = Decimal::from(12_345_i64);
        sample.multiply_pow10(-1);
        let written = decimal.format(&sample).to_string();
        let mut signs = written.chars().filter(|c| !c.is_ascii_digit());
        let group_sign = signs.next().unwrap_or(',');
        let decimal_sign = signs.next().unwrap_or('.');
        Formats {
            decimal,
            percent,
            duration,
            zero_duration,
            date,
            date_time,
            decimal_sign,
            group_sign,
            money: RefCell::new(HashMap::new()),
        }
    }

    fn money(&self, currency: Currency) -> Rc<CurrencyFormatter<DecimalFormatter>> {
        self.money
            .borrow_mut()
            .entry(currency.code())
            .or_insert_with(|| {
                let code = CurrencyType::try_from_str(currency.code()).expect("an ISO 4217 code");
                Rc::new(
                    CurrencyFormatter::try_new_symbol(
                        (&locale_of(current())).into(),
                        code,
                        Default::default(),
                    )
                    .expect("CLDR's currencies"),
                )
            })
            .clone()
    }
}

/// `minor` units of `currency` as major units.
fn major(minor: i64, currency: Currency) -> Decimal {
    let mut value = Decimal::from(minor);
    value.multiply_pow10(-i16::from(currency.digits()));
    value
}

/// Minor units as the reader's language writes money: `$1,234.56`, `Rp 15.000.000`,
/// `15 000,50 ₽`, `¥1,234.50`, with the digits CLDR writes the currency with (none for
/// rupiah and yen: rounded to whole units).
pub fn money(minor: i64, currency: Currency) -> String {
    let value = major(minor, currency);
    let formatter = formats().money(currency);
    let written = formatter.format_fixed_decimal(&value).to_string();
    written
}

/// Minor units as an amount field holds them: the reader's separators, every digit of
/// the minor unit, no symbol (`20.000,00` in Indonesian).
pub fn amount_input(minor: i64, currency: Currency) -> String {
    let mut value = major(minor, currency);
    value.pad_end(-i16::from(currency.digits()));
    formats().decimal.format(&value).to_string()
}

/// What a figure reads when there is nothing to compute it from: "no data".
pub fn no_data() -> String {
    t("format-no-data")
}

/// Money that may be "no data".
pub fn money_or_none(minor: Option<i64>, currency: Currency) -> String {
    minor.map_or_else(no_data, |m| money(m, currency))
}

/// A count with the reader's grouping: `1,234,567`, `1.234.567`, `1 234 567`.
pub fn count(n: i64) -> String {
    formats().decimal.format(&Decimal::from(n)).to_string()
}

/// A number as the reader's language writes it: `1,234,567.5`, `1.234.567,5`,
/// `1 234 567,5`.
pub fn number(x: f64) -> String {
    match x.to_string().parse::<Decimal>() {
        Ok(value) => formats().decimal.format(&value).to_string(),
        Err(_) => x.to_string(),
    }
}

/// A rate in [0, 1] as a percentage, or "no data".
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(no_data, |r| percentage(r * 100.0))
}

/// `percent` points (12.5 for 12.5%) with one decimal, as the reader's language writes
/// them: `12.5%`, `12,5%`, `12,5 %`.
fn percentage(percent: f64) -> String {
    let mut value = Decimal::from((percent * 10.0).round() as i64);
    value.multiply_pow10(-1);
    value.pad_end(-1);
    formats().percent.format(&value).to_string()
}

/// The change from `previous` to `current`, relative, as "+12.5%"; "—" when there is nothing to compare.
pub fn change(current: Option<f64>, previous: Option<f64>) -> String {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 => {
            let delta = (c - p) / p.abs() * 100.0;
            if delta.abs() < 0.05 {
                format!("±{}", percentage(0.0))
            } else {
                let sign = if delta > 0.0 { "+" } else { "−" };
                format!("{sign}{}", percentage(delta.abs()))
            }
        }
        (Some(c), Some(_)) if c != 0.0 => t("format-change-new"),
        _ => "—".to_owned(),
    }
}

/// The change of a rate from `previous` to `current` in percentage points, as "+3.4 pp":
/// a rate's change read as a percent of a percent (12.6% to -27.1% as "-314.8%") says
/// nothing. "—" when there is nothing to compare.
pub fn points_change(current: Option<f64>, previous: Option<f64>) -> String {
    let (Some(c), Some(p)) = (current, previous) else {
        return "—".to_owned();
    };
    let tenths = ((c - p) * 1000.0).round() as i64;
    let mut points = Decimal::from(tenths.abs());
    points.multiply_pow10(-1);
    points.pad_end(-1);
    let sign = match tenths.signum() {
        1 => "+",
        -1 => "−",
        _ => "±",
    };
    t_args(
        "format-change-points",
        &[
            ("sign", Arg::from(sign)),
            (
                "points",
                Arg::from(formats().decimal.format(&points).to_string()),
            ),
        ],
    )
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

/// Seconds as the reader's language writes a short duration: `2h 4m`, `2 ч 4 мин`,
/// `2小时4分钟`: days and hours from a day on (a lead's time between stages), hours and
/// minutes from an hour on, minutes and seconds below.
pub fn duration(seconds: i64) -> String {
    let seconds = seconds.unsigned_abs();
    if seconds == 0 {
        return formats()
            .zero_duration
            .format(&Duration::default())
            .to_string();
    }
    if seconds >= 86_400 {
        let duration = Duration {
            days: seconds / 86_400,
            hours: (seconds % 86_400) / 3600,
            ..Default::default()
        };
        return formats().duration.format(&duration).to_string();
    }
    let (hours, minutes, seconds) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    let duration = match (hours, minutes) {
        (0, 0) => Duration {
            seconds,
            ..Default::default()
        },
        (0, _) => Duration {
            minutes,
            seconds,
            ..Default::default()
        },
        _ => Duration {
            hours,
            minutes,
            ..Default::default()
        },
    };
    formats().duration.format(&duration).to_string()
}

/// A day as the reader's language writes it: `Nov 1, 2026`, `1 нояб. 2026 г.`,
/// `2026年11月1日`.
pub fn day(date: NaiveDate) -> String {
    let (Ok(month), Ok(day)) = (u8::try_from(date.month()), u8::try_from(date.day())) else {
        return date.to_string();
    };
    match Date::try_new_iso(date.year(), month, day) {
        Ok(iso) => formats().date.format(&iso).to_string(),
        Err(_) => date.to_string(),
    }
}

/// An amount typed as the reader's language writes it, in minor units of `currency`:
/// `Rp 15.000.000` or `15.000.000,50` in Indonesian, `15 000,50 ₽` (or `15000.50`) in
/// Russian, `¥1,234.50` in Chinese, `$1,500.5` in English. Blank is `None`. The
/// currency's symbol or code may stand before or after the number; groups are of three.
pub fn parse_amount(
    field: &str,
    text: Option<&str>,
    currency: Currency,
) -> Result<Option<i64>, FieldError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let formats = formats();
    let notation = Notation {
        decimal_sign: formats.decimal_sign,
        group_sign: formats.group_sign,
    };
    money::parse_amount(field, text, currency, notation).map_err(|e| match e {
        AmountError::NotAmount => FieldError::new(field, "queue-error-not-amount")
            .arg("text", text)
            .arg("example", amount_input(150_050, currency)),
        AmountError::OutOfRange(error) => error,
    })
}

/// A time on `zone`'s clock (the reader's), as the pages show it.
pub fn datetime(at: DateTime<Utc>, zone: Zone) -> String {
    local_datetime(zone.local(at))
}

/// A date and time on a clock, as the reader's language writes one: `Dec 4, 2026, 9:00 AM`,
/// `2026年12月4日 09:00`, `4 дек. 2026 г., 09:00`.
pub fn local_datetime(local: NaiveDateTime) -> String {
    let (Ok(month), Ok(day), Ok(hour), Ok(minute)) = (
        u8::try_from(local.month()),
        u8::try_from(local.day()),
        u8::try_from(local.hour()),
        u8::try_from(local.minute()),
    ) else {
        return local.format("%Y-%m-%d %H:%M").to_string();
    };
    let date = Date::try_new_iso(local.year(), month, day);
    let time = Time::try_new(hour, minute, 0, 0);
    match (date, time) {
        (Ok(date), Ok(time)) => formats()
            .date_time
            .format(&icu_datetime::input::DateTime { date, time })
            .to_string(),
        _ => local.format("%Y-%m-%d %H:%M").to_string(),
    }
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

/// A `datetime-local` value, read on `zone`'s clock (the user's), or an empty field.
pub fn parse_local_time(
    field: &str,
    text: Option<&str>,
    zone: Zone,
) -> Result<Option<DateTime<Utc>>, FieldError> {
    zone.read_datetime_local(field, text.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::in_language;

    fn currency(code: &str) -> Currency {
        Currency::parse("currency", code).unwrap()
    }

    /// Spaces as plain spaces: CLDR groups Russian digits with no-break spaces.
    fn plain(text: String) -> String {
        text.replace(['\u{a0}', '\u{202f}'], " ")
    }

    #[test]
    fn money_is_written_and_read_back_as_each_language_writes_it() {
        use Language::{En, Id, Ru, ZhCn};
        let table: [(Language, &str, i64, &str, &[&str]); 6] = [
            (
                Id,
                "IDR",
                1_500_000_000,
                "Rp 15.000.000",
                &[
                    "Rp 15.000.000",
                    "15.000.000",
                    "Rp15.000.000",
                    "15000000",
                    "IDR 15.000.000,00",
                ],
            ),
            (
                Ru,
                "RUB",
                1_500_050,
                "15 000,50 ₽",
                &[
                    "15 000,50 ₽",
                    "15000,50",
                    "15000.50",
                    "15 000,50 руб.",
                    "15\u{a0}000,5",
                ],
            ),
            (
                ZhCn,
                "CNY",
                123_450,
                "¥1,234.50",
                &["¥1,234.50", "1234.5", "1,234.50元", "CNY 1234.50"],
            ),
            (
                En,
                "USD",
                150_050,
                "$1,500.50",
                &["$1,500.50", "1500.5", "1,500.50", "USD 1,500.50"],
            ),
            (En, "JPY", 1_500, "¥1,500", &["¥1,500", "1500"]),
            (
                Id,
                "USD",
                150_050,
                "US$1.500,50",
                &["US$1.500,50", "1.500,50", "1500,5"],
            ),
        ];
        for (language, code, minor, shown, typed) in table {
            let currency = currency(code);
            in_language(language, || {
                assert_eq!(plain(money(minor, currency)), shown, "{language} {code}");
                for text in typed {
                    assert_eq!(
                        parse_amount("amount", Some(text), currency),
                        Ok(Some(minor)),
                        "{language} reads {text:?}"
                    );
                }
                // What the page writes, and what an amount field holds, read back the same.
                let written = money(minor, currency);
                assert_eq!(
                    parse_amount("amount", Some(&written), currency),
                    Ok(Some(minor))
                );
                let field = amount_input(minor, currency);
                assert_eq!(
                    parse_amount("amount", Some(&field), currency),
                    Ok(Some(minor))
                );
            });
        }
    }

    #[test]
    fn amounts_that_are_not_amounts_are_refused_naming_the_field() {
        let usd = currency("USD");
        let idr = currency("IDR");
        for (language, currency, text) in [
            (Language::En, usd, "1.234"),
            (Language::En, usd, "-5"),
            (Language::En, usd, "12abc34"),
            (Language::En, usd, "1,50"),
            (Language::En, usd, "99999999999999999999"),
            (Language::Id, idr, "15.00.000"),
            (Language::Id, idr, "1,5,0"),
            (Language::Ru, currency("RUB"), "1 50,00"),
            (Language::ZhCn, currency("CNY"), "¥"),
        ] {
            in_language(language, || {
                let refused = parse_amount("deal_value", Some(text), currency).unwrap_err();
                assert_eq!(refused.field, "deal_value", "{language} {text}");
            });
        }
        assert_eq!(parse_amount("amount", Some("  "), usd), Ok(None));
    }

    #[test]
    fn counts_rates_durations_and_days_in_each_language() {
        let day_of = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (
            language,
            count_shown,
            rate,
            change_shown,
            points_shown,
            long,
            short,
            days,
            date,
            at_nine,
        ) in [
            (
                Language::En,
                "1,234,567",
                "38.0%",
                "+25.0%",
                "+3.4 pp",
                "2h 4m",
                "3m 20s",
                "28d 2h",
                "Nov 1, 2026",
                "Dec 4, 2026, 9:05 AM",
            ),
            (
                Language::Id,
                "1.234.567",
                "38,0%",
                "+25,0%",
                "+3,4 poin",
                "2 j, 4 mnt",
                "3 mnt, 20 dtk",
                "28 hr, 2 j",
                "1 Nov 2026",
                "4 Des 2026, 09.05",
            ),
            (
                Language::ZhCn,
                "1,234,567",
                "38.0%",
                "+25.0%",
                "+3.4个百分点",
                "2小时4分钟",
                "3分钟20秒",
                "28天2小时",
                "2026年11月1日",
                "2026年12月4日 09:05",
            ),
            (
                Language::Ru,
                "1 234 567",
                "38,0 %",
                "+25,0 %",
                "+3,4 п. п.",
                "2 ч 4 мин",
                "3 мин 20 с",
                "28 д. 2 ч",
                "1 нояб. 2026 г.",
                "4 дек. 2026 г., 09:05",
            ),
        ] {
            in_language(language, || {
                assert_eq!(plain(count(1_234_567)), count_shown, "{language}");
                assert_eq!(plain(percent(Some(0.38))), rate, "{language}");
                assert_eq!(
                    plain(change(Some(0.5), Some(0.4))),
                    change_shown,
                    "{language}"
                );
                assert_eq!(
                    plain(points_change(Some(0.160), Some(0.126))),
                    points_shown,
                    "{language}"
                );
                assert_eq!(plain(duration(124 * 60)), long, "{language}");
                assert_eq!(plain(duration(200)), short, "{language}");
                assert_eq!(plain(duration(674 * 3600 + 300)), days, "{language}");
                // A duration of nothing still reads as one, never as an empty cell.
                let zero = plain(duration(0));
                assert!(zero.starts_with('0'), "{language}: {zero:?}");
                assert_eq!(plain(day(day_of(2026, 11, 1))), date, "{language}");
                let nine = day_of(2026, 12, 4).and_hms_opt(9, 5, 0).unwrap();
                assert_eq!(plain(local_datetime(nine)), at_nine, "{language}");
            });
        }
        assert_eq!(percent(None), "no data");
        assert_eq!(change(Some(1.0), None), "—");
        // ROI from 12.6% to -27.1% fell by 39.7 points, not by 314.8%.
        assert_eq!(plain(points_change(Some(-0.271), Some(0.126))), "−39.7 pp");
        assert_eq!(plain(points_change(Some(0.5), Some(0.5))), "±0.0 pp");
        assert_eq!(trend(Some(2.0), Some(1.0), false), "bad");
    }
}
