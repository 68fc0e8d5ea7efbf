//! Sign-in attempts per subject (`account:EMAIL` or `address:IP`), counted
//! before a password or code is checked (`services::throttle`). Each step is
//! one statement, so parallel attempts on several connections, or several
//! processes on one PostgreSQL, each get a number of their own.

use chrono::NaiveDateTime;
use diesel::prelude::*;

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

/// Counts one attempt of `subject`: a window that started at or before
/// `stale` and locks nothing at `now` starts again at `now`. The record
/// with this attempt counted (`failures` is the attempt's number).
pub fn count(
    conn: &mut DbConn,
    subject: &str,
    now: NaiveDateTime,
    stale: NaiveDateTime,
) -> QueryResult<AttemptRow> {
    let first =
        AttemptRow { subject: subject.to_owned(), failures: 0, window_started_at: now, locked_until: None };
    let insert = diesel::insert_into(login_failures::table)
        .values(&first)
        .on_conflict(login_failures::subject)
        .do_nothing();
    on_backend!(conn, execute, insert)?;
    // PostgreSQL checks the condition again once it holds the row, so of two
    // attempts racing here only the first starts the window again.
    let over = login_failures::window_started_at
        .le(stale)
        .and(login_failures::locked_until.is_null().or(login_failures::locked_until.le(now)));
    diesel::update(login_failures::table.find(subject).filter(over))
        .set((
            login_failures::failures.eq(0),
            login_failures::window_started_at.eq(now),
            login_failures::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    let bump = diesel::update(login_failures::table.find(subject))
        .set(login_failures::failures.eq(login_failures::failures + 1))
        .returning((
            login_failures::subject,
            login_failures::failures,
            login_failures::window_started_at,
            login_failures::locked_until,
        ));
    on_backend!(conn, get_result, bump)
}

/// Locks `subject` until `until`.
pub fn lock(conn: &mut DbConn, subject: &str, until: NaiveDateTime) -> QueryResult<()> {
    diesel::update(login_failures::table.find(subject))
        .set(login_failures::locked_until.eq(Some(until)))
        .execute(conn)
        .map(drop)
}

/// Takes back one counted attempt of `subject` that did not fail.
pub fn uncount(conn: &mut DbConn, subject: &str) -> QueryResult<()> {
    diesel::update(login_failures::table.find(subject).filter(login_failures::failures.gt(0)))
        .set(login_failures::failures.eq(login_failures::failures - 1))
        .execute(conn)
        .map(drop)
}

/// Forgets a subject's attempts (after a successful sign-in).
pub fn clear(conn: &mut DbConn, subject: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.find(subject)).execute(conn).map(drop)
}

/// Deletes up to `limit` records whose window started before `before` and
/// that lock nothing at `now`: they no longer count. How many went.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime, now: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    let stale = login_failures::window_started_at
        .lt(before)
        .and(login_failures::locked_until.is_null().or(login_failures::locked_until.le(now)));
    let subjects: Vec<String> =
        login_failures::table.filter(stale).select(login_failures::subject).limit(limit).load(conn)?;
    diesel::delete(login_failures::table.filter(login_failures::subject.eq_any(subjects))).execute(conn)
}
