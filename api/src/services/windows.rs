//! Campaign windows on the clinic's calendar: local days in its time zone, both
//! inclusive, DST-correct through chrono-tz. A yearly campaign repeats its
//! window every year from its first year on.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use solecheck_shared::api::Recurrence;

/// A run of local days, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// What decides a campaign's windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub recurrence: Recurrence,
}

/// The local date at `now` in `tz`.
pub fn local_today(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// The instant a local day ends (the next local midnight, or the first instant
/// of the next day where a DST change skips midnight).
pub fn end_of_local_day(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
    let mut at = next.and_hms_opt(0, 0, 0).unwrap_or_default();
    // A gap at midnight: the day starts at the first minute that exists.
    for _ in 0..180 {
        if let Some(instant) = tz.from_local_datetime(&at).earliest() {
            return instant.with_timezone(&Utc);
        }
        at += chrono::Duration::minutes(1);
    }
    Utc.from_utc_datetime(&at)
}

/// The last local day before the instant `end` (an `end_of_local_day`): the
/// day a code that expires at `end` can still be used on. People read dates,
/// not instants, and a browser would show `end` itself in its own zone, which
/// is already the next day at the clinic.
pub fn last_local_day(tz: Tz, end: DateTime<Utc>) -> NaiveDate {
    local_today(tz, end - chrono::Duration::seconds(1))
}

/// The same month and day in `year` (29 February becomes the 28th).
fn in_year(date: NaiveDate, year: i32) -> NaiveDate {
    date.with_year(year).or_else(|| date.with_day(28).and_then(|d| d.with_year(year))).unwrap_or(date)
}

impl Schedule {
    /// The window shifted by `years` (0 for the first window).
    fn shifted(&self, years: i32) -> Window {
        Window {
            first: in_year(self.starts_on, self.starts_on.year() + years),
            last: in_year(self.ends_on, self.ends_on.year() + years),
        }
    }

    /// Windows that could contain or follow `day`, in order.
    fn candidates(&self, day: NaiveDate) -> Vec<Window> {
        match self.recurrence {
            Recurrence::None => vec![self.shifted(0)],
            Recurrence::Yearly => {
                let from = (day.year() - self.starts_on.year() - 1).max(0);
                (from..=from + 2).map(|years| self.shifted(years)).collect()
            }
        }
    }

    /// The window containing `day`, if any.
    pub fn window_on(&self, day: NaiveDate) -> Option<Window> {
        self.candidates(day).into_iter().find(|w| w.first <= day && day <= w.last)
    }

    /// The first window that starts after `day`.
    pub fn next_after(&self, day: NaiveDate) -> Option<Window> {
        self.candidates(day).into_iter().find(|w| w.first > day)
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::America::Denver;

    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn january() -> Schedule {
        Schedule {
            starts_on: date("2026-01-01"),
            ends_on: date("2026-01-31"),
            recurrence: Recurrence::Yearly,
        }
    }

    #[test]
    fn local_midnight_on_the_first_and_last_day() {
        let s = january();
        // 2027-01-01 00:00 in Denver (MST, UTC-7) is 07:00 UTC.
        assert_eq!(local_today(Denver, utc("2027-01-01T06:59:59Z")), date("2026-12-31"));
        assert_eq!(s.window_on(local_today(Denver, utc("2027-01-01T06:59:59Z"))), None);
        let first = s.window_on(local_today(Denver, utc("2027-01-01T07:00:00Z"))).unwrap();
        assert_eq!(first, Window { first: date("2027-01-01"), last: date("2027-01-31") });
        // The last day runs to local midnight.
        assert_eq!(end_of_local_day(Denver, date("2027-01-31")), utc("2027-02-01T07:00:00Z"));
        assert!(s.window_on(local_today(Denver, utc("2027-02-01T06:59:59Z"))).is_some());
        assert!(s.window_on(local_today(Denver, utc("2027-02-01T07:00:00Z"))).is_none());
    }

    #[test]
    fn windows_across_daylight_saving_changes() {
        // DST starts 2026-03-08 (02:00 -> 03:00) and ends 2026-11-01 in Denver.
        let march = Schedule {
            starts_on: date("2026-03-01"),
            ends_on: date("2026-03-08"),
            recurrence: Recurrence::None,
        };
        // The last day ends at local midnight, now MDT (UTC-6).
        assert_eq!(end_of_local_day(Denver, date("2026-03-08")), utc("2026-03-09T06:00:00Z"));
        assert!(march.window_on(local_today(Denver, utc("2026-03-09T05:59:59Z"))).is_some());
        assert!(march.window_on(local_today(Denver, utc("2026-03-09T06:00:00Z"))).is_none());
        // Its first day began at midnight MST (UTC-7).
        assert!(march.window_on(local_today(Denver, utc("2026-03-01T06:59:59Z"))).is_none());
        assert!(march.window_on(local_today(Denver, utc("2026-03-01T07:00:00Z"))).is_some());
        // Fall back: the 25-hour day of 2026-11-01 ends at 07:00 UTC on the 2nd.
        assert_eq!(end_of_local_day(Denver, date("2026-11-01")), utc("2026-11-02T07:00:00Z"));
        assert_eq!(end_of_local_day(Denver, date("2026-10-31")), utc("2026-11-01T06:00:00Z"));
    }

    #[test]
    fn the_last_local_day_is_the_day_that_ends_at_the_instant() {
        for day in ["2027-01-31", "2026-03-08", "2026-11-01", "2026-10-31", "2026-12-31"] {
            assert_eq!(last_local_day(Denver, end_of_local_day(Denver, date(day))), date(day), "{day}");
        }
        let santiago: Tz = "America/Santiago".parse().unwrap();
        let end = end_of_local_day(santiago, date("2026-09-05"));
        assert_eq!(last_local_day(santiago, end), date("2026-09-05"), "a day whose next midnight is skipped");
        // In UTC the end of a Denver day is already on the next date.
        assert_eq!(end_of_local_day(Denver, date("2027-01-31")).date_naive(), date("2027-02-01"));
    }

    #[test]
    fn a_midnight_that_does_not_exist() {
        // Santiago skips 00:00-01:00 when DST starts (2026-09-06).
        let tz: Tz = "America/Santiago".parse().unwrap();
        let end = end_of_local_day(tz, date("2026-09-05"));
        assert_eq!(end.with_timezone(&tz).date_naive(), date("2026-09-06"));
        assert_eq!(end, utc("2026-09-06T04:00:00Z"));
    }

    #[test]
    fn yearly_windows_repeat_and_one_off_windows_do_not() {
        let s = january();
        assert_eq!(s.window_on(date("2025-01-15")), None, "not before its first year");
        assert!(s.window_on(date("2026-01-15")).is_some());
        assert_eq!(s.window_on(date("2031-01-31")).unwrap().first, date("2031-01-01"));
        let once = Schedule { recurrence: Recurrence::None, ..s };
        assert!(once.window_on(date("2026-01-31")).is_some());
        assert_eq!(once.window_on(date("2027-01-15")), None);
        assert_eq!(once.next_after(date("2026-06-01")), None);
    }

    #[test]
    fn next_offer_in_november() {
        let january = january();
        let august = Schedule {
            starts_on: date("2026-08-01"),
            ends_on: date("2026-08-31"),
            recurrence: Recurrence::Yearly,
        };
        let today = date("2026-11-24");
        assert_eq!(january.window_on(today), None);
        assert_eq!(august.window_on(today), None);
        assert_eq!(january.next_after(today).unwrap().first, date("2027-01-01"));
        assert_eq!(august.next_after(today).unwrap().first, date("2027-08-01"));
    }

    #[test]
    fn windows_that_cross_new_year() {
        let holidays = Schedule {
            starts_on: date("2026-12-20"),
            ends_on: date("2027-01-05"),
            recurrence: Recurrence::Yearly,
        };
        assert!(holidays.window_on(date("2027-01-03")).is_some());
        assert!(holidays.window_on(date("2027-12-25")).is_some());
        assert!(holidays.window_on(date("2028-01-05")).is_some());
        assert_eq!(holidays.window_on(date("2027-06-01")), None);
    }

    #[test]
    fn leap_day_windows_fall_back_to_the_28th() {
        let leap = Schedule {
            starts_on: date("2028-02-29"),
            ends_on: date("2028-02-29"),
            recurrence: Recurrence::Yearly,
        };
        assert!(leap.window_on(date("2029-02-28")).is_some());
        assert!(leap.window_on(date("2032-02-29")).is_some());
    }
}
