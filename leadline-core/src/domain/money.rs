//! Money in integer minor units, the currency they are units of, and the one rounding
//! rule for derived figures.

use std::fmt;

use super::FieldError;

/// An ISO 4217 currency, whose minor unit the amounts count: hundredths of a rupiah or a
/// dollar, whole yen. The codes and their minor units come from ISO 4217's list through
/// `iso_currency`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    pub fn parse(field: &str, code: &str) -> Result<Currency, FieldError> {
        iso_currency::Currency::from_code(&code.trim().to_ascii_uppercase())
            .map(Currency)
            .ok_or_else(|| FieldError::new(field, "error-not-currency").arg("text", code.trim()))
    }

    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// Digits of the minor unit: 2 for IDR and USD, 0 for JPY, 3 for KWD.
    pub fn digits(&self) -> u8 {
        self.0
            .exponent()
            .map_or(0, |e| u8::try_from(e).unwrap_or(0))
    }

    /// How many minor units make one major unit.
    pub fn minor_per_major(&self) -> i64 {
        10_i64.pow(u32::from(self.digits()))
    }

    /// `minor` units in major units, as a spreadsheet's number.
    pub fn major(&self, minor: i64) -> f64 {
        minor as f64 / self.minor_per_major() as f64
    }

    /// `minor` units as a plain decimal in major units, every minor digit written and no
    /// grouping: `15050.00`, `-0.05`, `1500` (yen).
    pub fn plain(&self, minor: i64) -> String {
        let digits = usize::from(self.digits());
        let per = self.minor_per_major().unsigned_abs();
        let abs = minor.unsigned_abs();
        let sign = if minor < 0 { "-" } else { "" };
        if digits == 0 {
            format!("{sign}{abs}")
        } else {
            format!("{sign}{}.{:0digits$}", abs / per, abs % per)
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The largest amount one spend entry or deal may carry, in minor units (a hundred billion
/// in a two-decimal currency): far above any real entry, and low enough that the ledger's
/// and the dashboard's sums stay within 64 bits.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000;

/// An amount of money as entered: not negative, at most [`MAX_AMOUNT`].
pub fn checked_amount(field: &str, amount: i64) -> Result<i64, FieldError> {
    if (0..=MAX_AMOUNT).contains(&amount) {
        Ok(amount)
    } else if amount < 0 {
        Err(FieldError::new(field, "error-negative"))
    } else {
        Err(FieldError::new(field, "error-amount-too-large").arg("max", MAX_AMOUNT))
    }
}

/// How an amount is written: the sign before its decimals and the one between its groups
/// of three (spaces, no-break spaces and apostrophes group in every notation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notation {
    pub decimal_sign: char,
    pub group_sign: char,
}

impl Notation {
    /// The notation a lone `text` is written in, for an amount that comes without a
    /// language (a file's cell): of `.` and `,` the last is the decimal sign when both are
    /// there; alone, a sign that repeats, or that is followed by exactly three digits in a
    /// currency of fewer decimals (`15.000`, `1,234`), groups; any other separates decimals.
    pub fn of_text(text: &str, currency: Currency) -> Notation {
        let number = strip_currency(text);
        let (dot, comma) = (number.rfind('.'), number.rfind(','));
        let decimal_sign = match (dot, comma) {
            (Some(d), Some(c)) => {
                if d > c {
                    '.'
                } else {
                    ','
                }
            }
            (Some(at), None) | (None, Some(at)) => {
                let sign = if dot.is_some() { '.' } else { ',' };
                let repeats = number.matches(sign).count() > 1;
                let after = number[at + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .count();
                let groups = repeats || (after == 3 && currency.digits() < 3);
                return Notation {
                    decimal_sign: if groups { other_sign(sign) } else { sign },
                    group_sign: if groups { sign } else { ' ' },
                };
            }
            (None, None) => '.',
        };
        Notation {
            decimal_sign,
            group_sign: other_sign(decimal_sign),
        }
    }
}

fn other_sign(sign: char) -> char {
    if sign == '.' {
        ','
    } else {
        '.'
    }
}

/// Why a typed amount was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not an amount in the notation.
    NotAmount,
    /// An amount, but not one a deal or spend entry may carry (see [`checked_amount`]).
    OutOfRange(FieldError),
}

/// An amount as `notation` writes it, in minor units of `currency`: `Rp 15.000.000`,
/// `15 000,50 ₽`, `¥1,234.50`, `1500.5`. The currency's symbol or code may stand before or
/// after the number; groups are of three; blank is `None`.
pub fn parse_amount(
    field: &str,
    text: &str,
    currency: Currency,
    notation: Notation,
) -> Result<Option<i64>, AmountError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let number = strip_currency(text);
    let space = |c: char| c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\'');
    // Where a notation groups with spaces, a dot can only be the decimal separator.
    let dot_is_decimal = space(notation.group_sign);
    let is_decimal = |c: char| c == notation.decimal_sign || (dot_is_decimal && c == '.');
    let is_group = |c: char| !is_decimal(c) && (c == notation.group_sign || space(c));
    let mut parts = number.splitn(3, is_decimal);
    let (whole, fraction) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if parts.next().is_some() {
        return Err(AmountError::NotAmount);
    }
    let groups: Vec<&str> = whole.split(is_group).collect();
    let in_threes = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits = groups.concat();
    let places = usize::from(currency.digits());
    if digits.is_empty()
        || !in_threes
        || !digits.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > places
    {
        return Err(AmountError::NotAmount);
    }
    let amount: i64 = format!("{digits}{fraction:0<places$}")
        .parse()
        .map_err(|_| AmountError::NotAmount)?;
    checked_amount(field, amount)
        .map(Some)
        .map_err(AmountError::OutOfRange)
}

/// The number in `text`, without a currency's symbol or code before or after it (`Rp`,
/// `IDR`, `₽`, `руб.`, `¥`, `元`, `$`).
fn strip_currency(text: &str) -> &str {
    let marker = |c: char| {
        c.is_alphabetic()
            || c.is_whitespace()
            || matches!(c, '$' | '¥' | '₽' | '€' | '£' | '₹' | '\u{a0}' | '\u{202f}')
    };
    let mut rest = text.trim_start_matches(marker);
    loop {
        let trimmed = rest.trim_end_matches(marker);
        // An abbreviation's dot after a trailing code: "руб.", "р.".
        match trimmed.strip_suffix('.') {
            Some(before) if before.ends_with(char::is_alphabetic) => rest = before,
            _ => return trimmed,
        }
    }
}

string_enum!(
    /// What a spend ledger entry paid for.
    SpendCategory {
        Advertising => "advertising",
        Salaries => "salaries",
        Telephony => "telephony",
        Other => "other",
    }
);

/// `numerator / denominator`, rounded half away from zero; `None` when the
/// denominator is zero ("no data", never 0 or infinity).
pub fn divide_rounded(numerator: i64, denominator: i64) -> Option<i64> {
    if denominator == 0 {
        return None;
    }
    let (n, d) = (i128::from(numerator), i128::from(denominator));
    let quotient = n / d;
    let remainder = n % d;
    let rounded = if 2 * remainder.abs() >= d.abs() {
        quotient + if (n < 0) != (d < 0) { -1 } else { 1 }
    } else {
        quotient
    };
    i64::try_from(rounded).ok()
}

/// `numerator / denominator` as a rate, `None` when the denominator is zero.
pub fn rate(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator != 0).then(|| numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_know_their_minor_unit() {
        let currency = |code: &str| Currency::parse("currency", code).unwrap();
        assert_eq!(currency("idr").code(), "IDR");
        assert_eq!(currency("IDR").digits(), 2);
        assert_eq!(currency("JPY").digits(), 0);
        assert_eq!(currency("KWD").digits(), 3);
        assert_eq!(currency("USD").plain(1_505_000), "15050.00");
        assert_eq!(currency("USD").plain(-5), "-0.05");
        assert_eq!(currency("JPY").plain(1_500), "1500");
        assert_eq!(currency("KWD").plain(1_234_567), "1234.567");
        assert_eq!(currency("IDR").major(1_500_000_000), 15_000_000.0);
        let err = Currency::parse("currency", "RUPIAH").unwrap_err();
        assert_eq!(err.field, "currency");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(divide_rounded(5, 2), Some(3));
        assert_eq!(divide_rounded(-5, 2), Some(-3));
        assert_eq!(divide_rounded(7, 3), Some(2));
        assert_eq!(divide_rounded(-7, 3), Some(-2));
        assert_eq!(divide_rounded(8, 3), Some(3));
        assert_eq!(divide_rounded(1, 2), Some(1));
    }

    #[test]
    fn amounts_are_bounded() {
        assert_eq!(checked_amount("amount", 0), Ok(0));
        assert_eq!(checked_amount("amount", MAX_AMOUNT), Ok(MAX_AMOUNT));
        assert!(checked_amount("amount", -1).is_err());
        assert!(checked_amount("amount", MAX_AMOUNT + 1).is_err());
        assert!(checked_amount("amount", i64::MAX).is_err());
    }

    #[test]
    fn amounts_written_without_a_language_are_read_by_their_signs() {
        let currency = |code: &str| Currency::parse("currency", code).unwrap();
        let (idr, usd, rub) = (currency("IDR"), currency("USD"), currency("RUB"));
        let read = |text: &str, currency: Currency| {
            parse_amount(
                "deal_value",
                text,
                currency,
                Notation::of_text(text, currency),
            )
        };
        assert_eq!(read("Rp 15.000.000", idr), Ok(Some(1_500_000_000)));
        assert_eq!(read("15,000,000", idr), Ok(Some(1_500_000_000)));
        assert_eq!(read("1 234,50", rub), Ok(Some(123_450)));
        assert_eq!(read("1\u{a0}234,50 ₽", rub), Ok(Some(123_450)));
        assert_eq!(read("15.000,50", idr), Ok(Some(1_500_050)));
        assert_eq!(read("$1,500.50", usd), Ok(Some(150_050)));
        assert_eq!(read("1500.5", usd), Ok(Some(150_050)));
        assert_eq!(read("1,5", usd), Ok(Some(150)));
        assert_eq!(read("1,234", usd), Ok(Some(123_400)));
        assert_eq!(read("15000000", idr), Ok(Some(1_500_000_000)));
        assert_eq!(read("  ", usd), Ok(None));
        for bad in ["abc", "1.2.3,4,5", "-5", "1,50,0", "12.345.67", "1.5E+7"] {
            assert_eq!(read(bad, usd), Err(AmountError::NotAmount), "{bad}");
        }
        assert!(matches!(
            read("999999999999999", usd),
            Err(AmountError::OutOfRange(_))
        ));
    }

    #[test]
    fn zero_denominator_is_no_data() {
        assert_eq!(divide_rounded(100, 0), None);
        assert_eq!(rate(1, 0), None);
    }

    #[test]
    fn the_specs_worked_example() {
        // 72,000.00 over 9,900 dials, 495 interested leads and 74 deals.
        assert_eq!(divide_rounded(7_200_000, 9_900), Some(727));
        assert_eq!(divide_rounded(7_200_000, 495), Some(14_545));
        assert_eq!(divide_rounded(7_200_000, 74), Some(97_297));
    }
}
