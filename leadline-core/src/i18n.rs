//! The languages Leadline speaks. Every message a user reads is a Project Fluent message
//! in `locales/<language>/*.ftl`, one directory per language, files a translator edits;
//! Fluent picks plural forms by CLDR's rules. English is the reference: a message missing
//! in another language falls back to it (and a test fails).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../locales",
        fallback_language: "en",
        // Messages go into HTML, CSV and plain text alike: no Unicode isolation marks
        // around their arguments.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the pages are translated into.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "id")]
    Id,
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "ru")]
    Ru,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::Id, Language::ZhCn, Language::Ru];

    /// The BCP 47 tag: `<html lang>`, the API and the database say it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Id => "id",
            Language::ZhCn => "zh-CN",
            Language::Ru => "ru",
        }
    }

    /// The language's name for itself, as a language menu lists it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Id => "Bahasa Indonesia",
            Language::ZhCn => "简体中文",
            Language::Ru => "Русский",
        }
    }

    /// The language of one of the tags Leadline speaks (`en`, `id`, `zh-CN`, `ru`), in
    /// any case; `domain::parse_language` refuses others naming the field.
    pub fn from_tag(text: &str) -> Option<Language> {
        let wanted = text.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(wanted))
    }

    /// The stored tag read back; a tag no longer spoken reads as none.
    pub fn from_stored(tag: Option<&str>) -> Option<Language> {
        tag.and_then(Language::from_tag)
    }

    /// The best of Leadline's languages for an `Accept-Language` header, if any fits
    /// (`id-ID` and `in` read as Indonesian, `zh`, `zh-Hans` and `zh-SG` as Simplified
    /// Chinese).
    pub fn negotiate(accept_language: &str) -> Option<Language> {
        let requested = fluent_langneg::accepted_languages::parse(accept_language);
        let available: Vec<LanguageIdentifier> = Language::ALL.iter().map(|l| l.id()).collect();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            None,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        let chosen = chosen.first()?;
        Language::ALL.into_iter().find(|l| &&l.id() == chosen)
    }

    fn id(self) -> LanguageIdentifier {
        self.tag().parse().expect("a valid language tag")
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A message's argument: text, or a number (which plural forms select on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Self {
                Arg::from(*n)
            }
        }
    )*};
}

number_arg!(i16, i32, i64, u16, u32, u64, usize);

/// Message `id` in `language` with its arguments. A message missing in `language` is
/// read in English; one missing in English too is logged and shown as its id.
pub fn message(language: Language, id: &str, args: &[(&str, Arg)]) -> String {
    try_message(language, id, args).unwrap_or_else(|| {
        tracing::warn!(message = id, "no such message");
        id.to_owned()
    })
}

/// Message `id` in `language` (else in English), if there is one.
pub fn try_message(language: Language, id: &str, args: &[(&str, Arg)]) -> Option<String> {
    let fluent_args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            (Cow::Owned((*name).to_owned()), value)
        })
        .collect();
    let args = (!fluent_args.is_empty()).then_some(&fluent_args);
    LOCALES.try_lookup_complete(&language.id(), id, args)
}

/// The ids of the messages in `language`'s files, each with the variables its English
/// or translated text uses, in the order written.
pub fn catalogue(language: Language) -> Vec<(String, Vec<String>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../locales")
        .join(language.tag());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut messages: Vec<(String, Vec<String>)> = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for line in text.lines() {
            let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if starts_message {
                if let Some((id, _)) = line.split_once('=') {
                    messages.push((id.trim_end().to_owned(), Vec::new()));
                }
            }
            if line.starts_with('#') {
                continue;
            }
            if let Some((_, vars)) = messages.last_mut() {
                for (i, _) in line.match_indices('$') {
                    let name: String = line[i + 1..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    if !name.is_empty() && !vars.contains(&name) {
                        vars.push(name);
                    }
                }
            }
        }
    }
    messages
}

/// The ids of the messages in `language`'s files, sorted.
pub fn message_ids(language: Language) -> Vec<String> {
    let mut ids: Vec<String> = catalogue(language).into_iter().map(|(id, _)| id).collect();
    ids.sort();
    ids
}

/// Message `id` formatted in `language` alone, without falling back to English: an
/// error if it is missing there or does not format with `args`.
pub fn strict_message(
    language: Language,
    id: &str,
    args: &[(&str, Arg)],
) -> Result<String, String> {
    let fluent_args: HashMap<String, FluentValue> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            ((*name).to_owned(), value)
        })
        .collect();
    LOCALES
        .lookup_single_language(&language.id(), id, Some(&fluent_args))
        .map_err(|e| format!("{language} {id}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_languages_are_read_with_their_regions_and_scripts() {
        for (header, expected) in [
            ("id-ID,id;q=0.9,en;q=0.8", Some(Language::Id)),
            ("zh-CN,zh;q=0.9", Some(Language::ZhCn)),
            ("zh", Some(Language::ZhCn)),
            ("zh-Hans-SG", Some(Language::ZhCn)),
            ("ru-RU,ru;q=0.9,en-US;q=0.8", Some(Language::Ru)),
            ("en-GB", Some(Language::En)),
            ("de-DE,fr;q=0.5", None),
            ("", None),
            ("fr;q=0.9, ru;q=0.5", Some(Language::Ru)),
        ] {
            assert_eq!(Language::negotiate(header), expected, "{header}");
        }
    }

    #[test]
    fn a_language_is_read_from_its_tag_in_any_case_and_others_are_none() {
        assert_eq!(Language::from_tag("zh-cn"), Some(Language::ZhCn));
        assert_eq!(Language::from_tag(" RU "), Some(Language::Ru));
        assert_eq!(Language::from_tag("de"), None);
        let err = crate::domain::parse_language("language", "de").unwrap_err();
        assert_eq!(err.field, "language");
    }

    #[test]
    fn every_language_has_every_english_message_and_no_other() {
        let english = message_ids(Language::En);
        assert!(english.len() > 100, "{} English messages", english.len());
        for language in Language::ALL {
            let ids = message_ids(language);
            let missing: Vec<_> = english.iter().filter(|id| !ids.contains(id)).collect();
            let extra: Vec<_> = ids.iter().filter(|id| !english.contains(id)).collect();
            assert!(missing.is_empty(), "{language} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{language} has messages English lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn every_message_in_every_language_formats_with_its_english_arguments() {
        for (id, vars) in catalogue(Language::En) {
            for language in Language::ALL {
                for n in [1, 2, 5, 21] {
                    let args: Vec<(&str, Arg)> =
                        vars.iter().map(|v| (v.as_str(), Arg::Number(n))).collect();
                    let text = strict_message(language, &id, &args);
                    assert!(
                        text.as_ref().is_ok_and(|t| !t.trim().is_empty()),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_translation_uses_no_variable_its_english_message_lacks() {
        let english: HashMap<String, Vec<String>> = catalogue(Language::En).into_iter().collect();
        for language in Language::ALL {
            for (id, vars) in catalogue(language) {
                let known = english.get(&id).cloned().unwrap_or_default();
                let unknown: Vec<_> = vars.iter().filter(|v| !known.contains(v)).collect();
                assert!(unknown.is_empty(), "{language} {id} uses {unknown:?}");
            }
        }
    }

    #[test]
    fn plural_forms_follow_each_languages_rules() {
        // Russian has one, few and many: 1 звонок, 3 звонка, 5 звонков.
        let one = message(Language::Ru, "calls-count", &[("count", Arg::Number(1))]);
        let few = message(Language::Ru, "calls-count", &[("count", Arg::Number(3))]);
        let many = message(Language::Ru, "calls-count", &[("count", Arg::Number(5))]);
        assert!(
            one != few && few != many && one != many,
            "{one} / {few} / {many}"
        );
        let en_one = message(Language::En, "calls-count", &[("count", Arg::Number(1))]);
        let en_many = message(Language::En, "calls-count", &[("count", Arg::Number(5))]);
        assert_eq!((en_one.as_str(), en_many.as_str()), ("1 call", "5 calls"));
    }
}
