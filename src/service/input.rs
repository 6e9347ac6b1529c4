//! Checked pieces of input both surfaces read: tags, amounts, and PATCH's three states.

use serde::{Deserialize, Deserializer};

use crate::domain::FieldError;

/// For PATCH bodies: absent leaves a field alone, `null` clears it, a value sets it.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// The most tags a lead carries.
const MAX_TAGS: usize = 50;

/// Tag names: trimmed, 1-60 characters each, at most 50, duplicates dropped.
pub fn tag_names(field: &str, tags: Option<Vec<String>>) -> Result<Vec<String>, FieldError> {
    let tags = tags.unwrap_or_default();
    if tags.len() > MAX_TAGS {
        return Err(FieldError::new(field, "error-too-many-tags").arg("max", MAX_TAGS));
    }
    let mut names: Vec<String> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let name = crate::domain::required_text(&format!("{field}[{i}]"), tag, 60)?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(names)
}

/// Money in minor units: not negative, and no more than the ledger can add up.
pub fn money_amount(field: &str, amount: Option<i64>) -> Result<Option<i64>, FieldError> {
    amount
        .map(|a| crate::domain::money::checked_amount(field, a))
        .transpose()
}
