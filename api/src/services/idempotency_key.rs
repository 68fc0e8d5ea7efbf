//! The `Idempotency-Key` a client sends, and what the database keeps of it.
//!
//! A kept reply must let a retry get the visitor's token back, but a copy of
//! the database alone must give nothing: not the key (which would replay the
//! reply), not the token (which opens the check). So the database keeps
//! neither. From the key, HKDF-SHA256 derives two independent values:
//! - the *lookup*, under which the reply is found (so the key itself is not
//!   stored, and the lookup cannot be turned back into it);
//! - a ChaCha20-Poly1305 key that seals the token, bound to the check's id.
//!
//! A retry sends the key again, which finds and opens the reply. Neither
//! value can be turned back into a key that is hard to guess: the mobile app
//! sends a random UUID (122 bits); the widget's key (`widget/src/app.rs`) is
//! a UUIDv7, 74 bits from `crypto.getRandomValues` after its time. A
//! guessable key weakens only its own kept reply, for the 24 hours it is kept.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chacha20poly1305::{
    ChaCha20Poly1305, Key, Nonce,
    aead::{Aead, KeyInit, Payload},
};
use hkdf::Hkdf;
use sha2::Sha256;

use crate::{
    db::{
        self, DbConn,
        idempotency::{self, IdempotencyRow},
        upkeep,
    },
    error::ApiError,
};

/// Longest accepted `Idempotency-Key`.
pub const MAX_LEN: usize = 200;
/// HKDF's salt: fixed, so the same key always finds its reply.
const SALT: &[u8] = b"solecheck idempotency-key v1";
/// Marks a sealed token's format, so another one can follow.
const SEALED_PREFIX: &str = "v1.";
const NONCE_LEN: usize = 12;
/// Unsealed replies sealed per transaction at start.
const SEAL_BATCH: i64 = 500;

/// Why a kept reply could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
enum SealError {
    #[error("sealing a kept reply failed")]
    Seal,
    #[error("a kept reply does not open with its key")]
    Open,
}

/// A valid `Idempotency-Key` header value, with HKDF's key extracted from it
/// once for the two values derived per request.
#[derive(Clone)]
pub struct IdempotencyKey {
    key: String,
    hkdf: Hkdf<Sha256>,
}

impl std::fmt::Debug for IdempotencyKey {
    // It can replay a visitor's reply: never in a log or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdempotencyKey(..)")
    }
}

impl IdempotencyKey {
    /// Validates a header value: 1 to [`MAX_LEN`] visible ASCII characters.
    pub fn parse(value: &str) -> Result<Self, ApiError> {
        let ok = !value.is_empty() && value.len() <= MAX_LEN && value.bytes().all(|b| b.is_ascii_graphic());
        if ok {
            let hkdf = Hkdf::new(Some(SALT), value.as_bytes());
            Ok(Self { key: value.to_owned(), hkdf })
        } else {
            Err(ApiError::BadRequest(format!(
                "Idempotency-Key must be 1 to {MAX_LEN} visible ASCII characters"
            )))
        }
    }

    fn derive(&self, purpose: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 255 * 32, so this cannot fail.
        let _ = self.hkdf.expand(purpose, &mut out);
        out
    }

    /// What the database keeps to find this key's reply: HKDF's value in 64
    /// hex digits, after the key's own time when it is a UUIDv7.
    ///
    /// A UUIDv7 (what the widget sends, and what the API reference asks of
    /// apps) begins with the millisecond it was made. That time is no secret,
    /// since the row keeps its own `created_at`, and leading with it puts each
    /// new reply next to the last one in the lookup's index. Derived values
    /// alone are random, so every keyed check landed on a page of its own and
    /// each group commit wrote one page per check (half the keyed posts SQLite
    /// could take). Any other key still works: its lookup is random.
    pub fn lookup(&self) -> String {
        let derived = self.derived_lookup();
        match self.made_at() {
            Some(millis) => format!("{millis:012x}{derived}"),
            None => derived,
        }
    }

    fn derived_lookup(&self) -> String {
        hex::encode(self.derive(b"lookup"))
    }

    /// The Unix millisecond a hyphenated UUIDv7 key was made, read from its
    /// first 48 bits.
    fn made_at(&self) -> Option<u64> {
        if self.key.len() != 36 {
            return None;
        }
        let uuid = uuid::Uuid::try_parse(&self.key).ok()?;
        if uuid.get_version() != Some(uuid::Version::SortRand) {
            return None;
        }
        let b = uuid.as_bytes();
        Some(u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]]))
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(&Key::from(self.derive(b"seal token")))
    }

    /// `token` sealed for this key and the check `assessment_id`.
    pub fn seal(&self, token: &str, assessment_id: &str) -> Result<String, ApiError> {
        let nonce = super::secrets::random_bytes::<NONCE_LEN>();
        let payload = Payload { msg: token.as_bytes(), aad: assessment_id.as_bytes() };
        let sealed = self
            .cipher()
            .encrypt(&Nonce::from(nonce), payload)
            .map_err(|_| ApiError::internal(SealError::Seal))?;
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        Ok(format!("{SEALED_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The token [`IdempotencyKey::seal`] sealed for this key and check.
    /// Only a bug or a changed row can make it fail, so that is an internal error.
    pub fn open(&self, sealed: &str, assessment_id: &str) -> Result<String, ApiError> {
        let broken = || ApiError::internal(SealError::Open);
        let bytes = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or_else(broken)?;
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::from(<[u8; NONCE_LEN]>::try_from(nonce).map_err(|_| broken())?);
        let payload = Payload { msg: sealed, aad: assessment_id.as_bytes() };
        let token = self.cipher().decrypt(&nonce, payload).map_err(|_| broken())?;
        String::from_utf8(token).map_err(|_| broken())
    }
}

/// Seals the replies an earlier version kept as sent (migration 11 moved them
/// to `unsealed_replies`); how many. Runs at start, before the server answers,
/// so a retry finds its reply; in batches under the upkeep lock, waiting for
/// it, so processes starting together seal each reply once.
pub fn seal_unsealed(conn: &mut DbConn) -> Result<usize, ApiError> {
    let mut total = 0;
    loop {
        let sealed = db::write_transaction(conn, |conn| {
            upkeep::lock(conn)?;
            let old = idempotency::unsealed(conn, SEAL_BATCH)?;
            let mut rows = Vec::with_capacity(old.len());
            for row in &old {
                // Earlier versions checked keys the same way; one that fails
                // now could never be sent again, so it is dropped.
                let Ok(key) = IdempotencyKey::parse(&row.idempotency_key) else { continue };
                rows.push(IdempotencyRow {
                    key_lookup: key.lookup(),
                    request_hash: row.request_hash.clone(),
                    assessment_id: row.assessment_id.clone(),
                    sealed_token: row
                        .token
                        .as_deref()
                        .map(|t| key.seal(t, &row.assessment_id))
                        .transpose()?,
                    created_at: row.created_at,
                });
            }
            let keys: Vec<String> = old.into_iter().map(|row| row.idempotency_key).collect();
            idempotency::replace_unsealed(conn, &keys, &rows)?;
            Ok::<_, ApiError>(keys.len())
        })?;
        total += sealed;
        if i64::try_from(sealed).unwrap_or(i64::MAX) < SEAL_BATCH {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{IdempotencyKey, MAX_LEN};

    fn key(value: &str) -> IdempotencyKey {
        IdempotencyKey::parse(value).unwrap()
    }

    #[test]
    fn keys_are_visible_ascii_of_bounded_length() {
        for bad in ["", "with space", "tab\t", "é", &"k".repeat(MAX_LEN + 1)] {
            assert!(IdempotencyKey::parse(bad).is_err(), "{bad:?}");
        }
        assert!(IdempotencyKey::parse(&"k".repeat(MAX_LEN)).is_ok());
        assert_eq!(format!("{:?}", key("secret-key")), "IdempotencyKey(..)");
    }

    #[test]
    fn the_lookup_is_stable_and_neither_the_key_nor_its_plain_hash() {
        let a = key("3f2c1e0a-7b7e-4d61-9a51-1d2f0c9b8e77");
        assert_eq!(a.lookup(), key("3f2c1e0a-7b7e-4d61-9a51-1d2f0c9b8e77").lookup());
        assert_ne!(a.lookup(), key("3f2c1e0a-7b7e-4d61-9a51-1d2f0c9b8e78").lookup());
        assert_eq!(a.lookup().len(), 64);
        assert_ne!(a.lookup(), crate::services::secrets::sha256_hex("3f2c1e0a-7b7e-4d61-9a51-1d2f0c9b8e77"));
    }

    #[test]
    fn a_uuidv7_key_is_found_under_its_time_then_the_derived_value() {
        let (a, b) =
            (key("019af3c2-5b10-7cc4-9a51-1d2f0c9b8e77"), key("019af3c2-5b11-7000-8000-000000000000"));
        let (lookup, derived) = (a.lookup(), a.derived_lookup());
        assert_eq!(lookup, format!("019af3c25b10{derived}"), "the key's 48 bits of time lead");
        assert_eq!(derived.len(), 64);
        assert!(a.lookup() < b.lookup(), "a key made a millisecond later sorts after");
        // Not a hyphenated UUIDv7: the derived value alone, as before.
        for other in [
            "3f2c1e0a-7b7e-4d61-9a51-1d2f0c9b8e77",
            "019af3c25b107cc49a511d2f0c9b8e77",
            "{019af3c2-5b10-7cc4-9a51-1d2f0c9b8e77}",
            "widget-019af3c25b107cc49a511d2f0c9b8e",
        ] {
            let other = key(other);
            assert_eq!((other.lookup().len(), other.lookup()), (64, other.derived_lookup()));
        }
    }

    #[test]
    fn a_sealed_token_opens_only_with_its_key_and_check() {
        let (a, b) = (key("key-a"), key("key-b"));
        let sealed = a.seal("sct_token", "check-1").unwrap();
        assert!(sealed.starts_with("v1.") && !sealed.contains("sct_token"));
        assert_ne!(sealed, a.seal("sct_token", "check-1").unwrap(), "a fresh nonce each time");
        assert_eq!(a.open(&sealed, "check-1").unwrap(), "sct_token");
        assert!(b.open(&sealed, "check-1").is_err(), "another key");
        assert!(a.open(&sealed, "check-2").is_err(), "another check");
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(a.open(std::str::from_utf8(&tampered).unwrap(), "check-1").is_err());
        assert!(a.open("sct_token", "check-1").is_err(), "not sealed at all");
    }
}
