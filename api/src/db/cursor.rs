//! Cursor conditions for the `(time, id)` sort keys of the paged lists.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Backend;

/// A cursor condition on a `(time, id)` sort key.
type KeyCondition<QS> = Box<dyn BoxableExpression<QS, Backend, SqlType = diesel::sql_types::Bool>>;

/// `(at_column, id_column) op (at, id)`: one row comparison, which both
/// databases answer by seeking an index on the two columns. The same filter
/// written as `at < x OR (at = x AND id < y)` made PostgreSQL filter every row
/// before the cursor (29 ms at depth 45,000; this form 0.17 ms).
fn key_condition<QS>(
    at_column: &str,
    id_column: &str,
    op: &str,
    at: NaiveDateTime,
    id: String,
) -> KeyCondition<QS> {
    use diesel::sql_types::{Bool, Text, Timestamp};
    Box::new(
        diesel::dsl::sql::<Bool>(&format!("({at_column}, {id_column}) {op} ("))
            .bind::<Timestamp, _>(at)
            .sql(", ")
            .bind::<Text, _>(id)
            .sql(")"),
    )
}

/// Rows after `(at, id)` in `(at_column, id_column)` order (qualified names).
pub fn row_after<QS>(at_column: &str, id_column: &str, at: NaiveDateTime, id: String) -> KeyCondition<QS> {
    key_condition(at_column, id_column, ">", at, id)
}

/// Rows before `(at, id)` in `(at_column, id_column)` order (qualified names).
pub fn row_before<QS>(at_column: &str, id_column: &str, at: NaiveDateTime, id: String) -> KeyCondition<QS> {
    key_condition(at_column, id_column, "<", at, id)
}
