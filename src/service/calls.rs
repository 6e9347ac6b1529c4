//! Logging calls once: a retried request (a dialer's retry over the API, a form sent
//! twice from the call queue) with the same key gets the first answer back and writes
//! nothing new. The API and the queue page both log through here.

use futures::future::BoxFuture;
use sqlx::{PgPool, Postgres, Transaction};

use crate::domain::FieldError;
use crate::storage::idempotency::{self, Claim};
use crate::storage::{audit, Actor, StoreError};

/// What a write's work answered: a status and the answer to give again on a retry.
pub type Answer = (u16, serde_json::Value);

/// How a keyed write went.
#[derive(Debug)]
pub enum Once {
    /// Done now.
    Done(Answer),
    /// Done before, by a request with the same key and the same content.
    Before(Answer),
}

/// The key a retry is known by, and the field a client sent it in (to name it when it
/// comes back with different content).
#[derive(Clone, Copy, Debug)]
pub struct Key<'k> {
    pub key: &'k str,
    pub field: &'static str,
}

/// Run `work` in one transaction that `actor` makes (`audit::begin_as`), once per `key`
/// of the actor's user: the answer is stored with the work, so a retry with the same key
/// and `request_hash` replays it, and one with another hash is refused naming the key's
/// field. Without a key the work just runs.
pub async fn once<F, E>(
    db: &PgPool,
    actor: Actor,
    key: Option<Key<'_>>,
    request_hash: &[u8],
    work: F,
) -> Result<Once, E>
where
    F: for<'t> FnOnce(&'t mut Transaction<'static, Postgres>) -> BoxFuture<'t, Result<Answer, E>>,
    E: From<StoreError> + From<sqlx::Error>,
{
    let user = actor.user_id.unwrap_or_default();
    let mut tx = audit::begin_as(db, actor).await?;
    if let Some(Key { key, field }) = key {
        match idempotency::claim(&mut tx, user, key, request_hash).await? {
            Claim::Fresh => {}
            Claim::Replay { status, body } => {
                tx.rollback().await?;
                return Ok(Once::Before((status, body)));
            }
            Claim::Mismatch => {
                return Err(StoreError::Field(FieldError::new(
                    field,
                    "error-idempotency-key-reused",
                ))
                .into());
            }
        }
    }
    let answer = work(&mut tx).await?;
    if let Some(Key { key, .. }) = key {
        idempotency::save(&mut tx, user, key, answer.0, &answer.1)
            .await
            .map_err(E::from)?;
    }
    tx.commit().await?;
    Ok(Once::Done(answer))
}
