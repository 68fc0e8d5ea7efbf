//! Exercise sessions and the figures of assessments and codes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{
    DbConn,
    schema::{assessments, campaigns, codes, exercise_sessions},
};

/// One logged session.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = exercise_sessions)]
pub struct SessionRow {
    pub id: String,
    pub assessment_id: String,
    pub plan_key: super::Key<solecheck_shared::result::PlanKey>,
    pub performed_on: NaiveDate,
    pub sets_done: Option<i32>,
    pub created_at: NaiveDateTime,
}

/// Logs a session.
pub fn insert(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(exercise_sessions::table).values(row).execute(conn).map(drop)
}

/// An assessment's sessions, oldest first.
pub fn of(conn: &mut DbConn, assessment_id: &str) -> QueryResult<Vec<SessionRow>> {
    exercise_sessions::table
        .filter(exercise_sessions::assessment_id.eq(assessment_id))
        .order((exercise_sessions::performed_on.asc(), exercise_sessions::created_at.asc()))
        .select(SessionRow::as_select())
        .load(conn)
}

/// (hint, referral level, created at) of every assessment.
pub fn assessment_summaries(conn: &mut DbConn) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    assessments::table
        .select((assessments::hint, assessments::referral_level, assessments::created_at))
        .load(conn)
}

/// (campaign slug, title, redeemed?) of every code.
pub fn code_summaries(conn: &mut DbConn) -> QueryResult<Vec<(String, String, Option<NaiveDateTime>)>> {
    codes::table
        .inner_join(campaigns::table)
        .select((campaigns::slug, campaigns::title, codes::redeemed_at))
        .load(conn)
}

/// (slug, title) of every campaign, so campaigns without codes show as zero.
pub fn campaign_names(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    campaigns::table.order(campaigns::starts_on.asc()).select((campaigns::slug, campaigns::title)).load(conn)
}
