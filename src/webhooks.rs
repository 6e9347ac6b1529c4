//! The webhook delivery worker that `leadline serve` runs on every node: it claims due
//! deliveries from the outbox, POSTs them signed, and records each attempt.

use std::time::{Duration, Instant};

use sqlx::postgres::PgListener;
use sqlx::PgPool;

use crate::domain::webhook::{self, SIGNATURE_HEADER};
use crate::storage::webhooks::{self as store, Claimed, CHANNEL};
use crate::storage::StoreResult;

/// How long a receiver has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How long a claimed delivery is left to the node sending it; comfortably more than
/// `TIMEOUT`, so only a node that died mid-send loses its claim.
const LEASE: Duration = Duration::from_secs(60);
/// Deliveries claimed, and sent at once, per round.
const BATCH: i64 = 16;
/// The longest a due delivery waits when no notification arrives (a retry coming due,
/// or a lost LISTEN connection).
const POLL: Duration = Duration::from_secs(1);
/// Delivered and failed deliveries stay in the log this long.
const KEEP: Duration = Duration::from_secs(30 * 24 * 60 * 60);
const PRUNE_EVERY: Duration = Duration::from_secs(60 * 60);
/// What of a refusing receiver's answer the log keeps.
const ERROR_BODY_BYTES: usize = 300;

/// The HTTP client deliveries go out with: no redirects followed (a 3xx is a failed
/// attempt, as the URL is the admin's to fix), and the receiver's time limit.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Leadline-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the webhook HTTP client builds")
}

/// Deliver until the task is dropped: woken by the triggers' NOTIFY, and by a poll for
/// retries coming due.
pub async fn deliver_forever(db: PgPool) {
    deliver_forever_polling(db, POLL).await;
}

/// [`deliver_forever`] with the poll every `poll` (a test makes it long, to see that
/// the NOTIFY alone wakes the worker).
pub async fn deliver_forever_polling(db: PgPool, poll: Duration) {
    let client = client();
    let mut listener = match PgListener::connect_with(&db).await {
        Ok(mut listener) => match listener.listen(CHANNEL).await {
            Ok(()) => Some(listener),
            Err(e) => {
                tracing::warn!(error = %e, "webhooks: cannot LISTEN; polling instead");
                None
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "webhooks: cannot LISTEN; polling instead");
            None
        }
    };
    let mut pruned_at: Option<Instant> = None;
    loop {
        if pruned_at.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            match store::prune(&db, KEEP).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deliveries = n, "webhooks: pruned old deliveries"),
                Err(e) => tracing::warn!(error = %e, "webhooks: pruning failed"),
            }
            pruned_at = Some(Instant::now());
        }
        let claimed = match deliver_due(&db, &client).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "webhooks: cannot claim deliveries");
                0
            }
        };
        if i64::try_from(claimed) == Ok(BATCH) {
            continue;
        }
        match listener.as_mut() {
            Some(listener) => {
                // A lost connection reconnects on the next recv; polling covers the gap.
                let _ = tokio::time::timeout(poll, listener.recv()).await;
            }
            None => tokio::time::sleep(poll).await,
        }
    }
}

/// Claim the deliveries due now, send them at once, and record how each went.
/// Returns how many were claimed.
pub async fn deliver_due(db: &PgPool, client: &reqwest::Client) -> StoreResult<usize> {
    let claimed = store::claim_due(db, BATCH, LEASE).await?;
    let count = claimed.len();
    let results = futures::future::join_all(claimed.into_iter().map(|delivery| async move {
        let outcome = send(client, &delivery).await;
        record(db, &delivery, outcome).await
    }))
    .await;
    for result in results {
        result?;
    }
    Ok(count)
}

/// How one attempt went.
enum Outcome {
    Delivered(u16),
    Refused(u16, String),
    Unreachable(String),
}

async fn send(client: &reqwest::Client, delivery: &Claimed) -> Outcome {
    let body = serde_json::to_vec(&delivery.payload).unwrap_or_default();
    let timestamp = chrono::Utc::now().timestamp();
    let signature = webhook::signature(&delivery.secret, timestamp, &body);
    let sent = client
        .post(&delivery.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Leadline-Event", &delivery.event_type)
        .header("Leadline-Delivery", delivery.id.to_string())
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await;
    let mut response = match sent {
        Ok(response) => response,
        Err(e) => return Outcome::Unreachable(describe(&e)),
    };
    let status = response.status().as_u16();
    if response.status().is_success() {
        return Outcome::Delivered(status);
    }
    let mut answer = Vec::new();
    while answer.len() < ERROR_BODY_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => answer.extend_from_slice(&chunk),
            _ => break,
        }
    }
    answer.truncate(ERROR_BODY_BYTES);
    let answer = String::from_utf8_lossy(&answer).trim().to_owned();
    Outcome::Refused(status, format!("HTTP {status} {answer}").trim().to_owned())
}

/// A transport error with its causes, which is where reqwest says what went wrong.
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        format!("no answer within {} s", TIMEOUT.as_secs())
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

async fn record(db: &PgPool, delivery: &Claimed, outcome: Outcome) -> StoreResult<()> {
    let as_code = |status: u16| i16::try_from(status).unwrap_or(i16::MAX);
    match outcome {
        Outcome::Delivered(status) => store::mark_delivered(db, delivery.id, as_code(status)).await,
        Outcome::Refused(status, error) => {
            retry_later(db, delivery, Some(as_code(status)), &error).await
        }
        Outcome::Unreachable(error) => retry_later(db, delivery, None, &error).await,
    }
}

async fn retry_later(
    db: &PgPool,
    delivery: &Claimed,
    status: Option<i16>,
    error: &str,
) -> StoreResult<()> {
    let retry_in = webhook::retry_delay(delivery.attempts);
    tracing::info!(
        delivery = %delivery.id,
        attempts = delivery.attempts,
        error,
        retry_in_secs = retry_in.map(|d| d.as_secs()),
        "webhooks: attempt failed"
    );
    store::mark_attempt_failed(db, delivery.id, status, error, retry_in).await
}
