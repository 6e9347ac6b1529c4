//! Money in integer minor units, and the one rounding rule for derived figures.

use super::FieldError;

/// The largest amount one spend entry or deal may carry, in minor units (a hundred billion
/// in a two-decimal currency): far above any real entry, and low enough that the ledger's
/// and the dashboard's sums stay within 64 bits.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000;

/// An amount of money as entered: not negative, at most [`MAX_AMOUNT`].
pub fn checked_amount(field: &str, amount: i64) -> Result<i64, FieldError> {
    if (0..=MAX_AMOUNT).contains(&amount) {
        Ok(amount)
    } else if amount < 0 {
        Err(FieldError::new(field, "must not be negative"))
    } else {
        Err(FieldError::new(
            field,
            format!("must be at most {MAX_AMOUNT} (minor units)"),
        ))
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
