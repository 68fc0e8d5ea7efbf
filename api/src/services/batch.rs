//! Group commit for the hot writes (new checks, keyed or not, code issue and
//! redeem): work that arrives while a commit is in flight is run together in
//! the next transaction, so one fsync acknowledges many requests. A lone
//! request is written at once (no waiting for company), and no reply leaves
//! before its transaction has committed.
//!
//! A batch first runs all its work straight through. Should any piece fail (a
//! lost race with another process, a database error), that attempt is rolled
//! back and the batch runs again with each piece in its own savepoint, so the
//! failure changes nothing and leaves the others alone; a piece that lost a
//! race (a unique violation) runs once more, when the row it raced with is
//! there to be found. So work must be safe to run again: a closure that reads
//! what it needs and writes, and answers refusals as a value (`Ok(Err(..))`)
//! rather than an error, which would undo its writes.
//!
//! On PostgreSQL several batches may be in flight at once, one per lane of
//! the [`Writer`]: work that may race for a row (a key, a code) always takes
//! the same lane, and each batch writes its counts last, in one order, so no
//! two batches ever wait on each other in a cycle.
//!
//! Work given to the writer holds SQLite's one write lock while it runs: it
//! does database calls only, and everything it can do before or after (hashing,
//! scoring, rendering) is done outside.

use std::{
    collections::HashMap,
    hash::{Hash, Hasher},
    ops::{Deref, DerefMut},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};

use chrono::NaiveDate;
use diesel::Connection;
use solecheck_shared::result::{Hint, ReferralLevel};
use tokio::sync::{mpsc, oneshot};

use super::progress::week_start;
use crate::{
    db::{self, Db, DbConn, DbError, figures},
    error::ApiError,
};

/// Most pieces of work in one transaction.
pub const MAX_BATCH: usize = 256;

/// What a batch stored, for the figures: checks per (clinic-local week's
/// Monday, hint, referral level), and codes issued and redeemed per campaign.
#[derive(Debug, Default)]
struct Tally {
    checks: HashMap<(NaiveDate, Hint, ReferralLevel), i64>,
    codes: HashMap<String, (i64, i64)>,
}

impl Tally {
    fn merge(&mut self, other: Self) {
        for (key, n) in other.checks {
            *self.checks.entry(key).or_default() += n;
        }
        for (campaign, (issued, redeemed)) in other.codes {
            let counts = self.codes.entry(campaign).or_default();
            *counts = (counts.0 + issued, counts.1 + redeemed);
        }
    }

    /// Tells the metrics what a committed batch stored.
    fn count_committed(&self) {
        let (issued, redeemed) = self.codes.values().fold((0, 0), |(i, r), (di, dr)| (i + di, r + dr));
        let checks = self.checks.values().sum::<i64>();
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        crate::prometheus::committed(count(checks), count(issued), count(redeemed));
    }

    /// Adds the batch's counts to the figures: one statement per week and
    /// kind of result, and per campaign, however much the batch holds. Last
    /// in the transaction and in one order for every batch, so two in flight
    /// at once (`Writer`'s lanes, other processes) never wait on each other's
    /// rows.
    fn write(&self, conn: &mut DbConn) -> diesel::QueryResult<()> {
        let mut checks: Vec<_> = self.checks.iter().collect();
        checks.sort();
        for ((week, hint, referral), n) in checks {
            figures::add_checks(conn, *week, *hint, *referral, *n)?;
        }
        let mut codes: Vec<_> = self.codes.iter().collect();
        codes.sort();
        codes.into_iter().try_for_each(|(campaign, (issued, redeemed))| {
            figures::add_codes(conn, campaign, *issued, *redeemed)
        })
    }
}

/// What work in a batch gets: the transaction's connection (it derefs to
/// it), and the batch's figures to count a stored check in.
pub struct Batch<'a> {
    conn: &'a mut DbConn,
    tally: &'a mut Tally,
}

impl Batch<'_> {
    /// Counts a check this work stored on the clinic-local `day` for the
    /// figures (`db::figures`), written with the batch.
    pub fn count_check(&mut self, day: NaiveDate, hint: Hint, referral_level: ReferralLevel) {
        let key = (week_start(day), hint, referral_level);
        *self.tally.checks.entry(key).or_default() += 1;
    }

    /// Counts a code this work issued for `campaign_id`.
    pub fn count_issued(&mut self, campaign_id: &str) {
        self.tally.codes.entry(campaign_id.to_owned()).or_default().0 += 1;
    }

    /// Counts a code of `campaign_id` this work redeemed.
    pub fn count_redeemed(&mut self, campaign_id: &str) {
        self.tally.codes.entry(campaign_id.to_owned()).or_default().1 += 1;
    }
}

impl Deref for Batch<'_> {
    type Target = DbConn;

    fn deref(&self) -> &DbConn {
        self.conn
    }
}

impl DerefMut for Batch<'_> {
    fn deref_mut(&mut self) -> &mut DbConn {
        self.conn
    }
}

/// One request's work and where its answer goes.
trait Job: Send {
    /// Runs the work as part of the batch's transaction, counting into
    /// `tally`; false if it failed.
    fn run(&mut self, conn: &mut DbConn, tally: &mut Tally) -> bool;
    /// Runs the work in its own savepoint, once more if it lost a race;
    /// counts into `tally` only what it stored.
    fn run_alone(&mut self, conn: &mut DbConn, tally: &mut Tally);
    /// Answers, once the batch committed (`None`) or failed.
    fn finish(self: Box<Self>, failure: Option<&Arc<DbError>>);
}

struct Pending<T, F> {
    work: F,
    done: Option<Result<T, ApiError>>,
    reply: oneshot::Sender<Result<T, ApiError>>,
}

fn lost_race(result: &Result<impl Sized, ApiError>) -> bool {
    matches!(result, Err(error) if error.is_unique_violation())
}

impl<T, F> Pending<T, F>
where
    F: Fn(&mut Batch<'_>) -> Result<T, ApiError>,
{
    /// Runs the work in a savepoint; what it counted, if it stored anything.
    fn attempt(&self, conn: &mut DbConn) -> (Result<T, ApiError>, Tally) {
        let mut mine = Tally::default();
        let done = conn.transaction(|conn| (self.work)(&mut Batch { conn, tally: &mut mine }));
        (done, mine)
    }
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: Fn(&mut Batch<'_>) -> Result<T, ApiError> + Send,
{
    fn run(&mut self, conn: &mut DbConn, tally: &mut Tally) -> bool {
        let done = (self.work)(&mut Batch { conn, tally });
        let ok = done.is_ok();
        self.done = Some(done);
        ok
    }

    fn run_alone(&mut self, conn: &mut DbConn, tally: &mut Tally) {
        let (mut done, mut counted) = self.attempt(conn);
        if lost_race(&done) {
            (done, counted) = self.attempt(conn);
        }
        if done.is_ok() {
            tally.merge(counted);
        }
        self.done = Some(done);
    }

    fn finish(self: Box<Self>, failure: Option<&Arc<DbError>>) {
        let answer = match (failure, self.done) {
            // Nothing of the batch was stored, whatever the work said.
            (Some(error), _) => Err(ApiError::from_db(error.outage(), Arc::clone(error))),
            (None, Some(done)) => done,
            (None, None) => Err(stopped()),
        };
        // The client may have gone; its work is stored all the same.
        let _ = self.reply.send(answer);
    }
}

fn stopped() -> ApiError {
    ApiError::internal(std::io::Error::other("the database writer stopped"))
}

/// The handle request handlers use; clone freely.
#[derive(Clone)]
pub struct Writer {
    lanes: Arc<[mpsc::Sender<Box<dyn Job>>]>,
    /// The lane the next work that races for no row goes to.
    next_free: Arc<AtomicUsize>,
}

impl Writer {
    /// Starts the writer's lanes on the current runtime: one on SQLite,
    /// which writes one transaction at a time whatever we do; two on
    /// PostgreSQL, so one batch's round trips to the server overlap another's.
    ///
    /// SQLite's lane is a thread of its own, which takes the next batch the
    /// moment one commits. As a task handing each batch to the blocking pool,
    /// it woke two threads per batch, and with both cores busy each waited its
    /// turn for one: SQLite's one writer sat idle half of every commit cycle.
    /// PostgreSQL's lanes stay tasks: there a batch costs round trips to the
    /// server, and a thread starting one as soon as a single piece of work
    /// came committed smaller batches (6,450 commits against 4,569 in 8 s of
    /// keyed posts), each with a log flush of its own, and served retries of
    /// one key a quarter slower.
    pub fn start(db: &Db) -> std::io::Result<Self> {
        let lanes = (0..db.write_lanes())
            .map(|n| {
                let (jobs, queue) = mpsc::channel::<Box<dyn Job>>(4 * MAX_BATCH);
                let db = db.clone();
                if !db.is_sqlite() {
                    actix_web::rt::spawn(run_lane(db, queue));
                    return Ok(jobs);
                }
                std::thread::Builder::new()
                    .name(format!("db-writer-{n}"))
                    .spawn(move || run_sqlite_lane(&db, queue))
                    .map(|_| jobs)
            })
            .collect::<std::io::Result<_>>()?;
        Ok(Self { lanes, next_free: Arc::new(AtomicUsize::new(0)) })
    }

    /// Work waiting for a lane's next group commit, over all lanes.
    pub fn queue_depth(&self) -> usize {
        self.lanes.iter().map(|lane| lane.max_capacity() - lane.capacity()).sum()
    }

    /// Runs `work` in the next group commit of the lane for `contended` (maybe
    /// twice: see the module's note); returns its answer once the transaction
    /// holding it committed. `contended` names the row the work may race
    /// another request for (an `Idempotency-Key`, a code): work on the same
    /// row always shares a lane, so two batches in flight at once never hold
    /// rows the other waits for, and cannot deadlock.
    pub async fn run<T, F>(&self, contended: &str, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: Fn(&mut Batch<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        self.send(self.lane(contended), work).await
    }

    /// Runs `work`, which races no other request for a row (it only adds
    /// rows of its own, as audited reads do), in the next group commit of the
    /// lanes in turn: on PostgreSQL several such requests at once then commit
    /// side by side instead of queueing behind each other in one lane.
    pub async fn run_uncontended<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: Fn(&mut Batch<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let index = self.next_free.fetch_add(1, Ordering::Relaxed) % self.lanes.len();
        self.send(&self.lanes[index], work).await
    }

    async fn send<T, F>(&self, lane: &mpsc::Sender<Box<dyn Job>>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: Fn(&mut Batch<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(Pending { work, done: None, reply });
        lane.send(job).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    fn lane(&self, contended: &str) -> &mpsc::Sender<Box<dyn Job>> {
        // SipHash with fixed keys: the same row goes to the same lane for as
        // long as the process runs, which is all the lanes need.
        let mut hasher = std::hash::DefaultHasher::new();
        contended.hash(&mut hasher);
        let index = usize::try_from(hasher.finish() % self.lanes.len() as u64).unwrap_or(0);
        &self.lanes[index]
    }
}

/// The next batch: `first` and whatever else waits, up to [`MAX_BATCH`].
fn batch_from(first: Box<dyn Job>, queue: &mut mpsc::Receiver<Box<dyn Job>>) -> Vec<Box<dyn Job>> {
    let mut batch = vec![first];
    while batch.len() < MAX_BATCH {
        match queue.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    batch
}

/// A PostgreSQL lane: commits whatever work waits, one batch after another.
async fn run_lane(db: Db, mut queue: mpsc::Receiver<Box<dyn Job>>) {
    while let Some(first) = queue.recv().await {
        let batch = batch_from(first, &mut queue);
        // Dropped only when the blocking pool is gone (shut-down):
        // each waiting request then hears that the writer stopped.
        let _ = db.write_or_fail(move |conn| commit(conn, batch)).await;
    }
}

/// SQLite's lane, on its own thread until every sender is gone.
fn run_sqlite_lane(db: &Db, mut queue: mpsc::Receiver<Box<dyn Job>>) {
    while let Some(first) = queue.blocking_recv() {
        let batch = batch_from(first, &mut queue);
        db.write_here(move |conn| commit(conn, batch));
    }
}

/// Why a batch's first attempt was rolled back.
#[derive(Debug, thiserror::Error)]
enum Attempt {
    #[error("a piece of work failed")]
    WorkFailed,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for Attempt {
    fn from(error: diesel::result::Error) -> Self {
        Self::Db(error.into())
    }
}

/// Runs a batch in one transaction and answers every job in it.
fn commit(conn: Result<&mut DbConn, DbError>, mut batch: Vec<Box<dyn Job>>) {
    let outcome = conn.and_then(|conn| {
        let straight = db::write_transaction(conn, |conn| {
            let mut tally = Tally::default();
            // The first failure ends the attempt: the second run answers everyone.
            if !batch.iter_mut().all(|job| job.run(conn, &mut tally)) {
                return Err(Attempt::WorkFailed);
            }
            tally.write(conn)?;
            Ok(tally)
        });
        match straight {
            Ok(tally) => Ok(tally),
            Err(Attempt::Db(error)) => Err(error),
            Err(Attempt::WorkFailed) => db::write_transaction(conn, |conn| {
                let mut tally = Tally::default();
                batch.iter_mut().for_each(|job| job.run_alone(conn, &mut tally));
                tally.write(conn)?;
                Ok::<_, DbError>(tally)
            }),
        }
    });
    if let Ok(stored) = &outcome {
        stored.count_committed();
    }
    let failure = outcome.err().map(Arc::new);
    if let Some(error) = &failure {
        tracing::error!(%error, size = batch.len(), "a group commit failed");
    }
    for job in batch {
        job.finish(failure.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use diesel::{prelude::*, sql_types::Text};

    use solecheck_shared::result::{Hint, ReferralLevel};

    use super::{Batch, Writer};
    use crate::{
        db::{Db, Target},
        error::ApiError,
    };

    #[derive(QueryableByName)]
    struct Kid {
        #[diesel(sql_type = Text)]
        kid: String,
    }

    fn add_key(batch: &mut Batch<'_>, kid: &str) -> Result<(), ApiError> {
        diesel::sql_query(
            "INSERT INTO signing_keys (kid, secret, created_at) VALUES (?, 'x', '2026-12-01 00:00:00')",
        )
        .bind::<Text, _>(kid)
        .execute(&mut **batch)?;
        Ok(())
    }

    /// Three requests at once: one fails on a unique key after counting a
    /// check; the others are stored and counted in their week, the failing
    /// one changes nothing; a refusal given as a value keeps what its work wrote.
    #[actix_web::test]
    async fn a_failing_piece_of_work_changes_nothing_and_leaves_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("batch.db").to_string_lossy().into_owned();
        let db = Db::connect(&Target::Sqlite(path), 2).unwrap();
        db.migrate().unwrap();
        let writer = Writer::start(&db).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let sunday = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let (first, clash, other, refused) = tokio::join!(
            writer.run("k1", move |b| {
                b.count_check(day, Hint::Neutral, ReferralLevel::None);
                add_key(b, "k1")
            }),
            writer.run("k1", move |b| {
                b.count_check(day, Hint::Mixed, ReferralLevel::Soon);
                add_key(b, "k1")
            }),
            writer.run("k2", move |b| {
                b.count_check(sunday, Hint::Neutral, ReferralLevel::None);
                add_key(b, "k2")
            }),
            writer.run("k3", |b| add_key(b, "k3").map(|()| Err::<(), _>(ApiError::NotFound))),
        );
        assert!(first.is_ok() && other.is_ok());
        assert!(clash.unwrap_err().is_unique_violation(), "it lost to the first, twice");
        assert!(matches!(refused, Ok(Err(ApiError::NotFound))));
        let mut conn = db.get().unwrap();
        let kids: Vec<Kid> =
            diesel::sql_query("SELECT kid FROM signing_keys WHERE secret = 'x' ORDER BY kid")
                .load(&mut **conn)
                .unwrap();
        assert_eq!(kids.iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(), ["k1", "k2", "k3"]);
        let counts = crate::db::figures::check_counts(&mut conn).unwrap();
        assert_eq!(counts.len(), 1, "the failed work's check is not counted: {counts:?}");
        assert_eq!((counts[0].hint.0, counts[0].checks), (Hint::Neutral, 2));
        assert_eq!(counts[0].week_start, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), "the Monday");
    }
}
