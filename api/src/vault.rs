//! The key that seals what the database must keep but must not give away:
//! the seeds of staff two-step sign-in and the keys that sign staff tokens.
//! It lives in a file of its own
//! (`SOLECHECK_KEY_FILE`), never in the database, so a copy of the database
//! or of its backups alone can neither make sign-in codes nor sign a staff
//! token. Every process that
//! serves the same database needs the same file.
//!
//! The file holds 32 random bytes as base64 and is made on first start
//! (mode 0600), written under a temporary name and linked into place, so two
//! processes starting together end up with the one key.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use base64::{Engine, engine::general_purpose::STANDARD};
use chacha20poly1305::{
    ChaCha20Poly1305, Key, Nonce,
    aead::{Aead, KeyInit, Payload},
};

const NONCE_LEN: usize = 12;
/// What every sealed value starts with (base64 alone never holds a `.`).
pub const SEALED_PREFIX: &str = "v1.";

/// Why the key file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the key file {path} cannot be read or made: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the key file {0} does not hold a key (32 bytes as base64); restore the right file")]
    NotAKey(PathBuf),
    #[error("no randomness for a new key: {0}")]
    Random(#[from] getrandom::Error),
    #[error("a sealed value does not open with this key file (another file, or a changed row)")]
    Open,
    #[error("a value could not be sealed")]
    Seal,
}

/// The at-rest key of this process.
#[derive(Clone)]
pub struct Vault {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

/// Where the key file goes when `SOLECHECK_KEY_FILE` is not set: beside a
/// SQLite database, else `./data/solecheck.key`.
pub fn default_path(database_url: &str) -> PathBuf {
    match crate::db::Target::parse(database_url) {
        crate::db::Target::Sqlite(file) => {
            Path::new(&file).parent().unwrap_or_else(|| Path::new(".")).join("solecheck.key")
        }
        crate::db::Target::Postgres(_) => PathBuf::from("./data/solecheck.key"),
    }
}

impl Vault {
    /// Reads the key at `path`, making it first when there is none.
    pub fn open_or_create(path: &Path) -> Result<Self, VaultError> {
        let io = |source| VaultError::Io { path: path.to_owned(), source };
        if !path.exists() {
            create(path).map_err(|e| match e {
                VaultError::Io { source, .. } => io(source),
                other => other,
            })?;
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        let bytes = STANDARD.decode(text.trim()).map_err(|_| VaultError::NotAKey(path.to_owned()))?;
        let key = <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| VaultError::NotAKey(path.to_owned()))?;
        Ok(Self::from_key(key))
    }

    /// A vault of a known key (tests).
    pub fn from_key(key: [u8; 32]) -> Self {
        Self { cipher: ChaCha20Poly1305::new(&Key::from(key)) }
    }

    /// `secret` sealed and bound to `context` (what it belongs to), as text.
    pub fn seal(&self, secret: &[u8], context: &str) -> Result<String, VaultError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce)?;
        let payload = Payload { msg: secret, aad: context.as_bytes() };
        let sealed = self.cipher.encrypt(&Nonce::from(nonce), payload).map_err(|_| VaultError::Seal)?;
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        Ok(format!("{SEALED_PREFIX}{}", STANDARD.encode(bytes)))
    }

    /// What [`Vault::seal`] sealed for the same `context`.
    pub fn open(&self, sealed: &str, context: &str) -> Result<Vec<u8>, VaultError> {
        let bytes = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| STANDARD.decode(b).ok())
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or(VaultError::Open)?;
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::from(<[u8; NONCE_LEN]>::try_from(nonce).map_err(|_| VaultError::Open)?);
        self.cipher
            .decrypt(&nonce, Payload { msg: sealed, aad: context.as_bytes() })
            .map_err(|_| VaultError::Open)
    }
}

/// Writes a new key under a temporary name, then links it into place: if
/// another process got there first, its key stands and this one is dropped.
fn create(path: &Path) -> Result<(), VaultError> {
    let io = |source| VaultError::Io { path: path.to_owned(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key)?;
    let temporary = path.with_extension(format!("new-{}", uuid::Uuid::new_v4().simple()));
    let written = (|| {
        let mut file = open_private(&temporary)?;
        file.write_all(STANDARD.encode(key).as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        match std::fs::hard_link(&temporary, path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            other => other,
        }
    })();
    let _ = std::fs::remove_file(&temporary);
    written.map_err(io)?;
    tracing::warn!(key_file = %path.display(), "made a new key file for secrets at rest; back it up apart from the database");
    Ok(())
}

#[cfg(unix)]
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("solecheck.key");
        let first = Vault::open_or_create(&path).unwrap();
        let sealed = first.seal(b"seed bytes", "totp:a").unwrap();
        let again = Vault::open_or_create(&path).unwrap();
        assert_eq!(again.open(&sealed, "totp:a").unwrap(), b"seed bytes");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // Only the key file remains in the folder.
        assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_context() {
        let vault = Vault::from_key([7; 32]);
        let sealed = vault.seal(b"seed", "totp:a").unwrap();
        assert!(!sealed.contains("seed"));
        assert!(matches!(vault.open(&sealed, "totp:b"), Err(VaultError::Open)));
        assert!(matches!(Vault::from_key([8; 32]).open(&sealed, "totp:a"), Err(VaultError::Open)));
        assert!(matches!(vault.open("v1.bm90IHNlYWxlZA", "totp:a"), Err(VaultError::Open)));
    }

    #[test]
    fn a_file_without_a_key_stops_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("solecheck.key");
        std::fs::write(&path, "not a key\n").unwrap();
        assert!(matches!(Vault::open_or_create(&path), Err(VaultError::NotAKey(_))));
    }

    #[test]
    fn the_default_sits_beside_a_sqlite_database() {
        assert_eq!(
            default_path("/var/lib/solecheck/solecheck.db"),
            Path::new("/var/lib/solecheck/solecheck.key")
        );
        assert_eq!(default_path("postgres://u@h/db"), Path::new("./data/solecheck.key"));
    }
}
