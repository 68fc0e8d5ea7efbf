//! Kept `Idempotency-Key` replies. A row keeps what a retry needs beyond the
//! check itself: the request's hash, the check, and the visitor's token
//! sealed; the reply is rebuilt from the check's stored result, so the result
//! is stored once. Neither the key nor the token is stored as sent
//! (`services::idempotency_key` says how).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::{
    DbConn,
    prepared::prepared,
    schema::{assessments, idempotency_keys, unsealed_replies},
};

/// The row kept for a key.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    /// Derived from the key (`IdempotencyKey::lookup`); not the key.
    pub key_lookup: String,
    pub request_hash: String,
    /// The check the first request stored.
    pub assessment_id: String,
    /// The visitor's token sealed with the key (`IdempotencyKey::seal`);
    /// `None` once the check was erased.
    pub sealed_token: Option<String>,
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
pub fn find(conn: &mut DbConn, lookup: &str) -> QueryResult<Option<KeptReply>> {
    // One equality, not `IN` or `OR`: SQLite plans those again on every
    // call with new values (a third of a keyed post's writer time, perf).
    let found: Option<(IdempotencyRow, Option<String>)> = on_backend!(
        conn,
        get_result,
        idempotency_keys::table
            .inner_join(assessments::table)
            .filter(idempotency_keys::key_lookup.eq(lookup))
            .select((IdempotencyRow::as_select(), assessments::result))
    )
    .optional()?;
    Ok(found.map(|(row, result)| KeptReply { row, result }))
}

/// When the newest reply still kept (with its token) for a check was made.
pub fn kept_for(conn: &mut DbConn, assessment_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    idempotency_keys::table
        .filter(idempotency_keys::assessment_id.eq(assessment_id))
        .filter(idempotency_keys::sealed_token.is_not_null())
        .select(diesel::dsl::max(idempotency_keys::created_at))
        .get_result(conn)
}

/// Forgets the reply kept under one lookup.
pub fn forget(conn: &mut DbConn, lookup: &str) -> QueryResult<()> {
    diesel::delete(idempotency_keys::table.find(lookup)).execute(conn).map(drop)
}

prepared!(
    /// Inserts a kept reply.
    InsertKept(IdempotencyRow) = "INSERT INTO idempotency_keys \
        (key_lookup, request_hash, assessment_id, sealed_token, created_at) VALUES (?, ?, ?, ?, ?)",
    [key_lookup: Text, request_hash: Text, assessment_id: Text, sealed_token: Nullable<Text>, created_at: Timestamp]
);

/// Keeps a reply; fails with a unique violation when another request won the race.
pub fn insert(conn: &mut DbConn, row: &IdempotencyRow) -> QueryResult<()> {
    on_backend!(conn, execute, InsertKept(row)).map(drop)
}

prepared!(
    /// Inserts a kept reply unless its lookup has one.
    InsertKeptIfNew(IdempotencyRow) = "INSERT INTO idempotency_keys \
        (key_lookup, request_hash, assessment_id, sealed_token, created_at) VALUES (?, ?, ?, ?, ?) \
        ON CONFLICT (key_lookup) DO NOTHING",
    [key_lookup: Text, request_hash: Text, assessment_id: Text, sealed_token: Nullable<Text>, created_at: Timestamp]
);

/// Keeps a reply unless one is kept under its lookup already (however old,
/// and whether another transaction or this one kept it: PostgreSQL waits for
/// another transaction's to commit or roll back); whether it kept this one.
/// Its check may be stored after it, in the same transaction: the reference
/// is checked at commit.
pub fn insert_if_new(conn: &mut DbConn, row: &IdempotencyRow) -> QueryResult<bool> {
    on_backend!(conn, execute, InsertKeptIfNew(row)).map(|inserted| inserted == 1)
}

/// Forgets up to `limit` replies older than `before`; how many it forgot.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    let expired: Vec<String> = idempotency_keys::table
        .filter(idempotency_keys::created_at.lt(before))
        .select(idempotency_keys::key_lookup)
        .limit(limit)
        .load(conn)?;
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::key_lookup.eq_any(expired)))
        .filter(idempotency_keys::created_at.lt(before))
        .execute(conn)
}

/// Blanks the kept replies of erased checks: the token and the request's
/// hash go. The key itself stays until it expires, so a retry learns the
/// check is gone instead of storing it again.
pub fn scrub_for(conn: &mut DbConn, assessment_ids: &[String]) -> QueryResult<usize> {
    diesel::update(idempotency_keys::table.filter(idempotency_keys::assessment_id.eq_any(assessment_ids)))
        .set((idempotency_keys::sealed_token.eq(None::<String>), idempotency_keys::request_hash.eq("")))
        .execute(conn)
}

/// A reply kept by a version before sealing (migration 11 moved them aside):
/// the key and the token as the client and the server sent them.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = unsealed_replies)]
pub struct UnsealedRow {
    pub idempotency_key: String,
    pub request_hash: String,
    pub assessment_id: String,
    pub token: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Up to `limit` replies an earlier version kept unsealed.
pub fn unsealed(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<UnsealedRow>> {
    unsealed_replies::table.select(UnsealedRow::as_select()).limit(limit).load(conn)
}

/// Replaces unsealed replies with their sealed rows, in the caller's transaction.
pub fn replace_unsealed(conn: &mut DbConn, old: &[String], sealed: &[IdempotencyRow]) -> QueryResult<()> {
    diesel::delete(unsealed_replies::table.filter(unsealed_replies::idempotency_key.eq_any(old)))
        .execute(conn)?;
    for row in sealed {
        insert(conn, row)?;
    }
    Ok(())
}
