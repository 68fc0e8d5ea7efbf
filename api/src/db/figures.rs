//! The counts behind `GET /v1/stats`, kept in the transaction of the writes
//! they count: the group commit (`services::batch`) adds the checks of each
//! batch per clinic-local day with [`add_checks`], and [`super::codes::insert`],
//! `redeem` and `unredeem` count codes. Reading the figures then costs one row
//! per day and kind of result, however many checks there are.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{
    DbConn,
    schema::{assessments, campaigns, check_counts, check_counts_zone, code_counts, codes},
};

/// Checks of one clinic-local day with one hint and referral level.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_counts)]
pub struct CheckCount {
    pub day: NaiveDate,
    pub hint: String,
    pub referral_level: String,
    pub checks: i64,
}

/// Adds `checks` checks to a day's count.
pub fn add_checks(
    conn: &mut DbConn,
    day: NaiveDate,
    hint: &str,
    referral_level: &str,
    checks: i64,
) -> QueryResult<()> {
    let some = CheckCount { day, hint: hint.to_owned(), referral_level: referral_level.to_owned(), checks };
    let upsert = diesel::insert_into(check_counts::table)
        .values(some)
        .on_conflict((check_counts::day, check_counts::hint, check_counts::referral_level))
        .do_update()
        .set(check_counts::checks.eq(check_counts::checks + checks));
    on_backend!(conn, execute, upsert).map(drop)
}

/// Adds one issued code to its campaign's count.
pub fn count_issued(conn: &mut DbConn, campaign_id: &str) -> QueryResult<()> {
    let upsert = diesel::insert_into(code_counts::table)
        .values((
            code_counts::campaign_id.eq(campaign_id),
            code_counts::issued.eq(1),
            code_counts::redeemed.eq(0),
        ))
        .on_conflict(code_counts::campaign_id)
        .do_update()
        .set(code_counts::issued.eq(code_counts::issued + 1));
    on_backend!(conn, execute, upsert).map(drop)
}

/// Adds `delta` (1 or -1) to the redeemed count of `code`'s campaign.
pub fn count_redeemed(conn: &mut DbConn, code: &str, delta: i64) -> QueryResult<()> {
    let campaign = codes::table.find(code).select(codes::campaign_id).single_value();
    let update = diesel::update(code_counts::table.filter(code_counts::campaign_id.nullable().eq(campaign)))
        .set(code_counts::redeemed.eq(code_counts::redeemed + delta));
    on_backend!(conn, execute, update).map(drop)
}

/// Every day's counts, oldest first.
pub fn check_counts(conn: &mut DbConn) -> QueryResult<Vec<CheckCount>> {
    check_counts::table.order(check_counts::day.asc()).select(CheckCount::as_select()).load(conn)
}

/// A campaign's code counts, zero when it has none.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct CodeCount {
    pub slug: String,
    pub title: String,
    pub issued: Option<i64>,
    pub redeemed: Option<i64>,
}

/// Every campaign's code counts, oldest campaign first.
pub fn code_counts(conn: &mut DbConn) -> QueryResult<Vec<CodeCount>> {
    campaigns::table
        .left_join(code_counts::table)
        .order(campaigns::starts_on.asc())
        .select((
            campaigns::slug,
            campaigns::title,
            code_counts::issued.nullable(),
            code_counts::redeemed.nullable(),
        ))
        .load(conn)
}

/// The time zone the day counts were made in, if they were ever made.
pub fn counted_zone(conn: &mut DbConn) -> QueryResult<Option<String>> {
    check_counts_zone::table.select(check_counts_zone::zone).get_result(conn).optional()
}

/// Up to `limit` checks' (created at, id, hint, referral level) after the
/// `(created_at, id)` of `after`, oldest first: the input of a recount.
pub fn checks_after(
    conn: &mut DbConn,
    after: Option<(chrono::NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<(chrono::NaiveDateTime, String, String, String)>> {
    let mut query = assessments::table
        .select((assessments::created_at, assessments::id, assessments::hint, assessments::referral_level))
        .order((assessments::created_at.asc(), assessments::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(super::row_after("assessments.created_at", "assessments.id", at, id));
    }
    query.load(conn)
}

/// Replaces every day count with `counts`, made in `zone`.
pub fn replace_check_counts(conn: &mut DbConn, zone: &str, counts: &[CheckCount]) -> QueryResult<()> {
    diesel::delete(check_counts::table).execute(conn)?;
    diesel::delete(check_counts_zone::table).execute(conn)?;
    for count in counts {
        diesel::insert_into(check_counts::table).values(count).execute(conn)?;
    }
    diesel::insert_into(check_counts_zone::table)
        .values(check_counts_zone::zone.eq(zone))
        .execute(conn)
        .map(drop)
}

/// Keeps other writers of checks out until the transaction ends, so a
/// recount misses none (SQLite's write lock does this already).
pub fn lock_checks(conn: &mut DbConn) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConn::Pg(c) => c.batch_execute("LOCK TABLE assessments IN SHARE MODE"),
        DbConn::Sqlite(_) => Ok(()),
    }
}
