//! Erasing a person on their request: the lead's rows (`storage::leads::erase`) and their
//! row in the files they were imported from, in one transaction.

use uuid::Uuid;

use crate::storage::{audit, imports, leads, Actor, Scope, StoreResult};

/// Erase the person the lead `id` is (`storage::leads::erase`) as `actor`, and blank their row
/// in the files they were imported from, in one transaction; whether it was erased now.
/// A lead outside `scope` (another team's, for a limited manager) is not found.
pub async fn erase(db: &sqlx::PgPool, id: Uuid, actor: Actor, scope: Scope) -> StoreResult<bool> {
    let mut tx = audit::begin_as(db, actor).await?;
    leads::get(&mut *tx, id, scope).await?;
    let (erased, imported) = leads::erase(&mut tx, id, actor.user_id).await?;
    for row in imported {
        let content = imports::content(&mut *tx, row.import_id).await?;
        let line = u64::try_from(row.line).unwrap_or_default();
        if let Some(blanked) = crate::importer::blank_line(&content, line) {
            imports::blank_line(&mut *tx, row.import_id, &blanked, row.line).await?;
        }
    }
    tx.commit().await?;
    Ok(erased)
}
