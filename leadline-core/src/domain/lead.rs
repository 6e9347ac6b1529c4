//! Lead fields that need more than a length check: phone numbers and e-mail addresses.

use std::fmt;
use std::str::FromStr;

use super::FieldError;

/// A phone number in E.164 form (`+` and digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalise `raw` to E.164, reading numbers without `+` in `default_country`'s plan.
    pub fn parse(field: &str, raw: &str, default_country: &str) -> Result<Phone, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new(field, "must not be empty"));
        }
        if raw.len() > 40 {
            return Err(FieldError::new(field, "is too long for a phone number"));
        }
        let country =
            phonenumber::country::Id::from_str(&default_country.to_ascii_uppercase()).ok();
        let number = phonenumber::parse(country, raw)
            .map_err(|_| FieldError::new(field, format!("`{raw}` is not a phone number")))?;
        if !phonenumber::is_valid(&number) {
            return Err(FieldError::new(
                field,
                format!("`{raw}` is not a valid phone number"),
            ));
        }
        Ok(Phone(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A syntactically plausible e-mail address, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Email, FieldError> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            })
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if valid {
            Ok(Email(email))
        } else {
            Err(FieldError::new(
                field,
                format!("`{}` is not an e-mail address", raw.trim()),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A channel (lead source) name: trimmed, lower-case, at most 60 characters.
pub fn channel(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = super::required_text(field, raw, 60)?.to_lowercase();
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_take_the_default_country() {
        assert_eq!(
            Phone::parse("phone", "(202) 555-0143", "US")
                .unwrap()
                .as_str(),
            "+12025550143"
        );
        assert_eq!(
            Phone::parse("phone", "0812-3456-7890", "ID")
                .unwrap()
                .as_str(),
            "+6281234567890"
        );
    }

    #[test]
    fn international_numbers_keep_their_country() {
        assert_eq!(
            Phone::parse("phone", "+44 20 7946 0958", "US")
                .unwrap()
                .as_str(),
            "+442079460958"
        );
    }

    #[test]
    fn garbage_is_refused_naming_the_field() {
        let err = Phone::parse("phone", "call me maybe", "US").unwrap_err();
        assert_eq!(err.field, "phone");
        assert!(Phone::parse("phone", "123", "US").is_err());
        assert!(Phone::parse("phone", "", "US").is_err());
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            Email::parse("email", " Ana@Example.COM ").unwrap().as_str(),
            "ana@example.com"
        );
        for bad in [
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "ana@.com",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn channels_are_normalised() {
        assert_eq!(channel("source", "  Google Ads ").unwrap(), "google ads");
        assert!(channel("source", " ").is_err());
    }
}
