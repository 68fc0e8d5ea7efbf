//! Assessment rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use solecheck_shared::{
    answers::{Locale, Source},
    result::{Hint, ReferralLevel},
};

use super::{
    DbConn, Key,
    prepared::prepared,
    schema::{assessments, exercise_sessions},
};

/// One stored check.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = assessments)]
pub struct AssessmentRow {
    pub id: String,
    pub token_hash: String,
    pub questionnaire_version: String,
    pub locale: Key<Locale>,
    pub source: Key<Source>,
    /// The answers as JSON; `None` once erased.
    pub answers: Option<String>,
    /// The result as JSON; `None` once erased.
    pub result: Option<String>,
    pub hint: Key<Hint>,
    pub referral_level: Key<ReferralLevel>,
    pub created_at: NaiveDateTime,
    pub erased_at: Option<NaiveDateTime>,
}

prepared!(
    /// Inserts a check.
    InsertCheck(AssessmentRow) = "INSERT INTO assessments (id, token_hash, questionnaire_version, locale, \
        source, answers, result, hint, referral_level, created_at, erased_at) \
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
        id: Text, token_hash: Text, questionnaire_version: Text, locale: Text, source: Text,
        answers: Nullable<Text>, result: Nullable<Text>, hint: Text, referral_level: Text,
        created_at: Timestamp, erased_at: Nullable<Timestamp>,
    ]
);

/// Stores a new check; its writer counts it for the figures
/// (`services::batch::Batch::count_check`).
pub fn insert(conn: &mut DbConn, row: &AssessmentRow) -> QueryResult<()> {
    on_backend!(conn, execute, InsertCheck(row)).map(drop)
}

/// One check by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<AssessmentRow>> {
    assessments::table.find(id).select(AssessmentRow::as_select()).get_result(conn).optional()
}

/// The token hash of a check, to authorise its visitor.
pub fn token_hash(conn: &mut DbConn, id: &str) -> QueryResult<Option<String>> {
    on_backend!(conn, get_result, assessments::table.find(id).select(assessments::token_hash)).optional()
}

/// The referral level of a check (erased ones keep it).
pub fn referral_level(conn: &mut DbConn, id: &str) -> QueryResult<Option<Key<ReferralLevel>>> {
    on_backend!(conn, get_result, assessments::table.find(id).select(assessments::referral_level)).optional()
}

/// Erases the health data of these checks, the visitor's DELETE and the
/// retention sweep alike: the answers and result go, and with them the
/// sessions logged against the plan and the visitor's token kept for an
/// `Idempotency-Key`. What the figures count (week, hint, referral level,
/// source) stays, and codes already issued stay valid. How many checks still
/// had their data.
pub fn erase(conn: &mut DbConn, ids: &[String], now: NaiveDateTime) -> QueryResult<usize> {
    let erased = diesel::update(
        assessments::table.filter(assessments::id.eq_any(ids)).filter(assessments::erased_at.is_null()),
    )
    .set((
        assessments::answers.eq(None::<String>),
        assessments::result.eq(None::<String>),
        assessments::erased_at.eq(Some(now)),
    ))
    .execute(conn)?;
    // Run on a repeated erasure too; they find nothing left to remove.
    diesel::delete(exercise_sessions::table.filter(exercise_sessions::assessment_id.eq_any(ids)))
        .execute(conn)?;
    super::idempotency::scrub_for(conn, ids)?;
    Ok(erased)
}

/// Up to `limit` checks created before `before` that still hold answers,
/// oldest first (the retention sweep's next batch).
pub fn unerased_before(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> QueryResult<Vec<String>> {
    assessments::table
        .filter(assessments::erased_at.is_null())
        .filter(assessments::created_at.lt(before))
        .order(assessments::created_at.asc())
        .select(assessments::id)
        .limit(limit)
        .load(conn)
}

/// What the staff list shows of a check (no answers, result or token).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = assessments)]
pub struct ListedRow {
    pub id: String,
    pub questionnaire_version: String,
    pub locale: Key<Locale>,
    pub source: Key<Source>,
    pub hint: Key<Hint>,
    pub referral_level: Key<ReferralLevel>,
    pub created_at: NaiveDateTime,
    pub erased_at: Option<NaiveDateTime>,
}

/// A page of checks, newest first, after the `(created_at, id)` cursor.
pub fn page(
    conn: &mut DbConn,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<ListedRow>> {
    let mut query = assessments::table
        .select(ListedRow::as_select())
        .order((assessments::created_at.desc(), assessments::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(super::row_before("assessments.created_at", "assessments.id", at, id));
    }
    query.load(conn)
}
