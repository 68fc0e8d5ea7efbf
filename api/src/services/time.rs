//! Time on the wire: RFC 3339 in UTC with milliseconds. Stored as naive UTC.

use chrono::{NaiveDateTime, SecondsFormat};

/// A stored UTC timestamp as RFC 3339 (`2026-11-24T22:31:05.123Z`).
pub fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::Millis, true)
}
