//! Custom fields: what a company records about a lead beyond Leadline's own fields (a
//! campaign's UTM tags, a budget, a city, the product asked about), defined by an admin.
//! A lead holds its values as one JSON object by the fields' keys: text and one-of-a-list
//! as strings, numbers as JSON numbers, dates as `YYYY-MM-DD`.

use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::{optional_text, required_text, Checks, FieldError, FieldErrors};

string_enum!(
    /// What a custom field holds.
    FieldKind {
        Text => "text",
        Number => "number",
        Date => "date",
        Choice => "choice",
    }
);

/// The most custom fields a company may define.
pub const MAX_FIELDS: usize = 100;
/// The most choices a one-of-a-list field offers.
pub const MAX_CHOICES: usize = 100;
/// The longest text value, in characters.
pub const MAX_TEXT: usize = 500;
/// The largest number a number field holds, either way: well inside what a JSON reader
/// keeps exactly.
pub const MAX_NUMBER: f64 = 1e15;
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A custom field as the admin defined it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct CustomField {
    pub id: Uuid,
    /// How the API, the import and the web form name it: 1 to 40 lowercase letters, digits
    /// or `_`, starting with a letter. It never changes.
    pub key: String,
    /// How the pages name it.
    pub label: String,
    pub kind: FieldKind,
    /// The values a `choice` field offers, in order; empty for the other kinds.
    pub choices: Vec<String>,
    /// Where it is shown among the others, ascending.
    pub position: i32,
    /// An inactive field is no longer filled in; the values leads hold stay.
    pub active: bool,
}

/// A field's key, checked: 1 to 40 lowercase ASCII letters, digits or `_`, starting with
/// a letter.
pub fn parse_key(field: &str, text: &str) -> Result<String, FieldError> {
    let key = text.trim();
    let mut chars = key.chars();
    let good = matches!(chars.next(), Some('a'..='z'))
        && key.len() <= 40
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'));
    if good {
        Ok(key.to_owned())
    } else {
        Err(FieldError::new(field, "error-custom-key").arg("text", key.to_owned()))
    }
}

/// A key made from a label, for an admin who gives none: `Kota asal` → `kota_asal`.
pub fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for c in label.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_matches('_');
    let key = key.trim_start_matches(|c: char| c.is_ascii_digit() || c == '_');
    let key: String = key.chars().take(40).collect();
    let key = key.trim_end_matches('_');
    if key.is_empty() {
        "field".to_owned()
    } else {
        key.to_owned()
    }
}

/// A field's label and choices, checked; the choices trimmed, blank ones dropped, each
/// once (whatever its case), and none for a kind other than `choice`.
pub fn check_definition(
    label: &str,
    kind: FieldKind,
    choices: &[String],
) -> Result<(String, Vec<String>), FieldErrors> {
    let mut checks = Checks::default();
    let label = checks.take(required_text("label", label, 100));
    let mut kept: Vec<String> = Vec::new();
    for (i, choice) in choices.iter().enumerate() {
        let field = format!("choices[{i}]");
        if let Some(choice) = checks.take(optional_text(&field, Some(choice.as_str()), 100)) {
            if !kept
                .iter()
                .any(|k| k.to_lowercase() == choice.to_lowercase())
            {
                kept.push(choice);
            }
        }
    }
    match kind {
        FieldKind::Choice if kept.is_empty() => {
            checks.add(FieldError::new("choices", "error-custom-choices-empty"));
        }
        FieldKind::Choice if kept.len() > MAX_CHOICES => {
            checks.add(FieldError::new("choices", "error-too-many-items").arg("max", MAX_CHOICES));
        }
        FieldKind::Choice => {}
        _ => kept.clear(),
    }
    checks.finish((label, kept))
}

/// A change to `field`'s label and choices (`None`: left as they are), checked as a new
/// field's are: the key and the kind never change, so only a `choice` field takes
/// choices.
pub fn check_change(
    field: &CustomField,
    label: Option<&str>,
    choices: Option<&[String]>,
) -> Result<(Option<String>, Option<Vec<String>>), FieldErrors> {
    if choices.is_some() && field.kind != FieldKind::Choice {
        return Err(FieldError::new("choices", "error-custom-no-choices").into());
    }
    let (checked_label, checked_choices) = check_definition(
        label.unwrap_or(&field.label),
        field.kind,
        choices.unwrap_or(&field.choices),
    )?;
    Ok((
        label.map(|_| checked_label),
        choices.map(|_| checked_choices),
    ))
}

impl CustomField {
    /// How a value of it is named in errors: `custom.<key>`.
    pub fn field_name(&self) -> String {
        format!("custom.{}", self.key)
    }

    /// A value as an API's JSON gives it: a string for text, a date (`YYYY-MM-DD`) and a
    /// choice, a number (or text that reads as one) for a number. `Null` clears it, and so
    /// does blank text.
    pub fn read_json(&self, value: &Value) -> Result<Value, FieldError> {
        match (self.kind, value) {
            (_, Value::Null) => Ok(Value::Null),
            (FieldKind::Number, Value::Number(n)) => {
                let name = self.field_name();
                n.as_f64()
                    .ok_or_else(|| not_number(&name, &n.to_string()))
                    .and_then(|x| number(&name, x, &n.to_string()))
            }
            (_, Value::String(text)) => self.read_text(text),
            (FieldKind::Text, _) => {
                Err(FieldError::new(self.field_name(), "error-custom-not-text"))
            }
            (FieldKind::Number, other) => Err(not_number(&self.field_name(), &other.to_string())),
            (FieldKind::Date, other) => Err(not_date(&self.field_name(), &other.to_string())),
            (FieldKind::Choice, other) => Err(self.not_choice(&other.to_string())),
        }
    }

    /// A value as a person types it (a page's form, an import's cell, a web form): numbers
    /// with `.` or `,` as the decimal mark and spaces, or a mark used more than once, as
    /// grouping (`1 500 000`, `1.500.000`, `12,5`); dates as `2026-12-31`, `2026/12/31`,
    /// `31.12.2026`, `31/12/2026` or `31-12-2026` (day first); a choice in any case. Blank
    /// text is `Null`: no value.
    pub fn read_text(&self, text: &str) -> Result<Value, FieldError> {
        let name = self.field_name();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(Value::Null);
        }
        match self.kind {
            FieldKind::Text => {
                Ok(optional_text(&name, Some(text), MAX_TEXT)?.map_or(Value::Null, Value::String))
            }
            FieldKind::Number => {
                let x = read_number(trimmed).ok_or_else(|| not_number(&name, trimmed))?;
                number(&name, x, trimmed)
            }
            FieldKind::Date => {
                let date = read_date(trimmed).ok_or_else(|| not_date(&name, trimmed))?;
                if !YEARS.contains(&date.year()) {
                    return Err(FieldError::new(name, "error-out-of-range")
                        .arg("min", YEARS.start().to_string())
                        .arg("max", YEARS.end().to_string()));
                }
                Ok(Value::String(date.format("%Y-%m-%d").to_string()))
            }
            FieldKind::Choice => self
                .choices
                .iter()
                .find(|c| c.to_lowercase() == trimmed.to_lowercase())
                .map(|c| Value::String(c.clone()))
                .ok_or_else(|| self.not_choice(trimmed)),
        }
    }

    fn not_choice(&self, text: &str) -> FieldError {
        FieldError::new(self.field_name(), "error-not-one-of")
            .arg("text", text.to_owned())
            .arg("known", self.choices.join(", "))
    }
}

/// The values `given` (by key) checked against the company's `fields`: each must be an
/// active field's, and read as its kind says. `Null` stays `Null` (a change clears the
/// field with it). Every bad value is named as `custom.<key>`.
pub fn check_values(
    fields: &[CustomField],
    given: &Map<String, Value>,
) -> Result<Map<String, Value>, FieldErrors> {
    let mut checks = Checks::default();
    let mut values = Map::new();
    for (key, value) in given {
        let name = format!("custom.{key}");
        match fields.iter().find(|f| f.key == *key) {
            None => checks.add(FieldError::new(name, "error-custom-unknown")),
            Some(field) if !field.active && !value.is_null() => {
                checks.add(FieldError::new(name, "error-custom-inactive"));
            }
            Some(field) => {
                if let Some(value) = checks.take(field.read_json(value).map(Some)) {
                    values.insert(key.clone(), value);
                }
            }
        }
    }
    checks.finish(values)
}

/// The values to store for a new lead: those that are not `Null`.
pub fn without_nulls(values: Map<String, Value>) -> Map<String, Value> {
    values.into_iter().filter(|(_, v)| !v.is_null()).collect()
}

fn not_number(field: &str, text: &str) -> FieldError {
    FieldError::new(field, "error-custom-not-number").arg("text", text.to_owned())
}

fn not_date(field: &str, text: &str) -> FieldError {
    FieldError::new(field, "error-custom-not-date").arg("text", text.to_owned())
}

/// `x` as a stored number: a whole one as a JSON integer, else as a decimal.
fn number(field: &str, x: f64, text: &str) -> Result<Value, FieldError> {
    if !x.is_finite() {
        return Err(not_number(field, text));
    }
    if x.abs() > MAX_NUMBER {
        return Err(FieldError::new(field, "error-out-of-range")
            .arg("min", "-1000000000000000")
            .arg("max", "1000000000000000"));
    }
    if x.fract() == 0.0 {
        // Exact: |x| ≤ 1e15 < 2^53.
        #[allow(clippy::cast_possible_truncation)]
        return Ok(Value::from(x as i64));
    }
    Ok(serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
}

/// A number as people write it; `None` when it is not one.
fn read_number(text: &str) -> Option<f64> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '\u{2019}')
        .collect();
    let (sign, digits) = match compact.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, compact.strip_prefix('+').unwrap_or(&compact)),
    };
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let plain = match (dots, commas) {
        (0, 0) => digits.to_owned(),
        // One mark of one kind: the decimal mark.
        (1, 0) => digits.to_owned(),
        (0, 1) => digits.replace(',', "."),
        // Both: the last one is the decimal mark, the other groups.
        (_, _) if dots > 0 && commas > 0 => {
            let last_dot = digits.rfind('.')?;
            let last_comma = digits.rfind(',')?;
            if last_dot > last_comma {
                if dots > 1 {
                    return None;
                }
                digits.replace(',', "")
            } else {
                if commas > 1 {
                    return None;
                }
                digits.replace('.', "").replace(',', ".")
            }
        }
        // One kind, more than once: grouping.
        (_, 0) => digits.replace('.', ""),
        (0, _) => digits.replace(',', ""),
        _ => return None,
    };
    if plain.is_empty() || !plain.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    plain.parse::<f64>().ok().map(|x| sign * x)
}

/// A date as people write it, year first or day first.
fn read_date(text: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn field(kind: FieldKind) -> CustomField {
        CustomField {
            id: Uuid::nil(),
            key: "budget".into(),
            label: "Budget".into(),
            kind,
            choices: if kind == FieldKind::Choice {
                vec!["Retail".into(), "Grosir".into()]
            } else {
                Vec::new()
            },
            position: 0,
            active: true,
        }
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        let number = field(FieldKind::Number);
        for (text, expected) in [
            ("1500000", json!(1_500_000)),
            ("1 500 000", json!(1_500_000)),
            ("1.500.000", json!(1_500_000)),
            ("1,500,000", json!(1_500_000)),
            ("1.500.000,50", json!(1_500_000.5)),
            ("1,500,000.50", json!(1_500_000.5)),
            ("12,5", json!(12.5)),
            ("-3", json!(-3)),
        ] {
            assert_eq!(number.read_text(text).unwrap(), expected, "{text}");
        }
        for bad in ["abc", "1.2.3,4,5", "12e3", "1,2.3.4"] {
            let error = number.read_text(bad).unwrap_err();
            assert_eq!(error.field, "custom.budget", "{bad}");
        }
        assert_eq!(number.read_json(&json!(2.5)).unwrap(), json!(2.5));
        assert_eq!(number.read_json(&json!("7 000")).unwrap(), json!(7000));
        assert!(number.read_json(&json!(1e16)).is_err());
        assert!(number.read_json(&json!(true)).is_err());
    }

    #[test]
    fn dates_are_year_first_or_day_first_and_stored_iso() {
        let date = field(FieldKind::Date);
        for text in [
            "2026-12-31",
            "2026/12/31",
            "31.12.2026",
            "31/12/2026",
            "31-12-2026",
        ] {
            assert_eq!(date.read_text(text).unwrap(), json!("2026-12-31"), "{text}");
        }
        assert!(
            date.read_text("12/31/2026").is_err(),
            "month first is not read"
        );
        assert!(date.read_text("1800-01-01").is_err());
    }

    #[test]
    fn a_choice_is_one_of_the_list_in_any_case() {
        let choice = field(FieldKind::Choice);
        assert_eq!(choice.read_text("grosir").unwrap(), json!("Grosir"));
        let error = choice.read_text("Ecer").unwrap_err();
        assert_eq!(error.id, "error-not-one-of");
    }

    #[test]
    fn values_name_every_bad_key() {
        let mut inactive = field(FieldKind::Text);
        inactive.key = "old".into();
        inactive.active = false;
        let fields = [field(FieldKind::Number), inactive];
        let given = json!({"budget": "abc", "nope": 1, "old": "x"});
        let errors = check_values(&fields, given.as_object().unwrap()).unwrap_err();
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(named, ["custom.budget", "custom.nope", "custom.old"]);
        let cleared = json!({"budget": null, "old": null});
        let values = check_values(&fields, cleared.as_object().unwrap()).unwrap();
        assert_eq!(Value::Object(values), cleared);
    }

    #[test]
    fn keys_are_checked_and_made_from_labels() {
        assert_eq!(parse_key("key", " utm_source ").unwrap(), "utm_source");
        for bad in ["", "1abc", "UTM", "utm-source", &"a".repeat(41)] {
            assert!(parse_key("key", bad).is_err(), "{bad}");
        }
        assert_eq!(key_from_label("Kota asal"), "kota_asal");
        assert_eq!(key_from_label("UTM Source (Google)"), "utm_source_google");
        assert_eq!(key_from_label("2nd phone"), "nd_phone");
        assert_eq!(key_from_label("城市"), "field");
    }
}
