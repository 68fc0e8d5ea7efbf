//! Sign-in attempts per subject (`account:EMAIL` or `address:IP`), counted
//! before a password or code is checked (`services::throttle`). Each step is
//! one statement, so parallel attempts on several connections, or several
//! processes on one PostgreSQL, each get a number of their own, and a
//! window is only ever restarted by the attempt that finds it over.

use chrono::NaiveDateTime;
use diesel::{
    dsl::case_when,
    prelude::*,
    sql_types::{Integer, Timestamp},
};

use super::{DbConn, schema::login_failures};

/// One subject's attempts in its window: those that failed, and those whose
/// check is still under way.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = login_failures)]
pub struct AttemptRow {
    pub subject: String,
    pub failures: i32,
    pub window_started_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
}

/// Counts one attempt of `subject`, in one statement: a window that started
/// at or before `stale` and locks nothing at `now` starts again at `now`
/// with this attempt. The record with this attempt counted (`failures` is
/// the attempt's number in its window).
pub fn count(
    conn: &mut DbConn,
    subject: &str,
    now: NaiveDateTime,
    stale: NaiveDateTime,
) -> QueryResult<AttemptRow> {
    let first =
        AttemptRow { subject: subject.to_owned(), failures: 1, window_started_at: now, locked_until: None };
    let over = || {
        login_failures::window_started_at
            .le(stale)
            .and(login_failures::locked_until.is_null().or(login_failures::locked_until.le(now)))
    };
    let upsert = diesel::insert_into(login_failures::table)
        .values(&first)
        .on_conflict(login_failures::subject)
        .do_update()
        .set((
            login_failures::failures
                .eq(case_when(over(), 1.into_sql::<Integer>()).otherwise(login_failures::failures + 1)),
            login_failures::window_started_at
                .eq(case_when(over(), now.into_sql::<Timestamp>())
                    .otherwise(login_failures::window_started_at)),
        ))
        .returning((
            login_failures::subject,
            login_failures::failures,
            login_failures::window_started_at,
            login_failures::locked_until,
        ));
    on_backend!(conn, get_result, upsert)
}

/// Locks `subject` until `until`, if its window is still the one that
/// started at `window`.
pub fn lock(
    conn: &mut DbConn,
    subject: &str,
    window: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(login_failures::table.find(subject).filter(login_failures::window_started_at.eq(window)))
        .set(login_failures::locked_until.eq(Some(until)))
        .execute(conn)
        .map(drop)
}

/// Takes back one counted attempt of `subject` that did not fail, if its
/// window is still the one that started at `window` (a new window never
/// counted it).
pub fn uncount(conn: &mut DbConn, subject: &str, window: NaiveDateTime) -> QueryResult<()> {
    let counted = login_failures::table
        .find(subject)
        .filter(login_failures::window_started_at.eq(window))
        .filter(login_failures::failures.gt(0));
    diesel::update(counted)
        .set(login_failures::failures.eq(login_failures::failures - 1))
        .execute(conn)
        .map(drop)
}

/// How many attempts of `subject` are counted now (0 with no record).
#[cfg(test)]
pub fn failures(conn: &mut DbConn, subject: &str) -> QueryResult<i32> {
    let counted = login_failures::table.find(subject).select(login_failures::failures);
    Ok(counted.get_result(conn).optional()?.unwrap_or(0))
}

/// Forgets a subject's attempts (after a successful sign-in).
pub fn clear(conn: &mut DbConn, subject: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.find(subject)).execute(conn).map(drop)
}

/// Deletes up to `limit` records whose window started before `before` and
/// that lock nothing at `now`: they no longer count. The condition is asked
/// again as each is deleted, so a record an attempt just counted stays. How
/// many went.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime, now: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    let stale = || {
        login_failures::window_started_at
            .lt(before)
            .and(login_failures::locked_until.is_null().or(login_failures::locked_until.le(now)))
    };
    let subjects: Vec<String> =
        login_failures::table.filter(stale()).select(login_failures::subject).limit(limit).load(conn)?;
    diesel::delete(login_failures::table.filter(login_failures::subject.eq_any(subjects)).filter(stale()))
        .execute(conn)
}
