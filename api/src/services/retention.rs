//! What SoleCheck forgets by itself. A sweep at start and once a day erases
//! the health data of checks older than `SOLECHECK_RETENTION_DAYS` exactly as
//! the visitor's DELETE does (`db::assessments::erase`), and every sweep
//! forgets what has outlived its use: kept `Idempotency-Key` replies past
//! their window, refresh tokens that can no longer renew a sign-in, and
//! sign-in failures past the throttling window. The figures are counted
//! elsewhere (`check_counts`), so they do not change.
//!
//! Each batch is one write transaction that first takes the upkeep lock
//! (`db::upkeep`): with several API processes on one PostgreSQL, a process
//! that finds it taken leaves the sweep to the one holding it, and the rows a
//! batch picks are picked under the lock, so no two processes erase the same
//! check.

use chrono::{DateTime, Duration, Utc};

use super::{assessments::IDEMPOTENCY_WINDOW, throttle::FAILURE_WINDOW};
use crate::{
    db::{self, Db, DbConn, assessments, attempts, idempotency, staff, upkeep},
    error::ApiError,
};

/// Rows one transaction handles at most, so a large backlog (the first sweep
/// after a limit is set) never holds SQLite's write lock for long.
const BATCH: i64 = 500;

/// How long checks keep their answers; `None` keeps them for ever
/// (`SOLECHECK_RETENTION_DAYS=0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention(Option<Duration>);

impl Retention {
    /// A limit of `days`, 0 meaning none.
    pub fn days(days: u32) -> Self {
        Self((days > 0).then(|| Duration::days(i64::from(days))))
    }

    /// How long a check keeps its answers; `None` for ever.
    pub fn limit(self) -> Option<Duration> {
        self.0
    }
}

/// What one sweep did. `busy` says another process held the upkeep lock, so
/// this one left the rest to it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub checks_erased: usize,
    pub replies_forgotten: usize,
    pub refresh_tokens: usize,
    pub login_failures: usize,
    pub busy: bool,
}

/// Which parts a sweep runs: the purges always, the erasure of old checks
/// when `erase_checks` (once a day).
pub async fn sweep(
    db: &Db,
    retention: Retention,
    erase_checks: bool,
    now: DateTime<Utc>,
) -> Result<Swept, ApiError> {
    let at = now.naive_utc();
    let before = retention.0.filter(|_| erase_checks).map(|keep| (now - keep).naive_utc());
    let jobs = [Job::EraseChecks(before), Job::Replies, Job::RefreshTokens, Job::LoginFailures];
    let mut counts = [0; 4];
    let mut busy = false;
    'jobs: for (job, count) in jobs.into_iter().zip(&mut counts) {
        loop {
            let Some(done) = db.write(move |conn| locked(conn, |conn| job.run(conn, at))).await? else {
                busy = true;
                break 'jobs;
            };
            *count += done;
            if i64::try_from(done).unwrap_or(i64::MAX) < BATCH {
                break;
            }
        }
    }
    let [checks_erased, replies_forgotten, refresh_tokens, login_failures] = counts;
    Ok(Swept { checks_erased, replies_forgotten, refresh_tokens, login_failures, busy })
}

/// One kind of batch of a sweep.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// Erase the checks created before this instant (none when `None`).
    EraseChecks(Option<chrono::NaiveDateTime>),
    Replies,
    RefreshTokens,
    LoginFailures,
}

impl Job {
    /// Runs one batch at `now`; how many rows it handled.
    fn run(self, conn: &mut DbConn, now: chrono::NaiveDateTime) -> diesel::QueryResult<usize> {
        match self {
            Self::EraseChecks(None) => Ok(0),
            Self::EraseChecks(Some(before)) => {
                let ids = assessments::unerased_before(conn, before, BATCH)?;
                assessments::erase(conn, &ids, now)
            }
            Self::Replies => idempotency::purge(conn, now - IDEMPOTENCY_WINDOW, BATCH),
            Self::RefreshTokens => staff::purge_refresh_tokens(conn, now, BATCH),
            Self::LoginFailures => attempts::purge(conn, now - FAILURE_WINDOW, now, BATCH),
        }
    }
}

/// Runs `f` in a write transaction under the upkeep lock; `None` when another
/// process holds it.
fn locked<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> diesel::QueryResult<T>,
) -> Result<Option<T>, ApiError> {
    db::write_transaction(conn, |conn| if upkeep::try_lock(conn)? { f(conn).map(Some) } else { Ok(None) })
        .map_err(ApiError::from)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use diesel::{connection::SimpleConnection, prelude::*, sql_types::BigInt};

    use super::{Retention, Swept, sweep};
    use crate::db::{Db, Target};

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    fn count(db: &Db, sql: &str) -> i64 {
        let mut conn = db.get().unwrap();
        diesel::sql_query(sql).get_result::<Count>(&mut **conn).unwrap().n
    }

    /// 1,203 checks a year and a minute old (more than two batches), one a
    /// year less a minute old, each kept with a reply and a logged session;
    /// refresh tokens and sign-in failures on either side of their limits.
    fn seeded() -> (tempfile::TempDir, Db, DateTime<Utc>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("retention.db").to_string_lossy().into_owned();
        let db = Db::connect(&Target::Sqlite(path), 2).unwrap();
        db.migrate().unwrap();
        let now = DateTime::parse_from_rfc3339("2027-01-10T12:00:00Z").unwrap().to_utc();
        db.get()
            .unwrap()
            .batch_execute(
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1203) \
                 INSERT INTO assessments (id, token_hash, questionnaire_version, locale, source, answers, result, \
                     hint, referral_level, created_at) \
                 SELECT printf('old-%04d', i), 'h', 'v', 'en', 'widget', '{}', '{}', 'neutral', 'none', \
                     '2026-01-10 11:59:00' FROM s; \
                 INSERT INTO assessments (id, token_hash, questionnaire_version, locale, source, answers, result, \
                     hint, referral_level, created_at) \
                 VALUES ('young', 'h', 'v', 'en', 'widget', '{}', '{}', 'neutral', 'none', '2026-01-10 12:01:00'); \
                 INSERT INTO idempotency_keys (key_lookup, request_hash, assessment_id, sealed_token, created_at) \
                 VALUES ('k-old', 'r', 'old-0001', 'sct_old', '2027-01-09 11:59:00'), \
                        ('k-young', 'r', 'young', 'sct_young', '2027-01-09 12:01:00'); \
                 INSERT INTO exercise_sessions (id, assessment_id, plan_key, performed_on, created_at) \
                 VALUES ('s1', 'old-0002', 'short_foot', '2026-01-11', '2026-01-11 08:00:00'), \
                        ('s2', 'young', 'short_foot', '2026-01-11', '2026-01-11 08:00:00'); \
                 INSERT INTO staff (id, email, password_hash, role, disabled, created_at) \
                 VALUES ('st', 'desk@clinic.test', 'x', 'staff', 0, '2026-01-01 00:00:00'); \
                 INSERT INTO refresh_tokens (token_hash, staff_id, family_id, expires_at, used_at, revoked_at, created_at) \
                 VALUES ('expired', 'st', 'f1', '2027-01-10 12:00:00', NULL, NULL, '2027-01-03 12:00:00'), \
                        ('spent-live', 'st', 'f2', '2027-01-10 12:00:01', '2027-01-04 00:00:00', NULL, '2027-01-03 12:00:01'), \
                        ('live', 'st', 'f2', '2027-01-11 00:00:00', NULL, NULL, '2027-01-04 00:00:00'), \
                        ('signed-out', 'st', 'f3', '2027-01-12 00:00:00', NULL, '2027-01-05 00:00:00', '2027-01-05 00:00:00'); \
                 INSERT INTO login_failures (subject, failures, window_started_at, locked_until) \
                 VALUES ('address:past', 2, '2027-01-10 11:44:59', NULL), \
                        ('address:inside', 2, '2027-01-10 11:45:01', NULL), \
                        ('account:locked', 5, '2027-01-10 11:40:00', '2027-01-10 12:00:30');",
            )
            .unwrap();
        (dir, db, now)
    }

    #[actix_web::test]
    async fn a_sweep_erases_what_is_past_its_limit_and_nothing_inside_it() {
        let (_dir, db, now) = seeded();
        let swept = sweep(&db, Retention::days(365), true, now).await.unwrap();
        let expected = Swept {
            checks_erased: 1203,
            replies_forgotten: 1,
            refresh_tokens: 2,
            login_failures: 1,
            busy: false,
        };
        assert_eq!(swept, expected);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM assessments WHERE answers IS NOT NULL"), 1);
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM assessments WHERE id = 'young' AND result IS NOT NULL"),
            1
        );
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM assessments WHERE erased_at IS NOT NULL"), 1203);
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM assessments"),
            1204,
            "the rows stay for the figures"
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM exercise_sessions WHERE assessment_id = 'young'"),
            1
        );
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM exercise_sessions"), 1);
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM idempotency_keys WHERE sealed_token = 'sct_young'"),
            1
        );
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM idempotency_keys"), 1);
        let tokens = "SELECT COUNT(*) AS n FROM refresh_tokens WHERE token_hash IN ('spent-live', 'live')";
        assert_eq!(count(&db, tokens), 2);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM refresh_tokens"), 2);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM login_failures WHERE subject <> 'address:past'"), 2);

        let again = sweep(&db, Retention::days(365), true, now).await.unwrap();
        assert_eq!(again, Swept::default(), "a second sweep finds nothing to do");
    }

    #[actix_web::test]
    async fn no_limit_or_a_purge_only_sweep_keeps_every_check() {
        let (_dir, db, now) = seeded();
        let kept = sweep(&db, Retention::days(0), true, now).await.unwrap();
        assert_eq!((kept.checks_erased, kept.replies_forgotten, kept.refresh_tokens), (0, 1, 2));
        let purge_only = sweep(&db, Retention::days(365), false, now).await.unwrap();
        assert_eq!(purge_only.checks_erased, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM assessments WHERE answers IS NOT NULL"), 1204);
        assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM exercise_sessions"), 2);
    }
}
