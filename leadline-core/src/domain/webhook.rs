//! Webhooks: the events a subscription can ask for, its URL, the signature every
//! delivery carries and the retry schedule.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::FieldError;

/// What happened, as a subscription names it.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
pub enum EventType {
    #[serde(rename = "lead.created")]
    LeadCreated,
    /// The lead's own fields or tags changed (stage moves have their own event).
    #[serde(rename = "lead.updated")]
    LeadUpdated,
    /// Advanced, skipped, moved back or reopened.
    #[serde(rename = "lead.stage_changed")]
    LeadStageChanged,
    #[serde(rename = "lead.lost")]
    LeadLost,
    /// Removed: merged into another lead.
    #[serde(rename = "lead.deleted")]
    LeadDeleted,
    #[serde(rename = "call.logged")]
    CallLogged,
}

impl EventType {
    pub const ALL: [EventType; 6] = [
        EventType::LeadCreated,
        EventType::LeadUpdated,
        EventType::LeadStageChanged,
        EventType::LeadLost,
        EventType::LeadDeleted,
        EventType::CallLogged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::LeadCreated => "lead.created",
            EventType::LeadUpdated => "lead.updated",
            EventType::LeadDeleted => "lead.deleted",
            EventType::LeadStageChanged => "lead.stage_changed",
            EventType::LeadLost => "lead.lost",
            EventType::CallLogged => "call.logged",
        }
    }

    pub fn parse(name: &str) -> Option<EventType> {
        Self::ALL.into_iter().find(|e| e.as_str() == name)
    }

    /// At least one known event type, each once, in a stable order.
    pub fn parse_list(field: &str, names: &[String]) -> Result<Vec<EventType>, FieldError> {
        let mut events = Vec::new();
        for name in names {
            let event = EventType::parse(name.trim()).ok_or_else(|| {
                let known: Vec<&str> = EventType::ALL.iter().map(|e| e.as_str()).collect();
                FieldError::new(field, "error-unknown-event-type")
                    .arg("name", format!("{name:?}"))
                    .arg("known", known.join(", "))
            })?;
            events.push(event);
        }
        events.sort_unstable();
        events.dedup();
        if events.is_empty() {
            return Err(FieldError::new(field, "error-no-event-type"));
        }
        Ok(events)
    }
}

string_enum! {
    /// Where a delivery stands: waiting for its next attempt, acknowledged with a 2xx,
    /// or given up after the last retry.
    DeliveryStatus { Pending => "pending", Delivered => "delivered", Failed => "failed" }
}

/// The longest URL deliveries go to.
const MAX_URL_LENGTH: usize = 2000;

/// Where deliveries go: an absolute http or https URL with a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookUrl(String);

impl WebhookUrl {
    pub fn parse(field: &str, text: &str) -> Result<WebhookUrl, FieldError> {
        let text = text.trim();
        if text.len() > MAX_URL_LENGTH {
            return Err(FieldError::new(field, "error-too-long").arg("max", MAX_URL_LENGTH));
        }
        let url = url::Url::parse(text)
            .map_err(|e| FieldError::new(field, "error-not-url").arg("reason", e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FieldError::new(field, "error-url-scheme"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(FieldError::new(field, "error-url-host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FieldError::new(field, "error-url-credentials"));
        }
        if url.fragment().is_some() {
            return Err(FieldError::new(field, "error-url-fragment"));
        }
        // Parsing percent-encodes what a URL may not carry, which can lengthen it.
        let url = url.to_string();
        if url.len() > MAX_URL_LENGTH {
            return Err(FieldError::new(field, "error-too-long").arg("max", MAX_URL_LENGTH));
        }
        Ok(WebhookUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Leadline-Signature";

/// The `Leadline-Signature` value for `body` sent at `timestamp` (Unix seconds):
/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>`.
/// Signing the timestamp lets a receiver refuse old deliveries replayed to it.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mac = keyed_mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(mac))
}

fn keyed_mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// Check a `Leadline-Signature` value as a receiver should: the MAC in constant time,
/// and the timestamp within `tolerance_secs` of `now`.
pub fn verify(
    secret: &str,
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_secs: i64,
) -> Result<(), &'static str> {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => candidates.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or("no timestamp")?;
    if (now - timestamp).abs() > tolerance_secs {
        return Err("timestamp outside the tolerance");
    }
    let matches = candidates.iter().any(|candidate| {
        keyed_mac(secret, timestamp, body)
            .verify_slice(candidate)
            .is_ok()
    });
    if matches {
        Ok(())
    } else {
        Err("signature does not match")
    }
}

/// How long to wait after each failed attempt: 30 s, 2 min, 10 min, 30 min, 1 h, 3 h,
/// 6 h. The attempt after the last wait is the last one, about 10 h 40 min after the first.
pub const RETRY_DELAYS: [Duration; 7] = [
    Duration::from_secs(30),
    Duration::from_secs(2 * 60),
    Duration::from_secs(10 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(3 * 60 * 60),
    Duration::from_secs(6 * 60 * 60),
];

/// Attempts before a delivery is given up as failed.
pub const MAX_ATTEMPTS: i32 = 8;

/// When to try again after `attempts` attempts have failed; `None` gives up.
pub fn retry_delay(attempts: i32) -> Option<Duration> {
    let index = usize::try_from(attempts).ok()?.checked_sub(1)?;
    RETRY_DELAYS.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http_or_https_with_a_host() {
        assert!(WebhookUrl::parse("url", "https://hooks.example.com/leadline").is_ok());
        assert!(WebhookUrl::parse("url", "http://127.0.0.1:8080/in").is_ok());
        for bad in [
            "ftp://example.com/x",
            "javascript:alert(1)",
            "example.com/hook",
            "https://user:pw@example.com/",
            "",
        ] {
            let error = WebhookUrl::parse("url", bad).unwrap_err();
            assert_eq!(error.field, "url", "{bad}");
        }
    }

    #[test]
    fn event_lists_are_known_non_empty_and_deduplicated() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            EventType::parse_list("events", &names(&["lead.lost", "call.logged", "lead.lost"]))
                .unwrap(),
            vec![EventType::LeadLost, EventType::CallLogged]
        );
        let unknown = EventType::parse_list("events", &names(&["lead.archived"])).unwrap_err();
        assert!(unknown.message().contains("lead.archived"), "{unknown:?}");
        assert!(EventType::parse_list("events", &[]).is_err());
    }

    #[test]
    fn a_signature_verifies_with_its_secret_and_timestamp_only() {
        let body = br#"{"type":"lead.created"}"#;
        let header = signature("whsec_test", 1_700_000_000, body);
        assert!(header.starts_with("t=1700000000,v1="));
        assert_eq!(
            verify("whsec_test", &header, body, 1_700_000_100, 300),
            Ok(())
        );
        assert!(verify("whsec_other", &header, body, 1_700_000_100, 300).is_err());
        assert!(verify("whsec_test", &header, b"{}", 1_700_000_100, 300).is_err());
        assert!(verify("whsec_test", &header, body, 1_700_001_000, 300).is_err());
    }

    #[test]
    fn retries_back_off_then_stop() {
        assert_eq!(retry_delay(1), Some(Duration::from_secs(30)));
        assert_eq!(retry_delay(2), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_delay(MAX_ATTEMPTS - 1),
            Some(Duration::from_secs(6 * 3600))
        );
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        assert_eq!(MAX_ATTEMPTS as usize, RETRY_DELAYS.len() + 1);
    }
}
