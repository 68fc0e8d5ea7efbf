//! Throttling of staff secrets (sign-in passwords, one-time codes, the
//! current password a change asks for), per account and per client address.
//! An attempt is counted BEFORE its secret is checked: a burst of parallel
//! guesses gets at most the allowed number checked, and the rest answer 429
//! unchecked. A wrong secret keeps its count, and the attempt that reaches
//! the limit locks the subject for [`FAILURE_WINDOW`]; a right one gives its
//! count back.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::{
    db::{Db, DbConn, attempts, write_transaction},
    error::ApiError,
};

/// Failures allowed per account within [`FAILURE_WINDOW`] before it is locked.
pub const MAX_ACCOUNT_FAILURES: i32 = 5;
/// Failures allowed per client address within [`FAILURE_WINDOW`].
pub const MAX_ADDRESS_FAILURES: i32 = 20;
/// How long failures are counted, and how long a lock lasts.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// Whose attempts count: an account or a client address, and how many
/// failures it is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    key: String,
    max: i32,
}

impl Subject {
    /// The account signed in as `email` (normalised).
    pub fn account(email: &str) -> Self {
        Self { key: format!("account:{email}"), max: MAX_ACCOUNT_FAILURES }
    }

    /// A client address; an unknown one (no peer, as in tests) counts as one
    /// address of its own.
    pub fn address(address: Option<std::net::IpAddr>) -> Self {
        let ip = address.map(|ip| ip.to_string()).unwrap_or_default();
        Self { key: format!("address:{ip}"), max: MAX_ADDRESS_FAILURES }
    }

    /// Forgets this subject's failures (a right password, or a new one).
    pub fn clear(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        Ok(attempts::clear(conn, &self.key)?)
    }
}

/// An attempt counted against its subjects, the account first; settled
/// once, by [`Attempt::settle`]. One never settled, because the client went
/// away while its secret was checked (actix drops the request's future), was
/// neither right nor wrong: dropping it gives its count back.
#[must_use = "an attempt is given back, as neither right nor wrong, unless it is settled"]
pub struct Attempt {
    /// Each subject, this attempt's number in its window, and when that
    /// window started (a later window never counted this attempt).
    counted: Vec<(Subject, i32, NaiveDateTime)>,
    /// Where to give the count back if the attempt is dropped unsettled;
    /// `None` once settled.
    unsettled: Option<Db>,
}

impl std::fmt::Debug for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attempt").field("counted", &self.counted).finish_non_exhaustive()
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        let Some(db) = self.unsettled.take() else { return };
        let counted = std::mem::take(&mut self.counted);
        // Drop may run on an async worker, which must not wait for the
        // writer: the give-back gets a thread of its own.
        std::thread::spawn(move || {
            let abandoned = Attempt { counted, unsettled: None };
            if let Err(error) = db.write_blocking(|conn| abandoned.give_back(conn)) {
                tracing::warn!(%error, "an abandoned sign-in attempt stays counted");
            }
        });
    }
}

/// What checking the secret found: `Ok(Ok(value))` right, `Ok(Err(error))`
/// wrong (the error to answer with), `Err(error)` neither: a one-time code
/// still to come, a disabled account, or a failure of the server's own.
pub type Checked<T> = Result<Result<T, ApiError>, ApiError>;

/// Seconds `row` keeps refusing attempts at `now`: while it is locked, or
/// while more attempts than allowed are counted in its window.
fn refused_for(row: &attempts::AttemptRow, max: i32, now: DateTime<Utc>) -> Option<u64> {
    let until = match row.locked_until {
        Some(until) if until > now.naive_utc() => until,
        _ if row.failures > max => row.window_started_at + FAILURE_WINDOW,
        _ => return None,
    };
    let seconds = (until.and_utc() - now).num_seconds().max(1);
    Some(seconds.unsigned_abs())
}

/// Counts an attempt against each of `subjects`: 429 `rate_limited` when one
/// of them is locked or already has as many attempts as it is allowed (then
/// nothing is checked, and nothing stays counted).
pub async fn begin(db: &Db, subjects: Vec<Subject>, now: DateTime<Utc>) -> Result<Attempt, ApiError> {
    let stale = (now - FAILURE_WINDOW).naive_utc();
    let (counted, refused) = db
        .write(move |conn| {
            write_transaction(conn, |conn| {
                let mut counted = Vec::with_capacity(subjects.len());
                let mut refused = None;
                for subject in subjects {
                    let row = attempts::count(conn, &subject.key, now.naive_utc(), stale)?;
                    refused = refused.max(refused_for(&row, subject.max, now));
                    counted.push((subject, row.failures, row.window_started_at));
                }
                let attempt = Attempt { counted, unsettled: None };
                if refused.is_some() {
                    attempt.give_back(conn)?;
                }
                Ok::<_, ApiError>((attempt, refused))
            })
        })
        .await?;
    match refused {
        Some(retry_after) => {
            crate::prometheus::rate_limited(crate::prometheus::Limit::Login);
            Err(ApiError::RateLimited { retry_after })
        }
        None => {
            let mut attempt = counted;
            attempt.unsettled = Some(db.clone());
            Ok(attempt)
        }
    }
}

impl Attempt {
    /// Settles the attempt by what its check found ([`Checked`]):
    /// - right: the account's failures are forgotten, the other subjects
    ///   get the attempt back;
    /// - wrong: it stays counted, and a subject it brought to its limit is
    ///   locked for [`FAILURE_WINDOW`];
    /// - neither: every subject gets it back, so no error of the server's
    ///   own ever counts against anyone.
    pub async fn settle<T>(
        mut self,
        db: &Db,
        checked: Checked<T>,
        now: DateTime<Utc>,
    ) -> Result<T, ApiError> {
        self.unsettled = None;
        let until = (now + FAILURE_WINDOW).naive_utc();
        match checked {
            Ok(Ok(value)) => {
                db.write(move |conn| self.succeeded(conn)).await?;
                Ok(value)
            }
            Ok(Err(wrong)) => {
                crate::prometheus::login_failed();
                db.write(move |conn| {
                    for (subject, _, window) in self.counted.iter().filter(|(s, n, _)| *n >= s.max) {
                        attempts::lock(conn, &subject.key, *window, until)?;
                    }
                    Ok::<_, ApiError>(())
                })
                .await?;
                Err(wrong)
            }
            Err(other) => {
                db.write(move |conn| self.give_back(conn)).await?;
                Err(other)
            }
        }
    }

    fn succeeded(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        for (i, (subject, _, window)) in self.counted.iter().enumerate() {
            if i == 0 {
                subject.clear(conn)?;
            } else {
                attempts::uncount(conn, &subject.key, *window)?;
            }
        }
        Ok(())
    }

    fn give_back(&self, conn: &mut DbConn) -> Result<(), ApiError> {
        for (subject, _, window) in &self.counted {
            attempts::uncount(conn, &subject.key, *window)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::{FAILURE_WINDOW, MAX_ACCOUNT_FAILURES, Subject, begin};
    use crate::{
        db::{Db, Target},
        error::ApiError,
    };

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("throttle.db").to_string_lossy().into_owned();
        let db = Db::connect(&Target::Sqlite(path), 2).unwrap();
        db.migrate().unwrap();
        (dir, db)
    }

    fn at(time: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(time).unwrap().to_utc()
    }

    fn account() -> Vec<Subject> {
        vec![Subject::account("desk@clinic.test")]
    }

    fn retry_after(outcome: Result<super::Attempt, ApiError>) -> u64 {
        match outcome {
            Err(ApiError::RateLimited { retry_after }) => retry_after,
            other => panic!("expected 429, got {other:?}"),
        }
    }

    /// A wrong password's [`super::Checked`].
    fn wrong() -> super::Checked<()> {
        Ok(Err(ApiError::InvalidCredentials))
    }

    /// Neither right nor wrong: a one-time code still to come.
    fn neither() -> super::Checked<()> {
        Err(ApiError::OneTimeCodeRequired)
    }

    #[actix_web::test]
    async fn attempts_in_flight_count_so_only_the_allowed_number_is_checked() {
        let (_dir, db) = db();
        let now = at("2027-01-10T12:00:00Z");
        let mut in_flight = Vec::new();
        for _ in 0..MAX_ACCOUNT_FAILURES {
            in_flight.push(begin(&db, account(), now).await.unwrap());
        }
        // The sixth, begun while five are being checked: refused unchecked,
        // until the end of the window, and not left counted.
        assert_eq!(retry_after(begin(&db, account(), now).await), 900);
        // One of the five was right: its count comes back, and the account's
        // failures are forgotten.
        let right = in_flight.pop().unwrap();
        right.settle(&db, Ok(Ok(())), now).await.unwrap();
        let next = begin(&db, account(), now).await.unwrap();
        assert_eq!(next.counted[0].1, 1, "counted afresh after the right one");
    }

    #[actix_web::test]
    async fn the_fifth_failure_locks_for_the_window_and_errors_never_count() {
        let (_dir, db) = db();
        let start = at("2027-01-10T12:00:00Z");
        for _ in 0..MAX_ACCOUNT_FAILURES - 1 {
            let attempt = begin(&db, account(), start).await.unwrap();
            assert!(attempt.settle(&db, wrong(), start).await.is_err());
        }
        // Neither right nor wrong, however often: a code still to come, or
        // an error of the server's own.
        for _ in 0..10 {
            let pending = begin(&db, account(), start).await.unwrap();
            assert!(pending.settle(&db, neither(), start).await.is_err());
        }
        let fifth = begin(&db, account(), start).await.unwrap();
        assert_eq!(fifth.counted[0].1, MAX_ACCOUNT_FAILURES);
        assert!(fifth.settle(&db, wrong(), start).await.is_err());
        let later = start + chrono::Duration::minutes(10);
        assert_eq!(retry_after(begin(&db, account(), later).await), 300, "locked 15 min from the fifth");
        let after = start + FAILURE_WINDOW;
        let fresh = begin(&db, account(), after).await.unwrap();
        assert_eq!(fresh.counted[0].1, 1, "a new window");
    }

    #[actix_web::test]
    async fn an_attempt_dropped_unsettled_is_given_back() {
        let (_dir, db) = db();
        let now = at("2027-01-10T12:00:00Z");
        for _ in 0..MAX_ACCOUNT_FAILURES {
            let abandoned = begin(&db, account(), now).await.unwrap();
            drop(abandoned);
        }
        // The give-backs run on threads of their own: wait for them, by
        // reading the count (a begin would count again).
        let mut failures = i32::MAX;
        for _ in 0..500 {
            let mut conn = db.get().unwrap();
            failures = crate::db::attempts::failures(&mut conn, "account:desk@clinic.test").unwrap();
            if failures == 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(failures, 0, "abandoned attempts are not left counted");
        let next = begin(&db, account(), now).await.unwrap();
        assert_eq!(next.counted[0].1, 1);
        assert!(next.settle(&db, wrong(), now).await.is_err());
    }

    #[actix_web::test]
    async fn a_give_back_never_reaches_a_newer_window() {
        let (_dir, db) = db();
        let start = at("2027-01-10T12:00:00Z");
        let old = begin(&db, account(), start).await.unwrap();
        let after = start + FAILURE_WINDOW;
        let new = begin(&db, account(), after).await.unwrap();
        assert_eq!(new.counted[0].1, 1);
        // The old attempt settles late, as neither: the new window keeps its count.
        assert!(old.settle(&db, neither(), after).await.is_err());
        let third = begin(&db, account(), after).await.unwrap();
        assert_eq!(third.counted[0].1, 2);
    }
}
