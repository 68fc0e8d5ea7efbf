//! The database layer: one connection type over SQLite and PostgreSQL, chosen at
//! run time by the URL, an r2d2 pool, embedded migrations, and [`Db::run`], the
//! only way the rest of the api touches diesel (always off the async runtime).
//!
//! Transactions that write start with their write: SQLite's deferred
//! transactions take the write lock at the first write, and a transaction that
//! read before that can fail at once (`SQLITE_BUSY`) if another connection wrote
//! in between, whatever the busy timeout. Writing first makes them wait instead.

pub mod assessments;
pub mod campaigns;
pub mod codes;
pub mod idempotency;
pub mod schema;
pub mod sessions;
pub mod staff;

use std::{path::Path, time::Duration};

use actix_web::web;
use diesel::{
    connection::SimpleConnection,
    pg::PgConnection,
    prelude::*,
    r2d2::{self, ManageConnection, Pool, PooledConnection},
    sqlite::SqliteConnection,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// A connection to either backend; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
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

/// Errors of the database layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("could not run migrations: {0}")]
    Migration(String),
    #[error("could not create the database folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("the database task was cancelled")]
    Cancelled,
}

/// Opens connections for r2d2, with the per-backend session settings.
#[derive(Debug)]
pub struct Manager(Target);

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        match &self.0 {
            Target::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)?;
                // busy_timeout first: the pragmas after it may already need a lock.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -512;",
                )?;
                Ok(DbConn::Sqlite(conn))
            }
            Target::Postgres(url) => Ok(DbConn::Pg(PgConnection::establish(url)?)),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        conn.batch_execute("SELECT 1").map_err(DbError::from)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
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
                .connection_timeout(Duration::from_secs(10))
                .build_unchecked(Manager(target.clone()))
        };
        let writer = matches!(target, Target::Sqlite(_)).then(|| build(1));
        Ok(Self { pool: build(max_size), writer })
    }

    /// A connection for blocking code (CLI, start-up).
    pub fn get(&self) -> Result<PooledConnection<Manager>, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs pending migrations. On PostgreSQL an advisory lock keeps several
    /// instances starting at once from racing each other.
    pub fn migrate(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.get()?;
        let applied = match &mut *conn {
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
        let pool = self.writer.clone().unwrap_or_else(|| self.pool.clone());
        web::block(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|_| E::from(DbError::Cancelled))?
    }

    /// True when a connection can be had and answers.
    pub async fn ping(&self) -> bool {
        self.run(|conn| conn.batch_execute("SELECT 1").map_err(DbError::from)).await.is_ok()
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
