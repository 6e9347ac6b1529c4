//! Importing leads from CSV: column mapping, per-row validation with line numbers, and
//! the two modes a user chooses between (import the good rows, or none if any is bad).

use std::collections::{HashMap, HashSet};
use std::io::Read;

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::custom::CustomField;
use crate::domain::money::{self, AmountError, Currency, Notation};
use crate::domain::phone::Country;
use crate::domain::stage::Stage;
use crate::domain::zone::Zone;
use crate::domain::{yes_or_no, FieldError};
use crate::i18n::{try_message, Arg, Language};
use crate::service::leads::{CreateLead, LeadRules};
use crate::storage::{
    custom_fields, imports, leads, settings, teams, users, Actor, Scope, StoreError,
};

/// What a CSV column holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Name,
    Phone,
    Email,
    Company,
    Source,
    /// The owning user, by e-mail.
    Owner,
    /// The entry stage, by code or by its name in any language.
    Stage,
    DealValue,
    DoNotCall,
    NextContact,
    Tags,
    Notes,
    /// Another system's id for the lead (a Close or HubSpot record's id): unique.
    ExternalId,
    Ignore,
    /// A custom field, by its key.
    Custom(String),
}

impl Target {
    pub const ALL: [Target; 14] = [
        Target::Name,
        Target::Phone,
        Target::Email,
        Target::Company,
        Target::Source,
        Target::Owner,
        Target::Stage,
        Target::DealValue,
        Target::DoNotCall,
        Target::NextContact,
        Target::Tags,
        Target::Notes,
        Target::ExternalId,
        Target::Ignore,
    ];

    /// The fixed field's name; `custom` for any custom field (see [`Target::field`]).
    pub fn as_str(&self) -> &'static str {
        match self {
            Target::Name => "name",
            Target::Phone => "phone",
            Target::Email => "email",
            Target::Company => "company",
            Target::Source => "source",
            Target::Owner => "owner",
            Target::Stage => "stage",
            Target::DealValue => "deal_value",
            Target::DoNotCall => "do_not_call",
            Target::NextContact => "next_contact",
            Target::Tags => "tags",
            Target::Notes => "notes",
            Target::ExternalId => "external_id",
            Target::Ignore => "ignore",
            Target::Custom(_) => "custom",
        }
    }

    /// How the mapping form names it: the field's name, or `custom:<key>`.
    pub fn code(&self) -> String {
        match self {
            Target::Custom(key) => format!("custom:{key}"),
            other => other.as_str().to_owned(),
        }
    }

    /// How a bad value of it is named: the field's name, or `custom.<key>`.
    pub fn field(&self) -> String {
        match self {
            Target::Custom(key) => format!("custom.{key}"),
            other => other.as_str().to_owned(),
        }
    }

    /// A target as [`Target::code`] names it.
    pub fn parse(text: &str) -> Option<Target> {
        match text.strip_prefix("custom:") {
            Some(key) => Some(Target::Custom(key.to_owned())),
            None => Self::ALL.into_iter().find(|t| t.as_str() == text),
        }
    }

    /// Several columns may hold it: names are joined with a space, tags united, notes
    /// joined line by line, in column order.
    pub fn repeatable(&self) -> bool {
        matches!(
            self,
            Target::Name | Target::Tags | Target::Notes | Target::Ignore
        )
    }

    /// A bad value of it may be dropped, keeping the row (as the import chose); the name
    /// and the phone number always reject their row.
    pub fn optional(&self) -> bool {
        !matches!(self, Target::Name | Target::Phone | Target::Ignore)
    }

    /// A first guess from the column's header: English, Indonesian, Chinese and Russian
    /// words, and the headers of HubSpot's and Close's exports.
    pub fn guess(header: &str) -> Target {
        let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        let words: Vec<&str> = h
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let word = |list: &[&str]| words.iter().any(|w| list.contains(w));
        let has = |list: &[&str]| list.iter().any(|w| h.contains(w));
        if is_rejected_column(&h) || word(&["error", "errors"]) {
            Target::Ignore
        } else if h == "id"
            || has(&[
                "record id",
                "external id",
                "external_id",
                "lead id",
                "lead_id",
                "contact id",
                "外部id",
                "внешний id",
            ])
        {
            Target::ExternalId
        } else if word(&["dnc"])
            || has(&[
                "do not call",
                "do_not_call",
                "don't call",
                "jangan telepon",
                "jangan ditelepon",
                "jangan hubungi",
                "勿扰",
                "请勿致电",
                "не звонить",
            ])
        {
            Target::DoNotCall
        } else if word(&["rep", "salesperson", "assignee"])
            || has(&[
                "owner",
                "assigned",
                "sales rep",
                "pemilik",
                "负责人",
                "ответственн",
            ])
        {
            Target::Owner
        } else if has(&[
            "next contact",
            "next call",
            "next activity",
            "follow up",
            "follow-up",
            "followup",
            "callback",
            "call back",
            "tindak lanjut",
            "kontak berikutnya",
            "hubungi lagi",
            "下次联系",
            "跟进",
            "回访",
            "следующий контакт",
            "перезвонить",
        ]) {
            Target::NextContact
        } else if has(&["created", "updated", "modified", "dibuat", "创建", "создан"]) {
            Target::Ignore
        } else if has(&["mail", "почта", "邮箱"]) {
            Target::Email
        } else if word(&["tel", "hp", "wa", "cell"])
            || has(&[
                "phone",
                "mobile",
                "number",
                "telep",
                "telp",
                "电话",
                "手机",
                "телефон",
            ])
        {
            Target::Phone
        } else if has(&[
            "company",
            "organi",
            "business",
            "perusahaan",
            "公司",
            "компания",
        ]) {
            Target::Company
        } else if has(&[
            "source",
            "channel",
            "campaign",
            "sumber",
            "渠道",
            "来源",
            "источник",
            "канал",
        ]) {
            Target::Source
        } else if has(&[
            "stage",
            "status",
            "pipeline",
            "tahap",
            "阶段",
            "状态",
            "стадия",
            "этап",
            "статус",
        ]) {
            Target::Stage
        } else if has(&[
            "amount",
            "value",
            "revenue",
            "nilai",
            "金额",
            "成交额",
            "сумма",
            "бюджет",
        ]) {
            Target::DealValue
        } else if has(&["tag", "label", "标签", "тег", "метк"]) {
            Target::Tags
        } else if has(&[
            "note",
            "comment",
            "description",
            "catatan",
            "keterangan",
            "备注",
            "примечан",
            "коммент",
        ]) {
            Target::Notes
        } else if has(&[
            "name",
            "nama",
            "contact",
            "姓名",
            "名",
            "姓",
            "имя",
            "фамилия",
            "фио",
        ]) {
            Target::Name
        } else {
            Target::Ignore
        }
    }

    /// A first guess for each column of a header: a custom field of `fields` whose key or
    /// label the header is (in any case), else as [`Target::guess`]; a field only one
    /// column may hold goes to the first column that looks like it (`Phone Number` and
    /// `Mobile Phone Number`: the first is the phone, the second ignored).
    pub fn guess_all(header: &[String], fields: &[CustomField]) -> Vec<Target> {
        let mut taken = std::collections::HashSet::new();
        header
            .iter()
            .map(|h| {
                let named = h.trim().trim_start_matches('\u{feff}').to_lowercase();
                let custom = fields
                    .iter()
                    .find(|f| f.active && (f.key == named || f.label.to_lowercase() == named));
                match custom {
                    Some(f) => Target::Custom(f.key.clone()),
                    None => Target::guess(h),
                }
            })
            .map(|t| {
                if t.repeatable() || taken.insert(t.clone()) {
                    t
                } else {
                    Target::Ignore
                }
            })
            .collect()
    }
}

/// The header of the error column that the download of an import's bad rows adds, in
/// any language: a file fixed from that download is imported again without it.
fn is_rejected_column(lowercase_header: &str) -> bool {
    Language::ALL.into_iter().any(|language| {
        try_message(language, "import-rejected-column", &[])
            .is_some_and(|h| h.to_lowercase() == lowercase_header)
    })
}

/// What is wrong with a mapping of columns to fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingError {
    /// No column holds the name.
    NoName,
    /// Several columns hold a field only one may: the field, and those columns (0-based).
    Twice(Target, Vec<usize>),
}

/// A mapping the importer can read rows with: a column for the name, and each field that
/// cannot be joined from several columns in one column at most.
pub fn check_mapping(mapping: &[Target]) -> Result<(), MappingError> {
    if !mapping.contains(&Target::Name) {
        return Err(MappingError::NoName);
    }
    let custom = mapping
        .iter()
        .filter(|t| matches!(t, Target::Custom(_)))
        .cloned();
    for target in Target::ALL
        .into_iter()
        .chain(custom)
        .filter(|t| !t.repeatable())
    {
        let columns: Vec<usize> = (0..mapping.len())
            .filter(|&i| mapping[i] == target)
            .collect();
        if columns.len() > 1 {
            return Err(MappingError::Twice(target, columns));
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Import the good rows; report the bad ones.
    SkipBad,
    /// Import nothing if any row is bad.
    AllOrNothing,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::SkipBad => "skip_bad",
            Mode::AllOrNothing => "all_or_nothing",
        }
    }
}

/// What a bad optional field (an e-mail, a company, an owner, a stage...) does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BadFields {
    /// The row is bad, like a row with a bad name or phone.
    #[default]
    RejectRow,
    /// The field is dropped with a warning and the row imported without it.
    DropField,
}

impl BadFields {
    pub fn as_str(self) -> &'static str {
        match self {
            BadFields::RejectRow => "reject_row",
            BadFields::DropField => "drop_field",
        }
    }

    pub fn parse(text: Option<&str>) -> BadFields {
        match text {
            Some("drop_field") => BadFields::DropField,
            _ => BadFields::RejectRow,
        }
    }
}

/// A bad row: its line in the file, the field and what is wrong. Kept in the import's
/// record (`imports.errors`) as `{"line", "field", "message", "id", "args"}`: `message` in
/// English (what the API and older readers read), `id` and `args` the Fluent message that
/// says it in the reader's language. Rows recorded before messages had ids have only
/// `message`. Line 0 is a note about the whole import rather than a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The message's variables: name -> string or number.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub args: serde_json::Map<String, serde_json::Value>,
}

impl RowError {
    /// Line `line` is bad as `error` says.
    pub fn new(line: u64, error: &FieldError) -> Self {
        let args = error
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => serde_json::Value::from(text.clone()),
                    Arg::Number(n) => serde_json::Value::from(*n),
                };
                (name.to_string(), value)
            })
            .collect();
        RowError {
            line,
            field: error.field.clone(),
            message: error.message(),
            id: Some(error.id.to_string()),
            args,
        }
    }

    /// A note about the whole import (line 0) rather than a row.
    pub fn note(error: &FieldError) -> Self {
        Self::new(0, error)
    }

    /// What is wrong, in English.
    pub fn message(&self) -> String {
        self.message.clone()
    }

    /// What is wrong, in `language`; as recorded for a row recorded without a message id.
    pub fn message_in(&self, language: Language) -> String {
        let Some(id) = &self.id else {
            return self.message.clone();
        };
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    serde_json::Value::String(text) => Arg::Text(text.clone()),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(n) => Arg::Number(n),
                        None => Arg::Text(n.to_string()),
                    },
                    other => Arg::Text(other.to_string()),
                };
                (name.as_str(), value)
            })
            .collect();
        try_message(language, id, &args).unwrap_or_else(|| self.message.clone())
    }

    /// The field's name in `language` (`import-field-<field>`), else as recorded.
    pub fn field_in(&self, language: Language) -> String {
        field_label(language, &self.field)
    }
}

/// A lead field's (or a note's subject's) name in `language`, as the import page and its
/// errors download show it; a custom field by its key, the column's header it was mapped
/// from as often as not; a field without a message as it is.
pub fn field_label(language: Language, field: &str) -> String {
    if let Some(key) = field.strip_prefix("custom.") {
        return key.to_owned();
    }
    try_message(
        language,
        &format!("import-field-{}", field.replace('_', "-")),
        &[],
    )
    .unwrap_or_else(|| field.to_owned())
}

/// The file is not CSV, as the csv library found.
fn not_csv(error: &csv::Error) -> FieldError {
    FieldError::new("file", "import-error-not-csv").arg("error", error.to_string())
}

/// The note an import stopped by a database error leaves (line 0), for its record.
pub fn stopped_note() -> serde_json::Value {
    let note = RowError::note(&FieldError::new("import", "import-note-stopped"));
    serde_json::to_value([note]).unwrap_or_default()
}

/// The header and the first rows of a file, for the mapping preview.
pub fn preview(content: &[u8], rows: usize) -> Result<(Vec<String>, Vec<Vec<String>>), FieldError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content);
    let header = reader
        .headers()
        .map_err(|e| not_csv(&e))?
        .iter()
        .map(str::to_owned)
        .collect();
    let sample = reader
        .records()
        .take(rows)
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .map_err(|e| not_csv(&e))
        })
        .collect::<Result<_, _>>()?;
    Ok((header, sample))
}

/// The header row of a file, read from its start; what is wrong in English (the command
/// line's).
pub fn read_header(reader: impl Read) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    Ok(reader
        .headers()
        .map_err(|e| not_csv(&e).message())?
        .iter()
        .map(str::to_owned)
        .collect())
}

/// Rows in a file (not counting the header); quick enough for the page to count a large
/// upload before importing it, so that its progress can show a percentage.
pub fn count_rows(content: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content);
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return rows,
            Ok(true) | Err(_) => rows += 1,
        }
    }
}

/// A row as the file had it, kept when the row is bad so that it can be downloaded, fixed
/// and imported again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    pub line: u64,
    pub cells: Vec<String>,
}

impl RejectedRow {
    fn of(line: u64, record: &csv::StringRecord) -> Self {
        RejectedRow {
            line,
            cells: record.iter().map(str::to_owned).collect(),
        }
    }
}

/// The line a record starts on as a spreadsheet numbers its rows: the header is line 1
/// and the first data row line 2, whatever the file's line endings (the reader's own line
/// count is one short after a CRLF) and however many lines a quoted cell spans.
fn line_of(position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| p.record() + 1)
}

/// `content` with the row at `line` (as the import numbered it) made a row of empty fields,
/// so that every other row keeps its line and a resumed import its count; `None` when the
/// file has no such row.
pub fn blank_line(content: &[u8], line: u64) -> Option<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).ok()? {
        if line_of(record.position()) != line {
            continue;
        }
        let start = usize::try_from(record.position()?.byte()).ok()?;
        let end = usize::try_from(reader.position().byte()).ok()?;
        let ending: &[u8] = match &content[start..end] {
            row if row.ends_with(b"\r\n") => b"\r\n",
            row if row.ends_with(b"\n") => b"\n",
            _ => b"",
        };
        let mut blanked = content[..start].to_vec();
        blanked.extend(std::iter::repeat_n(b',', record.len().saturating_sub(1)));
        blanked.extend_from_slice(ending);
        blanked.extend_from_slice(&content[end..]);
        return Some(blanked);
    }
    None
}

/// What reading one row found: the lead to create, the optional fields dropped from it
/// (in [`BadFields::DropField`]), or, if the row is bad, every problem with it.
#[derive(Debug)]
pub struct ReadRow {
    pub lead: Option<leads::NewLead>,
    pub problems: Vec<FieldError>,
    pub dropped: Vec<FieldError>,
}

/// What reading a file's rows needs beyond its plan: the company's time zone (a next
/// contact without an offset is on its clock), the base currency, and the users an owner
/// column may name, by e-mail.
#[derive(Clone, Debug)]
pub struct Reading {
    pub mapping: Vec<Target>,
    pub bad_fields: BadFields,
    /// The plan's country, and the company's custom fields.
    pub rules: LeadRules,
    pub currency: Currency,
    pub zone: Zone,
    /// Lowercased e-mail -> (user id, active).
    pub owners: HashMap<String, (Uuid, bool)>,
    /// The lowercased e-mails of users the importer may not give leads to: outside the teams
    /// of a manager limited to them.
    pub outside: HashSet<String>,
}

impl Reading {
    /// Read with `plan`, the company's zone and its users as they are now; within `scope`,
    /// only the users whose leads it sees may own the rows.
    pub async fn load(db: &PgPool, plan: &Plan, scope: Scope) -> Result<Reading, StoreError> {
        let visible = teams::visible_owners(db, scope).await?;
        let (owners, outside): (Vec<_>, Vec<_>) = users::list(db)
            .await?
            .into_iter()
            .partition(|u| visible.as_ref().is_none_or(|v| v.contains(&u.id)));
        let owners = owners
            .into_iter()
            .map(|u| (u.email.to_lowercase(), (u.id, u.active)))
            .collect();
        let outside = outside
            .into_iter()
            .map(|u| u.email.to_lowercase())
            .collect();
        Ok(Reading {
            mapping: plan.mapping.clone(),
            bad_fields: plan.bad_fields,
            rules: LeadRules {
                country: plan.default_country,
                custom_fields: custom_fields::list(db, true).await?,
            },
            currency: plan.currency,
            zone: settings::clock(db).await?.zone,
            owners,
            outside,
        })
    }

    /// Read with `mapping` alone: no owners, UTC, US dollars, a bad field rejects its row.
    pub fn plain(mapping: Vec<Target>, default_country: Country) -> Reading {
        Reading {
            mapping,
            bad_fields: BadFields::RejectRow,
            rules: LeadRules::plain(default_country),
            currency: Currency::parse("currency", "USD").expect("a currency"),
            zone: Zone::UTC,
            owners: HashMap::new(),
            outside: HashSet::new(),
        }
    }

    /// One CSV record as a lead to create, with what was dropped from it; or what is
    /// wrong with it, field by field.
    pub fn row(&self, record: &csv::StringRecord) -> ReadRow {
        let mut names: Vec<&str> = Vec::new();
        let mut tags: Vec<String> = Vec::new();
        let mut notes: Vec<&str> = Vec::new();
        let mut single: HashMap<Target, &str> = HashMap::new();
        let mut custom = serde_json::Map::new();
        for (value, target) in record.iter().zip(&self.mapping) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match target {
                Target::Name => names.push(value),
                Target::Notes => notes.push(value),
                Target::Tags => {
                    for tag in value.split([',', ';']).map(str::trim) {
                        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                            tags.push(tag.to_owned());
                        }
                    }
                }
                Target::Ignore => {}
                Target::Custom(key) => {
                    custom.insert(key.clone(), serde_json::Value::String(value.to_owned()));
                }
                other => {
                    single.insert(other.clone(), value);
                }
            }
        }
        let text = |target| single.get(&target).map(|v| (*v).to_owned());
        let mut lead = CreateLead {
            external_id: text(Target::ExternalId),
            name: names.join(" "),
            phone: text(Target::Phone),
            email: text(Target::Email),
            company: text(Target::Company),
            source: text(Target::Source),
            owner_id: None,
            stage: None,
            tags: (!tags.is_empty()).then_some(tags),
            deal_value: None,
            referred_by: None,
            do_not_call: None,
            next_contact_at: None,
            notes: (!notes.is_empty()).then(|| notes.join("\n")),
            custom: (!custom.is_empty()).then_some(custom),
            created_at: None,
            allow_duplicate: None,
        };
        let mut read = ReadRow {
            lead: None,
            problems: Vec::new(),
            dropped: Vec::new(),
        };
        let get = |target| single.get(&target).copied();
        if let Some(email) = get(Target::Owner) {
            match self.owners.get(&email.to_lowercase()) {
                _ if self.outside.contains(&email.to_lowercase()) => read.bad(
                    self.bad_fields,
                    FieldError::new("owner", "import-error-owner-outside-teams").arg("text", email),
                ),
                Some(&(id, true)) => lead.owner_id = Some(id),
                Some(&(_, false)) => read.bad(
                    self.bad_fields,
                    FieldError::new("owner", "import-error-owner-deactivated").arg("text", email),
                ),
                None => read.bad(
                    self.bad_fields,
                    FieldError::new("owner", "import-error-no-such-owner").arg("text", email),
                ),
            }
        }
        if let Some(stage) = get(Target::Stage) {
            match Stage::from_name(stage) {
                Some(stage) => lead.stage = Some(stage),
                None => read.bad(
                    self.bad_fields,
                    FieldError::new("stage", "import-error-no-such-stage").arg("text", stage),
                ),
            }
        }
        if let Some(amount) = get(Target::DealValue) {
            let notation = Notation::of_text(amount, self.currency);
            match money::parse_amount("deal_value", amount, self.currency, notation) {
                Ok(value) => lead.deal_value = value,
                Err(AmountError::NotAmount) => read.bad(
                    self.bad_fields,
                    FieldError::new("deal_value", "import-error-not-amount").arg("text", amount),
                ),
                Err(AmountError::OutOfRange(error)) => read.bad(self.bad_fields, error),
            }
        }
        if let Some(flag) = get(Target::DoNotCall) {
            match yes_or_no("do_not_call", flag) {
                Ok(flag) => lead.do_not_call = Some(flag),
                Err(error) => read.bad(self.bad_fields, error),
            }
        }
        if let Some(at) = get(Target::NextContact) {
            match self.zone.read_date_or_time("next_contact", at) {
                Ok(at) => lead.next_contact_at = at,
                Err(error) => read.bad(self.bad_fields, error),
            }
        }
        // The checks every lead passes, field by field: each bad field is dropped or
        // reported, and the rest checked again, until what is left is good.
        for _ in 0..Target::ALL.len() + MAX_TAGS_CHECKED + self.mapping.len() {
            let error = match lead.validate(&self.rules) {
                Ok(new) => {
                    read.lead = Some(new);
                    break;
                }
                Err(errors) => FieldError::from(errors),
            };
            let field = error.field.clone();
            let error = match field.as_str() {
                "name" => {
                    // Checked no further: some text, so that the other fields are.
                    lead.name = "-".to_owned();
                    read.problems.push(error);
                    continue;
                }
                "phone" => {
                    lead.phone = None;
                    read.problems.push(error);
                    continue;
                }
                "email" => {
                    lead.email = None;
                    error
                }
                "company" => {
                    lead.company = None;
                    error
                }
                "external_id" => {
                    lead.external_id = None;
                    error
                }
                "source" => {
                    lead.source = None;
                    error
                }
                "notes" => {
                    lead.notes = None;
                    error
                }
                "deal_value" => {
                    lead.deal_value = None;
                    error
                }
                "next_contact_at" => {
                    lead.next_contact_at = None;
                    error.renamed("next_contact")
                }
                tag if tag.starts_with("tags[") => {
                    let index = tag[5..tag.len() - 1].parse::<usize>().ok();
                    match (lead.tags.as_mut(), index) {
                        (Some(tags), Some(i)) if i < tags.len() => {
                            tags.remove(i);
                        }
                        _ => lead.tags = None,
                    }
                    error.renamed("tags")
                }
                "tags" => {
                    lead.tags = None;
                    error
                }
                custom if custom.starts_with("custom.") => {
                    if let Some(values) = lead.custom.as_mut() {
                        values.remove(&custom["custom.".len()..]);
                    }
                    error
                }
                _ => {
                    read.problems.push(error);
                    break;
                }
            };
            read.bad(self.bad_fields, error);
        }
        // A lead entering at decide or later is won, and a won lead has a deal value.
        if let Some(new) = read.lead.as_mut() {
            let won = new.entry_stage.is_some_and(|s| s >= Stage::Decide);
            if won && new.deal_value.is_none() {
                let (field, keep) = match self.bad_fields {
                    BadFields::DropField => ("stage", true),
                    BadFields::RejectRow => ("deal_value", false),
                };
                let error = FieldError::new(field, "error-entry-needs-deal-value");
                if keep {
                    new.entry_stage = None;
                    read.dropped.push(error);
                } else {
                    read.problems.push(error);
                }
            }
        }
        // In the order of the file's columns.
        let column = |e: &FieldError| {
            self.mapping
                .iter()
                .position(|t| t.field() == e.field)
                .unwrap_or(usize::MAX)
        };
        read.problems.sort_by_key(column);
        read.dropped.sort_by_key(column);
        if !read.problems.is_empty() || read.lead.is_none() {
            // A bad row: everything wrong with it, to fix before it is imported again.
            read.lead = None;
            read.problems.append(&mut read.dropped);
        }
        read
    }
}

/// One CSV record as a lead to create, or the first problem with it, read with `mapping`
/// alone (see [`Reading::plain`]).
pub fn to_lead(
    record: &csv::StringRecord,
    mapping: &[Target],
    default_country: Country,
) -> Result<leads::NewLead, FieldError> {
    let mut row = Reading::plain(mapping.to_vec(), default_country).row(record);
    match row.lead {
        Some(lead) => Ok(lead),
        None => Err(row
            .problems
            .drain(..)
            .next()
            .unwrap_or_else(|| FieldError::new("row", "error-empty"))),
    }
}

/// Bad tags a row's tag check may drop one by one (a lead carries at most 50 tags).
const MAX_TAGS_CHECKED: usize = 60;

impl ReadRow {
    /// A bad optional field: dropped, or the row's problem, as the import chose.
    fn bad(&mut self, bad_fields: BadFields, error: FieldError) {
        match bad_fields {
            BadFields::DropField => self.dropped.push(error),
            BadFields::RejectRow => self.problems.push(error),
        }
    }
}

/// How a file is read: which lead field each column holds, what bad rows and bad optional
/// fields do, the country that reads its phone numbers written without a country code, and
/// the currency of its deal values.
#[derive(Clone, Debug)]
pub struct Plan {
    pub mapping: Vec<Target>,
    pub mode: Mode,
    pub bad_fields: BadFields,
    pub default_country: Country,
    pub currency: Currency,
}

impl Plan {
    /// A plan that rejects a row with any bad field, its deal values in US dollars.
    pub fn new(mapping: Vec<Target>, mode: Mode, default_country: Country) -> Plan {
        Plan {
            mapping,
            mode,
            bad_fields: BadFields::RejectRow,
            default_country,
            currency: Currency::parse("currency", "USD").expect("a currency"),
        }
    }

    /// The plan as the import's record keeps it, with the file's header.
    pub fn record(&self, header: &[String]) -> imports::Plan {
        imports::Plan {
            mode: self.mode.as_str().to_owned(),
            mapping: serde_json::to_value(&self.mapping).unwrap_or_default(),
            default_country: self.default_country.code(),
            bad_fields: self.bad_fields.as_str().to_owned(),
            header: serde_json::to_value(header).unwrap_or_default(),
        }
    }
}

/// Rows validated and written together; in skip-bad mode each chunk is one transaction.
pub const CHUNK_ROWS: usize = 10_000;

/// Bad rows (and, apart, dropped fields) listed in a summary; any more are only counted.
pub const MAX_LISTED_ERRORS: usize = 10_000;

/// How far an import has got: rows checked and rows imported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub processed: usize,
    pub imported: usize,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    pub imported: usize,
    /// Bad rows, by line, the first [`MAX_LISTED_ERRORS`] of them; in all-or-nothing mode
    /// any of them means nothing was imported.
    pub errors: Vec<RowError>,
    /// Bad rows beyond those listed.
    pub unlisted_errors: usize,
    /// Bad rows, listed or not.
    bad_rows: usize,
    /// Fields dropped from good rows, by line, the first [`MAX_LISTED_ERRORS`] of them.
    pub warnings: Vec<RowError>,
    /// Dropped fields beyond those listed.
    pub unlisted_warnings: usize,
    /// The listed bad rows as the file had them.
    pub rejected: Vec<RejectedRow>,
}

/// A chunk's (or a whole import's) reports: bad rows, dropped fields, and the bad rows as
/// the file had them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reported {
    pub errors: Vec<RowError>,
    pub warnings: Vec<RowError>,
    pub rejected: Vec<RejectedRow>,
}

impl Reported {
    /// As the import's record keeps them.
    pub fn record(&self) -> imports::Reports {
        imports::Reports {
            errors: serde_json::to_value(&self.errors).unwrap_or_default(),
            warnings: serde_json::to_value(&self.warnings).unwrap_or_default(),
            rejected: serde_json::to_value(&self.rejected).unwrap_or_default(),
        }
    }

    fn sort(&mut self) {
        self.errors.sort_by_key(|e| e.line);
        self.warnings.sort_by_key(|e| e.line);
        self.rejected.sort_by_key(|r| r.line);
    }
}

impl Summary {
    /// A chunk's reports as far as the summary has room to list them: what it adds.
    fn listable(&self, chunk: &Reported) -> Reported {
        let bad_lines = self.errors.len();
        let room = MAX_LISTED_ERRORS.saturating_sub(bad_lines);
        let errors: Vec<RowError> = chunk.errors.iter().take(room).cloned().collect();
        let last_listed = errors.last().map(|e| e.line);
        let fully_listed = errors.len() == chunk.errors.len();
        let rejected = chunk
            .rejected
            .iter()
            .filter(|r| fully_listed || last_listed.is_some_and(|l| r.line <= l))
            .cloned()
            .collect();
        let room = MAX_LISTED_ERRORS.saturating_sub(self.warnings.len());
        Reported {
            errors,
            warnings: chunk.warnings.iter().take(room).cloned().collect(),
            rejected,
        }
    }

    /// Add a chunk's reports, listing them in line order while there is room.
    fn add(&mut self, chunk: Reported) {
        let listed = self.listable(&chunk);
        self.bad_rows += lines(&chunk.errors);
        self.unlisted_errors += lines(&chunk.errors[listed.errors.len()..]);
        self.unlisted_warnings += chunk.warnings.len() - listed.warnings.len();
        self.errors.extend(listed.errors);
        self.warnings.extend(listed.warnings);
        self.rejected.extend(listed.rejected);
    }

    /// Bad rows, listed or not.
    pub fn bad_rows(&self) -> usize {
        self.bad_rows
    }
}

/// The rows `errors` (in line order) are about.
fn lines(errors: &[RowError]) -> usize {
    let mut previous = None;
    errors
        .iter()
        .filter(|e| previous.replace(e.line) != Some(e.line))
        .count()
}

/// Import `content` with `plan`, reporting progress on `progress` as it goes.
pub async fn run(
    db: &PgPool,
    content: &[u8],
    plan: &Plan,
    actor: Actor,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> Result<Summary, StoreError> {
    let reader = std::io::Cursor::new(content.to_vec());
    run_resumable(db, reader, plan, actor, None, progress).await
}

/// An import recorded in `imports`, which a cut leaves resumable: where this run starts.
#[derive(Clone, Copy, Debug)]
pub struct Recorded {
    pub import_id: Uuid,
    /// Data rows already committed by earlier runs, skipped by this one.
    pub skip_rows: usize,
    /// Leads those rows created.
    pub imported_before: usize,
}

impl Recorded {
    /// How an interrupted import goes on: where, with the plan it started with, after what
    /// its earlier runs reported. An import cut before its country was recorded reads
    /// numbers in `company_country`, as it did.
    pub fn resuming(
        import_id: Uuid,
        resumed: imports::Resumed,
        company_country: Country,
        currency: Currency,
    ) -> (Recorded, Plan, Reported) {
        let mapping = resumed
            .mapping
            .and_then(|m| serde_json::from_value(m).ok())
            .unwrap_or_default();
        let mode = match resumed.mode.as_deref() {
            Some("all_or_nothing") => Mode::AllOrNothing,
            _ => Mode::SkipBad,
        };
        let recorded = Recorded {
            import_id,
            skip_rows: usize::try_from(resumed.committed_rows).unwrap_or(0),
            imported_before: usize::try_from(resumed.imported_rows).unwrap_or(0),
        };
        let default_country = resumed
            .default_country
            .and_then(|c| Country::parse("default_country", &c).ok())
            .unwrap_or(company_country);
        let previous = Reported {
            errors: serde_json::from_value(resumed.errors).unwrap_or_default(),
            warnings: serde_json::from_value(resumed.warnings).unwrap_or_default(),
            rejected: serde_json::from_value(resumed.rejected).unwrap_or_default(),
        };
        let plan = Plan {
            mapping,
            mode,
            bad_fields: BadFields::parse(resumed.bad_fields.as_deref()),
            default_country,
            currency,
        };
        (recorded, plan, previous)
    }
}

/// A chunk of rows read and checked.
#[derive(Default)]
struct Chunk {
    rows: usize,
    good: leads::StagedLeads,
    reported: Reported,
    /// The good rows with a phone number, by line, as the file had them: those another
    /// lead turns out to have the number of are bad rows.
    with_phone: Vec<(u64, csv::StringRecord)>,
}

impl Chunk {
    /// Check the row on `line`: stage its lead, or report it.
    fn read(&mut self, line: u64, record: &csv::StringRecord, reading: &Reading) {
        let row = reading.row(record);
        let reported = &mut self.reported;
        match row.lead {
            Some(lead) => {
                if lead.phone.is_some() {
                    self.with_phone.push((line, record.clone()));
                }
                self.good.push(line, &lead);
                let dropped = row.dropped.iter().map(|e| RowError::new(line, e));
                reported.warnings.extend(dropped);
            }
            None => {
                let problems = row.problems.iter().map(|e| RowError::new(line, e));
                reported.errors.extend(problems);
                reported.rejected.push(RejectedRow::of(line, record));
            }
        }
    }
}

/// Import the CSV that `reader` yields, streaming: a blocking thread reads and checks rows
/// a chunk ahead while the previous chunk is written, so memory stays flat however big the
/// file. An import recorded in `imports` (`recorded`) skips the rows its earlier runs
/// committed, and in skip-bad mode records each chunk's rows in the chunk's transaction;
/// progress and the summary count the whole file, earlier runs included.
pub async fn run_resumable<R: Read + Send + 'static>(
    db: &PgPool,
    reader: R,
    plan: &Plan,
    actor: Actor,
    recorded: Option<Recorded>,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> Result<Summary, StoreError> {
    let scope = match actor.user_id {
        Some(id) => users::get(db, id).await?.scope(),
        None => Scope::All,
    };
    let reading = Reading::load(db, plan, scope).await?;
    let (sender, mut chunks) = tokio::sync::mpsc::channel(1);
    let skip = recorded.map_or(0, |r| r.skip_rows);
    let reading = tokio::task::spawn_blocking(move || read_chunks(reader, &reading, skip, &sender));
    let beating = recorded.map(|r| {
        let db = db.clone();
        tokio::spawn(async move {
            let every = std::time::Duration::from_secs(imports::HEARTBEAT_SECONDS);
            loop {
                tokio::time::sleep(every).await;
                let _ = imports::beat(&db, r.import_id).await;
            }
        })
    });
    let outcome = write_chunks(
        db,
        &mut chunks,
        plan.mode,
        (actor, scope),
        recorded,
        progress,
    )
    .await;
    if let Some(beating) = beating {
        beating.abort();
    }
    // A writer that stopped early stops the reader at its next chunk.
    drop(chunks);
    if let Err(e) = reading.await {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
    }
    outcome
}

/// Read and check the rows, sending them on in chunks; stops when the receiver is gone.
fn read_chunks<R: Read>(
    reader: R,
    reading: &Reading,
    skip_rows: usize,
    chunks: &tokio::sync::mpsc::Sender<Chunk>,
) {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let mut bytes = csv::ByteRecord::new();
    let mut chunk = Chunk::default();
    let mut skipped = 0;
    loop {
        let read = reader.read_byte_record(&mut bytes);
        // Rows an earlier run committed: read past them, counted as the writer counted them.
        if skipped < skip_rows
            && !matches!(&read, Ok(false))
            && !matches!(&read, Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)))
        {
            skipped += 1;
            continue;
        }
        match read {
            Ok(false) => break,
            Ok(true) => {
                let line = line_of(bytes.position());
                bytes = match csv::StringRecord::from_byte_record(std::mem::take(&mut bytes)) {
                    Ok(record) => {
                        chunk.read(line, &record, reading);
                        record.into_byte_record()
                    }
                    Err(not_text) => {
                        let error = FieldError::text("row", not_text.utf8_error().to_string());
                        let record = not_text.into_byte_record();
                        let cells = record
                            .iter()
                            .map(|c| String::from_utf8_lossy(c).into_owned())
                            .collect();
                        chunk.reported.errors.push(RowError::new(line, &error));
                        chunk.reported.rejected.push(RejectedRow { line, cells });
                        record
                    }
                };
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                chunk.rows += 1;
                let error = FieldError::new("file", "import-error-unreadable-rest")
                    .arg("error", e.to_string());
                let line = line_of(e.position());
                chunk.reported.errors.push(RowError::new(line, &error));
                break;
            }
            Err(e) => {
                let error = FieldError::text("row", e.to_string());
                let line = line_of(e.position());
                chunk.reported.errors.push(RowError::new(line, &error));
            }
        }
        chunk.rows += 1;
        if chunk.rows == CHUNK_ROWS && chunks.blocking_send(std::mem::take(&mut chunk)).is_err() {
            return;
        }
    }
    if chunk.rows > 0 {
        let _ = chunks.blocking_send(chunk);
    }
}

/// Write the chunks as they come: skip-bad commits each chunk's good rows; all-or-nothing
/// writes in one transaction, stops writing at the first bad row (still checking the rest
/// for the report) and commits only if there was none.
/// `by`: who imports, and the leads they may see (another team's duplicate is not named).
async fn write_chunks(
    db: &PgPool,
    chunks: &mut tokio::sync::mpsc::Receiver<Chunk>,
    mode: Mode,
    by: (Actor, Scope),
    recorded: Option<Recorded>,
    progress: &tokio::sync::watch::Sender<Progress>,
) -> Result<Summary, StoreError> {
    let (actor, scope) = by;
    let mut summary = Summary {
        total: recorded.map_or(0, |r| r.skip_rows),
        ..Summary::default()
    };
    let mut whole_file = match mode {
        Mode::SkipBad => None,
        Mode::AllOrNothing => Some(db.begin().await?),
    };
    let mut written = recorded.map_or(0, |r| r.imported_before);
    let import_id = recorded.map(|r| r.import_id);
    while let Some(chunk) = chunks.recv().await {
        let mut reported = chunk.reported;
        let writing =
            whole_file.is_none() || (summary.bad_rows() == 0 && reported.errors.is_empty());
        // In skip-bad mode a chunk's rows and the record of how far the file is done are
        // committed together: a cut between chunks loses nothing and repeats nothing.
        let mut chunk_tx = match (&whole_file, recorded) {
            (None, Some(_)) => Some(db.begin().await?),
            (None, None) if writing && !chunk.good.is_empty() => Some(db.begin().await?),
            _ => None,
        };
        let on_duplicate = match whole_file {
            Some(_) => leads::OnDuplicate::CreateNone,
            None => leads::OnDuplicate::CreateOthers,
        };
        let tx = whole_file.as_mut().or(chunk_tx.as_mut());
        if let (true, false, Some(tx)) = (writing, chunk.good.is_empty(), tx) {
            let outcome =
                leads::create_many(tx, &chunk.good, actor, import_id, on_duplicate).await?;
            written += outcome.created as usize;
            for line in outcome.external_duplicates {
                let taken = FieldError::new("external_id", "import-error-duplicate-external-id");
                reported.errors.push(RowError::new(line, &taken));
                let (dropped, kept) = std::mem::take(&mut reported.warnings)
                    .into_iter()
                    .partition(|w| w.line == line);
                reported.warnings = kept;
                reported.errors.extend(dropped);
            }
            for (line, lead) in outcome.came_back {
                // Not an error: the row's person is back, in the lead they already were.
                let back = match named_to(tx, scope, lead).await {
                    Some(lead) => FieldError::new("phone", "import-warning-came-back")
                        .arg("lead", lead.to_string()),
                    None => FieldError::new("phone", "import-warning-came-back-elsewhere"),
                };
                reported.warnings.push(RowError::new(line, &back));
            }
            for (line, existing) in outcome.duplicates {
                reported
                    .errors
                    .push(duplicate_row(line, named_to(tx, scope, existing).await));
                // What was dropped from a row that is not imported is part of what is wrong with it.
                let (dropped, kept) = std::mem::take(&mut reported.warnings)
                    .into_iter()
                    .partition(|w| w.line == line);
                reported.warnings = kept;
                reported.errors.extend(dropped);
                if let Ok(i) = chunk.with_phone.binary_search_by_key(&line, |(l, _)| *l) {
                    let record = &chunk.with_phone[i].1;
                    reported.rejected.push(RejectedRow::of(line, record));
                }
            }
        }
        reported.sort();
        if let Some(mut tx) = chunk_tx {
            if let Some(recorded) = recorded {
                let listed = summary.listable(&reported);
                imports::chunk_committed(
                    &mut *tx,
                    recorded.import_id,
                    to_i32(summary.total + chunk.rows),
                    to_i32(written),
                    &listed.record(),
                )
                .await?;
            }
            tx.commit().await?;
        }
        summary.total += chunk.rows;
        summary.add(reported);
        progress.send_replace(Progress {
            processed: summary.total,
            imported: if whole_file.is_some() { 0 } else { written },
        });
    }
    if let Some(tx) = whole_file {
        if summary.bad_rows() == 0 {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
            written = 0;
        }
    }
    summary.imported = written;
    progress.send_replace(Progress {
        processed: summary.total,
        imported: written,
    });
    Ok(summary)
}

/// What an import reports at its end: what its earlier runs reported, then this run's,
/// with a note of the bad rows and dropped fields not listed.
pub fn reported_at_end(previous: Reported, summary: &Summary) -> Reported {
    let mut all = previous;
    all.errors.extend(summary.errors.iter().cloned());
    all.warnings.extend(summary.warnings.iter().cloned());
    all.rejected.extend(summary.rejected.iter().cloned());
    if summary.unlisted_errors > 0 {
        let unlisted = i64::try_from(summary.unlisted_errors).unwrap_or(i64::MAX);
        all.errors.push(RowError::note(
            &FieldError::new("file", "import-note-unlisted").arg("count", unlisted),
        ));
    }
    if summary.unlisted_warnings > 0 {
        let unlisted = i64::try_from(summary.unlisted_warnings).unwrap_or(i64::MAX);
        all.warnings.push(RowError::note(
            &FieldError::new("file", "import-note-unlisted-warnings").arg("count", unlisted),
        ));
    }
    all
}

/// Run an import recorded in `imports` (the import page), keeping its row up to date.
/// `recorded` says where it starts (a resumed import skips the rows committed before) and
/// `previous` is what its earlier runs reported.
pub async fn run_recorded(
    db: PgPool,
    recorded: Recorded,
    previous: Reported,
    content: Vec<u8>,
    plan: Plan,
    actor: Actor,
) {
    let import_id = recorded.import_id;
    let (sender, mut receiver) = tokio::sync::watch::channel(Progress::default());
    let reporter = {
        let db = db.clone();
        tokio::spawn(async move {
            while receiver.changed().await.is_ok() {
                let p = *receiver.borrow_and_update();
                let _ =
                    imports::progress(&db, import_id, p.processed as i32, p.imported as i32).await;
            }
        })
    };
    let outcome = run_resumable(
        &db,
        std::io::Cursor::new(content),
        &plan,
        actor,
        Some(recorded),
        &sender,
    )
    .await;
    let last = *sender.borrow();
    drop(sender);
    let _ = reporter.await;
    let finished = match outcome {
        Ok(summary) => {
            let status = if plan.mode == Mode::AllOrNothing && summary.bad_rows() > 0 {
                "failed"
            } else {
                "done"
            };
            let reported = reported_at_end(previous, &summary);
            imports::finish(
                &db,
                import_id,
                status,
                summary.total as i32,
                summary.imported as i32,
                &reported.record(),
            )
            .await
        }
        Err(err) => {
            tracing::error!(error = %err, %import_id, "import stopped");
            imports::finish(
                &db,
                import_id,
                "failed",
                last.processed as i32,
                last.imported as i32,
                &imports::Reports::errors(stopped_note()),
            )
            .await
        }
    };
    if let Err(e) = finished {
        tracing::error!(error = %e, %import_id, "cannot record the end of an import");
    }
}

/// A row count for an `integer` column (a file has far fewer than 2^31 rows).
fn to_i32(rows: usize) -> i32 {
    i32::try_from(rows).unwrap_or(i32::MAX)
}

/// The lead `id` as a report may name it to whoever imports with `scope`: another team's
/// lead is not named to a manager limited to their teams.
async fn named_to(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    scope: Scope,
    id: Uuid,
) -> Option<Uuid> {
    match scope {
        Scope::All => Some(id),
        _ => leads::get(&mut **tx, id, scope).await.ok().map(|l| l.id),
    }
}

/// A row whose phone number another lead has: named when the importer may see it.
fn duplicate_row(line: u64, existing: Option<Uuid>) -> RowError {
    let error = match existing {
        Some(lead) => {
            FieldError::new("phone", "import-error-duplicate-phone").arg("lead", lead.to_string())
        }
        None => FieldError::new("phone", "import-error-duplicate-phone-elsewhere"),
    };
    RowError::new(line, &error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_several_languages_are_guessed() {
        assert_eq!(Target::guess("Full name"), Target::Name);
        assert_eq!(Target::guess("Nomor HP"), Target::Phone);
        assert_eq!(Target::guess("E-mail"), Target::Email);
        assert_eq!(Target::guess("公司"), Target::Company);
        assert_eq!(Target::guess("Lead source"), Target::Source);
        assert_eq!(Target::guess("whatever"), Target::Ignore);
    }

    fn us() -> Country {
        Country::parse("default_country", "US").unwrap()
    }

    #[test]
    fn a_bad_row_names_its_field() {
        let mapping = [Target::Name, Target::Phone];
        let record = csv::StringRecord::from(vec!["Ana", "not a phone"]);
        let err = to_lead(&record, &mapping, us()).unwrap_err();
        assert_eq!(err.field, "phone");
        let record = csv::StringRecord::from(vec!["", "+12025550143"]);
        assert_eq!(to_lead(&record, &mapping, us()).unwrap_err().field, "name");
    }

    #[test]
    fn a_bad_row_is_recorded_with_its_message_id_and_read_in_any_language() {
        let error = FieldError::new("phone", "import-error-duplicate-phone").arg("lead", "abc");
        let row = RowError::new(7, &error);
        let stored = serde_json::to_value([&row]).unwrap();
        assert_eq!(
            stored,
            serde_json::json!([{
                "line": 7,
                "field": "phone",
                "message": "duplicate: lead abc has this phone number",
                "id": "import-error-duplicate-phone",
                "args": {"lead": "abc"},
            }])
        );
        let read: Vec<RowError> = serde_json::from_value(stored).unwrap();
        assert_eq!(read, [row]);
        let note =
            RowError::note(&FieldError::new("file", "import-note-unlisted").arg("count", 12));
        assert_eq!(
            note.message_in(Language::En),
            "12 more bad rows are not listed"
        );
        // Recorded before rows had message ids: read as recorded.
        let old: RowError = serde_json::from_value(
            serde_json::json!({"line": 3, "field": "name", "message": "must not be empty"}),
        )
        .unwrap();
        assert_eq!(old.id, None);
        assert_eq!(old.message_in(Language::Ru), "must not be empty");
    }

    #[test]
    fn preview_reads_the_header_and_a_sample() {
        let (header, rows) = preview(b"name,phone\nAna,1\nBudi,2\nCici,3\n", 2).unwrap();
        assert_eq!(header, ["name", "phone"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(count_rows(b"name,phone\nAna,1\nBudi,2\n"), 2);
    }
}
