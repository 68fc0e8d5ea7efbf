//! SQLite's session settings, and the free space of its file system.

use std::path::Path;

use diesel::{Connection, connection::SimpleConnection, sqlite::SqliteConnection};

use super::DbError;

/// Opens a connection with the settings every session needs.
pub fn open(path: &str) -> Result<SqliteConnection, DbError> {
    let mut conn = SqliteConnection::establish(path)?;
    // busy_timeout first: the pragmas after it may already need a lock.
    // FULL syncs the log at each commit, so nothing acknowledged is lost on power loss.
    // The log is copied into the database by `checkpoint` after writes, off
    // the writer's path. Under steady writes those checkpoints never catch up
    // with the commit in flight, and only a commit that checkpoints itself
    // lets the log start again from its beginning: at SQLite's default of
    // 1,000 pages, after the task copied most of them, so the log stays near
    // 4 MB (at 10,000 it grew to 40 MB, and that commit's copy was the p99).
    conn.batch_execute(
        "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
         PRAGMA foreign_keys = ON; PRAGMA cache_size = -512; PRAGMA wal_autocheckpoint = 1000;",
    )?;
    Ok(conn)
}

/// Copies what the log holds into the database, as far as no reader still
/// needs it, without waiting for the writer or holding it up (`PASSIVE`).
/// Left to the commit that fills the log past 1,000 pages, this was up to a
/// third of the one writer's time under load, which every request queued
/// behind it waited for (perf, bench-api).
pub fn checkpoint(conn: &mut SqliteConnection) -> Result<(), DbError> {
    conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE)")?;
    Ok(())
}

/// Writes a consistent copy of the database at `path` to the new file `to`
/// with `VACUUM INTO`: one read snapshot, so writers carry on meanwhile.
pub fn copy_into(path: &str, to: &str) -> Result<(), DbError> {
    use diesel::{RunQueryDsl, sql_types::Text};
    let mut conn = open(path)?;
    diesel::sql_query("VACUUM INTO ?").bind::<Text, _>(to).execute(&mut conn)?;
    Ok(())
}

/// Bytes free to unprivileged writers on the file system holding `file`.
pub fn free_bytes(file: &Path) -> Option<u64> {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize))
}

#[cfg(test)]
mod tests {
    /// Writes reach the database file without a commit copying them there:
    /// the log is far below the 4 MB at which a commit would.
    #[actix_web::test]
    async fn the_log_is_copied_into_the_database_after_writes() {
        use diesel::{RunQueryDsl, sql_types::Text};

        use crate::db::{Db, Target};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("wal.db");
        let db = Db::connect(&Target::Sqlite(file.to_string_lossy().into_owned()), 2).unwrap();
        db.migrate().unwrap();
        let size = || std::fs::metadata(&file).unwrap().len();
        let before = size();
        actix_web::rt::spawn(db.clone().checkpoint_after_writes());
        for i in 0..50 {
            db.write(move |conn| {
                diesel::sql_query(
                    "INSERT INTO signing_keys (kid, secret, created_at) VALUES (?, ?, '2026-12-07 10:00:00')",
                )
                .bind::<Text, _>(format!("k{i}"))
                .bind::<Text, _>("s".repeat(2000))
                .execute(conn)
                .map_err(super::DbError::from)
            })
            .await
            .unwrap();
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while size() < before + 50 * 2000 {
            assert!(std::time::Instant::now() < deadline, "still {} bytes, from {before}", size());
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    #[test]
    fn free_space_is_read_for_the_file_system_of_the_database() {
        let dir = tempfile::tempdir().unwrap();
        assert!(super::free_bytes(&dir.path().join("x.db")).is_some_and(|free| free > 0));
        assert!(super::free_bytes(std::path::Path::new("relative.db")).is_some());
    }
}
