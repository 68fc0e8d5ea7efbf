//! The pool's connections: opened with each backend's session settings,
//! probed only when they sat idle, dropped when broken.

use std::time::{Duration, Instant};

use diesel::{connection::SimpleConnection, pg::PgConnection, prelude::*, r2d2::ManageConnection};

use super::{DbConn, DbError, Target, sqlite};

/// How long after its last use a pooled connection is handed out again
/// without a `SELECT 1` first. That probe is a round trip to PostgreSQL
/// before every query, the price of finding a connection the server closed
/// while it sat idle; one that was fine a moment ago is trusted, as
/// HikariCP's `aliveBypassWindowMs` does. A connection that dies in use is
/// dropped on its return anyway: libpq then reports its transaction state as
/// unknown, which diesel counts as broken (`Manager::has_broken`).
const TRUSTED_FOR: Duration = Duration::from_millis(500);

/// A pooled connection and when it last went back to the pool in good order.
pub struct Pooled {
    conn: DbConn,
    returned: Instant,
}

impl std::ops::Deref for Pooled {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

/// Opens connections for r2d2, with the per-backend session settings.
#[derive(Debug)]
pub struct Manager(pub(super) Target);

impl ManageConnection for Manager {
    type Connection = Pooled;
    type Error = DbError;

    fn connect(&self) -> Result<Pooled, DbError> {
        let conn = match &self.0 {
            Target::Sqlite(path) => DbConn::Sqlite(sqlite::open(path)?),
            Target::Postgres(url) => DbConn::Pg(PgConnection::establish(url)?),
        };
        Ok(Pooled { conn, returned: Instant::now() })
    }

    /// Probes only a connection that sat idle longer than [`TRUSTED_FOR`].
    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), DbError> {
        if pooled.returned.elapsed() < TRUSTED_FOR {
            return Ok(());
        }
        pooled.conn.batch_execute("SELECT 1").map_err(DbError::from)
    }

    /// A connection left inside a transaction it could not end, or whose
    /// server went away, is dropped.
    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        use diesel::connection::TransactionManager;
        let broken =
            <DbConn as Connection>::TransactionManager::is_broken_transaction_manager(&mut pooled.conn);
        if !broken {
            pooled.returned = Instant::now();
        }
        broken
    }
}
