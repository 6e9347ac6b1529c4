//! Pure types and rules: no database, no HTTP.

use std::borrow::Cow;

use crate::i18n::{Arg, Language};

/// A closed set of names, (de)serialised as snake_case strings.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod calendar;
pub mod call;
pub mod custom;
pub mod farming;
pub mod forecast;
pub mod lead;
pub mod metrics;
pub mod money;
pub mod notice;
pub mod phone;
pub mod stage;
pub mod token;
pub mod touch;
pub mod user;
pub mod webhook;
pub mod when;
pub mod zone;

/// Bad input, naming the field it came from. What is wrong is a Fluent message (`id` in
/// `locales/*/errors.ftl`, with `args`): the API says it in English, the pages in the
/// reader's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {}", self.message())]
pub struct FieldError {
    pub field: String,
    pub id: Cow<'static, str>,
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

impl FieldError {
    /// Field `field` is wrong as message `id` says.
    pub fn new(field: impl Into<String>, id: impl Into<Cow<'static, str>>) -> Self {
        Self {
            field: field.into(),
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// The message's variable `name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// What a library said about the field, shown as it is in every language.
    pub fn text(field: impl Into<String>, text: impl Into<String>) -> Self {
        Self::new(field, "error-text").arg("text", text.into())
    }

    /// The same error under another field's name (an item of a batch).
    pub fn renamed(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// What is wrong, in English (as the API says it).
    pub fn message(&self) -> String {
        self.message_in(Language::En)
    }

    /// What is wrong, in `language`.
    pub fn message_in(&self, language: Language) -> String {
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(name, value)| (name.as_ref(), value.clone()))
            .collect();
        crate::i18n::message(language, &self.id, &args)
    }
}

/// Every bad field of one input, in the order they were checked; never empty. A client
/// that sent three bad fields learns of all three in one answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// The first field at fault: the one a form puts its message beside.
    pub fn first(&self) -> &FieldError {
        &self.0[0]
    }

    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }

    /// The same errors with each field's name passed through `rename` (the items of a batch).
    pub fn renamed(self, rename: impl Fn(&str) -> String) -> Self {
        Self(
            self.0
                .into_iter()
                .map(|e| {
                    let field = rename(&e.field);
                    e.renamed(field)
                })
                .collect(),
        )
    }

    /// These errors followed by `more`'s, each field named once.
    pub fn and(mut self, more: FieldErrors) -> Self {
        for error in more.0 {
            if !self.0.iter().any(|e| e.field == error.field) {
                self.0.push(error);
            }
        }
        self
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> Self {
        Self(vec![error])
    }
}

impl From<FieldErrors> for FieldError {
    fn from(errors: FieldErrors) -> Self {
        errors
            .0
            .into_iter()
            .next()
            .expect("FieldErrors is never empty")
    }
}

impl IntoIterator for FieldErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Checks an input field by field and keeps going past the first bad one:
/// `let name = checks.take(required_text(..))` gives the value, or a default when the
/// field is bad, and `checks.finish(value)` answers every bad field at once.
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    /// `result`'s value, or `T::default()` with its error kept for `finish`.
    pub fn take<T: Default>(&mut self, result: Result<T, FieldError>) -> T {
        result.unwrap_or_else(|error| {
            self.0.push(error);
            T::default()
        })
    }

    /// A bad field found by a check of its own.
    pub fn add(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// The bad fields a check of a part found (an item of a batch, renamed).
    pub fn add_all(&mut self, errors: FieldErrors) {
        self.0.extend(errors.0);
    }

    /// `value` when every field was good, else every error that was found.
    pub fn finish<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(FieldErrors(self.0))
        }
    }
}

/// One of the languages Leadline speaks, by its tag (`en`, `id`, `zh-CN`, `ru`).
pub fn parse_language(field: &str, text: &str) -> Result<Language, FieldError> {
    Language::from_tag(text).ok_or_else(|| {
        FieldError::new(field, "error-unknown-language").arg("text", text.trim().to_owned())
    })
}

/// Yes or no as people write it in the languages Leadline speaks, whatever the case:
/// `yes`/`no`, `true`/`false`, `1`/`0`, `y`/`n`, `ya`/`tidak`, `是`/`否`, `да`/`нет`.
pub fn yes_or_no(field: &str, text: &str) -> Result<bool, FieldError> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "true" | "1" | "y" | "ya" | "是" | "да" => Ok(true),
        "no" | "false" | "0" | "n" | "tidak" | "否" | "нет" => Ok(false),
        _ => Err(FieldError::new(field, "import-error-not-yes-or-no").arg("text", text.trim())),
    }
}

/// A required, trimmed text of at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, "error-empty"));
    }
    optional_text(field, Some(trimmed), max).map(|v| v.unwrap_or_default())
}

/// An optional text of at most `max` characters; blank counts as absent.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let Some(trimmed) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if trimmed.chars().count() > max {
        return Err(FieldError::new(field, "error-too-long").arg("max", max));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(Some(trimmed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_in_every_language() {
        for yes in ["yes", "TRUE", "1", "Y", "ya", "是", "Да"] {
            assert_eq!(yes_or_no("do_not_call", yes), Ok(true), "{yes}");
        }
        for no in ["No", "false", "0", "n", "Tidak", "否", "НЕТ"] {
            assert_eq!(yes_or_no("do_not_call", no), Ok(false), "{no}");
        }
        assert_eq!(
            yes_or_no("do_not_call", "maybe").unwrap_err().field,
            "do_not_call"
        );
    }
}
