//! What can go wrong in the database layer, and which failures are outages
//! (an honest 503) rather than faults of ours.

use diesel::r2d2;

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

/// What a failed database call means for the client: the database cannot be
/// reached (or no connection came in time), or it has no room to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    Unreachable,
    StorageFull,
}

impl DbError {
    /// The outage behind this error, if it is one rather than a fault of ours.
    pub fn outage(&self) -> Option<Outage> {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            Self::Pool(_) | Self::Connection(_) => Some(Outage::Unreachable),
            Self::Query(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)) => {
                Some(Outage::Unreachable)
            }
            Self::Query(Error::DatabaseError(_, info)) => outage_in(info.message()),
            Self::Io(error) if error.kind() == std::io::ErrorKind::StorageFull => Some(Outage::StorageFull),
            _ => None,
        }
    }
}

/// Reads an outage from a driver's message: diesel passes SQLite's result
/// codes and PostgreSQL's SQLSTATEs of these cases on as text only.
fn outage_in(message: &str) -> Option<Outage> {
    const FULL: [&str; 2] = [
        "database or disk is full", // SQLITE_FULL
        "No space left on device",  // PostgreSQL 53100 (disk_full), ENOSPC
    ];
    const GONE: [&str; 5] = [
        "terminating connection", // PostgreSQL 57P01 (admin_shutdown), pg_terminate_backend
        "server closed the connection",
        "no connection to the server",
        "could not receive data from server",
        "could not send data to server",
    ];
    if FULL.iter().any(|m| message.contains(m)) {
        Some(Outage::StorageFull)
    } else if GONE.iter().any(|m| message.contains(m)) {
        Some(Outage::Unreachable)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{Outage, outage_in};

    #[test]
    fn driver_messages_name_their_outage() {
        assert_eq!(outage_in("database or disk is full"), Some(Outage::StorageFull));
        assert_eq!(
            outage_in("could not extend file \"base/1/2\": No space left on device"),
            Some(Outage::StorageFull)
        );
        assert_eq!(
            outage_in("terminating connection due to administrator command"),
            Some(Outage::Unreachable)
        );
        assert_eq!(outage_in("server closed the connection unexpectedly"), Some(Outage::Unreachable));
        assert_eq!(outage_in("UNIQUE constraint failed: staff.email"), None);
    }
}
