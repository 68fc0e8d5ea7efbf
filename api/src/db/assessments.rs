//! Assessment rows.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{DbConn, schema::assessments};

/// One stored check.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = assessments)]
pub struct AssessmentRow {
    pub id: String,
    pub token_hash: String,
    pub questionnaire_version: String,
    pub locale: String,
    pub source: String,
    /// The answers as JSON; `None` once erased.
    pub answers: Option<String>,
    /// The result as JSON; `None` once erased.
    pub result: Option<String>,
    pub hint: String,
    pub referral_level: String,
    pub created_at: NaiveDateTime,
    pub erased_at: Option<NaiveDateTime>,
}

/// Stores a new check.
pub fn insert(conn: &mut DbConn, row: &AssessmentRow) -> QueryResult<()> {
    diesel::insert_into(assessments::table).values(row).execute(conn).map(drop)
}

/// One check by id.
pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<AssessmentRow>> {
    assessments::table.find(id).select(AssessmentRow::as_select()).first(conn).optional()
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

/// A page of checks, newest first, after the `(created_at, id)` cursor.
pub fn page(
    conn: &mut DbConn,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<AssessmentRow>> {
    let mut query = assessments::table
        .select(AssessmentRow::as_select())
        .order((assessments::created_at.desc(), assessments::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(
            assessments::created_at.lt(at).or(assessments::created_at.eq(at).and(assessments::id.lt(id))),
        );
    }
    query.load(conn)
}
