//! The database layer: one connection type over SQLite and PostgreSQL, chosen at
//! run time by the URL, an r2d2 pool, embedded migrations, and [`Db::run`], the
//! only way the rest of the api touches diesel (always off the async runtime).
//!
//! Transactions that write start with their write: SQLite's deferred
//! transactions take the write lock at the first write, and a transaction that
//! read before that can fail at once (`SQLITE_BUSY`) if another connection wrote
//! in between, whatever the busy timeout. Writing first makes them wait instead.

/// Runs one query on whichever backend `conn` is: `on_backend!(conn,
/// execute, query)`, the query written once and typed for each backend.
/// For two reasons: diesel's multi-backend DSL has no `ON CONFLICT`, which
/// both backends have; and through the multi-backend connection diesel
/// writes a statement's SQL again on every call to find its cached
/// statement, where the backend's own connection finds it by type (a fifth
/// of the writer's time in the hot writes, so they all go this way).
macro_rules! on_backend {
    ($conn:expr, $run:ident, $query:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite(c) => $query.$run(c),
            $crate::db::DbConn::Pg(c) => $query.$run(c),
        }
    };
}

mod cursor;
mod error;
mod pool;
mod prepared;
pub use key::Key;

pub mod assessments;
pub mod attempts;
pub mod campaigns;
pub mod codes;
pub mod figures;
pub mod idempotency;
mod key;
#[cfg(test)]
mod plans;
pub mod schema;
pub mod sessions;
mod sqlite;
pub mod staff;
pub mod two_step;
pub mod upkeep;

use std::{path::Path, time::Duration};

use actix_web::web;
use diesel::{
    connection::SimpleConnection,
    pg::PgConnection,
    prelude::*,
    r2d2::{Pool, PooledConnection},
    sqlite::SqliteConnection,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use cursor::{row_after, row_before};
pub use error::{DbError, Outage};
pub use pool::{Manager, Pooled};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// A connection to either backend; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// Writes a consistent copy of the SQLite database at `path` to the new
/// file `to`, while other processes keep writing to it (`backup`).
pub fn copy_sqlite(path: &str, to: &str) -> Result<(), DbError> {
    sqlite::copy_into(path, to)
}

/// Which database a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file.
    Sqlite(String),
    /// A PostgreSQL URL.
    Postgres(String),
}

impl Target {
    /// `postgres://` or `postgresql://` -> PostgreSQL; `sqlite://PATH` or a plain
    /// path -> SQLite.
    pub fn parse(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres(url.to_owned())
        } else {
            Self::Sqlite(url.strip_prefix("sqlite://").unwrap_or(url).to_owned())
        }
    }

    /// A name for logs that never includes a password.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite {path}"),
            Self::Postgres(url) => {
                let host = url.rsplit('@').next().unwrap_or("");
                let host = host.split_once("://").map_or(host, |(_, rest)| rest);
                format!("postgres {host}")
            }
        }
    }
}

/// How long a request waits for a connection before it answers 503: long
/// enough to queue behind SQLite's one writer under load, short enough that
/// an outage is reported within 2 s.
const REQUEST_WAIT: Duration = Duration::from_millis(1500);
/// How long start-up and the command line wait for a connection: on a busy
/// machine opening one (SQLite's pragmas sync the file) can take longer than
/// a request may wait, and giving up there fails the whole start.
const BLOCKING_WAIT: Duration = Duration::from_secs(15);
/// How long `/readyz` waits: a probe must answer within 1 s.
const READY_WAIT: Duration = Duration::from_millis(700);
/// Most group commits in flight at once on PostgreSQL ([`Db::write_lanes`]):
/// a batch spends most of its time waiting for the server's answers, so two
/// at once overlap those waits; they queue only at the end, on the count rows
/// they all add to. Each lane more only cuts the same work into smaller
/// commits, each with a log flush of its own: four lanes took 9.1k keyed
/// posts a second where two took 11.0-11.3k (bench-api, alternating runs).
const PG_WRITE_LANES: usize = 2;
/// Least time between two checkpoints of SQLite's log. Under steady writes a
/// checkpoint after every group commit copied the same few hot pages (the
/// ends of the indexes) and synced the database file each time: a tenth of
/// the server's CPU in bench-api's keyed posts. With this pause, 12% more
/// keyed posts per second at the same p99.
const CHECKPOINT_PAUSE: Duration = Duration::from_millis(20);
/// Free space below which a SQLite database counts as full (`/readyz`).
const SQLITE_HEADROOM_BYTES: u64 = 1 << 20;

/// How many database connections are in use, idle and allowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolUsage {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
}

/// The pools, cheap to clone into handlers.
///
/// SQLite allows one writer at a time: writers get a pool of one connection,
/// so they queue in order instead of spinning in SQLite's busy handler (whose
/// back-off sleeps gave p99 latencies of most of a second under load).
/// PostgreSQL writes share the main pool.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    writer: Option<Pool<Manager>>,
    /// The SQLite file, whose free space `/readyz` checks.
    sqlite_file: Option<std::sync::Arc<std::path::PathBuf>>,
    /// Told after each write on SQLite, for [`Db::checkpoint_after_writes`].
    wrote: Option<std::sync::Arc<tokio::sync::Notify>>,
}

impl Db {
    /// Connects (creating a SQLite file and its folder if needed). The pool
    /// starts empty so the server can start, and report not-ready, while the
    /// database is down.
    pub fn connect(target: &Target, max_size: u32) -> Result<Self, DbError> {
        if let Target::Sqlite(path) = target
            && let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
        let build = |size: u32| {
            Pool::builder()
                .max_size(size)
                .min_idle(Some(0))
                .connection_timeout(REQUEST_WAIT)
                .build_unchecked(Manager(target.clone()))
        };
        let writer = matches!(target, Target::Sqlite(_)).then(|| build(1));
        let sqlite_file = match target {
            Target::Sqlite(path) => Some(std::sync::Arc::new(std::path::PathBuf::from(path))),
            Target::Postgres(_) => None,
        };
        let wrote = writer.as_ref().map(|_| std::sync::Arc::default());
        Ok(Self { pool: build(max_size), writer, sqlite_file, wrote })
    }

    /// Whether this is SQLite, which has one writer connection.
    pub fn is_sqlite(&self) -> bool {
        self.writer.is_some()
    }

    /// How many group commits (`services::batch`) may be in flight at once:
    /// one on SQLite, which has one writer; on PostgreSQL up to
    /// [`PG_WRITE_LANES`], leaving half the pool to the reads.
    pub fn write_lanes(&self) -> usize {
        if self.is_sqlite() {
            return 1;
        }
        usize::try_from(self.pool.max_size() / 2).unwrap_or(1).clamp(1, PG_WRITE_LANES)
    }

    /// The connections of this process's pools now, for the metrics.
    pub fn pool_usage(&self) -> PoolUsage {
        let pools = std::iter::once(&self.pool).chain(self.writer.as_ref());
        pools.fold(PoolUsage::default(), |sum, pool| {
            let state = pool.state();
            PoolUsage {
                in_use: sum.in_use + (state.connections - state.idle_connections),
                idle: sum.idle + state.idle_connections,
                max: sum.max + pool.max_size(),
            }
        })
    }

    /// A connection for blocking code (CLI, start-up), waiting up to
    /// [`BLOCKING_WAIT`] for it.
    pub fn get(&self) -> Result<PooledConnection<Manager>, DbError> {
        Ok(self.pool.get_timeout(BLOCKING_WAIT)?)
    }

    /// Runs pending migrations. On PostgreSQL an advisory lock keeps several
    /// instances starting at once from racing each other.
    pub fn migrate(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.get()?;
        let applied = match &mut **conn {
            DbConn::Sqlite(c) => c
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map(|v| v.iter().map(ToString::to_string).collect()),
            DbConn::Pg(c) => {
                c.batch_execute("SELECT pg_advisory_lock(72621001)")?;
                let result = c
                    .run_pending_migrations(POSTGRES_MIGRATIONS)
                    .map(|v| v.iter().map(ToString::to_string).collect());
                c.batch_execute("SELECT pg_advisory_unlock(72621001)")?;
                result
            }
        };
        applied.map_err(|e| DbError::Migration(e.to_string()))
    }

    /// Runs `f` with a pooled connection on actix's blocking thread pool, so
    /// diesel never blocks the async workers.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|_| E::from(DbError::Cancelled))?
    }

    /// Like [`Db::run`], for work that writes: on SQLite it waits its turn for
    /// the one writer connection.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        self.write_or_fail(move |conn| f(conn.map_err(E::from)?)).await?
    }

    /// Like [`Db::write`] for work that must answer for what it holds even
    /// when no connection comes: `f` gets the connection or the error.
    pub async fn write_or_fail<T, F>(&self, f: F) -> Result<T, DbError>
    where
        F: FnOnce(Result<&mut DbConn, DbError>) -> T + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        web::block(move || db.write_here(f)).await.map_err(|_| DbError::Cancelled)
    }

    /// Where writes get their connection: SQLite's one writer, or the pool.
    fn write_pool(&self) -> &Pool<Manager> {
        self.writer.as_ref().unwrap_or(&self.pool)
    }

    /// [`Db::write_or_fail`]'s work on the calling thread, telling the
    /// checkpoint task a write happened: for the blocking pool and SQLite's
    /// group commit thread (`services::batch`), never for async code.
    pub fn write_here<T, F>(&self, f: F) -> T
    where
        F: FnOnce(Result<&mut DbConn, DbError>) -> T,
    {
        let done = match self.write_pool().get() {
            Ok(mut conn) => f(Ok(&mut conn)),
            Err(error) => f(Err(error.into())),
        };
        if let Some(wrote) = &self.wrote {
            wrote.notify_one();
        }
        done
    }

    /// Like [`Db::write`], blocking the calling thread: for threads of their
    /// own, never for async code.
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<DbError>,
    {
        let mut conn = self.write_pool().get_timeout(BLOCKING_WAIT).map_err(DbError::from)?;
        f(&mut conn)
    }

    /// Checkpoints SQLite's log (`sqlite::checkpoint`) after writes, for as
    /// long as the server runs: on a reading connection, so never in the
    /// writer's way, one at a time, at most one per [`CHECKPOINT_PAUSE`],
    /// and not at all while nothing is written. A write during the pause is
    /// kept (a notified permit), so the last one is always checkpointed.
    /// Returns at once on PostgreSQL.
    pub async fn checkpoint_after_writes(self) {
        let Some(wrote) = self.wrote.clone() else { return };
        loop {
            wrote.notified().await;
            let done = self
                .run(|conn| match conn {
                    DbConn::Sqlite(c) => sqlite::checkpoint(c),
                    DbConn::Pg(_) => Ok(()),
                })
                .await;
            if let Err(error) = done {
                tracing::warn!(%error, "checkpointing the SQLite log failed");
            }
            actix_web::rt::time::sleep(CHECKPOINT_PAUSE).await;
        }
    }

    /// Whether the database answers within [`READY_WAIT`] and, for SQLite,
    /// has room to write; the outage otherwise.
    pub async fn readiness(&self) -> Result<(), Outage> {
        let (pool, file) = (self.pool.clone(), self.sqlite_file.clone());
        web::block(move || {
            let mut conn = pool.get_timeout(READY_WAIT).map_err(|_| Outage::Unreachable)?;
            conn.batch_execute("SELECT 1")
                .map_err(|e| DbError::from(e).outage().unwrap_or(Outage::Unreachable))?;
            match file.as_deref().and_then(|f| sqlite::free_bytes(f)) {
                Some(free) if free < SQLITE_HEADROOM_BYTES => Err(Outage::StorageFull),
                _ => Ok(()),
            }
        })
        .await
        .map_err(|_| Outage::Unreachable)?
    }
}

/// The backend type of [`DbConn`], for boxed expressions.
pub type Backend = <DbConn as Connection>::Backend;

/// Runs `f` in a transaction that holds the write lock from its first
/// statement: `BEGIN IMMEDIATE` on SQLite (see the module's note), so work
/// that reads before it writes cannot fail on a stale snapshot. Transactions
/// opened inside `f` are savepoints.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            // The caller's error is the one to report; a failed rollback
            // leaves the connection marked broken, and the pool drops it
            // (`Manager::has_broken`).
            let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(Target::parse("postgres://u@h/db"), Target::Postgres("postgres://u@h/db".into()));
        assert_eq!(Target::parse("postgresql://h/db"), Target::Postgres("postgresql://h/db".into()));
        assert_eq!(Target::parse("sqlite://data/x.db"), Target::Sqlite("data/x.db".into()));
        assert_eq!(Target::parse("./data/solecheck.db"), Target::Sqlite("./data/solecheck.db".into()));
    }

    #[test]
    fn descriptions_hide_passwords() {
        let d = Target::parse("postgres://app:s3cret@db.internal:5432/solecheck").describe();
        assert_eq!(d, "postgres db.internal:5432/solecheck");
        assert!(!d.contains("s3cret"));
    }
}
