//! The lock that keeps several API processes on one PostgreSQL from doing the
//! same upkeep at once (`services::retention`).

use diesel::{
    dsl::sql,
    prelude::*,
    sql_types::{BigInt, Bool},
};

use super::DbConn;

/// The advisory lock's number: any fixed value no other lock of this database
/// uses ("SoleChek" in ASCII).
const UPKEEP_LOCK: i64 = 0x536F_6C65_4368_656B;

/// Takes the upkeep lock until the current transaction ends; false at once when
/// another process holds it. On SQLite the one writer connection already lets
/// only one transaction write, so the lock is always free.
pub fn try_lock(conn: &mut DbConn) -> QueryResult<bool> {
    match conn {
        DbConn::Sqlite(_) => Ok(true),
        DbConn::Pg(c) => {
            diesel::select(sql::<Bool>("pg_try_advisory_xact_lock(").bind::<BigInt, _>(UPKEEP_LOCK).sql(")"))
                .get_result(c)
        }
    }
}

/// Takes the upkeep lock until the current transaction ends, waiting for
/// another process to release it (for work every process needs done before
/// it serves).
pub fn lock(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(_) => Ok(()),
        DbConn::Pg(c) => diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(UPKEEP_LOCK)
            .execute(c)
            .map(drop),
    }
}
