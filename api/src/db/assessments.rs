//! Assessment rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use solecheck_shared::{
    answers::{Locale, Source},
    result::{Hint, ReferralLevel},
};

use super::{DbConn, Key, prepared::prepared, schema::assessments};

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

/// Erases the health data of a check; true when there was something to erase.
pub fn erase(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let erased = diesel::update(assessments::table.find(id).filter(assessments::erased_at.is_null()))
        .set((
            assessments::answers.eq(None::<String>),
            assessments::result.eq(None::<String>),
            assessments::erased_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(erased > 0)
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
