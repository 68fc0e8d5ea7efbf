//! Stored replies for `Idempotency-Key` retries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{DbConn, schema::idempotency_keys};

/// The status a kept reply has once its check was erased; its body and request
/// hash are then empty, so nothing of the check can be replayed.
pub const ERASED_STATUS: i32 = 410;

/// A reply kept for retries of the same request.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub idempotency_key: String,
    pub request_hash: String,
    pub status: i32,
    pub body: String,
    pub created_at: NaiveDateTime,
    /// The check this reply stored.
    pub assessment_id: Option<String>,
}

/// The reply kept for a key, however old (expired ones wait for [`purge`]).
pub fn find(conn: &mut DbConn, key: &str) -> QueryResult<Option<IdempotencyRow>> {
    on_backend!(conn, get_result, idempotency_keys::table.find(key).select(IdempotencyRow::as_select()))
        .optional()
}

/// Forgets the reply kept for one key.
pub fn forget(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.find(key)).execute(conn).map(drop)
}

/// Keeps a reply; fails with a unique violation when another request won the race.
pub fn insert(conn: &mut DbConn, row: &IdempotencyRow) -> QueryResult<()> {
    let insert = diesel::insert_into(idempotency_keys::table).values(row);
    on_backend!(conn, execute, insert).map(drop)
}

/// Forgets up to `limit` replies older than `before`; how many it forgot.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    let expired: Vec<String> = idempotency_keys::table
        .filter(idempotency_keys::created_at.lt(before))
        .select(idempotency_keys::idempotency_key)
        .limit(limit)
        .load(conn)?;
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::idempotency_key.eq_any(expired)))
        .filter(idempotency_keys::created_at.lt(before))
        .execute(conn)
}

/// Blanks the kept replies of an erased check. The key itself stays until it
/// expires, so a retry learns the check is gone instead of storing it again.
pub fn scrub_for(conn: &mut DbConn, assessment_id: &str) -> QueryResult<usize> {
    diesel::update(idempotency_keys::table.filter(idempotency_keys::assessment_id.eq(assessment_id)))
        .set((
            idempotency_keys::status.eq(ERASED_STATUS),
            idempotency_keys::body.eq(""),
            idempotency_keys::request_hash.eq(""),
        ))
        .execute(conn)
}
