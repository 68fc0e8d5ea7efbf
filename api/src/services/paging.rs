//! Cursor paging for every list the API returns: a page holds at most
//! `limit` rows in a fixed order, and `next_cursor` names the last row shown,
//! so the next page starts after it however rows are added meanwhile. Cursors
//! are opaque to clients (base64url of the sort key's parts).

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;

use crate::error::ApiError;

/// Rows on a page unless the client asks otherwise.
pub const DEFAULT_LIMIT: i64 = 50;
/// Most rows on one page.
pub const MAX_LIMIT: i64 = 100;
/// Separates the sort key's parts inside a cursor (never in a key).
const SEPARATOR: char = '\u{1f}';

/// `?cursor=&limit=` of a list route; its OpenAPI parameters too (the
/// document's bounds are checked against the constants by a unit test).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// Rows on the page: 1 to 100, default 50.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

impl PageQuery {
    /// The limit asked for, checked; rows to fetch are one more, to know
    /// whether another page follows.
    pub fn limit(&self) -> Result<i64, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if (1..=MAX_LIMIT).contains(&limit) {
            Ok(limit)
        } else {
            Err(ApiError::BadRequest(format!("limit must be 1 to {MAX_LIMIT}")))
        }
    }

    /// The cursor's `parts` sort-key parts, if a cursor was given.
    pub fn after(&self, parts: usize) -> Result<Option<Vec<String>>, ApiError> {
        self.cursor.as_deref().map(|cursor| decode(cursor, parts)).transpose()
    }

    /// The (instant, id) of the row a cursor made by [`instant_cursor`] names.
    pub fn after_instant(&self) -> Result<Option<(NaiveDateTime, String)>, ApiError> {
        match self.after(2)?.as_deref() {
            Some([at, id]) => Ok(Some((parse_instant(at)?, id.clone()))),
            Some(_) => Err(not_ours()),
            None => Ok(None),
        }
    }
}

/// The cursor of a row sorted by (instant, id).
pub fn instant_cursor(at: NaiveDateTime, id: &str) -> String {
    encode(&[&instant_part(at), id])
}

/// A cursor this server did not give out (or gave out for another list).
pub fn not_ours() -> ApiError {
    ApiError::BadRequest("the cursor is not one this server gave out".into())
}

/// A cursor for a row whose sort key is `parts`.
pub fn encode(parts: &[&str]) -> String {
    URL_SAFE_NO_PAD.encode(parts.join(&SEPARATOR.to_string()))
}

fn decode(cursor: &str, parts: usize) -> Result<Vec<String>, ApiError> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| not_ours())?;
    let text = String::from_utf8(bytes).map_err(|_| not_ours())?;
    let found: Vec<String> = text.split(SEPARATOR).map(str::to_owned).collect();
    if found.len() == parts { Ok(found) } else { Err(not_ours()) }
}

/// A timestamp as a cursor part, to the nanosecond: SQLite keeps every digit
/// it was given, and a cursor rounded to microseconds would show a row twice.
pub fn instant_part(at: NaiveDateTime) -> String {
    at.and_utc().timestamp_nanos_opt().unwrap_or(i64::MAX).to_string()
}

/// A cursor part made by [`instant_part`].
pub fn parse_instant(part: &str) -> Result<NaiveDateTime, ApiError> {
    let nanos: i64 = part.parse().map_err(|_| not_ours())?;
    Ok(DateTime::from_timestamp_nanos(nanos).naive_utc())
}

/// Cuts the `limit + 1` rows fetched to a page; the cursor of its last row
/// when more follow.
pub fn cut<R>(mut rows: Vec<R>, limit: i64, cursor_of: impl Fn(&R) -> String) -> (Vec<R>, Option<String>) {
    let keep = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > keep;
    rows.truncate(keep);
    let next = if more { rows.last().map(cursor_of) } else { None };
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_strangers_are_refused() {
        let query = PageQuery { cursor: Some(encode(&["2027-01-01", "new-year"])), limit: None };
        assert_eq!(query.after(2).unwrap(), Some(vec!["2027-01-01".to_owned(), "new-year".to_owned()]));
        assert!(query.after(1).is_err(), "a cursor of another list");
        assert!(PageQuery { cursor: Some("!!".into()), limit: None }.after(1).is_err());
        assert_eq!(PageQuery::default().after(1).unwrap(), None);
        let at = DateTime::from_timestamp_nanos(1_790_000_000_123_456_789).naive_utc();
        assert_eq!(parse_instant(&instant_part(at)).unwrap(), at);
        let query = PageQuery { cursor: Some(instant_cursor(at, "row-1")), limit: None };
        assert_eq!(query.after_instant().unwrap(), Some((at, "row-1".to_owned())));
    }

    #[test]
    fn limits_are_checked_and_pages_cut() {
        assert_eq!(PageQuery::default().limit().unwrap(), DEFAULT_LIMIT);
        for bad in [0, -1, MAX_LIMIT + 1] {
            assert!(PageQuery { cursor: None, limit: Some(bad) }.limit().is_err());
        }
        let (rows, next) = cut(vec![1, 2, 3], 2, |r| r.to_string());
        assert_eq!((rows, next), (vec![1, 2], Some("2".to_owned())));
        let (rows, next) = cut(vec![1, 2], 2, |r| r.to_string());
        assert_eq!((rows, next), (vec![1, 2], None));
    }
}
