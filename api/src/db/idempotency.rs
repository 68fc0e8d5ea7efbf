//! Kept `Idempotency-Key` replies. A row keeps what a retry needs beyond the
//! check itself: the request's hash, the check, and the visitor's token; the
//! reply is rebuilt from the check's stored result, so the result is stored
//! once.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::{
    DbConn,
    prepared::prepared,
    schema::{assessments, idempotency_keys},
};

/// The row kept for a key.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub idempotency_key: String,
    pub request_hash: String,
    /// The check the first request stored.
    pub assessment_id: String,
    /// The visitor's token; `None` once the check was erased.
    pub token: Option<String>,
    pub created_at: NaiveDateTime,
}

/// What a retry finds: the kept row, and its check's result (`None` once
/// the check was erased).
#[derive(Debug, Clone)]
pub struct KeptReply {
    pub row: IdempotencyRow,
    pub result: Option<String>,
}

/// The reply kept for a key, however old (expired ones wait for [`purge`]).
pub fn find(conn: &mut DbConn, key: &str) -> QueryResult<Option<KeptReply>> {
    let found: Option<(IdempotencyRow, Option<String>)> = on_backend!(
        conn,
        get_result,
        idempotency_keys::table
            .inner_join(assessments::table)
            .filter(idempotency_keys::idempotency_key.eq(key))
            .select((IdempotencyRow::as_select(), assessments::result))
    )
    .optional()?;
    Ok(found.map(|(row, result)| KeptReply { row, result }))
}

/// Forgets the reply kept for one key.
pub fn forget(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.find(key)).execute(conn).map(drop)
}

prepared!(
    /// Inserts a kept reply.
    InsertKept(IdempotencyRow) = "INSERT INTO idempotency_keys \
        (idempotency_key, request_hash, assessment_id, token, created_at) VALUES (?, ?, ?, ?, ?)",
    [idempotency_key: Text, request_hash: Text, assessment_id: Text, token: Nullable<Text>, created_at: Timestamp]
);

/// Keeps a reply; fails with a unique violation when another request won the race.
pub fn insert(conn: &mut DbConn, row: &IdempotencyRow) -> QueryResult<()> {
    on_backend!(conn, execute, InsertKept(row)).map(drop)
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

/// Blanks the kept replies of erased checks: the token and the request's
/// hash go. The key itself stays until it expires, so a retry learns the
/// check is gone instead of storing it again.
pub fn scrub_for(conn: &mut DbConn, assessment_ids: &[String]) -> QueryResult<usize> {
    diesel::update(idempotency_keys::table.filter(idempotency_keys::assessment_id.eq_any(assessment_ids)))
        .set((idempotency_keys::token.eq(None::<String>), idempotency_keys::request_hash.eq("")))
        .execute(conn)
}
