//! Lead fields that need more than a length check: e-mail addresses and channels (phone
//! numbers are in `phone`).

use super::FieldError;

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
            Err(FieldError::new(field, "error-not-email").arg("text", raw.trim()))
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
