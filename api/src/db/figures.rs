//! The counts behind `GET /v1/stats`, kept in the transaction of the writes
//! they count: the group commit (`services::batch`) adds the checks and codes
//! of each batch, per clinic-local week with [`add_checks`] and per campaign
//! with [`add_codes`], and an un-redeem takes one off. Reading the figures
//! then costs one row per week and kind of result, however many checks there are.

use chrono::NaiveDate;
use diesel::sql_types::{BigInt, Date, Text};
use diesel::{
    deserialize::{self, FromSql, FromSqlRow},
    prelude::*,
};

use solecheck_shared::result::{Hint, ReferralLevel};

use super::{
    DbConn, Key,
    prepared::prepared,
    schema::{assessments, campaigns, check_counts, check_counts_zone, code_counts},
};

/// Checks of one clinic-local week (from its Monday) with one hint and
/// referral level.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_counts)]
pub struct CheckCount {
    pub week_start: NaiveDate,
    pub hint: Key<Hint>,
    pub referral_level: Key<ReferralLevel>,
    pub checks: i64,
}

prepared!(
    /// Adds a number of checks to a week's count.
    AddChecks(CheckCount) = "INSERT INTO check_counts (week_start, hint, referral_level, checks) \
        VALUES (?, ?, ?, ?) ON CONFLICT (week_start, hint, referral_level) \
        DO UPDATE SET checks = check_counts.checks + excluded.checks",
    [week_start: Date, hint: Text, referral_level: Text, checks: BigInt]
);

/// Adds `checks` checks to the count of the week starting on `week_start`.
pub fn add_checks(
    conn: &mut DbConn,
    week_start: NaiveDate,
    hint: Hint,
    referral_level: ReferralLevel,
    checks: i64,
) -> QueryResult<()> {
    let some = CheckCount { week_start, hint: Key(hint), referral_level: Key(referral_level), checks };
    on_backend!(conn, execute, AddChecks(&some)).map(drop)
}

/// Codes issued and redeemed to add to a campaign's counts.
struct CodeDelta {
    campaign_id: String,
    issued: i64,
    redeemed: i64,
}

prepared!(
    /// Adds issued and redeemed codes to a campaign's counts.
    AddCodes(CodeDelta) = "INSERT INTO code_counts (campaign_id, issued, redeemed) VALUES (?, ?, ?) \
        ON CONFLICT (campaign_id) DO UPDATE SET issued = code_counts.issued + excluded.issued, \
        redeemed = code_counts.redeemed + excluded.redeemed",
    [campaign_id: Text, issued: BigInt, redeemed: BigInt]
);

/// Adds `issued` issued and `redeemed` redeemed codes (negative for
/// un-redeemed ones) to a campaign's counts.
pub fn add_codes(conn: &mut DbConn, campaign_id: &str, issued: i64, redeemed: i64) -> QueryResult<()> {
    let delta = CodeDelta { campaign_id: campaign_id.to_owned(), issued, redeemed };
    on_backend!(conn, execute, AddCodes(&delta)).map(drop)
}

/// Every week's counts, oldest first.
#[cfg(test)]
pub fn check_counts(conn: &mut DbConn) -> QueryResult<Vec<CheckCount>> {
    check_counts::table.order(check_counts::week_start.asc()).select(CheckCount::as_select()).load(conn)
}

/// A week's Monday as the ISO text the figures carry ("2026-11-30"): taken
/// as it is from SQLite, which stores dates as that text, and written from
/// PostgreSQL's four-byte date here, which costs less than either a date
/// parsed per row or a `to_char` in the query.
#[derive(Debug, Clone, PartialEq, Eq, FromSqlRow)]
pub struct WeekText(pub String);

impl FromSql<Date, diesel::sqlite::Sqlite> for WeekText {
    fn from_sql(value: diesel::sqlite::SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        <String as FromSql<Text, diesel::sqlite::Sqlite>>::from_sql(value).map(WeekText)
    }
}

impl FromSql<Date, diesel::pg::Pg> for WeekText {
    fn from_sql(value: diesel::pg::PgValue<'_>) -> deserialize::Result<Self> {
        <NaiveDate as FromSql<Date, diesel::pg::Pg>>::from_sql(value).map(|day| WeekText(day.to_string()))
    }
}

/// The checks of one week with one hint and referral level, as the
/// figures read them: hint and level as the text the figures are keyed by on
/// the wire, passed through unparsed (rows are written only from typed keys,
/// by [`add_checks`] and the recount).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct WeekCount {
    pub week_start: WeekText,
    pub hint: String,
    pub referral_level: String,
    pub checks: i64,
}

/// Every week's counts in key order, so each week's rows, and within it
/// each hint's, come together.
pub fn week_counts(conn: &mut DbConn) -> QueryResult<Vec<WeekCount>> {
    let query = check_counts::table
        .select((
            check_counts::week_start,
            check_counts::hint,
            check_counts::referral_level,
            check_counts::checks,
        ))
        .order((check_counts::week_start, check_counts::hint, check_counts::referral_level));
    on_backend!(conn, load, query)
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

/// The time zone the week counts were made in, if they were ever made.
pub fn counted_zone(conn: &mut DbConn) -> QueryResult<Option<String>> {
    check_counts_zone::table.select(check_counts_zone::zone).get_result(conn).optional()
}

/// A check as a recount reads it: created at, id, hint, referral level.
pub type CheckKey = (chrono::NaiveDateTime, String, Key<Hint>, Key<ReferralLevel>);

/// Up to `limit` checks' [`CheckKey`] after the
/// `(created_at, id)` of `after`, oldest first: the input of a recount.
pub fn checks_after(
    conn: &mut DbConn,
    after: Option<(chrono::NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<CheckKey>> {
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

/// Replaces every week count with `counts`, made in `zone`.
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
