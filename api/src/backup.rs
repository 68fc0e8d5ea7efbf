//! `solecheck-api backup --to FILE`: a consistent copy of the SQLite
//! database while the server runs and takes writes.
//!
//! SQLite's `VACUUM INTO` reads one snapshot of the database, as any reader
//! does in WAL mode, so the server keeps writing meanwhile and the copy holds
//! every check committed before the copy began and none half-written. The
//! copy goes to a temporary name beside the target and gets the target's name
//! only once it is complete and on disk, so a crash or a full disk never
//! leaves a truncated backup under the name an operator trusts.

use std::{
    fs::File,
    path::{Path, PathBuf},
};

use crate::db::{self, DbError, Target};

/// Why a backup was not made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "this is a PostgreSQL database: back it up with pg_dump, for example \
         pg_dump --format=custom --file=solecheck.dump \"$DATABASE_URL\", and restore it with pg_restore"
    )]
    Postgres,
    #[error("there is no SQLite database at {0}")]
    NoDatabase(PathBuf),
    #[error("{0} already exists: pass --force to replace it")]
    Exists(PathBuf),
    #[error("the backup's path must be valid UTF-8: {0}")]
    NotUtf8(PathBuf),
    #[error("could not copy the database: {0}")]
    Db(#[from] DbError),
    #[error("could not write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_owned(), source }
}

/// A file that is removed when dropped, unless kept.
struct Partial(Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The temporary name a copy is written under: hidden, beside `to`, so the
/// last step is a rename within one file system.
fn partial_name(to: &Path) -> PathBuf {
    let name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    to.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Copies the SQLite database of `target` to `to`; its size in bytes.
/// Refuses to replace an existing `to` unless `force`.
pub fn backup(target: &Target, to: &Path, force: bool) -> Result<u64, BackupError> {
    let Target::Sqlite(from) = target else { return Err(BackupError::Postgres) };
    // Opening a missing file would create an empty database, and back that up.
    if !Path::new(from).is_file() {
        return Err(BackupError::NoDatabase(PathBuf::from(from)));
    }
    if !force && to.symlink_metadata().is_ok() {
        return Err(BackupError::Exists(to.to_owned()));
    }
    let partial = partial_name(to);
    let Some(partial_text) = partial.to_str() else { return Err(BackupError::NotUtf8(to.to_owned())) };
    match std::fs::remove_file(&partial) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(io_error(&partial)(error)),
        _ => {}
    }
    let mut guard = Partial(Some(partial.clone()));
    db::copy_sqlite(from, partial_text)?;
    let file = File::open(&partial).map_err(io_error(&partial))?;
    file.sync_all().map_err(io_error(&partial))?;
    let bytes = file.metadata().map_err(io_error(&partial))?.len();
    if force {
        std::fs::rename(&partial, to).map_err(io_error(to))?;
    } else {
        // A link fails when `to` appeared meanwhile, where a rename would
        // silently replace it.
        std::fs::hard_link(&partial, to).map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => BackupError::Exists(to.to_owned()),
            _ => io_error(to)(error),
        })?;
        std::fs::remove_file(&partial).map_err(io_error(&partial))?;
    }
    guard.0 = None;
    // The new name is on disk only once its folder is.
    let dir = to.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(dir).and_then(|d| d.sync_all()).map_err(io_error(dir))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_written_beside_the_target_under_a_hidden_name() {
        let partial = partial_name(Path::new("/var/backups/solecheck-2026-12-03.db"));
        assert_eq!(partial.parent(), Some(Path::new("/var/backups")));
        let name = partial.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".solecheck-2026-12-03.db.partial-"), "{name}");
    }

    #[test]
    fn postgres_is_sent_to_pg_dump_and_a_missing_database_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("copy.db");
        let pg = Target::Postgres("postgres://db.example/solecheck".into());
        let refused = backup(&pg, &to, false).unwrap_err();
        assert!(matches!(refused, BackupError::Postgres) && refused.to_string().contains("pg_dump"));
        let missing = dir.path().join("missing.db");
        let refused = backup(&Target::Sqlite(missing.to_string_lossy().into_owned()), &to, false);
        assert!(matches!(refused, Err(BackupError::NoDatabase(_))));
        assert!(!missing.exists() && !to.exists());
    }
}
