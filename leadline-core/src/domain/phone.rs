//! Phone numbers, and the countries whose numbering plans read the numbers written without
//! `+`. Both follow Google's libphonenumber metadata, through `rlibphonenumber` (a port of
//! the library itself, parser included, with its metadata compiled in).

use std::fmt;
use std::str::FromStr;

use rlibphonenumber::{PhoneNumber, PhoneNumberFormat, Region, PHONE_NUMBER_UTIL};

use super::FieldError;

/// A country (ISO 3166 alpha-2 code) with a numbering plan in libphonenumber.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Country(Region);

impl Country {
    pub fn parse(field: &str, text: &str) -> Result<Country, FieldError> {
        let code = text.trim().to_ascii_uppercase();
        Region::from_str(&code)
            .ok()
            .filter(|region| {
                PHONE_NUMBER_UTIL
                    .get_country_code_for_region(*region)
                    .is_some()
            })
            .map(Country)
            .ok_or_else(|| FieldError::new(field, "error-not-country").arg("text", text.trim()))
    }

    /// The two-letter code, upper case.
    pub fn code(&self) -> String {
        self.0.to_string()
    }

    /// The international calling code: 62 for Indonesia.
    pub fn calling_code(&self) -> i32 {
        PHONE_NUMBER_UTIL
            .get_country_code_for_region(self.0)
            .unwrap_or_default()
    }

    /// Every country with a numbering plan, by code.
    pub fn all() -> Vec<Country> {
        let mut all: Vec<Country> = PHONE_NUMBER_UTIL
            .get_supported_regions()
            .map(Country)
            .collect();
        all.sort_by_key(Country::code);
        all
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl serde::Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Country, D::Error> {
        let text = String::deserialize(d)?;
        Country::parse("default_country", &text).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

impl utoipa::PartialSchema for Country {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "An ISO 3166 alpha-2 country code whose numbering plan reads phone numbers \
                 written without `+`",
            ))
            .examples([serde_json::json!("ID")])
            .into()
    }
}

impl utoipa::ToSchema for Country {}

/// A phone number in E.164 form (`+` and digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalise `raw` to E.164, reading a number without `+` (or an international prefix
    /// such as 00) in `country`'s plan. A number with its country code keeps it, whatever
    /// `country` is.
    pub fn parse(field: &str, raw: &str, country: Country) -> Result<Phone, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new(field, "error-empty"));
        }
        if raw.len() > 40 {
            return Err(FieldError::new(field, "error-phone-too-long"));
        }
        let number = PhoneNumber::parse(raw, Some(country.0))
            .map_err(|_| FieldError::new(field, "error-not-phone").arg("text", raw))?;
        if !number.is_valid() {
            return Err(FieldError::new(field, "error-invalid-phone").arg("text", raw));
        }
        Ok(Phone(
            number.format_as(PhoneNumberFormat::E164).into_owned(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits a lead search for `text` looks for among the stored numbers, when `text`
    /// is a number as people type it (`(202) 555-0143`, `0812-3456-7890`, `+7 912 345`):
    /// a whole number read in `country`'s plan gives its E.164 digits; a part of one its
    /// digits, less an international prefix (`00`) or a trunk prefix (`0`). `None` for text
    /// that is not a number, or holds fewer than five digits.
    pub fn search_digits(text: &str, country: Country) -> Option<String> {
        let text = text.trim();
        let number_like = text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if !number_like || digits.len() < 5 {
            return None;
        }
        if let Ok(phone) = Phone::parse("q", text, country) {
            return Some(phone.0.trim_start_matches('+').to_owned());
        }
        let digits = if text.starts_with('+') {
            digits.as_str()
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest
        } else {
            digits.strip_prefix('0').unwrap_or(&digits)
        };
        Some(digits.to_owned())
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    /// A stored E.164 number grouped for reading as its own country writes it abroad
    /// (`+62 812-3456-7890`); a number the metadata cannot read is shown as stored.
    pub fn international(e164: &str) -> String {
        PhoneNumber::parse(e164, None)
            .map(|n| n.format_as(PhoneNumberFormat::International).into_owned())
            .unwrap_or_else(|_| e164.to_owned())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(code: &str) -> Country {
        Country::parse("default_country", code).unwrap()
    }

    fn e164(raw: &str, default: &str) -> String {
        Phone::parse("phone", raw, country(default))
            .unwrap_or_else(|e| panic!("{raw} in {default}: {e}"))
            .into_inner()
    }

    /// Real-format numbers, as people in each country write them, at home and abroad.
    #[test]
    fn numbers_of_every_country_are_read_to_e164() {
        let table = [
            // China: mobiles of three carriers, a Beijing and a Shanghai landline.
            ("+86 138 0013 8000", "US", "+8613800138000"),
            ("+86 150 1234 5678", "US", "+8615012345678"),
            ("+86 186-1234-5678", "ID", "+8618612345678"),
            ("+86 10 6552 9988", "US", "+861065529988"),
            ("138 0013 8000", "CN", "+8613800138000"),
            ("(010) 6552 9988", "CN", "+861065529988"),
            ("021-6123-4567", "CN", "+862161234567"),
            ("0086 139 1234 5678", "CN", "+8613912345678"),
            // Indonesia: mobiles written locally, a Jakarta landline.
            ("0812-3456-7890", "ID", "+6281234567890"),
            ("+62 812-3456-7890", "US", "+6281234567890"),
            ("0857 1234 5678", "ID", "+6285712345678"),
            ("(021) 2345 6789", "ID", "+622123456789"),
            // Russia: a mobile with the trunk 8, a Moscow landline, a free 800 number.
            ("8 (912) 345-67-89", "RU", "+79123456789"),
            ("+7 495 123-45-67", "US", "+74951234567"),
            ("8 800 555-35-35", "RU", "+78005553535"),
            ("+7 800 555 35 35", "RU", "+78005553535"),
            // India, Brazil, the United States.
            ("098765 43210", "IN", "+919876543210"),
            ("+91 22 2345 6789", "US", "+912223456789"),
            ("(11) 91234-5678", "BR", "+5511912345678"),
            ("+55 21 2345-6789", "US", "+552123456789"),
            ("(202) 555-0143", "US", "+12025550143"),
            ("+1 415-555-2671", "CN", "+14155552671"),
        ];
        for (raw, default, expected) in table {
            assert_eq!(e164(raw, default), expected, "{raw} in {default}");
        }
    }

    #[test]
    fn numbers_are_grouped_for_reading() {
        assert_eq!(Phone::international("+6281234567890"), "+62 812-3456-7890");
        assert_eq!(Phone::international("+8613800138000"), "+86 138 0013 8000");
        assert_eq!(Phone::international("+79123456789"), "+7 912 345-67-89");
        assert_eq!(Phone::international("not a number"), "not a number");
    }

    #[test]
    fn garbage_is_refused_naming_the_field() {
        let err = Phone::parse("phone", "call me maybe", country("US")).unwrap_err();
        assert_eq!(err.field, "phone");
        assert!(Phone::parse("phone", "123", country("US")).is_err());
        assert!(Phone::parse("phone", "", country("US")).is_err());
        assert!(Phone::parse("phone", "+86 138 0013", country("US")).is_err());
    }

    #[test]
    fn countries_are_codes_with_a_numbering_plan() {
        assert_eq!(country(" id ").code(), "ID");
        assert_eq!(country("CN").calling_code(), 86);
        let err = Country::parse("default_country", "XX").unwrap_err();
        assert_eq!(err.field, "default_country");
        assert!(Country::parse("default_country", "Indonesia").is_err());
        assert!(Country::all().len() > 200);
    }

    #[test]
    fn a_number_typed_any_way_searches_for_its_digits() {
        let us = Country::parse("c", "US").unwrap();
        let id = Country::parse("c", "ID").unwrap();
        let ru = Country::parse("c", "RU").unwrap();
        for typed in [
            "(202) 555-0143",
            "202-555-0143",
            "+1 202 555 0143",
            "202.555.0143",
        ] {
            assert_eq!(
                Phone::search_digits(typed, us).as_deref(),
                Some("12025550143"),
                "{typed}"
            );
        }
        assert_eq!(
            Phone::search_digits("0812-3456-7890", id).as_deref(),
            Some("6281234567890")
        );
        assert_eq!(
            Phone::search_digits("8 (912) 345-67-89", ru).as_deref(),
            Some("79123456789")
        );
        // A part of a number: its digits, less the trunk or international prefix.
        assert_eq!(
            Phone::search_digits("0812-3456", id).as_deref(),
            Some("8123456")
        );
        assert_eq!(
            Phone::search_digits("0062 812", id).as_deref(),
            Some("62812")
        );
        assert_eq!(
            Phone::search_digits("+62 812", id).as_deref(),
            Some("62812")
        );
        // Words, and too few digits, are searched as text only.
        assert_eq!(Phone::search_digits("Budi 0812", id), None);
        assert_eq!(Phone::search_digits("555", us), None);
    }
}
